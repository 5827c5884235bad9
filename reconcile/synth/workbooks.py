"""Write the two extracts as .xlsx files, byte for byte the same for the same seed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from reconcile.model import Cell
from reconcile.synth.render import IND_COLUMNS, PRISON_COLUMNS, Row

PRISON_SHEET = "FNP discharges"
IND_SHEET = "CCT cases"
# Fixed document times: xlsxwriter otherwise stamps the current time into docProps.
_CREATED = datetime(2006, 4, 3, 9, 0, 0)
PRISON_TITLE = "Foreign national prisoners: custody episodes, extract taken 3 April 2006"
PRISON_HEADER_ROW = 3  # as the spreadsheet shows it (title, blank row, header)
IND_HEADER_ROW = 1


def _write_cell(ws: Worksheet, r: int, c: int, value: Cell, date_fmt: Format) -> None:
    if value is None:
        return
    if isinstance(value, datetime | date):
        ws.write_datetime(r, c, value, date_fmt)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value)
    elif isinstance(value, int | float):
        ws.write_number(r, c, value)
    else:
        ws.write_string(r, c, str(value))


def _table(
    ws: Worksheet,
    first: int,
    columns: Sequence[tuple[str, str]],
    rows: list[Row],
    header_fmt: Format,
    date_fmt: Format,
) -> list[int]:
    """Header at row index ``first``; returns each data row's number as the sheet shows it."""
    for c, (_, header) in enumerate(columns):
        ws.write_string(first, c, header, header_fmt)
        ws.set_column(c, c, max(12, len(header) + 2))
    numbers = []
    for n, row in enumerate(rows, start=first + 1):
        for c, (fieldname, _) in enumerate(columns):
            _write_cell(ws, n, c, row.cells.get(fieldname), date_fmt)
        numbers.append(n + 1)
    return numbers


def _book(path: Path, title: str) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": title, "author": "reconcile sample", "created": _CREATED})
    return wb


def write_prison(path: Path, rows: list[Row]) -> list[int]:
    """The prison extract: a title row, a blank row, the header, the data, a totals row and
    a note. Returns the spreadsheet row number of each data row."""
    wb = _book(path, PRISON_TITLE)
    ws = wb.add_worksheet(PRISON_SHEET)
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_string(0, 0, PRISON_TITLE, bold)
    numbers = _table(ws, PRISON_HEADER_ROW - 1, PRISON_COLUMNS, rows, bold, date_fmt)
    last = numbers[-1] if numbers else PRISON_HEADER_ROW
    ws.write_string(last + 1, 0, f"Total records: {len(rows)}", bold)
    ws.write_string(
        last + 2, 0, "Note: nationality as declared at reception; NOT KNOWN where not recorded."
    )
    ws.freeze_panes(PRISON_HEADER_ROW, 0)
    wb.close()
    return numbers


def write_ind(path: Path, rows: list[Row]) -> list[int]:
    """The IND casework extract: header on the first row, and a notes sheet after it."""
    wb = _book(path, "Criminal casework referrals extract")
    ws = wb.add_worksheet(IND_SHEET)
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    numbers = _table(ws, IND_HEADER_ROW - 1, IND_COLUMNS, rows, bold, date_fmt)
    ws.freeze_panes(IND_HEADER_ROW, 0)
    notes = wb.add_worksheet("Notes")
    for r, line in enumerate(
        (
            "Criminal casework referrals, extract taken 3 April 2006.",
            "Prison No is recorded only where the referral form gave it.",
            "Date Considered is blank where no decision has been made.",
        )
    ):
        notes.write_string(r, 0, line)
    wb.close()
    return numbers
