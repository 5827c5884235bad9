"""Work in a forked child: its answer, and what happens when the child fails or dies."""

from __future__ import annotations

import gc
import importlib
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile import forked, pipeline
from reconcile.app import build_settings
from reconcile.cli import app
from reconcile.errors import OutputError
from reconcile.forked import Forked
from reconcile.link import linker
from reconcile.model import LinkStatus
from reconcile.settings import RunSettings
from tests.test_link_decisions import build, run


@pytest.fixture(autouse=True)
def _nothing_frozen() -> None:
    """Each test starts with no object frozen: a run through the CLI earlier in the same
    process leaves its objects frozen on purpose (reconcile.app.audit_run)."""
    gc.unfreeze()


PARENT = os.getpid()
# The module, not the function the package names after it.
classify_module = importlib.import_module("reconcile.rules.classify")


def _answer() -> dict[str, list[int]]:
    return {"in a child": [os.getpid() != PARENT]}


def _fails_in_a_child() -> str:
    if os.getpid() != PARENT:
        raise ValueError("a bug in the child")
    return "made here"


def _dies_in_a_child() -> str:
    if os.getpid() != PARENT:
        os._exit(9)
    return "made here"


def _jobs() -> list[Forked]:
    return []


def _dying_in_a_child(real: Callable[..., object]) -> Callable[..., object]:
    """``real``, except that in a forked child it ends the process at once."""

    def dies(*args: object) -> object:
        if os.getpid() != PARENT:
            os._exit(9)
        return real(*args)

    return dies


def _count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the children forked from now on, as they are forked."""
    forks: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(forked.os, "fork", counted)
    return forks


def test_answer_comes_from_the_child() -> None:
    jobs = _jobs()
    assert Forked(_answer, "answer", jobs).wait() == {"in a child": [True]}
    assert Forked(_answer, "answer", jobs, inline=True).wait() == {"in a child": [False]}


@pytest.mark.parametrize("work", [_fails_in_a_child, _dies_in_a_child])
def test_redo_makes_the_answer_here_when_the_child_fails(work: object) -> None:
    assert Forked(work, "answer", _jobs(), redo=True).wait() == "made here"  # type: ignore[arg-type]
    with pytest.raises(OutputError, match=r"^answer: "):
        Forked(work, "answer", _jobs()).wait()  # type: ignore[arg-type]


def test_link_is_the_same_with_and_without_children(monkeypatch: pytest.MonkeyPatch) -> None:
    """The linker finds the candidate pairs and the people within each file in children
    when memory allows; the result does not depend on it."""
    prison, ind = build(
        [("KHAN", "IMRAN", date(1980, 3, 5), None), ("KHAN", "IMRAN", date(1980, 3, 5), None)],
        [("KHAN", "IMRAN", None, None), ("KAHN", "IMRAN", date(1980, 5, 3), None)],
        n_filler=80,
    )
    forks = _count_forks(monkeypatch)
    monkeypatch.setattr(linker, "room_to_fork", lambda: True)
    with_children = run(prison, ind)
    assert len(forks) == 2  # the candidate pairs, then the people within each file
    monkeypatch.setattr(linker, "room_to_fork", lambda: False)
    here = run(prison, ind)
    assert with_children == here
    assert len(forks) == 2
    monkeypatch.setattr(forked.os, "fork", _no_fork)
    monkeypatch.setattr(linker, "room_to_fork", lambda: True)
    assert run(prison, ind) == here  # fork failing: the work is done here


def _no_fork() -> int:
    raise OSError("no room for another process")


def test_objects_frozen_before_stay_frozen_after_the_child() -> None:
    assert gc.get_freeze_count() == 0
    Forked(_answer, "answer", _jobs()).wait()
    assert gc.get_freeze_count() == 0  # what the job froze, it unfroze
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert Forked(_answer, "answer", _jobs()).wait() == {"in a child": [True]}
        assert gc.get_freeze_count() >= frozen  # a caller's frozen objects are left frozen
    finally:
        gc.unfreeze()


def test_first_round_of_decisions_shared_with_a_child_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two people in five are decided in a child (reconcile.link.linker._decide_on_two_cores)
    on large files: the decisions, reasons included, are those made here; and made here
    when the child dies."""
    prison, ind = build(
        [
            ("KHAN", "IMRAN", date(1980, 3, 5), None),
            ("KHAN", "IMRAN", date(1980, 3, 5), None),  # one person on two rows
            ("OKAFOR", "CHIDI", date(1975, 1, 1), None),  # no IND record
            ("HUSSEIN", "ALI", date(1969, 7, 2), None),
        ],
        [
            ("KHAN", "IMRAN", None, None),
            ("KAHN", "IMRAN", date(1980, 5, 3), None),
            ("HUSAIN", "ALI", date(1969, 2, 7), None),  # day and month swapped
            ("HUSSEIN", "ALI", date(1968, 7, 2), None),  # a rival a year out
        ],
        n_filler=80,
    )
    monkeypatch.setattr(linker, "room_to_fork", lambda: False)
    here = run(prison, ind)
    assert {d.status for d in here.decisions} >= {LinkStatus.LINKED, LinkStatus.NONE}
    forks = _count_forks(monkeypatch)
    monkeypatch.setattr(linker, "room_to_fork", lambda: True)
    monkeypatch.setattr(linker, "TWO_CORES_FROM", 0)
    assert run(prison, ind) == here
    assert len(forks) == 3  # the candidate pairs, the people within each file, decisions
    monkeypatch.setattr(linker, "_decided", _dying_in_a_child(linker._decided))
    assert run(prison, ind) == here


def _sample_settings(tmp_path: Path) -> RunSettings:
    """Settings of a run on a 120-person sample written into ``tmp_path``."""
    made = CliRunner().invoke(app, ["sample", "-o", str(tmp_path), "--people", "120"])
    assert made.exit_code == 0, made.output
    settings = build_settings(
        tmp_path / "prison_extract.xlsx",
        tmp_path / "ind_extract.xlsx",
        outdir=tmp_path / "out",
        config_path=tmp_path / "audit.toml",
    )
    return settings


def test_outcomes_shared_with_a_child_are_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The last two rows in five are classified in a child on large files: the outcomes are
    those made here, and made here when the child dies."""
    settings = _sample_settings(tmp_path)
    here = pipeline.run(settings).classifications
    assert len({c.outcome for c in here}) >= 3
    monkeypatch.setattr(classify_module, "room_to_fork", lambda: True)
    monkeypatch.setattr(classify_module, "TWO_CORES_FROM", 0)
    forks = _count_forks(monkeypatch)
    assert pipeline.run(settings).classifications == here
    assert len(forks) >= 1
    monkeypatch.setattr(
        classify_module, "classify_row", _dying_in_a_child(classify_module.classify_row)
    )
    assert pipeline.run(settings).classifications == here


def test_features_begun_while_reading_give_the_same_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The IND file's features begun in a child as soon as its records are built, and the
    prison file's second half in another (reconcile.link.encode): the run's decisions and
    outcomes are those of building everything here in turn."""
    from reconcile.link import encode

    settings = _sample_settings(tmp_path)
    monkeypatch.setattr(encode, "TWO_CORES_FROM", 1)
    monkeypatch.setattr(encode, "room_to_fork", lambda: False)
    monkeypatch.setattr(linker, "room_to_fork", lambda: False)
    here = pipeline.run(settings)
    assert {d.status for d in here.links.decisions} >= {LinkStatus.LINKED, LinkStatus.NONE}
    monkeypatch.setattr(encode, "room_to_fork", lambda: True)
    monkeypatch.setattr(linker, "room_to_fork", lambda: True)
    begun: list[int] = []
    real_start = encode.FeaturesAhead.start

    def start(self: encode.FeaturesAhead, ind: object) -> None:
        real_start(self, ind)  # type: ignore[arg-type]
        begun.append(len(self._jobs))

    monkeypatch.setattr(encode.FeaturesAhead, "start", start)
    there = pipeline.run(settings)
    assert begun == [1]
    assert there.links.decisions == here.links.decisions
    assert there.classifications == here.classifications
    assert there.links.findings == here.links.findings
