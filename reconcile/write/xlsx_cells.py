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
- characters that show nothing (direction controls such as a right-to-left override,
  zero-width spaces: reconcile.invisible) are written as their codes, "[U+202E]", so a cell
  shows what it holds and cannot display as another value;
- dates are serial numbers with the dd/mm/yyyy style; numbers are numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple, cast

from xlsxwriter.utility import _datetime_to_excel_datetime, xl_col_to_name
from xlsxwriter.xmlwriter import re_control_chars_1, re_control_chars_2

from reconcile.invisible import INVISIBLE, has_invisible, visible
from reconcile.model import Cell
from reconcile.write.safe import FORMULA_TRIGGERS, is_formula_like

MAX_CELL_CHARS = 32_767
TRUNCATED = " [truncated: see outcomes.csv]"
_CACHE_LIMIT = 50_000  # distinct values remembered per column before the memo starts afresh
# Anything text_xml must treat specially: markup, control and non-characters, a literal
# _xHHHH_, leading or trailing white space; and the characters that show nothing.
_SPECIAL = re.compile(
    r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff" + INVISIBLE.pattern[1:-1] + r"]|_x|^\s|\s$"
)
_DATES = frozenset({date, type(None)})
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
    wrapped: int  # text wrapped onto more lines


def cut_text(text: str) -> str:
    """Text cut to Excel's cell limit, saying where the full text is."""
    if len(text) > MAX_CELL_CHARS:
        return text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    return text


def text_xml(text: str, style: int) -> str:
    """What follows ``<c r="A1"`` for an inline string cell."""
    if _SPECIAL.search(text) is None:  # the common case: nothing to escape
        return f' s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'
    text = visible(text)
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


# Control bytes: in a block of texts joined by NUL (see cell_texts), deleting every other
# byte leaves only these and the joins.
_CONTROLS = bytes(range(1, 9)) + bytes(range(0x0B, 0x20))
_PASS = bytes(sorted(set(range(256)) - set(_CONTROLS) - {0}))
_NONCHARS = ("\ufffe".encode(), "\uffff".encode())
# What a text must not start or end with to go into a cell as it is.
_SPACES = frozenset(c for c in map(chr, range(0x3001)) if c.isspace())
_BAD_FIRST = _SPACES | frozenset(FORMULA_TRIGGERS)


def cell_texts(texts: Sequence[str]) -> Sequence[str] | None:
    """The texts XML-escaped, when every one can go into a plain text cell with nothing else
    changed: no control or non-character, no literal ``_x``, no white space at either end and
    nothing a spreadsheet could read as a formula (none too long is the caller's to check).
    Checked on all of them at once, in C; None sends the block to the value-by-value path,
    which handles every case (a character that shows nothing too)."""
    if not texts:
        return None
    joined = "\x00".join(texts)
    if has_invisible(joined):
        return None
    data = joined.encode("utf-8", "surrogatepass")
    if data.translate(None, _PASS) != b"\x00" * (len(texts) - 1):  # a control or a NUL
        return None
    if b"_x" in data or any(n in data for n in _NONCHARS):
        return None
    if not _BAD_FIRST.isdisjoint([t[:1] for t in texts]):
        return None
    if not _SPACES.isdisjoint([t[-1:] for t in texts]):
        return None
    if "&" in joined or "<" in joined or ">" in joined:
        joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return joined.split("\x00")
    return texts


def _display_width(value: Cell) -> int:
    """The width ColumnCells gives the cell of ``value`` (characters)."""
    if value is None or value == "":
        return 0
    if isinstance(value, str):
        return min(len(visible(value)), MAX_CELL_CHARS)
    if isinstance(value, date):
        return 10
    if isinstance(value, bool):
        return 1
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return 8
    return _display_width(str(value))


ROW = "\x00"  # stands for the row number in a cell's XML until its row is known (never in
# the text itself: text_xml writes control characters as _xHHHH_ escapes)


class ColumnCells:
    """Turns the values of one listing column into cell elements, block by block, and keeps
    the widest display width seen (characters; 10 for a date, 8 for a number).

    A cell's XML is made once per distinct text or date, with ROW where its row number goes;
    rows_xml puts the numbers in, a row at a time.
    """

    def __init__(
        self, col: int, kind: str, styles: CellStyles, entry: bool = False, wrap: bool = False
    ) -> None:
        self.letter = xl_col_to_name(col)
        if wrap:  # the column's plain texts wrap onto more lines (row_lines sets its height)
            styles = styles._replace(text=styles.wrapped)
        self.styles = styles
        self.number_style = {"prob": styles.prob, "weight": styles.weight}.get(kind)
        if kind == "count":
            self.number_style = styles.thousands
        self.empty = f'<c r="{self.letter}{ROW}" s="{styles.entry}"/>' if entry else ""
        self.width = 0
        head = f'<c r="{self.letter}{ROW}"'
        self._plain = f'{head} s="{styles.text}" t="inlineStr"><is><t>'
        integer = styles.integer if self.number_style is None else self.number_style
        self._integer = f'{head} s="{integer}"><v>'
        # Texts and dates only: no other kind of value compares equal to one of them.
        self._memo: dict[Cell, str] = {}

    def _cell(self, value: Cell) -> str:
        """The XML of a cell holding ``value`` (ROW for its row number); "" for none."""
        if type(value) is str:  # most cells: plain text, at speed
            text = cast(str, value)
            plain = text and len(text) <= MAX_CELL_CHARS and not text.startswith(FORMULA_TRIGGERS)
            if plain and _SPECIAL.search(text) is None:
                if len(text) > self.width:
                    self.width = len(text)
                return self._remember(text, f"{self._plain}{text}</t></is></c>")
        elif type(value) is int and -_INT_LIMIT < cast(int, value) < _INT_LIMIT:
            self.width = max(self.width, 8)
            return f"{self._integer}{value}</v></c>"
        if value is None or value == "":
            return self.empty
        head = f'<c r="{self.letter}{ROW}"'
        if isinstance(value, str):
            text = cut_text(visible(value))
            style = self.styles.quoted if is_formula_like(text) else self.styles.text
            self.width = max(self.width, len(text))
            return self._remember(value, head + text_xml(text, style))
        if isinstance(value, date):  # datetimes too
            serial = _datetime_to_excel_datetime(value, False, True)
            self.width = max(self.width, 10)
            return self._remember(value, head + number_xml(serial, self.styles.date))
        if isinstance(value, bool):
            return self._cell("Y" if value else "N")
        if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
            shown = self.number_style
            if shown is None and isinstance(value, int):
                shown = self.styles.integer
            self.width = max(self.width, 8)
            if isinstance(value, int) and -_INT_LIMIT < value < _INT_LIMIT:
                return f'{head} s="{shown}"><v>{value}</v></c>'
            return head + number_xml(value, shown)
        return self._cell(str(value))  # NaN or infinity (a spreadsheet has neither): as text

    def widen(self, values: Sequence[Cell]) -> None:
        """Widen the column as ``cells(values)`` would, for cells made elsewhere (another
        listing of the same columns and styles)."""
        kinds = set(map(type, values))
        if kinds == {str}:
            texts = cast(Sequence[str], values)
            if has_invisible("".join(texts)):  # each shown with its codes: longer
                texts = list(map(visible, texts))
            widest = max(map(len, texts), default=0)
            self.width = max(self.width, min(widest, MAX_CELL_CHARS))
        elif kinds <= _DATES:
            self.width = max(self.width, 10 if date in kinds else 0)
        else:
            self.width = max(self.width, max(map(_display_width, values), default=0))

    def _remember(self, value: Cell, xml: str) -> str:
        if len(self._memo) >= _CACHE_LIMIT:
            self._memo.clear()
        self._memo[value] = xml
        return xml

    def cells(self, values: Sequence[Cell]) -> list[str]:
        """The XML of each value's cell ("" for an empty one), with ROW for the row number."""
        kinds = set(map(type, values))
        if kinds == {str}:  # the whole block at once when no value needs a second look
            texts = cast(Sequence[str], values)
            longest = max(map(len, texts))
            escaped = cell_texts(texts) if longest <= MAX_CELL_CHARS else None
            if escaped is not None:
                self.width = max(self.width, longest)
                plain, empty = self._plain, self.empty
                return [f"{plain}{t}</t></is></c>" if t else empty for t in escaped]
        elif kinds == {int}:
            numbers = cast(Sequence[int], values)
            if min(numbers) > -_INT_LIMIT and max(numbers) < _INT_LIMIT:
                self.width = max(self.width, 8)
                return [f"{self._integer}{n}</v></c>" for n in numbers]
        elif kinds <= {float, type(None)} and all(
            math.isfinite(cast(float, v)) for v in values if v is not None
        ):
            if float in kinds:
                self.width = max(self.width, 8)
            style = "" if self.number_style is None else f' s="{self.number_style}"'
            head, empty = f'<c r="{self.letter}{ROW}"{style}><v>', self.empty
            return [empty if v is None else f"{head}{v:.16G}</v></c>" for v in values]
        known, make = self._memo.get, self._cell
        if kinds <= _DATES:  # dates repeat: each made once (see _cell), no date an empty cell
            empty = self.empty
            return [empty if v is None else known(v) or make(v) for v in values]
        return [known(v) or make(v) for v in values]


def rows_xml(
    first_row: int, columns: Sequence[Sequence[str]], lines: Sequence[int] | None = None
) -> str:
    """``<row>`` elements for cells given column by column, the first numbered ``first_row``
    (a row without any cell is left out, as xlsxwriter does); ``lines``: each row's lines
    (row_lines), a row of more than one made as tall as they need."""
    bodies = enumerate(map("".join, zip(*columns, strict=True)), first_row)
    if lines is None:
        return "".join([f'<row r="{n}">{b.replace(ROW, str(n))}</row>' for n, b in bodies if b])
    heights = map(_HEIGHTS.__getitem__, lines)
    return "".join(
        [
            f'<row r="{n}"{h}>{b.replace(ROW, str(n))}</row>'
            for (n, b), h in zip(bodies, heights, strict=True)
            if b
        ]
    )


# A wrapped text's characters to a line, for its row's height: a wrapped column is at most
# MAX_WIDTH (60) digits wide, which printed about 75 characters of a Reason to a line (words
# kept whole), fewer of a text in capitals (each wider than a digit).
LINE_CHARS = 70
LINE_POINTS = 15  # a line of the workbook's 11-point text
MAX_LINES = 27  # Excel's tallest row, 409 points


def row_lines(columns: Sequence[Sequence[Cell]], wrap: Sequence[bool]) -> list[int] | None:
    """The lines each row's longest wrapped text takes (LINE_CHARS to a line, at most
    MAX_LINES), or None when every row takes one."""
    long: list[list[int]] = []  # the lengths of the texts of each column holding a long one
    for values, wrapped in zip(columns, wrap, strict=True):
        if not wrapped or not values:
            continue
        try:
            lengths = list(map(len, cast(Sequence[str], values)))  # all text: at speed
        except TypeError:
            lengths = [len(v) if isinstance(v, str) else 0 for v in values]
        if max(lengths) > LINE_CHARS:
            long.append(lengths)
    if not long:
        return None
    longest = long[0] if len(long) == 1 else list(map(max, *long))
    top = LINE_CHARS * MAX_LINES
    if max(longest) > top:
        longest = [min(n, top) for n in longest]
    return [(n + LINE_CHARS - 1) // LINE_CHARS or 1 for n in longest]


# A ``<row>`` element's attributes for a row of each number of lines (none for one).
_HEIGHTS = ["", ""] + [f' ht="{k * LINE_POINTS}" customHeight="1"' for k in range(2, MAX_LINES + 1)]
