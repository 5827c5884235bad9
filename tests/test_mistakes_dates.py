"""--as-of written as on paper, day first or month first: the message gives the date to write
in YYYY-MM-DD, or both readings when it could be either."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app

runner = CliRunner()


def refused(sample: Path, out: Path, *extra: str, config: Path | None = None) -> str:
    args = ["run", str(sample / "prison_extract.xlsx"), str(sample / "ind_extract.xlsx")]
    args += ["--config", str(config or sample / "audit.toml"), "-o", str(out), *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("31/03/2006", "2006-03-31"),
        ("03/31/2006", "2006-03-31"),
        ("31.03.2006", "2006-03-31"),
        ("04/03/2006", "2006-03-04 if it is written day first, 2006-04-03 if month first"),
    ],
)
def test_as_of_written_as_on_paper(sample: Path, tmp_path: Path, given: str, said: str) -> None:
    text = refused(sample, tmp_path, "--as-of", given)
    assert text == f"error: --as-of '{given}' is not a date; write it as YYYY-MM-DD: {said}"
