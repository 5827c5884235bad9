"""Rows and columns hidden in an .xls workbook, and a filter, are named as in an .xlsx one:
the same notes and findings, in the same places (reconcile.read.xlsrecords).

The .xls files are made by tests/xls/make.py: LibreOffice converts to .xls the .xlsx that
hidden_book and filtered_book write, which these tests write again to compare the two."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.xlsrecords import XlsSheet, xls_sheets
from reconcile.settings import Config
from tests.test_read_corpus import IND_HEADER, IND_ROWS, write_xlsx
from tests.xls.make import filtered_book, hidden_book

XLS = Path(__file__).parent / "xls"
runner = CliRunner()

HIDDEN_NOTES = [
    "The prison extract (prison_hidden.xls, sheet 'FNP') has 5 data rows hidden in the "
    "spreadsheet (rows 5-6, 9 and 12-13): they were read like every other row. If they should "
    "not be in the audit, delete them from a copy of the file and run again.",
    "The prison extract (prison_hidden.xls, sheet 'FNP') has 2 hidden columns: E "
    "'Nationality' (read as the nationality) and K 'Notes' (not read): hidden columns are "
    "read like the others. Unhide them in Excel (select the columns either side, right-click, "
    "Unhide) to see what was used.",
]
FILTERED_NOTES = [
    "The prison extract (prison_filtered.xls, sheet 'FNP') has 6 data rows hidden in the "
    "spreadsheet: 5 by a filter (rows 3-4, 6 and 9-10), 1 not by the filter (row 12): they "
    "were read like every other row. If they should not be in the audit, delete them from a "
    "copy of the file and run again.",
]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_records_of_the_files_made_by_libreoffice() -> None:
    """Rows counted from 1 (in a collapsed group: True), columns from 1 (A), first and last
    (M is empty: the note leaves it out, the records do not); the filter's range is A1:I10."""
    assert xls_sheets(XLS / "prison_hidden.xls", 100) == {
        "FNP": XlsSheet(
            hidden_rows={5: False, 6: False, 9: False, 12: True, 13: True},
            hidden_columns=[(5, 5), (11, 11), (13, 13)],
        )
    }
    (filtered,) = xls_sheets(XLS / "prison_filtered.xls", 100).values()
    assert filtered.hidden_rows == {3: False, 4: False, 6: False, 9: False, 10: False, 12: False}
    assert (filtered.filter_on, filtered.filter_rows, filtered.hidden_columns) == (
        True,
        range(2, 11),
        [],
    )


@pytest.mark.parametrize(
    ("name", "make", "notes"),
    [
        ("prison_hidden", hidden_book, HIDDEN_NOTES),
        ("prison_filtered", filtered_book, FILTERED_NOTES),
    ],
)
def test_an_xls_extract_is_said_to_hide_what_the_same_xlsx_hides(
    tmp_path: Path, name: str, make: Callable[[], openpyxl.Workbook], notes: list[str]
) -> None:
    """The .xlsx LibreOffice converted: the same notes and findings, but for the file's name."""
    xlsx = tmp_path / f"{name}.xlsx"
    make().save(xlsx)
    table, findings = load_table(XLS / f"{name}.xls", Role.PRISON, Config())
    assert [_one_line(n) for n in table.source.notes] == notes
    hidden = [f for f in findings if "hidden" in f.problem]
    assert hidden
    table_x, findings_x = load_table(xlsx, Role.PRISON, Config())
    assert [n.replace(".xlsx", ".xls") for n in table_x.source.notes] == list(notes)
    assert [f for f in findings_x if "hidden" in f.problem] == [
        replace(f, file=f"{name}.xlsx") for f in hidden
    ]
    assert table.row_numbers == table_x.row_numbers  # every hidden row read


def test_inspect_names_the_rows_and_columns_hidden_in_an_xls_extract() -> None:
    result = runner.invoke(app, ["inspect", str(XLS / "prison_hidden.xls"), "--role", "prison"])
    assert result.exit_code == 0, result.output
    said = _one_line(result.output)
    for note in HIDDEN_NOTES:
        assert note in said


def test_a_run_puts_what_an_xls_extract_hides_in_its_notes_and_data_quality(
    tmp_path: Path,
) -> None:
    ind = write_xlsx(tmp_path / "ind.xlsx", {"IND": [IND_HEADER, *IND_ROWS]})
    out = tmp_path / "out"
    args = ["run", str(XLS / "prison_filtered.xls"), str(ind), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert FILTERED_NOTES[0] in _one_line(result.output)
    assert FILTERED_NOTES[0] in json.loads((out / "manifest.json").read_text())["notes"]
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    quality = [row[:3] for row in book["Data quality"].iter_rows(values_only=True) if row[0]]
    assert ("prison_filtered.xls", "FNP", 3) in quality
    rows = {
        int(line.split(",")[2])
        for line in (out / "outcomes.csv").read_text().splitlines()[1:]
        if line.startswith("prison_filtered.xls,")
    }
    assert {3, 4, 6, 9, 10, 12} <= rows
