"""A full disk while writing, as a user meets it through the command line: one line saying
the disk is full and what to do (exit 2), never an internal error, and no file left
half-written or replaced."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.write import OUTPUT_NAMES, safe
from tests.test_cli import run_args, small_sample  # noqa: F401 (a fixture)
from tests.test_match_cli import PEOPLE, write_list

runner = CliRunner()


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up when the first output is flushed."""

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe.os, "fsync", full)


def test_match_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Was 'internal error: OSError ... a fault in reconcile' (exit 1)."""
    left = write_list(tmp_path / "left.csv", PEOPLE)
    right = write_list(tmp_path / "right.csv", PEOPLE[:3])
    out = tmp_path / "out"
    out.mkdir()
    _disk_full(monkeypatch)
    result = runner.invoke(app, ["match", str(left), str(right), "-o", str(out / "links.csv")])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"error: {out}: links.csv could not be written (No space left on device: the disk is "
        "full); links.csv was not replaced; free some space on that disk, or choose another "
        "place with -o, and run again"
    )
    assert "Traceback" not in result.output
    assert os.listdir(out) == []


def test_run_on_a_full_disk_keeps_the_old_outputs(
    small_sample: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was 'internal error: OSError ... a fault in reconcile' (exit 1)."""
    out = tmp_path / "out"
    assert runner.invoke(app, run_args(small_sample, out)).exit_code == 0
    before = {name: (out / name).read_bytes() for name in OUTPUT_NAMES}
    _disk_full(monkeypatch)
    result = runner.invoke(app, run_args(small_sample, out, "--force"))
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"error: {out}: the outputs could not be written (No space left on device: the disk "
        "is full); no output was replaced; free some space on that disk, or choose another "
        "place with -o, and run again"
    )
    assert {name: (out / name).read_bytes() for name in OUTPUT_NAMES} == before
    assert sorted(os.listdir(out)) == sorted(OUTPUT_NAMES)
