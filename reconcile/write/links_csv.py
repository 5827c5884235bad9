"""links.csv for `reconcile match`: one row per link (or per scored candidate pair)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from reconcile.write.safe import atomic_write, csv_safe


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

    def of(self, part: Sequence[object]) -> str:
        known = self.memo.get(id(part))
        if known is None or known[0] is not part:  # the id of a part no longer alive
            known = (part, self.encode([_text(v) for v in part]))
            self.memo[id(part)] = known
        return known[1]


def write_links_csv(
    path: Path,
    columns: Sequence[str],
    rows: Iterable[Sequence[Sequence[object]]],
    mode: int = 0o600,
) -> int:
    """Write the rows as RFC 4180 CSV (CRLF line ends), atomically, as they come; return how
    many were written. Each row comes in parts (values in the order of ``columns`` when
    joined); the third part holds numbers and is formatted afresh, every other part recurs
    as the same object (a record's own columns, a combination of labels) and is encoded
    once."""
    count = 0
    text = _Fragments()
    with atomic_write(path, mode) as tmp, tmp.open("w", newline="", encoding="utf-8") as fh:
        fh.write(text.encode(list(columns)) + "\r\n")
        for parts in rows:
            line = [
                ",".join([_number(v) for v in part]) if n == 2 else text.of(part)
                for n, part in enumerate(parts)
            ]
            fh.write(",".join(line) + "\r\n")
            count += 1
    return count
