"""A listing written to one or more worksheets: headings with notes, typed cells, filters.

Rows are written in order (xlsxwriter's constant-memory mode); a listing longer than Excel's
limit is split over sheets named "<title> (1)", "<title> (2)", ...
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reconcile.model import Cell
from reconcile.write.safe import is_formula_like
from reconcile.write.views import Column

MAX_DATA_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the heading row
MAX_WIDTH = 60
SHEET_NAME_MAX = 31
MAX_CELL_CHARS = 32_767
TRUNCATED = " [truncated: see outcomes.csv]"


@dataclass
class Formats:
    """The workbook's cell formats, created once."""

    heading: Any
    text: Any
    quoted: Any  # text that looks like a formula: stays text when edited
    date: Any
    int: Any
    count: Any  # a count, with thousands separators
    prob: Any
    weight: Any
    title: Any
    bold: Any
    wrap: Any
    entry: Any  # a cell for the reader to fill in
    header: str = ""  # printed page header (xlsxwriter codes), e.g. the protective marking
    footer: str = ""

    @classmethod
    def create(cls, wb: Workbook, header: str = "", footer: str = "") -> Formats:
        add = wb.add_format
        return cls(
            header=header,
            footer=footer,
            heading=add(
                {
                    "bold": True,
                    "bg_color": "#D9E1F2",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "top",
                }
            ),
            text=add({}),
            quoted=add({"quote_prefix": True}),
            date=add({"num_format": "dd/mm/yyyy", "align": "left"}),
            int=add({"num_format": "0"}),
            count=add({"num_format": "#,##0"}),
            prob=add({"num_format": "0.000"}),
            weight=add({"num_format": "+0.0;-0.0;0"}),
            title=add({"bold": True, "font_size": 14}),
            bold=add({"bold": True}),
            wrap=add({"text_wrap": True, "valign": "top"}),
            entry=add({"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"}),
        )


def write_cell(ws: Worksheet, row: int, col: int, value: Cell, kind: str, fmt: Formats) -> int:
    """Write one value as its type (never as a formula); return its display width."""
    if value is None or value == "":
        return 0
    if isinstance(value, datetime | date):
        ws.write_datetime(row, col, value, fmt.date)
        return 10
    if isinstance(value, bool):
        ws.write_string(row, col, "Y" if value else "N", fmt.text)
        return 1
    if isinstance(value, int | float):
        style = {"prob": fmt.prob, "weight": fmt.weight, "count": fmt.count}.get(kind)
        if style is None and isinstance(value, int):
            style = fmt.int
        ws.write_number(row, col, value, style)
        return 8
    text = str(value)
    if len(text) > MAX_CELL_CHARS:  # Excel's limit; the CSV keeps the full text
        text = text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    ws.write_string(row, col, text, fmt.quoted if is_formula_like(text) else fmt.text)
    return len(text)


def print_setup(ws: Worksheet, fmt: Formats, landscape: bool, heading: bool = True) -> None:
    """A4, one page wide, heading row repeated, marking and page numbers on every page."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    if heading:
        ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    if fmt.header:
        ws.set_header(fmt.header)
    if fmt.footer:
        ws.set_footer(fmt.footer)


def part_names(title: str, rows: int, max_rows: int = MAX_DATA_ROWS) -> list[str]:
    """Sheet names for a listing of ``rows`` data rows: one, or "<title> (k)" parts."""
    parts = max(1, -(-rows // max_rows))
    if parts == 1:
        return [title[:SHEET_NAME_MAX]]
    return [f"{title[: SHEET_NAME_MAX - 6]} ({k})" for k in range(1, parts + 1)]


class TableWriter:
    """Write headings and rows into one listing, splitting it over sheets when needed."""

    def __init__(
        self,
        wb: Workbook,
        fmt: Formats,
        title: str,
        columns: Sequence[Column],
        rows: int,
        max_rows: int = MAX_DATA_ROWS,
        hidden: Iterable[str] = (),
        entry: Iterable[str] = (),
    ) -> None:
        self.fmt = fmt
        self.columns = list(columns)
        self.hidden = set(hidden)
        self.entry = set(entry)  # columns for the reader to fill in: shaded
        self.max_rows = max_rows
        self.sheets = [wb.add_worksheet(name) for name in part_names(title, rows, max_rows)]
        self.widths = [[len(c.title) + 3 for c in self.columns] for _ in self.sheets]
        self.counts = [0 for _ in self.sheets]
        for ws in self.sheets:
            self._headings(ws)

    def _headings(self, ws: Worksheet) -> None:
        for col, c in enumerate(self.columns):
            ws.write_string(0, col, c.title, self.fmt.heading)
            if c.note:
                ws.write_comment(0, col, c.note, {"x_scale": 2, "y_scale": 1.5})
        ws.freeze_panes(1, 0)
        print_setup(ws, self.fmt, landscape=True)

    @property
    def written(self) -> int:
        return sum(self.counts)

    def add(self, values: Sequence[Cell]) -> int:
        """Append a row; return its 0-based row number on its sheet."""
        part = self.written // self.max_rows
        ws, widths = self.sheets[part], self.widths[part]
        self.counts[part] += 1
        row = self.counts[part]
        for col, (value, c) in enumerate(zip(values, self.columns, strict=True)):
            if c.key in self.entry and value in (None, ""):
                ws.write_blank(row, col, None, self.fmt.entry)
                continue
            width = write_cell(ws, row, col, value, c.kind, self.fmt)
            if width > widths[col]:
                widths[col] = width
        return row

    def sheet_of(self, row_index: int) -> Worksheet:
        return self.sheets[row_index // self.max_rows]

    def close(self) -> None:
        """Fit widths, hide key columns and set the filter on each sheet."""
        for ws, widths, count in zip(self.sheets, self.widths, self.counts, strict=True):
            for col, c in enumerate(self.columns):
                options = {"hidden": True} if c.key in self.hidden else None
                ws.set_column(col, col, min(widths[col] + 1, MAX_WIDTH), None, options)
            ws.autofilter(0, 0, max(count, 1), len(self.columns) - 1)
