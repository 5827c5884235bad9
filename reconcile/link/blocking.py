"""Candidate pairs from several cheap keys, unioned, each block capped in size.

A pair is a candidate when the two records share at least one key: the prison number (as
written, or with confusable characters folded), the date of birth (as written, or with day
and month swapped) together with a name word or the first letters of a name, a name word
with two of the three parts of the date of birth, a name word with the birth year when one
side is a 1 January placeholder, or two name words together.

A key value shared by at most ``full`` pairs joins its records in full. A larger block (a
common name word with a birth year grows with the data, and its pairs with the square of
it) is paired by sorted neighbourhood (see neighbourhood.py): each record meets the few
records of the other file next to it when the block is sorted by name (or, for keys made of
names alone, by date of birth). So every record has a bounded number of candidates and the
candidate pairs grow with the rows, never with rows x rows. A prison number shared by more
than ``cap`` pairs is skipped: it is a placeholder, not an identifier.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reconcile.link import blocking_keys as keys
from reconcile.link.features import Features, IntArray, Vocabulary, dob_code
from reconcile.link.neighbourhood import string_ranks, window_join

# What the records of a large block are sorted by; BY_NUMBER sorts by name as BY_NAME does,
# but a block over the cap is skipped.
BY_NAME, BY_BIRTH, BY_NUMBER = "name", "birth", "number"
# A block of more pairs than this is paired by sorted neighbourhood, each record with this
# many records of the other file either side (measured in bench/scale/README.md).
BLOCK_FULL, BLOCK_WINDOW = 16, 3


@dataclass(frozen=True, slots=True)
class Blocks:
    prison: IntArray  # prison idx of each candidate pair, sorted by (prison, ind)
    ind: IntArray
    per_key: dict[str, int]  # candidate pairs each key produced (before the union)
    skipped: dict[str, int]  # key values skipped because their block exceeded the cap
    windowed: dict[str, int]  # key values paired by sorted neighbourhood (large blocks)


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
    return _Grouped(idx_p, inverse_p.reshape(-1), pos, found, size, idx_i, start_i, count_i)


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
    pairs = [block_join(f.number, idx, f.number, idx, by_name, by_name, limits, capped=True)]
    pairs += [block_join(kp, rp, ki, ri, rank, rank, limits) for kp, rp, ki, ri, rank in families]
    codes = []
    for a, b, _, _ in pairs:
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = lo != hi
        codes.append(lo[keep] * n + hi[keep])
    code = keys.sorted_unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return code // n, code % n
