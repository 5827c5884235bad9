"""Cells showing a formula error (#N/A, #DIV/0!) in an .xls workbook, which the parser reads
as empty cells.

An .xls file is an OLE2 compound file (read with olefile) whose Workbook stream (Book in an
Excel 95 file) is a run of BIFF records: a 2-byte type, a 2-byte length, then the body. The
workbook's globals come first, with a BOUNDSHEET record for each sheet: where in the stream
the sheet's records start (its BOF record), its type and its name. A sheet's cells follow
its BOF: a formula's cell is a FORMULA record (row, column, format, then its last result in
8 bytes: an error when bytes 6-7 are FFFF and byte 0 is 2, its code in byte 2), a typed
error (#N/A typed into the cell) a BOOLERR record (row, column, format, the value, then 1
for an error). The codes are MS-XLS's BErr values.

Runs in the isolated reader process, after the parser has read the same file. Whatever the
file holds, the scan ends without an exception: a stream that is cut off, a length that
runs past its end or an offset outside it gives the cells found before it, and a file that
is no compound file, has no Workbook stream or is encrypted gives none. Each stretch of the
stream is read for one sheet at most (a crafted file's sheets may all point at the same
records), so the work stays linear in the stream's size.
"""

from __future__ import annotations

import codecs
import re
import struct
from pathlib import Path

import olefile

from reconcile.read.guards import ERROR_CELLS, MB, ErrorCell

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
_BOF, _EOF, _BOUNDSHEET, _CODEPAGE, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x0042, 0x002F
_FORMULA, _BOOLERR = 0x0006, 0x0205
_BIFF8, _BIFF5 = 0x0600, 0x0500
_GLOBALS, _WORKSHEET = 0x0005, 0x0010  # a BOF's substream type
_HEADER = struct.Struct("<HH")
_OFFSET = struct.Struct("<I")
_STREAMS = ("Workbook", "Book")  # BIFF8 (Excel 97 to 2003), BIFF5 (Excel 5 and 95)


def xls_error_cells(path: Path, max_mb: int) -> dict[str, list[ErrorCell]]:
    """Per sheet name, the cells of an .xls workbook showing a formula error: (row counted
    from 1, column from 0, what it shows), in the order of the file. Nothing when the file
    cannot be read as one, or its Workbook stream is larger than ``max_mb`` megabytes."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = next((s for s in _STREAMS if ole.exists(s)), None)
            if name is None or ole.get_type(name) != olefile.STGTY_STREAM:
                return {}
            if ole.get_size(name) > max_mb * MB:
                return {}
            with ole.openstream(name) as stream:
                data = stream.read()
    except Exception:  # not a compound file, or a damaged one: the parser has said what it can
        return {}
    return biff_error_cells(data)


# What a FORMULA record holding an error and a BOOLERR record holding one look like, wherever
# they stand: a sheet in whose records neither is found (most) needs no walk through them,
# which takes ten times as long as these searches (a sheet of 65,000 rows x 12 columns,
# 14 MB: 0.02 s against 0.2 s).
_FORMULA_ERROR = re.compile(rb"\x06\x00.{8}\x02.{5}\xff\xff", re.DOTALL)
_BOOLERR_ERROR = re.compile(rb"\x05\x02.{9}\x01", re.DOTALL)


def biff_error_cells(data: bytes) -> dict[str, list[ErrorCell]]:
    """Per worksheet name, the cells showing a formula error in a Workbook stream's bytes."""
    sheets = _sheets(data)
    found: dict[str, list[ErrorCell]] = {}
    starts = sorted(sheets)
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(data)
        if not (
            _FORMULA_ERROR.search(data, start, stop) or _BOOLERR_ERROR.search(data, start, stop)
        ):
            continue
        cells = _sheet_errors(data, start, stop)
        if cells:
            for name in sheets[start]:
                found[name] = cells
    return found


def _sheets(data: bytes) -> dict[int, list[str]]:
    """The worksheets the globals name, by where their records start: a worksheet's names
    (two BOUNDSHEET records may point at the same records). Nothing for a stream that does
    not start with the globals' BOF of a BIFF8 or BIFF5 workbook, or that is encrypted."""
    if len(data) < 8:
        return {}
    kind, size = _HEADER.unpack_from(data, 0)
    version, substream = _HEADER.unpack_from(data, 4)
    if kind != _BOF or size < 4 or substream != _GLOBALS or version not in (_BIFF8, _BIFF5):
        return {}
    codec = "cp1252"  # an Excel 95 file's sheet names are in its code page
    sheets: dict[int, list[str]] = {}
    pos = 4 + size
    while pos + 4 <= len(data):
        kind, size = _HEADER.unpack_from(data, pos)
        body, pos = pos + 4, pos + 4 + size
        if pos > len(data) or kind == _EOF:
            break
        if kind == _FILEPASS:  # encrypted: the records' bodies are not readable
            return {}
        if kind == _CODEPAGE and size >= 2:
            codec = _codec(int.from_bytes(data[body : body + 2], "little"), codec)
        elif kind == _BOUNDSHEET and size >= 7:  # a chart's, say, points at no worksheet BOF
            (start,) = _OFFSET.unpack_from(data, body)
            name = _sheet_name(data[body + 6 : pos], version == _BIFF8, codec)
            if name:
                sheets.setdefault(start, []).append(name)
    return sheets


def _codec(page: int, default: str) -> str:
    """The Python codec of a Windows code page number, or ``default`` for one it lacks."""
    name = {10000: "mac_roman", 32768: "mac_roman"}.get(page, f"cp{page}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return default


def _sheet_name(text: bytes, unicode: bool, codec: str) -> str:
    """A BOUNDSHEET's name: its character count, then (BIFF8) a flags byte whose bit 0 says
    whether each character takes two bytes (UTF-16) or one (the low byte), then the
    characters; in BIFF5 the count and the characters in the workbook's code page. "" when
    the record is too short for the name it declares."""
    if not text:
        return ""
    count = text[0]
    if not unicode:
        chars = text[1 : 1 + count]
        return chars.decode(codec, "replace") if len(chars) == count else ""
    if len(text) < 2:
        return ""
    wide = text[1] & 1
    chars = text[2 : 2 + count * (2 if wide else 1)]
    if len(chars) != count * (2 if wide else 1):
        return ""
    return chars.decode("utf-16-le" if wide else "latin-1", "replace")


def _sheet_errors(data: bytes, start: int, stop: int) -> list[ErrorCell]:
    """The error cells of the worksheet whose records start at ``start`` (its BOF) and end
    at its EOF, looked for no further than ``stop`` (where the next sheet's start): cells of
    a chart's records kept inside the sheet's (BOF to EOF) are passed over."""
    if start + 8 > stop:
        return []
    kind, size = _HEADER.unpack_from(data, start)
    if kind != _BOF or size < 4 or _HEADER.unpack_from(data, start + 4)[1] != _WORKSHEET:
        return []
    cells: list[ErrorCell] = []
    depth, pos, end = 1, start + 4 + size, len(data)
    # Locals, not globals, in the loop: it runs once for each cell of the sheet.
    unpack, formula, boolerr, bof = _HEADER.unpack_from, _FORMULA, _BOOLERR, _BOF
    watched = frozenset((_FORMULA, _BOOLERR, _BOF, _EOF))
    while pos + 4 <= stop:
        kind, size = unpack(data, pos)
        body, pos = pos + 4, pos + 4 + size
        if kind not in watched:
            continue
        if pos > end:
            break
        if kind == formula:
            # the result's bytes 6-7 FFFF: no number; byte 0 is 2 for an error, code byte 2
            if size < 14 or data[body + 13] != 0xFF or data[body + 12] != 0xFF:
                continue
            if data[body + 6] != 2:
                continue
            code = data[body + 8]
        elif kind == boolerr:
            if size < 8 or data[body + 7] != 1:
                continue
            code = data[body + 6]
        elif kind == bof:
            depth += 1
            continue
        else:  # EOF
            depth -= 1
            if depth == 0:
                break
            continue
        if depth == 1 and len(cells) < ERROR_CELLS:
            row, col = unpack(data, body)
            cells.append((row + 1, col, ERROR_CODES.get(code, "an error")))
    return cells
