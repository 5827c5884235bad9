"""Build the whole sample population for a scenario: plans, calibrated failure rows,
attributes, look-alikes, distinct names, identifiers."""

from __future__ import annotations

import random
from datetime import date, timedelta

from reconcile.synth import attributes as attr
from reconcile.synth.distinct import Registry
from reconcile.synth.ids import IdMaker
from reconcile.synth.people import Person, fold, set_start
from reconcile.synth.plan import PLANS
from reconcile.synth.published import NOT_AVAILABLE
from reconcile.synth.scenario import COURT_REC_EU_SHARE, COURT_REC_SHORT_SHARE, Scenario

_NO_SHORT = frozenset(("Murder", "Manslaughter", "Rape", "Kidnapping"))
# Share of court recommendations outside the calibrated failures, by kind.
_COURT_SHARE = {"cbr": 0.12, "cbr_double": 0.12, "fail_then_cbr": 0.0, "not_released": 0.08}


def _skeletons(sc: Scenario, rng: random.Random) -> list[Person]:
    people: list[Person] = []
    for kind, count in sc.counts.items():
        for _ in range(count):
            p = Person(pid=len(people) + 1, kind=kind)
            p.eu = kind == "oos_eu"
            p.british = kind == "oos_british"
            if p.eu:
                attr.choose_nationality(p, rng)
            PLANS[kind](p, rng)
            people.append(p)
    return people


def _calibrate(people: list[Person], sc: Scenario, rng: random.Random) -> None:
    """Deal the published offence table and the court recommendations to the failure rows."""
    slots = [(p, ep) for p in people for ep in p.episodes if ep.failure_slot]
    assert len(slots) == sc.failures, (len(slots), sc.failures)
    offences = [name for name, n in sc.offences.items() for _ in range(n)]
    rng.shuffle(offences)
    for (_, ep), offence in zip(slots, offences, strict=True):
        ep.offence = "" if offence == NOT_AVAILABLE else offence
    chosen = rng.sample(range(len(slots)), sc.court_recommended)
    n_eu = round(sc.court_recommended * COURT_REC_EU_SHARE)
    n_short = round(sc.court_recommended * COURT_REC_SHORT_SHARE)
    for i in chosen:
        p, ep = slots[i]
        ep.court = True
        single = len(p.episodes) == 1
        if n_eu and single and not p.eu:
            p.eu = True
            n_eu -= 1
        elif n_short and ep.offence not in _NO_SHORT:
            ep.needs_short = True
            n_short -= 1


def _attributes(people: list[Person], rng: random.Random) -> None:
    unreadable_releases = 2
    for p in people:
        if p.kind == "no_release_date" and unreadable_releases:
            p.episodes[0].release_text = "N/K"
            unreadable_releases -= 1
        previous = None
        for ep in p.episodes:
            if not ep.failure_slot:
                ep.offence = attr.other_offence(rng)
                ep.court = rng.random() < _COURT_SHARE.get(p.kind, 0.0)
            attr.set_sentence(ep, rng)
            set_start(ep, rng, previous)
            previous = ep.release
        if not p.origin:
            attr.choose_nationality(p, rng)
        attr.choose_name(p, rng)
        attr.choose_dob(p, rng)
        for ep in p.episodes:
            if not p.eu and not p.british and rng.random() < 0.05:
                ep.nat_unknown = True


Original = dict[int, tuple[str, date, str]]


def _lookalikes(people: list[Person], pairs: int, rng: random.Random) -> Original:
    """Brothers and cousins: same surname and date of birth, different forenames."""
    donors = [p for p in people if p.cases and p.episodes and p.kind.startswith(("cbr", "fail"))]
    takers = [p for p in people if p.kind in ("fail_never", "oos_short", "cbr", "not_released")]
    rng.shuffle(donors)
    made = 0
    originals: Original = {}
    for donor in donors:
        if made == pairs:
            break
        if donor.partner:
            continue
        for taker in rng.sample(takers, min(40, len(takers))):
            fits = taker.origin == donor.origin and taker is not donor and not taker.partner
            first_start = min(ep.start for ep in taker.episodes)
            if fits and first_start - donor.dob > timedelta(days=365 * 17):
                if fold(taker.forenames) == fold(donor.forenames):
                    continue
                originals[taker.pid] = (taker.surname, taker.dob, taker.extra)
                taker.surname, taker.dob, taker.extra = donor.surname, donor.dob, donor.extra
                taker.lookalike = donor.lookalike = True
                taker.partner, donor.partner = donor.pid, taker.pid
                made += 1
                break
    return originals


def _dissolve(people: list[Person], p: Person, originals: Original) -> None:
    """Undo a look-alike pair when one of them cannot be placed without a clash."""
    partner = people[p.partner - 1]
    partner.partner = p.partner = 0
    partner.lookalike = p.lookalike = False
    taker = p if p.pid in originals else partner
    original = originals.pop(taker.pid)
    if taker.pid >= p.pid:  # not placed yet: give back its own surname and birth date
        taker.surname, taker.dob, taker.extra = original


def _distinct_names(people: list[Person], originals: Original, rng: random.Random) -> Registry:
    """Re-draw names until nobody clashes with anyone placed before (see distinct.py). Large
    populations outgrow the name pools: then a full name may recur, and then the birth date
    is re-drawn too."""
    registry = Registry()
    strict_tries = 200 if len(people) <= 7000 else 20  # beyond that the pools run out anyway
    for p in people:
        for attempt in range(1000):
            if attempt == 100 and p.lookalike:
                _dissolve(people, p, originals)
            if not registry.clashes(p, strict=attempt < strict_tries):
                registry.add(p)
                break
            surname, extra = p.surname, p.extra
            attr.choose_name(p, rng)
            if p.lookalike:  # keep the shared surname, change the forenames
                p.surname, p.extra = surname, extra
            elif attempt >= strict_tries + 100:
                attr.choose_dob(p, rng)
        else:
            raise AssertionError(f"could not give person {p.pid} a distinct name")
    return registry


def _namesakes(people: list[Person], pairs: int, registry: Registry, rng: random.Random) -> None:
    """People who share a full name with someone born years apart (not a 1 January)."""
    pool = [
        p for p in people if not p.partner and p.episodes and (p.dob.month, p.dob.day) != (1, 1)
    ]
    rng.shuffle(pool)
    made = 0
    for donor in pool:
        if made == pairs:
            return
        for taker in rng.sample(pool, min(30, len(pool))):
            if taker.partner or donor.partner or taker is donor or taker.origin != donor.origin:
                continue
            if abs(taker.dob.year - donor.dob.year) < 5:
                continue
            old = (taker.surname, taker.forenames, taker.extra)
            taker.surname, taker.forenames, taker.extra = donor.surname, donor.forenames, ""
            taker.partner = donor.pid
            if not registry.clashes(taker):
                registry.add(taker)
                donor.partner = taker.pid
                taker.lookalike = donor.lookalike = True
                made += 1
                break
            taker.surname, taker.forenames, taker.extra = old
            taker.partner = 0


def _identifiers(people: list[Person], rng: random.Random) -> None:
    ids = IdMaker(rng)
    for p in people:
        for ep in p.episodes:
            ep.number = ids.prison_number()
        for case in p.cases:
            case.case_ref = ids.case_ref(p.surname)
            if p.episodes and rng.random() < (0.25 if p.kind.startswith("cbr") else 0.12):
                before = [ep for ep in p.episodes if case.referral and ep.start <= case.referral]
                case.prison_number = (before[-1] if before else p.episodes[0]).number


def build_population(sc: Scenario, seed: int) -> list[Person]:
    rng = random.Random(seed)
    people = _skeletons(sc, rng)
    _calibrate(people, sc, rng)
    _attributes(people, rng)
    originals = _lookalikes(people, sc.lookalike_pairs, rng)
    registry = _distinct_names(people, originals, rng)
    _namesakes(people, sc.lookalike_pairs, registry, rng)
    _identifiers(people, rng)
    return people
