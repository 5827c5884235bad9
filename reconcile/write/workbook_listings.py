"""The workbook's prison-row listings, filled in one pass over the prison rows.

A national run lists every prison row on "All prison rows" and again, for the failures, on a
sheet per failure outcome; outcomes.csv holds every row once more. Making a row's values (its
outcome, link evidence in words, content keys) is most of the cost, so each block of rows is
made once and goes to every listing that shows its rows and to outcomes.csv. The sheets are
created first, in the workbook's order; their data rows stream to temporary files
(reconcile.write.xlsx_stream), so filling them later, side by side, gives the same workbook
as filling them one after the other. The process writing the PDF makes the last blocks once
its PDF is done (reconcile.write.listing_share).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import IO, Any

from xlsxwriter.workbook import Workbook

from reconcile.forked import Forked
from reconcile.model import Cell
from reconcile.result import RunResult
from reconcile.write.listing_share import Alongside, Claims, Shared, Tables, merge, take_from_back
from reconcile.write.outcomes_csv import OutcomesCsv
from reconcile.write.prison_rows import KEYS, block_maker
from reconcile.write.workbook_sheets import LISTING_COLUMNS
from reconcile.write.workbook_table import MAX_DATA_ROWS, Formats, TableWriter

_OUTCOME = KEYS.index("outcome")


def listing_table(
    wb: Workbook, fmt: Formats, title: str, rows: int, max_rows: int = MAX_DATA_ROWS
) -> TableWriter:
    """The sheet (or sheets) of a prison-row listing of ``rows`` rows, headings written."""
    return TableWriter(wb, fmt, title, LISTING_COLUMNS, rows, max_rows, print_keys=LISTING_KEYS)


# The listing's columns repeated on every printed page: the row, prison number and names.
_KEYS = [c.key for c in LISTING_COLUMNS]
LISTING_KEYS = (_KEYS.index("source_row"), _KEYS.index("forenames"))


def by_outcome(outcomes: list[Cell], wanted: Mapping[str, object]) -> dict[str, list[int]]:
    """Positions of the values that are keys of ``wanted``, grouped by value, in order."""
    groups: dict[str, list[int]] = {}
    for position, value in enumerate(outcomes):
        if value in wanted:
            groups.setdefault(str(value), []).append(position)
    return groups


class PrisonListings:
    """Every prison row to ``everything``, each failure to its outcome's table (keyed by the
    outcome's value) and every row to outcomes.csv (``csv``), in blocks made once for all.

    Made when the listings' tables exist: with ``alongside``, its work (the PDF) starts in a
    forked child, which then takes blocks from the back while ``fill`` takes them from the
    front (reconcile.write.listing_share). Without it, ``fill`` makes every block here.
    """

    def __init__(
        self,
        result: RunResult,
        everything: TableWriter,
        failures: Mapping[str, TableWriter],
        csv: OutcomesCsv | None,
        alongside: Alongside | None,
        tmpdir: Path,
    ) -> None:
        self.result, self.everything, self.failures = result, everything, failures
        self.starts, self.make = block_maker(result)
        self.claims = Claims(len(self.starts))
        self.tables = Tables([everything, *failures.values()], self._write, self._positions, csv)
        self.alongside = alongside
        self._spill: IO[bytes] | None = None
        self._before: dict[int, list[int]] | None = None
        if alongside is not None:
            self._spill = tempfile.TemporaryFile(dir=tmpdir)  # noqa: SIM115 - closed in fill
            work = partial(_alongside, alongside.work, self.claims, self, self._spill)
            alongside.helper = Forked(work, alongside.name, alongside.jobs, alongside.inline)

    def _write(self, columns: list[list[Cell]], start: int) -> None:
        cells = self.everything.add_block(columns)
        for outcome, rows in by_outcome(columns[_OUTCOME], self.failures).items():
            self.failures[outcome].add_block(
                [[column[i] for i in rows] for column in columns],
                [[column[i] for i in rows] for column in cells],  # the same cells: made once
            )
        if self.tables.csv is not None:
            self.tables.csv.add(columns)

    def _positions(self, start: int) -> list[int]:
        """Rows on each table before the run's row ``start`` (a block's first row)."""
        if self._before is None:  # counted once, in one pass, for every block
            wanted = list(self.failures)
            counts = dict.fromkeys(wanted, 0)
            self._before = {}
            blocks = set(self.starts)
            for row, c in enumerate(self.result.classifications):
                if row in blocks:
                    self._before[row] = [row, *(counts[o] for o in wanted)]
                if c.outcome.value in counts:
                    counts[c.outcome.value] += 1
        return self._before[start]

    def fill(self) -> None:
        """Make this process's blocks, then the child's (if it took any), then close the
        tables. A child that took none is not waited for here: the caller finishes it once
        the workbook is written (``Alongside.finish``), so that its own work's end overlaps
        the workbook's last steps, as it did before it could help."""
        try:
            while (block := self.claims.front()) is not None:
                start = self.starts[block]
                self._write(self.make(start), start)
                for table in self.tables.tables:
                    table.end_pieces()
            # A child that took blocks is at its last one, if not done.
            taken = self.claims.taken_from_back()
            if taken and self.alongside is not None and self._spill is not None:
                merge(self.alongside.finish(), self.tables, self._spill)
        finally:
            if self._spill is not None:
                self._spill.close()
        self.everything.close()
        for table in self.failures.values():
            table.close()


def _alongside(
    work: Callable[[], Any], claims: Claims, listings: PrisonListings, spill: IO[bytes]
) -> tuple[Any, Shared]:
    """The child's job: its own work, then blocks from the back."""
    answer = work()
    shared = take_from_back(claims, listings.starts, listings.make, listings.tables, spill)
    return answer, shared
