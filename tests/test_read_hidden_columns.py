"""Columns hidden in a workbook are named, with what the run reads from them; and
`reconcile inspect` says beforehand what the run would stop on (a column of names or
identifiers holding dates or numbers) or note (blank rows among the data), in the run's words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.guards import sheet_scan
from reconcile.settings import Config
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS, write_ods
from tests.zipparts import replace_part

runner = CliRunner()
SHEET = "FNP discharges"  # the sample prison extract's sheet; its header is on row 3


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _hide_columns(source: Path, path: Path) -> Path:
    """A copy of the sample prison extract (same file name, another folder) with column F
    (the sentence length, read) hidden, a column K headed 'Notes' holding a value (not read)
    hidden, and an empty column M hidden (nothing in it: not named)."""
    book = openpyxl.load_workbook(source)
    sheet = book[SHEET]
    assert sheet["F3"].value == "Sentence Length (months)"
    sheet["K3"] = "Notes"
    sheet["K5"] = "see the file"
    for letter in ("F", "K", "M"):
        sheet.column_dimensions[letter].hidden = True
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


NOTE = (
    f"The prison extract (prison_extract.xlsx, sheet '{SHEET}') has 2 hidden columns: "
    "F 'Sentence Length (months)' (read as the sentence length) and K 'Notes' (not read): "
    "hidden columns are read like the others. Unhide them in Excel (select the columns either "
    "side, right-click, Unhide) to see what was used."
)


def _run(prison: Path, sample: Path, out: Path) -> None:
    args = ["run", str(prison), str(sample / "ind_extract.xlsx")]
    args += ["--config", str(sample / "audit.toml"), "-o", str(out), "--force"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    (out / "output.txt").write_text(result.output, encoding="utf-8")


def _prison_sheet(rows: list[list[Any]]) -> tuple[Any, Any]:
    """A workbook of one sheet, 'Data': the prison header, then ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(PRISON_HEADER)
    for row in rows:
        sheet.append(row)
    return book, sheet


def test_run_names_hidden_columns_and_reads_them_as_before(sample: Path, tmp_path: Path) -> None:
    source = sample / "prison_extract.xlsx"
    hidden = _hide_columns(source, tmp_path / "in" / "prison_extract.xlsx")
    shown = tmp_path / "shown" / "prison_extract.xlsx"  # the same edits, nothing hidden
    shown.parent.mkdir()
    book = openpyxl.load_workbook(hidden)
    for letter in ("F", "K", "M"):
        book[SHEET].column_dimensions[letter].hidden = False
    book.save(shown)
    _run(hidden, sample, tmp_path / "out")
    _run(shown, sample, tmp_path / "plain")
    out, plain = tmp_path / "out", tmp_path / "plain"
    assert NOTE in _one_line((out / "output.txt").read_text(encoding="utf-8"))
    assert "hidden column" not in (plain / "output.txt").read_text(encoding="utf-8")
    assert NOTE in json.loads((out / "manifest.json").read_text())["notes"]
    # The same outcomes, row by row, as with nothing hidden.
    assert (out / "outcomes.csv").read_bytes() == (plain / "outcomes.csv").read_bytes()
    # A finding per hidden column holding something, on the Data quality sheet.
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    quality = [row for row in book["Data quality"].iter_rows(values_only=True) if row[0]]
    said = [r for r in quality if any("column hidden" in str(v) for v in r if v)]
    assert len(said) == 2, said
    assert any("Sentence Length (months)" in r for r in said)
    assert any("Notes" in r for r in said)


def test_inspect_names_hidden_columns(sample: Path, tmp_path: Path) -> None:
    path = _hide_columns(sample / "prison_extract.xlsx", tmp_path / "prison_extract.xlsx")
    result = runner.invoke(app, ["inspect", str(path), "--config", str(sample / "audit.toml")])
    assert result.exit_code == 0, result.output
    assert f"Note: {NOTE}" in _one_line(result.output)
    assert "column M" not in result.output  # hidden, but empty: the note says 2 columns


def test_one_hidden_column_not_read_and_without_header(tmp_path: Path) -> None:
    """A hidden column holding values under no header: named by its letter alone."""
    path = tmp_path / "prison.xlsx"
    book, sheet = _prison_sheet([[*row, None, "x"] for row in PRISON_ROWS])
    sheet.column_dimensions["K"].hidden = True
    book.save(path)
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert result.exit_code == 0, result.output
    assert (
        "The prison extract (prison.xlsx, sheet 'Data') has a hidden column: K (no header, "
        "not read): hidden columns are read like the others. Unhide it in Excel (select the "
        "columns either side, right-click, Unhide) to see all the sheet holds."
    ) in _one_line(result.output)


def test_nothing_hidden_nothing_doubtful_says_nothing_new(tmp_path: Path) -> None:
    """No hidden column, no blank row, every column of the kind it should hold: no note and
    no problem; and an empty hidden column right of the table is not named."""
    path = tmp_path / "prison.xlsx"
    book, sheet = _prison_sheet(PRISON_ROWS)
    sheet.column_dimensions.group("L", "Z", hidden=True)
    book.save(path)
    scan = sheet_scan(path, "Data", set(range(2, 2 + len(PRISON_ROWS))))
    assert scan.hidden_columns  # hidden, but empty: not named
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert result.exit_code == 0, result.output
    assert "Note:" not in result.output
    assert "Problem:" not in result.output


def test_scan_finds_hidden_columns_only(tmp_path: Path) -> None:
    """hidden="1" and hidden="true" on a <col>, as ranges; hidden="false" (LibreOffice) and
    a hidden row are not hidden columns."""
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.save(path)
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols>'
        '<col min="1" max="2" width="9" hidden="false"/><col min="3" max="3" hidden="1"/>'
        '<col width="0" customWidth="1" hidden="true" max="7" min="5"/></cols><sheetData>'
        '<row r="2" hidden="1"><c r="A2"><v>1</v></c></row></sheetData></worksheet>'
    )
    replace_part(path, "xl/worksheets/sheet1.xml", lambda _: sheet)
    scan = sheet_scan(path, "Data", {2})
    assert scan.hidden_columns == [(3, 3), (5, 7)]
    assert scan.hidden == [2]


def test_ods_column_collapsed(tmp_path: Path) -> None:
    """An ODS table's columns as table:table-column elements: the third of them repeated
    twice (columns C and D), the fourth (E, the nationality) collapsed."""
    path = write_ods(tmp_path / "prison.ods", {"Extract": [PRISON_HEADER, *PRISON_ROWS]})
    columns = (
        '<table:table-column/><table:table-column table:visibility="visible"/>'
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:visibility="collapsed"/>'
    )
    opening = '<table:table table:name="Extract">'

    def edit(content: str) -> str:
        assert opening in content
        return content.replace(opening, opening + columns)

    replace_part(path, "content.xml", edit)
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.columns["nationality"][0] == "Jamaica"  # read as before
    (note,) = table.source.notes
    assert (
        "The prison extract (prison.ods, sheet 'Extract') has a hidden column: E 'Nationality' "
        "(read as the nationality): hidden columns are read like the others. Unhide it in "
        "LibreOffice"
    ) in note
    assert [f.column for f in findings if "hidden" in f.problem] == ["Nationality"]


def _config(sample: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = (sample / "audit.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "audit.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            'prison_number = "NOMS No"',
            'prison_number = "Discharge Date"',
            f"prison_extract.xlsx, sheet '{SHEET}', column 'Discharge Date' (column I, read as "
            "the prison number)",
        ),
        (
            'surname = "Surname"',
            'surname = "Date of Birth"',
            f"prison_extract.xlsx, sheet '{SHEET}', column 'Date of Birth' (column D, read as "
            "the surname)",
        ),
    ],
)
def test_inspect_says_what_the_run_would_stop_on(
    sample: Path, tmp_path: Path, old: str, new: str, said: str
) -> None:
    """A column of identifiers or names holding dates: inspect gives the problem the run
    stops on, word for word."""
    config = _config(sample, tmp_path, old, new)
    prison = sample / "prison_extract.xlsx"
    inspected = runner.invoke(app, ["inspect", str(prison), "--config", str(config)])
    assert inspected.exit_code == 0, inspected.output
    args = ["run", str(prison), str(sample / "ind_extract.xlsx"), "--config", str(config)]
    ran = runner.invoke(app, [*args, "-o", str(tmp_path / "out")])
    assert ran.exit_code == 2, ran.output
    problem = next(
        line.removeprefix("Problem: ")
        for line in inspected.output.split("\n\n")
        if line.startswith("Problem: ") and "probably not the" in line
    )
    assert said in _one_line(problem)
    assert _one_line(problem) in _one_line(ran.output)


def test_inspect_counts_blank_rows_as_the_run_does(sample: Path, tmp_path: Path) -> None:
    """The sample has a blank row among its data: inspect gives the run's sentence, the
    file named after the extract."""
    prison = sample / "prison_extract.xlsx"
    inspected = runner.invoke(app, ["inspect", str(prison), "--config", str(sample / "audit.toml")])
    assert inspected.exit_code == 0, inspected.output
    _run(prison, sample, tmp_path / "out")
    ran = _one_line((tmp_path / "out" / "output.txt").read_text(encoding="utf-8"))
    sentence = (
        f"rows 4 to 63 of sheet '{SHEET}', below the header, are the 59 data rows found and "
        "1 blank row, passed over."
    )
    assert f"Note: Prison extract (prison_extract.xlsx): {sentence}" in _one_line(inspected.output)
    assert f"Prison extract: {sentence}" in ran
