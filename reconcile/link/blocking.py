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

from reconcile.link import blocking_keys as keys
from reconcile.link.features import Features, IntArray, Vocabulary, dob_code


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
    first = np.ones(len(key_i), dtype=bool)
    first[1:] = key_i[1:] != key_i[:-1]
    start_i = np.flatnonzero(first)
    uniq_i, count_i = key_i[start_i], np.diff(np.append(start_i, len(key_i)))
    uniq_p, inverse_p, count_p = np.unique(key_p, return_inverse=True, return_counts=True)
    pos = np.searchsorted(uniq_i, uniq_p)
    pos = np.minimum(pos, len(uniq_i) - 1) if len(uniq_i) else pos
    found = (uniq_i[pos] == uniq_p) if len(uniq_i) else np.zeros(len(uniq_p), dtype=bool)
    size = np.where(found, count_p * count_i[pos] if len(uniq_i) else 0, 0)
    ok = found & (size <= cap)
    skipped = int(np.count_nonzero(found & (size > cap)))
    rows = ok[inverse_p.reshape(-1)]
    idx_p, where = idx_p[rows], pos[inverse_p.reshape(-1)][rows]
    starts, counts = start_i[where], count_i[where]
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, skipped
    out_p = np.repeat(idx_p, counts)
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    out_i = idx_i[np.repeat(starts, counts) + (np.arange(total) - offsets)]
    return out_p, out_i, skipped


def _key_families(
    p: Features, i: Features, vocab: Vocabulary
) -> Iterator[tuple[str, IntArray, IntArray, IntArray, IntArray]]:
    ip, ii = np.arange(len(p)), np.arange(len(i))
    yield "prison number", p.number, ip, i.number, ii
    yield "prison number, confusable characters folded", p.number_folded, ip, i.number_folded, ii
    dob_p, dob_i = dob_code(p), dob_code(i)
    swappable = (p.day <= 12) & (p.day != p.month) & (p.year > 0)
    dob_p_swapped = np.where(swappable, p.year * 10000 + p.day * 100 + p.month, 0)
    wp, rp = keys.word_rows(p)
    wi, ri = keys.word_rows(i)
    yield "birth date + name word", keys.both(wp, dob_p[rp]), rp, keys.both(wi, dob_i[ri]), ri
    yield (
        "swapped birth date + name word",
        keys.both(wp, dob_p_swapped[rp]),
        rp,
        keys.both(wi, dob_i[ri]),
        ri,
    )
    xp, xrp = keys.prefixes(p, vocab, 3)
    xi, xri = keys.prefixes(i, vocab, 3)
    yield (
        "birth date + name initials",
        keys.both(xp, dob_p[xrp]),
        xrp,
        keys.both(xi, dob_i[xri]),
        xri,
    )
    # The first letter as written survives glued particles and transliteration (DASILVA).
    lp, lrp = keys.written_initials(p, vocab)
    li, lri = keys.written_initials(i, vocab)
    yield (
        "birth date + first letters as written",
        keys.both(lp, dob_p[lrp]),
        lrp,
        keys.both(li, dob_i[lri]),
        lri,
    )
    # Partial dates of birth go with each record's two rarest name words only.
    freq = keys.word_counts(p, i, vocab)
    rwp, rrp = keys.rare_words(p, freq)
    rwi, rri = keys.rare_words(i, freq)
    for label, part_p, part_i in (
        ("year and month", keys.date_part(p, p.month), keys.date_part(i, i.month)),
        ("year and day", keys.date_part(p, p.day), keys.date_part(i, i.day)),
        ("day and month", np.where(p.year > 0, p.month * 100 + p.day, 0),
         np.where(i.year > 0, i.month * 100 + i.day, 0)),
    ):  # fmt: skip
        yield (
            f"rare name word + birth {label}",
            keys.both(rwp, part_p[rrp]),
            rrp,
            keys.both(rwi, part_i[rri]),
            rri,
        )
    # A 1 January placeholder says only the year: pair it with any date in that year.
    hold_p = (p.month == 1) & (p.day == 1)
    hold_i = (i.month == 1) & (i.day == 1)
    wy_p, wy_i = keys.both(rwp, p.year[rrp]), keys.both(rwi, i.year[rri])
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
    kp, kip = keys.word_pairs(p)
    ki, kii = keys.word_pairs(i)
    yield "two name words", kp, kip, ki, kii
    # Without a date of birth, a typo in one word leaves the other word and an initial.
    np_, nrp = keys.word_and_initial(p, vocab)
    ni, nri = keys.word_and_initial(i, vocab)
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
    code = keys.sorted_unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
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
    w, r = keys.word_rows(f)
    kw, kr = keys.word_pairs(f)
    li, lr = keys.written_initials(f, vocab)
    # Name-only keys join common names into big blocks: they get a quarter of the cap.
    families = (
        (keys.both(li, dob[lr]), lr, keys.both(li, dob[lr]), lr, cap),
        (f.number, idx, f.number, idx, cap),
        (keys.both(w, dob[r]), r, keys.both(w, dob[r]), r, cap),
        (keys.both(w, swapped[r]), r, keys.both(w, dob[r]), r, cap),
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
    code = keys.sorted_unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return code // n, code % n
