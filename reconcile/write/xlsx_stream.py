"""Streaming the rows of big listings into an xlsxwriter workbook.

xlsxwriter writes the document itself - styles, the heading row with its notes, frozen panes,
filters, column widths, drop-downs, print settings - and each listing's data rows are turned
into XML a block at a time (reconcile.write.xlsx_cells) and kept in an unnamed temporary file
in the output folder. When xlsxwriter has closed the workbook, ``splice`` copies it into the
final file entry by entry, inserting each sheet's rows after its heading row. The zip entries
get a fixed timestamp and compression level, so the same run gives the same bytes.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from zlib_ng import zlib_ng

from reconcile.model import Cell
from reconcile.write.xlsx_cells import CellStyles, ColumnCells, rows_xml

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_LEVEL = 1  # measured on a 200,000-row listing: level 6 took 2.7 times as long, 22% smaller
# Entries are deflated by zlib-ng rather than zlib: on the 375 MB "All prison rows" sheet of a
# 200,000-row run, zlib-ng's level 2 took 0.79 s against zlib's level 1's 1.27 s, and came out
# 4% smaller (its level 1 took 0.58 s but came out 25% larger). The same bytes every run.
NG_LEVEL = 2
_COPY_CHUNK = 1 << 20
_ZIP64_FROM = 1 << 30  # entries this large get ZIP64 headers (needed beyond 2 GiB)
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_END_OF_DATA = b"</sheetData>"


class SheetRows:
    """The data rows of one worksheet (below its heading row), held in a temporary file."""

    def __init__(
        self,
        sheet_number: int,
        kinds: Sequence[str],
        styles: CellStyles,
        tmpdir: Path,
        entry: Sequence[bool] = (),
    ) -> None:
        self.sheet_number = sheet_number  # 1-based, as in xl/worksheets/sheetN.xml
        self.columns = [
            ColumnCells(col, kind, styles, bool(entry and entry[col]))
            for col, kind in enumerate(kinds)
        ]
        self.count = 0
        # Closed by close(), which splice() and write_workbook() call whatever happens.
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=tmpdir)  # noqa: SIM115

    @property
    def size(self) -> int:
        """Bytes of row XML written so far."""
        return self._file.tell()

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
        self._file.write(rows_xml(first, cells).encode("utf-8"))
        self.count += n
        return cells

    def redirect(self, file: IO[bytes]) -> IO[bytes]:
        """Send rows written from now on to ``file``; return the file they went to (which the
        caller keeps: a forked child must neither close nor flush its parent's file)."""
        old, self._file = self._file, file
        return old

    def append(self, xml: bytes, rows: int) -> None:
        """Append ``rows`` rows already made as XML (by write() in another process, numbered
        for their places here)."""
        self._file.write(xml)
        self.count += rows

    def widen_to(self, widths: Sequence[int]) -> None:
        """Widen each column to at least its width in ``widths`` (rows made elsewhere)."""
        for col, width in zip(self.columns, widths, strict=True):
            col.width = max(col.width, width)

    def splice_into(self, sheet_xml: bytes, out: IO[bytes]) -> None:
        """Write the worksheet XML with these rows after its heading row."""
        at = sheet_xml.index(_END_OF_DATA)  # raises ValueError if the sheet has no data
        head = sheet_xml[:at]
        if self.count:
            last = self.columns[-1].letter
            head = _DIMENSION.sub(f'<dimension ref="A1:{last}{self.count + 1}"/>'.encode(), head, 1)
        out.write(head)
        self._file.seek(0)
        shutil.copyfileobj(self._file, out, _COPY_CHUNK)
        out.write(sheet_xml[at:])

    def close(self) -> None:
        self._file.close()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    # The entry's own level (ZipFile's compresslevel applies only to entries named by string):
    # "compress_level" from Python 3.13, "_compresslevel" before.
    setattr(
        info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", ZIP_LEVEL
    )
    return info


def _deflate_with_zlib_ng(out: IO[bytes]) -> None:
    """Give a zip entry opened for writing a zlib-ng compressor in place of zlib's, before
    anything is written to it (zipfile names its compressor ``_compressor``; were that to
    change, the entry would keep zlib's, equally valid)."""
    if getattr(out, "_compressor", None) is not None:
        out._compressor = zlib_ng.compressobj(  # type: ignore[attr-defined]
            NG_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS
        )


def splice(source: Path, target: Path, streams: Sequence[SheetRows]) -> None:
    """Copy the workbook at ``source`` to ``target``, each stream's rows spliced into its
    sheet; the temporary row files are closed (and so removed) either way."""
    by_name = {f"xl/worksheets/sheet{s.sheet_number}.xml": s for s in streams}
    try:
        with (
            zipfile.ZipFile(source) as src,
            zipfile.ZipFile(target, "w", compresslevel=ZIP_LEVEL) as dst,
        ):
            for item in src.infolist():
                data = src.read(item)
                stream = by_name.get(item.filename)
                big = stream is not None and stream.size + len(data) >= _ZIP64_FROM
                with dst.open(_entry(item.filename), "w", force_zip64=big) as out:
                    _deflate_with_zlib_ng(out)
                    if stream is None:
                        out.write(data)
                    else:
                        stream.splice_into(data, out)
    finally:
        for s in streams:
            s.close()
