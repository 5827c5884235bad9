"""The smaller commands as a new user meets them (sample, inspect, verify, report, policy),
through typer's CliRunner: good and bad arguments, messages and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.rules import PRESETS
from reconcile.write.manifest import sealed
from tests.test_cli import run_args

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small sample and the output folder of a run on it."""
    sample = tmp_path_factory.mktemp("sample")
    made = runner.invoke(app, ["sample", "-o", str(sample), "--people", "150", "--seed", "11"])
    assert made.exit_code == 0, made.output
    out = tmp_path_factory.mktemp("run") / "out"
    done = runner.invoke(app, run_args(sample, out))
    assert done.exit_code == 0, done.output
    return sample, out


def _copy(out: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    for path in copy.iterdir():
        path.chmod(0o600)
    return copy


# --- sample -------------------------------------------------------------------------------


@pytest.mark.parametrize("people", ["0", "-5", "1", "100000"])
def test_sample_refuses_a_number_of_people_it_cannot_make_at_once(
    people: str, tmp_path: Path
) -> None:
    # 100000 used to work for a minute and then stop with an internal error (exit 1).
    result = runner.invoke(app, ["sample", "-o", str(tmp_path / "s"), "--people", people])
    assert result.exit_code == 2, result.output
    assert result.output.strip() == (
        f"error: --people {people}: a sample holds from 20 people (fewer cannot carry the "
        "published 2006 figures, scaled down) to 50,000 (more would run out of distinct "
        "names); give a number from 20 to 50,000"
    )
    assert not (tmp_path / "s").exists()


def test_sample_into_a_folder_that_cannot_be_made_is_bad_input(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["sample", "-o", str(blocker / "sub"), "--people", "20"])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert f"error: {blocker / 'sub'}: cannot write the sample there" in result.output
    assert "choose another with -o" in result.output


def test_sample_help_gives_the_range_and_plain_placeholders() -> None:
    result = runner.invoke(app, ["sample", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "--people N" in text and "from 20 to 50,000" in text
    assert "-o, --out DIR" in text and "--seed S" in text
    assert "<int" not in text and "x>=20" not in text


# --- inspect ------------------------------------------------------------------------------


def test_inspect_help_uses_the_readmes_placeholders() -> None:
    result = runner.invoke(app, ["inspect", "--help"])
    assert result.exit_code == 0
    assert "--role prison|ind" in result.output
    assert "--sheet NAME|PATTERN" in result.output
    assert "<str>" not in result.output


@pytest.mark.parametrize("sheet", ["nope", "zz*"])
def test_inspect_with_a_sheet_not_in_the_file_names_inspects_own_option(
    sheet: str, sample_run: tuple[Path, Path]
) -> None:
    sample, _ = sample_run
    result = runner.invoke(app, ["inspect", str(sample / "prison_extract.xlsx"), "--sheet", sheet])
    assert result.exit_code == 2, result.output
    assert "'FNP discharges'" in result.output
    assert "(--sheet, or prison_sheet under [input] in the config)" in result.output
    assert "--prison-sheet" not in result.output


# --- verify and report: folders that are not a run's ----------------------------------------


@pytest.mark.parametrize("command", ["verify", "report"])
def test_a_folder_that_does_not_exist(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "nosuch"
    result = runner.invoke(app, [command, str(missing)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {missing}: folder not found; check the path")


@pytest.mark.parametrize("command", ["verify", "report"])
def test_the_manifest_file_given_for_its_folder(
    command: str, sample_run: tuple[Path, Path]
) -> None:
    _, out = sample_run
    result = runner.invoke(app, [command, str(out / "manifest.json")])
    assert result.exit_code == 2
    assert f"{out / 'manifest.json'}: is a file, not a folder" in result.output
    assert result.output.rstrip().endswith(f", here {out}")


@pytest.mark.parametrize("command", ["verify", "report"])
def test_a_folder_whose_run_did_not_finish(
    command: str, sample_run: tuple[Path, Path], tmp_path: Path
) -> None:
    copy = _copy(sample_run[1], tmp_path)
    (copy / "manifest.json").unlink()
    result = runner.invoke(app, [command, str(copy)])
    assert result.exit_code == 2
    assert "but no manifest.json, which a run writes last" in result.output
    assert "run the audit again" in result.output


def test_a_garbled_manifest_is_described_without_parser_jargon(
    sample_run: tuple[Path, Path], tmp_path: Path
) -> None:
    copy = _copy(sample_run[1], tmp_path)
    (copy / "manifest.json").write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(copy)])
    assert result.exit_code == 2
    assert "Expecting" not in result.output and "char 1" not in result.output
    assert "garbled at line 1, column 2" in result.output
    assert "recover the folder's original manifest.json, or run the audit again" in result.output


@pytest.mark.parametrize("command", ["verify", "report"])
def test_a_deeply_nested_manifest_is_not_readable_rather_than_a_fault(
    sample_run: tuple[Path, Path], tmp_path: Path, command: str
) -> None:
    copy = _copy(sample_run[1], tmp_path)
    (copy / "manifest.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = runner.invoke(app, [command, str(copy)])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert "not a readable manifest (it nests deeper than any manifest does)" in result.output


def test_verify_says_what_to_do_about_a_difference(
    sample_run: tuple[Path, Path], tmp_path: Path
) -> None:
    copy = _copy(sample_run[1], tmp_path)
    (copy / "evidence.pdf").unlink()
    result = runner.invoke(app, ["verify", str(copy)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0] == f"{copy}: 1 difference from the manifest:"
    assert "evidence.pdf: missing" in lines[1]
    assert lines[2].startswith("This folder is not as the run left it: do not rely on it.")


# --- report ---------------------------------------------------------------------------------


def test_report_warns_when_outcomes_csv_was_edited(
    sample_run: tuple[Path, Path], tmp_path: Path
) -> None:
    # The listings come from outcomes.csv: an edited one used to be printed with no warning.
    copy = _copy(sample_run[1], tmp_path)
    csv_path = copy / "outcomes.csv"
    text = csv_path.read_text(encoding="utf-8")
    assert ",never_referred," in text
    csv_path.write_text(
        text.replace(",never_referred,", ",considered_before_release,", 1), encoding="utf-8"
    )
    result = runner.invoke(app, ["report", str(copy)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"WARNING: {copy} is not as the run left it")
    assert "outcomes.csv: changed since the run" in result.output


def test_report_warns_when_an_output_is_missing(
    sample_run: tuple[Path, Path], tmp_path: Path
) -> None:
    copy = _copy(sample_run[1], tmp_path)
    (copy / "reconciliation.xlsx").unlink()
    result = runner.invoke(app, ["report", str(copy)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("WARNING:")
    assert "reconciliation.xlsx: missing" in result.output


def test_report_on_an_outcomes_csv_that_is_not_text_is_bad_input(
    sample_run: tuple[Path, Path], tmp_path: Path
) -> None:
    copy = _copy(sample_run[1], tmp_path)
    (copy / "outcomes.csv").write_bytes(b"source_file,\xcf\xff\xfe\n" * 50)
    result = runner.invoke(app, ["report", str(copy)])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert "not readable as the outcomes.csv a run writes" in result.output


def test_report_run_table_has_no_empty_heading(sample_run: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["report", str(sample_run[1])])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == ["Run", "===", ""]
    assert lines[3].startswith("Audit ")


def test_report_prints_the_runs_notes_as_run_does(
    sample_run: tuple[Path, Path], tmp_path: Path
) -> None:
    copy = _copy(sample_run[1], tmp_path)
    path = copy / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["notes"] = ["the prison extract has no court-recommendation column"]
    path.write_text(json.dumps(sealed(manifest)), encoding="utf-8")
    result = runner.invoke(app, ["report", str(copy)])
    assert result.exit_code == 0, result.output
    assert "Note: the prison extract has no court-recommendation column" in result.output


# --- policy ---------------------------------------------------------------------------------


def test_policy_alone_names_the_presets() -> None:
    result = runner.invoke(app, ["policy"])
    text = " ".join(result.output.split())
    assert "the presets 2006 (the default), 2006-eea and ukba-2007" in text
    assert PRESETS == ("2006", "2006-eea", "ukba-2007")


def test_policy_show_a_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "show", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"error: policy '{tmp_path}': is a folder; give a preset name (2006, 2006-eea, "
        "ukba-2007) or the path of a .toml policy file"
    )


def test_report_prints_what_run_printed_beyond_the_counts(
    sample_run: tuple[Path, Path], tmp_path: Path
) -> None:
    """The review sentence, the data-quality findings by column and the people behind the
    failed releases: `run` prints them, and `report` prints them again from the manifest."""
    sample, _ = sample_run
    out = tmp_path / "out"
    ran = runner.invoke(app, run_args(sample, out))
    assert ran.exit_code == 0, ran.output
    reported = runner.invoke(app, ["report", str(out)])
    assert reported.exit_code == 0, reported.output
    said = [
        line
        for line in ran.output.splitlines()
        if line.startswith(("Needs review:", "The ", "Data-quality findings by column"))
        and ("releases (prison rows) of" in line or not line.startswith("The "))
    ]
    assert any("releases (prison rows) of" in line for line in said), ran.output
    assert any(line.startswith("Data-quality findings by column") for line in said)
    for line in said:
        assert line in reported.output.splitlines(), line
    # The findings table's rows, as run printed them.
    table = ran.output.split("Data-quality findings by column", 1)[1].split("\n\n", 1)[0]
    assert table in reported.output


def test_the_sample_files_are_readable_by_their_owner_alone(
    sample_run: tuple[Path, Path],
) -> None:
    """As a run's outputs are (README: "creates its files readable by you alone")."""
    sample, out = sample_run
    names = ("prison_extract.xlsx", "ind_extract.xlsx", "audit.toml", "truth.csv")
    assert {(sample / n).stat().st_mode & 0o777 for n in names} == {0o600}
    assert {p.stat().st_mode & 0o777 for p in out.iterdir() if p.is_file()} == {0o600}
