"""Learning the model from the two files, without labels, in two sessions.

Candidate pairs were chosen because their names or birth dates agree, so EM over them would
mistake that agreement for evidence. Each session therefore draws its pairs by one field
and learns the other fields' m only: pairs sharing a date of birth teach how names (and
prison numbers, nationality) agree for one person, pairs sharing a name teach the same for
dates of birth. The expected number of matches from the first session, divided by how often
one person's birth dates agree, gives the chance that two records drawn at random are one
person: the prior. Fewer than MIN_EXPECTED matches in a session: its fields keep the prior m.
Last, pairs sharing a prison number and agreeing on one of name and date of birth teach the
other's m (_anchor): EM is too lenient on the levels where the two disagree.

A field of which one whole list holds no value (no prison number column in the IND extract, a
list of names alone) is missing in every pair across the lists: nothing can be learnt of it,
so it weighs 0 at every level and its m_source says which list lacks it (lacking). The PNC /
CRO field no pair across the lists can be compared on (one list holds none; one PNC IDs alone,
the other CRO numbers alone) weighs within a list only, and its m_source says why in the same
words (_police_within_lists, across_lists).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from reconcile.link.aliases import Alternatives
from reconcile.link.compare import (
    DOB,
    DOB_YEAR_ONLY,
    DOB_YEAR_ONLY_OFF,
    FIELDS,
    NAME,
    NATIONALITY,
    POLICE,
    REFERRAL,
    FloatArray,
    LevelArray,
    compare_pairs,
    police_levels,
)
from reconcile.link.config import LinkerConfig
from reconcile.link.features import Features, dob_code
from reconcile.link.fellegi_sunter import PRIOR_M, Model, em, estimate_u
from reconcile.link.joins import join_sample

MIN_EXPECTED = 20.0
SESSION_PAIRS = 300_000
FALLBACK_MATCH_SHARE = 0.8  # matches per record of the smaller file when nothing can be learnt
ANCHOR_STRENGTH = 50.0  # pseudo-pairs behind the m found before the prison-number anchors
_DOB_SURE = DOB.labels.index("day and month swapped")  # this level or better
_NAME_CLOSE = NAME.labels.index("very similar spelling")  # this level or better
# The levels of two full dates of birth in the same year (most one-digit slips are in the day
# or the month), and a year apart.
_YEAR_AGREES = [
    DOB.labels.index(label)
    for label in (
        "exact",
        "day and month swapped",
        "1 January placeholder, same year",
        "one digit different",
        "same year",
    )
]
_YEAR_OFF = [DOB.labels.index(x) for x in ("year one off", "1 January placeholder, year one off")]
# Pseudo-pairs behind the random pairs' shares of years in common and a year apart (and those
# shares: births spread over some forty years).
YEAR_U_PRIOR = (20.0, 1 / 40, 2 / 40)
_YEAR_ALONE = (DOB_YEAR_ONLY, DOB_YEAR_ONLY_OFF)
POLICE_FIELD = FIELDS.index(POLICE)
DOB_AT, NATIONALITY_AT, REFERRAL_AT = (
    FIELDS.index(DOB),
    FIELDS.index(NATIONALITY),
    FIELDS.index(REFERRAL),
)
SIDES = ("prison", "IND")  # the two lists, as the texts name them
NOT_WEIGHED = "not weighed"  # how m_source starts for a field that counts for nothing
WITHIN = "within "  # ... and for the PNC / CRO field weighed within a list only


def weighed_across(source: object) -> bool:
    """Whether a field whose m_source is ``source`` weighed pairs across the two lists."""
    return not str(source).startswith((NOT_WEIGHED, WITHIN))


def _within(lists: str, why: str, rows: str) -> str:
    """The m_source of the PNC / CRO field weighed within ``lists`` only ("the prison list",
    "each list"), ``why`` as lacking says it (across_lists reads it back)."""
    return f"{WITHIN}{lists} only ({why}): prior m, u from random pairs of {rows} rows"


def _within_parts(source: object) -> tuple[str, str] | None:
    """(where, why) of an m_source made by _within ("within the prison list only", "the IND
    list has no PNC ID or CRO number"); None for any other."""
    text = str(source)
    if text.startswith(WITHIN) and " (" in text and "): " in text:
        where, why = text.split("): ", 1)[0].split(" (", 1)
        return where, why
    return None


def within_lists(source: object) -> str:
    """Where a field whose m_source is ``source`` weighed, when within a list only, and why:
    "within the prison list only (the IND list has no PNC ID or CRO number)"; else ""."""
    parts = _within_parts(source)
    return f"{parts[0]} ({parts[1]})" if parts else ""


def across_lists(source: object) -> str:
    """What a field whose m_source is ``source`` counts for in a pair across the two lists,
    as lacking says it: ``source`` itself for a field not weighed, "not weighed: the IND list
    has no PNC ID or CRO number" for the PNC / CRO field weighed within a list only; "" for
    a field weighed across the lists."""
    text = str(source)
    if text.startswith(NOT_WEIGHED):
        return text
    parts = _within_parts(text)
    return f"{NOT_WEIGHED}: {parts[1]}" if parts else ""


def why_not_across(source: object) -> str:
    """Why a field whose m_source is ``source`` was not weighed across the lists ("the IND
    list has no prison number"): across_lists without its "not weighed: "."""
    return across_lists(source).removeprefix(f"{NOT_WEIGHED}: ")


def learnt_model(parameters: Mapping[str, Any]) -> Mapping[str, Any]:
    """The learnt model among a run's link parameters (its "model" table); {} when there is
    none."""
    model = parameters.get("model", {})
    return model if isinstance(model, dict) else {}


def model_sources(parameters: Mapping[str, Any]) -> Mapping[str, Any]:
    """Each field's m_source among a run's link parameters; {} when there is none."""
    sources = learnt_model(parameters).get("m_source", {})
    return sources if isinstance(sources, dict) else {}


def _compared(
    p: Features,
    i: Features,
    pp: npt.NDArray[np.int64],
    ii: npt.NDArray[np.int64],
    texts: npt.NDArray[np.object_],
    alt: Alternatives | None = None,
) -> LevelArray:
    """compare_pairs for learning: a year of birth given alone counts as missing there (its
    levels' weights are found apart, by _year_alone). With ``alt``, a pair whose records give
    aliases or other dates of birth is compared by the best of them, as it is scored."""
    levels = compare_pairs(p, i, pp, ii, texts)
    if alt:
        levels = alt.best(levels, pp, ii, lambda a, b, x, y: compare_pairs(a, b, x, y, texts))
    dob = levels[:, 1]
    dob[np.isin(dob, _YEAR_ALONE)] = DOB.missing
    return levels


def _year_alone(
    m: list[FloatArray],
    u: tuple[tuple[float, ...], ...],
    p: Features,
    i: Features,
    rp: npt.NDArray[np.int64],
    ri: npt.NDArray[np.int64],
    source: dict[str, str],
) -> tuple[list[FloatArray], tuple[tuple[float, ...], ...]]:
    """m and u of the levels of a year of birth given alone ("same year" and "year one off,
    one gives only the year"): how often one person's two full dates of birth fall in the
    same year, or a year apart (the m of those levels among the levels of two full dates),
    against how often two records drawn at random do. Learnt apart because how many records
    give only a year says nothing about what their agreement is worth; EM over the few there
    are would mostly learn the prior."""
    full = np.asarray(m[1][: min(_YEAR_ALONE)], dtype=np.float64)
    yp, yi = p.year[rp], i.year[ri]
    known = (yp > 0) & (yi > 0)
    apart = np.abs(yp[known] - yi[known])
    pairs = int(np.count_nonzero(known))
    strength, same_share, off_share = YEAR_U_PRIOR
    dob_m, dob_u = np.array(m[1], dtype=np.float64), list(u[1])
    for level, agreeing, years, share in (
        (DOB_YEAR_ONLY, _YEAR_AGREES, 0, same_share),
        (DOB_YEAR_ONLY_OFF, _YEAR_OFF, 1, off_share),
    ):
        dob_m[level] = float(full[agreeing].sum() / full.sum())
        found = float(np.count_nonzero(apart == years))
        dob_u[level] = (found + strength * share) / (pairs + strength)
    source["dob, year alone"] = (
        "m: share of one person's full dates of birth in the same year (a year apart); u: share "
        "of random pairs born in the same year (a year apart)"
    )
    return [m[0], dob_m, *m[2:]], (u[0], tuple(dob_u), *u[2:])


def _without_matches(
    u: tuple[tuple[float, ...], ...], m: list[FloatArray], lam: float, floor: float
) -> tuple[tuple[float, ...], ...]:
    """Random pairs include a share lam of true matches; on small files that share is large
    enough to inflate u for the agreeing levels. Take the matches' part out, renormalised."""
    out = []
    for uf, mf in zip(u, m, strict=True):
        raw = np.maximum((np.asarray(uf) - lam * np.asarray(mf)) / (1 - lam), floor)
        out.append(tuple(float(x) for x in raw / raw.sum()))
    return tuple(out)


def _anchor(
    p: Features,
    i: Features,
    texts: npt.NDArray[np.object_],
    cap: int,
    m: list[FloatArray],
    source: dict[str, str],
    seed: int,
    alt: Alternatives | None = None,
) -> None:
    """In place: m of the names and of the dates of birth, from pairs that share a prison
    number and agree on the other of the two (almost all one person), with the m found so far
    as a prior of ANCHOR_STRENGTH pairs.

    EM over pairs sharing a name cannot tell a namesake born on another day from the same
    person with a mistyped birth date, and counts some namesakes as the same person: the
    disagreeing levels' m comes out several times too high (in generated extracts, a date of
    birth "different" weighed -7.7 against -8.8 by the truth, "same year" -3.3 against -5.4).
    Pairs sharing a prison number and a name are the same person whatever their birth dates."""
    rng = np.random.default_rng([seed, 3])  # a stream of its own: the sessions' are unchanged
    ip, ii = np.arange(len(p)), np.arange(len(i))
    a_p, a_i, _ = join_sample(p.number_folded, ip, i.number_folded, ii, cap, SESSION_PAIRS, rng)
    if len(a_p) == 0:
        return
    levels = _compared(p, i, a_p, a_i, texts, alt)
    agree = (levels[:, 1] <= _DOB_SURE, levels[:, 0] <= _NAME_CLOSE)
    anchors: tuple[tuple[int, str], ...] = ((0, "a date of birth"), (1, "a name"))
    if not (p.holds_dob() and i.holds_dob()):
        # No date of birth to confirm them: the prison number alone (one period of custody,
        # almost never shared by two people) teaches the names' m; the date of birth is not
        # weighed.
        agree = (np.ones(len(levels), dtype=bool), agree[1])
        anchors = ((0, "nothing else (no date of birth to agree on)"),)
    for f, other in anchors:
        spec = FIELDS[f]
        col = levels[agree[f], f]
        col = col[col != spec.missing]
        counts = np.bincount(col, minlength=spec.missing)[: spec.missing]
        # Half a pair added to every level: a level no anchor showed is rare, not impossible.
        pseudo = 0.5 + ANCHOR_STRENGTH * m[f]
        m[f] = (counts + pseudo) / (counts.sum() + pseudo.sum())
        source[spec.name] += (
            f"; then {len(col)} pairs sharing a prison number and {other}"
            f" (the m before as a prior of {ANCHOR_STRENGTH:.0f} pairs)"
        )


def _police_within_lists(
    p: Features,
    i: Features,
    texts: npt.NDArray[np.object_],
    config: LinkerConfig,
    seed: int,
    m: list[FloatArray],
    u: tuple[tuple[float, ...], ...],
    prior: list[FloatArray],
    source: dict[str, str],
    sides: tuple[str, str] = SIDES,
) -> tuple[tuple[float, ...], ...]:
    """u of the PNC / CRO levels when no pair across the lists can be compared on them: only
    one list holds such numbers, or one holds PNC IDs alone and the other CRO numbers alone
    (each kind is compared with its own: compare.police_levels). They cannot weigh across the
    lists (every pair there is missing, which weighs 0), but they still tell a list's rows
    apart (one person's custody episodes share a PNC ID). m is then the prior (in place), u
    the levels' shares among random pairs of the rows of each list holding them. When neither
    list holds them, the field is not weighed (unweighed_fields)."""
    kinds = [(bool(f.pnc.any()), bool(f.cro.any())) for f in (p, i)]
    has = [any(k) for k in kinds]
    shared = any(a and b for a, b in zip(*kinds, strict=True))
    if shared or not any(has):
        return u
    f = POLICE_FIELD
    m[f] = prior[f]
    rng = np.random.default_rng([seed, 5])  # a stream of its own
    spec = FIELDS[f]
    counts = np.zeros(spec.missing, dtype=np.float64)
    for own in (x for x, held in zip((p, i), has, strict=True) if held):
        a = rng.integers(0, len(own), size=config.u_sample_pairs)
        b = rng.integers(0, len(own), size=config.u_sample_pairs)
        keep = a != b
        levels = police_levels(own, own, a[keep], b[keep], texts)
        counts += np.bincount(levels[levels != spec.missing], minlength=spec.missing)[
            : spec.missing
        ]
    shares = (counts + 0.5) / (counts.sum() + 0.5 * spec.missing)
    if all(has):
        # One list PNC IDs alone, the other CRO numbers alone.
        held = [("PNC IDs" if k[0] else "CRO numbers") for k in kinds]
        why = f"the {sides[0]} list has {held[0]} only and the {sides[1]} list {held[1]} only"
        source["police_id"] = _within("each list", why, "each list's")
    else:
        name, other = sides if has[0] else sides[::-1]
        why = f"the {other} list has no PNC ID or CRO number"
        source["police_id"] = _within(f"the {name} list", why, "its")
    return (*u[:f], tuple(float(x) for x in shares), *u[f + 1 :])


def _evidence(levels: LevelArray, fields: tuple[int, ...]) -> bool:
    """Whether any pair is not missing in at least one of ``fields``."""
    return any(bool((levels[:, f] != FIELDS[f].missing).any()) for f in fields)


# What a list lacks, per field, when no record of it holds the field's value (the prison
# list's, the IND list's): a list of names alone, or an extract without a nationality column.
_WANTING = (
    ("name", "name"),
    ("date of birth", "date of birth"),
    ("prison number", "prison number"),
    ("nationality", "nationality"),
    ("release date", "referral date"),
    ("PNC ID or CRO number", "PNC ID or CRO number"),
)


def _holding(p: Features, i: Features) -> list[tuple[bool, bool]]:
    """Per field, whether any record of the prison list and of the IND list holds a value
    the field compares (the referral: a prison row's release date, an IND record's referral
    date; see compare.referral_levels)."""
    return [
        (bool(p.exact.any()), bool(i.exact.any())),
        (p.holds_dob(), i.holds_dob()),
        (bool(p.number.any()), bool(i.number.any())),
        (bool(p.nationality.any()), bool(i.nationality.any())),
        (bool(p.release.any()), bool(i.referral.any())),
        (p.holds_police_ids(), i.holds_police_ids()),
    ]


def lacking(p: Features, i: Features, sides: tuple[str, str] = SIDES) -> dict[int, str]:
    """Per field of which a whole list holds no value (every pair across the lists is then
    missing there, so nothing can be learnt of it and it weighs nothing), why, as its
    m_source says it: "not weighed: the IND list has no prison number". ``sides``: how the
    texts name the two lists."""
    out: dict[int, str] = {}
    for f, (has, wanting) in enumerate(zip(_holding(p, i), _WANTING, strict=True)):
        if all(has):
            continue
        if not any(has) and wanting[0] == wanting[1]:
            said = f"both lists have no {wanting[0]}"
        else:
            said = " and ".join(
                f"the {side} list has no {what}"
                for side, what, held in zip(sides, wanting, has, strict=True)
                if not held
            )
        out[f] = f"{NOT_WEIGHED}: {said}"
    return out


def unweighed_fields(
    p: Features, i: Features, config: LinkerConfig, sides: tuple[str, str] = SIDES
) -> dict[int, str]:
    """The fields the model weighs at nothing because a whole list holds no value of them
    (lacking), and why: not the PNC / CRO field when one list holds such numbers (it still
    weighs within that list: _police_within_lists), nor the referral when the config
    switches it off (its m_source says so)."""
    out = lacking(p, i, sides)
    if p.holds_police_ids() or i.holds_police_ids():
        out.pop(POLICE_FIELD, None)
    if not config.referral_timing:
        out.pop(REFERRAL_AT, None)
    return out


def _not_weighed(
    fields: dict[int, str],
    m: list[FloatArray],
    u: tuple[tuple[float, ...], ...],
    source: dict[str, str],
) -> tuple[list[FloatArray], tuple[tuple[float, ...], ...]]:
    """The fields ``fields`` (field -> why) weigh nothing: their m and u are equal shares (a
    weight of 0 at every level, in every pair, within one list too) and their m_source says
    why; the other fields' m and u unchanged. Nothing learnt of them from pairs that were all
    missing there (EM's m would be its prior, u that of no pair at all) is kept."""
    m, u_list = list(m), list(u)
    for f, why in fields.items():
        n = len(m[f])
        m[f] = np.full(n, 1.0 / n)
        u_list[f] = (1.0 / n,) * n  # m = u at every level: log2(m/u) = 0
        source[FIELDS[f].name] = why
    if DOB_AT in fields:
        source.pop("dob, year alone", None)
    if NATIONALITY_AT in fields:
        source.pop("nationality u", None)
    return m, tuple(u_list)


def train(
    p: Features,
    i: Features,
    texts: npt.NDArray[np.object_],
    config: LinkerConfig,
    seed: int,
    alt: Alternatives | None = None,
    sides: tuple[str, str] = SIDES,
) -> Model:
    """The model learnt from the records ``p`` and ``i``; ``alt``: their aliases and other
    dates of birth, by which pairs are compared as they are when scored; ``sides``: how the
    sources name the two lists. A field of which a whole list holds no value weighs nothing
    (see lacking)."""
    rng = np.random.default_rng(seed)
    n_p, n_i = len(p), len(i)
    if n_p == 0 or n_i == 0:
        u = estimate_u(np.zeros((0, len(FIELDS)), dtype=np.int8))
        flat = [np.asarray(ps) / sum(ps) for ps in PRIOR_M]
        empty = [side for side, n in zip(sides, (n_p, n_i), strict=True) if n == 0]
        said = "both lists are empty" if len(empty) == 2 else f"the {empty[0]} list is empty"
        why = {"all": f"prior ({said})"}
        none = np.zeros(0, dtype=np.int64)
        m0, u = _year_alone(flat, u, p, i, none, none, why)
        return Model(tuple(tuple(float(x) for x in mf) for mf in m0), u, 1e-6, why)
    if n_p * n_i <= config.u_sample_pairs:
        # Small files: every pair once. Drawn with replacement, each pair would count many
        # times over and a level none shows would get half a pair in the sample's size, a u
        # far below what so few pairs can tell (a similar spelling then outweighed an exact
        # name in a file of a hundred people).
        rp, ri = np.divmod(np.arange(n_p * n_i, dtype=np.int64), n_i)
    else:
        rp = rng.integers(0, n_p, size=config.u_sample_pairs)
        ri = rng.integers(0, n_i, size=config.u_sample_pairs)
    random_levels = _compared(p, i, rp, ri, texts, alt)
    u = estimate_u(random_levels)
    dob_present = float(np.mean(random_levels[:, 1] != DOB.missing)) or 1.0
    ip, ii = np.arange(n_p), np.arange(n_i)
    cap = config.block_cap * 4

    a_p, a_i, a_scale = join_sample(dob_code(p), ip, dob_code(i), ii, cap, SESSION_PAIRS, rng)
    iters = config.em_iterations
    sa = em(_compared(p, i, a_p, a_i, texts, alt), u, iters, free=(0, 2, 4, 5), learn=(3,))
    b_p, b_i, b_scale = join_sample(p.variant, ip, i.variant, ii, cap, SESSION_PAIRS, rng)
    levels_b = _compared(p, i, b_p, b_i, texts, alt)
    sb = em(levels_b, u, iters, free=(1, 2, 4, 5), learn=(3,))
    m_a, exp_a, m_b, exp_b = sa.m, sa.matches, sb.m, sb.matches
    if not _evidence(levels_b, (1, 2, 4, 5)):
        # Nothing told the pairs apart (no date of birth, prison number, referral or police
        # number on either side of any pair): EM kept its starting share of matches, which
        # is no estimate.
        exp_b = 0.0

    prior: list[FloatArray] = [np.asarray(x) / sum(x) for x in PRIOR_M]
    source: dict[str, str] = {}
    ok_a, ok_b = exp_a >= MIN_EXPECTED, exp_b >= MIN_EXPECTED
    m: list[FloatArray] = list(prior)
    if ok_a:
        m[0] = m_a[0]
        source[NAME.name] = f"EM on {len(a_p)} pairs sharing a date of birth"
    elif not (p.holds_dob() and i.holds_dob()):
        source[NAME.name] = "prior (no date of birth to draw pairs sharing one by)"
    else:
        source[NAME.name] = f"prior (only {exp_a:.0f} expected matches sharing a date of birth)"
    if ok_b:
        m[1] = m_b[1]
        source[DOB.name] = f"EM on {len(b_p)} pairs sharing a name"
    else:
        source[DOB.name] = f"prior (only {exp_b:.0f} expected matches sharing a name)"
    for f, name in ((2, "prison_number"), (3, "nationality"), (4, "referral"), (5, "police_id")):
        learnt = [m_x[f] for m_x, ok in ((m_a, ok_a), (m_b, ok_b)) if ok]
        m[f] = np.mean(learnt, axis=0) if learnt else prior[f]
        source[name] = f"EM, {len(learnt)} session(s)" if learnt else "prior"
    if not config.referral_timing:
        source["referral"] = f"{NOT_WEIGHED} ([linker] referral_timing = false)"
    _anchor(p, i, texts, cap, m, source, seed, alt)

    if ok_a:
        matches = exp_a * a_scale / (float(m[1][0]) * dob_present)
        source["prior"] = "expected matches among pairs sharing a date of birth"
    elif ok_b:
        matches = exp_b * b_scale / float(m[0][0] + m[0][1])
        source["prior"] = "expected matches among pairs sharing a name"
    else:
        matches = FALLBACK_MATCH_SHARE * min(n_p, n_i)
        source["prior"] = f"fall-back: {FALLBACK_MATCH_SHARE} matches per record"
    matches = float(np.clip(matches, 1.0, 2.0 * max(n_p, n_i)))
    lam = float(np.clip(matches / (n_p * n_i), 1e-12, 0.5))
    if ok_b:
        # People who share a name often share a nationality: count nationality agreement
        # against different people of the same name, not against random pairs.
        u_same = max(u[3][0], float(sb.u_given[3][0]))
        u = (*u[:3], (u_same, 1.0 - u_same), *u[4:])
        source["nationality u"] = "different people sharing a name"
    u = _without_matches(u, m, lam, 0.5 / len(rp))
    m, u = _year_alone(m, u, p, i, rp, ri, source)
    u = _police_within_lists(p, i, texts, config, seed, m, u, prior, source, sides)
    m, u = _not_weighed(unweighed_fields(p, i, config, sides), m, u, source)
    return Model(
        tuple(tuple(float(x) for x in mf) for mf in m),
        u,
        lam,
        source,
    )
