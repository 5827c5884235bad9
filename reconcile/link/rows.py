"""Rows for `reconcile match`: one per link, or one per scored candidate pair.

Rows are made as they are written (a national run has millions of candidate pairs): each
record's own columns once per record, the pairs' weights, probabilities and levels from the
linker's arrays, and each pair's score (its fields' levels and weights) for the writer to put
in words as the last column, EXPLANATION.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from reconcile.link.aliases import ALIAS_BITS, birth_note, name_note, noted, number_note
from reconcile.link.claims import FIELD as CLAIM_FIELD
from reconcile.link.claims import LEVELS as CLAIM_LEVELS
from reconcile.link.compare import DOB, FIELDS, NAME, NUMBER
from reconcile.link.config import LinkerConfig
from reconcile.link.distinct import unique_inverse
from reconcile.link.features import IntArray
from reconcile.link.linker import Linked, link
from reconcile.link.training import across_lists, model_sources
from reconcile.model import IndRecord, LinkStatus, PairScore, PrisonRecord, birth

COLUMNS: tuple[str, ...] = (
    "left_file",
    "left_sheet",
    "left_row",
    "left_prison_number",
    "left_surname",
    "left_forenames",
    "left_name_as_given",
    "left_dob",
    "right_file",
    "right_sheet",
    "right_row",
    "right_case_ref",
    "right_prison_number",
    "right_surname",
    "right_forenames",
    "right_name_as_given",
    "right_dob",
    "weight",
    "probability",
    *(f"{spec.name}_level" for spec in FIELDS),
    f"{CLAIM_FIELD}_level",  # weighed in the linker's second round, else empty
    "status",
)

# The last column of the file: the pair's evidence in words, from its starting weight through
# each field's level and weight to its total (reconcile.write.views.explain words it).
EXPLANATION = "explanation"

Row = tuple[object, ...]
# A row as four parts, in COLUMNS order when joined: the left record's columns, the right
# record's, the pair's weight and probability, and its level labels and status. All but the
# numbers recur as the very same tuple object (per record; per combination of labels), so a
# writer converts each once. Then the pair's score, for EXPLANATION (None for a record linked
# as another record of the person linked, not compared itself).
Parts = tuple[Row, Row, Row, Row, PairScore | None]
_NOT_COMPARED = ("not compared",) * (len(FIELDS) + 1)
_CLAIM_LABELS = ("", *CLAIM_LEVELS)  # by claim level + 1 (NOT_WEIGHED is -1)
NOT_WEIGHED = "not weighed"  # the level shown for a field switched off in the config
_NAME_AT, _DOB_AT, _NUMBER_AT = FIELDS.index(NAME), FIELDS.index(DOB), FIELDS.index(NUMBER)


def _field_labels(
    unweighed: Sequence[int], said: dict[int, str] | None = None
) -> list[npt.NDArray[np.object_]]:
    """Each field's level labels; a field switched off reads "not weighed" at every level
    (or what ``said`` gives for it: why it is not weighed)."""
    said = said or {}
    return [
        np.asarray(
            [said.get(f, NOT_WEIGHED)] * len(spec.labels) if f in unweighed else spec.labels,
            dtype=object,
        )
        for f, spec in enumerate(FIELDS)
    ]


SIDES = ("first", "second")  # how the model's sources name the two lists


def _said(linked: Linked) -> dict[int, str]:
    """The level of each field not weighed because a list holds none of it, as the model's
    m_source says it ("not weighed: the second list has no prison number"; the PNC / CRO
    field weighed within one list only: "not weighed: the second list has no PNC ID or CRO
    number"); the date of birth's says what decides instead. Other fields not weighed read
    "not weighed"."""
    sources = model_sources(linked.result.parameters)
    said: dict[int, str] = {}
    for f in linked.scored.unweighed:
        # The PNC / CRO field weighed within a list only is not weighed across the lists.
        across = across_lists(sources.get(FIELDS[f].name, ""))
        if across.startswith(f"{NOT_WEIGHED}: "):
            said[f] = across
    if _DOB_AT in said:
        said[_DOB_AT] += ", so names and identifiers alone decide"
    return said


class MatchRows:
    """The rows in COLUMNS order, as Parts, made afresh each time they are iterated; the
    file's columns are COLUMNS and EXPLANATION."""

    columns = (*COLUMNS, EXPLANATION)

    def __init__(
        self,
        count: int,
        make: Callable[[], Iterator[Parts]],
        decided: dict[str, int],
        linked: Linked | None = None,
    ) -> None:
        self._count, self._make = count, make
        # How many rows of the first list the linker decided each way (LinkStatus values):
        # linked, held for review, not linked.
        self.decided = decided
        # The linker's decisions and scored pairs, for the rows of each list not linked.
        self.linked = linked

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Parts]:
        return self._make()

    def as_dicts(self) -> list[dict[str, object]]:
        """The rows by COLUMNS (the pair's score, for EXPLANATION, left out)."""
        return [dict(zip(COLUMNS, (*a, *b, *c, *d), strict=True)) for a, b, c, d, _ in self]


def _own(record: PrisonRecord | IndRecord, ids: tuple[str, ...]) -> Row:
    """A record's own columns: where it is, its identifiers (``ids``), name (as compared, and
    as the list gives it where that differs) and birth."""
    prov = record.prov
    names = (record.surname, record.forenames, record.name_as_given or "")
    return (prov.file, prov.sheet, prov.row, *ids, *names, birth(record))


_STATUSES: tuple[str, ...] = (*(s.value for s in LinkStatus), "candidate")


def _numbers(linked: Linked) -> tuple[list[float], list[float]]:
    """Per candidate pair: weight to 3 places, probability to 6 (one short of certainty
    0.999999, never a certain 1; one above nought 0.000001)."""
    scored = linked.scored
    p = scored.probability
    shown = np.round(p, 6)
    shown = np.where((shown >= 1) & (p < 1), 0.999999, shown)
    shown = np.where((shown <= 0) & (p > 0), 0.000001, shown)
    return np.round(scored.scores.weight, 3).tolist(), shown.tolist()


def _labels(
    levels: npt.NDArray[np.int8],
    status: IntArray,
    unweighed: Sequence[int] = (),
    claim: npt.NDArray[np.int8] | None = None,
    alias: npt.NDArray[np.int8] | None = None,
    said: dict[int, str] | None = None,
) -> tuple[list[Row], IntArray]:
    """The distinct (level labels..., claim label, status) tuples, and each pair's index among
    them: one tuple object per combination, so a writer converts each once. ``alias``: what
    each pair compared besides the records' own names, dates of birth and prison numbers
    (bits of reconcile.link.aliases), said in those fields' labels."""
    labels = _field_labels(unweighed, said)
    code = status.astype(np.int64)
    for f in range(len(FIELDS)):
        code = code * 16 + levels[:, f]
    code = code * 4 + (1 + (claim if claim is not None else np.full(len(code), -1)))
    code = code * ALIAS_BITS + (alias if alias is not None else 0)
    uniq, inverse = unique_inverse(code)
    table: list[Row] = []
    for c in uniq.tolist():
        compared = c % ALIAS_BITS
        c //= ALIAS_BITS
        claimed = _CLAIM_LABELS[c % 4]
        c //= 4
        parts = []
        for f in reversed(range(len(FIELDS))):
            parts.append(labels[f][c % 16])
            c //= 16
        table.append((*_noted(list(reversed(parts)), compared), claimed, _STATUSES[c]))
    return table, inverse


def _noted(labels: list[object], compared: int) -> list[object]:
    """Each field's level label, the name's, the date of birth's and the prison number's
    saying what reached them (reconcile.link.aliases)."""
    if compared:
        labels[_NAME_AT] = noted(str(labels[_NAME_AT]), name_note(compared))
        labels[_DOB_AT] = noted(str(labels[_DOB_AT]), birth_note(compared))
        labels[_NUMBER_AT] = noted(str(labels[_NUMBER_AT]), number_note(compared))
    return labels


def _candidate_status(linked: Linked, n_ind: int) -> IntArray:
    """Per candidate pair, an index into _STATUSES: the decision's status when the pair is
    the row's link or best candidate, else "candidate"."""
    scored = linked.scored
    width = int(max(n_ind, 1))
    codes_of: dict[int, int] = {}
    for d in linked.result.decisions:
        idxs = set(d.ind_idxs)
        if d.best is not None:
            idxs.add(d.best.ind_idx)
        for i in idxs:
            codes_of[d.prison_idx * width + i] = _STATUSES.index(d.status.value)
    codes = scored.prison * np.int64(width) + scored.ind
    out = np.full(len(codes), _STATUSES.index("candidate"), dtype=np.int64)
    if codes_of:
        keys = np.fromiter(codes_of, dtype=np.int64, count=len(codes_of))
        values = np.fromiter(codes_of.values(), dtype=np.int64, count=len(codes_of))
        order = np.argsort(keys)
        keys, values = keys[order], values[order]
        pos = np.minimum(np.searchsorted(keys, codes), len(keys) - 1)
        hit = keys[pos] == codes
        out[hit] = values[pos[hit]]
    return out


def match_rows(
    left: Sequence[PrisonRecord],
    right: Sequence[IndRecord],
    config: LinkerConfig,
    seed: int,
    all_candidates: bool = False,
) -> MatchRows:
    """Link two people lists. A link's row carries the score of that very pair when it was
    compared, otherwise (another record of the same person) none."""
    linked = link(left, right, config, seed, sides=SIDES)
    said = _said(linked)
    decided = dict.fromkeys((s.value for s in LinkStatus), 0)
    for d in linked.result.decisions:
        decided[d.status.value] += 1
    scored = linked.scored
    weights, probs = _numbers(linked)
    lefts = [_own(r, (r.prison_number or "",)) for r in left]
    rights = [_own(r, (r.case_ref, r.prison_number or "")) for r in right]
    width = max(len(right), 1)
    if all_candidates:
        status = _candidate_status(linked, len(right))
        table, label = _labels(
            scored.levels, status, scored.unweighed, scored.claim, scored.alias, said
        )
        prison, ind, which = scored.prison.tolist(), scored.ind.tolist(), label.tolist()
        # The links of records not compared themselves (another record of the person linked)
        # are pairs too: every link is in the file, in its place by (row, row).
        weighed = set((scored.prison * width + scored.ind).tolist())
        unweighed = sorted(
            (d.prison_idx, i)
            for d in linked.result.decisions
            if d.status == LinkStatus.LINKED
            for i in d.ind_idxs
            if d.prison_idx * width + i not in weighed
        )
        not_compared = (*_NOT_COMPARED, LinkStatus.LINKED.value)

        def every_pair() -> Iterator[Parts]:
            extra = iter(unweighed)
            after = next(extra, None)
            for k, (p, i) in enumerate(zip(prison, ind, strict=True)):
                while after is not None and after < (p, i):
                    yield lefts[after[0]], rights[after[1]], (None, None), not_compared, None
                    after = next(extra, None)
                yield lefts[p], rights[i], (weights[k], probs[k]), table[which[k]], scored.pair(k)
            while after is not None:
                yield lefts[after[0]], rights[after[1]], (None, None), not_compared, None
                after = next(extra, None)

        return MatchRows(len(prison) + len(unweighed), every_pair, decided, linked)
    codes = scored.prison * width + scored.ind  # sorted: pairs come sorted by (prison, ind)
    links = [
        (d.prison_idx, i, d.status.value)
        for d in linked.result.decisions
        if d.status == LinkStatus.LINKED
        for i in d.ind_idxs
    ]
    wanted = np.asarray([p * width + i for p, i, _ in links], dtype=np.int64)
    pos = np.searchsorted(codes, wanted)
    found = (pos < len(codes)) & (codes[np.minimum(pos, max(len(codes) - 1, 0))] == wanted)
    hit = [int(k) if ok else -1 for k, ok in zip(pos.tolist(), found.tolist(), strict=True)]

    labels = _field_labels(scored.unweighed, said)
    claim, alias = scored.claim, scored.alias
    seen: dict[Row, Row] = {}

    def each_link() -> Iterator[Parts]:
        for (p, i, state), k in zip(links, hit, strict=True):
            if k >= 0:
                names = tuple(labels[f][scored.levels[k, f]] for f in range(len(FIELDS)))
                if alias is not None and alias[k]:
                    names = tuple(_noted(list(names), int(alias[k])))
                claimed = _CLAIM_LABELS[1 + int(claim[k])] if claim is not None else ""
                lab = seen.setdefault((*names, claimed, state), (*names, claimed, state))
                yield lefts[p], rights[i], (weights[k], probs[k]), lab, scored.pair(k)
            else:
                lab = seen.setdefault((*_NOT_COMPARED, state), (*_NOT_COMPARED, state))
                yield lefts[p], rights[i], (None, None), lab, None

    return MatchRows(len(links), each_link, decided, linked)
