"""Names that share their words but for a typo: KHAN IMRAN against KAHN MUHAMMAD IMRAN.

A middle name dropped on one side and a slip of the keyboard on another word leave only one
word in common, which on its own proves nothing (twins share a surname; look-alikes share a
forename). When every word of the shorter name is in the other name or one typo away from a
word of it (one letter inserted, deleted, changed, or two neighbours swapped, in spelling keys
of three letters or more), the names are the same names misspelt: "similar spelling".
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from reconcile.link.features import Features, IntArray

MIN_TYPO_LETTERS = 3  # two-letter words one letter apart are different words
_CHUNK = 500_000


def _close_words(a: IntArray, b: IntArray, texts: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    """For word ids a and b (0 = none): equal, or one typo apart; each distinct pair of
    words compared once."""
    both = (a != 0) & (b != 0)
    out = both & (a == b)
    todo = np.flatnonzero(both & (a != b))
    if len(todo) == 0:
        return out
    width = np.int64(max(int(a.max()), int(b.max())) + 1)
    codes = a[todo] * width + b[todo]
    uniq, inverse = np.unique(codes, return_inverse=True)
    left, right = texts[uniq // width], texts[uniq % width]
    shortest = (min(len(x), len(y)) for x, y in zip(left, right, strict=True))
    long_enough = np.fromiter(shortest, dtype=np.int64, count=len(uniq)) >= MIN_TYPO_LETTERS
    near = np.zeros(len(uniq), dtype=bool)
    ok = np.flatnonzero(long_enough)
    if len(ok):
        dist = process.cpdist(
            left[ok].tolist(), right[ok].tolist(), scorer=OSA.distance, score_cutoff=1, workers=-1
        )
        near[ok] = np.asarray(dist) <= 1
    out[todo] = near[inverse.reshape(-1)]
    return out


def _typo_subset(
    p: Features, i: Features, pp: IntArray, ii: IntArray, texts: npt.NDArray[np.object_]
) -> npt.NDArray[np.bool_]:
    wp, wi = p.words[pp], i.words[ii]
    slots = wp.shape[1]
    hit_p = np.zeros(wp.shape, dtype=bool)
    hit_i = np.zeros(wi.shape, dtype=bool)
    for a in range(slots):
        for b in range(slots):
            close = _close_words(wp[:, a], wi[:, b], texts)
            hit_p[:, a] |= close
            hit_i[:, b] |= close
    n_p, n_i = p.n_words[pp], i.n_words[ii]
    covered_p = hit_p.sum(axis=1) >= n_p
    covered_i = hit_i.sum(axis=1) >= n_i
    shorter_p = n_p <= n_i
    covered = np.where(shorter_p, covered_p, covered_i)
    return covered & (np.minimum(n_p, n_i) >= 2)


def typo_subset(
    p: Features, i: Features, pp: IntArray, ii: IntArray, texts: npt.NDArray[np.object_]
) -> npt.NDArray[np.bool_]:
    """Per pair: every word of the shorter name (two words at least) is a word of the other
    name or one typo from one."""
    out = np.zeros(len(pp), dtype=bool)
    for start in range(0, len(pp), _CHUNK):
        end = start + _CHUNK
        out[start:end] = _typo_subset(p, i, pp[start:end], ii[start:end], texts)
    return out
