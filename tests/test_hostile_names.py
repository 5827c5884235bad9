"""File and folder names made on another system, with bytes that are not UTF-8: a clear
error before anything is written (was an internal error from deep inside the writers, as
no workbook, CSV, PDF or manifest can hold such a name)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

from reconcile.cli import app
from tests.test_cli import run_args, small_sample  # noqa: F401 (a fixture)

runner = CliRunner()


def _not_utf8(folder: Path, name: bytes) -> Path:
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + name))


def test_input_named_in_another_encoding(small_sample: Path, tmp_path: Path) -> None:  # noqa: F811
    prison = _not_utf8(tmp_path, b"prison \xff.xlsx")  # 'prison ÿ.xlsx' saved in Latin-1
    shutil.copy(small_sample / "prison_extract.xlsx", prison)
    args = run_args(small_sample, tmp_path / "out")
    args[1] = str(prison)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"error: {tmp_path}/prison \ufffd.xlsx: the file's path holds characters that are not "
        "UTF-8 text (shown as \ufffd), which the outputs cannot record; rename the file or its "
        "folder"
    )
    assert not (tmp_path / "out").exists()


def test_output_folder_named_in_another_encoding(
    small_sample: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = _not_utf8(tmp_path, b"r\xe9sultats")
    result = runner.invoke(app, run_args(small_sample, out))
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"error: {tmp_path}/r\ufffdsultats: the output folder's path holds characters that are "
        "not UTF-8 text (shown as \ufffd), which the outputs cannot record; rename it, or "
        "choose another with -o"
    )
    assert not out.exists()


def test_config_and_policy_files_named_in_another_encoding(
    small_sample: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The config and policy files are recorded in the manifest and workbook too: such a
    name ran the whole audit and then stopped with an internal error while writing."""
    config = _not_utf8(tmp_path, b"audit \xff.toml")
    shutil.copy(small_sample / "audit.toml", config)
    args = [
        a if not a.endswith("audit.toml") else str(config)
        for a in run_args(small_sample, tmp_path / "out")
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "audit \ufffd.toml: the config file's path holds characters that are not UTF-8" in (
        result.output
    )
    policy = _not_utf8(tmp_path, b"policy \xff.toml")
    policy.write_text('[policy]\nbase = "2006"\nname = "what-if"\nversion = "1"\n')
    result = runner.invoke(
        app, [*run_args(small_sample, tmp_path / "out"), "--policy", str(policy)]
    )
    assert result.exit_code == 2, result.output
    assert "policy \ufffd.toml: the policy file's path holds characters that are not UTF-8" in (
        result.output
    )
    assert not (tmp_path / "out").exists()


def test_error_messages_show_control_characters_as_codes(tmp_path: Path) -> None:
    """A file name holding an escape sequence acted on the terminal when an error named it."""
    missing = tmp_path / "prison \x1b]0;owned\x07.xlsx"
    result = runner.invoke(app, ["inspect", str(missing)])
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "prison \\x1b]0;owned\\x07.xlsx" in result.output
