"""The README's first two commands are the ones CI and a new user run: keep them true."""

from __future__ import annotations

import re
from pathlib import Path

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
