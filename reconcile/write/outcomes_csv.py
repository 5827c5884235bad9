"""outcomes.csv: one row per prison-extract row, in the order of the extract.

Format: UTF-8 without a byte-order mark, RFC 4180 (comma separated, CRLF line ends, fields
quoted only when they contain a comma, quote or line break). Dates are ISO 8601 (YYYY-MM-DD),
probabilities have 4 decimals (never rounded up to a certain 1.0000 or down to 0.0000) and
weights 2, so the file is the same bytes for the same run.
Text that a spreadsheet could read as a formula is quote-prefixed (see reconcile.write.safe).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO, cast

from reconcile.model import Cell
from reconcile.result import RunResult
from reconcile.write.prison_rows import prison_blocks
from reconcile.write.safe import any_formula_like, csv_safe
from reconcile.write.views import PRISON_COLUMNS

CSV_COLUMNS: tuple[str, ...] = tuple(c.key for c in PRISON_COLUMNS)
_KINDS = {c.key: c.kind for c in PRISON_COLUMNS}


def prob_text(p: float) -> str:
    """A probability to 4 decimals; one short of certainty is 0.9999, not 1.0000 (and one
    above nought 0.0001), as the workbook and the PDF never show a link as certain."""
    if 0.99995 <= p < 1:
        return "0.9999"
    if 0 < p < 0.00005:
        return "0.0001"
    return f"{p:.4f}"


def csv_cell(value: Cell, kind: str) -> str:
    """A value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if kind == "prob" and isinstance(value, int | float):
        return prob_text(value)
    if kind == "weight" and isinstance(value, int | float):
        return f"{value:.2f}"
    if isinstance(value, str):
        return csv_safe(value)
    return str(value)


_NUMBER_FORMATS: dict[str, Callable[[float], str]] = {
    "prob": prob_text,
    "weight": "{:.2f}".format,
}


def csv_column(values: Sequence[Cell], kind: str, memo: dict[Cell, str]) -> list[str]:
    """``csv_cell`` of each value, each distinct text or date converted once (in ``memo``)."""

    def convert(value: Cell) -> str:
        text = csv_cell(value, kind)
        if type(value) is str or type(value) is date:  # nothing else can equal one of them
            if len(memo) >= 50_000:
                memo.clear()
            memo[value] = text
        return text

    kinds = set(map(type, values))
    if kinds == {str} and not any_formula_like(cast(Sequence[str], values)):
        return cast(list[str], list(values))  # text as it is: the common case, at once
    if kinds == {int} and kind not in _NUMBER_FORMATS:
        return list(map(str, cast(Sequence[int], values)))
    if kinds <= {float, type(None)} and kind in _NUMBER_FORMATS:
        form = _NUMBER_FORMATS[kind]
        return ["" if v is None else form(cast(float, v)) for v in values]
    known = memo.get
    return [known(v) or convert(v) for v in values]


_QUOTE_IF = (",", '"', "\r", "\n")  # what makes the csv module quote a field (RFC 4180)


def quoted(texts: list[str]) -> list[str] | None:
    """A column of fields as the csv module writes them (comma separated, minimal quoting,
    more than one field a row): quoted, with quotes doubled, when they hold a comma, quote or
    line break. Checked on the whole column at once; None when a text holds a NUL."""
    joined = "".join(texts)
    if "\x00" in joined:
        return None
    if not any(c in joined for c in _QUOTE_IF):
        return texts
    return [
        '"' + t.replace('"', '""') + '"' if any(c in t for c in _QUOTE_IF) else t for t in texts
    ]


class OutcomesCsv:
    """outcomes.csv written to an open text file a block of prison rows at a time, in extract
    order (the blocks of reconcile.write.prison_rows); ``seconds`` is the time spent in it."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._writer = csv.writer(handle, lineterminator="\r\n")
        self._kinds = [_KINDS[k] for k in CSV_COLUMNS]
        self._memos: list[dict[Cell, str]] = [{} for _ in self._kinds]
        self.seconds = 0.0
        self._writer.writerow(CSV_COLUMNS)

    def texts(self, columns: Sequence[Sequence[Cell]]) -> list[list[str]]:
        """A block's values (one list per column of PRISON_COLUMNS) as CSV text, by column."""
        return [
            csv_column(column, kind, memo)
            for column, kind, memo in zip(columns, self._kinds, self._memos, strict=True)
        ]

    def add(self, columns: Sequence[Sequence[Cell]]) -> None:
        """Append a block of rows given as one list of values per column."""
        start = time.perf_counter()
        fields = [quoted(texts) for texts in self.texts(columns)]
        if all(fields):  # as the csv module writes them, a block at a time
            lines = map(",".join, zip(*cast(list[list[str]], fields), strict=True))
            self._handle.write("\r\n".join(lines) + "\r\n")
        else:  # a NUL character somewhere: the csv module decides (and says what is wrong)
            self._writer.writerows(zip(*self.texts(columns), strict=True))
        self.seconds += time.perf_counter() - start

    def redirect(self, handle: TextIO) -> TextIO:
        """Write rows added from now on to ``handle``; return the handle they went to (see
        SheetRows.redirect)."""
        old, self._handle = self._handle, handle
        self._writer = csv.writer(handle, lineterminator="\r\n")
        return old

    def write_text(self, text: str) -> None:
        """Append rows already made as CSV text (by add() in another process)."""
        start = time.perf_counter()
        self._handle.write(text)
        self.seconds += time.perf_counter() - start


def write_outcomes_csv(result: RunResult, path: Path) -> None:
    """Write outcomes.csv to ``path`` (the caller makes the write atomic)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = OutcomesCsv(handle)
        for columns in prison_blocks(result, range(len(result.prison))):
            out.add(columns)
