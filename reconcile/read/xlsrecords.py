"""What an .xls workbook's records say that the parser (python-calamine) does not give: the
cells showing a formula error (#N/A, #DIV/0!), which it reads as empty, and the rows and
columns hidden, with whether a filter is on and the rows it covers.

Each worksheet's records are walked once for all of them (biff.sheet_records): the few before
its cells, which hold its columns and filter, always; its cells' only when a search of their
bytes finds a record that may hold an error or hide a row (most sheets have none). Runs in
the isolated reader process, after the parser has read the same file; reading the records is
bounded and never raises (biff.py), and what a sheet gives is bounded too (ERROR_CELLS
cells, a row once, _COLUMN_RANGES ranges of columns).

The records (MS-XLS):
- FORMULA: row, column, format, then the formula's last result in 8 bytes: an error when
  bytes 6-7 are FFFF and byte 0 is 2, its code (a BErr value) in byte 2.
- BOOLERR (a value typed into the cell): row, column, format, the value, then 1 for an error.
- ROW: the row (from 0), its first and last columns, its height (2 bytes), 4 bytes, then its
  flags: bits 0-2 its outline level (0: in no group), bit 5 (fDyZero) hidden. A sheet's
  DEFAULTROWHEIGHT record may hide by default (its own fDyZero) the rows with no ROW record;
  it is not read, as it is for empty rows only (MS-XLS 2.4.87: a row holding data is shown
  unless its ROW record hides it, as LibreOffice shows it).
- COLINFO: first and last column (from 0), width (1/256 of a character), format, then its
  flags: bit 0 (fHidden) hidden; a width of 0 shows as hidden too, as in .xlsx.
- FILTERMODE: the sheet's filter hides rows; AUTOFILTER (and AUTOFILTER12): the condition of
  one of its columns. The filter's range is the sheet's _FilterDatabase name, in the globals.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from reconcile.read.biff import read_globals, sheet_records, workbook_stream
from reconcile.read.guards import ERROR_CELLS, ErrorCell, SheetScan

# MS-XLS 2.5.10 (Bes) and 2.5.198.2 (BErr): what a cell with each error code shows.
ERROR_CODES = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}
_FORMULA, _BOOLERR, _ROW, _COLINFO, _DIMENSIONS = 0x0006, 0x0205, 0x0208, 0x007D, 0x0200
_FILTER = frozenset((0x009B, 0x009E, 0x087E))  # FILTERMODE, AUTOFILTER, AUTOFILTER12
_KINDS = (_FORMULA, _BOOLERR, _ROW, _COLINFO, _DIMENSIONS, *_FILTER)
# A worksheet's columns and filter stand before its DIMENSIONS, and its cells (rows, each
# ROW record before the rows' cells) after it (MS-XLS 2.1.7.20.5).
_CELL_TABLE = frozenset((_DIMENSIONS, _ROW, _FORMULA, _BOOLERR))
_ROW_HIDDEN, _OUTLINE = 0x20, 0x07
_COLUMN_RANGES = 16_384  # hidden ranges of columns kept a sheet (it has no more columns)
_PAIR = struct.Struct("<HH")


def _with_bit(bit: int) -> bytes:
    """A regular expression's class of the bytes with ``bit`` set."""
    return b"[" + b"".join(re.escape(bytes([b])) for b in range(256) if b & bit) + b"]"


# What a cell's record holding an error looks like, wherever it stands (a FORMULA, a
# BOOLERR), and a hidden ROW record: a sheet in whose cells none is found (most) needs no walk
# through them, which takes ten times as long as these searches (a sheet of 65,000 rows x 12
# columns, 14 MB: 0.03 s against 0.28 s).
_CANDIDATES = (
    re.compile(rb"\x06\x00.{8}\x02.{5}\xff\xff", re.DOTALL),
    re.compile(rb"\x05\x02.{9}\x01", re.DOTALL),
    re.compile(rb"\x08\x02\x10\x00.{12}" + _with_bit(_ROW_HIDDEN), re.DOTALL),
)


@dataclass
class XlsSheet:
    """What one worksheet's records say: its cells showing a formula error (row from 1,
    column from 0, what it shows), its hidden rows (from 1), each with whether it is in an
    outline group, its hidden columns (first and last, 1 = column A), whether its filter is
    on, and the rows the filter covers below its heading row."""

    errors: list[ErrorCell] = field(default_factory=list)
    hidden_rows: dict[int, bool] = field(default_factory=dict)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    filter_on: bool = False
    filter_rows: range = range(0)

    def __bool__(self) -> bool:
        return bool(self.errors or self.hidden_rows or self.hidden_columns)

    def scan(self, rows: set[int]) -> SheetScan:
        """What the sheet's records say of the rows in ``rows``, as guards.sheet_scan says it
        of an xlsx sheet: the hidden rows, and of those the rows a filter that is on hides
        (in its range, and not in an outline group, which a collapsed group hides whatever
        the filter does); the hidden columns; the error cells (of every row)."""
        hidden = [r for r in self.hidden_rows if r in rows]
        covered = self.filter_rows if self.filter_on else range(0)
        filtered = [r for r in hidden if r in covered and not self.hidden_rows[r]]
        return SheetScan([], hidden, filtered, list(self.hidden_columns), list(self.errors))


def xls_sheets(path: Path, max_mb: int) -> dict[str, XlsSheet]:
    """Per worksheet name, what its records say (only the sheets where they say something).
    Nothing when the file cannot be read as an .xls workbook, or its Workbook stream is
    larger than ``max_mb`` megabytes."""
    return biff_sheets(workbook_stream(path, max_mb))


def xls_error_cells(path: Path, max_mb: int) -> dict[str, list[ErrorCell]]:
    """Per sheet name, the cells of an .xls workbook showing a formula error: (row counted
    from 1, column from 0, what it shows), in the order of the file."""
    return {name: sheet.errors for name, sheet in xls_sheets(path, max_mb).items() if sheet.errors}


def biff_error_cells(data: bytes) -> dict[str, list[ErrorCell]]:
    """Per worksheet name, the cells showing a formula error in a Workbook stream's bytes."""
    return {name: sheet.errors for name, sheet in biff_sheets(data).items() if sheet.errors}


def biff_sheets(data: bytes) -> dict[str, XlsSheet]:
    """Per worksheet name, what its records say in a Workbook stream's bytes."""
    book = read_globals(data)
    if book is None:
        return {}
    found: dict[str, XlsSheet] = {}
    starts = sorted(book.sheets)
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(data)
        sheet = _walk(data, start, stop)
        if sheet:
            for name in book.sheets[start]:
                first, last = book.filters.get(name, (0, -1))
                found[name] = replace(sheet, filter_rows=range(first + 2, last + 2))
    return found


def _walk(data: bytes, start: int, stop: int) -> XlsSheet:
    """One walk through a worksheet's records (biff.sheet_records): those before its cells,
    a few, for its columns and filter; then its cells', only if a search of them finds a
    record that may say something."""
    sheet = XlsSheet()
    records = sheet_records(data, start, stop, _KINDS)
    for kind, body, size in records:
        if kind in _CELL_TABLE:
            break
        if kind == _COLINFO:
            if 10 <= size <= 12 and len(sheet.hidden_columns) < _COLUMN_RANGES:
                first, last = _PAIR.unpack_from(data, body)
                width, options = data[body + 4] | data[body + 5] << 8, data[body + 8]
                if options & 1 or width == 0:
                    sheet.hidden_columns.append((first + 1, max(first, last) + 1))
        else:  # FILTERMODE, AUTOFILTER, AUTOFILTER12: the sheet's filter is on
            sheet.filter_on = True
    else:
        return sheet
    if any(pattern.search(data, body - 4, stop) for pattern in _CANDIDATES):
        _cells(data, chain([(kind, body, size)], records), sheet)
    return sheet


def _cells(data: bytes, records: Iterable[tuple[int, int, int]], sheet: XlsSheet) -> None:
    """Add to ``sheet`` its error cells and hidden rows, from its records after its
    DIMENSIONS (the rest passed over: a sheet's columns and filter stand before it)."""
    unpack = _PAIR.unpack_from
    for kind, body, size in records:
        if kind == _ROW:
            if size == 16 and data[body + 12] & _ROW_HIDDEN:
                sheet.hidden_rows[unpack(data, body)[0] + 1] = bool(data[body + 12] & _OUTLINE)
            continue
        if kind == _FORMULA:
            # the result's bytes 6-7 FFFF: no number; byte 0 is 2 for an error, code byte 2
            if size < 14 or data[body + 13] != 0xFF or data[body + 12] != 0xFF:
                continue
            if data[body + 6] != 2:
                continue
            code = data[body + 8]
        elif kind == _BOOLERR:
            if size < 8 or data[body + 7] != 1:
                continue
            code = data[body + 6]
        else:
            continue
        if len(sheet.errors) < ERROR_CELLS:
            row, col = unpack(data, body)
            sheet.errors.append((row + 1, col, ERROR_CODES.get(code, "an error")))
