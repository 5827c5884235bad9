"""Distinct values of an integer array with each element's place among them.

``np.unique(values, return_inverse=True)`` sorts with its default (unstable) argsort. On the
linker's arrays (codes of candidate pairs, which come grouped by prison record, and blocking
keys) numpy's stable argsort runs several times faster, because it finds the runs already in
order. The answers are the same as ``np.unique``'s: the distinct values in ascending order
and, per element, the index of its value among them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def unique_inverse(values: npt.NDArray[np.integer]) -> tuple[IntArray, IntArray]:
    """(distinct values ascending, index of each element's value among them)."""
    uniq, inverse, _ = unique_inverse_counts(values)
    return uniq, inverse


def unique_inverse_counts(
    values: npt.NDArray[np.integer],
) -> tuple[IntArray, IntArray, IntArray]:
    """As unique_inverse, with how many elements hold each distinct value."""
    flat = np.asarray(values).reshape(-1)
    n = len(flat)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return flat[:0], empty, empty.copy()
    order = np.argsort(flat, kind="stable")
    ordered = flat[order]
    first = np.empty(n, dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    counts = np.diff(np.append(starts, n))
    return ordered[starts], inverse, counts
