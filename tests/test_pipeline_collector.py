"""The pipeline pauses the cyclic garbage collector and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from reconcile.pipeline import _collector_paused


@pytest.fixture(autouse=True)
def _nothing_frozen() -> None:
    """Each test starts with no object frozen: a run through the CLI earlier in the same
    process leaves its objects frozen on purpose (reconcile.app.audit_run)."""
    gc.unfreeze()


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_paused_inside_and_restored_after(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with _collector_paused():
            assert not gc.isenabled()
            made = [[i] for i in range(1000)]
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0  # survivors went to the oldest generation
        assert len(made) == 1000
    finally:
        (gc.enable if was else gc.disable)()


def test_collector_paused_keeps_a_callers_frozen_objects_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with _collector_paused():
            _ = [[i] for i in range(100)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_collector_restored_when_the_run_fails() -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        with pytest.raises(ValueError), _collector_paused():
            raise ValueError("stop")
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_objects_are_frozen_while_writing_and_released_after() -> None:
    from reconcile.collector import collector_frozen

    before = gc.get_freeze_count()
    assert before == 0
    made = [object() for _ in range(10)]
    with collector_frozen():
        assert gc.get_freeze_count() >= len(made)
        assert gc.isenabled()  # the writers' own garbage is still collected
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a caller's own frozen objects are left frozen
    try:
        with collector_frozen():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
