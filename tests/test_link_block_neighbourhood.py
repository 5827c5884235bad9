"""Blocking by sorted neighbourhood: large blocks give each record a bounded number of
candidates, small blocks are joined in full, prison numbers over the cap are skipped."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.link.blocking import Limits, block_join, join
from reconcile.link.features import Vocabulary
from reconcile.link.neighbourhood import string_ranks, window_join

KEYS = st.lists(st.integers(0, 4), max_size=40)


def _pairs(a: np.ndarray, b: np.ndarray) -> set[tuple[int, int]]:
    return set(zip(a.tolist(), b.tolist(), strict=True))


@pytest.mark.parametrize(
    ("left", "right", "capped", "pairs", "skipped", "windowed"),
    [
        ([1, 1, 2, 0], [1, 2, 2, 3], False, {(0, 0), (1, 0), (2, 1), (2, 2)}, 0, 0),
        ([0, 0], [0], False, set(), 0, 0),
        ([5] * 5, [5] * 4, False, None, 0, 1),  # 20 pairs: by neighbourhood
        ([5] * 5, [5] * 4, True, set(), 1, 0),  # a prison number over the cap: skipped
        ([1, 2], [3, 4], False, set(), 0, 0),
    ],
)
def test_block_join_counts(
    left: list[int],
    right: list[int],
    capped: bool,
    pairs: set[tuple[int, int]] | None,
    skipped: int,
    windowed: int,
) -> None:
    kp, ki = np.array(left, np.int64), np.array(right, np.int64)
    ip, ii = np.arange(len(kp)), np.arange(len(ki))
    a, b, got_skipped, got_windowed = block_join(
        kp, ip, ki, ii, ip, ii, Limits(cap=16, full=16, window=1), capped=capped
    )
    if pairs is not None:
        assert _pairs(a, b) == pairs
    assert (got_skipped, got_windowed) == (skipped, windowed)


def test_string_ranks_follow_alphabetical_order_and_keep_missing_first() -> None:
    vocab = Vocabulary()
    ids = vocab.ids_of(["b:KHAN", "b:AHMED", "b:ZAHID", "b:AHMED"])
    ranks = string_ranks(np.array([*ids, 0]), vocab).tolist()
    assert ranks == [2, 1, 3, 1, 0]
    assert string_ranks(np.array(ids), vocab).tolist() == [2, 1, 3, 1]


def test_window_pairs_each_record_with_its_nearest_names() -> None:
    # One block: prison rows at ranks 5, 25 and 85; IND rows at 0, 10, ..., 90; one either
    # side. Each prison row meets the IND rows around it, each IND row the prison rows
    # around it.
    rank_p, rank_i = np.array([5, 25, 85]), np.arange(10) * 10
    a, b = window_join(
        np.zeros(3, np.int64), np.arange(3), rank_p, np.zeros(10, np.int64), np.arange(10),
        rank_i, 1,
    )  # fmt: skip
    expected = {(0, 0), (0, 1), (1, 2), (1, 3), (2, 8), (2, 9)}  # prison rows' neighbours
    expected |= {(0, 0), (0, 1), (1, 1), (0, 2), (1, 2)}  # IND rows 0 to 2
    expected |= {(p, q) for q in range(3, 9) for p in (1, 2)} | {(2, 9)}
    assert _pairs(a, b) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=25),
       st.lists(st.integers(0, 30), min_size=1, max_size=25), st.integers(1, 4))  # fmt: skip
def test_window_properties(rank_p: list[int], rank_i: list[int], window: int) -> None:
    rp, ri = np.array(rank_p), np.array(rank_i)
    bp, bi = np.zeros(len(rp), np.int64), np.zeros(len(ri), np.int64)
    a, b = window_join(bp, np.arange(len(rp)), rp, bi, np.arange(len(ri)), ri, window)
    pairs = _pairs(a, b)
    assert len(a) <= 2 * window * (len(rp) + len(ri))
    for p, r in enumerate(rank_p):
        nearest = min(abs(x - r) for x in rank_i)
        # The nearest IND record by rank is always a candidate.
        assert any((p, q) in pairs for q, x in enumerate(rank_i) if abs(x - r) == nearest)
        if len(rank_i) <= window:  # a small side is met in full
            assert all((p, q) in pairs for q in range(len(rank_i)))


@settings(max_examples=60, deadline=None)
@given(KEYS, KEYS)
def test_block_join_is_the_full_join_while_blocks_are_small(
    left: list[int], right: list[int]
) -> None:
    kp, ki = np.array(left, np.int64), np.array(right, np.int64)
    ip, ii = np.arange(len(kp)), np.arange(len(ki))
    full = len(kp) * len(ki) + 1
    a, b, skipped, wide = block_join(kp, ip, ki, ii, ip, ii, Limits(10**9, full, 1))
    ea, eb, _ = join(kp, ip, ki, ii, full)
    assert _pairs(a, b) == _pairs(ea, eb)
    assert (skipped, wide) == (0, 0)


def test_large_blocks_are_windowed_and_capped_keys_skipped() -> None:
    kp, ki = np.full(20, 7, np.int64), np.full(30, 7, np.int64)
    ip, ii = np.arange(20), np.arange(30)
    limits = Limits(cap=100, full=16, window=2)
    a, b, skipped, wide = block_join(kp, ip, ki, ii, ip * 3, ii * 2, limits)
    assert (skipped, wide) == (0, 1)
    assert 0 < len(_pairs(a, b)) <= 2 * 2 * (20 + 30)
    assert all(kp[x] == ki[y] for x, y in _pairs(a, b))
    a, b, skipped, wide = block_join(kp, ip, ki, ii, ip, ii, limits, capped=True)
    assert (len(a), skipped, wide) == (0, 1, 0)


def test_string_ranks_keep_one_order_as_the_vocabulary_grows() -> None:
    vocab = Vocabulary()
    first = vocab.ids_of(["b:NOOR", "b:ALI"])
    before = string_ranks(np.array(first), vocab).tolist()
    more = first + vocab.ids_of(["b:MUSA", "b:ABBAS"])
    after = string_ranks(np.array(more), vocab).tolist()
    assert before[1] < before[0]
    assert after[3] < after[1] < after[2] < after[0]  # ABBAS < ALI < MUSA < NOOR
