"""links.csv for `reconcile match`: one row per link (or per scored candidate pair)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reconcile.link.rows import Parts
from reconcile.model import PairScore
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
    return "" if value is None else f"{value:.6g}"


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
    """The rows of each list a links file accounts for, by each row's own columns (file,
    sheet, row, ...): for the summary's control totals."""

    left_linked: set[Sequence[object]] = field(default_factory=set)
    left_review: set[Sequence[object]] = field(default_factory=set)
    left_no_link: set[Sequence[object]] = field(default_factory=set)
    right_linked: set[Sequence[object]] = field(default_factory=set)

    def add(self, left: Sequence[object], right: Sequence[object], status: object) -> None:
        if status == "linked":
            self.left_linked.add(left)
            self.right_linked.add(right)
        elif status == "needs_review":
            self.left_review.add(left)
        elif status == "no_link":
            self.left_no_link.add(left)


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
    encoded once. ``counts``, when given, gathers the rows of each list linked, held for review or
    not linked (by the status, the last value of the fourth part)."""
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
