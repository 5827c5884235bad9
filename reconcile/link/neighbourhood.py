"""Sorted neighbourhood inside large blocks: the records of a key value shared by too many
pairs are sorted by a second value (the name, or the date of birth), and each prison record
is paired with the few IND records next to it in that order, instead of with all of them.

So a key whose values grow with the data (a common name word with a birth year) gives each
record a bounded number of candidates, while the records most alike on the second value,
among them the true match, still meet.
"""

from __future__ import annotations

import numpy as np

from reconcile.link.blocking_keys import sorted_unique
from reconcile.link.features import IntArray, Vocabulary


def string_ranks(ids: IntArray, vocab: Vocabulary) -> IntArray:
    """Each vocabulary id's place in alphabetical order of the strings (0 stays 0: missing
    sorts first). The strings are sorted once per vocabulary and the order kept on it: a
    later call with ids already sorted is a lookup. Only the order of the places counts."""
    known = vocab.order
    if known is not None and len(ids) and len(known[0]):
        pos = np.minimum(np.searchsorted(known[0], ids), len(known[0]) - 1)
        if bool(np.all(known[0][pos] == ids)):
            hit: IntArray = known[1][pos]
            return hit
    uniq = sorted_unique(ids if known is None else np.concatenate([known[0], ids]))
    strings = vocab.strings
    texts = [strings[k] for k in uniq.tolist()]
    order = sorted(range(len(texts)), key=texts.__getitem__)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(uniq), dtype=np.int64)
    if len(uniq) and uniq[0] != 0:
        rank += 1
    vocab.order = (uniq, rank)
    out: IntArray = rank[np.searchsorted(uniq, ids)]
    return out


def window_join(
    block_p: IntArray,
    idx_p: IntArray,
    rank_p: IntArray,
    block_i: IntArray,
    idx_i: IntArray,
    rank_i: IntArray,
    window: int,
) -> tuple[IntArray, IntArray]:
    """(p, i) for each prison row and the ``window`` IND rows on either side of its place
    among the IND rows of the same block sorted by rank, and for each IND row and the
    ``window`` prison rows on either side of its place among the prison rows (so a run of
    one side's rows with equal ranks does not hide the other side's). Blocks are small
    non-negative ids, ranks non-negative; equal ranks are ordered by idx, so the result is
    deterministic. A pair may appear twice."""
    a_p, a_i = _nearest(block_p, idx_p, rank_p, block_i, idx_i, rank_i, window)
    b_i, b_p = _nearest(block_i, idx_i, rank_i, block_p, idx_p, rank_p, window)
    return np.concatenate([a_p, b_p]), np.concatenate([a_i, b_i])


def _nearest(
    block_a: IntArray,
    idx_a: IntArray,
    rank_a: IntArray,
    block_b: IntArray,
    idx_b: IntArray,
    rank_b: IntArray,
    window: int,
) -> tuple[IntArray, IntArray]:
    """(a, b) for each row a and the ``window`` rows b either side of its sorted place."""
    empty = np.zeros(0, dtype=np.int64)
    if len(block_a) == 0 or len(block_b) == 0 or window <= 0:
        return empty, empty
    width = np.int64(max(int(rank_a.max()), int(rank_b.max())) + 1)
    code_b = block_b * width + rank_b
    order = np.lexsort((idx_b, code_b))
    code_b, blk_b, idx_b = code_b[order], block_b[order], idx_b[order]
    pos = np.searchsorted(code_b, block_a * width + rank_a)
    outs_a, outs_b = [], []
    last = len(code_b) - 1
    for offset in range(-window, window):
        at = pos + offset
        ok = (at >= 0) & (at <= last)
        ok[ok] = blk_b[at[ok]] == block_a[ok]
        outs_a.append(idx_a[ok])
        outs_b.append(idx_b[at[ok]])
    return np.concatenate(outs_a), np.concatenate(outs_b)
