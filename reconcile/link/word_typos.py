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

from reconcile.link.distinct import unique_inverse
from reconcile.link.features import Features, IntArray

MIN_TYPO_LETTERS = 3  # two-letter words one letter apart are different words
_CHUNK = 500_000


def _exact_hits(mine: IntArray, theirs: IntArray) -> npt.NDArray[np.bool_]:
    """Per pair and slot of ``mine``: the word (not none) is among ``theirs``."""
    hit = np.zeros(mine.shape, dtype=bool)
    for b in range(theirs.shape[1]):
        hit |= mine == theirs[:, b : b + 1]
    return hit & (mine != 0)


def _lengths(words: IntArray, texts: npt.NDArray[np.object_]) -> npt.NDArray[np.int16]:
    """Letters in each word's spelling key (0 for no word), counted once per word present
    (marked in a table the size of the vocabulary: no sort)."""
    present = np.zeros(len(texts), dtype=bool)
    present[words.reshape(-1)] = True
    ids = np.flatnonzero(present)
    table = np.zeros(len(texts), dtype=np.int16)
    table[ids] = np.fromiter((min(len(t), 999) for t in texts[ids]), dtype=np.int16, count=len(ids))
    out: npt.NDArray[np.int16] = table[words]
    return out


def _typo_subset(
    p: Features,
    i: Features,
    pp: IntArray,
    ii: IntArray,
    texts: npt.NDArray[np.object_],
    lengths: tuple[npt.NDArray[np.int16], npt.NDArray[np.int16]],
) -> npt.NDArray[np.bool_]:
    out = np.zeros(len(pp), dtype=bool)
    n_p, n_i = p.n_words[pp], i.n_words[ii]
    wp, wi = p.words[pp], i.words[ii]
    # Words matched exactly need no typo; only the others are compared, and only where the
    # two words' lengths allow one edit (each distinct pair of words once).
    hit_p, hit_i = _exact_hits(wp, wi), _exact_hits(wi, wp)
    len_p, len_i = lengths[0][pp], lengths[1][ii]
    open_p = (wp != 0) & ~hit_p & (len_p >= MIN_TYPO_LETTERS)
    open_i = (wi != 0) & ~hit_i & (len_i >= MIN_TYPO_LETTERS)
    # Worth comparing: two words at least a side, and every unmatched word of the shorter
    # name long enough to be a typo, with as many open words on the other side.
    short_p = n_p <= n_i
    hits_p, hits_i = np.count_nonzero(hit_p, axis=1), np.count_nonzero(hit_i, axis=1)
    opens_p, opens_i = np.count_nonzero(open_p, axis=1), np.count_nonzero(open_i, axis=1)
    need = np.where(short_p, n_p - hits_p, n_i - hits_i)
    open_short = np.where(short_p, opens_p, opens_i)
    open_long = np.where(short_p, opens_i, opens_p)
    keep = np.flatnonzero(
        (np.minimum(n_p, n_i) >= 2) & (need >= 1) & (open_short == need) & (open_long >= need)
    )
    if len(keep) == 0:
        return out
    wp, wi, hit_p, hit_i = wp[keep], wi[keep], hit_p[keep], hit_i[keep]
    len_p, len_i, open_p, open_i = len_p[keep], len_i[keep], open_p[keep], open_i[keep]
    n_p, n_i = n_p[keep], n_i[keep]
    len_p, len_i = np.where(open_p, len_p, -9), np.where(open_i, len_i, 99)
    rows, slot_a, slot_b = [], [], []
    for a in range(wp.shape[1]):
        for b in range(wi.shape[1]):
            r = np.flatnonzero(np.abs(len_p[:, a] - len_i[:, b]) <= 1)
            rows.append(r)
            slot_a.append(np.full(len(r), a))
            slot_b.append(np.full(len(r), b))
    row, sa, sb = np.concatenate(rows), np.concatenate(slot_a), np.concatenate(slot_b)
    if len(row):
        left, right = wp[row, sa], wi[row, sb]
        width = np.int64(len(texts))
        uniq, inverse = unique_inverse(left * width + right)
        dist = process.cpdist(
            texts[uniq // width].tolist(),
            texts[uniq % width].tolist(),
            scorer=OSA.distance,
            score_cutoff=1,
            workers=-1,
        )
        near = (np.asarray(dist) <= 1)[inverse]
        hit_p[row[near], sa[near]] = True
        hit_i[row[near], sb[near]] = True
    covered_p = np.count_nonzero(hit_p, axis=1) >= n_p
    out[keep] = np.where(n_p <= n_i, covered_p, np.count_nonzero(hit_i, axis=1) >= n_i)
    return out


def typo_subset(
    p: Features, i: Features, pp: IntArray, ii: IntArray, texts: npt.NDArray[np.object_]
) -> npt.NDArray[np.bool_]:
    """Per pair: every word of the shorter name (two words at least) is a word of the other
    name or one typo from one."""
    out = np.zeros(len(pp), dtype=bool)
    if len(pp) == 0:
        return out
    len_p = _lengths(p.words, texts)  # per record and word slot, once
    lengths = (len_p, len_p if i is p else _lengths(i.words, texts))
    for start in range(0, len(pp), _CHUNK):
        end = start + _CHUNK
        out[start:end] = _typo_subset(p, i, pp[start:end], ii[start:end], texts, lengths)
    return out
