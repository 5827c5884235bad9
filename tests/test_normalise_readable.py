"""A column most of whose values cannot be read stops the run (the wrong column taken, most
likely), saying where, why and what to do; unreadable_limit under [input] lets it run on."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import ConfigError, InputError
from reconcile.model import Cell, Role
from reconcile.normalise.readable import DEFAULT_LIMIT
from reconcile.normalise.records import build_ind_records, build_prison_records
from reconcile.read.config import InputConfig
from reconcile.settings import load_config
from tests.test_normalise_records import table

NOTES = ["see file", "awaiting papers", "n/k - ask wing", "12/13/2001x"]


def _dobs(bad: int, good: int) -> list[Cell]:
    return [NOTES[k % len(NOTES)] for k in range(bad)] + ["01/02/1970"] * good


def test_a_date_column_mostly_unreadable_stops() -> None:
    cells = _dobs(15, 10) + [None, "  "] * 5  # empty cells are not values
    prisoners = table(Role.PRISON, {"surname": ["SMITH"] * len(cells), "dob": cells})
    with pytest.raises(InputError) as caught:
        build_prison_records(prisoners)
    assert str(caught.value) == (
        "extract.xlsx, sheet 'Released', column 'Dob' (read as the date of birth): 15 of its 25 "
        "values cannot be read as dates (for example 'see file', 'awaiting papers', 'n/k - ask "
        "wing'), so it is probably not the date of birth column. If another column holds the "
        "date of birth, map it under [columns.prison] in the config file (`reconcile inspect` "
        "shows how each column is read); to run on with these values treated as missing, set "
        "unreadable_limit = 1 under [input]"
    )
    records, findings = build_prison_records(prisoners, unreadable_limit=1.0)
    assert len(records) == len(cells) and sum(r.dob is None for r in records) == 25
    assert sum(f.field == "dob" for f in findings) == 15


@pytest.mark.parametrize(
    ("bad", "good", "stops"),
    [
        (12, 13, False),  # under half
        (13, 12, True),
        (19, 0, False),  # too few values to say anything about the column
        (20, 0, True),
    ],
)
def test_the_limit_and_the_least_values(bad: int, good: int, stops: bool) -> None:
    cells = _dobs(bad, good)
    n = len(cells)
    cases = table(
        Role.IND, {"surname": ["SMITH"] * n, "referral_date": cells, "considered_date": [None] * n}
    )
    if stops:
        with pytest.raises(InputError, match=r"column 'Referral Date' \(read as the referral"):
            build_ind_records(cases)
    else:
        assert len(build_ind_records(cases)[0]) == len(cells)


def test_sentences_and_yes_no_are_checked_too() -> None:
    words = ["Robbery", "Theft", "Burglary", "Fraud"] * 6
    prisoners = table(Role.PRISON, {"surname": ["SMITH"] * 24, "sentence": words})
    with pytest.raises(InputError, match="24 of its 24 values cannot be read as sentence"):
        build_prison_records(prisoners)
    flags = table(Role.PRISON, {"surname": ["SMITH"] * 24, "court_recommended": words})
    with pytest.raises(InputError, match="cannot be read as yes or no"):
        build_prison_records(flags)


def test_the_default_is_the_configs() -> None:
    assert InputConfig().unreadable_limit == DEFAULT_LIMIT


def test_the_config_setting_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "audit.toml"
    path.write_text("[input]\nunreadable_limit = 1\n", encoding="utf-8")
    assert load_config(path).input.unreadable_limit == 1
    for bad in ("0", "1.5", '"half"', "true"):
        path.write_text(f"[input]\nunreadable_limit = {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            load_config(path)
        assert any("unreadable_limit must be a share above 0 and at most 1" in p
                   for p in info.value.problems)  # fmt: skip


def test_the_run_stops_with_the_message_and_runs_on_when_told(tmp_path: Path) -> None:
    header = "Surname,Forename,Date of birth,Nationality,Sentence,Release date"
    rows = [f"SMITH{k},JOHN,{NOTES[k % 4]},Jamaican,24,01/02/2005" for k in range(30)]
    prison = tmp_path / "prison.csv"
    prison.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    ind = tmp_path / "ind.csv"
    ind.write_text(
        "Surname,Forename,Date of birth,Referral date,Date considered\n"
        "SMITH0,JOHN,01/02/1970,01/01/2004,\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(app, ["run", str(prison), str(ind), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "prison.csv, column 'Date of birth' (read as the date of birth): 30 of its 30" in (
        result.output
    )
    config = tmp_path / "audit.toml"
    config.write_text("[input]\nunreadable_limit = 1\n", encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(prison), str(ind), "-c", str(config), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output


def test_inspect_names_the_column_before_a_run(tmp_path: Path) -> None:
    header = "Surname,Forename,Date of birth,Nationality,Sentence,Release date"
    rows = [f"SMITH{k},JOHN,{NOTES[k % 4]},Jamaican,24,01/02/2005" for k in range(30)]
    prison = tmp_path / "prison.csv"
    prison.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["inspect", str(prison), "--role", "prison"])
    assert "column 'Date of birth' (read as the date of birth): 30 of its 30 values" in (
        " ".join(result.output.split())
    )
