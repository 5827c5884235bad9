"""Blocking keys: each turns records into (key, record idx) rows; 0 means no key.

Keys are integers: a vocabulary id, or two parts packed as a * 10^8 + b.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from reconcile.link.distinct import unique_inverse
from reconcile.link.features import MAX_WORDS, Features, IntArray, Vocabulary


def sorted_unique(values: IntArray) -> IntArray:
    """The distinct values, ascending (as np.unique, by one sort: numpy's hashing unique is
    several times slower on millions of integers)."""
    out = np.sort(values)
    if len(out) == 0:
        return out
    keep = np.empty(len(out), dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def word_rows(f: Features) -> tuple[IntArray, IntArray]:
    """(word id, record idx) for every word of every record, each word once per record, in
    order of (record idx, word id)."""
    n = len(f)
    rows = np.repeat(np.arange(n, dtype=np.int64), MAX_WORDS)
    words = f.words.reshape(-1)
    keep = words != 0
    width = np.int64(int(words.max()) + 1 if len(words) else 1)
    codes = sorted_unique(rows[keep] * width + words[keep])
    return codes % width, codes // width


def word_pairs(f: Features) -> tuple[IntArray, IntArray]:
    """(key of two words, record idx) for every unordered pair of a record's first 4 words."""
    keys, idxs = [], []
    base = np.int64(1 << 31)
    for a in range(4):
        for b in range(a + 1, 4):
            wa, wb = f.words[:, a], f.words[:, b]
            lo, hi = np.minimum(wa, wb), np.maximum(wa, wb)
            ok = (lo != 0) & (lo != hi)
            keys.append(lo[ok] * base + hi[ok])
            idxs.append(np.nonzero(ok)[0])
    return np.concatenate(keys), np.concatenate(idxs)


def _per_distinct(ids: IntArray, value: Callable[[int], int]) -> IntArray:
    """value(id) for each id, computed once per distinct id."""
    uniq, inverse = unique_inverse(ids)
    table = np.fromiter((value(w) for w in uniq.tolist()), dtype=np.int64, count=len(uniq))
    return table[inverse]


def prefixes(f: Features, vocab: Vocabulary, width: int) -> tuple[IntArray, IntArray]:
    """(id of the first ``width`` letters of a name part, record idx) for surname and forename."""

    def pref(word_id: int) -> int:
        text = vocab.strings[word_id][:width]
        return vocab.id("p:" + text) if text else 0

    both_parts = _per_distinct(np.concatenate([f.first_surname, f.first_forename]), pref)
    idx = np.arange(len(f))
    return both_parts, np.concatenate([idx, idx])


def date_part(f: Features, part: IntArray) -> IntArray:
    """Birth year and one other part (month or day) as one number; 0 when missing."""
    return np.where(f.year > 0, f.year * 100 + part, 0)


def word_counts(p: Features, i: Features, vocab: Vocabulary) -> tuple[IntArray, IntArray, IntArray]:
    """Distinct word ids, their counts, and the ids of one-letter words (initials)."""
    words = np.concatenate([p.words.reshape(-1), i.words.reshape(-1)])
    values, counts = np.unique(words[words != 0], return_counts=True)
    initials = np.array([w for w in values.tolist() if len(vocab.strings[w]) == 1], dtype=np.int64)
    return values, counts, initials


def rare_words(f: Features, freq: tuple[IntArray, IntArray, IntArray]) -> tuple[IntArray, IntArray]:
    """(word id, record idx) for the two rarest words of each record (initials last)."""
    values, counts, _ = freq
    pos = np.clip(np.searchsorted(values, f.words), 0, max(len(values) - 1, 0))
    count = np.where((f.words != 0) & (len(values) > 0), counts[pos] if len(values) else 0, 0)
    count = np.where(f.words != 0, count, np.iinfo(np.int64).max)
    count = np.where(np.isin(f.words, freq[2]), np.iinfo(np.int64).max - 1, count)
    order = np.argsort(count, axis=1, kind="stable")[:, :2]
    rows = np.repeat(np.arange(len(f)), 2)
    words = np.take_along_axis(f.words, order, axis=1).reshape(-1)
    keep = words != 0
    return words[keep], rows[keep]


def both(a: IntArray, b: IntArray) -> IntArray:
    """A key made of two parts (b below 10^8); 0 (no key) when either part is missing."""
    return np.where((a != 0) & (b != 0), a * np.int64(100_000_000) + b, 0)


def third_letters(ids: IntArray, vocab: Vocabulary) -> IntArray:
    """Code point of the third character of each vocabulary string (the first letter after a
    \"t:\" prefix), 0 when the string is shorter."""

    def letter(text_id: int) -> int:
        text = vocab.strings[text_id]
        return ord(text[2]) if len(text) > 2 else 0

    return _per_distinct(ids, letter)


def written_initials(f: Features, vocab: Vocabulary) -> tuple[IntArray, IntArray]:
    """(id of the first letters of surname and forenames as written, record idx)."""
    sur = third_letters(f.surname_text, vocab)
    fore = third_letters(f.forename_text, vocab)
    lo, hi = np.minimum(sur, fore), np.maximum(sur, fore)
    code = np.where(lo > 0, lo * np.int64(1 << 21) + hi, 0)

    def initials(pair: int) -> int:
        return vocab.id("w:" + chr(pair >> 21) + chr(pair & ((1 << 21) - 1))) if pair else 0

    return _per_distinct(code, initials), np.arange(len(f))


def word_and_initial(f: Features, vocab: Vocabulary) -> tuple[IntArray, IntArray]:
    """(key of the first surname word with the forenames' first letter, record idx) and
    (the first forename word with the surname's first letter, record idx)."""
    sur_initial = third_letters(f.surname_text, vocab)
    fore_initial = third_letters(f.forename_text, vocab)
    idx = np.arange(len(f))
    keys = np.concatenate(
        [both(f.first_surname, fore_initial), both(f.first_forename, sur_initial)]
    )
    return keys, np.concatenate([idx, idx])
