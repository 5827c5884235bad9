"""A zip file written from entries already deflated, with fixed times.

The workbook's big sheets are deflated as their rows are made, some of them by another process
(reconcile.write.xlsx_stream), so at the end they only need copying into the file. Python's
zipfile deflates what it is given and cannot take data already deflated; this writer can. It
writes a plain zip: local headers with the sizes known in advance, a central directory, and
ZIP64 fields only where a size or offset needs them, every entry dated 1 January 1980, so
the same entries give the same bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

DEFLATED = 8
_MARK = 0xFFFFFFFF  # in a 4-byte field: "see the ZIP64 extra field"
ZIP64_FROM = 0xFFFFFFFF  # a size or offset this large goes in ZIP64 fields (lower in tests)
_DOS_DATE = (1 << 5) | 1  # 1980-01-01: (year - 1980) << 9 | month << 5 | day
_DOS_TIME = 0
_MADE_BY = (3 << 8) | 45  # Unix, format version 4.5
_ATTRIBUTES = 0o600 << 16  # -rw-------
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR64 = struct.Struct("<4sLQL")


@dataclass(frozen=True)
class _Entry:
    name: bytes
    crc: int
    size: int  # uncompressed
    compressed: int
    offset: int  # of the local header


class RawZip:
    """Entries appended one by one to ``out`` (positioned at its start); ``close`` writes the
    central directory."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._at = 0
        self._entries: list[_Entry] = []

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._at += len(data)

    def add(self, name: str, crc: int, size: int, compressed: int, chunks: Iterable[bytes]) -> None:
        """An entry of ``size`` bytes whose raw deflate stream (``compressed`` bytes in all) is
        ``chunks``; ``crc`` is the CRC-32 of the uncompressed bytes."""
        entry = _Entry(name.encode("ascii"), crc, size, compressed, self._at)
        big = size >= ZIP64_FROM or compressed >= ZIP64_FROM
        extra = struct.pack("<2H2Q", 1, 16, size, compressed) if big else b""
        self._write(
            _LOCAL.pack(
                b"PK\x03\x04",
                45 if big else 20,
                0,
                DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                crc,
                _MARK if big else compressed,
                _MARK if big else size,
                len(entry.name),
                len(extra),
            )
            + entry.name
            + extra
        )
        written = 0
        for chunk in chunks:
            self._write(chunk)
            written += len(chunk)
        if written != compressed:
            raise ValueError(f"{name}: {written} bytes written, {compressed} announced")
        self._entries.append(entry)

    def close(self) -> None:
        start = self._at
        for e in self._entries:
            fields = [v for v in (e.size, e.compressed, e.offset) if v >= ZIP64_FROM]
            extra = (
                struct.pack(f"<2H{len(fields)}Q", 1, 8 * len(fields), *fields) if fields else b""
            )
            self._write(
                _CENTRAL.pack(
                    b"PK\x01\x02",
                    _MADE_BY,
                    45 if fields else 20,
                    0,
                    DEFLATED,
                    _DOS_TIME,
                    _DOS_DATE,
                    e.crc,
                    _field(e.compressed),
                    _field(e.size),
                    len(e.name),
                    len(extra),
                    0,
                    0,
                    0,
                    _ATTRIBUTES,
                    _field(e.offset),
                )
                + e.name
                + extra
            )
        size, count = self._at - start, len(self._entries)
        if start >= ZIP64_FROM or size >= ZIP64_FROM or count >= 0xFFFF:
            end64 = self._at
            self._write(
                _END64.pack(b"PK\x06\x06", 44, _MADE_BY, 45, 0, 0, count, count, size, start)
            )
            self._write(_LOCATOR64.pack(b"PK\x06\x07", 0, end64, 1))
        self._write(
            _END.pack(
                b"PK\x05\x06",
                0,
                0,
                min(count, 0xFFFF),
                min(count, 0xFFFF),
                _field(size),
                _field(start),
                0,
            )
        )


def _field(value: int) -> int:
    """A 4-byte size or offset field: the value, or the mark of a ZIP64 one."""
    return _MARK if value >= ZIP64_FROM else value
