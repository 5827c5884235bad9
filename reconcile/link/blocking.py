"""Candidate pairs from several cheap keys, unioned, each block capped in size.

A pair is a candidate when the two records share at least one key: the prison number (as
written, or with confusable characters folded), the PNC ID or CRO number, the date of birth
(as written, or with day and month swapped) together with a name word or the first letters
of a name, a name word with two of the three parts of the date of birth, a name word with
the birth year when one side is a 1 January placeholder, or two name words together.

A key value shared by at most ``full`` pairs joins its records in full. A larger block (a
common name word with a birth year grows with the data, and its pairs with the square of
it) is paired by sorted neighbourhood (see neighbourhood.py): each record meets the few
records of the other file next to it when the block is sorted by name (or, for keys made of
names alone, by date of birth). So every record has a bounded number of candidates and the
candidate pairs grow with the rows, never with rows x rows. A prison number shared by more
than ``cap`` pairs is skipped (within one file; a PNC ID or CRO number across the files too):
it is a placeholder, not an identifier.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from reconcile.link import blocking_keys as keys
from reconcile.link.features import Features, IntArray, Vocabulary, dob_code
from reconcile.link.joins import BLOCK_FULL as BLOCK_FULL
from reconcile.link.joins import BLOCK_WINDOW as BLOCK_WINDOW
from reconcile.link.joins import Limits as Limits
from reconcile.link.joins import block_join as block_join
from reconcile.link.joins import join as join
from reconcile.link.neighbourhood import string_ranks

# What the records of a large block are sorted by; BY_NUMBER sorts by name as BY_NAME does,
# but a block over the cap is skipped.
BY_NAME, BY_BIRTH, BY_NUMBER = "name", "birth", "number"


@dataclass(frozen=True, slots=True)
class Blocks:
    prison: IntArray  # prison idx of each candidate pair, sorted by (prison, ind)
    ind: IntArray
    per_key: dict[str, int]  # candidate pairs each key produced (before the union)
    skipped: dict[str, int]  # key values skipped because their block exceeded the cap
    windowed: dict[str, int]  # key values paired by sorted neighbourhood (large blocks)


Family = tuple[str, IntArray, IntArray, IntArray, IntArray, str]


def key_families(p: Features, i: Features, vocab: Vocabulary) -> Iterator[Family]:
    ip, ii = np.arange(len(p)), np.arange(len(i))
    yield "prison number", p.number, ip, i.number, ii, BY_NAME
    yield (
        "prison number, confusable characters folded",
        p.number_folded,
        ip,
        i.number_folded,
        ii,
        BY_NAME,
    )
    # The person's own police numbers, where both files hold them (most extracts hold none).
    for label, left, right in (("PNC ID", p.pnc, i.pnc), ("CRO number", p.cro, i.cro)):
        if left.any() and right.any():
            yield label, left, ip, right, ii, BY_NUMBER
    dob_p, dob_i = dob_code(p), dob_code(i)
    swappable = (p.day <= 12) & (p.day != p.month) & (p.year > 0)
    dob_p_swapped = np.where(swappable, p.year * 10000 + p.day * 100 + p.month, 0)
    wp, rp = keys.word_rows(p)
    wi, ri = keys.word_rows(i)
    yield (
        "birth date + name word",
        keys.both(wp, dob_p[rp]),
        rp,
        keys.both(wi, dob_i[ri]),
        ri,
        BY_NAME,
    )
    yield (
        "swapped birth date + name word",
        keys.both(wp, dob_p_swapped[rp]),
        rp,
        keys.both(wi, dob_i[ri]),
        ri,
        BY_NAME,
    )
    xp, xrp = keys.prefixes(p, vocab, 3)
    xi, xri = keys.prefixes(i, vocab, 3)
    yield (
        "birth date + name initials",
        keys.both(xp, dob_p[xrp]),
        xrp,
        keys.both(xi, dob_i[xri]),
        xri,
        BY_NAME,
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
        BY_NAME,
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
            BY_NAME,
        )
    # A 1 January placeholder says only the year, as does a year of birth given alone (month
    # and day 0): pair it with any date in that year.
    hold_p = ((p.month == 1) & (p.day == 1)) | ((p.month == 0) & (p.year > 0))
    hold_i = ((i.month == 1) & (i.day == 1)) | ((i.month == 0) & (i.year > 0))
    wy_p, wy_i = keys.both(rwp, p.year[rrp]), keys.both(rwi, i.year[rri])
    yield (
        "placeholder birthday + rare name word + year",
        np.where(hold_p[rrp], wy_p, 0),
        rrp,
        wy_i,
        rri,
        BY_NAME,
    )
    yield (
        "rare name word + year + placeholder birthday",
        wy_p,
        rrp,
        np.where(hold_i[rri], wy_i, 0),
        rri,
        BY_NAME,
    )
    kp, kip = keys.word_pairs(p)
    ki, kii = keys.word_pairs(i)
    yield "two name words", kp, kip, ki, kii, BY_BIRTH
    # Without a date of birth, a typo in one word leaves the other word and an initial.
    np_, nrp = keys.word_and_initial(p, vocab)
    ni, nri = keys.word_and_initial(i, vocab)
    no_dob_p, no_dob_i = p.year[nrp] == 0, i.year[nri] == 0
    yield "no birth date + name word + initial", np.where(no_dob_p, np_, 0), nrp, ni, nri, BY_NAME
    yield "name word + initial + no birth date", np_, nrp, np.where(no_dob_i, ni, 0), nri, BY_NAME


def name_ranks(bag: IntArray, nationality: IntArray, vocab: Vocabulary) -> IntArray:
    """Each record's place when sorted by name (its words in alphabetical order, so given and
    family names in either order sort alike), namesakes by nationality."""
    names = string_ranks(bag, vocab)
    _, country = np.unique(nationality, return_inverse=True)
    out: IntArray = names * np.int64(int(country.max(initial=0)) + 1) + country.reshape(-1)
    return out


def sort_ranks(p: Features, i: Features, vocab: Vocabulary) -> dict[str, tuple[IntArray, IntArray]]:
    """What records are sorted by inside a large block, per record of each file."""
    names = name_ranks(
        np.concatenate([p.bag, i.bag]), np.concatenate([p.nationality, i.nationality]), vocab
    )
    by_name = (names[: len(p)], names[len(p) :])
    return {BY_NAME: by_name, BY_NUMBER: by_name, BY_BIRTH: (dob_code(p), dob_code(i))}


def candidate_pairs(
    p: Features, i: Features, vocab: Vocabulary, cap: int, limits: Limits | None = None
) -> Blocks:
    """The union of every key's pairs, sorted by (prison idx, IND idx)."""
    limits = limits or Limits(cap)
    ranks = sort_ranks(p, i, vocab)
    codes: list[IntArray] = []
    per_key: dict[str, int] = {}
    skipped: dict[str, int] = {}
    windowed: dict[str, int] = {}
    n_i = np.int64(max(len(i), 1))
    for name, kp, rp, ki, ri, by in key_families(p, i, vocab):
        out_p, out_i, skip, wide = block_join(
            kp, rp, ki, ri, *ranks[by], limits, capped=by == BY_NUMBER
        )
        per_key[name] = len(out_p)
        skipped[name] = skip
        windowed[name] = wide
        codes.append(out_p * n_i + out_i)
    code = keys.sorted_unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return Blocks(code // n_i, code % n_i, per_key, skipped, windowed)


def same_file_pairs(
    f: Features, vocab: Vocabulary, cap: int, limits: Limits | None = None
) -> tuple[IntArray, IntArray]:
    """Candidate pairs (a < b) within one file, for finding one person's several rows: the
    same prison number, the same (or swapped) date of birth with a name word or with the
    first letters as written, the same name (transliteration variants folded), or two name
    words in common. Large blocks are paired by sorted neighbourhood, as between files."""
    limits = limits or Limits(cap)
    idx = np.arange(len(f))
    dob = dob_code(f)
    by_name = name_ranks(f.bag, f.nationality, vocab)
    swappable = (f.day <= 12) & (f.day != f.month) & (f.year > 0)
    swapped = np.where(swappable, f.year * 10000 + f.day * 100 + f.month, 0)
    w, r = keys.word_rows(f)
    kw, kr = keys.word_pairs(f)
    li, lr = keys.written_initials(f, vocab)
    families = (
        (keys.both(li, dob[lr]), lr, keys.both(li, dob[lr]), lr, by_name),
        (keys.both(w, dob[r]), r, keys.both(w, dob[r]), r, by_name),
        (keys.both(w, swapped[r]), r, keys.both(w, dob[r]), r, by_name),
        (f.variant, idx, f.variant, idx, dob),
        (kw, kr, kw, kr, dob),
    )
    n = np.int64(max(len(f), 1))
    pairs = [
        block_join(key, idx, key, idx, by_name, by_name, limits, capped=True)
        for key in (f.number, f.pnc, f.cro)
        if key is f.number or key.any()
    ]
    pairs += [block_join(kp, rp, ki, ri, rank, rank, limits) for kp, rp, ki, ri, rank in families]
    codes = []
    for a, b, _, _ in pairs:
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = lo != hi
        codes.append(lo[keep] * n + hi[keep])
    code = keys.sorted_unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return code // n, code % n
