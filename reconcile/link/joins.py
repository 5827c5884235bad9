"""Joins of two files' records on a blocking key: every pair of a small block, the sorted
neighbourhood of a large one (see neighbourhood.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reconcile.link.distinct import unique_inverse_counts
from reconcile.link.features import IntArray
from reconcile.link.neighbourhood import window_join

# A block of more pairs than this is paired by sorted neighbourhood, each record with this
# many records of the other file either side (measured in bench/scale/README.md).
BLOCK_FULL, BLOCK_WINDOW = 16, 1
UNCAPPED = 1 << 62  # a cap no block reaches: every key joined


@dataclass(frozen=True, slots=True)
class _Grouped:
    """Both sides' rows grouped by key: per distinct prison key (``uniq``), where its IND
    rows are (``pos`` into the IND groups), whether there are any and the pairs it joins."""

    idx_p: IntArray  # prison rows with a key
    inverse_p: IntArray  # their distinct key
    pos: IntArray
    found: npt.NDArray[np.bool_]
    size: IntArray
    idx_i: IntArray  # IND rows with a key, sorted by key
    start_i: IntArray  # per IND group: first row in idx_i and number of rows
    count_i: IntArray


def _group(key_p: IntArray, idx_p: IntArray, key_i: IntArray, idx_i: IntArray) -> _Grouped:
    keep_p, keep_i = key_p != 0, key_i != 0
    key_p, idx_p, key_i, idx_i = key_p[keep_p], idx_p[keep_p], key_i[keep_i], idx_i[keep_i]
    uniq_i, inverse_i, count_i = unique_inverse_counts(key_i)
    idx_i = idx_i[stable_order(inverse_i)]
    start_i = np.cumsum(count_i) - count_i
    uniq_p, inverse_p, count_p = unique_inverse_counts(key_p)
    pos = np.searchsorted(uniq_i, uniq_p)
    pos = np.minimum(pos, len(uniq_i) - 1) if len(uniq_i) else pos
    found = (uniq_i[pos] == uniq_p) if len(uniq_i) else np.zeros(len(uniq_p), dtype=bool)
    size = np.where(found, count_p * count_i[pos] if len(uniq_i) else 0, 0)
    return _Grouped(idx_p, inverse_p, pos, found, size, idx_i, start_i, count_i)


def stable_order(ranks: IntArray) -> IntArray:
    """The order a stable argsort of ``ranks`` gives (equal ranks in their order), by the
    faster unstable argsort of keys made distinct by each element's place: sampling and
    pairing follow this order, so it must not depend on the sort."""
    n = len(ranks)
    out: IntArray = np.argsort(ranks * n + np.arange(n, dtype=np.int64))
    return out


def _ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """start, start + 1, ..., start + count - 1 for each (start, count), concatenated."""
    total = int(counts.sum())
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    out: IntArray = np.repeat(starts, counts) + (np.arange(total) - offsets)
    return out


def _full(g: _Grouped, chosen: npt.NDArray[np.bool_]) -> tuple[IntArray, IntArray]:
    """Every pair of the chosen distinct keys."""
    rows = chosen[g.inverse_p]
    idx_p, where = g.idx_p[rows], g.pos[g.inverse_p][rows]
    starts, counts = g.start_i[where], g.count_i[where]
    return np.repeat(idx_p, counts), g.idx_i[_ranges(starts, counts)]


def join(
    key_p: IntArray, idx_p: IntArray, key_i: IntArray, idx_i: IntArray, cap: int
) -> tuple[IntArray, IntArray, int]:
    """All (p, i) with equal non-zero keys, skipping keys whose block exceeds ``cap`` pairs."""
    g = _group(key_p, idx_p, key_i, idx_i)
    over = g.found & (g.size > cap)
    return (*_full(g, g.found & ~over), int(np.count_nonzero(over)))


def join_sample(
    key_p: IntArray,
    idx_p: IntArray,
    key_i: IntArray,
    idx_i: IntArray,
    cap: int,
    n: int,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray, float]:
    """At most ``n`` of join()'s pairs chosen at random (in join()'s order), and the factor
    that scales counts over them back up to all the pairs: the pairs that sampling join()'s
    output with ``rng.choice`` gives, found without making every pair. (Pairs sharing a birth
    date grow with the square of the rows; the sample does not.)"""
    g = _group(key_p, idx_p, key_i, idx_i)
    chosen = g.found & (g.size <= cap)
    rows = chosen[g.inverse_p]
    owner, where = g.idx_p[rows], g.pos[g.inverse_p][rows]
    counts = g.count_i[where]
    total = int(counts.sum())
    if total <= n:
        return (*_full(g, chosen), 1.0)
    k = np.sort(rng.choice(total, size=n, replace=False))
    ends = np.cumsum(counts)
    j = np.searchsorted(ends, k, side="right")
    offset = k - (ends[j] - counts[j])
    return owner[j], g.idx_i[g.start_i[where[j]] + offset], total / n


@dataclass(frozen=True, slots=True)
class Limits:
    """How blocks are paired: in full up to ``full`` pairs, beyond by sorted neighbourhood
    (``window`` records of the other file either side of each record); a block of a capped
    key (the prison numbers) over ``cap`` pairs is skipped."""

    cap: int
    full: int = BLOCK_FULL
    window: int = BLOCK_WINDOW


def block_join(
    key_p: IntArray,
    idx_p: IntArray,
    key_i: IntArray,
    idx_i: IntArray,
    rank_p: IntArray,
    rank_i: IntArray,
    limits: Limits,
    capped: bool = False,
) -> tuple[IntArray, IntArray, int, int]:
    """Pairs (p, i) with equal non-zero keys: every pair of a block of at most ``full``
    pairs, the sorted neighbourhood (by ``rank_p`` / ``rank_i``, indexed by record idx) of a
    larger block; when ``capped``, a block over ``cap`` pairs is skipped. A pair may appear
    twice. Also how many key values were skipped and how many paired by neighbourhood."""
    full = min(limits.full, limits.cap) if capped else limits.full
    g = _group(key_p, idx_p, key_i, idx_i)
    small = g.found & (g.size <= full)
    over = g.found & (g.size > limits.cap) if capped else np.zeros(len(g.size), dtype=bool)
    wide = g.found & ~small & ~over
    a, b = _full(g, small)
    n_wide = int(np.count_nonzero(wide))
    if n_wide == 0:
        return a, b, int(np.count_nonzero(over)), 0
    # Prison rows of large blocks with their block's number, and the blocks' IND rows.
    rows = wide[g.inverse_p]
    block_p = (np.cumsum(wide) - 1)[g.inverse_p][rows]
    wide_p = g.idx_p[rows]
    counts = g.count_i[g.pos[wide]]
    wide_i = g.idx_i[_ranges(g.start_i[g.pos[wide]], counts)]
    block_i = np.repeat(np.arange(n_wide, dtype=np.int64), counts)
    wp, wi = window_join(
        block_p, wide_p, rank_p[wide_p], block_i, wide_i, rank_i[wide_i], limits.window
    )
    return np.concatenate([a, wp]), np.concatenate([b, wi]), int(np.count_nonzero(over)), n_wide
