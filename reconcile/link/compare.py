"""Comparison levels per field for arrays of candidate pairs: first level that holds wins.

Everything is vectorised over pairs with numpy; string similarity runs in rapidfuzz on each
distinct pair of values once, however many record pairs share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from reconcile.link.distinct import unique_inverse
from reconcile.link.features import Features, IntArray, Record, Vocabulary, build_features, dob_code
from reconcile.link.word_typos import typo_subset

LevelArray = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    labels: tuple[str, ...]  # the last label is "missing"

    @property
    def missing(self) -> int:
        return len(self.labels) - 1


NAME = FieldSpec(
    "name",
    (
        "exact",
        "transliteration variant",
        "forename and surname swapped",
        "same names in another order",
        "same names, some dropped",
        "surname or forenames missing, the rest agrees",
        "very similar spelling",
        "similar spelling",
        "one name in common",
        "different",
        "missing",
    ),
)
DOB = FieldSpec(
    "dob",
    (
        "exact",
        "day and month swapped",
        "1 January placeholder, same year",
        "one digit different",
        "year one off",
        "1 January placeholder, year one off",
        "same year",
        "different",
        "same year, one gives only the year",
        "year one off, one gives only the year",
        "missing",
    ),
)
DOB_DIFFERENT = DOB.labels.index("different")
DOB_YEAR_ONLY = DOB.labels.index("same year, one gives only the year")
DOB_YEAR_ONLY_OFF = DOB.labels.index("year one off, one gives only the year")
NUMBER = FieldSpec(
    "prison_number",
    ("exact", "one character different or confusable", "different", "missing"),
)
NATIONALITY = FieldSpec("nationality", ("same", "different", "missing"))
# When the IND record's referral was made, against the prison row's custody: prisons refer
# while the prisoner is held, so a referral in another period counts against the pair.
REFERRAL = FieldSpec(
    "referral",
    (
        "during custody or the 2 years before release",
        "after release",
        "before custody",
        "missing",
    ),
)
# The person's PNC ID or CRO number (reconcile.normalise.police_ids), each compared with its
# own kind; the better of the two counts. Two valid numbers always differ in two characters
# or more (the check letter changes with any one digit), so "one character" is a slip.
POLICE = FieldSpec(
    "police_id",
    ("same", "one character different or two swapped", "different", "missing"),
)
FIELDS: tuple[FieldSpec, ...] = (NAME, DOB, NUMBER, NATIONALITY, REFERRAL, POLICE)

VERY_SIMILAR = 0.92
SIMILAR = 0.85
_CHUNK = 1_000_000


def _cached(a: IntArray, b: IntArray, texts: npt.NDArray[np.object_], scorer: Any) -> FloatArray:
    """scorer(texts[a], texts[b]) per pair, computed once per distinct (a, b), on every core
    (each score is independent of the others: the same result with any number of threads)."""
    if len(a) == 0:
        return np.zeros(0)
    width = np.int64(len(texts))
    uniq, inverse = unique_inverse(a * width + b)
    left, right = texts[uniq // width], texts[uniq % width]
    scores = process.cpdist(list(left), list(right), scorer=scorer, workers=-1)
    return np.asarray(scores, dtype=np.float64)[inverse]


def plain_texts(vocab: Vocabulary) -> npt.NDArray[np.object_]:
    """Vocabulary strings without their type prefix (\"b:\" etc.), as an object array."""
    return np.array(
        [s[2:] if len(s) > 1 and s[1] == ":" else s for s in vocab.strings], dtype=object
    )


def name_similarity(
    p: Features, i: Features, pp: IntArray, ii: IntArray, texts: npt.NDArray[np.object_]
) -> FloatArray:
    """The best of: surname and forenames compared in place (the worse of the two counts),
    compared crosswise, and all name words sorted and compared as one string.

    The worse of two parts can only raise the best when its first part scores above the best
    so far, so the second part is compared for those pairs only: the result is the same."""
    jw = JaroWinkler.normalized_similarity
    # A bag is its word keys sorted and joined by single spaces (never an empty word), so
    # the plain ratio of two bags is their token_sort_ratio without sorting them again.
    best = _cached(p.bag[pp], i.bag[ii], texts, fuzz.ratio) / 100
    # Keys fold transliteration; the written text keeps typos in family names comparable
    # (MENMET is a typo of MEHMET, whose key is the family's).
    # An empty part reads as "t:" and is never similar to anything.
    sp, si = p.surname_text[pp], i.surname_text[ii]
    fp, fi = p.forename_text[pp], i.forename_text[ii]
    for first_p, first_i, second_p, second_i in ((sp, si, fp, fi), (sp, fi, fp, si)):
        first = _cached(first_p, first_i, texts, jw)
        up = np.flatnonzero(first > best)
        second = _cached(second_p[up], second_i[up], texts, jw)
        best[up] = np.maximum(best[up], np.minimum(first[up], second))
    return best


def _shared_words(p: Features, i: Features, pp: IntArray, ii: IntArray) -> IntArray:
    """How many of each pair's prison-side words (0 = no word) occur among its IND words.

    Word slots are compared column by column on contiguous arrays (a prison slot holding no
    word is -1, which no IND word id equals): the same counts as one (pairs x 5 x 5) array
    of comparisons, several times faster."""
    out = np.zeros(len(pp), dtype=np.int64)
    p_cols = np.ascontiguousarray(np.where(p.words != 0, p.words, -1).T)
    i_cols = np.ascontiguousarray(i.words.T)
    for start in range(0, len(pp), _CHUNK):
        rows_p, rows_i = pp[start : start + _CHUNK], ii[start : start + _CHUNK]
        theirs = [col[rows_i] for col in i_cols]
        count = np.zeros(len(rows_p), dtype=np.int64)
        for col in p_cols:
            mine = col[rows_p]
            hit = np.zeros(len(rows_p), dtype=bool)
            for other in theirs:
                hit |= mine == other
            count += hit
        out[start : start + _CHUNK] = count
    return out


def name_levels(
    p: Features, i: Features, pp: IntArray, ii: IntArray, texts: npt.NDArray[np.object_]
) -> LevelArray:
    level = np.full(len(pp), NAME.labels.index("different"), dtype=np.int8)
    open_ = np.ones(len(pp), dtype=bool)

    def settle(mask: npt.NDArray[np.bool_], value: int) -> None:
        hit = mask & open_
        level[hit] = value
        open_[hit] = False

    settle((p.exact[pp] == 0) | (i.exact[ii] == 0), NAME.missing)
    settle(p.exact[pp] == i.exact[ii], 0)
    settle(p.variant[pp] == i.variant[ii], 1)
    swapped = (
        (p.surname[pp] == i.forename[ii])
        & (p.forename[pp] == i.surname[ii])
        & (p.surname[pp] != 0)
        & (p.forename[pp] != 0)
    )
    first_swapped = (p.first_surname[pp] == i.first_forename[ii]) & (
        p.first_forename[pp] == i.first_surname[ii]
    )
    same_bag = p.bag[pp] == i.bag[ii]
    settle(swapped | (same_bag & first_swapped & (p.first_surname[pp] != 0)), 2)
    settle(same_bag, 3)
    idx = np.nonzero(open_)[0]
    shared = _shared_words(p, i, pp[idx], ii[idx])
    n_p, n_i = p.n_words[pp[idx]], i.n_words[ii[idx]]
    subset = (shared >= 2) & (shared == np.minimum(n_p, n_i))
    mask = np.zeros(len(pp), dtype=bool)
    mask[idx[subset]] = True
    settle(mask, 4)
    # One side has only a surname or only forenames, and every word it has is in the other.
    part_p = (p.surname[pp[idx]] == 0) | (p.forename[pp[idx]] == 0)
    part_i = (i.surname[ii[idx]] == 0) | (i.forename[ii[idx]] == 0)
    partial = (shared >= 1) & ((part_p & (shared == n_p)) | (part_i & (shared == n_i)))
    mask[:] = False
    mask[idx[partial]] = True
    settle(mask, 5)
    one_shared = np.zeros(len(pp), dtype=bool)
    one_shared[idx[shared >= 1]] = True
    idx = np.nonzero(open_)[0]
    sim = name_similarity(p, i, pp[idx], ii[idx], texts)
    level[idx] = np.select(
        [sim >= VERY_SIMILAR, sim >= SIMILAR, one_shared[idx]], [6, 7, 8], default=9
    )
    # One word in common, the rest the same words misspelt (reconcile.link.word_typos).
    one = np.flatnonzero(level == 8)
    level[one[typo_subset(p, i, pp[one], ii[one], texts)]] = 7
    return level


def _digits(codes: IntArray) -> npt.NDArray[np.int8]:
    """The eight lowest decimal digits of each code, one row per digit (units first)."""
    return np.stack([(codes // 10**k) % 10 for k in range(8)]).astype(np.int8)


def _digits_different(a: IntArray, pp: IntArray, b: IntArray, ii: IntArray) -> IntArray:
    """How many of the eight lowest decimal digits of a[pp] and b[ii] differ, per pair
    (digits are found once per record, not once per pair)."""
    diff = np.zeros(len(pp), dtype=np.int64)
    for da, db in zip(_digits(a), _digits(b), strict=True):
        diff += da[pp] != db[ii]
    return diff


def dob_levels(p: Features, i: Features, pp: IntArray, ii: IntArray) -> LevelArray:
    yp, mp, dp = p.year[pp], p.month[pp], p.day[pp]
    yi, mi, di = i.year[ii], i.month[ii], i.day[ii]
    code_p, code_i = dob_code(p), dob_code(i)
    cp, ci = code_p[pp], code_i[ii]
    conditions = [
        (yp == 0) | (yi == 0),
        cp == ci,
        (yp == yi) & (mp == di) & (dp == mi) & (mp != dp),
        (yp == yi) & (((mp == 1) & (dp == 1)) | ((mi == 1) & (di == 1))),
        _digits_different(code_p, pp, code_i, ii) == 1,
        (mp == mi) & (dp == di) & (np.abs(yp - yi) == 1),
        # A placeholder's year is often an estimate.
        (((mp == 1) & (dp == 1)) | ((mi == 1) & (di == 1))) & (np.abs(yp - yi) == 1),
        yp == yi,
    ]
    choices = [DOB.missing, 0, 1, 2, 3, 4, 5, 6]
    if _gives_year_alone(p) or _gives_year_alone(i):
        # A year of birth given alone (month and day 0) agrees with any date in that year, or
        # is a year out (often an estimate, as a 1 January placeholder's year is).
        year_only = (mp == 0) | (mi == 0)
        conditions[1:1] = [
            year_only & (yp == yi),
            year_only & (np.abs(yp - yi) == 1),
            year_only,
        ]
        choices[1:1] = [DOB_YEAR_ONLY, DOB_YEAR_ONLY_OFF, DOB_DIFFERENT]
    return np.select(conditions, choices, default=DOB_DIFFERENT).astype(np.int8)


def _gives_year_alone(f: Features) -> bool:
    """Whether any record gives its year of birth alone (most files have none)."""
    return bool(np.any((f.month == 0) & (f.year > 0)))


def number_levels(
    p: Features, i: Features, pp: IntArray, ii: IntArray, texts: npt.NDArray[np.object_]
) -> LevelArray:
    np_, ni = p.number[pp], i.number[ii]
    missing = (np_ == 0) | (ni == 0)
    exact = np_ == ni
    folded = p.number_folded[pp] == i.number_folded[ii]
    level = np.select([missing, exact, folded], [NUMBER.missing, 0, 1], default=2).astype(np.int8)
    idx = np.nonzero(level == 2)[0]
    if len(idx):
        dist = _cached(np_[idx], ni[idx], texts, Levenshtein.distance)
        level[idx[dist <= 1]] = 1
    return level


def nationality_levels(p: Features, i: Features, pp: IntArray, ii: IntArray) -> LevelArray:
    a, b = p.nationality[pp], i.nationality[ii]
    return np.select([(a == 0) | (b == 0), a == b], [2, 0], default=1).astype(np.int8)


def referral_levels(p: Features, i: Features, pp: IntArray, ii: IntArray) -> LevelArray:
    """The IND side's referral against the prison side's custody (features.REFERRAL_LEAD_DAYS);
    missing when either is unknown, as between two records of one file."""
    release, start, referral = p.release[pp], p.window_start[pp], i.referral[ii]
    conditions = [(release == 0) | (referral == 0), referral > release, referral < start]
    return np.select(conditions, [REFERRAL.missing, 1, 2], default=0).astype(np.int8)


def police_levels(
    p: Features, i: Features, pp: IntArray, ii: IntArray, texts: npt.NDArray[np.object_]
) -> LevelArray:
    """The better of the PNC IDs' and the CRO numbers' levels (POLICE)."""
    level = np.full(len(pp), POLICE.missing, dtype=np.int8)
    for left, right in ((p.pnc, i.pnc), (p.cro, i.cro)):
        if not (left.any() and right.any()):
            continue
        a, b = left[pp], right[ii]
        own = np.select([(a == 0) | (b == 0), a == b], [POLICE.missing, 0], default=2)
        idx = np.flatnonzero(own == 2)
        if len(idx):
            own[idx[_cached(a[idx], b[idx], texts, OSA.distance) <= 1]] = 1
        np.minimum(level, own.astype(np.int8), out=level)
    return level


# Pairs compared together: the distinct strings of this many pairs are scored once, and
# the arrays a part needs stay small enough to be near the processor (at 1M people, parts
# of 4M pairs compared 20% faster than 13M pairs at once; bench/scale/README.md).
COMPARE_PART = 4_000_000


def compare_pairs(
    p: Features, i: Features, pp: IntArray, ii: IntArray, texts: npt.NDArray[np.object_]
) -> npt.NDArray[np.int8]:
    """Levels as a (pairs, fields) array, columns in the order of FIELDS. Every pair's levels
    depend on that pair alone, so comparing in parts gives the same array."""
    out = np.empty((len(pp), len(FIELDS)), dtype=np.int8)
    for start in range(0, len(pp), COMPARE_PART):
        part_p, part_i = pp[start : start + COMPARE_PART], ii[start : start + COMPARE_PART]
        end = start + len(part_p)
        out[start:end, 0] = name_levels(p, i, part_p, part_i, texts)
        out[start:end, 1] = dob_levels(p, i, part_p, part_i)
        out[start:end, 2] = number_levels(p, i, part_p, part_i, texts)
        out[start:end, 3] = nationality_levels(p, i, part_p, part_i)
        out[start:end, 4] = referral_levels(p, i, part_p, part_i)
        out[start:end, 5] = police_levels(p, i, part_p, part_i, texts)
    return out


def compare_one(left: Record, right: Record) -> dict[str, str]:
    """The level label of each field for one pair of records (for tests and explanations)."""
    return compare_many([left], [right])[0]


def compare_many(left: Sequence[Record], right: Sequence[Record]) -> list[dict[str, str]]:
    """compare_one of each pair (left[k], right[k]), the records encoded together once."""
    if not left:
        return []
    vocab = Vocabulary()
    a, b = build_features(left, vocab), build_features(right, vocab)
    at = np.arange(len(left), dtype=np.int64)
    levels = compare_pairs(a, b, at, at, plain_texts(vocab)).tolist()
    return [
        {spec.name: spec.labels[x] for spec, x in zip(FIELDS, row, strict=True)} for row in levels
    ]
