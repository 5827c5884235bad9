"""Offences, court recommendations, sentence lengths, nationalities, names and dates of birth
for the planned episodes and people."""

from __future__ import annotations

import random
from datetime import date, timedelta

from reconcile.synth.namepools import ACCESSION_WEIGHTS, BY_KEY, EU_WEIGHTS, NON_EU_WEIGHTS
from reconcile.synth.nationality import eu_eea_member
from reconcile.synth.people import AS_OF, JAN1_COMMON, Episode, Person
from reconcile.synth.published import NOT_AVAILABLE, OFFENCES_2006
from reconcile.synth.spellings import MOHAMMED_FIRST, MOHAMMED_SPELLINGS

OFFENCE_NAMES = tuple(name for name, _ in OFFENCES_2006 if name != NOT_AVAILABLE)
_OFFENCE_WEIGHTS = tuple(n for name, n in OFFENCES_2006 if name != NOT_AVAILABLE)
SHORT_OFFENCES = (
    "Theft", "Deception", "Driving offences", "Immigration", "Forgery", "Other", "Customs",
    "Fraud", "Burglary", "Violence", "Drugs",
)  # fmt: skip
# (lowest, highest) months for a determinate sentence of 12 months or more, by offence.
_RANGES: dict[str, tuple[int, int]] = {
    "Manslaughter": (48, 144),
    "Rape": (60, 144),
    "Kidnapping": (36, 96),
    "False imprisonment": (24, 72),
    "Drugs": (12, 144),
    "Robbery": (18, 96),
    "Arson": (18, 72),
    "Conspiracy": (24, 96),
    "Sex offences (other)": (12, 72),
}
# Sentence lengths courts commonly give, in months (shorter ones more often).
_USUAL_MONTHS = (12, 18, 15, 24, 30, 21, 36, 27, 42, 48, 33, 54, 60, 72, 84, 96, 108, 120, 144)
_ALWAYS_EU_ORIGINS = {"irish": 30, "dutch": 12, "lusophone": 10, "hispanic": 8}


def pick_weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def other_offence(rng: random.Random) -> str:
    """An offence for rows outside the calibrated table: published mix, some not recorded."""
    if rng.random() < 0.08:
        return ""
    return rng.choices(OFFENCE_NAMES, _OFFENCE_WEIGHTS)[0]


def set_sentence(ep: Episode, rng: random.Random) -> None:
    """Months (or life) consistent with the offence and the plan."""
    if ep.needs_short:
        ep.months = rng.choice((1, 2, 3, 4, 6, 6, 8, 9, 10, 11))
        return
    if ep.offence == "Murder" or (ep.offence == "Manslaughter" and rng.random() < 0.3):
        ep.life = True
        return
    low, high = _RANGES.get(ep.offence, (12, 60))
    usual = [m for m in _USUAL_MONTHS if low <= m <= high] or [low]
    ep.months = rng.choices(usual, [1 / (1 + k) for k in range(len(usual))])[0]


def choose_nationality(p: Person, rng: random.Random) -> None:
    """Origin and nationality to fit the plan: EU/EEA, British dual, or non-EU at release."""
    releases = [ep.release for ep in p.episodes]
    if p.eu:
        weights = EU_WEIGHTS if p.kind == "oos_eu" else _ALWAYS_EU_ORIGINS
        p.origin = pick_weighted(rng, weights)
        nats = BY_KEY[p.origin].eu_nationalities
    elif p.british:
        p.origin = pick_weighted(
            rng, {"caribbean": 5, "nigerian": 2, "ghanaian": 1, "south_asian": 2}
        )
        nats = BY_KEY[p.origin].nationalities
    else:
        early = bool(p.episodes) and all(r is not None and r < date(2004, 5, 1) for r in releases)
        if early and rng.random() < 0.05:
            p.origin = pick_weighted(rng, ACCESSION_WEIGHTS)
        else:
            p.origin = pick_weighted(rng, NON_EU_WEIGHTS)
        nats = BY_KEY[p.origin].nationalities or BY_KEY[p.origin].eu_nationalities
    codes = [c for c, _ in nats]
    p.nationality = rng.choices(codes, [w for _, w in nats])[0]
    for r in releases:
        if r is None or r > AS_OF:
            continue
        member = eu_eea_member(p.nationality, r)
        assert member == p.eu, f"person {p.pid}: nationality {p.nationality} breaks the plan"


def _pick_other(rng: random.Random, pool: tuple[str, ...], not_in: set[str]) -> str:
    choices = [n for n in pool if n not in not_in]
    return rng.choice(choices or list(pool))


def choose_name(p: Person, rng: random.Random) -> None:
    """Canonical surname and forenames in the person's own layout."""
    info = p.origin_info
    p.female = bool(info.female) and rng.random() < 0.06
    pool = info.female if p.female else info.male
    first = rng.choice(pool)
    if info.layout == "somali":
        father = _pick_other(rng, info.male, {first})
        p.surname, p.forenames = father, first
        p.extra = _pick_other(rng, info.male, {first, father})
        return
    if info.key == "hispanic":
        paternal = rng.choice(info.surnames)
        p.surname = f"{paternal} {_pick_other(rng, info.surnames, {paternal})}"
        p.forenames = first
        return
    p.surname = rng.choice(info.surnames)
    p.forenames = first
    if not p.female and rng.random() < MOHAMMED_FIRST.get(info.key, 0.0):
        if first not in MOHAMMED_SPELLINGS:
            p.forenames = f"{rng.choice(MOHAMMED_SPELLINGS)} {first}"
    elif rng.random() < info.two_forenames and " " not in first:
        p.forenames = f"{first} {_pick_other(rng, info.male, {first})}"


def choose_dob(p: Person, rng: random.Random) -> None:
    """Born 18-55 years before the first custody (or referral); some on a 1 January."""
    anchors = [ep.start for ep in p.episodes] + [c.referral for c in p.cases if c.referral]
    first = min(anchors) if anchors else date(2003, 1, 1)
    age_days = int(365.25 * rng.triangular(18, 55, 27))
    dob = first - timedelta(days=age_days)
    if p.nationality in JAN1_COMMON and rng.random() < 0.3:
        dob = date(dob.year, 1, 1)
    p.dob = dob
