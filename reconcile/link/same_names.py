"""How two different people with the same names write them: the u of the agreeing name levels.

For the levels whose words all agree once spelling is folded (exact, transliteration variant,
forename and surname swapped, the same names in another order), u is taken from how common
the name is: the share of people holding the same words. But two different people holding
the same words agree at only one of those levels: mostly written alike, sometimes in another
spelling (MOHAMMED against MUHAMMAD), sometimes in the other order. Counting the name's whole
frequency as the u of each level overstates every one of them, a variant or a swap most (in
generated extracts of 200,000 people, by about 2.4 and 3.1 bits).

Here the share of each level among different people with the same words is measured without
labels: pairs of records with the same words are sampled (every such pair of the two files
equally likely), their name levels counted and scaled back to all such pairs, and the model's
expected number of matches at each level taken out. A level's u for a pair is then the name's
frequency times its share. On files too small to hold enough such pairs of different people,
nothing is adjusted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from reconcile.link.compare import NAME, FloatArray, name_levels
from reconcile.link.features import Features
from reconcile.link.joins import UNCAPPED, join_sample

if TYPE_CHECKING:  # the model's module shows these shares, so it imports this one
    from reconcile.link.fellegi_sunter import Model

# exact, transliteration variant, forename and surname swapped, same names in another order
LEVELS = tuple(range(NAME.labels.index("same names, some dropped")))
SAMPLE_PAIRS = 200_000
MIN_PAIRS = 200.0  # sampled pairs of different people with the same words needed to learn


def learn(
    p: Features, i: Features, texts: npt.NDArray[np.object_], model: Model, seed: int
) -> tuple[float, ...]:
    """Each level's share (LEVELS) among pairs of different people with the same words; an
    empty tuple when there are too few such pairs to tell."""
    if len(p) == 0 or len(i) == 0:
        return ()
    rng = np.random.default_rng([seed, 2])  # a stream of its own
    sp, si, scale = join_sample(
        p.bag, np.arange(len(p)), i.bag, np.arange(len(i)), UNCAPPED, SAMPLE_PAIRS, rng
    )
    if len(sp) == 0:
        return ()
    levels = name_levels(p, i, sp, si, texts)
    n_levels = len(LEVELS)
    seen = np.bincount(levels, minlength=n_levels)[:n_levels].astype(np.float64)
    matches = np.asarray(model.m[0][:n_levels]) * model.lam * float(len(p)) * float(len(i))
    different = np.maximum(seen * scale - matches, 0.0)
    total = float(different.sum())
    if total < MIN_PAIRS * scale:  # fewer than MIN_PAIRS of the sampled pairs
        return ()
    # A level with no pair of different people seen is given one sampled pair's worth.
    return tuple(float(x) for x in np.maximum(different, scale) / total)


def weight_shift(levels: npt.NDArray[np.integer[Any]], shares: tuple[float, ...]) -> FloatArray:
    """log2 of 1 / the level's share, added to the name weight of pairs at LEVELS (0 for other
    levels, and for all when not learnt)."""
    shift = np.zeros(len(levels), dtype=np.float64)
    if not shares:
        return shift
    at = np.flatnonzero(levels < len(shares))
    shift[at] = -np.log2(np.asarray(shares)[levels[at]])
    return shift
