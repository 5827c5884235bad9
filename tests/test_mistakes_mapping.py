"""A config that maps a column of words (a name, the nationality, the offence) or of
identifiers (the prison number, the case reference) to a column of another kind of data
(dates, numbers): the run stops, naming the file, sheet and column, rather than linking or
judging every row on it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.read.coverage import _a_calendar_date
from tests.mistakes import run as run_args

runner = CliRunner()


def config_with(sample: Path, tmp_path: Path, old: str, new: str, extra: str = "") -> Path:
    text = (sample / "audit.toml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1).replace("[input]\n", f"[input]\n{extra}")
    path = tmp_path / "audit.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(sample: Path, config: Path, out: Path) -> list[str]:
    return run_args(sample / "prison_extract.xlsx", sample / "ind_extract.xlsx", config, out)


def test_surname_mapped_to_the_release_date_column(sample: Path, tmp_path: Path) -> None:
    config = config_with(sample, tmp_path, 'surname = "Surname"', 'surname = "Discharge Date"')
    result = runner.invoke(app, run(sample, config, tmp_path / "out"))
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "prison_extract.xlsx, sheet 'FNP discharges', column 'Discharge Date' (column" in text
    assert "read as the surname)" in text
    assert "are dates or numbers, not names" in text
    assert "probably not the surname column" in text
    assert "map it under [columns.prison]" in text
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_forenames_mapped_to_the_date_of_birth_column(sample: Path, tmp_path: Path) -> None:
    config = config_with(sample, tmp_path, 'forenames = "Given Names"', 'forenames = "DOB"')
    result = runner.invoke(app, run(sample, config, tmp_path / "out"))
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "ind_extract.xlsx, sheet 'CCT cases', column 'DOB'" in text
    assert "probably not the forenames column" in text


def test_unreadable_limit_one_runs_on(sample: Path, tmp_path: Path) -> None:
    config = config_with(
        sample,
        tmp_path,
        'surname = "Surname"',
        'surname = "Discharge Date"',
        extra="unreadable_limit = 1\n",
    )
    result = runner.invoke(app, run(sample, config, tmp_path / "out"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            'nationality = "Nationality"',
            'nationality = "Date of Birth"',
            "column 'Date of Birth' (column D, read as the nationality)",
        ),
        (
            'offence = "Main Offence"',
            'offence = "Discharge Date"',
            "values are dates, not offences",
        ),
    ],
)
def test_nationality_or_offence_mapped_to_a_date_column(
    sample: Path, tmp_path: Path, old: str, new: str, said: str
) -> None:
    config = config_with(sample, tmp_path, old, new)
    result = runner.invoke(app, run(sample, config, tmp_path / "out"))
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "prison_extract.xlsx, sheet 'FNP discharges'" in text
    assert said in text


def test_prison_number_mapped_to_the_release_date_column(sample: Path, tmp_path: Path) -> None:
    """Prison numbers may be digits alone, so a column of numbers passes; a column of dates
    is the wrong column."""
    config = config_with(
        sample, tmp_path, 'prison_number = "NOMS No"', 'prison_number = "Discharge Date"'
    )
    result = runner.invoke(app, run(sample, config, tmp_path / "out"))
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert (
        "prison_extract.xlsx, sheet 'FNP discharges', column 'Discharge Date' (column I, read "
        "as the prison number)" in text
    )
    assert "values are dates, not prison numbers (for example '" in text
    assert "probably not the prison number column" in text
    assert "map it under [columns.prison]" in text
    assert "set unreadable_limit = 1 under [input]" in text
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_case_reference_mapped_to_a_column_of_dates_written_as_text(
    sample: Path, tmp_path: Path
) -> None:
    """The IND extract's referral dates are date cells and text (01/06/2003, 2003-11-10)."""
    config = config_with(
        sample, tmp_path, 'case_ref = "HO Ref"', 'case_ref = "Date Referral Received"'
    )
    result = runner.invoke(app, run(sample, config, tmp_path / "out"))
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "ind_extract.xlsx, sheet 'CCT cases', column 'Date Referral Received'" in text
    assert "read as the case reference)" in text
    assert "values are dates, not case references" in text


def _numbered(sample: Path, target: Path) -> int:
    """The prison extract with its prison numbers as numbers (123456) or letters and digits
    ('A1234BC'), and some written as text of digits; returns how many were changed."""
    book = openpyxl.load_workbook(sample / "prison_extract.xlsx")
    sheet = book["FNP discharges"]
    changed = 0
    for row in sheet.iter_rows():
        value = row[0].value
        if isinstance(value, str) and value[:1].isalpha() and value[1:5].isdigit():
            row[0].value = int(value[1:5]) * 100 + changed if changed % 3 else f"{100000 + changed}"
            changed += 1
    book.save(target)
    return changed


def test_prison_numbers_of_digits_alone_are_read(sample: Path, tmp_path: Path) -> None:
    prison = tmp_path / "prison.xlsx"
    assert _numbered(sample, prison) >= 20
    config = sample / "audit.toml"
    args = ["run", str(prison), str(sample / "ind_extract.xlsx"), "--config", str(config)]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("value", "is_date"),
    [
        ("12/03/2004", True),
        ("2004-03-12", True),
        ("12.03.04", True),
        ("03/31/2004", True),
        ("2004-03-12 00:00:00", True),
        (date(2004, 3, 12), True),
        (datetime(2004, 3, 12, 9, 30), True),
        ("123456", False),
        (123456, False),
        (38058, False),  # a date Excel keeps as a serial number: not told from digits
        ("A1234BC", False),
        ("123456/04K", False),  # a CRO number
        ("2004/0712343H", False),  # a PNC ID
        ("1234/56/7", False),
        ("45/13/2004", False),
    ],
)
def test_what_reads_as_a_date_in_an_identifier_column(value: object, is_date: bool) -> None:
    assert _a_calendar_date(value) is is_date
