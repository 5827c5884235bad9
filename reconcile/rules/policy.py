"""The deportation policy as a value: which released prisoners should have been considered.

A Policy is built from a TOML file (see loader.py and presets/). It satisfies
reconcile.result.PolicyInfo: ``as_dict()`` gives it in full for the manifest and
``summary_lines()`` a few sentences for the evidence cover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from reconcile.rules.membership import (
    BRITISH,
    EEA,
    IRISH,
    NON_EEA,
    SWISS,
    UNKNOWN,
    Membership,
    shipped_membership,
)
from reconcile.rules.outcome import day

# What to do with a prisoner of unknown nationality.
UNKNOWN_CHOICES: tuple[str, ...] = ("non_eea", "out_of_scope", "insufficient_data")
# What to do with a release before the policy's commencement date.
BEFORE_CHOICES: tuple[str, ...] = ("out_of_scope", "apply")
# The Immigration Act 1971 s.7 exemption (reconcile.rules.s7): not asked, a note to check
# residence, or applied where the prison extract gives the date UK residence began.
S7_CHOICES: tuple[str, ...] = ("off", "note", "apply")


@dataclass(frozen=True)
class Aggregation:
    """Earlier sentences of the same person added to the current one to reach the threshold."""

    enabled: bool = False
    within_years: int = 5  # earlier sentences that started within this many years before
    max_earlier: int = 2  # at most this many earlier sentences (the longest) are added
    classes: tuple[str, ...] = (NON_EEA,)  # nationality classes it applies to


@dataclass(frozen=True)
class Period:
    """The release dates a threshold applies to: on or after ``start`` and before ``until``
    (either may be open). Written in a policy file as ``from`` and ``until``."""

    start: date | None = None
    until: date | None = None

    def covers(self, released: date) -> bool:
        """Whether a release on this day falls within the period."""
        if self.start is not None and released < self.start:
            return False
        return self.until is None or released < self.until

    def inside(self) -> str:
        """The releases covered, in words: 'released before 01/02/2007'."""
        parts = []
        if self.start is not None:
            parts.append(f"on or after {day(self.start)}")
        if self.until is not None:
            parts.append(f"before {day(self.until)}")
        return "released " + " and ".join(parts) if parts else "released on any day"

    def outside(self) -> str:
        """The releases not covered, in words: 'released on or after 01/02/2007'."""
        parts = []
        if self.start is not None:
            parts.append(f"before {day(self.start)}")
        if self.until is not None:
            parts.append(f"on or after {day(self.until)}")
        return "released " + " or ".join(parts) if parts else ""

    def settings(self) -> dict[str, date]:
        """The period as the keys of a threshold's inline table (``from``, ``until``)."""
        keys = {"from": self.start, "until": self.until}
        return {k: v for k, v in keys.items() if v is not None}


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    title: str = ""
    description: str = ""
    commencement: date | None = None
    before_commencement: str = "out_of_scope"
    court_recommendation: bool = True  # a court recommendation brings anyone not British in scope
    british_out_of_scope: bool = True  # British citizens and others with the right of abode
    unknown_nationality: str = "non_eea"
    life_counts: bool = True  # life and indeterminate sentences meet any threshold
    exclude_suspended: bool = False  # suspended sentences do not count towards a threshold
    # Only a single term counts: consecutive terms are not added together to reach a threshold
    # (UK Borders Act 2007 s.38(1)(b)).
    single_sentence: bool = False
    # A prisoner under 18 at conviction is out of scope (UK Borders Act 2007 s.33(3)).
    under_18_excluded: bool = False
    # Commonwealth and Irish citizens resident since 1 January 1973 (Immigration Act 1971 s.7):
    # "off", "note" or "apply" (S7_CHOICES).
    s7_exemption: str = "off"
    thresholds: dict[str, float] = field(default_factory=lambda: {NON_EEA: 12.0})
    # A threshold limited in time applies only to releases within its period; outside it the
    # class is out of scope on sentence length, as a class with no threshold. A class not
    # named here has its threshold at every date.
    threshold_periods: dict[str, Period] = field(default_factory=dict)
    aggregation: Aggregation = field(default_factory=Aggregation)
    deadline_days: int = 0  # considered in time: on or before (release - deadline_days)
    # A referral or consideration dated on or before the same person's previous release (an
    # earlier custody episode) counts for a later release too; False: it concerns that custody
    # only, and the later release is judged on the dates after it.
    earlier_custody_counts: bool = True
    source: str = ""  # "preset 2006" or the file it was read from
    # What a file based on a preset changed without saying so (derived.dropped_dates), in
    # words: not part of the rule, so neither compared nor in the settings.
    notes: tuple[str, ...] = field(default=(), compare=False)
    membership: Membership = field(default_factory=shipped_membership, compare=False)

    @property
    def label(self) -> str:
        """How outcomes name the policy: '2006 v1'."""
        return f"{self.name} v{self.version}"

    def threshold(self, cls: str) -> float | None:
        """Minimum sentence in months for a nationality class, whatever the release date (see
        ``period``); None = not in scope by sentence."""
        return self.thresholds.get(cls)

    def period(self, cls: str) -> Period | None:
        """The release dates the class's threshold is limited to; None when it has no limit."""
        return self.threshold_periods.get(cls)

    def _threshold_setting(self, cls: str, months: float) -> int | float | dict[str, Any]:
        """One [thresholds] value as a policy file writes it: 12, or a dated inline table."""
        period = self.threshold_periods.get(cls)
        if period is None:
            return _number(months)
        return {"months": _number(months), **period.settings()}

    def settings(self) -> dict[str, dict[str, Any]]:
        """The policy as the tables of a policy file (what loader.py reads)."""
        head: dict[str, Any] = {"name": self.name, "version": self.version}
        if self.title:
            head["title"] = self.title
        if self.description:
            head["description"] = self.description
        if self.commencement is not None:
            head["commencement"] = self.commencement
        head["before_commencement"] = self.before_commencement
        return {
            "policy": head,
            "scope": {
                "court_recommendation": self.court_recommendation,
                "british_out_of_scope": self.british_out_of_scope,
                "unknown_nationality": self.unknown_nationality,
                "life_counts": self.life_counts,
                "exclude_suspended": self.exclude_suspended,
                "single_sentence": self.single_sentence,
                "under_18_excluded": self.under_18_excluded,
                "s7_exemption": self.s7_exemption,
            },
            "thresholds": {k: self._threshold_setting(k, v) for k, v in self.thresholds.items()},
            "aggregation": {
                "enabled": self.aggregation.enabled,
                "within_years": self.aggregation.within_years,
                "max_earlier": self.aggregation.max_earlier,
                "classes": list(self.aggregation.classes),
            },
            "deadline": {
                "days_before_release": self.deadline_days,
                "earlier_custody_counts": self.earlier_custody_counts,
            },
        }

    def as_dict(self) -> dict[str, Any]:
        """The policy in full, JSON-serialisable, for the manifest (membership dates included)."""
        tables = self.settings()
        if self.s7_exemption == "off":
            # Left out when off (the default), as runs recorded policies before the setting
            # existed: their manifests and run ids stay as they were.
            del tables["scope"]["s7_exemption"]
        tables["policy"] = {
            k: v.isoformat() if isinstance(v, date) else v for k, v in tables["policy"].items()
        }
        tables["thresholds"] = {
            k: {n: d.isoformat() if isinstance(d, date) else d for n, d in v.items()}
            if isinstance(v, dict)
            else v
            for k, v in tables["thresholds"].items()
        }
        return {
            "name": self.name,
            "version": self.version,
            "source": self.source,
            **tables,
            "membership": self.membership.as_dict(),
        }

    def summary_lines(self) -> list[str]:
        """The policy in a few sentences, for the evidence cover and the workbook."""
        lines = [f"{self.title.rstrip('.')}."] if self.title else []
        lines.append("In scope: " + "; ".join(self._routes()) + ".")
        lines.append(self._exclusions())
        lines.append(self._sentences())
        if self.commencement is not None:
            when = day(self.commencement)
            if self.before_commencement == "apply":
                lines.append(
                    f"The policy commenced on {when}; it is also applied to earlier releases, "
                    "to show what it would have meant for them."
                )
            else:
                lines.append(f"Only releases on or after {when}, when the policy commenced.")
        lines.extend(self._s7())
        if self.deadline_days:
            lines.append(
                f"Considered in time: consideration dated at least {self.deadline_days} days "
                "before release."
            )
        else:
            lines.append("Considered in time: consideration dated on or before the release date.")
        if not self.earlier_custody_counts:
            lines.append(
                "A referral or consideration dated on or before the same person's previous "
                "release concerns that custody: it does not count for a later release."
            )
        return lines

    def _s7(self) -> list[str]:
        """The s.7 exemption in a sentence, when the policy asks it."""
        if self.s7_exemption == "note":
            return [
                "Immigration Act 1971 s.7: an in-scope Commonwealth or Irish national born "
                "before 1973 carries a note to check whether they were ordinarily resident in "
                "the UK since 01/01/1973 and for the 5 years before the decision (then exempt)."
            ]
        if self.s7_exemption == "apply":
            return [
                "Immigration Act 1971 s.7: a Commonwealth or Irish national resident in the UK "
                "since on or before 01/01/1973 (the prison extract's residence date) is out of "
                "scope; one with no residence date carries a note to check it."
            ]
        return []

    def _routes(self) -> list[str]:
        routes = []
        if self.court_recommendation:
            routes.append("a court recommended deportation")
        by_months: dict[tuple[float, Period | None], list[str]] = {}
        for cls, months in self.thresholds.items():
            by_months.setdefault((months, self.period(cls)), []).append(_PLURALS[cls])
        for (months, period), groups in by_months.items():
            when = f", {period.inside()}" if period is not None else ""
            routes.append(
                f"{_join(groups)} sentenced to {months_text(months)} months or more{when}"
            )
        if self.aggregation.enabled:
            classes = _join([_PLURALS[c] for c in self.aggregation.classes])
            routes.append(
                f"for {classes}, up to {self.aggregation.max_earlier} earlier sentences "
                f"within {self.aggregation.within_years} years count towards the threshold"
            )
        return routes or ["nobody (no route into scope is configured)"]

    def _exclusions(self) -> str:
        parts = ["Nationality is judged as at the release date (EU/EEA membership by date)"]
        if self.british_out_of_scope:
            parts.append("British citizens and others with the right of abode are out of scope")
        if self.under_18_excluded:
            parts.append("so is anyone under 18 at conviction")
        unless = " unless a court recommended deportation" if self.court_recommendation else ""
        left = [_PLURALS[c] for c in (EEA, SWISS, IRISH) if c not in self.thresholds]
        if left:
            parts.append(f"{_join(left)} are out of scope{unless}")
        for cls, period in self.threshold_periods.items():
            if cls in self.thresholds and period.outside():
                parts.append(f"{_PLURALS[cls]} {period.outside()} are out of scope{unless}")
        parts.append(
            {
                "non_eea": "an unknown nationality counts as non-EEA",
                "out_of_scope": "an unknown nationality is out of scope",
                "insufficient_data": "an unknown nationality leaves scope undecided",
            }[self.unknown_nationality]
        )
        return "; ".join(parts) + "."

    def _sentences(self) -> str:
        life = "count" if self.life_counts else "do not count"
        suspended = "do not count" if self.exclude_suspended else "count"
        agg = "" if self.aggregation.enabled else " Earlier sentences are not added together."
        single = (
            " Only a single term counts: consecutive terms are not added together."
            if self.single_sentence
            else ""
        )
        return (
            f"Life and indeterminate sentences {life}; suspended sentences {suspended}.{agg}"
            f"{single}"
        )


_PLURALS: dict[str, str] = {
    NON_EEA: "non-EEA nationals",
    EEA: "EU/EEA nationals",
    SWISS: "Swiss nationals",
    IRISH: "Irish nationals",
    BRITISH: "British citizens",
    UNKNOWN: "people of unknown nationality",
}


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _number(months: float) -> int | float:
    return int(months) if float(months).is_integer() else float(months)


@lru_cache(maxsize=4_096)
def months_text(months: float) -> str:
    """18.0 -> '18', 11.5 -> '11.5'."""
    return str(_number(months))
