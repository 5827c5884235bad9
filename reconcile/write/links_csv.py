"""links.csv for `reconcile match`: one row per link (or per scored candidate pair)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reconcile.link.linker import Linked
from reconcile.link.rows import Parts
from reconcile.model import IndRecord, LinkStatus, PairScore, PrisonRecord, birth
from reconcile.write.safe import atomic_write, csv_safe
from reconcile.write.views import explain

# The explanation of a record linked as another record of the person linked (not compared
# with the left row itself: its level columns read "not compared").
NOT_COMPARED = "not compared itself: another record of the person linked"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return csv_safe(str(value))


def _number(value: object) -> str:
    """A weight or probability in plain decimals, as a reader and a spreadsheet both take it
    at a glance: 0.000011, not 1.1e-05 (the rows' numbers come rounded to 6 places at most)."""
    if not isinstance(value, int | float):
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


class _Fragments:
    """Parts of a row as CSV text (quoted as csv.writer quotes them), each recurring part
    encoded once."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="")
        self.memo: dict[int, tuple[Sequence[object], str]] = {}

    def encode(self, values: Sequence[str]) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(values)
        return self.buffer.getvalue()

    def explanation(self, score: PairScore | None) -> str:
        """The pair's evidence in words, quoted as csv.writer quotes it."""
        return self.encode([explain(score) if score is not None else NOT_COMPARED])

    def of(self, part: Sequence[object]) -> str:
        known = self.memo.get(id(part))
        if known is None or known[0] is not part:  # the id of a part no longer alive
            known = (part, self.encode([_text(v) for v in part]))
            self.memo[id(part)] = known
        return known[1]


@dataclass
class LinkCounts:
    """The rows of each list a links file links, by each row's own columns (file, sheet,
    row, ...): for the summary's control totals."""

    left_linked: set[Sequence[object]] = field(default_factory=set)
    right_linked: set[Sequence[object]] = field(default_factory=set)

    def add(self, left: Sequence[object], right: Sequence[object], status: object) -> None:
        if status == "linked":
            self.left_linked.add(left)
            self.right_linked.add(right)


def write_links_csv(
    path: Path,
    columns: Sequence[str],
    rows: Iterable[Parts],
    mode: int = 0o600,
    counts: LinkCounts | None = None,
) -> int:
    """Write the rows as RFC 4180 CSV (CRLF line ends), atomically, as they come; return how
    many were written. Each row comes in parts (values in the order of ``columns`` when
    joined); the third part holds numbers and is formatted afresh, the fifth is the pair's
    score, put in words as the last column (reconcile.write.views.explain), every other part
    recurs as the same object (a record's own columns, a combination of labels) and is
    encoded once. ``counts``, when given, gathers the rows of each list linked (by the status,
    the last value of the fourth part)."""
    count = 0
    text = _Fragments()
    with atomic_write(path, mode) as tmp, tmp.open("w", newline="", encoding="utf-8") as fh:
        fh.write(text.encode(list(columns)) + "\r\n")
        for parts in rows:
            left, right, numbers, labels, score = parts
            line = (
                text.of(left),
                text.of(right),
                ",".join([_number(v) for v in numbers]),
                text.of(labels),
                text.explanation(score),
            )
            fh.write(",".join(line) + "\r\n")
            count += 1
            if counts is not None and parts[3][-1] != "candidate":
                counts.add(parts[0], parts[1], parts[3][-1])
    return count


# The file of rows not linked (`reconcile match --unlinked`): every row of either list that no
# link accounts for, with the best candidate the linker weighed for it, so that each row of both
# lists is either in the links file or here.
UNLINKED_COLUMNS: tuple[str, ...] = (
    "list",
    "file",
    "sheet",
    "row",
    "case_ref",
    "prison_number",
    "surname",
    "forenames",
    "name_as_given",
    "dob",
    "status",
    "best_candidate_file",
    "best_candidate_sheet",
    "best_candidate_row",
    "best_candidate_probability",
    "explanation",
)
NO_CANDIDATE = "no_candidate"
_NOTHING_NEAR = "no row of the {other} list was near enough to weigh against this row"


def _best_by_right(linked: Linked, n_right: int) -> list[int]:
    """Per row of the second list, the scored pair of highest probability it is in (the
    earliest row of the first list on a tie), or -1 when it is in none."""
    scored = linked.scored
    best = [-1] * n_right
    if len(scored.ind):
        order = np.lexsort((scored.prison, -scored.probability, scored.ind))
        ind = scored.ind[order]
        first = np.flatnonzero(np.r_[True, ind[1:] != ind[:-1]])
        for k in first.tolist():
            best[int(ind[k])] = int(order[k])
    return best


def unlinked_rows(
    left: Sequence[PrisonRecord], right: Sequence[IndRecord], linked: Linked
) -> list[tuple[object, ...]]:
    """The rows of both lists not linked, the first list's in its order then the second's, in
    UNLINKED_COLUMNS order: a first-list row held for review (needs_review), weighed but not
    good enough (no_link) or with no candidate; a second-list row that is a candidate of a
    first-list row held for review (needs_review), weighed but not linked (no_link) or never
    weighed; each with its best candidate and that pair's evidence in words."""
    decisions = linked.result.decisions
    out: list[tuple[object, ...]] = []

    def own(side: str, record: PrisonRecord | IndRecord, case_ref: str) -> tuple[object, ...]:
        prov = record.prov
        return (
            side,
            prov.file,
            prov.sheet,
            prov.row,
            case_ref,
            record.prison_number or "",
            record.surname,
            record.forenames,
            record.name_as_given or "",
            birth(record),
        )

    def candidate(
        other: PrisonRecord | IndRecord, score: PairScore, note: str = ""
    ) -> tuple[object, ...]:
        prov = other.prov
        return (prov.file, prov.sheet, prov.row, score.probability, explain(score) + note)

    none = ("", "", "", None)
    for d in decisions:
        if d.status == LinkStatus.LINKED:
            continue
        record = left[d.prison_idx]
        if d.best is None:
            tail: tuple[object, ...] = (NO_CANDIDATE, *none, _NOTHING_NEAR.format(other="second"))
        elif d.best.prison_idx != d.prison_idx:  # weighed as another record of its person
            through = left[d.best.prison_idx].prov.ref
            found = candidate(right[d.best.ind_idx], d.best)
            words = f"weighed through {through} of this list, another record of the person: "
            tail = (d.status.value, *found[:-1], words + str(found[-1]))
        else:
            tail = (d.status.value, *candidate(right[d.best.ind_idx], d.best))
        out.append((*own("first", record, ""), *tail))

    linked_to: set[int] = set()
    rights_of: dict[int, tuple[int, ...]] = {}  # first-list row -> the rows it is linked to
    review: dict[int, tuple[int, PairScore]] = {}
    for d in decisions:
        if d.status == LinkStatus.LINKED:
            linked_to.update(d.ind_idxs)
            rights_of[d.prison_idx] = d.ind_idxs
        elif d.status == LinkStatus.REVIEW:
            for score in (d.best, d.runner_up, *d.candidates):
                if score is not None:
                    review.setdefault(score.ind_idx, (d.prison_idx, score))
    best = _best_by_right(linked, len(right))
    for i, case in enumerate(right):
        if i in linked_to:
            continue
        mine = own("second", case, case.case_ref)
        if i in review:
            p, score = review[i]
            out.append((*mine, LinkStatus.REVIEW.value, *candidate(left[p], score)))
        elif best[i] >= 0:
            score = linked.scored.pair(best[i])
            p = score.prison_idx
            note = ""
            if p in rights_of:
                rows = ", ".join(right[j].prov.ref for j in rights_of[p])
                note = f"; that row is linked to {rows} of this list"
            out.append((*mine, LinkStatus.NONE.value, *candidate(left[p], score, note)))
        else:
            out.append((*mine, NO_CANDIDATE, *none, _NOTHING_NEAR.format(other="first")))
    return out


def write_unlinked_csv(path: Path, rows: Iterable[Sequence[object]], mode: int = 0o600) -> int:
    """Write the rows not linked (UNLINKED_COLUMNS) as RFC 4180 CSV, atomically; return how
    many were written."""
    count = 0
    with atomic_write(path, mode) as tmp, tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(UNLINKED_COLUMNS)
        for row in rows:
            *values, probability, words = row
            writer.writerow([*(_text(v) for v in values), _probability(probability), words])
            count += 1
    return count


def _probability(value: object) -> str:
    """A probability as the links file shows it: 6 places, never a certain 1 nor a 0."""
    if not isinstance(value, int | float):
        return ""
    shown = min(max(round(float(value), 6), 0.000001), 0.999999) if 0 < value < 1 else value
    return _number(shown)
