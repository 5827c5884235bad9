"""A listing written to one or more worksheets: headings with notes, typed cells, filters.

xlsxwriter writes each sheet's heading row and settings; the data rows are streamed as XML a
block at a time (reconcile.write.xlsx_stream) and spliced in when the workbook is closed. A
listing longer than Excel's limit is split over sheets named "<title> (1)", "<title> (2)", ...;
a listing whose lines come in groups (the Needs review sheet: a prison row's candidates) is split
only between groups.
"""

from __future__ import annotations

import math
import tempfile
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import accumulate
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reconcile.invisible import visible
from reconcile.model import Cell
from reconcile.write.safe import is_formula_like
from reconcile.write.views import Column
from reconcile.write.xlsx_cells import MAX_CELL_CHARS, TRUNCATED, CellStyles
from reconcile.write.xlsx_stream import SheetRows

MAX_DATA_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the heading row
MAX_WIDTH = 60
# A text column's width for its longest text: a width counts digits, and capitals are wider
# (a Forenames column as wide as "ANTHONY WINSTON" has letters printed cut it off).
TEXT_ROOM = 1.15
# A probability shown to 3 decimals, never as a certain 1.000 or an impossible 0.000: the
# evidence pack's wording (reconcile.write.views.fmt_prob); the cell keeps the exact value.
PROB_FORMAT = '[>=0.9995]"above 0.999";[<0.0005]"below 0.001";0.000'
_NUMBER = {"align": "right", "indent": 1, "valign": "top"}
# Every listing cell that looks like a number but is text (prison numbers, case references,
# "IND source row(s)") is text on purpose: no "number stored as text" warning on any of them.
WHOLE_SHEET = "A1:XFD1048576"
SHEET_NAME_MAX = 31
BLOCK_ROWS = 2_000  # rows buffered, then written a column at a time


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
    label: Any  # a label wrapped onto more lines, level with the value beside it
    link: Any  # a link to a sheet, level with the top of the text beside it
    entry: Any  # a cell for the reader to fill in
    # Text in sentences longer than its column (Column.wrap), on more lines: cut off at the
    # column's edge, a Reason or a Problem printed as its first 60 characters or so.
    wrapped: Any
    header: str = ""  # printed page header (xlsxwriter codes), e.g. the protective marking
    footer: str = ""
    streams: list[SheetRows] = field(default_factory=list)  # listings' rows, to splice in

    def styles(self) -> CellStyles:
        """The style numbers of the listing formats (registered with the workbook, in this
        fixed order, the first time they are asked for)."""
        formats = (
            self.text,
            self.quoted,
            self.date,
            self.int,
            self.count,
            self.prob,
            self.weight,
            self.entry,
            self.wrapped,
        )
        return CellStyles(*(f._get_xf_index() for f in formats))

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
            # Every cell is set at the top of its row, so a row made taller by a wrapped text
            # (``wrapped``) reads across from its first line.
            text=add({"valign": "top"}),
            quoted=add({"quote_prefix": True, "valign": "top"}),
            date=add({"num_format": "dd/mm/yyyy", "align": "left", "valign": "top"}),
            # Numbers, right-aligned, kept a space clear of the text in the next column (the
            # Summary printed "1,073in scope", a listing "-17.3starting weight").
            int=add({"num_format": "0", **_NUMBER}),
            count=add({"num_format": "#,##0", **_NUMBER}),
            prob=add({"num_format": PROB_FORMAT, **_NUMBER}),
            weight=add({"num_format": "+0.0;-0.0;0", **_NUMBER}),
            title=add({"bold": True, "font_size": 14}),
            bold=add({"bold": True}),
            wrap=add({"text_wrap": True, "valign": "top"}),
            label=add({"text_wrap": True, "valign": "top"}),
            link=add({"font_color": "blue", "underline": 1, "valign": "top"}),
            entry=add(
                {"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF", "valign": "top"}
            ),
            wrapped=add({"text_wrap": True, "valign": "top"}),
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
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        style = {"prob": fmt.prob, "weight": fmt.weight, "count": fmt.count}.get(kind)
        if style is None and isinstance(value, int):
            style = fmt.int
        ws.write_number(row, col, value, style)
        return 8
    text = visible(str(value))  # a character that shows nothing as its code ("[U+202E]")
    if len(text) > MAX_CELL_CHARS:  # Excel's limit; the CSV keeps the full text
        text = text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    ws.write_string(row, col, text, fmt.quoted if is_formula_like(text) else fmt.text)
    return len(text)


# Column width (in characters) a landscape A4 page holds at about 70% scale.
PRINT_WIDTH_PER_PAGE = 200


def print_setup(ws: Worksheet, fmt: Formats, landscape: bool, heading: bool = True) -> None:
    """A4, one page wide, heading row repeated, marking and page numbers on every page; a
    table's gridlines printed, so that a row can be followed across the page (its rows are of
    different heights where a text wraps, and a wide one prints over pages across)."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    if heading:
        ws.repeat_rows(0)
        ws.hide_gridlines(0)  # shown on the screen, as before, and printed
    ws.fit_to_pages(1, 0)
    if fmt.header:
        ws.set_header(fmt.header)
    if fmt.footer:
        ws.set_footer(fmt.footer)


def part_sizes(
    rows: int, max_rows: int = MAX_DATA_ROWS, groups: Iterable[int] | None = None
) -> list[int]:
    """Data rows on each sheet of a listing of ``rows`` rows: ``max_rows`` on each but the
    last. ``groups``: the sizes, in order, of the runs of rows that belong together (a prison
    row's candidates on the Needs review sheet), ``rows`` in all; a sheet then ends only
    between two groups, so it may hold fewer. A group longer than a whole sheet (the review
    sheet shows at most reconcile.link.assign.MAX_CANDIDATES lines a row, so only a limit
    lowered for a test can make one) starts a sheet of its own and runs on over as many as it
    needs: no sheet ever holds more than ``max_rows``."""
    if groups is None:
        parts = max(1, -(-rows // max_rows))
        return [min(max_rows, rows - k * max_rows) for k in range(parts)]
    sizes = [0]
    for size in groups:
        if sizes[-1] and sizes[-1] + size > max_rows:
            sizes.append(0)
        while size > max_rows:  # longer than a sheet: it fills whole sheets, then goes on
            sizes[-1] += max_rows
            sizes.append(0)
            size -= max_rows
        sizes[-1] += size
    if sum(sizes) != rows:
        raise ValueError(f"groups of {sum(sizes)} rows in all for a listing of {rows}")
    return sizes


def part_names(
    title: str, rows: int, max_rows: int = MAX_DATA_ROWS, groups: Iterable[int] | None = None
) -> list[str]:
    """Sheet names for a listing of ``rows`` data rows (in ``groups``, if given: see
    part_sizes): one, or "<title> (k)" parts."""
    return _names(title, len(part_sizes(rows, max_rows, groups)))


def _names(title: str, parts: int) -> list[str]:
    if parts == 1:
        return [title[:SHEET_NAME_MAX]]
    return [f"{title[: SHEET_NAME_MAX - 6]} ({k})" for k in range(1, parts + 1)]


class TableWriter:
    """Write headings and rows into one listing, splitting it over sheets when needed.

    xlsxwriter writes each sheet's heading row, notes, frozen pane, widths and filter; the
    data rows are buffered in blocks, turned into XML a column at a time and streamed to a
    temporary file (reconcile.write.xlsx_stream), to be spliced in when the workbook closes.
    """

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
        min_widths: Mapping[str, int] | None = None,
        frozen: int = 0,
        print_keys: tuple[int, int] | None = None,
        groups: Iterable[int] | None = None,
    ) -> None:
        self.fmt = fmt
        self.frozen = frozen  # columns kept in view, as the heading row is, when scrolling
        # Columns (first, last) printed at the left of every page when the sheet prints over
        # several pages across: the row's own number and name, so each page says whose it is.
        self.print_keys = print_keys
        self.columns = list(columns)
        self.hidden = set(hidden)
        self.entry = set(entry)  # columns for the reader to fill in: shaded
        # Columns as wide as what will be typed or chosen in them, however narrow their
        # contents now (a drop-down's longest choice, a reviewer's note).
        self.min_widths = dict(min_widths or {})
        self.max_rows = max_rows
        # Rows on each sheet (``groups``: lines kept together, see part_sizes): where each
        # sheet's rows start in the listing, and where they end (the last sheet's at the
        # limit, as if it were full).
        sizes = part_sizes(rows, max_rows, groups)
        self._starts = [0, *accumulate(sizes[:-1])]
        self._ends = [*self._starts[1:], self._starts[-1] + max_rows]
        self.sheets = [wb.add_worksheet(name) for name in _names(title, len(sizes))]
        kinds = [c.kind for c in self.columns]
        shaded = [c.key in self.entry for c in self.columns]
        wrap = [c.wrap for c in self.columns]
        tmpdir = Path(wb.tmpdir or tempfile.gettempdir())
        self.parts = [
            SheetRows(ws.index + 1, kinds, fmt.styles(), tmpdir, shaded, wrap) for ws in self.sheets
        ]
        fmt.streams.extend(self.parts)
        self._pending: list[Sequence[Cell]] = []
        self._written = 0
        for ws in self.sheets:
            self._headings(ws)

    def _headings(self, ws: Worksheet) -> None:
        for col, c in enumerate(self.columns):
            ws.write_string(0, col, c.title, self.fmt.heading)
            if c.note:
                ws.write_comment(0, col, c.note, {"x_scale": 2, "y_scale": 1.5})
        ws.freeze_panes(1, self.frozen)
        ws.ignore_errors({"number_stored_as_text": WHOLE_SHEET})
        print_setup(ws, self.fmt, landscape=True)

    def _print_across(self, ws: Worksheet, width: int) -> None:
        """A sheet wider than a landscape page prints over as many pages across as keep its
        text at about 70% (fitted to one page, a listing of 26 columns printed at about 20%),
        with the key columns repeated at the left of each, and the pages of the same rows one
        after another (printed down first, a row's Reason came dozens of pages after its
        name); a narrower one stays one page wide."""
        pages = -(-width // PRINT_WIDTH_PER_PAGE)
        if pages > 1 and self.print_keys is not None:
            ws.fit_to_pages(pages, 0)
            ws.repeat_columns(*self.print_keys)
            ws.print_across()

    def _on_part(self, written: int, part: int) -> int:
        """Data rows on sheet ``part`` once ``written`` rows of the listing are written."""
        start, end = self._starts[part], self._ends[part]
        return max(0, min(end - start, written - start))

    @property
    def counts(self) -> list[int]:
        """Data rows on each sheet (rows still buffered included)."""
        written = self.written
        return [self._on_part(written, k) for k in range(len(self.parts))]

    @property
    def written(self) -> int:
        return self._written + len(self._pending)

    def add(self, values: Sequence[Cell]) -> None:
        """Append a row (a value per column)."""
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        self._pending.append(values)
        if len(self._pending) >= BLOCK_ROWS:
            self._flush()

    def add_block(
        self, columns: Sequence[Sequence[Cell]], made: Sequence[Sequence[str]] | None = None
    ) -> list[list[str]]:
        """Append rows given as one list of values per column (all of one length); return
        their cells' XML by column, which another listing of the same columns can reuse for
        the same values (``made``)."""
        if len(columns) != len(self.columns):
            raise ValueError(f"{len(columns)} columns of values for {len(self.columns)} columns")
        self._flush()
        return self._write(columns, made)

    def seek(self, written: int) -> None:
        """Write the next rows as if ``written`` rows were already on the listing (a forked
        child making a later block of it: see reconcile.write.listing_share)."""
        self._flush()
        self._written = written
        for k, part in enumerate(self.parts):
            part.count = self._on_part(written, k)

    def end_pieces(self) -> list[tuple[int, int] | None]:
        """End each sheet part's deflated piece (SheetRows.end_piece): a block of rows is one
        piece, whoever makes it."""
        self._flush()
        return [part.end_piece() for part in self.parts]

    def append_rows(self, part: int, deflated: bytes, size: int, crc: int, rows: int) -> None:
        """Append rows made and deflated elsewhere as one piece for sheet part ``part`` (the
        next rows of the listing; see SheetRows.append)."""
        self._flush()
        self.parts[part].append(deflated, size, crc, rows)
        self._written += rows

    def _flush(self) -> None:
        if self._pending:
            rows, self._pending = self._pending, []
            self._write([list(col) for col in zip(*rows, strict=True)])

    def _write(
        self, columns: Sequence[Sequence[Cell]], made: Sequence[Sequence[str]] | None = None
    ) -> list[list[str]]:
        """Write rows to the sheet they belong on, splitting where a sheet ends (at Excel's
        row limit, or before it between groups); a column that shows its codes in words
        (Column.shown) gets the words."""
        columns = [
            [c.shown.get(v, v) for v in col] if c.shown else col
            for c, col in zip(self.columns, columns, strict=True)
        ]
        n = len(columns[0]) if columns else 0
        done = 0
        cells: list[list[str]] = [[] for _ in self.columns]
        while done < n:
            part = bisect_right(self._ends, self._written)
            room = self._ends[part] - self._written
            take = min(room, n - done)
            piece = None if made is None else [c[done : done + take] for c in made]
            got = self.parts[part].write([col[done : done + take] for col in columns], piece)
            for whole, some in zip(cells, got, strict=True):
                whole += some
            self._written += take
            done += take
        return cells

    def close(self) -> None:
        """Fit widths, hide key columns and set the filter on each sheet."""
        self._flush()
        for ws, part in zip(self.sheets, self.parts, strict=True):
            shown = 0
            for col, (c, width) in enumerate(zip(self.columns, part.widths, strict=True)):
                options = {"hidden": True} if c.key in self.hidden else None
                if c.kind == "text":  # room for a text in capitals, wider than digits
                    width = math.ceil(width * TEXT_ROOM)
                fitted = max(width, len(c.title) + 3, self.min_widths.get(c.key, 0))
                ws.set_column(col, col, min(fitted + 1, MAX_WIDTH), None, options)
                shown += 0 if options else min(fitted + 1, MAX_WIDTH)
            ws.autofilter(0, 0, max(part.count, 1), len(self.columns) - 1)
            self._print_across(ws, shown)
