"""reconciliation.xlsx: sheets, formats, injection safety, review sheet, splitting, bytes."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from reconcile.keys import ind_key, prison_key
from reconcile.model import OUTCOME_LABELS
from reconcile.write.workbook import workbook_notes, write_workbook
from reconcile.write.workbook_review import DECISION_CHOICES, REVIEW_SHEET
from reconcile.write.workbook_table import part_names
from tests.factories import WORKBOOK_SHEETS, headings, make_large_result, make_result


def test_sheets_and_listing_layout(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == WORKBOOK_SHEETS
    ws = wb["All prison rows"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:AA11"
    heads = headings(ws)
    assert heads[:3] == ["Source file", "Sheet", "Row"]
    assert "Link explanation" in heads and "Outcome" in heads
    outcome_note = ws.cell(1, heads.index("Outcome") + 1).comment.text
    assert "Never referred: in scope; no linked IND record has a referral date" in outcome_note
    # Codes in words, as the Summary and the sheet names say them (outcomes.csv keeps codes).
    outcomes = {ws.cell(r, heads.index("Outcome") + 1).value for r in range(2, ws.max_row + 1)}
    assert "Never referred" in outcomes and not any("_" in str(o) for o in outcomes)
    links = {ws.cell(r, heads.index("Link status") + 1).value for r in range(2, ws.max_row + 1)}
    assert "Linked" in links and links <= {"Linked", "Held for review", "Not linked"}
    assert ws.max_row == 11
    assert ws.column_dimensions["Y"].width > 60  # the link explanation


def test_dates_numbers_and_text(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["All prison rows"]
    heads = headings(ws)
    row = {h: ws.cell(2, i + 1) for i, h in enumerate(heads)}
    assert row["Date of birth"].value == datetime(1975, 4, 12)
    assert row["Date of birth"].number_format == "dd/mm/yyyy"
    assert row["Row"].value == 2 and row["Row"].data_type == "n"
    assert row["Match probability"].data_type == "n"
    assert row["Match weight"].value == pytest.approx(16.1)
    assert row["Prison number"].value == "FF8282"
    assert row["Link explanation"].value.startswith(
        "starting weight -1.0, name: transliteration variant (+6.1)"
    )


def test_formula_like_input_stays_text(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb["All prison rows"]
    heads = headings(ws)
    surname = ws.cell(4, heads.index("Surname") + 1)
    assert surname.value == '=HYPERLINK("http://x")'
    assert surname.data_type == "s"
    assert surname.quotePrefix
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"


def test_summary_reads_like_a_report(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["Summary"]
    pairs = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r[0]}
    assert pairs["Audit"][0] == "FNP release audit 2006"
    assert pairs["Run id"][0] == "R-0123456789AB"
    assert pairs["As-of date"][0] == datetime(2006, 3, 31)
    assert pairs["Prison extract"][0] == "prison.xlsx" and len(pairs["Prison extract"][4]) == 64
    assert pairs["  prison rows read as records"][0] == 10
    assert pairs["Never referred"][0] == 1
    assert pairs["Not available"][0] == 1 and pairs["Total"][0] == 4
    assert pairs["Of these, with a court recommendation for deportation"][0] == 1
    # The Data quality sheet at a glance: per file and column, how many and what kind.
    assert pairs["prison.xlsx"][:3] == ("Sentence (months)", 1, "sentence length could not be read")


def test_summary_says_what_it_is_and_what_it_found_before_the_figures(book: Path) -> None:
    """Whoever opens the workbook first reads, under the title, what the two extracts are
    (IND spelt out before the Inputs table names it) and the result, whose figures are the
    outcome table's."""
    ws = openpyxl.load_workbook(book)["Summary"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[0]]
    labels = [r[0] for r in rows]
    assert labels[1:3] == ["About", "Result"]
    about, result = rows[1][1], rows[2][1]
    assert "Immigration and Nationality Directorate (IND)" in about
    assert labels.index("About") < labels.index("IND extract")
    cells = {c.value: c for c in ws["A"] if c.value in ("About", "Result")}
    assert all(c.alignment.vertical == "top" for c in cells.values())  # level with their text
    pairs = {r[0]: r[1] for r in rows}
    listed = sum(pairs[label] for label in ("Never referred", "Referred, not considered",
                                            "Considered after release"))  # fmt: skip
    assert result.startswith(f"{listed} prison rows in scope were not considered")
    for label in ("Never referred", "Referred, not considered", "Considered after release"):
        assert f"{label}: {pairs[label]}" in result


def test_review_sheet_round_trip_columns(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb[REVIEW_SHEET]
    heads = headings(ws)
    rows = [dict(zip(heads, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    result = make_result()
    assert [(r["Prison row"], r["IND case reference"]) for r in rows] == [
        (5, "M4567890"),
        (5, "M5678901"),
    ]
    assert rows[0]["prison_key"] == prison_key(result.prison[3])
    assert [r["ind_key"] for r in rows] == [ind_key(result.ind[3]), ind_key(result.ind[4])]
    assert rows[0]["Name: level"] == "forename exact, surname variant"
    # What is at stake: the row's outcome until the link is decided.
    outcome = OUTCOME_LABELS[result.classifications[3].outcome]
    assert [r["Outcome now"] for r in rows] == [outcome, outcome]
    assert heads.index("Outcome now") == heads.index("What to do") + 1
    # Who and which candidate stay in view while the reviewer scrolls right to the Decision.
    assert heads[:4] == ["Prison row", "Candidate", "Prison: surname", "Prison: forenames"]
    assert ws.freeze_panes == "E2"
    # The reviewer sees the IND referral beside the release date it was weighed against.
    assert rows[0]["IND: referral received"] is None  # IND row 3 has no referral
    assert rows[1]["IND: referral received"] == datetime(2005, 1, 5)
    assert rows[1]["Probability"] == pytest.approx(result.links.decisions[3].runner_up.probability)
    hidden = {n for d in ws.column_dimensions.values() if d.hidden for n in range(d.min, d.max + 1)}
    assert sorted(heads[n - 1] for n in hidden) == [
        "ind_key",
        "ind_source",
        "prison_key",
        "prison_source",
    ]
    validation = ws.data_validations.dataValidation[0]
    assert validation.type == "list"
    assert validation.formula1 == '"' + ",".join(DECISION_CHOICES) + '"'
    decision = openpyxl.utils.get_column_letter(heads.index("Decision") + 1)
    assert str(validation.sqref) == f"{decision}2:{decision}3"


def test_data_quality_unlinked_and_decisions(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    decisions = list(wb["Reviewer decisions"].iter_rows(min_row=2, values_only=True))
    assert decisions == [
        (
            "not in these extracts",  # the factory's keys are of no record
            "not in these extracts",
            "same person",
            "A. Auditor",
            "same DOB, Mahmud/Mahmood",
            "applied",
            "ind.xlsx review, sheet 'Needs review', row 3",
            "P-AAAA",
            "I-BBBB",
        )
    ]
    dq = list(wb["Data quality"].iter_rows(min_row=2, values_only=True))
    assert dq[0] == (
        "prison.xlsx",
        "Releases",
        8,
        "Sentence (months)",
        "two yrs",
        "sentence length could not be read",
        "scope could not be decided",
    )
    unlinked = list(wb["IND records not linked"].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in unlinked] == ["M4567890", "Z7890123"]


def test_byte_identical_reruns(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(make_result(), a)
    write_workbook(make_result(), b)
    assert a.read_bytes() == b.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] != []  # no temporary files left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]


def test_part_names() -> None:
    assert part_names("All prison rows", 10, 10) == ["All prison rows"]
    assert part_names("All prison rows", 11, 10) == ["All prison rows (1)", "All prison rows (2)"]
    assert part_names("All prison rows", 0, 10) == ["All prison rows"]


def test_long_listing_is_split_and_noted(tmp_path: Path) -> None:
    result = make_large_result(30)
    notes = workbook_notes(result, max_rows=12)
    assert notes[0] == (
        "All prison rows: 30 rows exceed Excel's limit of 12 per sheet, so they are split "
        "over 3 sheets (All prison rows (1), All prison rows (2), All prison rows (3))"
    )
    # The settings sheet, more than 12 rows too, is split and said to be: nothing else is.
    assert [n.split(":")[0] for n in notes] == ["All prison rows", "Settings and inputs"]
    assert workbook_notes(result) == []
    path = tmp_path / "split.xlsx"
    write_workbook(result, path, max_rows=12)
    wb = openpyxl.load_workbook(path, read_only=True)
    parts = [n for n in wb.sheetnames if n.startswith("All prison rows")]
    assert parts == ["All prison rows (1)", "All prison rows (2)", "All prison rows (3)"]
    assert [wb[p].max_row for p in parts] == [13, 13, 7]
    rows = [r[2] for p in parts for r in wb[p].iter_rows(min_row=2, values_only=True)]
    assert rows == list(range(2, 32))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_opens_cleanly_in_libreoffice(book: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "reconciliation.pdf").stat().st_size > 1000
    assert "repair" not in (done.stdout + done.stderr).lower()


def test_filled_in_review_sheet_reads_back_as_decisions(book: Path, tmp_path: Path) -> None:
    from reconcile.decisions import load_decisions

    wb = openpyxl.load_workbook(book)
    ws = wb[REVIEW_SHEET]
    heads = headings(ws)
    col = {h: heads.index(h) + 1 for h in ("Decision", "Reviewer", "Note")}
    ws.cell(2, col["Decision"], "same person")
    ws.cell(2, col["Reviewer"], "A. Auditor")
    ws.cell(2, col["Note"], "same DOB and forename")
    ws.cell(3, col["Decision"], "not the same person")
    ws.cell(3, col["Reviewer"], "B. Auditor")
    filled = tmp_path / "reviewed.xlsx"
    wb.save(filled)
    result = make_result()
    got = sorted((d.prison_key, d.ind_key, d.reviewer) for d in load_decisions(filled))
    assert got == sorted(
        [
            (prison_key(result.prison[3]), ind_key(result.ind[3]), "A. Auditor"),
            (prison_key(result.prison[3]), ind_key(result.ind[4]), "B. Auditor"),
            # the decision the run applied, carried forward from its Reviewer decisions sheet
            *[(d.prison_key, d.ind_key, d.reviewer) for d in result.decisions],
        ]
    )


def test_overlong_text_is_cut_to_excels_cell_limit(tmp_path: Path) -> None:
    from dataclasses import replace

    result = make_result()
    result.classifications[0] = replace(result.classifications[0], reason="x" * 40_000)
    path = tmp_path / "long.xlsx"
    write_workbook(result, path)
    ws = openpyxl.load_workbook(path)["All prison rows"]
    reason = ws.cell(2, headings(ws).index("Reason") + 1).value
    assert len(reason) == 32_767 and reason.endswith("[truncated: see outcomes.csv]")


def test_wide_listings_print_across_pages_with_their_key_columns(book: Path) -> None:
    """Fitted to one page wide, a listing of 26 columns printed at about 20%: too small to
    read. Wide listings now print over several pages across, each page repeating the row,
    prison number and names (the review sheet: the row, candidate and names)."""
    wb = openpyxl.load_workbook(book)
    for title in ("All prison rows", "Never referred"):
        ws = wb[title]
        assert ws.print_title_cols == "$C:$F", title
        assert (ws.page_setup.fitToWidth or 1) > 1, title
        assert ws.print_title_rows == "$1:$1"
    review = wb[REVIEW_SHEET]
    assert review.print_title_cols == "$A:$D"
    assert (wb["Data quality"].page_setup.fitToWidth or 1) == 1  # narrow: one page wide
