"""The prison-row listings shared between this process and the one writing the PDF.

The workbook's listings and outcomes.csv (one pass over every prison row) take longer than
the evidence PDF, which a forked child writes meanwhile: at 200,000 rows a side the child
finished 1 to 2 s before this process, at a million rows 25 s. So the child, once its PDF is
written, takes blocks of prison rows from the back of the run while this process takes them
from the front (``Claims``), until the two meet. The child makes its blocks' listing rows
and CSV lines exactly as this process would, at the rows' own places (row numbers, sheet
parts), into one spill file; this process then appends them in order after its own. The
files are the same bytes whoever made which block.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import multiprocessing
import os
import struct
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, cast

from reconcile.forked import Forked
from reconcile.model import Cell

_ENDS = struct.Struct("qq")  # the next block from the front, and one past the last from the back
# The child's copies of the parent's row files and CSV handle, once redirected: kept to the
# child's end (os._exit), so that they are never closed, and so never flushed, in the child.
_KEPT: list[Any] = []


class Claims:
    """Blocks 0 .. n-1, each handed out once: from the front to this process, from the back
    to a forked child (the counters live in memory shared across fork, under a lock)."""

    def __init__(self, n: int) -> None:
        self._ends = mmap.mmap(-1, _ENDS.size)  # anonymous and shared: a forked child sees it
        _ENDS.pack_into(self._ends, 0, 0, n)
        self._n = n
        self._lock: Any
        self._shared = True
        try:
            self._lock = multiprocessing.get_context("fork").Lock()
        except (ValueError, OSError):  # no fork here, or no semaphores: the back takes nothing
            self._lock, self._shared = contextlib.nullcontext(), False

    def front(self) -> int | None:
        with self._lock:
            lo, hi = _ENDS.unpack_from(self._ends)
            if lo >= hi:
                return None
            _ENDS.pack_into(self._ends, 0, lo + 1, hi)
            return int(lo)

    def taken_from_back(self) -> int:
        """How many blocks the back has taken so far."""
        with self._lock:
            return self._n - int(_ENDS.unpack_from(self._ends)[1])

    def back(self) -> int | None:
        if not self._shared:
            return None
        with self._lock:
            lo, hi = _ENDS.unpack_from(self._ends)
            if lo >= hi:
                return None
            _ENDS.pack_into(self._ends, 0, lo, hi - 1)
            return int(hi - 1)


@dataclass
class Alongside:
    """Work for a forked child to do before it takes blocks of the listings (the PDF), and,
    once finished, its answer, the blocks it made and its seconds on them."""

    work: Callable[[], Any]
    name: str  # the output it makes, for error messages
    jobs: list[Forked]  # stopped by the caller whatever happens
    inline: bool = False  # no child: the work is done here, when finished
    answer: Any = None
    blocks: int = 0
    seconds: float = 0.0
    helper: Forked | None = None
    done: bool = False

    def finish(self) -> Shared:
        """Wait for the child (once); its answer is kept here and its blocks returned."""
        if self.done or self.helper is None:
            return Shared()
        self.answer, shared = self.helper.wait()
        self.done, self.blocks, self.seconds = True, len(shared.pieces), shared.seconds
        return cast(Shared, shared)


class _Recorder:
    """Stands in for a sheet part's row file in the child: appends to the spill and notes
    where each piece went."""

    def __init__(self, spill: IO[bytes]) -> None:
        self._spill = spill
        self.pieces: list[tuple[int, int]] = []

    def write(self, data: bytes) -> int:
        self.pieces.append((self._spill.tell(), len(data)))
        return self._spill.write(data)

    def close(self) -> None:
        pass


@dataclass
class BlockPiece:
    """What the child made of one block: per (table, sheet part), its rows and their XML's
    places in the spill; and its CSV lines' place."""

    block: int
    # table, part, rows, the XML's length and CRC-32, the deflated bytes' places in the spill
    parts: list[tuple[int, int, int, int, int, list[tuple[int, int]]]]
    csv: tuple[int, int] | None  # offset, length


@dataclass
class Shared:
    """The child's answer: its blocks (in the order it made them), the widths its cells
    needed (per table, per part, per column) and the seconds it spent on them."""

    pieces: list[BlockPiece] = field(default_factory=list)
    widths: list[list[list[int]]] = field(default_factory=list)
    seconds: float = 0.0


class Tables:
    """What a block of prison rows goes to: each listing table it belongs on and the CSV.

    ``write_block(columns, start)`` writes one block's values (one list per column) whose
    first row is the run's row ``start``; it is given by the caller (workbook_listings).
    """

    def __init__(
        self,
        tables: Sequence[Any],  # TableWriter: imported by the caller, not here (no cycle)
        write_block: Callable[[list[list[Cell]], int], None],
        positions: Callable[[int], list[int]],
        csv: Any = None,  # OutcomesCsv
    ) -> None:
        self.tables = list(tables)
        self.write_block = write_block
        self.positions = positions  # block start -> rows already on each table before it
        self.csv = csv


def take_from_back(
    claims: Claims,
    starts: Sequence[int],
    make: Callable[[int], list[list[Cell]]],
    tables: Tables,
    spill: IO[bytes],
) -> Shared:
    """In the child: make blocks claimed from the back until none is left, into ``spill``."""
    began = time.perf_counter()
    shared = Shared()
    recorders: list[list[_Recorder]] = []
    csv_text = io.StringIO()
    while (block := claims.back()) is not None:
        if not recorders:  # the first block: the tables' rows go to the spill from now on
            for table in tables.tables:
                row = [_Recorder(spill) for _ in table.parts]
                _KEPT.extend(part.redirect(r) for part, r in zip(table.parts, row, strict=True))
                recorders.append(row)
            if tables.csv is not None:
                _KEPT.append(tables.csv.redirect(csv_text))
        start = starts[block]
        for table, written in zip(tables.tables, tables.positions(start), strict=True):
            table.seek(written)
        counts = [[part.count for part in table.parts] for table in tables.tables]
        for row in recorders:
            for recorder in row:
                recorder.pieces = []
        csv_text.seek(0)
        csv_text.truncate()
        tables.write_block(make(start), start)
        ends = [table.end_pieces() for table in tables.tables]
        parts = [
            (t, p, part.count - counts[t][p], *end, recorders[t][p].pieces)
            for t, table in enumerate(tables.tables)
            for p, (part, end) in enumerate(zip(table.parts, ends[t], strict=True))
            if end is not None
        ]
        csv_place = None
        if tables.csv is not None:
            data = csv_text.getvalue().encode("utf-8")
            csv_place = (spill.tell(), len(data))
            spill.write(data)
        shared.pieces.append(BlockPiece(block, parts, csv_place))
    if recorders:  # (with no block taken the spill may be closed: nothing was written to it)
        spill.flush()
    shared.widths = [[part.widths for part in table.parts] for table in tables.tables]
    shared.seconds = time.perf_counter() - began
    return shared


def merge(shared: Shared, tables: Tables, spill: IO[bytes]) -> None:
    """In this process, after its own blocks: append the child's blocks in order."""
    fd = spill.fileno()
    for piece in sorted(shared.pieces, key=lambda p: p.block):
        for t, p, rows, size, crc, places in piece.parts:
            data = b"".join(os.pread(fd, length, offset) for offset, length in places)
            tables.tables[t].append_rows(p, data, size, crc, rows)
        if piece.csv is not None and tables.csv is not None:
            offset, length = piece.csv
            tables.csv.write_text(os.pread(fd, length, offset).decode("utf-8"))
    for table, widths in zip(tables.tables, shared.widths, strict=True):
        for part, part_widths in zip(table.parts, widths, strict=True):
            part.widen_to(part_widths)


__all__ = ["Alongside", "Claims", "Shared", "Tables", "merge", "take_from_back"]
