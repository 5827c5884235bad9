"""The sentence that counts towards a threshold: suspended sentences and earlier sentences.

Aggregation needs the same person's other custody episodes: ``episodes_by_person`` groups
prison rows by the linker's person id, and ``earlier_sentences`` picks the ones that may be
added to the current sentence under the policy.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reconcile.model import PrisonRecord
from reconcile.rules.policy import Aggregation, months_text

_SUSPENDED = re.compile(r"\bsuspended\b", re.IGNORECASE)


def is_suspended(rec: PrisonRecord) -> bool:
    """True when the sentence or offence text says the sentence was suspended."""
    return bool(_SUSPENDED.search(rec.sentence_raw) or _SUSPENDED.search(rec.offence))


def reference_date(rec: PrisonRecord) -> date | None:
    """When an episode's sentence began (the release date when the start is not known)."""
    return rec.sentence_start or rec.release_date


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Earlier:
    """An earlier sentence added to the current one."""

    months: float
    started: date
    row: str  # the prison extract row it came from ("row 12"; see Provenance.ref)

    def describe(self) -> str:
        return f"{months_text(self.months)} months ({self.row}, from {self.started})"


def episodes_by_person(
    prison: Sequence[PrisonRecord], prison_person: Sequence[int]
) -> dict[int, list[PrisonRecord]]:
    """Prison rows grouped by the linker's person id."""
    groups: dict[int, list[PrisonRecord]] = defaultdict(list)
    for rec in prison:
        groups[prison_person[rec.idx]].append(rec)
    return groups


def earlier_sentences(
    rec: PrisonRecord,
    others: Sequence[PrisonRecord],
    agg: Aggregation,
    exclude_suspended: bool,
) -> list[Earlier]:
    """The same person's earlier sentences that may be added to this one, longest first.

    An earlier sentence counts when it began before this one and no more than
    ``agg.within_years`` years before it, its length is known (life sentences meet a threshold
    on their own and are not added) and, when the policy excludes them, it was not suspended.
    """
    current = reference_date(rec)
    if current is None:
        return []
    since = years_before(current, agg.within_years)
    found = []
    for other in others:
        started = reference_date(other)
        if other.idx == rec.idx or started is None or not since <= started < current:
            continue
        if other.sentence_months is None or other.sentence_life:
            continue
        if exclude_suspended and is_suspended(other):
            continue
        found.append(Earlier(other.sentence_months, started, other.prov.ref))
    found.sort(key=lambda e: (-e.months, e.started))
    return found[: agg.max_earlier]
