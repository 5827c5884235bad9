"""Candidate pairs from several cheap keys, unioned, each block capped in size.

A pair is a candidate when the two records share at least one key: the prison number (as
written, or with confusable characters folded), the date of birth (as written, or with day
and month swapped) together with a name word or the first letters of a name, a name word
with two of the three parts of the date of birth, a name word with the birth year when one
side is a 1 January placeholder, or two name words together. A key value shared by more than
``cap`` pairs is skipped (it tells nothing), so cost grows with candidate pairs, never with
rows x rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from reconcile.link.features import MAX_WORDS, Features, IntArray, Vocabulary, dob_code


@dataclass(frozen=True, slots=True)
class Blocks:
    prison: IntArray  # prison idx of each candidate pair, sorted by (prison, ind)
    ind: IntArray
    per_key: dict[str, int]  # candidate pairs each key produced (before the union)
    skipped: dict[str, int]  # key values skipped because their block exceeded the cap


def join(
    key_p: IntArray, idx_p: IntArray, key_i: IntArray, idx_i: IntArray, cap: int
) -> tuple[IntArray, IntArray, int]:
    """All (p, i) with equal non-zero keys, skipping keys whose block exceeds ``cap`` pairs."""
    keep_p, keep_i = key_p != 0, key_i != 0
    key_p, idx_p, key_i, idx_i = key_p[keep_p], idx_p[keep_p], key_i[keep_i], idx_i[keep_i]
    order_i = np.argsort(key_i, kind="stable")
    key_i, idx_i = key_i[order_i], idx_i[order_i]
    uniq_i, start_i, count_i = np.unique(key_i, return_index=True, return_counts=True)
    uniq_p, count_p = np.unique(key_p, return_counts=True)
    pos = np.searchsorted(uniq_i, uniq_p)
    pos = np.minimum(pos, len(uniq_i) - 1) if len(uniq_i) else pos
    found = (uniq_i[pos] == uniq_p) if len(uniq_i) else np.zeros(len(uniq_p), dtype=bool)
    size = np.where(found, count_p * count_i[pos] if len(uniq_i) else 0, 0)
    ok = found & (size <= cap)
    skipped = int(np.count_nonzero(found & (size > cap)))
    ok_keys = uniq_p[ok]
    rows = np.isin(key_p, ok_keys)
    key_p, idx_p = key_p[rows], idx_p[rows]
    where = np.searchsorted(uniq_i, key_p)
    starts, counts = start_i[where], count_i[where]
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, skipped
    out_p = np.repeat(idx_p, counts)
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    out_i = idx_i[np.repeat(starts, counts) + (np.arange(total) - offsets)]
    return out_p, out_i, skipped


def _word_rows(f: Features) -> tuple[IntArray, IntArray]:
    """(word id, record idx) for every word of every record, each word once per record."""
    n = len(f)
    rows = np.repeat(np.arange(n), MAX_WORDS)
    words = f.words.reshape(-1)
    keep = words != 0
    pairs = np.unique(np.stack([rows[keep], words[keep]], axis=1), axis=0)
    return pairs[:, 1], pairs[:, 0]


def _word_pairs(f: Features) -> tuple[IntArray, IntArray]:
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


def _prefixes(f: Features, vocab: Vocabulary, width: int) -> tuple[IntArray, IntArray]:
    """(id of the first ``width`` letters of a name part, record idx) for surname and forename."""
    cache: dict[int, int] = {}

    def pref(word_id: int) -> int:
        got = cache.get(word_id)
        if got is None:
            text = vocab.strings[word_id][:width]
            got = vocab.id("p:" + text) if text else 0
            cache[word_id] = got
        return got

    sur = np.array([pref(int(w)) for w in f.first_surname], dtype=np.int64)
    fore = np.array([pref(int(w)) for w in f.first_forename], dtype=np.int64)
    idx = np.arange(len(f))
    return np.concatenate([sur, fore]), np.concatenate([idx, idx])


def _date_part(f: Features, part: IntArray) -> IntArray:
    """Birth year and one other part (month or day) as one number; 0 when missing."""
    return np.where(f.year > 0, f.year * 100 + part, 0)


def _word_counts(
    p: Features, i: Features, vocab: Vocabulary
) -> tuple[IntArray, IntArray, IntArray]:
    """Distinct word ids, their counts, and the ids of one-letter words (initials)."""
    words = np.concatenate([p.words.reshape(-1), i.words.reshape(-1)])
    values, counts = np.unique(words[words != 0], return_counts=True)
    initials = np.array([w for w in values.tolist() if len(vocab.strings[w]) == 1], dtype=np.int64)
    return values, counts, initials


def _rare_words(
    f: Features, freq: tuple[IntArray, IntArray, IntArray]
) -> tuple[IntArray, IntArray]:
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


def _both(a: IntArray, b: IntArray) -> IntArray:
    """A key made of two parts (b below 10^8); 0 (no key) when either part is missing."""
    return np.where((a != 0) & (b != 0), a * np.int64(100_000_000) + b, 0)


def _written_initials(f: Features, vocab: Vocabulary) -> tuple[IntArray, IntArray]:
    """(id of the first letters of surname and forenames as written, record idx)."""
    cache: dict[tuple[int, int], int] = {}

    def initials(sur: int, fore: int) -> int:
        got = cache.get((sur, fore))
        if got is None:
            a, b = vocab.strings[sur][2:3], vocab.strings[fore][2:3]
            got = vocab.id("w:" + "".join(sorted((a, b)))) if a and b else 0
            cache[(sur, fore)] = got
        return got

    keys = [
        initials(s, f)
        for s, f in zip(f.surname_text.tolist(), f.forename_text.tolist(), strict=True)
    ]
    return np.array(keys, dtype=np.int64), np.arange(len(f))


def _word_and_initial(f: Features, vocab: Vocabulary) -> tuple[IntArray, IntArray]:
    """(key of the first surname word with the forenames' first letter, record idx) and
    (the first forename word with the surname's first letter, record idx)."""
    letters = np.array([ord(t[2]) if len(t) > 2 else 0 for t in vocab.strings], dtype=np.int64)
    sur_initial, fore_initial = letters[f.surname_text], letters[f.forename_text]
    idx = np.arange(len(f))
    keys = np.concatenate(
        [_both(f.first_surname, fore_initial), _both(f.first_forename, sur_initial)]
    )
    return keys, np.concatenate([idx, idx])


def _key_families(
    p: Features, i: Features, vocab: Vocabulary
) -> Iterator[tuple[str, IntArray, IntArray, IntArray, IntArray]]:
    ip, ii = np.arange(len(p)), np.arange(len(i))
    yield "prison number", p.number, ip, i.number, ii
    yield "prison number, confusable characters folded", p.number_folded, ip, i.number_folded, ii
    dob_p, dob_i = dob_code(p), dob_code(i)
    swappable = (p.day <= 12) & (p.day != p.month) & (p.year > 0)
    dob_p_swapped = np.where(swappable, p.year * 10000 + p.day * 100 + p.month, 0)
    wp, rp = _word_rows(p)
    wi, ri = _word_rows(i)
    yield "birth date + name word", _both(wp, dob_p[rp]), rp, _both(wi, dob_i[ri]), ri
    yield (
        "swapped birth date + name word",
        _both(wp, dob_p_swapped[rp]),
        rp,
        _both(wi, dob_i[ri]),
        ri,
    )
    xp, xrp = _prefixes(p, vocab, 3)
    xi, xri = _prefixes(i, vocab, 3)
    yield "birth date + name initials", _both(xp, dob_p[xrp]), xrp, _both(xi, dob_i[xri]), xri
    # The first letter as written survives glued particles and transliteration (DASILVA).
    lp, lrp = _written_initials(p, vocab)
    li, lri = _written_initials(i, vocab)
    yield (
        "birth date + first letters as written",
        _both(lp, dob_p[lrp]),
        lrp,
        _both(li, dob_i[lri]),
        lri,
    )
    # Partial dates of birth go with each record's two rarest name words only.
    freq = _word_counts(p, i, vocab)
    rwp, rrp = _rare_words(p, freq)
    rwi, rri = _rare_words(i, freq)
    for label, part_p, part_i in (
        ("year and month", _date_part(p, p.month), _date_part(i, i.month)),
        ("year and day", _date_part(p, p.day), _date_part(i, i.day)),
        ("day and month", np.where(p.year > 0, p.month * 100 + p.day, 0),
         np.where(i.year > 0, i.month * 100 + i.day, 0)),
    ):  # fmt: skip
        yield (
            f"rare name word + birth {label}",
            _both(rwp, part_p[rrp]),
            rrp,
            _both(rwi, part_i[rri]),
            rri,
        )
    # A 1 January placeholder says only the year: pair it with any date in that year.
    hold_p = (p.month == 1) & (p.day == 1)
    hold_i = (i.month == 1) & (i.day == 1)
    wy_p, wy_i = _both(rwp, p.year[rrp]), _both(rwi, i.year[rri])
    yield (
        "placeholder birthday + rare name word + year",
        np.where(hold_p[rrp], wy_p, 0),
        rrp,
        wy_i,
        rri,
    )
    yield (
        "rare name word + year + placeholder birthday",
        wy_p,
        rrp,
        np.where(hold_i[rri], wy_i, 0),
        rri,
    )
    kp, kip = _word_pairs(p)
    ki, kii = _word_pairs(i)
    yield "two name words", kp, kip, ki, kii
    # Without a date of birth, a typo in one word leaves the other word and an initial.
    np_, nrp = _word_and_initial(p, vocab)
    ni, nri = _word_and_initial(i, vocab)
    no_dob_p, no_dob_i = p.year[nrp] == 0, i.year[nri] == 0
    yield "no birth date + name word + initial", np.where(no_dob_p, np_, 0), nrp, ni, nri
    yield "name word + initial + no birth date", np_, nrp, np.where(no_dob_i, ni, 0), nri


def candidate_pairs(p: Features, i: Features, vocab: Vocabulary, cap: int) -> Blocks:
    """The union of every key's pairs, sorted by (prison idx, IND idx)."""
    codes: list[IntArray] = []
    per_key: dict[str, int] = {}
    skipped: dict[str, int] = {}
    n_i = np.int64(max(len(i), 1))
    for name, kp, rp, ki, ri in _key_families(p, i, vocab):
        out_p, out_i, skip = join(kp, rp, ki, ri, cap)
        per_key[name] = len(out_p)
        skipped[name] = skip
        codes.append(out_p * n_i + out_i)
    code = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return Blocks(prison=code // n_i, ind=code % n_i, per_key=per_key, skipped=skipped)


def same_file_pairs(f: Features, vocab: Vocabulary, cap: int) -> tuple[IntArray, IntArray]:
    """Candidate pairs (a < b) within one file, for finding one person's several rows: the
    same prison number, the same (or swapped) date of birth with a name word or with the
    first letters as written, the same name (transliteration variants folded), or two name
    words in common."""
    idx = np.arange(len(f))
    dob = dob_code(f)
    swappable = (f.day <= 12) & (f.day != f.month) & (f.year > 0)
    swapped = np.where(swappable, f.year * 10000 + f.day * 100 + f.month, 0)
    w, r = _word_rows(f)
    kw, kr = _word_pairs(f)
    li, lr = _written_initials(f, vocab)
    # Name-only keys join common names into big blocks: they get a quarter of the cap.
    families = (
        (_both(li, dob[lr]), lr, _both(li, dob[lr]), lr, cap),
        (f.number, idx, f.number, idx, cap),
        (_both(w, dob[r]), r, _both(w, dob[r]), r, cap),
        (_both(w, swapped[r]), r, _both(w, dob[r]), r, cap),
        (f.variant, idx, f.variant, idx, cap // 4),
        (kw, kr, kw, kr, cap // 4),
    )
    n = np.int64(max(len(f), 1))
    codes = []
    for kp, rp, ki, ri, family_cap in families:
        a, b, _ = join(kp, rp, ki, ri, family_cap)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = lo != hi
        codes.append(lo[keep] * n + hi[keep])
    code = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return code // n, code % n
