"""The clean facts of the sample population: people, custody episodes, IND cases.

Everything here is true by construction; extracts are rendered from it (with their mess)
and the ground truth is computed from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from anyascii import anyascii

from reconcile.synth.namepools import BY_KEY, Origin
from reconcile.synth.spellings import VARIANT_GROUPS

AS_OF = date(2006, 3, 31)
RECORDS_BEGIN = date(1999, 2, 1)
# Nationalities whose people often carry a 1 January date of birth in both systems.
JAN1_COMMON = frozenset(("SO", "AF", "IQ", "SD"))


@dataclass
class Episode:
    """One period of custody: one prison-extract row."""

    release: date | None
    months: int = 0  # sentence length; ignored when life
    life: bool = False
    start: date = date(2000, 1, 1)
    offence: str = ""  # "" = not available
    court: bool = False
    number: str = ""
    sentence_text: str = ""  # an unreadable sentence as written (the true length is unknown)
    release_text: str = ""  # an unreadable release date as written
    nat_unknown: bool = False  # the extract says NOT KNOWN
    failure_slot: bool = False  # planned as released, in scope, not considered before release
    needs_short: bool = False  # the plan requires a sentence under 12 months


@dataclass
class Case:
    """One IND casework record."""

    referral: date | None
    considered: date | None
    decision: str = ""
    case_ref: str = ""
    prison_number: str | None = None  # the clean number of an episode, when the record has one


@dataclass
class Person:
    pid: int
    kind: str
    episodes: list[Episode] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    origin: str = ""
    nationality: str = ""
    british: bool = False
    eu: bool = False  # planned as an EU/EEA national
    surname: str = ""
    forenames: str = ""
    extra: str = ""  # a Somali grandfather's name
    dob: date = date(1970, 1, 1)
    female: bool = False
    lookalike: bool = False  # shares a surname and birth date, or a full name, with partner
    partner: int = 0  # pid of that other person

    @property
    def origin_info(self) -> Origin:
        return BY_KEY[self.origin]


def _canon_map() -> dict[str, str]:
    """Each spelling -> one representative of all spellings linked to it."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for group in VARIANT_GROUPS:
        keys = [fold(g) for g in group]
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    return {k: find(k) for k in parent}


def fold(text: str) -> str:
    return "".join(c for c in anyascii(text).upper() if c.isalpha())


_CANON: dict[str, str] = {}


def name_key(surname: str, forenames: str, extra: str = "") -> tuple[str, ...]:
    """Order-free key of a name with spelling variants merged (used to keep people apart)."""
    if not _CANON:
        _CANON.update(_canon_map())
    words = [fold(w) for w in f"{surname} {forenames} {extra}".replace("-", " ").split()]
    return tuple(sorted(_CANON.get(w, w) for w in words if w))


def served_days(ep: Episode, rng: random.Random) -> int:
    """Days in custody before release: about half a determinate sentence, 10-16 years of life."""
    if ep.life:
        return rng.randint(3650, 5840)
    return max(14, int(ep.months * 30.44 / 2) + rng.randint(0, 90))


def set_start(ep: Episode, rng: random.Random, not_before: date | None = None) -> None:
    """Sentence start from the release date; a prisoner still inside on the as-of date
    started before it, so a planned future release is pulled within the time to serve."""
    served = served_days(ep, rng)
    if ep.release is not None and ep.release > AS_OF:
        ahead = max(1, min((ep.release - AS_OF).days, served - 7))
        ep.release = AS_OF + timedelta(days=ahead)
    anchor = ep.release or AS_OF - timedelta(days=rng.randint(30, 400))
    start = anchor - timedelta(days=served)
    if not_before is not None and start <= not_before:
        start = not_before + timedelta(days=rng.randint(14, 60))
        if ep.release is not None and start >= ep.release:
            start = ep.release - timedelta(days=7)
    ep.start = min(start, AS_OF - timedelta(days=1))
