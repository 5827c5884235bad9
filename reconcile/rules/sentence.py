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
from reconcile.normalise.sentence import parse_sentence
from reconcile.rules.policy import Aggregation, months_text

_SUSPENDED = re.compile(r"\bsuspended\b", re.IGNORECASE)
# A suspended sentence a court later ordered to take effect ("activated", "implemented") counts
# as the sentence it became (UK Borders Act 2007 s.38(1)(a)).
_TOOK_EFFECT = re.compile(
    r"\b(?:activated|implemented|(?:to\s+)?(?:take|took|taken|taking)\s+effect"
    r"|(?:brought|put)\s+into\s+effect)\b",
    re.IGNORECASE,
)


def is_suspended(rec: PrisonRecord) -> bool:
    """True when the sentence or offence text says the sentence was suspended, and not that
    a court then ordered it to take effect ("12 months suspended, activated" counts, as UK
    Borders Act 2007 s.38(1)(a) says)."""
    texts = (rec.sentence_raw, rec.offence)
    if not any(_SUSPENDED.search(t) for t in texts):
        return False
    return not any(_TOOK_EFFECT.search(t) for t in texts)


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


# Consecutive terms, as the prison extract's sentence text says them ("2 x 6 months
# consecutive", "12 months and 6 months consecutive"): the words reconcile.normalise.sentence
# reads as consecutive.
_CONSECUTIVE = re.compile(r"\b(?:CONSECUTIVE|CONSECUTIVELY|CONSEC|CONS)\b", re.IGNORECASE)
_CONCURRENT = re.compile(r"\b(?:CONCURRENT|CONCURRENTLY|CONC|CC)\b", re.IGNORECASE)
_TIMES = re.compile(r"^\s*(\d+)\s*[X×*]\s*(.+)$", re.IGNORECASE)
_PIECES = re.compile(r"\s*(?:[,;+&]|\bAND\b)\s*", re.IGNORECASE)
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Z]+)\.?", re.IGNORECASE)
# Units largest first: a term is written with its units in this order ("1 year 6 months");
# a unit no smaller than the one before it starts another term ("6 months 6 months").
_UNIT_RANK = {"Y": 0, "M": 1, "W": 2, "D": 3}


def is_consecutive(rec: PrisonRecord) -> bool:
    """True when the sentence text says it is made of consecutive terms."""
    return bool(_CONSECUTIVE.search(rec.sentence_raw))


def _unit(word: str) -> str | None:
    """'months' -> 'M', 'yrs' -> 'Y': a unit of length (every spelling of one begins with its
    letter), or None."""
    return word[0].upper() if parse_sentence(f"1 {word}")[0] is not None else None


def _terms(piece: str) -> list[str]:
    """One piece of sentence text cut into terms where a unit does not get smaller:
    "1 year 6 months" is one term, "6 months 6 months" two."""
    terms: list[str] = []
    rank = -1
    for m in _PART.finditer(piece):
        unit = _unit(m[2])
        now = _UNIT_RANK[unit] if unit is not None else -1
        if not terms or unit is None or now <= rank:
            terms.append(m[0])
        else:
            terms[-1] += " " + m[0]
        rank = now
    return terms or [piece]


def longest_term(rec: PrisonRecord) -> float | None:
    """The longest single term, in months, of a sentence made of consecutive terms (see
    is_consecutive); None when the terms cannot be told apart or read. The terms are taken
    from the text and checked against the total the sentence was read as (so a bare number
    is in the unit of the column, as the total is)."""
    total = rec.sentence_months
    if total is None:
        return None
    text = _CONCURRENT.sub(" ", _CONSECUTIVE.sub(" ", rec.sentence_raw))
    text = " ".join(re.sub(r"[()]", " ", text).split())
    if m := _TIMES.match(text):
        return round(total / int(m[1]), 4) if int(m[1]) > 0 else None
    pieces: list[str] = []
    lengths: list[float] = []
    for piece in (p for p in _PIECES.split(text) if p.strip()):
        months, life, problem = parse_sentence(piece)
        if months is None or life or problem is not None:
            return None
        terms = _terms(piece)
        read = [parse_sentence(term)[0] for term in terms]
        if len(terms) < 2 or any(r is None for r in read):
            terms, read = [piece], [months]
        pieces.extend(terms)
        lengths.extend(r for r in read if r is not None)
    if not lengths:
        return None
    added = sum(lengths)
    if abs(added - total) <= 0.01:
        return max(lengths)
    if all(re.fullmatch(r"\d+(?:\.\d+)?", piece.strip()) for piece in pieces):
        return round(max(lengths) * total / added, 4)  # bare numbers in the column's unit
    return None
