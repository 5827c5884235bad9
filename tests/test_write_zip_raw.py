"""The zip writer for entries already deflated (reconcile.write.zip_raw), and the deflated
pieces the workbook's sheets are made of (reconcile.write.xlsx_stream): read back by
Python's zipfile, with and without ZIP64 fields."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.write import zip_raw
from reconcile.write.xlsx_stream import Deflated, deflate
from reconcile.write.zip_raw import RawZip

ENTRIES = {
    "[Content_Types].xml": b"<Types/>" * 50,
    "xl/worksheets/sheet1.xml": b"<row>" + b"x" * 5000 + b"</row>",
    "empty.xml": b"",
}


def _write(path: Path, entries: dict[str, bytes]) -> None:
    with open(path, "wb") as handle:
        out = RawZip(handle)
        for name, data in entries.items():
            deflated, crc = deflate(data)
            out.add(name, crc, len(data), len(deflated), [deflated])
        out.close()


@pytest.mark.parametrize("zip64_from", [zip_raw.ZIP64_FROM, 1, 100])
def test_entries_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zip64_from: int
) -> None:
    monkeypatch.setattr(zip_raw, "ZIP64_FROM", zip64_from)
    path = tmp_path / "t.zip"
    _write(path, ENTRIES)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None  # every entry's CRC checked
        assert [i.filename for i in z.infolist()] == list(ENTRIES)
        for info in z.infolist():
            assert z.read(info) == ENTRIES[info.filename]
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr >> 16 == 0o600


def test_same_entries_same_bytes(tmp_path: Path) -> None:
    _write(tmp_path / "a.zip", ENTRIES)
    _write(tmp_path / "b.zip", ENTRIES)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_announced_size_must_be_written(tmp_path: Path) -> None:
    with open(tmp_path / "t.zip", "wb") as handle, pytest.raises(ValueError, match="announced"):
        RawZip(handle).add("a", 0, 1, 5, [b"abc"])


@given(st.lists(st.binary(max_size=3000), min_size=1, max_size=6))
def test_pieces_join_into_one_stream(pieces: list[bytes]) -> None:
    """Pieces deflated apart, each ended (Deflated.flush), then a last piece finished, are
    one raw deflate stream of everything, with the CRC-32 combined from the pieces'."""
    joined = b""
    crc = 0
    for piece in pieces:
        stream = Deflated()
        joined += stream.compress(piece) + stream.flush()
        crc = zlib.crc32(piece, crc)
        assert stream.crc == zlib.crc32(piece) and stream.size == len(piece)
    last, last_crc = deflate(b"</end>")
    assert last_crc == zlib.crc32(b"</end>")
    everything = b"".join(pieces) + b"</end>"
    assert zlib.decompress(joined + last, -zlib.MAX_WBITS) == everything
