"""The prison listings shared with the PDF's process: blocks claimed once each, and the same
workbook and outcomes.csv bytes whoever made which block (reconcile.write.listing_share)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from reconcile.errors import OutputError
from reconcile.forked import Forked
from reconcile.write import prison_rows
from reconcile.write.listing_share import Alongside, Claims
from reconcile.write.outcomes_csv import OutcomesCsv
from reconcile.write.workbook import write_workbook
from reconcile.write.workbook_listings import PrisonListings
from tests.factories import make_large_result

ROWS = 90


def test_claims_hand_out_each_block_once_from_either_end() -> None:
    claims = Claims(5)
    taken = [claims.front(), claims.back(), claims.back(), claims.front(), claims.front()]
    assert taken == [0, 4, 3, 1, 2]
    assert claims.back() is None and claims.front() is None
    assert Claims(0).front() is None and Claims(0).back() is None


def test_without_a_lock_the_back_takes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from reconcile.write import listing_share

    def no_fork(method: str) -> None:
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr(listing_share.multiprocessing, "get_context", no_fork)
    claims = Claims(3)
    assert claims.back() is None
    assert list(iter(claims.front, None)) == [0, 1, 2]


def test_claims_are_shared_with_a_forked_child() -> None:
    claims = Claims(2_000)

    def child() -> list[int]:
        return list(iter(claims.back, None))

    jobs: list[Forked] = []
    job = Forked(child, "test", jobs)
    mine = list(iter(claims.front, None))
    theirs = job.wait()
    assert sorted(mine + theirs) == list(range(2_000))
    assert mine == sorted(mine) and theirs == sorted(theirs, reverse=True)


def _write(folder: Path, alongside: Alongside | None, max_rows: int = 40) -> tuple[str, str]:
    result = make_large_result(ROWS)
    folder.mkdir()
    with open(folder / "o.csv", "w", encoding="utf-8", newline="") as handle:
        write_workbook(
            result,
            folder / "r.xlsx",
            tmpdir=folder,
            max_rows=max_rows,
            csv=OutcomesCsv(handle),
            alongside=alongside,
        )
    if alongside is not None:
        alongside.finish()
    assert sorted(p.name for p in folder.iterdir()) == ["o.csv", "r.xlsx"]  # no spill left
    return tuple(  # type: ignore[return-value]
        hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in ("r.xlsx", "o.csv")
    )


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 4 rows, each taking 20 ms in either process, so that the child, whose own
    work is nothing, and this process share them (neither can take them all unless the other
    stalls for half a second)."""
    monkeypatch.setattr(prison_rows, "BLOCK", 4)
    write = PrisonListings._write

    def slow(self: PrisonListings, columns: list, start: int) -> None:
        time.sleep(0.02)
        write(self, columns, start)

    monkeypatch.setattr(PrisonListings, "_write", slow)


@pytest.mark.parametrize("max_rows", [40, 1_000])  # the listings over 3 sheets, or one
def test_same_bytes_whoever_made_which_block(
    tmp_path: Path, small_blocks: None, max_rows: int
) -> None:
    alone = _write(tmp_path / "alone", None, max_rows)
    jobs: list[Forked] = []
    helped = Alongside(lambda: "done", "test", jobs)
    assert _write(tmp_path / "helped", helped, max_rows) == alone
    assert helped.answer == "done"
    assert 0 < helped.blocks < -(-ROWS // 4)  # the child made some blocks, not all
    assert helped.seconds > 0


def test_a_child_that_took_no_block_is_waited_for_only_when_finished(tmp_path: Path) -> None:
    alone = _write(tmp_path / "alone", None)
    jobs: list[Forked] = []
    late = Alongside(lambda: time.sleep(1) or "late", "test", jobs)
    assert _write(tmp_path / "late", late) == alone
    assert late.answer == "late" and late.blocks == 0


def test_without_a_child_the_work_is_done_here_after_the_blocks(tmp_path: Path) -> None:
    alone = _write(tmp_path / "alone", None)
    here = Alongside(lambda: os.getpid(), "test", [], inline=True)
    assert _write(tmp_path / "here", here) == alone
    assert here.answer == os.getpid() and here.blocks == 0


def test_a_failing_child_is_an_output_error(tmp_path: Path) -> None:
    def fails() -> None:
        raise RuntimeError("broken")

    jobs: list[Forked] = []
    with pytest.raises(OutputError, match=r"evidence\.pdf: could not be written"):
        _write(tmp_path / "failed", Alongside(fails, "evidence.pdf", jobs))
    for job in jobs:
        job.stop()
