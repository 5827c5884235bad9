"""`reconcile sample` on a full disk: one clear error, and no half-written files left."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from typer.testing import CliRunner

import reconcile.synth.generate as generate
from reconcile.cli import app


def test_a_full_disk_while_writing_the_sample_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, rows: object) -> None:
        path.write_text("partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(generate, "write_truth", full)
    out = tmp_path / "sample"
    result = CliRunner().invoke(app, ["sample", "-o", str(out), "--people", "300"])
    assert result.exit_code == 2, result.output
    assert "the disk is full" in result.output and "no sample file was replaced" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert list(out.iterdir()) == []  # no extract, config, truth or temporary file left
