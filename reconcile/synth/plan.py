"""Skeletons of each kind of person: custody episodes with release dates, and IND cases
whose dates put every episode in its planned outcome."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from reconcile.synth.dates import between
from reconcile.synth.people import AS_OF, RECORDS_BEGIN, Case, Episode, Person

_LAST_RELEASE = AS_OF - timedelta(days=10)
_ACCESSION = date(2004, 5, 1)
_CONSIDERED = ("Deport", "Deport", "Deportation order signed", "Do not deport", "No action")
_PENDING = ("", "", "", "Pending", "Awaiting papers")


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _release(rng: random.Random, start: date = RECORDS_BEGIN, end: date = _LAST_RELEASE) -> date:
    # more releases in later years, as the foreign national population grew
    span = (end - start).days
    return start + timedelta(days=int(span * rng.triangular(0, 1, 0.8)))


def _referred(rng: random.Random, release: date, late_share: float = 0.15) -> Case:
    if rng.random() < late_share:
        referral = min(release + _days(rng, 5, 200), AS_OF - timedelta(days=1))
    else:
        referral = release - _days(rng, 10, 300)
    return Case(referral, None, rng.choice(_PENDING))


def _considered_in(rng: random.Random, referral: date, low: date, high: date) -> Case:
    considered = between(rng, max(low, referral + timedelta(days=1)), high)
    return Case(referral, considered, rng.choice(_CONSIDERED))


def fail_never(p: Person, rng: random.Random) -> None:
    p.episodes = [Episode(_release(rng), failure_slot=True)]


def fail_referred(p: Person, rng: random.Random) -> None:
    release = _release(rng)
    p.episodes = [Episode(release, failure_slot=True)]
    p.cases = [_referred(rng, release)]


def fail_late(p: Person, rng: random.Random) -> None:
    release = _release(rng, end=AS_OF - timedelta(days=20))
    p.episodes = [Episode(release, failure_slot=True)]
    case = _referred(rng, release, late_share=0.1)
    assert case.referral is not None
    high = min(release + timedelta(days=700), AS_OF)
    p.cases = [_considered_in(rng, case.referral, release + timedelta(days=1), high)]


def _two_releases(rng: random.Random, first_end: date) -> tuple[date, date]:
    first = _release(rng, end=first_end)
    second = _release(rng, start=first + timedelta(days=240))
    return first, second


def fail_double(p: Person, rng: random.Random) -> None:
    first, second = _two_releases(rng, date(2003, 12, 31))
    p.episodes = [Episode(first, failure_slot=True), Episode(second, failure_slot=True)]
    if rng.random() < 0.5:  # referred in the second custody, never considered
        p.cases = [Case(second - _days(rng, 20, 150), None, rng.choice(_PENDING))]


def fail_then_cbr(p: Person, rng: random.Random) -> None:
    first, second = _two_releases(rng, date(2004, 6, 30))
    p.episodes = [Episode(first, failure_slot=True), Episode(second)]
    referral = between(rng, first - timedelta(days=200), second - timedelta(days=31))
    p.cases = [_considered_in(rng, referral, first + timedelta(days=1), second)]


def _cbr_case(rng: random.Random, release: date) -> Case:
    referral = release - _days(rng, 60, 500)
    if rng.random() < 0.05:
        return Case(referral, release, rng.choice(_CONSIDERED))  # decided on the day
    return _considered_in(rng, referral, referral + timedelta(days=14), release)


def cbr(p: Person, rng: random.Random) -> None:
    release = _release(rng)
    if p.pid % 97 == 0:
        release = AS_OF  # released on the as-of date itself: released
    p.episodes = [Episode(release)]
    p.cases = [_cbr_case(rng, release)]


def cbr_double(p: Person, rng: random.Random) -> None:
    first, second = _two_releases(rng, date(2003, 12, 31))
    p.episodes = [Episode(first), Episode(second)]
    p.cases = [_cbr_case(rng, first)]
    if rng.random() < 0.5:
        p.cases.append(_cbr_case(rng, second))


def _maybe_case(p: Person, rng: random.Random, share: float, release: date | None) -> None:
    if rng.random() >= share:
        return
    anchor = min(release or AS_OF, AS_OF)
    referral = anchor - _days(rng, 20, 300)
    if rng.random() < 0.4:
        p.cases.append(_considered_in(rng, referral, referral, min(anchor, AS_OF)))
    else:
        p.cases.append(Case(referral, None, rng.choice(_PENDING)))


def oos_eu(p: Person, rng: random.Random) -> None:
    # accession-state nationals are planned by the caller with a release after 1 May 2004
    start = _ACCESSION if p.nationality in ("PL", "LT", "CZ", "SK") else RECORDS_BEGIN
    release = _release(rng, start=start)
    p.episodes = [Episode(release)]
    _maybe_case(p, rng, 0.3, release)


def oos_short(p: Person, rng: random.Random) -> None:
    release = _release(rng)
    p.episodes = [Episode(release, needs_short=True)]
    _maybe_case(p, rng, 0.15, release)


def oos_british(p: Person, rng: random.Random) -> None:
    p.episodes = [Episode(_release(rng))]


def _future(rng: random.Random) -> date:
    if rng.random() < 0.05:
        return AS_OF + _days(rng, 1, 7)
    return AS_OF + _days(rng, 1, 1700)


def not_released(p: Person, rng: random.Random) -> None:
    p.episodes = [Episode(_future(rng))]
    _maybe_case(p, rng, 0.5, None)


def short_then_current(p: Person, rng: random.Random) -> None:
    p.episodes = [Episode(_release(rng, end=date(2005, 6, 30)), needs_short=True)]
    p.episodes.append(Episode(_future(rng)))
    _maybe_case(p, rng, 0.4, None)


def no_release_date(p: Person, rng: random.Random) -> None:
    p.episodes = [Episode(None)]
    _maybe_case(p, rng, 0.4, None)


def unreadable_sentence(p: Person, rng: random.Random) -> None:
    release = _release(rng)
    p.episodes = [Episode(release, sentence_text="tbc")]
    _maybe_case(p, rng, 0.3, release)


def ind_only(p: Person, rng: random.Random) -> None:
    referral = between(rng, RECORDS_BEGIN, AS_OF - timedelta(days=5))
    if rng.random() < 0.6:
        p.cases = [_considered_in(rng, referral, referral, AS_OF)]
    else:
        p.cases = [Case(referral, None, rng.choice(_PENDING))]


PLANS: dict[str, Callable[[Person, random.Random], None]] = {
    "fail_never": fail_never,
    "fail_referred": fail_referred,
    "fail_late": fail_late,
    "fail_double": fail_double,
    "fail_then_cbr": fail_then_cbr,
    "cbr": cbr,
    "cbr_double": cbr_double,
    "oos_eu": oos_eu,
    "oos_short": oos_short,
    "oos_british": oos_british,
    "not_released": not_released,
    "short_then_current": short_then_current,
    "no_release_date": no_release_date,
    "unreadable_sentence": unreadable_sentence,
    "ind_only": ind_only,
}
