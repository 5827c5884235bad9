"""Messy layouts met in agency exports: headers over two rows, page headings between pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.layout import PAGE_TITLE
from reconcile.settings import Config
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS, write_csv, write_xlsx

# "Prison No", "Surname", "Forename(s)", "DOB", "Nationality", "Sentence (months)", "Offence",
# "Release date", "Court rec" written over two rows, "Name" merged over the two name columns.
TWO_ROW_HEADER = [
    ["Prison", "Name", None, "Date of", "Nationality", "Sentence", "Offence", "Release", "Court"],
    ["No", "Surname", "Forename(s)", "Birth", None, "(months)", None, "date", "rec"],
]


def test_a_header_written_over_two_rows_is_read_as_one(tmp_path: Path) -> None:
    """A header split over two rows ("Date of" above "Birth"), with a cell merged over two
    columns above them: the two rows together name every column, and the rows below are
    read as records, not the header's second row."""
    rows = [["FNP releases 2005"], [], *TWO_ROW_HEADER, *PRISON_ROWS]
    path = write_xlsx(tmp_path / "prison.xlsx", {"FNP": rows}, merged={"FNP": [(2, 1, 2, 2)]})
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.source.header_row == 4
    assert table.source.mapping == {
        "prison_number": "Prison No",
        "surname": "Surname",
        "forenames": "Forename(s)",
        "dob": "Date of Birth",
        "nationality": "Nationality",
        "sentence": "Sentence (months)",
        "offence": "Offence",
        "release_date": "Release date",
        "court_recommended": "Court rec",
    }
    assert table.row_numbers == [5, 6, 7]
    assert table.columns["surname"] == ["SMITH", "O'BRIEN", "NGUYEN"]
    assert findings == []


def test_a_one_row_header_is_not_joined_with_the_first_record(tmp_path: Path) -> None:
    """The first record is text only (no date, no number): it is still a record."""
    first = ["A9999ZZ", "Surname", "Nationality", None, "Jamaica", None, "Drugs", None, "N"]
    path = write_csv(tmp_path / "prison.csv", [PRISON_HEADER, first, *PRISON_ROWS])
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.header_row == 1
    assert table.row_numbers == [2, 3, 4, 5]


def test_inspect_shows_a_two_row_header(tmp_path: Path) -> None:
    rows = [*TWO_ROW_HEADER, *PRISON_ROWS]
    path = write_xlsx(tmp_path / "prison.xlsx", {"FNP": rows}, merged={"FNP": [(0, 1, 0, 2)]})
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert (
        "Header row    1 and 2 (a header written over two rows, read as one: the words of each "
        "column's two cells together)\n"
    ) in result.output
    assert "Records read  3" in result.output
    assert "date of birth         Date of Birth" in result.output


def test_page_headings_above_a_repeated_header_are_set_aside(tmp_path: Path) -> None:
    """An export printed page by page: each page after the first starts with its heading
    and the header again, the page before ends with its footing. Neither is a record: both
    are set aside and reported, and every record is read."""
    first, second, third = PRISON_ROWS
    rows = [
        ["FNP extract page 1"],
        PRISON_HEADER,
        first,
        second,
        ["Page 1 of 2"],
        [],
        ["FNP extract page 2"],
        PRISON_HEADER,
        third,
    ]
    path = write_csv(tmp_path / "prison.csv", rows)
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == [3, 4, 9]
    assert [(s.row, s.text) for s in table.source.skipped] == [
        (5, "Page 1 of 2"),
        (7, "FNP extract page 2"),
        (8, " | ".join(PRISON_HEADER)),
    ]
    assert table.source.skipped[1].reason == (
        "a title or notes row at a page break, just above the header repeated (a page's "
        "heading or footing, not a record)"
    )
    assert [f.row for f in findings] == [5, 7, 8]


def test_a_record_above_a_repeated_header_is_kept(tmp_path: Path) -> None:
    """A row holding a name alone, met once, may be a record: above a repeated header it is
    still read."""
    first, second, third = PRISON_ROWS
    rows = [PRISON_HEADER, first, second, [None, "OKAFOR"], PRISON_HEADER, third]
    path = write_csv(tmp_path / "prison.csv", rows)
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == [2, 3, 4, 6]
    assert [s.row for s in table.source.skipped] == [5]


def test_headings_among_the_data_are_set_aside(tmp_path: Path) -> None:
    """Rows grouped under headings ("HMP Brixton", "Year: 2005"), each a single text cell:
    set aside and reported, not read as prisoners whose prison number is the heading."""
    first, second, third = PRISON_ROWS
    rows = [PRISON_HEADER, ["HMP Brixton"], first, second, [], ["Year: 2006"], third]
    path = write_xlsx(tmp_path / "prison.xlsx", {"FNP": rows})
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == [3, 4, 7]
    assert table.columns["prison_number"] == ["A1234BC", "A2345CD", "B3456DE"]
    assert [(s.row, s.text) for s in table.source.skipped] == [
        (2, "HMP Brixton"),
        (6, "Year: 2006"),
    ]
    assert table.source.skipped[0].reason == (
        "a heading among the data (one text cell, under 'Prison No', where the records fill "
        "9 cells: the title of the rows below it, not a record)"
    )
    assert (findings[0].row, findings[0].problem) == (
        2,
        "not a record: " + table.source.skipped[0].reason,
    )


def test_a_name_alone_among_the_data_is_a_record(tmp_path: Path) -> None:
    """A row holding only a name, under the name column, is a record with little in it:
    read, to be carried to an outcome."""
    first, second, third = PRISON_ROWS
    rows = [PRISON_HEADER, first, [None, "VAN DER BERG"], second, third]
    path = write_csv(tmp_path / "prison.csv", rows)
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == [2, 3, 4, 5]
    assert table.columns["surname"][1] == "VAN DER BERG"


def test_a_configured_header_with_a_typing_slip_names_the_close_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "prison.csv", [PRISON_HEADER, *PRISON_ROWS])
    config = Config()
    config.input.prison_columns["release_date"] = "Relase date"
    message = _load_message(path, config)
    assert message == (
        "prison.csv: the config maps release_date to the header 'Relase date' "
        "([columns.prison]) but the header row (row 1) has no such column; did you mean "
        "'Release date'?; its headers are 'Prison No', 'Surname', 'Forename(s)', 'DOB', "
        "'Nationality', 'Sentence (months)', 'Offence', 'Release date', 'Court rec'; correct "
        "the config"
    )


def test_a_configured_letter_past_the_last_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "prison.csv", [PRISON_HEADER, *PRISON_ROWS])
    config = Config()
    config.input.prison_columns["surname"] = "column Z"
    assert _load_message(path, config) == (
        "prison.csv: the config maps surname to 'column Z' ([columns.prison]) but the "
        "sheet's columns run from A to I; correct the letter in the config"
    )


def _load_message(path: Path, config: Config) -> str:
    with pytest.raises(InputError) as caught:
        load_table(path, Role.PRISON, config)
    return str(caught.value)


def test_a_row_of_formats_under_the_header_is_set_aside(tmp_path: Path) -> None:
    """A template's second row says how to fill each column in ("dd/mm/yyyy", "months",
    "Y/N"): not a prisoner, so set aside and reported, not read with every value unreadable."""
    formats = ["e.g. A1234BC", "", "", "dd/mm/yyyy", "", "months", "", "DD/MM/YYYY", "Y/N"]
    path = write_xlsx(tmp_path / "prison.xlsx", {"FNP": [PRISON_HEADER, formats, *PRISON_ROWS]})
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == [3, 4, 5]
    assert [(s.row, s.text, s.reason) for s in table.source.skipped] == [
        (
            2,
            "e.g. A1234BC | dd/mm/yyyy | months | DD/MM/YYYY | Y/N",
            "a row under the header saying how each column is written (formats, units), "
            "not a record",
        )
    ]
    assert [f.row for f in findings] == [2]


def test_of_sheets_naming_as_many_columns_the_choice_says_so(tmp_path: Path) -> None:
    """Sheets whose headers name as many columns: the first is read, and the reason does not
    claim that it names more than the others."""
    sheets = {"Blank form": [PRISON_HEADER], "2005": [PRISON_HEADER, *PRISON_ROWS]}
    path = write_xlsx(tmp_path / "prison.xlsx", sheets)
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.sheet == "2005"
    assert table.source.sheet_choice == (
        "its header (row 1) names 9 prison-extract columns, as many as 1 other sheet "
        "('Blank form' 9); of those it is the first with rows below its header"
    )


def test_a_two_row_header_repeated_at_a_page_break_is_set_aside(tmp_path: Path) -> None:
    first, second, third = PRISON_ROWS
    rows = [*TWO_ROW_HEADER, first, second, [], ["Page 1 of 2"], *TWO_ROW_HEADER, third]
    path = write_csv(tmp_path / "prison.csv", rows)
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.header_row == 2
    assert table.row_numbers == [3, 4, 9]
    assert [(s.row, s.reason) for s in table.source.skipped] == [
        (6, PAGE_TITLE),
        (7, "the header repeated"),
        (8, "the header repeated"),
    ]


def test_a_header_under_a_long_block_of_notes_is_found(tmp_path: Path) -> None:
    """Forty-five rows of notes and definitions above the header: the header is still found,
    not refused as missing."""
    notes = [[f"Note {k}: how the extract was taken"] for k in range(1, 46)]
    path = write_xlsx(tmp_path / "prison.xlsx", {"FNP": [*notes, PRISON_HEADER, *PRISON_ROWS]})
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.header_row == 46
    assert table.row_numbers == [47, 48, 49]


def test_a_record_of_text_alone_is_not_taken_for_a_second_header_row(tmp_path: Path) -> None:
    """The release date's header is not one known ("Date out"), and the first record, text
    alone, says "Released" in its Status column: the record is not joined to the header as
    its second row (which would read the Status column as the release date and lose the
    record); the run stops for the release date, naming the columns not used."""
    header = [*PRISON_HEADER[:7], "Date out", "Court rec", "Status"]
    first = ["A9999ZZ", "SMITH", "John", "", "Jamaica", "", "Drugs", "", "N", "Released"]
    rows = [header, first, *[[*r, "Released"] for r in PRISON_ROWS]]
    path = write_csv(tmp_path / "prison.csv", rows)
    with pytest.raises(InputError, match="no column for release date") as caught:
        load_table(path, Role.PRISON, Config())
    assert str(caught.value).endswith("(columns not used: 'Date out', 'Status')")


def test_inspect_keeps_looking_for_problems_past_a_note(tmp_path: Path) -> None:
    """A column with no header is a note (the run goes on), not a problem: inspect shows it
    as a note, and still names a referral date column that cannot be read, which stops the
    run."""
    rows = [["Case ref", "Surname", "DOB", "Date referral received", "Date considered", None]]
    rows += [[f"A{k}", "SMITH", "01/02/1970", "tbc", "", "x"] for k in range(25)]
    path = write_csv(tmp_path / "ind.csv", rows)
    result = CliRunner().invoke(app, ["inspect", str(path), "--role", "ind"])
    assert result.exit_code == 0, result.output
    assert (
        "\nNote: The IND extract (ind.csv) has a column with no header holding values beside "
        "the columns read: column F (25 values)"
    ) in result.output
    assert "\nProblem: ind.csv, column 'Date referral received'" in result.output
    assert result.output.count("Problem:") == 1


def test_a_row_naming_the_columns_again_under_the_header_is_set_aside(tmp_path: Path) -> None:
    """A template's second row describes each column ("Family name" under "Surname"): not a
    prisoner; set aside and reported, here and where a page break repeats it."""
    described = [
        "NOMS number",
        "Family name",
        "Given names",
        "Date of birth (dd/mm/yyyy)",
        "Nationality as declared",
        "Months",
        "Main offence",
        "Date released",
        "Y/N",
    ]
    first, second, third = PRISON_ROWS
    rows = [PRISON_HEADER, described, first, second, PRISON_HEADER, described, third]
    path = write_xlsx(tmp_path / "prison.xlsx", {"FNP": rows})
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.header_row == 1
    assert table.row_numbers == [3, 4, 7]
    assert [(s.row, s.reason) for s in table.source.skipped] == [
        (2, "a second header row under the header, naming the columns again in other words, "
         "not a record"),
        (5, "the header repeated"),
        (6, "the header repeated"),
    ]  # fmt: skip
