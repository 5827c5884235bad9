"""Row sinks for generated extracts: xlsx through xlsxwriter's constant-memory mode, or CSV.

    with open_sink(path, sheet, header) as sink:
        row_number = sink.write(cells)   # the row number a spreadsheet shows (header is row 1)

xlsx: date cells are written as dates with a day-first format (as agency extracts hold them),
every other cell as its own type; rows go to disk as they are written, so memory stays flat.
CSV: UTF-8, dates as day-first text, blanks empty.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

import xlsxwriter

Cell = str | int | float | date | None


class RowSink(Protocol):
    rows: int

    def write(self, cells: Sequence[Cell]) -> int: ...


class _XlsxSink:
    def __init__(self, book: xlsxwriter.Workbook, sheet: str, header: Sequence[str]) -> None:
        self.sheet = book.add_worksheet(sheet)
        self.date_format = book.add_format({"num_format": "dd/mm/yyyy"})
        self.sheet.write_row(0, 0, header)
        self.rows = 0

    def write(self, cells: Sequence[Cell]) -> int:
        self.rows += 1
        sheet, r = self.sheet, self.rows
        for c, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day),
                                     self.date_format)  # fmt: skip
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
        return r + 1


class _CsvSink:
    def __init__(self, writer: csv.Writer, header: Sequence[str]) -> None:
        self.writer = writer
        writer.writerow(header)
        self.rows = 0

    def write(self, cells: Sequence[Cell]) -> int:
        self.rows += 1
        self.writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in cells])
        return self.rows + 1


@contextmanager
def open_sink(path: Path, sheet: str, header: Sequence[str]) -> Iterator[RowSink]:
    """A sink writing ``path`` (xlsx or csv, by its suffix); the file is complete on exit."""
    if path.suffix == ".csv":
        with open(path, "w", newline="", encoding="utf-8") as fh:
            yield _CsvSink(csv.writer(fh), header)
        return
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        yield _XlsxSink(book, sheet, header)
    finally:
        book.close()
