"""reconciliation.xlsx as an auditor working in Excel meets it: what is shown, how wide, in
what order, with what warnings, and how a decision is entered."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl

from reconcile.model import Finding
from reconcile.write.workbook import SHEET_ABOUT, sheet_about, write_workbook
from reconcile.write.workbook_review import DECISION_CHOICES, REVIEW_SHEET
from reconcile.write.workbook_sheets import findings_in_order
from reconcile.write.workbook_table import PROB_FORMAT
from tests.factories import WORKBOOK_SHEETS, headings, make_result

LISTINGS = WORKBOOK_SHEETS[1:]


def _width(ws, heading: str) -> float:
    col = headings(ws).index(heading) + 1
    for dim in ws.column_dimensions.values():
        if dim.min and dim.min <= col <= dim.max:
            return float(dim.width)
    raise AssertionError(f"no width for {heading}")


def test_probability_is_never_shown_as_certain(book: Path) -> None:
    """0.9999982 showed as 1.000 (and 0.0000146 as 0.000) where the evidence pack says
    "above 0.999" / "below 0.001"; the cell keeps the exact value."""
    wb = openpyxl.load_workbook(book)
    for sheet, heading in (("All prison rows", "Match probability"), (REVIEW_SHEET, "Probability")):
        ws = wb[sheet]
        col = headings(ws).index(heading) + 1
        cells = [ws.cell(r, col) for r in range(2, ws.max_row + 1) if ws.cell(r, col).value]
        assert cells
        assert {c.number_format for c in cells} == {PROB_FORMAT}
    assert '[>=0.9995]"above 0.999"' in PROB_FORMAT and '[<0.0005]"below 0.001"' in PROB_FORMAT


def test_no_number_stored_as_text_warnings(book: Path) -> None:
    """IND source rows, case references and prison numbers are text on purpose: Excel is told
    not to flag them with its green triangle on every listing sheet."""
    wb = openpyxl.load_workbook(book)
    with zipfile.ZipFile(book) as z:
        for n, name in enumerate(wb.sheetnames, start=1):
            xml = z.read(f"xl/worksheets/sheet{n}.xml").decode()
            ignored = '<ignoredError sqref="A1:XFD1048576" numberStoredAsText="1"/>'
            assert (ignored in xml) == (name in LISTINGS), name
    settings = {r[1]: r[2] for r in wb["Settings and inputs"].iter_rows(values_only=True)}
    assert isinstance(settings["candidate pairs"], int)


def test_decision_columns_fit_what_is_entered(book: Path) -> None:
    """Decision, Reviewer and Note were as narrow as their headings: "not the same person"
    was cut off and a note had 8 characters of room."""
    wb = openpyxl.load_workbook(book)
    longest = max(map(len, DECISION_CHOICES))
    for sheet in (REVIEW_SHEET, "Reviewer decisions"):
        ws = wb[sheet]
        assert _width(ws, "Decision") >= longest + 3
        assert _width(ws, "Reviewer") >= 15
        assert _width(ws, "Note") >= 30


def test_review_instructions_and_drop_downs(tmp_path: Path) -> None:
    """The reviewer is told that a name is needed with each decision and how the workbook
    goes back; a decision carried forward is changed from the same drop-down."""
    result = make_result()
    path = tmp_path / "reconciliation.xlsx"
    write_workbook(result, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[REVIEW_SHEET]
    heads = headings(ws)
    assert "--decisions" in ws.cell(1, heads.index("Decision") + 1).comment.text
    assert "stops the next run" in ws.cell(1, heads.index("Reviewer") + 1).comment.text
    assert "Reviewer" in ws.data_validations.dataValidation[0].prompt
    decided = wb["Reviewer decisions"]
    (validation,) = decided.data_validations.dataValidation
    assert validation.formula1 == '"' + ",".join(DECISION_CHOICES) + '"'
    last = 1 + len(result.decisions)
    assert str(validation.sqref) == ("C2" if last == 2 else f"C2:C{last}")  # the Decision column


def test_summary_text_is_never_cut_off(book: Path) -> None:
    """Long labels wrap in column A; a meaning or an example spreads over the columns to F
    (it ran past the printed page); the findings table's heading no longer wraps into its
    first row."""
    ws = openpyxl.load_workbook(book)["Summary"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    rows = {r[0].value: r[0].row for r in ws.iter_rows() if r[0].value}
    label = "Number of releases (a person's rows released on the same day count as one)"
    cell = ws.cell(rows[label], 1)
    assert cell.alignment.wrap_text and ws.row_dimensions[cell.row].height >= 30
    assert f"C{rows['Outcome']}:F{rows['Outcome']}" in merged
    assert f"C{rows['Never referred']}:F{rows['Never referred']}" in merged
    assert f"D{rows['File']}:F{rows['File']}" in merged
    assert ws.cell(rows["File"], 4).value == "Commonest problem (an example)"
    assert f"D{rows['prison.xlsx']}:F{rows['prison.xlsx']}" in merged


def test_summary_lists_each_sheet_with_a_link_and_its_order(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb["Summary"]
    start = next(r[0].row for r in ws.iter_rows() if r[0].value == "Sheets in this workbook")
    listed = list(ws.iter_rows(min_row=start + 1, max_row=start + len(LISTINGS)))
    assert [r[1].value for r in listed] == wb.sheetnames[1:]
    for row in listed:
        assert row[1].hyperlink.location == f"'{row[1].value}'!A1"
        assert row[2].value == sheet_about(row[1].value) != ""
    assert "prison extract's order" in sheet_about("Never referred")
    assert "prison extract's order" in sheet_about("All prison rows (2)")
    assert set(SHEET_ABOUT) | {"Never referred"} >= set(LISTINGS) - {
        "Referred, not considered",
        "Considered after release",
    }


def test_data_quality_reads_down_each_extract(tmp_path: Path) -> None:
    """Findings came in the order the checks ran (every "appears to be the same person"
    finding last, in no row order); the sheet now goes by file, sheet and row."""

    def finding(file: str, row: int, problem: str) -> Finding:
        return Finding(file, "S", row, "", "", "", problem, "")

    found = [
        finding("prison.xlsx", 40, "totals row"),
        finding("prison.xlsx", 7, "bad date"),
        finding("ind.xlsx", 3, "bad prison number"),
        finding("prison.xlsx", 12, "same person as row 7"),
        finding("prison.xlsx", 0, "the file"),
        finding("ind.xlsx", 2, "same person as row 3"),
    ]
    ordered = [(f.file, f.row) for f in findings_in_order(found)]
    assert ordered == [
        ("prison.xlsx", 0),
        ("prison.xlsx", 7),
        ("prison.xlsx", 12),
        ("prison.xlsx", 40),
        ("ind.xlsx", 2),
        ("ind.xlsx", 3),
    ]
    path = tmp_path / "reconciliation.xlsx"
    write_workbook(replace(make_result(), findings=found), path)
    ws = openpyxl.load_workbook(path)["Data quality"]
    assert [(r[0], r[2]) for r in ws.iter_rows(min_row=2, values_only=True)] == ordered


def test_unlinked_ind_nationality_reads_as_elsewhere(book: Path) -> None:
    """The IND sheet showed bare codes ("NG") where every other sheet says "Nigeria (NG)"."""
    ws = openpyxl.load_workbook(book)["IND records not linked"]
    col = headings(ws).index("Nationality") + 1
    shown = [ws.cell(r, col).value for r in range(2, ws.max_row + 1)]
    assert shown and all(re.fullmatch(r".+ \([A-Z]{2}\)", v) for v in shown if v)


def test_summary_input_names_are_not_cut_off(tmp_path: Path) -> None:
    """An input's file and sheet names were cut off at 24 and 13 characters by the value
    beside them."""
    result = make_result()
    file, sheet = "FNP_discharges_Feb1999-Mar2006_v3.xlsx", "Foreign national prisoners"
    result = replace(result, prison_source=replace(result.prison_source, file=file, sheet=sheet))
    path = tmp_path / "reconciliation.xlsx"
    write_workbook(result, path)
    ws = openpyxl.load_workbook(path)["Summary"]
    row = next(r for r in ws.iter_rows() if r[0].value == "Prison extract")
    assert (row[1].value, row[2].value) == (file, sheet)
    assert ws.column_dimensions["B"].width >= len(file) + 2
    assert ws.column_dimensions["C"].width >= len(sheet) + 2
