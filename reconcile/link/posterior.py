"""The probability that a candidate is the prisoner, with every other candidate weighed.

A pair's match weight says how much likelier its agreements are for one person than for two.
Turned into a probability on its own, it ignores two things an assignment knows: the other
candidates of the same prisoner (if two people fit, neither is likely), and how often a
prisoner has an IND record at all. Each prison person is one of the IND people or none of
them. With ``s`` the share of prison people who have an IND record and ``n`` IND people, each
IND person is a priori the match with probability ``s / n``, and by Bayes

    P(IND person j) = 2^w_j / (c0 + sum over candidates k of 2^w_k)
    P(none)         = c0 / (c0 + sum ...),      c0 = (1 - s) / s * n * odds0

where ``w`` is the pair's weight with the model's prior (``odds0 = 2^prior``) already in it.
IND people that are not candidates agree on almost nothing and add almost nothing to the sum.
The share ``s`` is learnt from the data: the mean, over prison people, of their probability
of having a match, repeated until it settles. The candidates' probabilities of one prison
person add up to at most 1; what is left is the probability that none of them is the person.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reconcile.link.compare import FloatArray
from reconcile.link.features import IntArray

_ROUNDS = 100
_SETTLED = 1e-9
_SHARE_BOUNDS = (0.01, 0.99)
_MAX_WEIGHT = 60.0  # as the pairwise probability clips: 2^60 leaves no room for doubt


@dataclass(frozen=True, slots=True)
class PersonOdds:
    """The learnt share of prison people with an IND record, and the weight of "none"."""

    share: float
    none_mass: float  # c0 above, in the units of 2^weight

    def as_dict(self) -> dict[str, float]:
        return {
            "share_with_ind_record": round(self.share, 6),
            "none_of_the_candidates": round(self.none_mass, 6),
        }


def candidate_mass(weight: FloatArray, person: IntArray, n_people: int) -> FloatArray:
    """Per prison person, the sum of 2^weight over its candidates (one pair per IND person)."""
    total = np.zeros(max(n_people, 0), dtype=np.float64)
    np.add.at(total, person, np.exp2(np.clip(weight, -_MAX_WEIGHT, _MAX_WEIGHT)))
    return total


def learn_odds(mass: FloatArray, n_ind_people: int, prior_weight: float) -> PersonOdds:
    """Find the share s at which s equals the mean probability of having a match."""
    scale = max(n_ind_people, 1) * float(np.exp2(prior_weight))
    lo, hi = _SHARE_BOUNDS
    share = 0.5
    if len(mass) == 0:
        return PersonOdds(share, (1 - share) / share * scale)
    for _ in range(_ROUNDS):
        none = (1 - share) / share * scale
        new = float(np.clip(np.mean(mass / (none + mass)), lo, hi))
        if abs(new - share) < _SETTLED:
            share = new
            break
        share = new
    return PersonOdds(share, (1 - share) / share * scale)


def person_weights(weight: FloatArray, prison_person: IntArray, ind_person: IntArray) -> FloatArray:
    """Each pair's weight raised to the best weight between its two people: the probability
    is the IND person's, whichever of its records and of the prisoner's rows is compared."""
    if len(weight) == 0:
        return weight.copy()
    width = np.int64(int(ind_person.max()) + 1)
    codes = prison_person.astype(np.int64) * width + ind_person
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    best = np.maximum.reduceat(weight[order], starts)
    out = np.empty_like(weight)
    out[order] = np.repeat(best, np.diff(np.r_[starts, len(order)]))
    return out


def candidate_probability(weight: FloatArray, mass: FloatArray, odds: PersonOdds) -> FloatArray:
    """Each pair's probability given its prison person's candidate mass (``mass`` per pair);
    ``weight`` as person_weights gives it."""
    w = np.exp2(np.clip(weight, -_MAX_WEIGHT, _MAX_WEIGHT))
    return w / (odds.none_mass + np.maximum(mass, w))
