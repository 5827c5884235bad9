"""Nothing in an extract is dropped, misread or guessed in silence: empty columns, totals rows
within the data, two columns under one header, a stray quote mark, a column with no header, a
NUL byte."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import inspect_file, load_table, render_inspection
from reconcile.read.layout import totals_row
from reconcile.settings import Config
from tests.test_read_corpus import IND_HEADER, IND_ROWS, PRISON_HEADER, Rows, write_csv, write_xlsx

runner = CliRunner()


def prison_rows(count: int = 12) -> Rows:
    return [
        [f"A{k:04d}BC", f"SMITH{chr(65 + k)}", "John", date(1970, 1, 1 + k), "Jamaica", 18,
         "Drugs", date(2005, 6, 1), "N"]
        for k in range(count)
    ]  # fmt: skip


def ind_rows(count: int = 12) -> Rows:
    return [
        [1000 + k, f"SMITH{chr(65 + k)}", "John", date(1970, 1, 1 + k), date(2005, 1, 1),
         date(2005, 3, 1), "Deport"]
        for k in range(count)
    ]  # fmt: skip


def blanked(rows: Rows, column: int) -> Rows:
    return [[None if j == column else v for j, v in enumerate(row)] for row in rows]


def load_error(path: Path, role: Role = Role.PRISON, config: Config | None = None) -> str:
    with pytest.raises(InputError) as caught:
        load_table(path, role, config or Config())
    return str(caught.value)


def _config(**changes: object) -> Config:
    return Config(input=dataclasses.replace(Config().input, **changes))  # type: ignore[arg-type]


# --- a column that holds no value --------------------------------------------------------


def test_an_empty_release_date_column_stops_the_run(tmp_path: Path) -> None:
    prison = write_csv(tmp_path / "p.csv", [PRISON_HEADER, *blanked(prison_rows(), 7)])
    ind = write_csv(tmp_path / "i.csv", [IND_HEADER, *IND_ROWS])
    done = runner.invoke(
        app, ["run", str(prison), str(ind), "--as-of", "2006-03-31", "-o", str(tmp_path / "o")]
    )
    assert done.exit_code == 2
    assert (
        "p.csv: the release date column ('Release date', column H) holds no value in any of "
        "the 12 data rows, so every row would be judged without it; the extract was most "
        "likely exported with the column empty. Ask for the extract again with the column "
        "filled in; or, if another column holds the release date, map it in the config under "
        '[columns.prison] as release_date = "<header>"'
    ) in " ".join(done.output.split())
    assert "Problem: p.csv: the release date column" in render_inspection(
        inspect_file(prison, Role.PRISON, Config())
    )


@pytest.mark.parametrize(
    ("column", "label"),
    [(1, "name (surname or full name)"), (3, "date of birth"), (4, "nationality"),
     (5, "sentence length")],
)  # fmt: skip
def test_each_column_deciding_outcomes_stops_the_read_when_empty(
    tmp_path: Path, column: int, label: str
) -> None:
    path = write_csv(tmp_path / "p.csv", [PRISON_HEADER, *blanked(prison_rows(), column)])
    assert load_error(path).startswith(f"p.csv: the {label} column (")


def test_an_empty_referral_date_column_stops_the_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "i.csv", [IND_HEADER, *blanked(ind_rows(), 4)])
    assert load_error(path, Role.IND).startswith(
        "i.csv: the referral date column ('Date referral received', column E) holds no value"
    )


def test_an_empty_consideration_date_beside_decisions_stops_the_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "i.csv", [IND_HEADER, *blanked(ind_rows(), 5)])
    assert (
        "holds no value in any of the 12 data rows while the decision column ('Decision', "
        "column G) holds 12 decisions"
    ) in load_error(path, Role.IND)


def test_an_empty_consideration_date_without_decisions_is_noted(tmp_path: Path) -> None:
    """A batch none of whose referrals has been considered yet is possible: the run goes on,
    and says so."""
    path = write_csv(tmp_path / "i.csv", [IND_HEADER, *blanked(blanked(ind_rows(), 5), 6)])
    table, _ = load_table(path, Role.IND, Config())
    assert table.source.notes == (
        "The IND extract (i.csv) has a consideration date column ('Date considered', column F) "
        "with no value in any of its 12 data rows: no referral is read as considered, so every "
        "referred prisoner released counts as referred but not considered; check that the "
        "extract was exported with the column filled in.",
        "The IND extract (i.csv) has a decision column ('Decision', column G) with no value in "
        "any of its 12 data rows: no record is read as holding a decision; check that the "
        "extract was exported with the column filled in.",
    )
    problems = inspect_file(path, Role.IND, Config()).problems
    assert problems == list(table.source.notes)


def test_in_a_small_file_an_empty_column_is_noted_not_refused(tmp_path: Path) -> None:
    prison = write_csv(tmp_path / "p.csv", [PRISON_HEADER, *blanked(prison_rows(3), 7)])
    ind = write_csv(tmp_path / "i.csv", [IND_HEADER, *IND_ROWS])
    done = runner.invoke(
        app, ["run", str(prison), str(ind), "--as-of", "2006-03-31", "-o", str(tmp_path / "o")]
    )
    assert done.exit_code == 0, done.output
    assert (
        "Note: The prison extract (p.csv) has a release date column ('Release date', column H) "
        "with no value in any of its 3 data rows"
    ) in " ".join(done.output.split())


# --- totals rows within the data ----------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "totals"),
    [
        (["TOTAL", "", None], True),
        (["2003 subtotal", 58], True),
        (["Subtotal 2003: 50"], True),
        (["", "Sub-total", "12", 3.5], True),
        (["Grand Total", 140], True),
        (["TOTAL", "SMITH", "12/03/1980"], False),  # a name and a date: a record
        (["Total", date(2003, 1, 1)], False),
        (["Totally", 5], False),
        (["Total FNPs", 58], False),  # words not of a total: not sure, so kept
        (["A1234BC", "Total"], False),  # a prison number first
        (["Total", "Smith"], False),
    ],
)
def test_totals_row(row: list[object], totals: bool) -> None:
    assert totals_row(row) is totals


def test_totals_rows_within_the_data_are_set_aside_with_their_row_numbers(tmp_path: Path) -> None:
    rows = prison_rows(6)
    sheet = [PRISON_HEADER, *rows[:3], ["TOTAL"], ["2003 subtotal", 58], *rows[3:]]
    path = write_csv(tmp_path / "p.csv", sheet)
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == [2, 3, 4, 7, 8, 9]
    assert [(f.row, f.raw) for f in findings] == [(5, "TOTAL"), (6, "2003 subtotal | 58")]
    assert all(f.problem.startswith("not a record: a totals row within the data") for f in findings)


# --- two columns under one header ---------------------------------------------------------


def _two_surnames(tmp_path: Path) -> Path:
    header = [*PRISON_HEADER, "Surname", "Release date"]
    rows = [[*row, "X", date(1990, 1, 1)] for row in prison_rows(4)]
    return write_xlsx(tmp_path / "p.xlsx", {"FNP": [header, *rows]})


def test_two_columns_under_one_header_stop_the_read(tmp_path: Path) -> None:
    path = _two_surnames(tmp_path)
    assert load_error(path) == (
        "p.xlsx, sheet 'FNP': two columns could each be the surname: 'Surname' (column B) and "
        "'Surname' (column J); two columns could each be the release date: 'Release date' "
        "(column H) and 'Release date' (column K); reading one would be a guess. Remove the "
        "column not wanted or rename it, or name the one to use by its letter in the config "
        'under [columns.prison], e.g. surname = "column B"'
    )
    assert (
        inspect_file(path, Role.PRISON, Config())
        .problems[0]
        .startswith("p.xlsx, sheet 'FNP': two columns could each be the surname")
    )


def test_the_column_to_use_is_named_by_its_letter(tmp_path: Path) -> None:
    path = _two_surnames(tmp_path)
    config = _config(prison_columns={"surname": "column B", "release_date": "Column H"})
    table, _ = load_table(path, Role.PRISON, config)
    assert table.columns["surname"][0] == "SMITHA"
    assert table.columns["release_date"][0] == date(2005, 6, 1)
    assert table.source.unused_columns == ("'Surname' (column J)", "'Release date' (column K)")


def test_plainer_and_lesser_names_of_one_field_are_not_duplicates(tmp_path: Path) -> None:
    header = [*PRISON_HEADER, "Family name"]
    path = write_csv(tmp_path / "p.csv", [header, *[[*r, "X"] for r in prison_rows(4)]])
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.mapping["surname"] == "Surname"


# --- a stray quote mark -------------------------------------------------------------------

_HEAD = "Prison No,Surname,Forename(s),DOB,Nationality,Sentence (months),Offence,Release date\n"


def _record(k: int, offence: str = "Drugs") -> str:
    return f"A{k:04d}BC,SMITH,John,0{1 + k}/01/1970,Jamaica,18,{offence},01/06/2005\n"


def test_a_quoted_value_running_over_records_stops_the_read(tmp_path: Path) -> None:
    text = _HEAD + _record(1) + _record(2, '"Drugs') + _record(3).replace("SMITH", '"SMITH')
    text += _record(4) + _record(5)
    path = tmp_path / "p.csv"
    path.write_text(text)
    assert load_error(path) == (
        "p.csv, lines 3 to 4: a value opening with a quote mark runs on over 2 lines and takes "
        "in what look like further records ('Drugs,01/06/2005 / A0003BC,SMITH'), so rows "
        "would be merged or lost; a quote mark on line 3 is most likely missing or stray: open "
        "the file in a text editor, correct the quote marks on that line (a value holding a "
        'quote mark is written in quotes, with the quote mark doubled: "O""BRIEN"), and run '
        "again"
    )


def test_a_value_truly_holding_a_line_break_is_read(tmp_path: Path) -> None:
    text = _HEAD + _record(1) + _record(2, '"Drugs, supply\nand possession"') + _record(3)
    path = tmp_path / "p.csv"
    path.write_text(text)
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.columns["offence"][1] == "Drugs, supply\nand possession"
    assert table.row_numbers == [2, 3, 4]


# --- a column with no header --------------------------------------------------------------


def test_a_column_with_no_header_holding_values_is_noted(tmp_path: Path) -> None:
    rows = [[*row, "x" if k % 2 else None] for k, row in enumerate(prison_rows(5))]
    path = write_csv(tmp_path / "p.csv", [[*PRISON_HEADER, ""], *rows])
    table, findings = load_table(path, Role.PRISON, Config())
    note = (
        "The prison extract (p.csv) has a column with no header holding values beside the "
        "columns read: column J (2 values); nothing in it is read. If one holds a field, give "
        "it a header, or map it in the config under [columns.prison] by its letter (<field> = "
        '"column J").'
    )
    assert table.source.notes == (note,)
    assert [(f.column, f.raw, f.problem) for f in findings] == [
        (
            "(column J)",
            "2 values in a column with no header",
            "a column with no header holds values",
        )
    ]
    assert inspect_file(path, Role.PRISON, Config()).problems == [note]


def test_a_header_merged_over_a_column_holding_values_stops_the_read(tmp_path: Path) -> None:
    header = ["Prison No", "Name", "", *PRISON_HEADER[3:]]
    path = write_xlsx(
        tmp_path / "p.xlsx", {"FNP": [header, *prison_rows(4)]}, merged={"FNP": [(0, 1, 0, 2)]}
    )
    assert load_error(path) == (
        "p.xlsx, sheet 'FNP': a header merged over several columns names only the first: "
        "'Name' (column B) is merged over column C, whose 4 values would not be read. Unmerge "
        "the header cells and give each column a header of its own (say 'Surname' and "
        "'Forenames'), or map the column by its letter in the config under [columns.prison] "
        '(e.g. forenames = "column C"), and run again'
    )
    config = _config(prison_columns={"forenames": "column C"})
    table, _ = load_table(path, Role.PRISON, config)
    assert table.columns["forenames"][0] == "John"


# --- a NUL byte ---------------------------------------------------------------------------


def test_a_nul_byte_is_named_by_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    before = (_HEAD + _record(1)).encode()
    path.write_bytes(before + b'A0002BC,"\x00\x00SMITH"' + b"\n")
    assert len(before) + 9 == 152
    done = runner.invoke(app, ["inspect", str(path)])
    assert done.exit_code == 2
    assert (
        "p.csv, line 3, character 10: the file holds a NUL character (a zero byte, at byte "
        "offset 152), after 'A0002BC,\"'; 2 such bytes in all. No spreadsheet program writes "
        "one in a CSV file"
    ) in " ".join(done.output.split())


def test_an_empty_optional_column_is_noted_and_a_header_alone_is_not(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [PRISON_HEADER, *blanked(prison_rows(), 6)])
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.notes == (
        "The prison extract (p.csv) has an offence column ('Offence', column G) with no value "
        "in any of its 12 data rows: the value is read as not known in every row; check that "
        "the extract was exported with the column filled in.",
    )
    alone = write_csv(tmp_path / "h.csv", [PRISON_HEADER])
    assert inspect_file(alone, Role.PRISON, Config()).problems == [
        "no records below the header (row 1): no data rows"
    ]


@pytest.mark.parametrize(("notes", "said"), [(1, "the row"), (3, "all 3 rows")])
def test_rows_all_set_aside_are_not_said_to_be_no_rows(
    tmp_path: Path, notes: int, said: str
) -> None:
    """Rows holding one text each are notes below the data, not records: with nothing else
    below the header, inspect and the run say the rows were set aside, not that there are
    none."""
    nationality = PRISON_HEADER.index("Nationality")
    lines = [["Nigerian" if j == nationality else "" for j in range(len(PRISON_HEADER))]] * notes
    path = write_csv(tmp_path / "p.csv", [PRISON_HEADER, *lines])
    assert inspect_file(path, Role.PRISON, Config()).problems == [
        f"no records below the header (row 1): {said} below it set aside as not records "
        "(listed above)"
    ]
    with pytest.raises(InputError) as raised:
        load_table(path, Role.PRISON, Config())
    verb = "was" if notes == 1 else "were"
    assert f"has no records below it: {said} below it {verb} set aside as not records" in str(
        raised.value
    )
