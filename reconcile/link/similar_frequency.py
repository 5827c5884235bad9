"""How often two different people's names are similarly spelt, by how common the name is.

A misspelt common name (MOHAMMED ALLI) has many similarly spelt neighbours among other people;
a misspelt rare name has almost none. The u of the two similar-spelling levels, learnt from
random pairs, is an average over both, so a rare name's similar spelling counted for as little
as a common one's. Here, for each of those levels, the share of pairs at that level is measured
per band of name frequency: the frequency of a name's first surname word times that of its
first forename word, the more common of the pair's two names, in bands of half a power of ten.
A pair's u at that level is the level's u times its band's ratio to the average, smoothed as a
power of the frequency.

The pairs are sampled from those sharing a first surname word and those sharing a first
forename word (where nearly all similarly spelt pairs are), each scaled back to all such pairs,
and divided by all pairs of the band (counted from both files' frequencies, not sampled). The
ratios are then smoothed by a straight line in log-log, weighed by the similar pairs seen in
each band (rare bands see few); a level with too few similar pairs in all is not adjusted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from reconcile.link.compare import NAME, FloatArray, name_levels
from reconcile.link.features import Features, IntArray
from reconcile.link.joins import UNCAPPED, join_sample

if TYPE_CHECKING:  # the model's module shows these ratios, so it imports this one
    from reconcile.link.fellegi_sunter import Model

LEVELS = (NAME.labels.index("very similar spelling"), NAME.labels.index("similar spelling"))
BAND_EDGES = np.arange(-16.0, 0.5, 0.5)  # log10 of the frequency product
SAMPLE_PAIRS = 100_000  # per join (first surname word, first forename word)
MIN_SIMILAR = 200  # similar pairs in the sample needed to learn a level's bands
MIN_BANDS = 3  # and the bands they fall in


def band(frequency: FloatArray) -> IntArray:
    """The band of each frequency product (0 = rarest)."""
    logs = np.log10(np.maximum(frequency, 1e-300))
    out: IntArray = np.clip(
        np.searchsorted(BAND_EDGES, logs, side="right") - 1, 0, len(BAND_EDGES) - 2
    ).astype(np.int64)
    return out


def pair_bands(parts_l: FloatArray, parts_r: FloatArray) -> IntArray:
    """The band of each pair: of the more common of its two names."""
    return band(np.maximum(parts_l, parts_r))


def _band_shares(parts_p: FloatArray, parts_i: FloatArray) -> FloatArray:
    """The share of all (prison, IND) pairs in each band of the more common name: the
    maximum of two independent draws, one from each file."""
    edges = BAND_EDGES.copy()
    edges[0], edges[-1] = -np.inf, np.inf

    def cdf(parts: FloatArray) -> FloatArray:
        logs = np.sort(np.log10(np.maximum(parts, 1e-300)))
        if len(logs) == 0:
            return np.ones(len(edges))
        below: FloatArray = np.searchsorted(logs, edges, side="right") / len(logs)
        return below

    both = cdf(parts_p) * cdf(parts_i)
    shares: FloatArray = np.diff(both)
    return shares


def _sample(
    p: Features, i: Features, rng: np.random.Generator
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pairs sharing a first surname word, then pairs sharing a first forename word but not
    a first surname word; each pair with the number of pairs it stands for."""
    ip, ii = np.arange(len(p)), np.arange(len(i))
    a_p, a_i, a_scale = join_sample(
        p.first_surname, ip, i.first_surname, ii, UNCAPPED, SAMPLE_PAIRS, rng
    )
    b_p, b_i, b_scale = join_sample(
        p.first_forename, ip, i.first_forename, ii, UNCAPPED, SAMPLE_PAIRS, rng
    )
    other = (p.first_surname[b_p] != i.first_surname[b_i]) | (p.first_surname[b_p] == 0)
    b_p, b_i = b_p[other], b_i[other]
    scale = np.concatenate([np.full(len(a_p), a_scale), np.full(len(b_p), b_scale)])
    return np.concatenate([a_p, b_p]), np.concatenate([a_i, b_i]), scale


def learn(
    p: Features,
    i: Features,
    texts: npt.NDArray[np.object_],
    parts_p: FloatArray,
    parts_i: FloatArray,
    model: Model,
    seed: int,
) -> tuple[tuple[float, ...], ...]:
    """Per similar level (LEVELS), each band's u as a ratio to the level's average u; an
    empty tuple for a level that could not be learnt (it keeps its average u).

    The sampled pairs include some of the same person (on small files, many of them): the
    model's expected number of matches at the level is taken out, spread over the bands as
    the prison names are (a person's two records have about the same name frequency)."""
    if len(p) == 0 or len(i) == 0:
        return ((),) * len(LEVELS)
    rng = np.random.default_rng([seed, 1])  # a stream of its own, not training's
    sp, si, scale = _sample(p, i, rng)
    levels = name_levels(p, i, sp, si, texts)
    bands = pair_bands(parts_p[sp], parts_i[si])
    n_bands = len(BAND_EDGES) - 1
    pairs = _band_shares(parts_p, parts_i) * float(len(p)) * float(len(i))
    matches = model.lam * float(len(p)) * float(len(i))
    own = np.bincount(band(parts_p), minlength=n_bands) / len(p)
    out: list[tuple[float, ...]] = []
    for level in LEVELS:
        at = levels == level
        seen = np.bincount(bands[at], minlength=n_bands).astype(np.float64)
        if seen.sum() < MIN_SIMILAR:
            out.append(())
            continue
        hits = np.bincount(bands[at], weights=scale[at], minlength=n_bands)
        hits = np.maximum(hits - model.m[0][level] * matches * own, 0.0)
        seen = np.where(hits > 0, seen, 0.0)
        if np.count_nonzero(seen) < MIN_BANDS:  # too narrow a spread to draw a line through
            out.append(())
            continue
        average = hits.sum() / pairs.sum()
        rate = np.divide(hits, pairs, out=np.full(n_bands, average), where=pairs > 0)
        ratio = rate / average
        out.append(tuple(float(x) for x in _smooth(ratio, seen, pairs)))
    return tuple(out)


def _smooth(ratio: FloatArray, seen: FloatArray, pairs: FloatArray) -> FloatArray:
    """A straight line through log ratio against the band's log frequency, each band weighed
    by the similar pairs seen in it, flat beyond the bands seen; rising (a commoner name never
    has fewer similar neighbours) and averaging 1 over all pairs."""
    centres = (BAND_EDGES[:-1] + BAND_EDGES[1:]) / 2
    seen_at = seen > 0
    x = centres[seen_at]
    slope, intercept = np.polyfit(x, np.log(ratio[seen_at]), 1, w=np.sqrt(seen[seen_at]))
    if slope < 0:
        slope, intercept = 0.0, 0.0
    fit = np.exp(intercept + slope * np.clip(centres, x.min(), x.max()))
    out: FloatArray = fit / (float((pairs * fit).sum()) / float(pairs.sum()))
    return out


def weight_shift(
    levels: npt.NDArray[np.integer[Any]],
    parts_l: FloatArray,
    parts_r: FloatArray,
    ratios: tuple[tuple[float, ...], ...],
) -> FloatArray:
    """log2 of how much likelier a pair's similar spelling is than the level's average
    (subtracted from its name weight); 0 for other levels and levels not learnt."""
    shift = np.zeros(len(levels), dtype=np.float64)
    for level, ratio in zip(LEVELS, ratios, strict=False):
        if not ratio:
            continue
        at = np.flatnonzero(levels == level)
        if len(at):
            shift[at] = np.log2(np.asarray(ratio)[pair_bands(parts_l[at], parts_r[at])])
    return shift
