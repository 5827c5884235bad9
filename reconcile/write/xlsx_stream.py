"""Streaming the rows of big listings into an xlsxwriter workbook.

xlsxwriter writes the document itself - styles, the heading row with its notes, frozen panes,
filters, column widths, drop-downs, print settings - and each listing's data rows are turned
into XML a block at a time (reconcile.write.xlsx_cells), deflated at once, and kept in an
unnamed temporary file in the output folder. When xlsxwriter has closed the workbook,
``splice`` copies it into the final file entry by entry (reconcile.write.zip_raw), each
listing sheet's deflated rows inserted after its deflated heading. Each block of rows is
deflated on its own, so a block made by another process (reconcile.write.listing_share)
deflates to the same bytes. Entries get a fixed timestamp and compression level, so the same
run gives the same bytes.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from functools import partial
from itertools import chain
from pathlib import Path
from typing import IO, Any, cast

from zlib_ng import zlib_ng

from reconcile.model import Cell
from reconcile.write.xlsx_cells import CellStyles, ColumnCells, row_lines, rows_xml
from reconcile.write.zip_raw import RawZip

# Entries are deflated by zlib-ng rather than zlib: on the 375 MB "All prison rows" sheet of a
# 200,000-row run, zlib-ng's level 2 took 0.79 s against zlib's level 1's 1.27 s, and came out
# 4% smaller (its level 1 took 0.58 s but came out 25% larger). The same bytes every run.
NG_LEVEL = 2
_COPY_CHUNK = 1 << 20
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_END_OF_DATA = b"</sheetData>"


class Deflated:
    """A raw deflate stream made in pieces: each piece starts a fresh compressor and ends
    flushed to a byte boundary (Z_SYNC_FLUSH), so it refers to nothing before it and pieces
    made in different processes join end to end into one valid stream. Keeps the CRC-32 and
    length of the current piece's input."""

    def __init__(self) -> None:
        self._compressor = _compressor()
        self.crc = 0
        self.size = 0

    def compress(self, data: bytes) -> bytes:
        self.crc = zlib_ng.crc32(data, self.crc)
        self.size += len(data)
        return cast(bytes, self._compressor.compress(data))

    def flush(self) -> bytes:
        """The end of the piece (what the next piece may follow)."""
        return cast(bytes, self._compressor.flush(zlib.Z_SYNC_FLUSH))


def _compressor() -> Any:
    return zlib_ng.compressobj(NG_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)


def deflate(data: bytes, final: bool = True) -> tuple[bytes, int]:
    """``data`` as one piece of a raw deflate stream (its last when ``final``), and its
    CRC-32."""
    compressor = _compressor()
    body = compressor.compress(data)
    return body + compressor.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH), zlib_ng.crc32(
        data
    )


class SheetRows:
    """The data rows of one worksheet (below its heading row), deflated as they are written
    into a temporary file, to be copied into the workbook's zip as they are (``splice``)."""

    def __init__(
        self,
        sheet_number: int,
        kinds: Sequence[str],
        styles: CellStyles,
        tmpdir: Path,
        entry: Sequence[bool] = (),
        wrap: Sequence[bool] = (),
    ) -> None:
        self.sheet_number = sheet_number  # 1-based, as in xl/worksheets/sheetN.xml
        self.wrap = [bool(wrap and wrap[col]) for col in range(len(kinds))]
        self.columns = [
            ColumnCells(col, kind, styles, bool(entry and entry[col]), self.wrap[col])
            for col, kind in enumerate(kinds)
        ]
        self.count = 0
        self.stream = Deflated()  # the current piece of the rows' XML, deflated into _file
        self._joined = (0, 0)  # CRC-32 and length of the rows' XML in the pieces ended so far
        # Closed by close(), which splice() and write_workbook() call whatever happens.
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=tmpdir)  # noqa: SIM115

    @property
    def widths(self) -> list[int]:
        return [c.width for c in self.columns]

    def write(
        self, columns: Sequence[Sequence[Cell]], made: Sequence[Sequence[str]] | None = None
    ) -> list[list[str]]:
        """Append rows, given as one list of values per column, below those already written;
        return their cells' XML by column (ROW for the row number). ``made``: those cells
        already made, for the same values, by another listing of the same columns."""
        n = len(columns[0]) if columns else 0
        if not n:
            return [[] for _ in self.columns]
        first = self.count + 2  # Excel's row number: the heading is row 1
        if made is None:
            cells = [col.cells(vals) for col, vals in zip(self.columns, columns, strict=True)]
        else:
            cells = [list(c) for c in made]
            for col, vals in zip(self.columns, columns, strict=True):
                col.widen(vals)
        lines = row_lines(columns, self.wrap) if any(self.wrap) else None
        self._file.write(self.stream.compress(rows_xml(first, cells, lines).encode("utf-8")))
        self.count += n
        return cells

    def redirect(self, file: IO[bytes]) -> IO[bytes]:
        """Send rows written from now on to ``file``; return the file they went to (which the
        caller keeps: a forked child must neither close nor flush its parent's file)."""
        old, self._file = self._file, file
        return old

    def end_piece(self) -> tuple[int, int] | None:
        """End the deflated piece of the rows written since the last one ended (None if
        none were): write its last bytes and return its XML's length and CRC-32. A block of
        a listing's rows is one piece whoever makes it, so the bytes are the same."""
        stream = self.stream
        if not stream.size:
            return None
        self._file.write(stream.flush())
        self._fold(stream.size, stream.crc)
        self.stream = Deflated()
        return stream.size, stream.crc

    def append(self, deflated: bytes, size: int, crc: int, rows: int) -> None:
        """Append ``rows`` rows made and deflated elsewhere as one piece (write() then
        end_piece(), numbered for their places here): ``size`` bytes of XML, CRC-32 ``crc``."""
        self.end_piece()
        self._file.write(deflated)
        self._fold(size, crc)
        self.count += rows

    def _fold(self, size: int, crc: int) -> None:
        self._joined = (zlib_ng.crc32_combine(self._joined[0], crc, size), self._joined[1] + size)

    def widen_to(self, widths: Sequence[int]) -> None:
        """Widen each column to at least its width in ``widths`` (rows made elsewhere)."""
        for col, width in zip(self.columns, widths, strict=True):
            col.width = max(col.width, width)

    def entry(self, sheet_xml: bytes, out: RawZip, name: str) -> None:
        """Write the worksheet's zip entry: its XML with these rows after its heading row."""
        at = sheet_xml.index(_END_OF_DATA)  # raises ValueError if the sheet has no data
        head = sheet_xml[:at]
        if self.count:
            last = self.columns[-1].letter
            head = _DIMENSION.sub(f'<dimension ref="A1:{last}{self.count + 1}"/>'.encode(), head, 1)
        self.end_piece()
        rows_crc, rows_size = self._joined
        head_deflated, head_crc = deflate(head, final=False)
        tail = sheet_xml[at:]
        tail_deflated, tail_crc = deflate(tail)
        crc = zlib_ng.crc32_combine(head_crc, rows_crc, rows_size)
        crc = zlib_ng.crc32_combine(crc, tail_crc, len(tail))
        self._file.flush()
        rows_deflated = self._file.seek(0, 2)
        self._file.seek(0)
        chunks = iter(partial(self._file.read, _COPY_CHUNK), b"")
        out.add(
            name,
            crc,
            len(head) + rows_size + len(tail),
            len(head_deflated) + rows_deflated + len(tail_deflated),
            chain([head_deflated], chunks, [tail_deflated]),
        )

    def close(self) -> None:
        self._file.close()


def splice(source: Path, target: Path, streams: Sequence[SheetRows]) -> None:
    """Copy the workbook at ``source`` to ``target``, each stream's rows spliced into its
    sheet; the temporary row files are closed (and so removed) either way."""
    by_name = {f"xl/worksheets/sheet{s.sheet_number}.xml": s for s in streams}
    try:
        with zipfile.ZipFile(source) as src, open(target, "wb") as handle:
            out = RawZip(handle)
            for item in src.infolist():
                data = src.read(item)
                stream = by_name.get(item.filename)
                if stream is None:
                    deflated, crc = deflate(data)
                    out.add(item.filename, crc, len(data), len(deflated), [deflated])
                else:
                    stream.entry(data, out, item.filename)
            out.close()
    finally:
        for s in streams:
            s.close()
