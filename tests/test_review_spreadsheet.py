"""The reviewer's everyday handling of the Needs review sheet in a spreadsheet program: a copy
re-saved by LibreOffice, a sort that took the header row for a line, decisions typed loosely."""

from __future__ import annotations

import csv
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reconcile.decisions import HEADER_SEARCH_ROWS, NOT_SAME, SAME, load_decisions
from reconcile.errors import InputError
from tests.test_read_corpus import soffice, write_ods, write_xlsx
from tests.test_review_roundtrip import (
    invoke,
    outcomes_as_decided,
    review_sheet_rows,
    reviewed,  # noqa: F401  (the module's fixture, used by the tests below)
    run_cli,
)

Reviewed = tuple[Path, Path, Path]


def _header_moved_down(decisions: Path, out: Path) -> Path:
    """The reviewed workbook with its Needs review header row below the lines, as a sort does
    that takes the header row for a line (its headings sort after the lines' values)."""
    book = openpyxl.load_workbook(decisions)
    sheet = book["Needs review"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    for n, row in enumerate([*rows[1:], rows[0]], start=1):
        for col, value in enumerate(row, start=1):
            sheet.cell(row=n, column=col, value=value)
    book.save(out)
    return out


def test_a_sort_that_took_the_header_row_for_a_line_stops_the_run(
    reviewed: Reviewed,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The decisions above the header were passed over without a word ("0 applied", or only
    the decisions below it): now the run stops, naming them, the column and the header row."""
    folder, _, decisions = reviewed
    header, rows = review_sheet_rows(openpyxl.load_workbook(decisions, read_only=True))
    moved = _header_moved_down(decisions, tmp_path / "sorted.xlsx")
    result = invoke(folder, tmp_path / "out", "--decisions", str(moved))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    letter = openpyxl.utils.get_column_letter(header["Decision"] + 1)
    lines = len(rows)
    first = "row 1," if lines == 1 else "rows 1, 2"
    assert said.startswith(f"error: sorted.xlsx, sheet 'Needs review', {first}"), said
    assert f"column {letter} (Decision): " in said
    assert f"above the header row (row {lines + 1}), where" in said
    assert "move the header row back to the top of the table, and run again" in said
    assert not (tmp_path / "out" / "manifest.json").exists()


def _keys(n: int) -> tuple[str, str]:
    return f"P-{n:016X}", f"I-{n + 1000:016X}"


HEADER = ["Prison row", "prison_key", "ind_key", "Decision", "Reviewer", "Note"]


def test_a_header_sorted_below_the_first_rows_is_still_found(tmp_path: Path) -> None:
    """A header moved further down than the rows a header is looked for in: the lines above it
    hold the keys, so the sheet is read on, and their decisions stop the run; with none
    decided above it, the decisions below it are read."""
    lines = [[n, *_keys(n), "", "", ""] for n in range(HEADER_SEARCH_ROWS + 10)]
    decided = [[900, *_keys(900), "same person", "R. Jones", "paper file"]]
    quiet = write_xlsx(tmp_path / "quiet.xlsx", {"Needs review": [*lines, HEADER, *decided]})
    (only,) = load_decisions(quiet)
    assert (only.prison_key, only.decision, only.reviewer) == (_keys(900)[0], SAME, "R. Jones")
    assert only.source == f"quiet.xlsx, sheet 'Needs review', row {len(lines) + 2}"
    lines[55][3:5] = ["not the same person", "R. Jones"]
    loud = write_xlsx(tmp_path / "loud.xlsx", {"Needs review": [*lines, HEADER, *decided]})
    with pytest.raises(InputError) as info:
        load_decisions(loud)
    assert str(info.value).startswith(
        "loud.xlsx, sheet 'Needs review', row 56, column D (Decision): a decision above the "
        f"header row (row {len(lines) + 1}), where it would not be read;"
    )


def test_lines_above_the_header_without_keys_or_decisions_are_passed_over(
    tmp_path: Path,
) -> None:
    """A title row, or a line with keys and no decision, above the header is no decision."""
    above = [["Needs review"], [1, *_keys(1), "skip", "R", ""], [2, *_keys(2), "", "", ""]]
    row = [3, *_keys(3), "not the same person", "R", ""]
    path = write_xlsx(tmp_path / "d.xlsx", {"Needs review": [*above, HEADER, row]})
    (only,) = load_decisions(path)
    assert (only.prison_key, only.decision) == (_keys(3)[0], NOT_SAME)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Same", SAME),
        ("  same   person ", SAME),
        ("SAME PERSON.", SAME),
        ("Same person .", SAME),
        ("not same", NOT_SAME),
        ("Not the same person.", NOT_SAME),
        ("NOT-THE-SAME-PERSON", NOT_SAME),
    ],
)
def test_decisions_typed_loosely_are_read(tmp_path: Path, typed: str, read: str) -> None:
    path = tmp_path / "d.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, [5, *_keys(5), typed, "R. Jones", ""]])
    (only,) = load_decisions(path)
    assert only.decision == read


@pytest.mark.parametrize("typed", [".", "same person?", "same person..", "s"])
def test_a_decision_that_is_not_one_names_its_place(tmp_path: Path, typed: str) -> None:
    path = write_xlsx(
        tmp_path / "d.xlsx", {"Needs review": [HEADER, [5, *_keys(5), typed, "R. Jones", ""]]}
    )
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        f"d.xlsx, sheet 'Needs review', row 2, column Decision: {typed!r} is not a decision; "
        "use 'same person', 'not the same person' or 'skip' and run again"
    )


def _resaved(source: Path, fmt: str, filter_name: str, outdir: Path) -> Path:
    """The workbook opened and saved again by LibreOffice; skip when it is not installed."""
    program = soffice()
    if program is None:
        pytest.skip("LibreOffice is needed to re-save the workbook")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [program, "--headless", "--norestore", f"-env:UserInstallation=file://{outdir}/lo",
         "--convert-to", f"{fmt}:{filter_name}", "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return outdir / f"{source.stem}.{fmt}"


@pytest.mark.parametrize(
    ("fmt", "filter_name"), [("xlsx", "Calc MS Excel 2007 XML"), ("xls", "MS Excel 97")]
)
def test_a_workbook_re_saved_by_libreoffice_decides_the_same(
    reviewed: Reviewed,  # noqa: F811
    tmp_path: Path,
    fmt: str,
    filter_name: str,
) -> None:
    """LibreOffice re-saves the hidden key columns, numbers, dates and texts in its own way;
    the decisions read from its copy (and carried forward from the next run's workbook, re-saved
    too) give the outcomes the reviewed workbook gives."""
    folder, _, decisions = reviewed
    run_cli(folder, tmp_path / "as_given", "--decisions", str(decisions))
    copy = _resaved(decisions, fmt, filter_name, tmp_path / "copy")
    run_cli(folder, tmp_path / "from_copy", "--decisions", str(copy))
    expected = outcomes_as_decided(tmp_path / "as_given")
    assert outcomes_as_decided(tmp_path / "from_copy") == expected
    book = _resaved(
        tmp_path / "from_copy" / "reconciliation.xlsx", fmt, filter_name, tmp_path / "round2"
    )
    run_cli(folder, tmp_path / "round2_out", "--decisions", str(book))
    assert outcomes_as_decided(tmp_path / "round2_out") == expected


def _decided_copy(decisions: Path, out: Path, merged: bool) -> Path:
    """The reviewed workbook with its first three lines decided 'not the same person' by one
    reviewer: typed on each line, or once in cells merged over the three."""
    book = openpyxl.load_workbook(decisions)
    header, _ = review_sheet_rows(book)
    sheet = book["Needs review"]
    for heading, value in (("Decision", "not the same person"), ("Reviewer", "A. Reviewer")):
        column = header[heading] + 1
        for row in (2, 3, 4):
            sheet.cell(row=row, column=column, value=None if merged and row > 2 else value)
        if merged:
            sheet.merge_cells(start_row=2, end_row=4, start_column=column, end_column=column)
    book.save(out)
    return out


def test_a_decision_typed_in_cells_merged_over_lines_decides_each_line(
    reviewed: Reviewed,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A Decision and Reviewer typed once in cells merged over three lines were read for the
    first line only, the other two passed over without a word; each line shows them, and
    now each is decided, as if typed on every line."""
    folder, _, decisions = reviewed
    _, rows = review_sheet_rows(openpyxl.load_workbook(decisions, read_only=True))
    assert len(rows) >= 3
    typed = _decided_copy(decisions, tmp_path / "typed.xlsx", merged=False)
    merged = _decided_copy(decisions, tmp_path / "merged.xlsx", merged=True)
    said = run_cli(folder, tmp_path / "from_merged", "--decisions", str(merged))
    run_cli(folder, tmp_path / "from_typed", "--decisions", str(typed))
    assert f"Reviewer decisions: {len(rows)} applied" in " ".join(said.split())
    expected = outcomes_as_decided(tmp_path / "from_typed")
    assert outcomes_as_decided(tmp_path / "from_merged") == expected


def test_cells_merged_down_in_an_ods_file_are_read_on_each_line(tmp_path: Path) -> None:
    """The parser gives no merged cells for an ODS file: they are found in its content."""
    lines = [[n, *_keys(n), "", "", ""] for n in (1, 2, 3)]
    lines[0][3:5] = ["same person", "R. Jones"]
    lines[1][3:5] = ["COVERED", "COVERED"]
    lines[2][3:5] = ["not the same person", "R. Jones"]
    path = write_ods(tmp_path / "d.ods", {"Needs review": [HEADER, *lines]})
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    content = parts["content.xml"].decode()
    spans = 'table:number-rows-spanned="2" office:value-type="string"><text:p>'
    for value in ("same person", "R. Jones"):
        content = content.replace(
            f'office:value-type="string"><text:p>{value}</text:p>',
            f"{spans}{value}</text:p>",
            1,
        )
    cell = (
        '<table:table-cell office:value-type="string"><text:p>COVERED</text:p></table:table-cell>'
    )
    assert content.count(cell) == 2 and content.count(spans) == 2
    parts["content.xml"] = content.replace(cell, "<table:covered-table-cell/>").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    found = [(d.prison_key, d.decision, d.reviewer) for d in load_decisions(path)]
    assert found == [
        (_keys(1)[0], SAME, "R. Jones"),
        (_keys(2)[0], SAME, "R. Jones"),
        (_keys(3)[0], NOT_SAME, "R. Jones"),
    ]


def test_decisions_under_no_header_row_stop_the_run(
    reviewed: Reviewed,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The Needs review sheet's header row deleted: its decisions were passed over without a
    word, the workbook's Reviewer decisions sheet being a table of decisions (none yet); now
    the run stops, naming the lines and the Decision's column."""
    folder, _, decisions = reviewed
    book = openpyxl.load_workbook(decisions)
    header, rows = review_sheet_rows(book)
    sheet = book["Needs review"]
    sheet.cell(row=2, column=header["Decision"] + 1, value="Not the same person")
    sheet.delete_rows(1)
    path = tmp_path / "headless.xlsx"
    book.save(path)
    result = invoke(folder, tmp_path / "out", "--decisions", str(path))
    assert result.exit_code == 2, result.output
    letter = openpyxl.utils.get_column_letter(header["Decision"] + 1)
    said = " ".join(result.output.split())
    assert said.startswith("error: headless.xlsx, sheet 'Needs review', rows 1, 2"), said
    assert (
        f"lines with a prison key, an IND key and a decision ('Not the same person' in row 1, "
        f"column {letter}) but no header row above them" in said
    )
    assert len(rows) >= 2 and "put the header row back at the top of the table" in said
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_lines_with_keys_and_no_decision_under_no_header_are_no_table(tmp_path: Path) -> None:
    """Keys and level words ("same", a nationality's) without a header decide nothing: the
    sheet is passed over as before, and a file with no other table says so."""
    lines = [[n, *_keys(n), "same", "", ""] for n in range(3)]
    path = write_xlsx(tmp_path / "d.xlsx", {"Needs review": lines})
    with pytest.raises(InputError, match="no sheet with the columns prison_key, ind_key"):
        load_decisions(path)
