"""unique_inverse and unique_inverse_counts give np.unique's answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.link.distinct import unique_inverse, unique_inverse_counts


@pytest.mark.parametrize(
    ("values", "uniq", "inverse", "counts"),
    [
        ([], [], [], []),
        ([7], [7], [0], [1]),
        ([3, 1, 3, 2, 1], [1, 2, 3], [2, 0, 2, 1, 0], [2, 1, 2]),
        ([5, 5, 5], [5], [0, 0, 0], [3]),
        ([-4, 0, 2**40, -4], [-4, 0, 2**40], [0, 1, 2, 0], [2, 1, 1]),
    ],
)
def test_table(values: list[int], uniq: list[int], inverse: list[int], counts: list[int]) -> None:
    got = unique_inverse_counts(np.asarray(values, dtype=np.int64))
    assert got[0].tolist() == uniq
    assert got[1].tolist() == inverse
    assert got[2].tolist() == counts
    assert got[1].dtype == np.int64 and got[2].dtype == np.int64


@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=200), st.booleans())
def test_same_as_numpy(values: list[int], runs: bool) -> None:
    array = np.asarray(sorted(values) if runs else values, dtype=np.int64)
    want = np.unique(array, return_inverse=True, return_counts=True)
    got = unique_inverse_counts(array)
    for w, g in zip(want, got, strict=True):
        assert np.array_equal(w.reshape(-1), g)
    uniq, inverse = unique_inverse(array)
    assert np.array_equal(uniq[inverse], array)
