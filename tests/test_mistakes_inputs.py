"""Mistakes an auditor makes when naming the files of a run: each is refused with exit code 2
and one line saying what was given and what to give instead, without a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from tests.mistakes import refused, run

runner = CliRunner()


def test_the_same_file_given_twice(sample: Path, tmp_path: Path) -> None:
    prison = sample / "prison_extract.xlsx"
    text = refused(run(prison, prison, sample / "audit.toml", tmp_path))
    assert "the same file was given as both the prison extract and the IND extract" in text
    copy = tmp_path / "copy.xlsx"
    shutil.copyfile(prison, copy)
    text = refused(run(prison, copy, sample / "audit.toml", tmp_path / "o"))
    assert "copy.xlsx is a copy of it" in text


def test_the_config_file_given_as_an_extract(sample: Path, tmp_path: Path) -> None:
    config = sample / "audit.toml"
    text = refused(run(config, sample / "ind_extract.xlsx", config, tmp_path))
    assert "audit.toml: this is a settings file, not a spreadsheet: give it with --config" in text
    assert "in its place give the prison extract" in text


def test_an_extract_given_as_the_config(sample: Path, tmp_path: Path) -> None:
    prison = sample / "prison_extract.xlsx"
    text = refused(run(prison, sample / "ind_extract.xlsx", prison, tmp_path))
    assert "prison_extract.xlsx: this is a spreadsheet, not a config file" in text
    assert "TOML" not in text and "codec" not in text


def test_a_folder_given_as_the_config(sample: Path, tmp_path: Path) -> None:
    text = refused(
        run(sample / "prison_extract.xlsx", sample / "ind_extract.xlsx", sample, tmp_path)
    )
    assert "is a folder, not a file; give --config the path of the .toml config file" in text


def test_the_excel_lock_file_given(sample: Path, tmp_path: Path) -> None:
    lock = tmp_path / "~$prison_extract.xlsx"
    lock.write_bytes(b"\x08auditor" + b" " * 46)
    text = refused(run(lock, sample / "ind_extract.xlsx", sample / "audit.toml", tmp_path / "o"))
    assert "lock file Excel (or LibreOffice) leaves beside a workbook while it is open" in text
    assert "give prison_extract.xlsx instead, after saving and closing it" in text


def test_windows_paths_with_backslashes(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sample.parent)
    folder = sample.name
    text = refused(
        run(
            f"{folder}\\prison_extract.xlsx",
            f"{folder}\\ind_extract.xlsx",
            f"{folder}/audit.toml",
            tmp_path,
        )
    )
    assert "folders are separated by '/', not '\\': give " + f"{folder}/prison_extract.xlsx" in text
    text = refused(
        run(
            f"{folder}/prison_extract.xlsx",
            f"{folder}/ind_extract.xlsx",
            f"{folder}\\audit.toml",
            tmp_path,
        )
    )
    assert "config file not found; on this computer folders are separated by '/'" in text
    text = refused(
        run(
            "C:\\Users\\audit\\prison.xlsx",
            f"{folder}/ind_extract.xlsx",
            f"{folder}/audit.toml",
            tmp_path,
        )
    )
    assert "no drive letters such as C:" in text


def test_the_config_given_without_config(sample: Path, tmp_path: Path) -> None:
    prison, ind, config = (
        sample / n for n in ("prison_extract.xlsx", "ind_extract.xlsx", "audit.toml")
    )
    result = runner.invoke(app, ["run", str(prison), str(ind), str(config), "-o", str(tmp_path)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert f"{config} is a settings file: put --config before it" in text
    assert f"(reconcile run ... --config {config})" in text
    result = runner.invoke(app, ["inspect", str(prison), str(config)])
    assert result.exit_code == 2, result.output
    assert "is a settings file: put --config before it" in " ".join(result.output.split())


def test_an_extract_still_open_in_excel_is_noted(sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("prison_extract.xlsx", "ind_extract.xlsx"):
        shutil.copyfile(sample / name, folder / name)
    (folder / "~$prison_extract.xlsx").write_bytes(b"\x07auditor" + b" " * 47)
    args = run(
        folder / "prison_extract.xlsx",
        folder / "ind_extract.xlsx",
        sample / "audit.toml",
        tmp_path / "out",
    )
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Note: prison_extract.xlsx seems to be open in Excel or LibreOffice" in text
    assert "If it holds changes not yet saved, save and close it, and run again." in text
    assert "ind_extract.xlsx seems to be open" not in text


def test_a_folder_given_for_an_extract_lists_its_spreadsheets(sample: Path, tmp_path: Path) -> None:
    text = refused(run(sample, sample / "ind_extract.xlsx", sample / "audit.toml", tmp_path))
    assert f"{sample}: is a folder, not a file; give the path of the prison extract" in text
    assert "(the folder holds ind_extract.xlsx, prison_extract.xlsx, truth.csv)" in text


def test_report_and_verify_on_the_folder_above_the_runs(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit-2006"
    result = runner.invoke(
        app,
        run(
            sample / "prison_extract.xlsx", sample / "ind_extract.xlsx", sample / "audit.toml", out
        ),
    )
    assert result.exit_code == 0, result.output
    for command in ("report", "verify"):
        text = refused([command, str(tmp_path)])
        assert (
            "so this is not a run's output folder, but these folders in it are: audit-2006" in text
        )


def test_the_config_given_as_the_policy(sample: Path, tmp_path: Path) -> None:
    config = sample / "audit.toml"
    args = run(sample / "prison_extract.xlsx", sample / "ind_extract.xlsx", config, tmp_path)
    text = refused([*args, "--policy", str(config)])
    assert (
        f"--policy: '{config}' is an audit config file (it has [audit], [columns] and [input])"
        in text
    )
    assert "not a policy; give it with --config" in text
    assert "unknown table" not in text
    text = refused(["policy", "show", str(config)])
    assert "is an audit config file" in text


def test_a_policy_file_given_as_the_config(sample: Path, tmp_path: Path) -> None:
    shown = runner.invoke(app, ["policy", "show", "2006"])
    assert shown.exit_code == 0, shown.output
    policy = tmp_path / "my-policy.toml"
    policy.write_text(shown.output, encoding="utf-8")
    text = refused(
        run(sample / "prison_extract.xlsx", sample / "ind_extract.xlsx", policy, tmp_path)
    )
    assert f"{policy}: this is a policy file (it has [aggregation], [deadline], [scope]" in text
    assert (
        'give it with --policy, or name it in the config file as policy = "my-policy.toml"' in text
    )


def test_an_output_folder_written_with_backslashes(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = run(
        sample / "prison_extract.xlsx",
        sample / "ind_extract.xlsx",
        sample / "audit.toml",
        Path("out\\run1"),
    )
    text = refused(args)
    assert (
        "-o out\\run1: on this computer folders are separated by '/', not '\\'; give out/run1"
        in text
    )
    assert not any(tmp_path.iterdir())
    text = refused(["sample", "-o", "a\\b"])
    assert "give a/b" in text


def test_an_earlier_runs_output_given_as_an_extract(sample: Path, tmp_path: Path) -> None:
    prison, ind, config = (
        sample / n for n in ("prison_extract.xlsx", "ind_extract.xlsx", "audit.toml")
    )
    out = tmp_path / "first"
    result = runner.invoke(app, run(prison, ind, config, out))
    assert result.exit_code == 0, result.output
    text = refused(run(out / "reconciliation.xlsx", ind, config, tmp_path / "second"))
    assert (
        "reconciliation.xlsx: this is an output of an earlier reconcile run, not the prison extract"
        in text
    )
    assert f"(the run that wrote it read {prison})" in text
    copy = tmp_path / "outcomes copy.csv"
    shutil.copyfile(out / "outcomes.csv", copy)
    text = refused(run(prison, copy, config, tmp_path / "third"))
    assert (
        "outcomes copy.csv: this is the outcomes.csv of an earlier reconcile run, not the IND "
        "extract" in text
    )


def test_a_file_name_mistyped(sample: Path, tmp_path: Path) -> None:
    args = run(
        sample / "prison_extrct.xlsx", sample / "ind_extract.xlsx", sample / "audit.toml", tmp_path
    )
    text = refused(args)
    assert "prison_extrct.xlsx: prison extract not found; check the path and the file name" in text
    assert f"(did you mean {sample / 'prison_extract.xlsx'}?)" in text
