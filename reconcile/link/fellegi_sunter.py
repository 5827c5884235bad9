"""Fellegi-Sunter weights learnt without labels.

u (how often two different people agree at a level) comes from random pairs drawn with the
run's seed; m (how often the same person does) comes from expectation-maximisation over the
candidate pairs, with a Dirichlet prior so that small files and files with few matches fall
back to sensible values instead of collapsing. A value's own frequency replaces u for the
agreeing name and date-of-birth levels, so a common name or a 1 January birthday counts for
less than a rare one (for the names, times the share of people with the same words who agree
at that level: reconcile.link.same_names); for the similar-spelling levels, u is scaled by how
common the name is (reconcile.link.similar_frequency).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from reconcile.link.blocking_keys import sorted_unique
from reconcile.link.compare import FIELDS, NAME, FloatArray
from reconcile.link.same_names import LEVELS as SAME_NAME_LEVELS
from reconcile.link.similar_frequency import BAND_EDGES as SIMILAR_BANDS
from reconcile.link.similar_frequency import LEVELS as SIMILAR_LEVELS

# Prior m probabilities per level (the "missing" level is excluded and weighs nothing).
PRIOR_M: tuple[tuple[float, ...], ...] = (
    (0.50, 0.12, 0.04, 0.03, 0.08, 0.02, 0.09, 0.05, 0.04, 0.03),
    # The last two, of a year of birth given alone, are found apart (training._year_alone).
    (0.76, 0.03, 0.04, 0.06, 0.03, 0.01, 0.02, 0.05, 0.0, 0.0),
    (0.80, 0.10, 0.10),
    (0.92, 0.08),
    (0.80, 0.10, 0.10),
    (0.90, 0.05, 0.05),
)
PRIOR_STRENGTH = 50.0  # pseudo-matches behind the prior
PRIOR_LAMBDA = 0.3  # starting share of matches among a training session's pairs


@dataclass(frozen=True, slots=True)
class Model:
    m: tuple[tuple[float, ...], ...]  # per field, per non-missing level
    u: tuple[tuple[float, ...], ...]
    lam: float  # probability that two records drawn at random are one person
    m_source: dict[str, str]  # field -> how its m was found
    # Per similar-spelling level, u per band of name frequency as a ratio to the level's u
    # (reconcile.link.similar_frequency); empty: not adjusted.
    similar: tuple[tuple[float, ...], ...] = ()
    # Per agreeing name level (exact ... another order), its share among pairs of different
    # people with the same words (reconcile.link.same_names); empty: not adjusted.
    same_names: tuple[float, ...] = ()

    def level_weights(self) -> list[FloatArray]:
        """log2(m/u) per field and level; the missing level weighs 0."""
        return [
            np.append(np.log2(np.asarray(m) / np.asarray(u)), 0.0)
            for m, u in zip(self.m, self.u, strict=True)
        ]

    @property
    def prior_weight(self) -> float:
        return float(np.log2(self.lam / (1 - self.lam)))

    def as_dict(self) -> dict[str, object]:
        return {
            "lambda": self.lam,
            "prior_weight": round(self.prior_weight, 4),
            "m_source": self.m_source,
            "levels": {
                spec.name: {
                    label: {"m": round(m, 6), "u": round(u, 8)}
                    for label, m, u in zip(spec.labels, ms, us, strict=False)
                }
                for spec, ms, us in zip(FIELDS, self.m, self.u, strict=True)
            },
            "similar_spelling_u_by_name_frequency": similar_as_dict(self.similar),
            "same_names_share_by_level": same_names_as_dict(self.same_names),
        }


NOT_ADJUSTED = (
    "not adjusted (too few similar pairs, or too narrow a spread of name frequencies, to learn"
    " from)"
)


def same_names_as_dict(shares: tuple[float, ...]) -> dict[str, float] | str:
    """Per agreeing name level, its share among different people with the same words."""
    if not shares:
        return (
            "not adjusted (too few pairs of different people with the same names to learn"
            " from): each level's u is the name's frequency"
        )
    return {NAME.labels[k]: round(x, 6) for k, x in zip(SAME_NAME_LEVELS, shares, strict=True)}


def similar_as_dict(similar: tuple[tuple[float, ...], ...]) -> dict[str, object]:
    """Per similar-spelling level, u as a ratio to the level's u by range of name frequency
    (bands of one ratio merged into one range)."""
    out: dict[str, object] = {}
    for level, ratios in zip(SIMILAR_LEVELS, similar, strict=False):
        if not ratios:
            out[NAME.labels[level]] = NOT_ADJUSTED
            continue
        ranges: dict[str, float] = {}
        start = 0
        for k in range(1, len(ratios) + 1):
            if k == len(ratios) or round(ratios[k], 4) != round(ratios[start], 4):
                ranges[f"1e{SIMILAR_BANDS[start]:g} to 1e{SIMILAR_BANDS[k]:g}"] = round(
                    ratios[start], 4
                )
                start = k
        out[NAME.labels[level]] = ranges
    return out


def estimate_u(levels: npt.NDArray[np.int8]) -> tuple[tuple[float, ...], ...]:
    """u per level from the levels of random pairs (half a count added to every level)."""
    out = []
    for f, spec in enumerate(FIELDS):
        col = levels[:, f]
        counts = np.bincount(col[col != spec.missing], minlength=spec.missing)[: spec.missing]
        u = (counts + 0.5) / (counts.sum() + 0.5 * spec.missing)
        out.append(tuple(float(x) for x in u))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Session:
    """What one EM session learnt."""

    m: list[FloatArray]  # per field: learnt for the fields in play or learnt, else the prior
    lam: float  # share of matches among the session's pairs
    matches: float  # expected matches among them
    u_given: list[FloatArray]  # per field: level shares among the session's non-matches


def _shares(
    col: npt.NDArray[np.int8], weights: npt.NDArray[Any], missing: int, pseudo: npt.NDArray[Any]
) -> FloatArray:
    keep = col != missing
    counts = np.bincount(col[keep], weights=weights[keep], minlength=missing)[:missing]
    return (counts + pseudo) / (counts.sum() + pseudo.sum())


def distinct_patterns(
    levels: npt.NDArray[np.int8],
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int64]]:
    """The distinct rows of ``levels`` (levels 0..127) in ascending order, and how often each
    occurs: np.unique(levels, axis=0, return_counts=True), by one sort of packed integers."""
    width = levels.shape[1]
    codes = np.zeros(len(levels), dtype=np.int64)
    for f in range(width):
        codes = (codes << 8) | levels[:, f].astype(np.int64)
    codes = np.sort(codes)
    starts = (
        np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]])) if len(codes) else codes
    )
    counts = np.diff(np.append(starts, len(codes))).astype(np.int64)
    distinct = codes[starts]
    patterns = np.stack(
        [(distinct >> (8 * (width - 1 - f))) & 0xFF for f in range(width)], axis=1
    ).astype(np.int8)
    return patterns.reshape(len(distinct), width), counts


def em(
    levels: npt.NDArray[np.int8],
    u: tuple[tuple[float, ...], ...],
    iterations: int,
    free: tuple[int, ...],
    learn: tuple[int, ...] = (),
) -> Session:
    """EM over the distinct level patterns of ``levels``, u held fixed. Only the fields in
    ``free`` are evidence (the others chose the pairs, or depend on the fields that did);
    the fields in ``learn`` get m from the final posteriors without being evidence."""
    prior = [np.asarray(p) / sum(p) for p in PRIOR_M]
    m = [p.copy() for p in prior]
    if len(levels) == 0:
        return Session(m, PRIOR_LAMBDA, 0.0, [np.asarray(x) for x in u])
    patterns, counts = distinct_patterns(levels)
    counts = counts.astype(np.float64)
    u_arr = [np.append(np.asarray(x), 1.0) for x in u]  # missing level: ratio 1
    lam = PRIOR_LAMBDA
    matched = counts * lam
    for _ in range(iterations):
        log_ratio = np.zeros(len(patterns))
        for f in free:
            m_full = np.append(m[f], 1.0)
            log_ratio += np.log(m_full[patterns[:, f]] / u_arr[f][patterns[:, f]])
        odds = np.exp(np.clip(log_ratio + np.log(lam / (1 - lam)), -700, 700))
        matched = np.asarray(odds / (1 + odds) * counts, dtype=np.float64)
        lam = float(np.clip(matched.sum() / counts.sum(), 1e-6, 1 - 1e-6))
        for f in free:
            m[f] = _shares(patterns[:, f], matched, FIELDS[f].missing, PRIOR_STRENGTH * prior[f])
    for f in learn:
        m[f] = _shares(patterns[:, f], matched, FIELDS[f].missing, PRIOR_STRENGTH * prior[f])
    unmatched = counts - matched
    u_given = [
        _shares(patterns[:, f], unmatched, spec.missing, np.full(spec.missing, 0.5))
        for f, spec in enumerate(FIELDS)
    ]
    return Session(m, lam, float(matched.sum()), u_given)


def term_frequencies(
    codes: npt.NDArray[np.int64],
    person: npt.NDArray[np.int64] | None = None,
    people: int | None = None,
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Distinct non-zero codes and how often a person other than the two of the pair being
    compared carries each: (people carrying it - 2) / ``people``, or 0 when only the pair
    carries it (counting the pair's own would make a name seen twice elsewhere look twice as
    common). ``person`` keys each record's person (non-negative; records of one person share
    it; by default each record is a person of its own), so a person with five records counts
    once, not five times; ``people`` is how many there are in all (by default, records)."""
    keep = codes != 0
    values = codes[keep]
    if person is not None:
        values = distinct_values_per_person(values, person[keep])
    values, counts = np.unique(values, return_counts=True)
    total = len(codes) if people is None else people
    return values, np.where(counts > 2, counts - 2, 0) / max(total, 1)


def distinct_values_per_person(
    values: npt.NDArray[np.int64], person: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Each value once per person carrying it (values and person keys non-negative)."""
    if len(values) == 0:
        return values
    width = int(person.max()) + 1
    if (int(values.max()) + 1) * width < 1 << 62:
        # One sort: numpy's hashing unique is several times slower on millions of integers.
        combined = sorted_unique(values * np.int64(width) + person)
        out: npt.NDArray[np.int64] = combined // np.int64(width)
        return out
    pairs = np.unique(np.stack([values, person], axis=1), axis=0)
    return np.ascontiguousarray(pairs[:, 0])


def lookup(
    values: npt.NDArray[np.int64], freq: FloatArray, codes: npt.NDArray[np.int64]
) -> FloatArray:
    """Frequency of each code (0 for codes not seen)."""
    if len(values) == 0:
        return np.zeros(len(codes))
    pos = np.clip(np.searchsorted(values, codes), 0, len(values) - 1)
    return np.where(values[pos] == codes, freq[pos], 0.0)
