"""Speed rewrites in the linker's compare and assign steps against plain reference versions."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.link.assign import RecordWeights
from reconcile.link.cluster import members
from reconcile.link.compare import _digits_different, _shared_words
from reconcile.link.features import MAX_WORDS
from reconcile.link.findings import _later_rows


def _reference_shared(wp: np.ndarray, wi: np.ndarray) -> np.ndarray:
    hit = (wp[:, :, None] == wi[:, None, :]) & (wp[:, :, None] != 0)
    return np.asarray(hit.any(axis=2).sum(axis=1), dtype=np.int64)


def _words(rows: list[list[int]]) -> np.ndarray:
    return np.array([r + [0] * (MAX_WORDS - len(r)) for r in rows], dtype=np.int64).reshape(
        -1, MAX_WORDS
    )


@pytest.mark.parametrize(
    ("prison", "ind", "expected"),
    [
        ([[1, 2]], [[2, 1]], 2),  # order does not matter
        ([[1, 0]], [[0, 3]], 0),  # an empty slot never counts as a shared word
        ([[]], [[]], 0),
        ([[4, 4]], [[4]], 2),  # each prison-side slot counts once
        ([[5, 6, 7, 8, 9]], [[9, 8, 7, 6, 5]], 5),
    ],
)
def test_shared_words_table(prison: list[list[int]], ind: list[list[int]], expected: int) -> None:
    p, i = SimpleNamespace(words=_words(prison)), SimpleNamespace(words=_words(ind))
    got = _shared_words(cast(Any, p), cast(Any, i), np.array([0]), np.array([0]))
    assert got.tolist() == [expected]


word_row = st.lists(st.integers(0, 6), min_size=0, max_size=MAX_WORDS)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(word_row, min_size=1, max_size=8),
    st.lists(word_row, min_size=1, max_size=8),
    st.data(),
)
def test_shared_words_equal_reference(
    prison: list[list[int]], ind: list[list[int]], data: st.DataObject
) -> None:
    wp, wi = _words(prison), _words(ind)
    n = data.draw(st.integers(0, 20))
    pp = np.array(data.draw(st.lists(st.integers(0, len(prison) - 1), min_size=n, max_size=n)))
    ii = np.array(data.draw(st.lists(st.integers(0, len(ind) - 1), min_size=n, max_size=n)))
    pp, ii = pp.astype(np.int64), ii.astype(np.int64)
    got = _shared_words(
        cast(Any, SimpleNamespace(words=wp)), cast(Any, SimpleNamespace(words=wi)), pp, ii
    )
    assert got.tolist() == _reference_shared(wp[pp], wi[ii]).tolist()


def _weights(pairs: list[tuple[int, int, float]], persons: list[int], n_ind: int) -> RecordWeights:
    scored = SimpleNamespace(
        prison=np.array([p for p, _, _ in pairs], dtype=np.int64),
        ind=np.array([i for _, i, _ in pairs], dtype=np.int64),
        scores=SimpleNamespace(weight=np.array([w for _, _, w in pairs], dtype=np.float64)),
    )
    keep = np.arange(len(pairs), dtype=np.int64)
    return RecordWeights(cast(Any, scored), np.array(persons, dtype=np.int64), n_ind, keep)


def test_record_weights_best_per_person_and_record() -> None:
    # prison rows 0 and 1 are one person (0); row 2 is person 1
    rw = _weights([(0, 0, 1.5), (1, 0, 4.0), (0, 2, -3.0), (2, 1, 7.0)], [0, 0, 1], 3)
    assert rw.get_many(0, [0, 1, 2]) == [4.0, float("-inf"), -3.0]
    assert rw.get_many(1, [2, 1]) == [float("-inf"), 7.0]
    assert rw.get(1, 1) == 7.0
    assert rw.get_many(0, []) == []


def test_record_weights_without_pairs() -> None:
    rw = _weights([], [0], 4)
    assert rw.get_many(0, [0, 3]) == [float("-inf"), float("-inf")]


def _reference_digits_different(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    diff = np.zeros(len(a), dtype=np.int64)
    for k in range(8):
        diff += ((a // 10**k) % 10) != ((b // 10**k) % 10)
    return diff


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (19800101, 19800101, 0),
        (19800101, 19800102, 1),
        (19800101, 19810101, 1),
        (19800112, 19801201, 4),
        (0, 19800101, 5),
    ],
)
def test_digits_different_table(a: int, b: int, expected: int) -> None:
    got = _digits_different(np.array([a]), np.array([0]), np.array([b]), np.array([0]))
    assert got.tolist() == [expected]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 99_991_231), min_size=1, max_size=6),
    st.lists(st.integers(0, 99_991_231), min_size=1, max_size=6),
    st.data(),
)
def test_digits_different_equal_reference(a: list[int], b: list[int], data: st.DataObject) -> None:
    n = data.draw(st.integers(0, 12))
    pp = np.array(data.draw(st.lists(st.integers(0, len(a) - 1), min_size=n, max_size=n)))
    ii = np.array(data.draw(st.lists(st.integers(0, len(b) - 1), min_size=n, max_size=n)))
    pp, ii = pp.astype(np.int64), ii.astype(np.int64)
    codes_a, codes_b = np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)
    got = _digits_different(codes_a, pp, codes_b, ii)
    assert got.tolist() == _reference_digits_different(codes_a[pp], codes_b[ii]).tolist()


def _reference_later_rows(person: list[int]) -> list[tuple[int, int]]:
    out = []
    for group in members(np.array(person, dtype=np.int64)):
        out += [(idx, group[0]) for idx in group[1:]]
    return out


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=30))
def test_later_rows_equal_the_members_listing(person: list[int]) -> None:
    assert _later_rows(np.array(person, dtype=np.int64)) == _reference_later_rows(person)


def test_later_rows_table() -> None:
    assert _later_rows(np.array([2, 0, 2, 1, 0, 2], dtype=np.int64)) == [(4, 1), (2, 0), (5, 0)]
