"""The config file: every key is typed, every problem is reported, all at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reconcile.errors import ConfigError
from reconcile.settings import Config, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "audit.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_defaults() -> None:
    assert load_config(None) == Config()


def test_full_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
policy = "2006-eea"
[audit]
name = "Test audit"
as_of = 2006-03-31
seed = 7
[input]
prison_sheet = "Extract"
encoding = "cp1252"
[columns.prison]
dob = "Birth Date"
[columns.ind]
case_ref = "CID"
[linker]
link_probability = 0.9
referral_timing = false
[output]
marking = "OFFICIAL"
""",
    )
    cfg = load_config(path)
    assert cfg.audit.name == "Test audit"
    assert cfg.audit.as_of == date(2006, 3, 31)
    assert cfg.audit.seed == 7
    assert cfg.policy == "2006-eea"
    assert cfg.input.prison_sheet == "Extract"
    assert cfg.input.encoding == "cp1252"
    assert cfg.input.prison_columns == {"dob": "Birth Date"}
    assert cfg.input.ind_columns == {"case_ref": "CID"}
    assert cfg.linker.link_probability == 0.9
    assert cfg.linker.referral_timing is False
    assert cfg.output.marking == "OFFICIAL"
    assert cfg.source == path.resolve()


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[audit]
as_of = "31/03/2006"
seed = "x"
colour = "red"
[linker]
link_probability = "high"
[extra]
a = 1
[columns.other]
x = "y"
""",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    problems = info.value.problems
    assert problems == [
        "audit.toml [audit].as_of: expected a date such as 2006-03-31, got '31/03/2006'",
        "audit.toml [audit].seed: expected int, got 'x'",
        "audit.toml [audit]: unknown setting 'colour' (known: as_of, name, seed)",
        "audit.toml [linker].link_probability: expected float, got 'high'",
        "audit.toml: unknown table [extra] (known: audit, policy, input, columns, linker, "
        "limits, output)",
        "audit.toml: unknown table [columns.other] (known: prison, ind)",
    ]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_not_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "this is = = not toml")
    with pytest.raises(ConfigError, match="not a valid TOML file"):
        load_config(path)


def test_date_order_is_read_and_checked(tmp_path: Path) -> None:
    good = write(tmp_path, '[input]\nprison_date_order = "month-first"\n')
    reading = load_config(good).input
    assert (reading.prison_date_order, reading.ind_date_order) == ("month-first", "day-first")
    bad = write(tmp_path, '[input]\nind_date_order = "mdy"\n')
    with pytest.raises(ConfigError) as info:
        load_config(bad)
    assert info.value.problems == [
        "audit.toml [input]: ind_date_order must be one of 'day-first', 'month-first', not 'mdy'"
    ]


def test_sentence_unit_is_read_and_checked(tmp_path: Path) -> None:
    assert load_config(
        write(tmp_path, '[input]\nsentence_unit = "days"\n')
    ).input.sentence_unit == ("days")
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, '[input]\nsentence_unit = "fortnights"\n'))
    assert info.value.problems == [
        "audit.toml [input]: sentence_unit must be one of 'months', 'weeks', 'days', 'years', "
        "not 'fortnights'"
    ]
