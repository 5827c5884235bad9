"""Worksheet cells as SpreadsheetML text, a column at a time.

The big listings are too long to write cell by cell through xlsxwriter (about 7 microseconds a
cell). Here each column of a block of rows is turned into ``<c>`` elements in one pass, with
the XML of repeated texts and dates made once, and the rows are then joined. The elements are
exactly those xlsxwriter writes in constant-memory mode (inline strings, the same number
formatting, the same escapes), so a spliced sheet reads like one xlsxwriter wrote:

- text is XML-escaped; control characters XML 1.0 forbids become Excel's ``_xHHHH_`` escapes
  (and a literal ``_xHHHH_`` is itself escaped), so no character can break the file;
- text a spreadsheet could read as a formula gets the quote-prefix style: it is a string
  cell, never a formula, and stays text when someone edits it;
- dates are serial numbers with the dd/mm/yyyy style; numbers are numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from xlsxwriter.utility import _datetime_to_excel_datetime, xl_col_to_name
from xlsxwriter.xmlwriter import re_control_chars_1, re_control_chars_2

from reconcile.model import Cell
from reconcile.write.safe import is_formula_like

MAX_CELL_CHARS = 32_767
TRUNCATED = " [truncated: see outcomes.csv]"
_CACHE_LIMIT = 50_000  # distinct texts remembered per column before the memo starts afresh
# Anything text_xml must treat specially: markup, control and non-characters, a literal
# _xHHHH_, leading or trailing white space.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x|^\s|\s$")
_INT_LIMIT = 10**15  # integers below this print the same as xlsxwriter's "%.16G"


class CellStyles(NamedTuple):
    """The workbook's style (xf) numbers for the cells of a listing."""

    text: int
    quoted: int
    date: int
    integer: int
    thousands: int  # a count, with thousands separators
    prob: int
    weight: int
    entry: int


def cut_text(text: str) -> str:
    """Text cut to Excel's cell limit, saying where the full text is."""
    if len(text) > MAX_CELL_CHARS:
        return text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    return text


def text_xml(text: str, style: int) -> str:
    """What follows ``<c r="A1"`` for an inline string cell."""
    if _SPECIAL.search(text) is None:  # the common case: nothing to escape
        return f' s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'
    if "_x" in text:
        text = re_control_chars_1.sub(r"_x005F\1", text)
    text = re_control_chars_2.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' s="{style}" t="inlineStr"><is><t{preserve}>{text}</t></is></c>'


def number_xml(number: float, style: int | None) -> str:
    s = "" if style is None else f' s="{style}"'
    return f"{s}><v>{number:.16G}</v></c>"


class ColumnCells:
    """Turns the values of one listing column into cell elements, block by block, and keeps
    the widest display width seen (characters; 10 for a date, 8 for a number)."""

    def __init__(self, col: int, kind: str, styles: CellStyles, entry: bool = False) -> None:
        self.letter = xl_col_to_name(col)
        self.styles = styles
        self.number_style = {"prob": styles.prob, "weight": styles.weight}.get(kind)
        if kind == "count":
            self.number_style = styles.thousands
        self.blank = f' s="{styles.entry}"/>' if entry else ""
        self.width = 0
        self._texts: dict[str, str] = {}
        self._dates: dict[date, str] = {}

    def _text(self, value: str) -> str:
        if len(self._texts) >= _CACHE_LIMIT:
            self._texts.clear()
        text = cut_text(value)
        style = self.styles.quoted if is_formula_like(text) else self.styles.text
        xml = self._texts[value] = text_xml(text, style)
        self.width = max(self.width, len(text))
        return xml

    def _other(self, value: Cell) -> str:
        """The cell for a value that is not text (None and "" are handled by the caller)."""
        if isinstance(value, date):
            xml = self._dates.get(value)
            if xml is None:
                if len(self._dates) >= _CACHE_LIMIT:
                    self._dates.clear()
                serial = _datetime_to_excel_datetime(value, False, True)
                xml = self._dates[value] = number_xml(serial, self.styles.date)
            self.width = max(self.width, 10)
            return xml
        if isinstance(value, bool):
            return self._text("Y" if value else "N")
        if isinstance(value, int | float):
            if not math.isfinite(value):  # a spreadsheet has no NaN or infinity: show it
                return self._text(str(value))
            style = self.number_style
            if style is None and isinstance(value, int):
                style = self.styles.integer
            self.width = max(self.width, 8)
            return number_xml(value, style)
        return self._text(str(value))

    def cells(self, rows: Sequence[int], values: Sequence[Cell]) -> list[str]:
        """One element per row ("" for an empty cell), for rows numbered as Excel shows them."""
        letter, texts, blank = self.letter, self._texts, self.blank
        out: list[str] = []
        append = out.append
        style = self.number_style if self.number_style is not None else self.styles.integer
        int_style = f' s="{style}"'
        for row, value in zip(rows, values, strict=True):
            kind = type(value)
            if kind is str:
                if value:
                    xml = texts.get(value) or self._text(value)  # type: ignore[arg-type]
                    append(f'<c r="{letter}{row}"{xml}')
                else:
                    append(f'<c r="{letter}{row}"{blank}' if blank else "")
            elif kind is int and -_INT_LIMIT < value < _INT_LIMIT:  # type: ignore[operator]
                self.width = max(self.width, 8)
                append(f'<c r="{letter}{row}"{int_style}><v>{value}</v></c>')
            elif value is None:
                append(f'<c r="{letter}{row}"{blank}' if blank else "")
            else:
                append(f'<c r="{letter}{row}"{self._other(value)}')
        return out


def rows_xml(first_row: int, columns: Sequence[Sequence[str]]) -> str:
    """``<row>`` elements for cells given column by column, the first numbered ``first_row``."""
    return "".join(
        f'<row r="{n}">{"".join(cells)}</row>'
        for n, cells in enumerate(zip(*columns, strict=True), start=first_row)
    )
