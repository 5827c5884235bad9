"""XML allows whitespace, newlines included, either side of an attribute's '=' (hidden = "1"):
a worksheet or workbook part written so still has its hidden rows, columns, filter, outline
groups, unsaved formula results and hidden sheet found (reconcile.read.guards.sheet_scan, and
the run's notes)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.config import InputConfig
from reconcile.read.guards import sheet_scan
from reconcile.settings import Config
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS
from tests.zipparts import replace_part

runner = CliRunner()
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Whitespace put either side of every '=' of an attribute: spaces, a tab, a newline.
SPACINGS = [(" ", " "), ("\n", "\n  "), ("\t", ""), ("", "\r\n")]


def _spaced(xml: str, before: str, after: str) -> str:
    """Every attribute of every tag written name{before}={after}"value"."""
    return re.sub(r"(\s[\w:]+)=([\"'])", lambda m: f"{m[1]}{before}={after}{m[2]}", xml)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("before", "after"), SPACINGS)
def test_the_scan_finds_what_is_hidden_with_whitespace_around_equals(
    tmp_path: Path, before: str, after: str
) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.save(path)
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetPr filterMode="1"/><cols>'
        '<col min="1" max="2" width="9" hidden="false"/><col min="3" max="3" hidden="1"/>'
        '<col width="0.0" customWidth="1" max="7" min="5"/></cols><sheetData>'
        '<row r="2" hidden="1"><c r="A2"><v>1</v></c></row>'
        '<row r="3"><c r="A3"><f>1+1</f><v></v></c><c r="B3"><f t="shared" si="0"/></c>'
        '<c r="C3"><f>1+1</f><v>2</v></c></row>'
        '<row r="4" hidden="true" outlineLevel="1"/>'
        "<row r='5' hidden='1'/></sheetData>"
        '<autoFilter ref="A1:B5"/></worksheet>'
    )
    spaced = _spaced(sheet, before, after)
    assert f"hidden{before}={after}" in spaced and 'hidden="' not in spaced
    replace_part(path, "xl/worksheets/sheet1.xml", lambda _: spaced)
    scan = sheet_scan(path, "Data", {2, 3, 4, 5})
    assert scan.hidden_columns == [(3, 3), (5, 7)]
    assert (scan.hidden, scan.filtered) == ([2, 4, 5], [2, 5])
    assert scan.blank_formulas == ["A3", "B3"]


def _workbook(path: Path) -> Path:
    """A prison extract on sheet 'Data' with row 3 and column E hidden, behind a cover sheet
    and itself hidden."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in [PRISON_HEADER, *PRISON_ROWS]:
        sheet.append(row)
    sheet.column_dimensions["E"].hidden = True
    sheet.row_dimensions[3].hidden = True
    sheet.sheet_state = "hidden"
    book.create_sheet("Cover").append(["Extract of releases, see the other sheet"])
    book.active = 1
    book.save(path)
    return path


@pytest.mark.parametrize(("before", "after"), SPACINGS[:2])
def test_a_spaced_workbook_names_its_hidden_sheet_row_and_column(
    tmp_path: Path, before: str, after: str
) -> None:
    path = _workbook(tmp_path / "prison.xlsx")
    for part in ("xl/worksheets/sheet1.xml", "xl/workbook.xml"):
        replace_part(path, part, lambda xml: _spaced(xml, before, after))
    config = Config(input=InputConfig(prison_sheet="Data"))
    table, findings = load_table(path, Role.PRISON, config)
    assert table.columns["nationality"][0] == "Jamaica"  # read as before
    notes = _one_line(" ".join(table.source.notes))
    assert "is read from a hidden sheet" in notes
    assert "has 1 data row hidden in the spreadsheet (row 3)" in notes
    assert "has a hidden column: E 'Nationality' (read as the nationality)" in notes
    assert sorted(f.problem for f in findings if "hidden" in f.problem) == [
        "a column hidden in the spreadsheet",
        "rows hidden in the spreadsheet",
    ]


def test_inspect_of_a_spaced_workbook_names_what_is_hidden(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "prison.xlsx")
    for part in ("xl/worksheets/sheet1.xml", "xl/workbook.xml"):
        replace_part(path, part, lambda xml: _spaced(xml, "\n", " "))
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert result.exit_code == 0, result.output
    said = _one_line(result.output)
    assert "(prison.xlsx, sheet 'Data') is read from a hidden sheet" in said
    assert "has 1 data row hidden in the spreadsheet (row 3)" in said
    assert "has a hidden column: E 'Nationality'" in said
