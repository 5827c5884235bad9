"""Stage progress: bars on a terminal, nothing at all otherwise."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from reconcile.progress import STAGE_LABELS, StageProgress


def test_each_stage_gets_a_finished_bar() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120)
    with StageProgress(enabled=True, console=console) as stages:
        for name in ("read", "link", "write"):
            stages.stage(name)
    text = buffer.getvalue()
    for name in ("read", "link", "write"):
        assert STAGE_LABELS[name] in text
    assert text.count("done") >= 3
    assert stages.progress is not None
    assert all(task.finished for task in stages.progress.tasks)


def test_disabled_progress_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with StageProgress(enabled=False) as stages:
        stages.stage("read")
        stages.stage("write")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_failed_stage_is_left_unfinished() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    with pytest.raises(RuntimeError), StageProgress(enabled=True, console=console) as stages:
        stages.stage("read")
        raise RuntimeError("reader failed")
    assert stages.progress is not None
    assert not stages.progress.tasks[0].finished
