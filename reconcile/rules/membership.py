"""EU/EEA membership by date: which class a nationality falls in on a given day.

The dates are data (membership.toml, shipped in the package). A nationality is judged as
at the release date: a Polish national released on 2004-04-30 was a non-EEA national, one
released on 2004-05-01 an EU national. British citizenship is judged the same way: nationals
of the Channel Islands and the Isle of Man are British citizens, and those of the overseas
territories from the day they became British citizens (2002-05-21; Falklands 1983-01-01).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from reconcile.rules.countries import BOTC, country_name
from reconcile.rules.outcome import day

BRITISH = "british"
IRISH = "irish"
EEA = "eea"  # EU or EEA national (other than British or Irish)
SWISS = "swiss"
NON_EEA = "non_eea"
UNKNOWN = "unknown"

# Every nationality class, in the order policies list their thresholds.
CLASSES: tuple[str, ...] = (NON_EEA, EEA, SWISS, IRISH, BRITISH, UNKNOWN)
# The classes a policy can give a sentence threshold (unknown nationality follows the policy's
# unknown_nationality setting; British citizens only when they are not out of scope outright).
THRESHOLD_CLASSES: tuple[str, ...] = (NON_EEA, EEA, SWISS, IRISH, BRITISH)

CLASS_LABELS: dict[str, str] = {
    NON_EEA: "non-EEA national",
    EEA: "EU/EEA national",
    SWISS: "Swiss national",
    IRISH: "Irish national",
    BRITISH: "British citizen",
    UNKNOWN: "nationality unknown",
}


# Country names read with "the" before them in a sentence ("after the Netherlands joined").
_WITH_THE = re.compile(
    r"^(?:Netherlands|Czech Republic|Philippines|Gambia|Bahamas|Maldives|Seychelles|Comoros"
    r"|United |Democratic Republic|Republic of|Dominican Republic|Central African Republic"
    r"|\w+ Islands$|British Virgin Islands)"
)


def _the(name: str) -> str:
    """A country's name as it reads in a sentence: "the Netherlands", "Poland"."""
    return f"the {name}" if _WITH_THE.match(name) else name


@dataclass(frozen=True)
class Standing:
    """A nationality's class on a day, and the membership fact that decided it, in words."""

    cls: str
    clause: str = ""  # e.g. "after Poland joined the EU on 2004-05-01"


@dataclass(frozen=True)
class Membership:
    """Membership tables: code -> first day its nationals counted, per group."""

    eu: dict[str, date] = field(default_factory=dict)
    eea: dict[str, date] = field(default_factory=dict)
    swiss: dict[str, date] = field(default_factory=dict)
    british: frozenset[str] = frozenset({"GB"})
    # Codes whose nationals became British citizens on a date (the overseas territories).
    british_from: dict[str, date] = field(default_factory=dict)
    irish: frozenset[str] = frozenset({"IE"})
    stateless: frozenset[str] = frozenset({"XX"})
    left_eu: date = date(2020, 1, 31)
    transition_ended: date = date(2020, 12, 31)
    eu_established: date = date(1993, 11, 1)

    def standing(self, code: str | None, on: date) -> Standing:
        """The class of a nationality (ISO code, None = unknown) on the given day."""
        if code is None:
            return Standing(UNKNOWN)
        if code in self.british:
            if code == "GB":
                return Standing(BRITISH)
            name = country_name(code)
            return Standing(BRITISH, f"from {name}, part of the United Kingdom in nationality law")
        if code in self.irish:
            return Standing(IRISH)
        became = self.british_from.get(code)
        if became is not None:
            of = "" if code == BOTC else f" of {_the(country_name(code))}"
            event = (
                f"British overseas territories citizens{of} became British citizens on "
                f"{day(became)}"
            )
            if on >= became:
                return Standing(BRITISH, f"after {event}")
            found = self._free_movement(code, on)
            if found is not None:
                return found
            return Standing(NON_EEA, f"before {event}")
        return self._free_movement(code, on) or Standing(NON_EEA)

    def _free_movement(self, code: str, on: date) -> Standing | None:
        """The class of a national of an EU, EEA or Swiss free-movement country on the day;
        None for a country in none of the tables. A country in more than one (Austria, Finland
        and Sweden were in the EEA from 1994-01-01 and joined the EU on 1995-01-01) is judged by
        the latest membership begun by the day, else by the first to come."""
        found = [
            (group, table)
            for group, table in ((EEA, self.eu), (EEA, self.eea), (SWISS, self.swiss))
            if code in table
        ]
        if not found:
            return None
        begun = [(group, table) for group, table in found if table[code] <= on]
        if not begun:
            group, table = min(found, key=lambda gt: gt[1][code])
            since = table[code]
            return Standing(NON_EEA, f"before {self._event(table, since, code)} on {day(since)}")
        group, table = max(begun, key=lambda gt: gt[1][code])
        since = table[code]
        if on > self.transition_ended:
            ended = day(self.transition_ended)
            return Standing(NON_EEA, f"after free movement with the UK ended on {ended}")
        if on > self.left_eu:
            left = day(self.left_eu)
            return Standing(group, f"during the transition after the UK left the EU on {left}")
        return Standing(group, f"after {self._event(table, since, code)} on {day(since)}")

    def _event(self, table: dict[str, date], since: date, code: str) -> str:
        name = _the(country_name(code))
        if table is self.swiss:
            return f"free movement with {name} began"
        if table is self.eea:
            return f"{name} joined the EEA"
        if since < self.eu_established:
            return f"{name} joined the European Communities (now the EU)"
        return f"{name} joined the EU"

    def as_dict(self) -> dict[str, Any]:
        return {
            "eu": {k: v.isoformat() for k, v in sorted(self.eu.items())},
            "eea": {k: v.isoformat() for k, v in sorted(self.eea.items())},
            "swiss": {k: v.isoformat() for k, v in sorted(self.swiss.items())},
            "british": sorted(self.british),
            "british_from": {k: v.isoformat() for k, v in sorted(self.british_from.items())},
            "irish": sorted(self.irish),
            "stateless": sorted(self.stateless),
            "uk_left_eu": self.left_eu.isoformat(),
            "uk_transition_ended": self.transition_ended.isoformat(),
            "eu_established": self.eu_established.isoformat(),
        }


def _dates(data: dict[str, Any], key: str) -> dict[str, date]:
    table = data.get(key, {})
    return {code: when for code, when in table.items() if isinstance(when, date)}


def parse_membership(data: dict[str, Any]) -> Membership:
    """Build the tables from the parsed membership TOML (see membership.toml)."""
    uk = data.get("uk", {})
    nationals = data.get("nationals", {})
    return Membership(
        eu=_dates(data, "eu"),
        eea=_dates(data, "eea"),
        swiss=_dates(data, "swiss"),
        british=frozenset(nationals.get("british", ["GB"])),
        british_from=_dates(data, "british_from"),
        irish=frozenset(nationals.get("irish", ["IE"])),
        stateless=frozenset(nationals.get("stateless", ["XX"])),
        left_eu=uk.get("left_eu", date(2020, 1, 31)),
        transition_ended=uk.get("transition_ended", date(2020, 12, 31)),
        eu_established=uk.get("eu_established", date(1993, 11, 1)),
    )


@cache
def shipped_membership() -> Membership:
    """The membership tables shipped with reconcile."""
    text = resources.files("reconcile.rules").joinpath("membership.toml").read_text("utf-8")
    return parse_membership(tomllib.loads(text))
