"""Policies as data: presets, policy files, every problem reported, and policy show."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reconcile.errors import ConfigError
from reconcile.rules import PRESETS, Policy, load_policy, render_policy


@pytest.mark.parametrize("name", PRESETS)
def test_presets_load_and_describe_themselves(name: str) -> None:
    pol = load_policy(name)
    assert isinstance(pol, Policy)
    # ukba-2007 v2: s.38(1)(b) and s.33(3); 2006-eea v2: Irish nationals until February 2007
    version = {"ukba-2007": "2", "2006-eea": "2"}.get(name, "1")
    assert (pol.name, pol.version, pol.source) == (name, version, f"preset {name}")
    lines = pol.summary_lines()
    assert lines[0] == pol.title + "."
    assert lines[1].startswith("In scope: ")
    assert all(line.endswith(".") for line in lines)
    full = pol.as_dict()
    assert json.loads(json.dumps(full)) == full  # plain JSON, nothing lost
    assert full["membership"]["eu"]["PL"] == "2004-05-01"


@pytest.mark.parametrize(
    ("name", "thresholds", "court", "suspended"),
    [
        ("2006", {"non_eea": 12.0}, True, False),
        ("2006-eea", {"non_eea": 12.0, "eea": 24.0, "swiss": 24.0, "irish": 24.0}, True, False),
        ("ukba-2007", {"non_eea": 12.0, "eea": 12.0, "swiss": 12.0, "irish": 12.0}, False, True),
    ],
)
def test_preset_content(
    name: str, thresholds: dict[str, float], court: bool, suspended: bool
) -> None:
    pol = load_policy(name)
    assert pol.thresholds == thresholds
    assert (pol.court_recommendation, pol.exclude_suspended) == (court, suspended)
    assert pol.unknown_nationality == "non_eea" and pol.british_out_of_scope
    assert not pol.aggregation.enabled and pol.deadline_days == 0


def test_ukba_commencement() -> None:
    pol = load_policy("ukba-2007")
    assert pol.commencement == date(2008, 8, 1)
    assert pol.before_commencement == "apply"


@pytest.mark.parametrize("name", PRESETS)
def test_policy_show_text_loads_back_as_the_same_policy(name: str, tmp_path: Path) -> None:
    pol = load_policy(name)
    text = render_policy(pol)
    assert "# EU/EEA membership as shipped" in text
    assert "from 2004-05-01: CY CZ EE HU LT LV MT PL SI SK" in text
    path = tmp_path / "copy.toml"
    path.write_text(text, encoding="utf-8")
    again = load_policy(str(path))
    assert again == Policy(**{**pol.__dict__, "source": str(path)})


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "what-if.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_file_based_on_a_preset_changes_only_what_it_says(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[policy]\nbase = "2006"\nname = "eea-24"\nversion = "2"\n\n[thresholds]\neea = 24\n'
        "\n[deadline]\ndays_before_release = 30\n",
    )
    pol = load_policy(path)
    assert pol.label == "eea-24 v2"
    assert pol.thresholds == {"non_eea": 12.0, "eea": 24.0}
    assert pol.deadline_days == 30 and pol.court_recommendation
    assert pol.source == path


def test_version_may_be_a_whole_number(tmp_path: Path) -> None:
    path = _write(tmp_path, '[policy]\nbase = "2006"\nname = "n"\nversion = 2\n')
    assert load_policy(path).label == "n v2"


def test_false_threshold_removes_a_class(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[policy]\nbase = "ukba-2007"\nname = "no-irish"\nversion = "1"\n'
        "[thresholds]\nirish = false\n",
    )
    assert "irish" not in load_policy(path).thresholds


def test_a_commencement_with_a_time_is_refused(tmp_path: Path) -> None:
    """TOML reads 2008-08-01T09:00:00 as a datetime, which Python counts as a date: taken, the
    policy would compare a datetime with the release dates."""
    text = '[policy]\nname = "x"\nversion = "1"\ncommencement = 2008-08-01T09:00:00\n'
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_policy(path)
    assert caught.value.problems == [
        "what-if.toml [policy] commencement: expected a date written as 2008-08-01 (no quotes, "
        "no time), got datetime.datetime(2008, 8, 1, 9, 0)"
    ]


def test_bad_file_reports_every_problem(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[policy]\nversion = 3.5\nbase = "2005"\nbefore_commencement = "maybe"\n'
        'commencement = "1 Aug 2008"\n'
        '[scope]\ncourt_recommendation = "yes"\nunknown_nationality = "in"\nfoo = 1\n'
        '[thresholds]\nnon_eea = -1\nmartian = 12\neea = "24"\n'
        '[aggregation]\nwithin_years = 2.5\nclasses = ["non_eea", "venusian"]\n'
        "[deadline]\ndays_before_release = -3\n"
        "[extras]\nx = 1\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_policy(path)
    problems = caught.value.problems
    expected = [
        "what-if.toml [policy] version: expected some text in quotes, got 3.5",
        "what-if.toml [policy] base: '2005' is not a preset; use 2006, 2006-eea, ukba-2007",
        "what-if.toml [policy] before_commencement: 'maybe' is not allowed; use one of "
        "out_of_scope, apply",
        "what-if.toml [policy] commencement: expected a date written as 2008-08-01 (no quotes, "
        "no time)",
        "what-if.toml [policy] name: missing; every policy needs a name",
        "what-if.toml [scope] court_recommendation: expected true or false, got 'yes'",
        "what-if.toml [scope] unknown_nationality: 'in' is not allowed; use one of non_eea, "
        "out_of_scope, insufficient_data",
        "what-if.toml [scope] foo: unknown setting; the settings are court_recommendation",
        "what-if.toml [thresholds] non_eea: expected a number of months such as 12 (or false), "
        "got -1",
        "what-if.toml [thresholds] martian: unknown nationality class; use non_eea",
        "what-if.toml [thresholds] eea: expected a number of months",
        "what-if.toml [aggregation] within_years: expected a whole number such as 0 or 5, got 2.5",
        "what-if.toml [aggregation] classes: unknown nationality class 'venusian'",
        "what-if.toml [deadline] days_before_release: expected zero or more, got -3",
        "what-if.toml [extras]: unknown table; the tables are policy, scope",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)
    assert len(problems) == len(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[policy\nname=", "not a valid TOML policy file"),
        ('policy = "2006"\n', "[policy]: must be a table"),
        ('[policy]\nname = "x"\nversion = "1"\n[thresholds]\n', None),
    ],
)
def test_file_shapes(tmp_path: Path, text: str, message: str | None) -> None:
    path = _write(tmp_path, text)
    if message is None:
        pol = load_policy(path)
        assert pol.thresholds == {}
        assert pol.summary_lines()[0] == "In scope: a court recommended deportation."
        return
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_policy(path)


def test_unknown_is_not_a_threshold_class(tmp_path: Path) -> None:
    path = _write(tmp_path, '[policy]\nname = "x"\nversion = "1"\n[thresholds]\nunknown = 12\n')
    with pytest.raises(ConfigError, match="unknown: unknown nationality class; use non_eea"):
        load_policy(path)


def test_unknown_policy_name_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"neither a preset \(2006, 2006-eea, ukba-2007\) nor"):
        load_policy("2005")
    with pytest.raises(ConfigError, match="neither a preset"):
        load_policy(str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match=r"that exists; did you mean '2006-eea'\? Otherwise give"):
        load_policy("2006-ea")


def test_policy_show_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reconcile.cli import app

    runner = CliRunner()
    shown = runner.invoke(app, ["policy", "show", "2006-eea"])
    assert shown.exit_code == 0
    path = tmp_path / "shown.toml"
    path.write_text(shown.stdout, encoding="utf-8")
    assert load_policy(str(path)).thresholds == load_policy("2006-eea").thresholds
    bad = runner.invoke(app, ["policy", "show", "2005"])
    assert bad.exit_code == 2
    assert "neither a preset (2006, 2006-eea, ukba-2007) nor a policy file" in bad.output
    assert "Traceback" not in bad.output


def test_an_edited_copy_of_a_preset_under_its_name_and_version_is_refused(tmp_path: Path) -> None:
    text = render_policy(load_policy("2006")).replace("non_eea = 12", "non_eea = 6", 1)
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_policy(path)
    assert caught.value.problems == [
        'what-if.toml: [policy] name = "2006" and version = "1" are those of the built-in preset '
        "2006, but this file differs from it: [thresholds] non_eea = 6 (the preset has 12). The "
        "outputs cite a policy by its name and version, so give this one another name or "
        'version (e.g. version = "1-local") to show it is not the published rule'
    ]
    renamed = _write(tmp_path, text.replace('version = "1"', 'version = "1-local"', 1))
    pol = load_policy(renamed)
    assert (pol.label, pol.thresholds) == ("2006 v1-local", {"non_eea": 6.0})


def test_a_file_based_on_a_preset_may_not_change_it_under_its_name(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[policy]\nbase = "ukba-2007"\nname = "ukba-2007"\nversion = "2"\n'
        "[scope]\nexclude_suspended = false\n[deadline]\ndays_before_release = 28\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_policy(path)
    (problem,) = caught.value.problems
    assert "[scope] exclude_suspended = false (the preset has true); [deadline] " in problem
    assert "days_before_release = 28 (the preset has 0)" in problem
    same = _write(tmp_path, '[policy]\nbase = "2006-eea"\nname = "2006-eea"\nversion = "1"\n')
    assert load_policy(same).thresholds == load_policy("2006-eea").thresholds  # unchanged: fine
