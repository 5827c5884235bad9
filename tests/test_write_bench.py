"""Timing runs for the writers, on demand only (they take minutes):

    RECONCILE_BENCH=1 RECONCILE_BENCH_ROWS=100000 python -m pytest -s tests/test_write_bench.py

Each run prints wall and CPU seconds, pages and peak memory for a synthetic run of N prison
rows (half of them listed failures; see tests/factories.make_large_result).
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from reconcile.result import RunResult
from reconcile.write.evidence import write_evidence
from reconcile.write.outcomes_csv import write_outcomes_csv
from reconcile.write.views import PRISON_COLUMNS, prison_row
from reconcile.write.workbook import write_workbook
from reconcile.write.workbook_table import Formats, TableWriter
from tests.factories import make_large_result

pytestmark = pytest.mark.skipif(
    not os.environ.get("RECONCILE_BENCH"), reason="timing run: set RECONCILE_BENCH=1"
)
ROWS = int(os.environ.get("RECONCILE_BENCH_ROWS", "100000"))


@pytest.fixture(scope="module")
def big() -> RunResult:
    return make_large_result(ROWS)


def _timed(label: str, work: Callable[[], object]) -> float:
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    outcome = work()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(
        f"\n{label}: {wall:.1f} s wall, {cpu:.1f} s CPU, result {outcome}, "
        f"peak RSS {after.ru_maxrss / 1024:.0f} MB"
    )
    return wall


def _xlsxwriter_listing(result: RunResult, path: Path) -> None:
    from xlsxwriter.workbook import Workbook

    wb = Workbook(str(path), {"constant_memory": True, "tmpdir": str(path.parent)})
    table = TableWriter(wb, Formats.create(wb), "All prison rows", PRISON_COLUMNS, ROWS)
    keys = [c.key for c in PRISON_COLUMNS]
    for i in range(len(result.prison)):
        values = prison_row(result, i)
        table.add([values[k] for k in keys])
    table.close()
    wb.close()


def _openpyxl_listing(result: RunResult, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("All prison rows")
    ws.append([c.title for c in PRISON_COLUMNS])
    keys = [c.key for c in PRISON_COLUMNS]
    for i in range(len(result.prison)):
        values = prison_row(result, i)
        row = []
        for k in keys:
            cell = WriteOnlyCell(ws, value=values[k])
            if isinstance(values[k], date):
                cell.number_format = "dd/mm/yyyy"
            row.append(cell)
        ws.append(row)
    ws.freeze_panes = "A2"
    wb.save(path)


def test_xlsxwriter_against_openpyxl_write_only(big: RunResult, tmp_path: Path) -> None:
    fast = _timed(
        f"xlsxwriter constant-memory, {ROWS:,} rows x {len(PRISON_COLUMNS)}",
        lambda: _xlsxwriter_listing(big, tmp_path / "x.xlsx"),
    )
    slow = _timed(
        f"openpyxl write-only, {ROWS:,} rows x {len(PRISON_COLUMNS)}",
        lambda: _openpyxl_listing(big, tmp_path / "o.xlsx"),
    )
    assert fast < slow


def test_each_writer_at_scale(big: RunResult, tmp_path: Path) -> None:
    _timed(f"workbook, {ROWS:,} prison rows", lambda: write_workbook(big, tmp_path / "r.xlsx"))
    _timed(
        f"outcomes.csv, {ROWS:,} prison rows", lambda: write_outcomes_csv(big, tmp_path / "o.csv")
    )
    _timed(
        f"evidence.pdf, {big.totals.not_considered:,} listed",
        lambda: f"{write_evidence(big, tmp_path / 'e.pdf')} pages",
    )
    assert (tmp_path / "e.pdf").stat().st_size > 0
