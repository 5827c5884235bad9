"""The README held to the tool: its first two commands (the ones CI and a new user run), and the
claims that can be checked cheaply and would otherwise drift."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
import typer

from reconcile.result import RunResult

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)


def test_readme_opens_with_the_two_setup_commands() -> None:
    commands = readme_commands()
    assert len(commands) >= 2
    run_cmd, test_cmd = commands[0], commands[1]
    assert "pip install" in run_cmd and "reconcile run samples/" in run_cmd
    assert "--config samples/audit.toml" in run_cmd
    assert "pip install" in test_cmd and "pytest" in test_cmd


def test_ci_runs_the_readme_test_command() -> None:
    test_cmd = readme_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci.splitlines()


def test_readme_run_command_names_committed_files() -> None:
    run_cmd = readme_commands()[0]
    for name in re.findall(r"samples/[\w.]+", run_cmd):
        assert (ROOT / name).is_file(), name


# The rest holds the README's concrete claims to the tool: its commands and options, the columns
# of outcomes.csv and of the links files, the workbook's sheets, the outcome codes, the settings'
# defaults, the files it names, and the figures it quotes for the bundled samples.


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def table_cell(first_cell: str) -> str:
    """The second cell of the README table row whose first cell is ``first_cell``."""
    for line in readme().splitlines():
        if line.startswith(f"| {first_cell} |"):
            return line.split(" | ", 2)[1]
    raise AssertionError(f"no README table row for {first_cell}")


def ticked(text: str) -> list[str]:
    """The names written in backticks, in order."""
    return re.findall(r"`([^`]+)`", text)


def cli_commands() -> dict[str, Any]:
    """Each command of the CLI by its words ("run", "policy show")."""
    from reconcile.cli import app

    found: dict[str, Any] = {}

    def walk(command: Any, words: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, (*words, name))
        else:
            found[" ".join(words)] = command

    walk(typer.main.get_command(app), ())
    return found


def readme_synopses() -> dict[str, str]:
    """The Commands table's synopses by command ("run" -> "PRISON IND [-o OUTDIR] ...")."""
    found = {}
    for line in readme().splitlines():
        m = re.match(r"\| `reconcile ((?:policy )?[a-z]+)\s*(.*?)` \|", line)
        if m:
            found[m[1]] = m[2].replace("\\|", "|")
    return found


def test_the_commands_table_names_every_command_and_no_other() -> None:
    assert sorted(readme_synopses()) == sorted(cli_commands())


@pytest.mark.parametrize("name", sorted(cli_commands()))
def test_each_synopsis_gives_the_commands_arguments_and_options(name: str) -> None:
    """Every argument in order, and every option (but --help and --debug, which every command
    has) once, with the metavar --help shows; nothing the command does not take."""
    command = cli_commands()[name]
    synopsis = readme_synopses()[name]
    positional = synopsis.split("[", 1)[0].split()
    arguments = [p.metavar for p in command.params if not p.opts[0].startswith("-")]
    assert [word.split("|")[0] for word in positional] == arguments, synopsis
    options = {opt: p for p in command.params if p.opts[0].startswith("-") for opt in p.opts}
    shown = []
    for group in re.findall(r"\[([^\]]+)\]", synopsis):
        opt, *metavar = group.split()
        assert opt in options, f"reconcile {name}: {opt} is not an option of the command"
        param = options[opt]
        assert metavar == ([param.metavar] if param.metavar else []), group
        shown.append(param.name)
    expected = [p.name for p in command.params if p.opts[0].startswith("-")]
    assert sorted(shown) == sorted(n for n in expected if n != "debug"), synopsis


def test_the_outcome_codes_are_the_tools() -> None:
    from reconcile.model import Outcome

    table = readme().split("| Outcome | Meaning |", 1)[1].split("\n\n", 1)[0]
    codes = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M)
    assert codes == [o.value for o in Outcome]


def test_outcomes_csv_columns_are_the_writers() -> None:
    from reconcile.write.outcomes_csv import CSV_COLUMNS

    assert tuple(ticked(table_cell("`outcomes.csv`"))) == CSV_COLUMNS


def test_links_file_columns_are_the_writers() -> None:
    """The links file's table, `right_file` ... `right_dob` standing for the first list's
    columns on the second's side, its case reference named in that row."""
    from reconcile.link.rows import COLUMNS, EXPLANATION

    text = readme().split("| Column | What it holds |", 1)[1].split("\n\n", 1)[0]
    named: list[str] = []
    for line in text.splitlines()[2:]:
        first, second = line.split(" | ", 2)[:2]
        if "..." in first:
            left = [c for c in named if c.startswith("left_")]
            named += [c.replace("left_", "right_") for c in left[:3]]
            named += [c for c in ticked(second) if c.startswith("right_")]
            named += [c.replace("left_", "right_") for c in left[3:]]
        else:
            named += ticked(first)
    assert tuple(named) == (*COLUMNS, EXPLANATION)


def test_unlinked_file_columns_are_the_writers_in_order() -> None:
    from reconcile.write.links_csv import UNLINKED_COLUMNS

    text = readme().split("`--unlinked FILE` writes", 1)[1].split("\n\n", 1)[0]
    names = iter(ticked(text))
    assert all(column in names for column in UNLINKED_COLUMNS), UNLINKED_COLUMNS


def test_the_workbook_sheets_are_named_in_order(book: Path) -> None:
    import openpyxl

    text = table_cell("`reconciliation.xlsx`")
    sheets = openpyxl.load_workbook(book, read_only=True).sheetnames
    places = [text.find(name) for name in sheets]
    assert -1 not in places, [s for s, p in zip(sheets, places, strict=True) if p < 0]
    assert places == sorted(places), sheets


def test_defaults_quoted_are_the_settings() -> None:
    from reconcile.app import SAMPLE_MAX_PEOPLE
    from reconcile.link.config import LinkerConfig
    from reconcile.rules.loader import PRESETS
    from reconcile.settings import Config
    from reconcile.synth.scenario import DEFAULT_PEOPLE, MIN_PEOPLE
    from reconcile.write.config import OutputConfig

    text = " ".join(readme().split())
    linker = LinkerConfig()
    cap = OutputConfig().evidence_max_sections
    assert f"Sections stop at {cap:,} (`[output] evidence_max_sections`)" in text
    assert f"at probability {linker.link_probability:.2f} or more" in text
    assert f"between {linker.review_probability:.2f} and {linker.link_probability:.2f}" in text
    assert f"(the dedupe threshold, {linker.dedupe_probability:.2f})" in text
    assert f"Presets: `{Config.policy}` (the default:" in text
    policy = text.split("## Deportation policy", 1)[1][:1500]
    assert all(f"`{name}`" in policy for name in PRESETS)
    seed = next(p for p in cli_commands()["sample"].params if p.name == "seed").default
    assert (
        f"{MIN_PEOPLE} to {SAMPLE_MAX_PEOPLE:,} people, {DEFAULT_PEOPLE:,} by default "
        f"(the published 2006 figures), seed {seed} by default"
    ) in text


def test_files_the_readme_names_exist() -> None:
    """Every file or folder of the project the README names (not those a command makes)."""
    names = set(
        re.findall(r"(?<![\w./])((?:reconcile|bench|tests|samples|seeds)/[\w./-]*\w/?)", readme())
    )
    names |= {f"reconcile/{n}" for n in re.findall(r"`((?:link|read|write)/\w+\.py)`", readme())}
    made = ("/.venv", "/.cache")
    missing = [
        n for n in sorted(names) if not any(m in n for m in made) and not (ROOT / n).exists()
    ]
    assert names and not missing, missing


# --- the figures the README quotes for the bundled samples -----------------------------------


@pytest.fixture(scope="module")
def samples_run() -> RunResult:
    """The bundled samples through the pipeline (read, link, classify; nothing written)."""
    from reconcile.app import build_settings
    from reconcile.pipeline import run

    folder = ROOT / "samples"
    settings = build_settings(
        folder / "prison_extract.xlsx",
        folder / "ind_extract.xlsx",
        outdir=folder / "not-written",
        config_path=folder / "audit.toml",
    )
    return run(settings)


def quoted(pattern: str) -> int:
    """The number the README gives where ``pattern`` (one group) matches, spaces collapsed."""
    found = re.findall(pattern, " ".join(readme().split()))
    assert len(found) == 1, (pattern, found)
    return int(found[0].replace(",", ""))


def noted(result: RunResult, outcome: str, words: str) -> int:
    return sum(1 for c in result.classifications if c.outcome == outcome and words in c.reason)


def test_sample_rows_and_people_are_as_quoted(samples_run: RunResult) -> None:
    from reconcile.write.summary import render_summary

    assert len(samples_run.prison) == quoted(r"agrees with the ground truth on all ([\d,]+) prison")
    people = quoted(r"\(on the samples, ([\d,]+) people,")
    several = quoted(r"\(on the samples, [\d,]+ people, (\d+) of them released more than once")
    summary = " ".join(render_summary(samples_run).split())
    assert f"releases (prison rows) of {people:,} people: {several} of them" in summary


def test_sample_notes_on_other_custody_are_as_quoted(samples_run: RunResult) -> None:
    later = "is dated during this person's later custody"
    assert noted(samples_run, "considered_after_release", later) == quoted(
        r"the reason says it may concern that custody; (\d+) sample rows carry this note"
    )
    assert noted(samples_run, "referred_not_considered", later) == quoted(
        r"a later custody of the same person; (\d+) sample rows carry that note"
    )
    assert noted(samples_run, "considered_before_release", "previous release") == quoted(
        r"the reason then says so \((\d+) rows of the bundled samples\)"
    )


def test_sample_count_without_earlier_custody_is_as_quoted(samples_run: RunResult) -> None:
    from reconcile.model import FAILURE_OUTCOMES
    from reconcile.rules.classify import classify

    own_only = dataclasses.replace(samples_run.policy, earlier_custody_counts=False)
    result = samples_run
    again = classify(result.prison, result.ind, result.links, own_only, result.as_of)
    assert sum(c.outcome in FAILURE_OUTCOMES for c in again) == quoted(
        r"On the bundled samples that lists ([\d,]+) prisoners instead of 1,023"
    )
    assert result.totals.not_considered == 1023
