"""The offence chart in the evidence PDF: a free-text offence column can hold as many kinds as
rows. A bar each made the chart taller than a page, and the run stopped after all its work
with "evidence.pdf: could not be written (LayoutError ...)"."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.write.evidence_charts import MAX_OFFENCE_BARS, offence_bars
from tests.test_cli import run_args


@pytest.mark.parametrize(
    ("rows", "bars", "folded"),
    [
        ([("Drugs", 5), ("Theft", 2)], [("Drugs", 5), ("Theft", 2)], 0),
        (
            [(f"Offence {n:03d}", 1 + n % 7) for n in range(40)],
            None,  # checked below
            40 - (MAX_OFFENCE_BARS - 1),
        ),
    ],
)
def test_offence_bars(
    rows: list[tuple[str, int]], bars: list[tuple[str, int]] | None, folded: int
) -> None:
    got, n = offence_bars(rows)
    assert n == folded
    if bars is not None:
        assert got == bars
        return
    assert len(got) == MAX_OFFENCE_BARS
    assert sum(v for _, v in got) == sum(v for _, v in rows)  # nothing lost
    assert got[-1][0] == f"{folded} other kinds"
    kept = [k for k, _ in got[:-1]]
    assert kept == sorted(kept)  # in the table's order
    assert min(v for _, v in got[:-1]) >= max(v for k, v in rows if k not in kept)


def test_a_run_with_an_offence_of_its_own_on_every_row_writes_its_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "sample"
    made = CliRunner().invoke(app, ["sample", "-o", str(folder), "--people", "500"])
    assert made.exit_code == 0, made.output
    book = openpyxl.load_workbook(folder / "prison_extract.xlsx")
    sheet = book.active
    assert sheet is not None
    header_row = next(r for r in range(1, 10) if "Main Offence" in [c.value for c in sheet[r]])
    column = [c.value for c in sheet[header_row]].index("Main Offence") + 1
    for r in range(header_row + 1, sheet.max_row + 1):
        sheet.cell(r, column).value = f"Offence described in free text, case {r}"
    book.save(folder / "prison_extract.xlsx")
    result = CliRunner().invoke(app, [*run_args(folder, tmp_path / "out"), "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "evidence.pdf").stat().st_size > 0
