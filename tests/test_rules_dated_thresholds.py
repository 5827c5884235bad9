"""Thresholds limited in time: ``irish = { months = 24, until = 2007-02-01 }`` applies to
releases before that day (and on or after ``from``, when given); outside those dates the
class is out of scope on sentence length, as a class with no threshold."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reconcile.errors import ConfigError
from reconcile.model import Outcome
from reconcile.rules import load_policy, render_policy
from reconcile.rules.policy import Period
from tests.test_rules_factories import classify_one, prison

IN, OUT = Outcome.NEVER_REFERRED, Outcome.OUT_OF_SCOPE
D = date
LATE = D(2010, 1, 1)

# 2006-eea: Irish nationals on 24 months or more, for releases before 2007-02-01.
IRISH: list[tuple[dict[str, Any], Outcome, str]] = [
    ({"release_date": D(2007, 1, 31)}, IN, "scope.irish_threshold"),  # the day before
    ({"release_date": D(2007, 2, 1)}, OUT, "exclude.irish"),  # the day itself: ended
    ({"release_date": D(2007, 2, 2)}, OUT, "exclude.irish"),
    ({"release_date": D(1999, 1, 4)}, IN, "scope.irish_threshold"),  # no start day
    ({"release_date": D(2007, 1, 31), "sentence_months": 23.5}, OUT, "exclude.below_threshold"),
    ({"release_date": D(2007, 1, 31), "sentence_months": 24.0}, IN, "scope.irish_threshold"),
    ({"release_date": D(2007, 1, 31), "sentence_months": None, "sentence_life": True}, IN,
     "scope.irish_threshold"),
    ({"release_date": D(2007, 2, 1), "sentence_months": None, "sentence_life": True}, OUT,
     "exclude.irish"),
    # A court recommendation brings an Irish national in at any date.
    ({"release_date": D(2007, 2, 1), "court_recommended": True}, IN,
     "scope.court_recommendation"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "outcome", "rule"), IRISH)
def test_irish_nationals_under_2006_eea_by_release_date(
    fields: dict[str, Any], outcome: Outcome, rule: str
) -> None:
    rec = prison(**{"nationality": "IE", "sentence_months": 30.0, **fields})
    got = classify_one(rec, pol="2006-eea", as_of=LATE)
    assert (got.outcome, got.rule.split("/")[0]) == (outcome, rule), got.reason


def test_the_reasons_say_when_the_threshold_ended() -> None:
    def reason(released: date) -> str:
        rec = prison(nationality="IE", sentence_months=30.0, release_date=released)
        return classify_one(rec, pol="2006-eea", as_of=LATE).reason

    assert reason(D(2006, 3, 3)).startswith(
        "In scope under policy 2006-eea v2 (Irish national, sentence 30 months, at or above "
        "the 24-month threshold; released before the end of this threshold on 01/02/2007): "
        "Irish national released 03/03/2006;"
    )
    assert reason(D(2007, 2, 1)) == (
        "Irish national released 01/02/2007; this policy's threshold for Irish nationals ended "
        "on 01/02/2007 (it applies to those released before 01/02/2007), no court "
        "recommendation: Irish nationals released from then are out of scope (unless a court "
        "recommended deportation) under policy 2006-eea v2."
    )


def _write(tmp_path: Path, text: str, name: str = "dated.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


SWISS = (
    '[policy]\nbase = "2006"\nname = "swiss-window"\nversion = "1"\n'
    "[thresholds]\nswiss = { months = 24, from = 2005-01-01, until = 2007-02-01 }\n"
)


@pytest.mark.parametrize(
    ("released", "outcome", "rule", "said"),
    [
        (D(2004, 12, 31), OUT, "exclude.swiss_national", "began on 01/01/2005"),
        (D(2005, 1, 1), IN, "scope.swiss_threshold", "on or after the start of this threshold"),
        (D(2007, 1, 31), IN, "scope.swiss_threshold", "before the end of this threshold"),
        (D(2007, 2, 1), OUT, "exclude.swiss_national", "ended on 01/02/2007"),
    ],
)
def test_a_threshold_with_a_first_and_a_last_day(
    tmp_path: Path, released: date, outcome: Outcome, rule: str, said: str
) -> None:
    pol = load_policy(_write(tmp_path, SWISS))
    assert pol.period("swiss") == Period(D(2005, 1, 1), D(2007, 2, 1))
    rec = prison(nationality="CH", sentence_months=30.0, release_date=released)
    got = classify_one(rec, pol=pol, as_of=LATE)
    assert (got.outcome, got.rule.split("/")[0]) == (outcome, rule), got.reason
    assert said in got.reason
    if outcome is OUT:
        before = "before then" if released < D(2005, 1, 1) else "from then"
        assert f"Swiss nationals released {before} are out of scope" in got.reason


def test_a_plain_number_still_means_every_date(tmp_path: Path) -> None:
    path = _write(
        tmp_path, '[policy]\nbase = "2006-eea"\nname = "irish-always"\nversion = "1"\n'
        "[thresholds]\nirish = 24\n"
    )  # fmt: skip
    pol = load_policy(path)
    assert pol.thresholds["irish"] == 24.0 and pol.period("irish") is None
    rec = prison(nationality="IE", sentence_months=30.0, release_date=D(2009, 1, 1))
    assert classify_one(rec, pol=pol, as_of=LATE).rule.startswith("scope.irish_threshold")
    assert "irish = 24\n" in render_policy(pol)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            '{ months = 24, until = "2007-02-01" }',
            "dated.toml [thresholds] irish.until: expected a date written as 2007-02-01 (no "
            "quotes, no time), got '2007-02-01'",
        ),
        (
            "{ months = 24, until = 2007-02-01T00:00:00 }",
            "dated.toml [thresholds] irish.until: expected a date written as 2007-02-01 (no "
            "quotes, no time), got datetime.datetime(2007, 2, 1, 0, 0)",
        ),
        (
            "{ until = 2007-02-01 }",
            "dated.toml [thresholds] irish: months missing; write it as in irish = { months = "
            "24, until = 2007-02-01 }",
        ),
        (
            '{ months = "24", until = 2007-02-01 }',
            "dated.toml [thresholds] irish.months: expected a number of months such as 12, got "
            "'24'",
        ),
        (
            "{ months = 24, till = 2007-02-01 }",
            "dated.toml [thresholds] irish: 'till' is not a setting of a threshold; the settings "
            "are months, from (the first release day it applies to) and until (the day it stops "
            "applying), as in irish = { months = 24, until = 2007-02-01 }",
        ),
        (
            "{ months = 24, from = 2007-02-01, until = 2007-02-01 }",
            "dated.toml [thresholds] irish: from = 2007-02-01 is not before until = 2007-02-01; "
            "the threshold applies to releases on or after from and before until, so give from "
            "the earlier day",
        ),
        (
            '"24 until 2007"',
            "dated.toml [thresholds] irish: expected a number of months such as 12 (or false), "
            "got '24 until 2007'; a threshold for some release dates only is written irish = { "
            "months = 24, until = 2007-02-01 }",
        ),
    ],
)
def test_a_wrong_dated_threshold_is_named_with_what_to_write(
    tmp_path: Path, value: str, problem: str
) -> None:
    path = _write(tmp_path, f'[policy]\nname = "x"\nversion = "1"\n[thresholds]\nirish = {value}\n')
    with pytest.raises(ConfigError) as caught:
        load_policy(path)
    assert caught.value.problems == [problem]


def test_every_problem_of_a_dated_threshold_at_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[policy]\nname = "x"\nversion = "1"\n[thresholds.irish]\nmonths = -1\nfrom = "2005"\n'
        "until = 2007-02-01\nextra = 1\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_policy(path)
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "dated.toml [thresholds] irish",  # extra
        "dated.toml [thresholds] irish.months",
        "dated.toml [thresholds] irish.from",
    ]


@pytest.mark.parametrize("text", [None, SWISS])
def test_policy_show_prints_it_and_it_loads_back_the_same(tmp_path: Path, text: str | None) -> None:
    pol = load_policy("2006-eea" if text is None else _write(tmp_path, text))
    shown = render_policy(pol)
    if text is None:
        assert "\nirish = { months = 24, until = 2007-02-01 }\n" in shown
        shown = shown.replace('version = "2"', 'version = "2-copy"', 1)
    else:
        assert "\nswiss = { months = 24, from = 2005-01-01, until = 2007-02-01 }\n" in shown
    back = load_policy(_write(tmp_path, shown, "shown.toml"))
    assert back.thresholds == pol.thresholds
    assert back.threshold_periods == pol.threshold_periods
    assert back.settings() == {**pol.settings(), "policy": back.settings()["policy"]}


def test_the_summary_gives_the_dates() -> None:
    text = " ".join(load_policy("2006-eea").summary_lines())
    assert "Irish nationals sentenced to 24 months or more, released before 01/02/2007" in text
    assert (
        "Irish nationals released on or after 01/02/2007 are out of scope unless a court "
        "recommended deportation" in text
    )
    assert "Irish nationals are out of scope" not in text  # only from that day


def test_the_manifest_form_is_plain_json_and_follows_the_dates(tmp_path: Path) -> None:
    full = load_policy("2006-eea").as_dict()
    assert full["thresholds"]["irish"] == {"months": 24, "until": "2007-02-01"}
    assert json.loads(json.dumps(full)) == full
    moved = SWISS.replace("until = 2007-02-01", "until = 2007-03-01")
    one = load_policy(_write(tmp_path, SWISS, "one.toml")).as_dict()
    two = load_policy(_write(tmp_path, moved, "two.toml")).as_dict()
    assert one["thresholds"]["swiss"]["until"] == "2007-02-01"
    assert two["thresholds"]["swiss"]["until"] == "2007-03-01"


def test_an_edited_end_day_under_the_preset_name_is_refused(tmp_path: Path) -> None:
    shown = render_policy(load_policy("2006-eea"))
    line = "\nirish = { months = 24, until = 2007-02-01 }\n"
    assert line in shown
    text = shown.replace(line, line.replace("2007-02-01", "2007-03-01"))
    with pytest.raises(ConfigError) as caught:
        load_policy(_write(tmp_path, text))
    (problem,) = caught.value.problems
    assert (
        "[thresholds] irish = { months = 24, until = 2007-03-01 } (the preset has { months = "
        "24, until = 2007-02-01 })" in problem
    )


def _run(sample: Path, out: Path, policy: str) -> tuple[list[dict[str, str]], dict[str, Any]]:
    from typer.testing import CliRunner

    from reconcile.cli import app

    done = CliRunner().invoke(
        app,
        [
            "run",
            str(sample / "prison_extract.xlsx"),
            str(sample / "ind_extract.xlsx"),
            "--config",
            str(sample / "audit.toml"),
            "--policy",
            policy,
            "-o",
            str(out),
            "--force",
        ],
    )
    assert done.exit_code == 0, done.output
    with (out / "outcomes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return rows, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_a_run_with_a_dated_threshold(sample: Path, tmp_path: Path) -> None:
    """Non-EEA nationals on 12 months for releases before 2003-01-01 only: the rows released
    from that day are out of scope, the others as under 2006; the manifest records the dates
    and the run id follows them."""
    head = '[policy]\nbase = "2006"\nname = "until-2003"\nversion = "1"\n[thresholds]\n'
    dated = _write(tmp_path, head + "non_eea = { months = 12, until = 2003-01-01 }\n", "a.toml")
    later = _write(tmp_path, head + "non_eea = { months = 12, until = 2004-01-01 }\n", "b.toml")
    plain, _ = _run(sample, tmp_path / "plain", "2006")
    rows, manifest = _run(sample, tmp_path / "dated", dated)
    _, other = _run(sample, tmp_path / "later", later)
    assert manifest["policy"]["thresholds"]["non_eea"] == {"months": 12, "until": "2003-01-01"}
    assert manifest["run_id"] != other["run_id"]
    moved = 0
    for was, now in zip(plain, rows, strict=True):
        released = now["release_date"]
        before = (was["outcome"], was["rule"])
        if not released or date.fromisoformat(released) < D(2003, 1, 1):
            assert (now["outcome"], now["rule"]) == before
        elif was["rule"].startswith("scope.non_eea_threshold"):
            moved += 1
            assert (now["outcome"], now["rule"]) == ("out_of_scope", "exclude.non_eea_national")
            assert (
                "this policy's threshold for non-EEA nationals ended on 01/01/2003"
                in (now["reason"])
            )
        elif now["rule"] != was["rule"]:  # a non-EEA national below 12 months
            assert before == ("out_of_scope", "exclude.below_threshold")
            assert (now["outcome"], now["rule"]) == ("out_of_scope", "exclude.non_eea_national")
    assert moved > 0
