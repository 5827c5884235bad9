"""A policy file based on a preset whose [thresholds] value replaces a dated one of the
preset (2006-eea: irish = { months = 24, until = 2007-02-01 }) drops its dates: the loader
says so, `policy show` prints it, and the run prints and records it. The rule is unchanged."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Outcome
from reconcile.rules import load_policy, render_policy
from reconcile.rules.derived import dropped_dates
from reconcile.rules.loader import _preset_data, build
from tests.test_rules_factories import classify_one, prison

runner = CliRunner()

HEAD = '[policy]\nbase = "2006-eea"\nname = "irish-30"\nversion = "1"\n[thresholds]\n'
PRESET = "(24 months for those released before 01/02/2007)"


def _write(tmp_path: Path, thresholds: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + thresholds, encoding="utf-8")
    return path


def _notes(irish: object, **others: object) -> list[str]:
    file = {"thresholds": {"irish": irish, **others}}
    return dropped_dates(_preset_data("2006-eea"), file, "mine.toml", "2006-eea")


def test_a_plain_number_drops_the_end_date() -> None:
    assert _notes(30) == [
        f"policy mine.toml: [thresholds] irish = 30 replaces the preset 2006-eea's dated value "
        f"{PRESET}; the new value applies at every release date. To keep the preset's until "
        "= 2007-02-01 (01/02/2007), write irish = { months = 30, until = 2007-02-01 }"
    ]


def test_months_alone_drop_the_end_date_too() -> None:
    assert _notes({"months": 30}) == [
        "policy mine.toml: [thresholds] irish = { months = 30 } replaces the preset 2006-eea's "
        f"dated value {PRESET}; the new value applies at every release date. To keep the "
        "preset's until = 2007-02-01 (01/02/2007), write irish = { months = 30, until = "
        "2007-02-01 }"
    ]


def test_a_first_day_without_the_end_date() -> None:
    (note,) = _notes({"months": 30, "from": date(2005, 1, 1)})
    assert note.endswith(
        "the new value applies to those released on or after 01/01/2005. To keep the preset's "
        "until = 2007-02-01 (01/02/2007), write irish = { months = 30, from = 2005-01-01, "
        "until = 2007-02-01 }"
    )


def test_false_says_the_class_is_out_at_every_date() -> None:
    (note,) = _notes(False)
    assert note == (
        f"policy mine.toml: [thresholds] irish = false replaces the preset 2006-eea's dated "
        f"value {PRESET}; Irish nationals are out of scope on sentence length at every release "
        "date, those the preset's threshold covered too. To keep the preset's threshold, leave "
        "irish out of the file"
    )


@pytest.mark.parametrize(
    "irish",
    [
        {"months": 30, "until": date(2007, 2, 1)},  # the end date kept
        {"months": 30, "until": date(2008, 1, 1)},  # another end date, given
        {"months": 30, "from": date(2001, 1, 1), "until": date(2007, 2, 1)},
    ],
)
def test_no_note_when_the_dates_are_written(irish: object) -> None:
    assert _notes(irish) == []


def test_no_note_for_a_class_the_preset_does_not_date() -> None:
    file = {"thresholds": {"eea": 18, "non_eea": 6}}
    assert dropped_dates(_preset_data("2006-eea"), file, "mine.toml", "2006-eea") == []


def test_the_loader_carries_the_note_and_the_rule_is_unchanged(tmp_path: Path) -> None:
    pol = load_policy(str(_write(tmp_path, "irish = 30\n")))
    assert len(pol.notes) == 1 and pol.notes[0].startswith("policy mine.toml: [thresholds] irish")
    # The same policy as built without the note: the note changes nothing the rule decides.
    merged = _preset_data("2006-eea")
    merged["thresholds"]["irish"] = 30
    merged["policy"].update(name="irish-30", version="1")
    assert pol == build(merged, pol.source)
    assert pol.period("irish") is None and pol.thresholds["irish"] == 30.0
    rec = prison(nationality="IE", sentence_months=36.0, release_date=date(2009, 1, 1))
    got = classify_one(rec, pol=pol, as_of=date(2010, 1, 1))
    assert got.outcome is Outcome.NEVER_REFERRED and got.rule.startswith("scope.irish_threshold")
    assert "replaces the preset" not in json.dumps(
        pol.as_dict()
    )  # not a setting: the manifest's policy


def test_a_file_of_its_own_has_no_note(tmp_path: Path) -> None:
    path = tmp_path / "own.toml"
    path.write_text(
        '[policy]\nname = "own"\nversion = "1"\n[thresholds]\nirish = 30\n', encoding="utf-8"
    )
    assert load_policy(str(path)).notes == ()


def test_policy_show_prints_the_note_as_a_comment(tmp_path: Path) -> None:
    path = _write(tmp_path, "irish = 30\n")
    shown = runner.invoke(app, ["policy", "show", str(path)])
    assert shown.exit_code == 0, shown.output
    comments = " ".join(
        line.lstrip("# ").strip() for line in shown.output.splitlines() if line.startswith("#")
    )
    assert "Note: policy mine.toml: [thresholds] irish = 30 replaces the preset 2006-eea's" in (
        comments
    )
    assert "To keep the preset's until = 2007-02-01 (01/02/2007), write:" in comments
    # The line to write is on a comment line of its own, whole, to be copied.
    assert "#     irish = { months = 30, until = 2007-02-01 }" in shown.output.splitlines()
    # Still a policy file: saved and loaded, the same rule, with no base and so no note.
    saved = tmp_path / "saved.toml"
    saved.write_text(shown.output, encoding="utf-8")
    tomllib.loads(shown.output)
    again = load_policy(str(saved))
    assert again.notes == () and again.settings() == load_policy(str(path)).settings()
    assert "Note:" not in render_policy(again)


def test_the_run_prints_and_records_the_note(sample: Path, tmp_path: Path) -> None:
    policy = _write(tmp_path, "irish = { months = 30 }\n")
    out = tmp_path / "out"
    args = ["run", str(sample / "prison_extract.xlsx"), str(sample / "ind_extract.xlsx")]
    args += ["--config", str(sample / "audit.toml"), "--policy", str(policy), "-o", str(out)]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    note = load_policy(str(policy)).notes[0] + "."
    assert f"Note: {note}" in done.output
    assert note in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["notes"]
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    cells = {v for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row}
    assert note in cells
