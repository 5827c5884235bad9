"""Cells showing a formula error (#N/A, #DIV/0!, #REF!, #VALUE!, LibreOffice's Err:502).

The parser reads such a cell as empty. In a decisions file a Decision showing one was passed
over (a note at most) and a Reviewer showing one taken for no name; in an extract a mapped
cell showing one was a missing value unsaid. They are found in the workbook's XML: a cell
t="e" in .xlsx, a formula cell whose text is an error (calcext:value-type "error" as
LibreOffice marks it) in .ods."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.decisions import NOT_SAME, load_decisions
from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.config import LimitsConfig
from reconcile.read.guards import ERROR_CELLS, _error_cells, check_zip
from reconcile.settings import Config
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS, write_ods
from tests.test_review_roundtrip import (
    invoke,
    review_sheet_rows,
    reviewed,  # noqa: F401  (the module's fixture, used by the tests below)
)

HEADER = ["Prison row", "prison_key", "ind_key", "Decision", "Reviewer", "Note"]
CALCEXT = 'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'


def _keys(n: int) -> tuple[str, str]:
    return f"P-{n:016X}", f"I-{n + 1000:016X}"


def _xlsx(path: Path, sheet: str, rows: list[list[object]], errors: dict[str, str]) -> Path:
    """``rows`` as a sheet, with each cell in ``errors`` ("D2": "#N/A") a formula whose saved
    result is that error, as Excel writes it (<c r="D2" t="e"><f>..</f><v>#N/A</v></c>)."""
    book = xlsxwriter.Workbook(str(path))
    out = book.add_worksheet(sheet)
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                out.write_datetime(r, c, value, day)
            elif value is not None:
                out.write(r, c, value)
    for ref, shown in errors.items():
        out.write_formula(ref, "=NA()" if shown == "#N/A" else "=1/0", None, shown)
    book.close()
    with zipfile.ZipFile(path) as archive:
        part = archive.read("xl/worksheets/sheet1.xml").decode()
    for ref, shown in errors.items():
        assert f'<c r="{ref}" t="e"><f>' in part and f"<v>{shown}</v>" in part
    return path


def _ods(path: Path, sheet: str, rows: list[list[object]], marked: bool = True) -> Path:
    """``rows`` as an .ods sheet, each cell written as "#N/A" or "#DIV/0!" a formula showing
    that error: marked as one (calcext:value-type="error") as LibreOffice writes it, or not
    (``marked`` False), with only the text saying so, as other programs write it."""
    write_ods(path, {sheet: rows})
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    content = (
        parts["content.xml"]
        .decode()
        .replace('office:version="1.2"', f'{CALCEXT} office:version="1.2"')
    )
    mark = ' calcext:value-type="error"' if marked else ""
    for shown, formula in (("#N/A", "NA()"), ("#DIV/0!", "1/0")):
        content = content.replace(
            f'<table:table-cell office:value-type="string"><text:p>{shown}</text:p>',
            f'<table:table-cell table:formula="of:={formula}" office:value-type="string" '
            f'office:string-value=""{mark}><text:p>{shown}</text:p>',
        )
    parts["content.xml"] = content.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return path


def _lines() -> list[list[object]]:
    return [HEADER, *([n, *_keys(n), "", "", ""] for n in (1, 2, 3))]


def test_a_decision_showing_n_a_stops_the_run(tmp_path: Path) -> None:
    """Read as blank, it gave only the note of a line with a Reviewer and no Decision."""
    rows = _lines()
    rows[1][4] = rows[3][4] = "R. Jones"
    rows[3][3] = "not the same person"
    path = _xlsx(tmp_path / "d.xlsx", "Needs review", rows, {"D2": "#N/A"})
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "d.xlsx, sheet 'Needs review', cell D2 (column Decision): the cell shows #N/A, a "
        "formula error, which reads as an empty cell, so what it was meant to hold would be "
        "lost; type the decision as text in place of the formula (same person, not the same "
        "person or skip), and run again"
    )


def test_a_reviewer_showing_div_0_stops_the_run_naming_the_cell(tmp_path: Path) -> None:
    """Read as blank, it was reported as a decision without the name of the reviewer."""
    rows = _lines()
    rows[1][3] = rows[2][3] = "same person"
    path = _xlsx(tmp_path / "d.xlsx", "Needs review", rows, {"E2": "#DIV/0!", "E3": "#DIV/0!"})
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value).startswith(
        "d.xlsx, sheet 'Needs review', cell E2 (column Reviewer): the cell shows #DIV/0!, a "
        "formula error (and so does E3), which reads as an empty cell, so what it was meant to "
        "hold would be lost; type the reviewer's name as text in place of the formula"
    )


def test_a_formula_error_elsewhere_in_the_sheet_is_no_stop(tmp_path: Path) -> None:
    """A column the reviewer does not type in, and a row above the header, are not looked at."""
    rows = [["Needs review"], *_lines()]
    rows[0].append("#N/A")
    rows[1].append("Score")
    rows[2][3:5] = ["not the same person", "R. Jones"]
    path = _xlsx(tmp_path / "d.xlsx", "Needs review", rows, {"B1": "#N/A", "G3": "#N/A"})
    (only,) = load_decisions(path)
    assert (only.prison_key, only.decision) == (_keys(1)[0], NOT_SAME)


@pytest.mark.parametrize("marked", [True, False])
def test_a_formula_error_in_an_ods_decisions_file_stops_the_run(
    tmp_path: Path, marked: bool
) -> None:
    rows = _lines()
    rows[2][3:6] = ["same person", "R. Jones", "#N/A"]
    path = _ods(tmp_path / "d.ods", "Needs review", rows, marked)
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "d.ods, sheet 'Needs review', cell F3 (column Note): the cell shows #N/A, a formula "
        "error, which reads as an empty cell, so what it was meant to hold would be lost; type "
        "the note as text in place of the formula, or clear the cell, and run again"
    )


def test_the_run_stops_on_a_decision_showing_an_error(
    reviewed: tuple[Path, Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The run's workbook with a Decision cell showing #N/A (a lookup that found nothing)."""
    folder, first, _ = reviewed
    book = openpyxl.load_workbook(first / "reconciliation.xlsx")
    header, _ = review_sheet_rows(book)
    sheet = book["Needs review"]
    cell = sheet.cell(row=2, column=header["Decision"] + 1, value="#N/A")
    assert cell.data_type == "e"
    sheet.cell(row=2, column=header["Reviewer"] + 1, value="J. Smith")
    path = tmp_path / "looked_up.xlsx"
    book.save(path)
    result = invoke(folder, tmp_path / "out", "--decisions", str(path))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said.startswith(
        f"error: looked_up.xlsx, sheet 'Needs review', cell {cell.column_letter}2 (column "
        "Decision): the cell shows #N/A, a formula error"
    ), said
    assert not (tmp_path / "out" / "manifest.json").exists()


def _extract_rows() -> list[list[object]]:
    rows = [["FNP releases"], PRISON_HEADER, *(list(r) for r in PRISON_ROWS)]
    rows[3][3] = "#N/A"  # O'BRIEN's date of birth, row 4, column D
    rows[4][1] = "#DIV/0!"  # NGUYEN's surname, row 5, column B
    return rows


def _error_findings(path: Path) -> list[tuple[int, str, str, str, str]]:
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.columns["dob"][1] is None or table.columns["dob"][1] == ""
    return [
        (f.row, f.column, f.field, f.raw, f.problem)
        for f in findings
        if "formula error" in f.problem
    ]


EXPECTED = [
    (4, "DOB", "dob", "#N/A", "date of birth '#N/A' is a formula error that the cell shows, "
     "not a value"),
    (5, "Surname", "surname", "#DIV/0!", "surname '#DIV/0!' is a formula error that the cell "
     "shows, not a value"),
]  # fmt: skip


def test_a_formula_error_in_an_xlsx_extract_is_a_finding(tmp_path: Path) -> None:
    """An error above the header (the title row) or in no mapped column is not one."""
    rows = _extract_rows()
    rows[0].append(None)
    path = _xlsx(
        tmp_path / "prison.xlsx",
        "FNP",
        [[None if v in ("#N/A", "#DIV/0!") else v for v in row] for row in rows],
        {"D4": "#N/A", "B5": "#DIV/0!", "C1": "#N/A", "L3": "#N/A"},
    )
    assert _error_findings(path) == EXPECTED


@pytest.mark.parametrize("marked", [True, False])
def test_a_formula_error_in_an_ods_extract_is_a_finding(tmp_path: Path, marked: bool) -> None:
    path = _ods(tmp_path / "prison.ods", "FNP", _extract_rows(), marked)
    assert _error_findings(path) == EXPECTED


def test_an_ods_formula_giving_empty_text_is_no_error(tmp_path: Path) -> None:
    """A formula whose result is empty text (=IF(..;"";..)), or text that only starts with
    '#', shows no error."""
    rows = _extract_rows()
    rows[3][3], rows[4][1] = "#N/A", "#1 SMITH"
    path = write_ods(tmp_path / "prison.ods", {"FNP": rows})
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    content = parts["content.xml"].decode()
    for shown in ("#N/A", "#1 SMITH"):
        content = content.replace(
            f'<table:table-cell office:value-type="string"><text:p>{shown}</text:p>',
            '<table:table-cell table:formula="of:=IF(1;&quot;&quot;;0)" '
            f'office:value-type="string" office:string-value="">'
            f"<text:p>{'' if shown == '#N/A' else shown}</text:p>",
        )
    parts["content.xml"] = content.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    _, findings = load_table(path, Role.PRISON, Config())
    assert [f for f in findings if "formula error" in f.problem] == []


def test_inspect_lists_the_cells_showing_a_formula_error(tmp_path: Path) -> None:
    rows = [[None if v in ("#N/A", "#DIV/0!") else v for v in row] for row in _extract_rows()]
    path = _xlsx(tmp_path / "prison.xlsx", "FNP", rows, {"D4": "#N/A", "B5": "#DIV/0!"})
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        "DOB (column D): date of birth is a formula error that the cell shows, not a value: "
        "1 cell What the run does: read as missing;"
    ) in said
    assert "D4 4 #N/A" in said and "B5 5 #DIV/0!" in said


@pytest.mark.parametrize(
    ("xml", "found"),
    [
        (b'<c r="AK5" t="e"><v>#N/A</v></c>', {(5, 36): "#N/A"}),
        (b'<c r="B3" s="3" t="e"><f>1/0</f><v>#DIV/0!</v></c>', {(3, 1): "#DIV/0!"}),
        (b'<x:c t="e" r="C7"><x:f t="shared" si="0"/><x:v>#REF!</x:v></x:c>', {(7, 2): "#REF!"}),
        (b"<c r='D3' t='e'>\n  <v>#VALUE!</v>\n</c>", {(3, 3): "#VALUE!"}),
        (b'<c r="E9" t="e"/>', {}),  # no value: nothing shown
        (b'<c r="F2" t="e"><v>#N/A</v></c>', {}),  # a row not looked at
        (b'<c r="A3" t="s"><v>4</v></c><c r="B3" t="str"><f>"e"</f><v>e</v></c>', {}),
        (b'<row r="3" t="e"><c r="A3"><v>1</v></c></row>', {}),  # not a cell's tag
        (b'<c r="A3" at="e"><v>#N/A</v></c>', {}),  # another attribute ending in t
    ],
)
def test_error_cells_as_written_in_a_sheet_part(
    xml: bytes, found: dict[tuple[int, int], str]
) -> None:
    """Cells found by (row, column from 0) in the rows looked at (3, 5, 7 and 9)."""
    seen: dict[tuple[int, int], str] = {}
    _error_cells(b"<sheetData>" + xml + b"</sheetData>", {3, 5, 7, 9}, seen)
    assert seen == found


# .xls workbooks made by tests/xls/make.py (LibreOffice; xlwt for the errors typed into their
# cells), kept as files so that these tests run where LibreOffice is not installed. The parser
# reads their error cells as empty: they are found in the workbook's BIFF records.
XLS = Path(__file__).parent / "xls"


@pytest.mark.parametrize("name", ["prison_errors.xls", "prison_typed_errors.xls"])
def test_a_formula_error_in_an_xls_extract_is_a_finding(tmp_path: Path, name: str) -> None:
    """A formula's error result (FORMULA record) or an error typed into the cell (BOOLERR):
    D4 #N/A and B5 #DIV/0! are findings; C1 (the title row, above the header) and L3 (a
    column not read) show #N/A too, and are not."""
    path = tmp_path / "prison.xls"
    path.write_bytes((XLS / name).read_bytes())
    assert _error_findings(path) == EXPECTED


def test_inspect_lists_the_cells_showing_a_formula_error_in_an_xls_extract() -> None:
    result = CliRunner().invoke(app, ["inspect", str(XLS / "prison_errors.xls")])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        "DOB (column D): date of birth is a formula error that the cell shows, not a value: "
        "1 cell What the run does: read as missing;"
    ) in said
    assert "D4 4 #N/A" in said and "B5 5 #DIV/0!" in said


def test_a_decision_showing_n_a_in_an_xls_decisions_file_stops_the_run() -> None:
    """Line 1's Decision (D2) shows #N/A beside a Reviewer: read as blank, it was passed over
    with a note. G3, #DIV/0! under a heading of the reviewer's own, is no stop."""
    with pytest.raises(InputError) as info:
        load_decisions(XLS / "decisions_errors.xls")
    assert str(info.value) == (
        "decisions_errors.xls, sheet 'Needs review', cell D2 (column Decision): the cell shows "
        "#N/A, a formula error, which reads as an empty cell, so what it was meant to hold "
        "would be lost; type the decision as text in place of the formula (same person, not "
        "the same person or skip), and run again"
    )


def test_the_run_stops_on_an_xls_decisions_file_with_a_decision_showing_an_error(
    reviewed: tuple[Path, Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    folder, _, _ = reviewed
    decisions = XLS / "decisions_errors.xls"
    result = invoke(folder, tmp_path / "out", "--decisions", str(decisions))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said.startswith(
        "error: decisions_errors.xls, sheet 'Needs review', cell D2 (column Decision): the "
        "cell shows #N/A, a formula error, which reads as an empty cell"
    ), said
    assert not (tmp_path / "out" / "manifest.json").exists()


def _rewrite_content(path: Path, edit: Callable[[str], str]) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["content.xml"] = edit(parts["content.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return path


@pytest.mark.parametrize("marked", [True, False])
def test_an_ods_error_cell_repeated_is_a_finding_in_each_row_and_column_it_covers(
    tmp_path: Path, marked: bool
) -> None:
    """O'BRIEN's row, its date of birth showing #N/A, written once for three rows
    (table:number-rows-repeated="3"): each of rows 4 to 6 shows it, as the parser reads
    them, and each is a finding (only row 4 was); NGUYEN's surname cell, #DIV/0!, written
    once for two columns (table:number-columns-repeated="2"), so his forenames show it too."""
    path = _ods(tmp_path / "prison.ods", "FNP", _extract_rows(), marked)

    def repeat(content: str) -> str:
        row = content.rindex("<table:table-row>", 0, content.index("O'BRIEN"))
        content = (
            content[:row]
            + '<table:table-row table:number-rows-repeated="3">'
            + content[row + len("<table:table-row>") :]
        )
        cell = content.rindex("<table:table-cell ", 0, content.index("#DIV/0!"))
        after = content.index("</table:table-cell>", cell) + len("</table:table-cell>")
        forenames = content.index("</table:table-cell>", after) + len("</table:table-cell>")
        assert "Van" in content[after:forenames]
        twice = content[cell:after].replace(
            "<table:table-cell ", '<table:table-cell table:number-columns-repeated="2" ', 1
        )
        return content[:cell] + twice + content[forenames:]

    _rewrite_content(path, repeat)
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.columns["surname"][:4] == ["SMITH", "O'BRIEN", "O'BRIEN", "O'BRIEN"]
    div = "'#DIV/0!' is a formula error that the cell shows, not a value"
    assert _error_findings(path) == [
        *((row, "DOB", "dob", "#N/A", EXPECTED[0][4]) for row in (4, 5, 6)),
        (7, "Forename(s)", "forenames", "#DIV/0!", f"forenames {div}"),
        (7, "Surname", "surname", "#DIV/0!", f"surname {div}"),
    ]


def test_an_ods_error_cell_repeated_a_million_times_is_noted_no_more_than_the_cap(
    tmp_path: Path,
) -> None:
    """A row holding an error cell written once for 1,000,000 rows (within the cell limit):
    the check before parsing notes its first ERROR_CELLS cells, row by row, and no more."""
    path = _ods(tmp_path / "prison.ods", "FNP", _extract_rows())

    def repeat(content: str) -> str:
        row = content.rindex("<table:table-row>", 0, content.index("O'BRIEN"))
        return (
            content[:row]
            + '<table:table-row table:number-rows-repeated="1000000">'
            + content[row + len("<table:table-row>") :]
        )

    _rewrite_content(path, repeat)
    facts = check_zip(path, "ods", LimitsConfig())
    errors = facts.ods_errors["FNP"]
    assert len(errors) == ERROR_CELLS
    assert errors[:2] == [(4, 3, "#N/A"), (5, 3, "#N/A")]
    assert errors[-1] == (3 + ERROR_CELLS, 3, "#N/A")
