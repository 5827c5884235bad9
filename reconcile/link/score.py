"""Match weights for compared pairs: level weights, frequency adjustment, total, probability."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reconcile.link.compare import FloatArray
from reconcile.link.features import Features, IntArray, dob_code
from reconcile.link.fellegi_sunter import (
    Model,
    distinct_values_per_person,
    lookup,
    term_frequencies,
)
from reconcile.link.same_names import weight_shift as same_names_shift
from reconcile.link.similar_frequency import weight_shift

# Name levels whose words all agree (exact ... same names in another order) and an exact date
# of birth: the value's own frequency replaces u for them.
_NAME_AGREE = 4
# Same names, some dropped; a part missing, the rest agrees: the shared words' frequencies
# replace u.
_NAME_SHARED = (4, 5)
_NAME_ONE_WORD = 8  # one name in common
_NUMBER_CLOSE = 1  # prison numbers exact or one character apart
_DOB_EXACT = 0


def shared_word_frequency(
    freq: Frequencies, a: IntArray, b: IntArray, tf: FloatArray | None = None
) -> FloatArray:
    """Product of the frequencies of the words two names share (a common word counts less);
    ``tf``: freq.word of each of a's words, when known already."""
    hit = ((a[:, :, None] == b[:, None, :]) & (a[:, :, None] != 0)).any(axis=2)
    if tf is None:
        tf = freq.word(a.reshape(-1)).reshape(a.shape)
    return np.prod(np.where(hit, tf, 1.0), axis=1)


@dataclass(frozen=True, slots=True)
class RecordFrequencies:
    """The frequencies score_pairs needs, per record of one file: looked up once per record,
    then gathered for each pair (a search per pair costs more, and more so in large files)."""

    bag: FloatArray
    dob: FloatArray
    words: FloatArray  # (records, MAX_WORDS): Frequencies.word of each word slot
    # Product of the frequencies of the name's first surname word and first forename word
    # (the first two words when one part is missing).
    parts: FloatArray

    @classmethod
    def of(cls, freq: Frequencies, f: Features) -> RecordFrequencies:
        words = freq.word(f.words.reshape(-1)).reshape(f.words.shape)
        parts = words[:, 0] * np.where(f.words[:, 1] != 0, words[:, 1], 1.0)
        return cls(
            lookup(freq.bag_values, freq.bag_freq, f.bag),
            lookup(freq.dob_values, freq.dob_freq, dob_code(f)),
            words,
            parts,
        )


def _own_where_missing(keys: IntArray) -> IntArray:
    """Each record's key, or where it has none (0), a key of its own above every key."""
    alone = np.arange(len(keys), dtype=np.int64) + (int(keys.max()) + 1 if len(keys) else 0)
    out: IntArray = np.where(keys != 0, keys, alone)
    return out


@dataclass(frozen=True, slots=True)
class Frequencies:
    """Share of people (both files together) carrying each name, each date of birth and each
    name word (see of() for what counts as a person)."""

    bag_values: IntArray
    bag_freq: FloatArray
    dob_values: IntArray
    dob_freq: FloatArray
    word_values: IntArray
    word_freq: FloatArray  # at least one person's worth
    floor: float  # one person's worth

    @classmethod
    def of(cls, p: Features, i: Features) -> Frequencies:
        """A person is the records of one name and one date of birth (a record missing
        either, born on a 1 January or giving only its year, is a person of its own): a
        prisoner with three custody episodes and two IND records makes their name and
        birthday no commoner than anyone else's."""
        bags = np.concatenate([p.bag, i.bag])
        dobs = np.concatenate([dob_code(p), dob_code(i)])
        # 1 January is given to many people whose birthday is unknown: it tells nobody apart;
        # nor does a year of birth given alone (YYYY0000).
        placeholder = (dobs % 10000 == 101) | ((dobs % 10000 == 0) & (dobs > 0))
        by_dob = _own_where_missing(np.where(placeholder, 0, dobs))
        by_name = _own_where_missing(np.where(placeholder, 0, bags))
        people = max(len(distinct_values_per_person(by_name, by_dob)), 1)
        bv, bf = term_frequencies(bags, by_dob, people)
        dv, df = term_frequencies(dobs, by_name, people)
        words = np.concatenate([p.words, i.words])
        per_word = np.repeat(by_dob, words.shape[1])
        flat = words.reshape(-1)
        keep = flat != 0
        people_words = distinct_values_per_person(flat[keep], per_word[keep])
        wv, wc = np.unique(people_words, return_counts=True)
        wf = np.maximum(wc - 2, 1) / people
        return cls(bv, bf, dv, df, wv, wf, 1.0 / people)

    def word(self, words: IntArray) -> FloatArray:
        """Frequency of each word id outside the pair (one person's worth at least)."""
        return np.maximum(lookup(self.word_values, self.word_freq, words), self.floor)


# The field weights are kept only as shown (2 decimals), as whole hundredths: a quarter of the
# memory of the exact weights (at 1M people 180 MB against 730 MB), and k / 100 is the very
# number numpy's round(w, 2) gives. The totals are summed from the exact weights.
HUNDREDTHS = np.int16
_MOST = float(np.iinfo(HUNDREDTHS).max)


@dataclass(frozen=True, slots=True)
class Scores:
    shown: npt.NDArray[np.int16]  # (pairs, fields): each field's weight in hundredths
    weight: FloatArray  # total, prior included, from the exact field weights
    probability: FloatArray

    def field_weights(self, k: int) -> list[float]:
        """Pair k's field weights as shown: rounded to 2 decimals."""
        out: list[float] = (self.shown[k] / 100.0).tolist()
        return out


def probability(weight: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp2(-np.clip(weight, -60, 60)))


# Pairs scored at a time: every temporary stays a few megabytes, so the allocator reuses the
# same memory chunk after chunk instead of mapping (and faulting in) fresh pages for arrays of
# millions of pairs, which cost more per pair the more pairs there are.
CHUNK = 1 << 18


def score_pairs(
    levels: npt.NDArray[np.int8],
    model: Model,
    freq: Frequencies,
    left: Features,
    right: Features,
    pp: IntArray,
    ii: IntArray,
    records: tuple[RecordFrequencies, RecordFrequencies] | None = None,
) -> Scores:
    """``records``: RecordFrequencies of left and right, when known already. Each pair is
    scored on its own, in chunks of CHUNK pairs."""
    if records is None:
        rec_l = RecordFrequencies.of(freq, left)
        rec_r = rec_l if right is left else RecordFrequencies.of(freq, right)
    else:
        rec_l, rec_r = records
    tables = model.level_weights()
    # One chunk's exact weights, each field's in its own contiguous column, reused.
    n, fields = levels.shape
    exact = np.empty((fields, min(n, CHUNK)), dtype=np.float64).T
    scaled = np.empty_like(exact)
    shown = np.empty((n, fields), dtype=HUNDREDTHS)
    weight = np.empty(n, dtype=np.float64)
    for start in range(0, n, CHUNK):
        part = slice(start, start + CHUNK)
        fw = exact[: len(levels[part])]
        _score_chunk(
            levels[part], model, tables, freq, left, right, pp[part], ii[part], rec_l, rec_r, fw
        )
        np.sum(fw, axis=1, out=weight[part])
        hundredths = scaled[: len(fw)]
        np.multiply(fw, 100.0, out=hundredths)
        np.rint(hundredths, out=hundredths)
        np.clip(hundredths, -_MOST, _MOST, out=hundredths)
        shown[part] = hundredths
    weight += model.prior_weight
    return Scores(shown, weight, probability(weight))


def _score_chunk(
    levels: npt.NDArray[np.int8],
    model: Model,
    tables: list[FloatArray],
    freq: Frequencies,
    left: Features,
    right: Features,
    pp: IntArray,
    ii: IntArray,
    rec_l: RecordFrequencies,
    rec_r: RecordFrequencies,
    fw: npt.NDArray[np.float64],
) -> None:
    """Each field's weight of some pairs, written into ``fw`` (pairs, fields)."""
    for f in range(levels.shape[1]):
        np.take(tables[f], levels[:, f], out=fw[:, f], mode="clip")
    name_agree = levels[:, 0] < _NAME_AGREE
    if name_agree.any():
        idx = np.nonzero(name_agree)[0]
        tf = np.maximum(rec_l.bag[pp[idx]], rec_r.bag[ii[idx]])
        # A name seen nowhere outside the pair: how rare its surname and forenames are.
        parts = rec_l.parts[pp[idx]]
        u = np.where(tf > 0, tf, np.maximum(parts, freq.floor**2))
        m = np.asarray(model.m[0])[levels[idx, 0]]
        # Of different people with these words, only some write them at this level.
        fw[idx, 0] = np.log2(m / u) + same_names_shift(levels[idx, 0], model.same_names)
    for lv in _NAME_SHARED:
        idx = np.nonzero(levels[:, 0] == lv)[0]
        if len(idx):
            a, b = left.words[pp[idx]], right.words[ii[idx]]
            tf = shared_word_frequency(freq, a, b, rec_l.words[pp[idx]])
            fw[idx, 0] = np.log2(model.m[0][lv] / np.maximum(tf, freq.floor**2))
    # A similar spelling of a rare name is rarer between two people than one of a common name.
    if model.similar:
        fw[:, 0] -= weight_shift(levels[:, 0], rec_l.parts[pp], rec_r.parts[ii], model.similar)
    # One name in common counts for nothing unless the prison numbers agree: a shared
    # birthday and forename is how look-alikes look.
    weak = (levels[:, 0] == _NAME_ONE_WORD) & (levels[:, 2] > _NUMBER_CLOSE)
    fw[weak, 0] = np.minimum(fw[weak, 0], 0.0)
    dob_exact = levels[:, 1] == _DOB_EXACT
    if dob_exact.any():
        idx = np.nonzero(dob_exact)[0]
        tf = rec_l.dob[pp[idx]]
        # A date seen nowhere outside the pair is as common as dates are on average.
        u = np.where(tf > 0, tf, model.u[1][_DOB_EXACT])
        fw[idx, 1] = np.log2(model.m[1][_DOB_EXACT] / u)
