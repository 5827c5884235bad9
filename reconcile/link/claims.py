"""Whether a candidate's IND person is already linked to another prisoner, as evidence.

One person is one IND person and one prison person. Once the linker has linked the prisoners
it can, an IND person linked to another prisoner is, for a prisoner left unlinked, most often
a look-alike (a namesake, a twin) and only sometimes the same person (a custody episode the
prison file could not join to the others); an IND person linked to nobody has no such rival
explanation. The pairwise weights ignore this, so after the first round a candidate linked to
another prisoner reads too likely and one linked to nobody too unlikely (in generated
extracts of 200,000 people, candidates at probability 0.5 to 0.8 were 50% and 80% true).

The claim is weighed like one more comparison field, learnt without labels: on the candidate
pairs of the prisoners left unlinked (those of probability at least MIN_PROBABILITY: the rest
are strangers that tell nothing), m is the share of claimed candidates among matches and u
among non-matches, each pair counted by its probability, and the probabilities updated with
the learnt factor until m and u settle (expectation-maximisation with one field). The factor's
log2 is then added to the weight of every pair between an unlinked prisoner and the candidate,
and the candidates weighed against each other again (reconcile.link.posterior): a prisoner's
candidates of probabilities p_k become p_k f_k / (1 + sum of p_j (f_j - 1)), and with "none
of them" still add up to 1.

Too few such pairs (small files) and nothing is adjusted; a factor never turns around (a
claimed candidate never gains, an unclaimed one never loses). EM takes the first round's
probabilities at their word, and those of claimed candidates are the over-confident ones: on
generated extracts of 20,000 people the claimed factor comes out two to three times weaker
than the truth's (x0.57 to x0.69 against about x0.25; x0.20 against x0.27 at 200,000), which
leaves those candidates in review rather than unlinked: the safe side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reconcile.link.compare import FloatArray
from reconcile.model import OTHER_PRISONERS_FIELD

MIN_PROBABILITY = 0.01
# Shown beside the other fields of a pair decided again: its name and its two levels.
FIELD = OTHER_PRISONERS_FIELD
LEVELS = ("linked to no other prisoner", "linked to another prisoner")
NOT_WEIGHED = -1  # a pair not decided again
MIN_PAIRS = 200
_ROUNDS = 200
_SETTLED = 1e-9
_CLIP = 1e-9

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Claims:
    """The learnt m and u of "the IND person is linked to another prisoner"."""

    m: float  # share claimed among matches
    u: float  # share claimed among non-matches
    pairs: int  # candidate pairs learnt from
    applied: bool  # False: too few pairs, nothing adjusted

    @property
    def claimed_factor(self) -> float:
        return min(self.m / self.u, 1.0) if self.applied else 1.0

    @property
    def free_factor(self) -> float:
        return max((1 - self.m) / (1 - self.u), 1.0) if self.applied else 1.0

    def factors(self, claimed: BoolArray) -> FloatArray:
        out: FloatArray = np.where(claimed, self.claimed_factor, self.free_factor)
        return out

    def as_dict(self) -> dict[str, object]:
        if not self.applied:
            return {
                "applied": False,
                "why": f"{self.pairs} candidate pairs of unlinked prisoners at probability "
                f"{MIN_PROBABILITY} or more; at least {MIN_PAIRS} are needed to learn from",
            }
        return {
            "applied": True,
            "pairs": self.pairs,
            "m_linked_to_another_prisoner": round(self.m, 6),
            "u_linked_to_another_prisoner": round(self.u, 6),
            "factor_linked_to_another_prisoner": round(self.claimed_factor, 4),
            "factor_linked_to_no_prisoner": round(self.free_factor, 4),
        }


def learn(probability: FloatArray, claimed: BoolArray) -> Claims:
    """m and u of a claimed candidate from candidate pairs of unlinked prisoners (see above)."""
    useful = probability >= MIN_PROBABILITY
    p0 = np.clip(probability[useful], _CLIP, 1 - _CLIP)
    c = claimed[useful]
    if len(p0) < MIN_PAIRS or c.all() or not c.any():
        return Claims(1.0, 1.0, len(p0), applied=False)
    odds0 = p0 / (1 - p0)
    p = p0
    m = u = 0.0
    for _ in range(_ROUNDS):
        new_m = float(p[c].sum() / p.sum())
        new_u = float((1 - p)[c].sum() / (1 - p).sum())
        done = abs(new_m - m) < _SETTLED and abs(new_u - u) < _SETTLED
        m, u = new_m, new_u
        if done:
            break
        odds = odds0 * np.where(c, m / u, (1 - m) / (1 - u))
        p = odds / (1 + odds)
    return Claims(m, u, len(p0), applied=True)
