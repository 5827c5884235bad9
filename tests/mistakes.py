"""What the tests of an auditor's mistakes share: a run refused with exit code 2 and one
line without a traceback, and the arguments of a run."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from reconcile.cli import app

runner = CliRunner()


def refused(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def run(prison: Path | str, ind: Path | str, config: Path | str, out: Path) -> list[str]:
    return ["run", str(prison), str(ind), "--config", str(config), "-o", str(out)]
