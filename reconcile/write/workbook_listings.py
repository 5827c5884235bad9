"""The workbook's prison-row listings, filled in one pass over the prison rows.

A national run lists every prison row on "All prison rows" and again, for the failures, on a
sheet per failure outcome; outcomes.csv holds every row once more. Making a row's values (its
outcome, link evidence in words, content keys) is most of the cost, so each block of rows is
made once, in extract order, and goes to every listing that shows its rows and to any other
taker (``on_rows``: outcomes.csv). The sheets are created first, in the workbook's order;
their data rows stream to temporary files (reconcile.write.xlsx_stream), so filling them
later, side by side, gives the same workbook as filling them one after the other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from xlsxwriter.workbook import Workbook

from reconcile.model import Cell
from reconcile.result import RunResult
from reconcile.write.prison_rows import KEYS, prison_blocks
from reconcile.write.workbook_sheets import LISTING_COLUMNS
from reconcile.write.workbook_table import MAX_DATA_ROWS, Formats, TableWriter

RowsHook = Callable[[list[list[Cell]]], None]
_OUTCOME = KEYS.index("outcome")


def listing_table(
    wb: Workbook, fmt: Formats, title: str, rows: int, max_rows: int = MAX_DATA_ROWS
) -> TableWriter:
    """The sheet (or sheets) of a prison-row listing of ``rows`` rows, headings written."""
    return TableWriter(wb, fmt, title, LISTING_COLUMNS, rows, max_rows)


def by_outcome(outcomes: list[Cell], wanted: Mapping[str, object]) -> dict[str, list[int]]:
    """Positions of the values that are keys of ``wanted``, grouped by value, in order."""
    groups: dict[str, list[int]] = {}
    for position, value in enumerate(outcomes):
        if value in wanted:
            groups.setdefault(str(value), []).append(position)
    return groups


def fill_prison_listings(
    result: RunResult,
    everything: TableWriter,
    failures: Mapping[str, TableWriter],
    on_rows: RowsHook | None = None,
) -> None:
    """Every prison row to ``everything``, each failure to its outcome's table (keyed by the
    outcome's value) and every block of values (PRISON_COLUMNS) to ``on_rows``; then close the
    tables."""
    for columns in prison_blocks(result, range(len(result.prison))):
        cells = everything.add_block(columns)
        for outcome, rows in by_outcome(columns[_OUTCOME], failures).items():
            failures[outcome].add_block(
                [[column[i] for i in rows] for column in columns],
                [[column[i] for i in rows] for column in cells],  # the same cells: made once
            )
        if on_rows is not None:
            on_rows(columns)
    everything.close()
    for table in failures.values():
        table.close()
