"""An .xls workbook's BIFF records, read for what the parser does not give (xlsrecords.py).

An .xls file is an OLE2 compound file (read with olefile) whose Workbook stream (Book in an
Excel 95 file) is a run of BIFF records: a 2-byte type, a 2-byte length, then the body. The
workbook's globals come first, with a BOUNDSHEET record for each sheet: where in the stream
the sheet's records start (its BOF record), its type and its name; and a NAME record for each
name defined, among them the range of a sheet's filter (the built-in name _FilterDatabase).
A sheet's records follow its BOF, up to its EOF; a chart kept inside the sheet has its own
BOF and EOF among them.

Whatever the stream holds, reading it ends without an exception: a stream that is cut off, a
length that runs past its end or an offset outside it gives the records before it, and a
file that is no compound file, has no Workbook stream or is encrypted gives none. Each
stretch of the stream is read for one sheet at most (a crafted file's sheets may all point at
the same records, and share them), so the work stays linear in the stream's size.
"""

from __future__ import annotations

import codecs
import struct
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import olefile

from reconcile.read.guards import MB

BOF, EOF, BOUNDSHEET, CODEPAGE, FILEPASS, NAME = 0x0809, 0x000A, 0x0085, 0x0042, 0x002F, 0x0018
BIFF8, BIFF5 = 0x0600, 0x0500
_GLOBALS, _WORKSHEET = 0x0005, 0x0010  # a BOF's substream type
_HEADER = struct.Struct("<HH")
_OFFSET = struct.Struct("<I")
_STREAMS = ("Workbook", "Book")  # BIFF8 (Excel 97 to 2003), BIFF5 (Excel 5 and 95)


def workbook_stream(path: Path, max_mb: int) -> bytes:
    """The bytes of an .xls file's Workbook stream; none when the file cannot be read as
    one, or the stream is larger than ``max_mb`` megabytes."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = next((s for s in _STREAMS if ole.exists(s)), None)
            if name is None or ole.get_type(name) != olefile.STGTY_STREAM:
                return b""
            if ole.get_size(name) > max_mb * MB:
                return b""
            with ole.openstream(name) as stream:
                return bytes(stream.read())
    except Exception:  # not a compound file, or a damaged one: the parser has said what it can
        return b""


@dataclass
class Globals:
    """What the workbook's globals say of its sheets."""

    version: int  # BIFF8 or BIFF5
    # The worksheets by where their records start: a worksheet's names (two BOUNDSHEET
    # records may point at the same records).
    sheets: dict[int, list[str]] = field(default_factory=dict)
    # A sheet's filter: the first and last rows of its range (counted from 0; the first is
    # the filter's heading row), by the sheet's name.
    filters: dict[str, tuple[int, int]] = field(default_factory=dict)


def read_globals(data: bytes) -> Globals | None:
    """The globals of a Workbook stream's bytes; None for a stream that does not start with
    the globals' BOF of a BIFF8 or BIFF5 workbook, or that is encrypted."""
    if len(data) < 8:
        return None
    kind, size = _HEADER.unpack_from(data, 0)
    version, substream = _HEADER.unpack_from(data, 4)
    if kind != BOF or size < 4 or substream != _GLOBALS or version not in (BIFF8, BIFF5):
        return None
    found = Globals(version)
    codec = "cp1252"  # an Excel 95 file's sheet names are in its code page
    order: list[str] = []  # every sheet's name, charts' too, as a NAME counts them
    ranges: list[tuple[int, tuple[int, int]]] = []
    pos = 4 + size
    while pos + 4 <= len(data):
        kind, size = _HEADER.unpack_from(data, pos)
        body, pos = pos + 4, pos + 4 + size
        if pos > len(data) or kind == EOF:
            break
        if kind == FILEPASS:  # encrypted: the records' bodies are not readable
            return None
        if kind == CODEPAGE and size >= 2:
            codec = _codec(int.from_bytes(data[body : body + 2], "little"), codec)
        elif kind == BOUNDSHEET:  # a chart's, say, points at no worksheet BOF
            name = _sheet_name(data[body + 6 : pos], version == BIFF8, codec) if size >= 7 else ""
            order.append(name)
            if name:
                (start,) = _OFFSET.unpack_from(data, body)
                found.sheets.setdefault(start, []).append(name)
        elif kind == NAME:
            sheet_range = filter_range(data[body:pos], version == BIFF8)
            if sheet_range is not None:
                ranges.append(sheet_range)
    for itab, rows in ranges:  # a sheet's place counts from 1
        if 1 <= itab <= len(order) and order[itab - 1]:
            found.filters.setdefault(order[itab - 1], rows)
    return found


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


_FILTER_DATABASE = 0x0D  # the built-in name _FilterDatabase: a sheet's filter range
_BUILTIN = 0x0020  # a NAME's flag: a built-in name, given by its number
# A range in a name's formula, by its token (any class: reference, value, array) and the BIFF
# version: the token's length, where its first and last rows stand in it, and the mask that
# keeps the row of a BIFF5 reference (whose top two bits say whether row and column are
# relative). PtgArea3d names the sheet (BIFF8: 2 bytes, BIFF5: 14), PtgArea does not.
_AREA3D, _AREA = (0x3B, 0x5B, 0x7B), (0x25, 0x45, 0x65)
_TOKENS = {(True, _AREA3D): (11, 3, 0xFFFF), (True, _AREA): (9, 1, 0xFFFF)}
_TOKENS |= {(False, _AREA3D): (21, 15, 0x3FFF), (False, _AREA): (7, 1, 0x3FFF)}


def filter_range(body: bytes, biff8: bool) -> tuple[int, tuple[int, int]] | None:
    """A NAME record's body when it is a sheet's _FilterDatabase: the sheet's place among
    the BOUNDSHEET records (from 1) and the first and last rows of the range (from 0).
    The body: flags (2 bytes), a shortcut key, the name's length, the formula's length (2),
    2 bytes, the sheet's place (2; 0 for a name of the whole workbook), four lengths of text
    that follow the formula, then the name (in BIFF8 after a byte whose bit 0 says whether
    it is in UTF-16), then the formula: the range, one token. None for any other name, or a
    record too short for what it declares."""
    if len(body) < 16:
        return None
    flags, _key, length, formula, _reserved, itab = struct.unpack_from("<HBBHHH", body)
    if not flags & _BUILTIN or length != 1 or itab == 0:
        return None
    at = 14 + (1 if biff8 else 0)
    wide = biff8 and bool(body[14] & 1)
    if body[at] != _FILTER_DATABASE or (wide and body[at + 1 : at + 2] != b"\0"):
        return None
    at += 2 if wide else 1
    token = body[at : at + formula]
    for (version, kinds), (size, rows_at, mask) in _TOKENS.items():
        if version == biff8 and len(token) == formula == size and token[0] in kinds:
            first, last = struct.unpack_from("<HH", token, rows_at)
            return itab, (first & mask, last & mask)
    return None


def sheet_records(
    data: bytes, start: int, stop: int, kinds: Collection[int]
) -> Iterator[tuple[int, int, int]]:
    """The records of the kinds in ``kinds`` of the worksheet whose records start at
    ``start`` (its BOF) and end at its EOF, looked for no further than ``stop`` (where the
    next sheet's start): (kind, where its body starts, its length), each record whole in
    ``data``. Those of a chart's records kept inside the sheet's (BOF to EOF) are passed
    over; nothing for a ``start`` that is not at a worksheet's BOF."""
    if start + 8 > stop:
        return
    kind, size = _HEADER.unpack_from(data, start)
    if kind != BOF or size < 4 or _HEADER.unpack_from(data, start + 4)[1] != _WORKSHEET:
        return
    depth, pos, end = 1, start + 4 + size, len(data)
    # Locals, not globals, in the loop: it runs once for each cell of the sheet.
    unpack, bof, eof = _HEADER.unpack_from, BOF, EOF
    watched = frozenset((*kinds, BOF, EOF))
    while pos + 4 <= stop:
        kind, size = unpack(data, pos)
        body, pos = pos + 4, pos + 4 + size
        if kind not in watched:
            continue
        if pos > end:
            break
        if kind == bof:
            depth += 1
        elif kind == eof:
            depth -= 1
            if depth == 0:
                break
        elif depth == 1:
            yield kind, body, size
