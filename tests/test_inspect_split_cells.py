"""`reconcile inspect` of an extract kept on several sheets read as one ('*'): a finding in a
cell of the second sheet names that sheet's own column letter, where its columns stand in
another order, or start in another column, than the first sheet's; and a hidden column of the
second sheet is named with the field read from it, under a header other than the first's."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from reconcile.cli import app
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS, Rows, write_xlsx

runner = CliRunner()


def _book(path: Path, second_header: list[str], indent: int) -> Path:
    """Sheet '2005' as the corpus has it, with 12345 for a surname in row 3; sheet '2006'
    with its columns in the order ``second_header``, starting ``indent`` columns in, and
    SM1TH for a surname in row 3."""
    first: Rows = [PRISON_HEADER, *[list(r) for r in PRISON_ROWS]]
    first[2][1] = "12345"
    order = [PRISON_HEADER.index(h) for h in second_header]
    rows = [[r[k] for k in order] for r in PRISON_ROWS]
    rows[1][second_header.index("Surname")] = "SM1TH"
    second: Rows = [[""] * indent + list(second_header), *[[""] * indent + r for r in rows]]
    return write_xlsx(path, {"2005": first, "2006": second})


def _inspected(path: Path) -> list[list[str]]:
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison", "--sheet", "*"])
    assert result.exit_code == 0, result.output
    assert "Findings in cells" in result.output, result.output
    return [line.split() for line in result.output.splitlines()]


def test_second_sheet_columns_reversed_and_moved_right(tmp_path: Path) -> None:
    path = _book(tmp_path / "prison.xlsx", list(reversed(PRISON_HEADER)), indent=2)
    lines = _inspected(path)
    # Surname: column B of '2005'; reversed and two columns in, column J of '2006'.
    assert ["2005", "B3", "3", "12345"] in lines
    assert ["2006", "J3", "3", "SM1TH"] in lines
    # Prison No: A on '2005', K on '2006'; one kind of finding over both sheets.
    assert ["2005", "A2", "2", "A1234BC"] in lines
    assert ["2006", "K2", "2", "A1234BC"] in lines
    assert any(line[:4] == ["Prison", "No", "(columns", "A,"] for line in lines), lines
    assert [
        "Surname",
        "J",
        "1",
        "surname",
        "holds",
        "digits,",
        "which",
        "a",
        "name",
        "does",
        "not",
    ] in lines
    assert "(column J): surname holds digits" in " ".join(" ".join(x) for x in lines)


def test_second_sheet_only_moved_right(tmp_path: Path) -> None:
    path = _book(tmp_path / "prison.xlsx", PRISON_HEADER, indent=1)
    lines = _inspected(path)
    assert ["2005", "B3", "3", "12345"] in lines
    assert ["2006", "C3", "3", "SM1TH"] in lines


def test_sheets_alike_keep_one_letter(tmp_path: Path) -> None:
    path = _book(tmp_path / "prison.xlsx", PRISON_HEADER, indent=0)
    lines = _inspected(path)
    assert ["2005", "B3", "3", "12345"] in lines
    assert ["2006", "B3", "3", "SM1TH"] in lines
    text = " ".join(" ".join(x) for x in lines)
    assert "Prison No (column A):" in text and "(columns" not in text


def test_a_hidden_column_of_the_second_sheet_under_another_header_is_named_as_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "prison.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    first.title = "2005"
    for row in [PRISON_HEADER, *PRISON_ROWS]:
        first.append(row)
    second = book.create_sheet("2006")
    header = ["Date of Birth" if h == "DOB" else h for h in PRISON_HEADER]
    for row in [header, *PRISON_ROWS]:
        second.append(row)
    second.column_dimensions["D"].hidden = True
    book.save(path)
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison", "--sheet", "*"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        "(prison.xlsx, sheet '2006') has a hidden column: D 'Date of Birth' (read as the date "
        "of birth)"
    ) in said, said
