"""A config that maps a column of words (a name, the nationality, the offence) to a column of
another kind of data (dates, numbers): the run stops, naming the file, sheet and column,
rather than linking or judging every row on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app

runner = CliRunner()


def config_with(sample: Path, tmp_path: Path, old: str, new: str, extra: str = "") -> Path:
    text = (sample / "audit.toml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1).replace("[input]\n", f"[input]\n{extra}")
    path = tmp_path / "audit.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(sample: Path, config: Path, out: Path) -> list[str]:
    prison, ind = sample / "prison_extract.xlsx", sample / "ind_extract.xlsx"
    return ["run", str(prison), str(ind), "--config", str(config), "-o", str(out)]


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
