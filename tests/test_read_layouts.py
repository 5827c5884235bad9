"""Layouts of real extracts: several sheets, offsets, merged and hidden cells, mappings, inspect."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from reconcile.errors import ConfigError, InputError
from reconcile.model import Role
from reconcile.normalise.dates import parse_date
from reconcile.read import inspect_file, load_table, render_inspection
from reconcile.settings import Config
from tests.test_read_corpus import (
    IND_HEADER,
    IND_ROWS,
    PRISON_HEADER,
    PRISON_ROWS,
    prison_sheet,
    write_csv,
    write_xlsx,
)


def _config(**changes: object) -> Config:
    return Config(input=dataclasses.replace(Config().input, **changes))  # type: ignore[arg-type]


def load_error(path: Path, role: Role = Role.PRISON, config: Config | None = None) -> str:
    """The message of the InputError that reading the file raises."""
    with pytest.raises(InputError) as caught:
        load_table(path, role, config or Config())
    return str(caught.value)


def test_sheet_chosen_by_header(tmp_path: Path) -> None:
    sheets = {
        "Summary": [["Releases 2005"], ["Total", 3]],
        "Notes": [["Surname", "Meaning"]],
        "Extract": prison_sheet(),
    }
    path = write_xlsx(tmp_path / "prison.xlsx", sheets)
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.sheet == "Extract"
    assert table.source.sheet_choice == (
        "its header (row 4) names 9 prison-extract columns, more than any other sheet "
        "('Summary' 0, 'Notes' 1)"
    )


def test_two_sheets_each_a_whole_extract_are_not_read_as_one(tmp_path: Path) -> None:
    """An extract kept as one sheet per year: reading the first would drop the second's rows
    without a word, so the run stops and says how to go on."""
    sheets = {"2004-05": prison_sheet(), "Summary": [["Total", 2]], "2005-06": prison_sheet()}
    path = write_xlsx(tmp_path / "prison.xlsx", sheets)
    message = load_error(path)
    assert message.startswith("prison.xlsx: 2 sheets each hold a whole prison extract: '2004-05'")
    assert "'2005-06' (header in row 4 naming 9 columns, 3 rows below it)" in message
    assert "'Summary'" not in message
    assert "--prison-sheet '*'" in message and "--prison-sheet NAME" in message
    table, _ = load_table(path, Role.PRISON, _config(prison_sheet="2005-06"))
    assert table.source.sheet == "2005-06"
    # inspect shows the sheets, and the same problem, instead of stopping.
    ins = inspect_file(path, None, Config())
    assert ins.problems == [message]
    shown = render_inspection(ins)
    assert "2005-06" in shown.split("Columns")[0] and f"Problem: {message}" in shown


@pytest.mark.parametrize(
    ("other", "why"),
    [
        ([["Nationality", "Offence", "Count"], ["Jamaica", "Drugs", 3]], "names some columns"),
        ([PRISON_HEADER], "a header with no rows below it: a template"),
        ([IND_HEADER, *IND_ROWS], "the other extract"),
    ],
)
def test_a_second_sheet_that_is_not_a_whole_extract_is_passed_over(
    tmp_path: Path, other: list[list[object]], why: str
) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Other": other, "Extract": prison_sheet()})
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.sheet == "Extract", why


def test_sheet_named_in_settings(tmp_path: Path) -> None:
    sheets = {"A": prison_sheet(), "B": [PRISON_HEADER, PRISON_ROWS[0]]}
    path = write_xlsx(tmp_path / "prison.xlsx", sheets)
    table, _ = load_table(path, Role.PRISON, _config(prison_sheet="b"))
    assert (table.source.sheet, len(table)) == ("B", 1)
    assert table.source.sheet_choice == "named in the settings (prison_sheet)"


def test_table_not_at_a1_with_hidden_rows(tmp_path: Path) -> None:
    path = tmp_path / "prison.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Extract")
    sheet.write_row(5, 2, PRISON_HEADER)
    sheet.write_row(6, 2, ["A1", "SMITH", "John", 25570.0, "JM", 12.0, "x", 38353, True])
    sheet.write_row(7, 2, ["A2", "JONES", "Ann", 25571, "JM", 6.5, "y", 38354, False])
    sheet.set_row(7, None, None, {"hidden": True})
    sheet.set_column(3, 3, None, None, {"hidden": True})
    book.close()
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.header_row == 6
    assert table.row_numbers == [7, 8]
    assert table.columns["surname"] == ["SMITH", "JONES"]  # hidden column D, hidden row 8
    assert table.columns["dob"] == [25570, 25571]  # serial numbers, left to the normaliser
    assert table.columns["sentence"] == [12, 6.5]
    assert table.columns["court_recommended"] == [True, False]


def test_merged_cells_in_data(tmp_path: Path) -> None:
    rows = [["Extract of releases"], PRISON_HEADER, PRISON_ROWS[0], [None, *PRISON_ROWS[1][1:]]]
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": rows}, merged={"Extract": [
        (0, 0, 0, 8),  # the title across the top
        (2, 0, 3, 0),  # one prison number for two custody rows
    ]})  # fmt: skip
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.columns["prison_number"] == ["A1234BC", "A1234BC"]
    assert table.source.header_row == 2
    assert findings == []


def test_datetimes_and_text_dates_kept(tmp_path: Path) -> None:
    rows = [PRISON_HEADER, ["A1", "SMITH, John", None, datetime(1970, 1, 2, 10, 30), "", 12, "",
                            "31/12/2005", "Y"]]  # fmt: skip
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": rows})
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.columns["dob"] == [datetime(1970, 1, 2, 10, 30)]  # kept, time and all
    assert table.columns["release_date"] == ["31/12/2005"]
    assert table.columns["surname"] == ["SMITH, John"]
    assert table.columns["forenames"] == [None]


def test_explicit_mapping_overrides_synonyms(tmp_path: Path) -> None:
    rows = [
        ["Ident", "Nom", "Born on", "Out", "Months", "DOB", "Nationality"],
        ["A1", "SMITH", 1, 2, 3, 4, "GR"],
    ]
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": rows})
    config = _config(
        prison_columns={
            "prison_number": "Ident",
            "surname": "nom",
            "dob": "Born on",
            "release_date": "OUT",
            "sentence": "Months",
        }
    )
    table, _ = load_table(path, Role.PRISON, config)
    assert table.columns == {
        "prison_number": ["A1"],
        "surname": ["SMITH"],
        "dob": [1],
        "nationality": ["GR"],
        "sentence": [3],
        "release_date": [2],
    }
    assert table.source.unused_columns == ("DOB",)


def test_configured_header_not_in_file(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": [PRISON_HEADER, PRISON_ROWS[0]]})
    assert load_error(path, Role.PRISON, _config(prison_columns={"dob": "Birth day"})) == (
        "prison.xlsx, sheet 'Extract': the config maps dob to the header 'Birth day' "
        "([columns.prison]) but the header row (row 1) has no such column; its headers are "
        "'Prison No', 'Surname', 'Forename(s)', 'DOB', 'Nationality', 'Sentence (months)', "
        "'Offence', 'Release date', 'Court rec'; correct the config"
    )


def test_configured_field_unknown(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": [PRISON_HEADER, PRISON_ROWS[0]]})
    with pytest.raises(ConfigError, match=r"\[columns.prison\]: unknown field 'birth'"):
        load_table(path, Role.PRISON, _config(prison_columns={"birth": "DOB"}))


MISSING_COLUMNS = [
    (
        "prison.xlsx",
        Role.PRISON,
        [["Prison No", "Surname", "Nationality", "Release date", "Sentence"],
         ["A1", "SMITH", "GR", 1, 2]],
        "prison.xlsx, sheet 'Extract': no column for date of birth (looked for 'DOB', "
        "'Date of birth', ...); rename the column or map it in the config under "
        '[columns.prison] as dob = "<header>"',
    ),
    (
        "ind.csv",
        Role.IND,
        [["Case ref", "DOB"], ["1", "2"]],
        "ind.csv: no column for the name (surname or full name) (looked for 'Surname', "
        "'Family name', 'Name', 'Full name', ...) nor for referral date (looked for 'Date "
        "referral received', 'Referral date', ...) nor for consideration date (looked for "
        "'Date considered', 'Consideration date', ...); rename the columns or map them in the "
        'config under [columns.ind], e.g. surname = "<header>" or full_name = "<header>"',
    ),
    # Referral dates under a header not recognised: read without them, every record would
    # be "never referred". The headers no field took are named.
    (
        "ind.csv",
        Role.IND,
        [["Case ref", "Surname", "DOB", "Date sent", "Considered"], ["A1", "SMITH", 1, 2, 3]],
        "ind.csv: no column for referral date (looked for 'Date referral received', 'Referral "
        "date', ...); rename the column or map it in the config under [columns.ind] as "
        "referral_date = \"<header>\" (columns not used: 'Date sent')",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "role", "rows", "message"), MISSING_COLUMNS)
def test_missing_required_columns(
    tmp_path: Path, name: str, role: Role, rows: list[list[object]], message: str
) -> None:
    if name.endswith(".xlsx"):
        path = write_xlsx(tmp_path / name, {"Extract": rows})
    else:
        path = write_csv(tmp_path / name, rows)
    assert load_error(path, role) == message


def test_require_replaces_the_role_requirements(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "people.csv", [["Full name", "Date of birth"], ["A B", "1/1/70"]])
    table, _ = load_table(path, Role.IND, Config(), require=("name", "dob"))
    assert table.columns == {"full_name": ["A B"], "dob": ["1/1/70"]}
    with pytest.raises(InputError, match="no column for date of birth"):
        load_table(
            write_csv(tmp_path / "x.csv", [["Name"], ["A"]]),
            Role.IND,
            Config(),
            require=("name", "dob"),
        )


def test_no_header_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": [["a", "b"], [1, 2]]})
    assert load_error(path) == (
        "prison.xlsx, sheet 'Extract': no header row found in the first 400 rows (no cell names "
        "a known column such as 'Surname', 'Date of birth', 'Prison number', 'Case reference'); "
        "check that this is the right file, or map the columns in the config under "
        "[columns.prison]"
    )


def test_inspect_guesses_role_and_shows_samples(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ind.xlsx", {"Summary": [["x"]], "Cases": [IND_HEADER, *IND_ROWS]})
    ins = inspect_file(path, None, Config())
    assert ins.role is Role.IND
    assert ins.role_reason == "the header names 3 prison-extract, 7 IND-extract columns"
    assert (ins.sheet, ins.header_row, ins.rows, ins.format) == ("Cases", 1, 2, "xlsx")
    assert ins.samples["dob"] == ["1970-01-02", "1975-03-04"]
    assert ins.samples["case_ref"] == ["1001", "1002"]
    assert ins.problems == []
    text = render_inspection(ins)
    assert "Extract       ind (guessed: the header names 3 prison-extract, 7 IND-extract" in text
    assert re.search(r"\ndate of birth +Date of birth +2 dates +1970-01-02 \| 1975-03-04\n", text)
    assert "Sheet         Cases: its header (row 1) names 7 IND-extract columns" in text
    assert "Summary" in text and "chosen" in text


def test_inspect_reports_missing_columns_instead_of_failing(tmp_path: Path) -> None:
    rows = [["Title"], ["Surname", "DOB", "Comment"], ["SMITH", "1/1/70", "x"], ["Total", 1]]
    path = write_csv(tmp_path / "prison.csv", rows, encoding="cp1252")
    ins = inspect_file(path, Role.PRISON, Config())
    assert (ins.format, ins.encoding, ins.delimiter, ins.header_row) == ("csv", "utf-8", ",", 2)
    assert ins.unused_columns == ("Comment",)
    assert ins.kinds == {"surname": "1 text", "dob": "1 text"}
    assert [s.row for s in ins.skipped] == [4]
    assert ins.problems[0].startswith("prison.csv: no column for nationality")
    text = render_inspection(ins)
    assert "Format        csv, utf-8, comma-separated" in text
    assert "Columns not used: Comment" in text
    assert "Problem: prison.csv: no column for nationality" in text
    assert "    4  totals or notes row below the data  Total | 1" in text


def test_files_given_the_wrong_way_round(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ind.xlsx", {"Cases": [IND_HEADER, *IND_ROWS]})
    assert load_error(path) == (
        "ind.xlsx, sheet 'Cases': this looks like the IND extract (its header names 7 of its "
        "columns, and only 3 of the prison extract's), not the prison extract; check that the "
        "files are given in the right order"
    )


def test_1904_date_system_reported(tmp_path: Path) -> None:
    path = tmp_path / "prison.xlsx"
    book = xlsxwriter.Workbook(str(path), {"date_1904": True})
    sheet = book.add_worksheet("Extract")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Surname", "DOB", "Release date", "Sentence", "Nationality"])
    sheet.write_row(1, 0, ["SMITH", 24109, None, 12, "GR"])
    sheet.write_datetime(1, 2, datetime(2005, 6, 1), day)
    book.close()
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.columns["release_date"] == [date(2005, 6, 1)]  # date cells: right
    # A plain number counts days from 1904 too: 24109 is 1970-01-03 there (1966-01-02 in the
    # usual count), moved to the usual count so that it reads as the workbook means it.
    assert table.columns["dob"] == [24109 + 1462]
    assert parse_date(table.columns["dob"][0])[0] == date(1970, 1, 3)
    assert [(f.row, f.column, f.field, f.raw) for f in findings] == [
        (0, "DOB", "dob", "plain numbers in the column: 1")
    ]
    assert findings[0].problem.startswith("the workbook counts dates from 1904")
    assert findings[0].consequence.startswith("read as the workbook counts them")


def test_the_plainer_header_takes_a_field_wherever_it_stands(tmp_path: Path) -> None:
    """A "Referred" flag column left of "Date referral received": the date column is the
    referral date, the flag is left unused."""
    rows = [
        ["Case ref", "Surname", "DOB", "Referred", "Date referral received", "Date considered"],
        ["A1", "SMITH", "01/02/1970", "Y", "03/04/2003", ""],
    ]
    path = write_csv(tmp_path / "ind.csv", rows)
    table, _ = load_table(path, Role.IND, Config())
    assert table.columns["referral_date"] == ["03/04/2003"]
    assert table.source.mapping["referral_date"] == "Date referral received"
    assert "Referred" in table.source.unused_columns


def test_inspect_says_when_dates_are_written_month_first(tmp_path: Path) -> None:
    rows = [["Case ref", "Surname", "DOB", "Date referral received", "Date considered"]]
    rows += [[f"A{k}", "SMITH", f"01/{13 + k}/1970", "2003-01-01", "2003-02-01"] for k in range(4)]
    path = write_csv(tmp_path / "ind.csv", rows)
    problems = inspect_file(path, Role.IND, Config()).problems
    assert problems == [
        "ind.csv, column 'DOB': the dates are written month first (US style): 4 different "
        "values such as '01/13/1970' can only be read that way and 0 the other way, so every "
        "date with a day of 12 or less would be read wrongly; set ind_date_order = "
        '"month-first" under [input] in the config file, or correct the column, and run again'
    ]
    assert inspect_file(path, Role.IND, _config(ind_date_order="month-first")).problems == []


def test_formulas_without_saved_results_stop_the_read(tmp_path: Path) -> None:
    """A workbook written by a program that does not calculate: its formula cells read as
    empty, so the read stops and says how to fix it. A formula in a title row above the
    header, or one whose result was saved, is no matter."""
    book = openpyxl.Workbook()  # writes formulas without their results
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(['=CONCATENATE("Extract ", 2006)'])
    sheet.append(["Surname", "DOB", "Nationality", "Sentence", "Release date"])
    sheet.append(["SMITH", "12/03/1970", "Jamaican", "=12*2", "01/02/2004"])
    sheet.append(["JONES", "12/03/1971", "Jamaican", 24, "=DATE(2004,2,1)"])
    path = tmp_path / "prison.xlsx"
    book.save(path)
    message = (
        "prison.xlsx, sheet 'Data': 2 cells of the data hold formulas whose results were not "
        "saved with the file (D3, E4), so they would read as empty; open the file in Excel or "
        "LibreOffice, save it, and run again"
    )
    assert load_error(path) == message
    assert inspect_file(path, Role.PRISON, Config()).problems == [message]
    saved = tmp_path / "saved.xlsx"
    with xlsxwriter.Workbook(str(saved)) as out:
        data = out.add_worksheet("Data")
        data.write_row(0, 0, ["Surname", "DOB", "Nationality", "Sentence", "Release date"])
        data.write_row(1, 0, ["SMITH", "12/03/1970", "Jamaican"])
        data.write_formula(1, 3, "=12*2", None, 24)
        data.write(1, 4, "01/02/2004")
    table, _ = load_table(saved, Role.PRISON, Config())
    assert table.columns["sentence"] == [24]


def test_inspect_says_when_sentence_lengths_are_too_long_for_months(tmp_path: Path) -> None:
    rows = [["Surname", "DOB", "Nationality", "Sentence", "Release date"]]
    rows += [["SMITH", "1/1/70", "Jamaican", str(365 + k), "1/1/05"] for k in range(20)]
    path = write_csv(tmp_path / "prison.csv", rows)
    problems = inspect_file(path, Role.PRISON, Config()).problems
    assert len(problems) == 1
    assert problems[0].startswith(
        "prison.csv, column 'Sentence': read as months, its sentence lengths have a median of "
        "375 months (31 years)"
    )
    assert inspect_file(path, Role.PRISON, _config(sentence_unit="days")).problems == []
