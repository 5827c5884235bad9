"""Sentence lengths as written -> months, or life / indeterminate.

A bare number is months ("18", 18, 18.5), unless the column's header names another unit
("Sentence (days)": see header_unit). Units may be spelt out or abbreviated and
combined: "18 months", "18m", "2 years", "2y 6m", "1 year 6 months", "6 weeks", "90 days";
words such as "imprisonment" or "custody" are ignored ("2 years imprisonment").
Court shorthand "18/12" (months) and "6/52" (weeks) is understood too. Several terms of one
length ("2 x 6 months consecutive") add up when consecutive and run together when concurrent;
without either word they are not read. Terms of different lengths said to be concurrent
("12 months + 6 months concurrent") run together too: the longest is the time served.
Consecutive ones add up ("12 months consecutive to 6 months": 18 months). A suspended
sentence's term is read ("12 months suspended for 2 years": 12 months); the policy decides
whether it counts.

Conversion rule: a year is 12 months and 365 days, so a week is 7 * 12 / 365 months and a
day 12 / 365 months (90 days = 2.96 months, 365 days = 12 months, 52 weeks = 11.97 months).
Results are rounded to 4 decimal places.

Life and indeterminate sentences ("Life", "IPP", "Indeterminate", "DPP", "HMP", "Detention
during Her Majesty's Pleasure", ...) give (None, True, None). "tbc", "N/K", "-" and other
non-lengths give (None, False, problem); a blank cell gives (None, False, None).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from reconcile.model import Cell

MONTHS_PER_DAY = 12 / 365
MAX_MONTHS = 1200.0  # 100 years: anything longer is taken for a typing error

_UNIT_MONTHS = {"Y": 12.0, "M": 1.0, "W": 7 * MONTHS_PER_DAY, "D": MONTHS_PER_DAY}
_UNITS = {
    "Y": ("Y", "YR", "YRS", "YEAR", "YEARS"),
    "M": ("M", "MO", "MOS", "MTH", "MTHS", "MNTH", "MNTHS", "MON", "MONS", "MONTH", "MONTHS"),
    "W": ("W", "WK", "WKS", "WEEK", "WEEKS"),
    "D": ("D", "DY", "DYS", "DAY", "DAYS"),
}
_UNIT_OF = {spelling: unit for unit, spellings in _UNITS.items() for spelling in spellings}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Z]+)\.?")
_SHORTHAND = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*(12|52)")
_LIFE = re.compile(
    r"\b(LIFE|LIFER|IPP|DPP|HMP|DHMP|INDETERMINATE|INDETERMINATE\s+SENTENCE|"
    r"IMPRISONMENT\s+FOR\s+PUBLIC\s+PROTECTION|DETENTION\s+FOR\s+PUBLIC\s+PROTECTION|"
    r"(?:HER|HIS)\s+MAJESTY'?S\s+PLEASURE|WHOLE\s+LIFE)\b"
)
_NOT_KNOWN = frozenset(
    {"TBC", "TBA", "TBD", "N/K", "NK", "N/A", "NA", "NOT KNOWN", "UNKNOWN", "UNK", "-", "--", "?"}
)

# Words that say nothing about the length: "2 years imprisonment", "18 months in custody",
# "DTO 12 months" (a detention and training order). "Suspended" is read apart: the term comes
# before it or after it, the operational period after "for"; whether a suspended sentence
# counts is the policy's to say (reconcile.rules.sentence.is_suspended).
_FILLER = frozenset(
    {"AND", "IMPRISONMENT", "IMP", "CUSTODY", "CUSTODIAL", "DETENTION", "YOI", "SENTENCE",
     "TOTAL", "IN", "OF", "DTO", "TRAINING", "ORDER", "TERM", "TERMS", "TO"}
)  # fmt: skip

NOT_A_LENGTH = "is not a sentence length reconcile can read"
SEVERAL_TERMS = "gives several terms without saying whether they run concurrently or consecutively"
# "2 x 6 months": a number of terms of one length (consecutive terms add up, concurrent ones
# run together).
_TIMES = re.compile(r"(\d+)\s*[X×*]\s*(.+)")
_CONCURRENCY = {
    **dict.fromkeys(("CONCURRENT", "CONCURRENTLY", "CONC", "CC"), "concurrent"),
    **dict.fromkeys(("CONSECUTIVE", "CONSECUTIVELY", "CONSEC", "CONS"), "consecutive"),
}
_SEPARATORS = re.compile(r"[,;+&()]")
# Longer text is no sentence length: it is not searched for one (on a cell of thousands of
# digits the search for lengths and units took seconds).
MAX_CHARS = 100
NOT_KNOWN = "is recorded as not known"


UNIT_NAMES = {"months": "M", "weeks": "W", "days": "D", "years": "Y"}


def unit_months(name: str) -> float:
    """Months per bare number for a unit named in the config ("days", ...)."""
    return _UNIT_MONTHS[UNIT_NAMES[name]]


def column_unit(unit_name: str, header: str) -> float:
    """Months per bare number in a column: the unit set in the config, else the one its
    header names, else months."""
    return unit_months(unit_name) if unit_name else header_unit(header)


def unit_label(months: float) -> str:
    """The name of a unit given as months per bare number (12.0 -> "years")."""
    return next((n for n, u in UNIT_NAMES.items() if _UNIT_MONTHS[u] == months), "months")


# Bare numbers whose median is above this many months (read in the column's unit) are not
# months: no extract's sentences run that long on the whole.
IMPLAUSIBLE_MEDIAN_MONTHS = 120.0
IMPLAUSIBLE_MIN_VALUES = 20
_BARE = re.compile(r"\s*\d+(?:\.\d+)?\s*")


def bare_median(cells: list[Cell], unit: float) -> float | None:
    """The median, in months, of a column's bare numbers (numbers, or text of digits only)
    read in ``unit``; None when there are fewer than IMPLAUSIBLE_MIN_VALUES of them. Each
    distinct cell is looked at once (a column holds few distinct lengths)."""
    counted = sorted(
        (float(c) * unit, n)
        for c, n in Counter(cells).items()
        if (isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c))
        or (isinstance(c, str) and _BARE.fullmatch(c))
    )
    total = sum(n for _, n in counted)
    if total < IMPLAUSIBLE_MIN_VALUES:
        return None
    seen = 0
    for value, n in counted:
        seen += n
        if seen > total // 2:
            return value
    return None  # not reached


def sentence_unit_problem(cells: list[Cell], unit_name: str, header: str, place: str) -> str | None:
    """The problem in words when no unit is set (``unit_name`` "") and the column's bare
    numbers, read in the header's unit or months, are far too long to be sentences; else
    None. A unit set in the config is the auditor's word: it is not second-guessed."""
    unit = column_unit(unit_name, header)
    median = None if unit_name else bare_median(cells, unit)
    if median is None or median <= IMPLAUSIBLE_MEDIAN_MONTHS:
        return None
    return (
        f"{place}, column {header!r}: read as {unit_label(unit)}, its sentence lengths have a "
        f"median of {median:,.0f} months ({median / 12:,.0f} years), far longer than sentences "
        'run; if they are days or weeks, set sentence_unit = "days" (or "weeks"; "months" if '
        "they really are months) under [input] in the config file, and run again"
    )


def header_unit(header: str) -> float:
    """Months per bare number in a column headed ``header``: a header that names a unit
    ("Sentence (days)", "Sentence length in years") gives that unit, any other months."""
    words = re.findall(r"[A-Z]+", header.upper())
    units = {_UNIT_OF[w] for w in words if w in _UNIT_OF and len(w) > 1}
    return _UNIT_MONTHS[units.pop()] if len(units) == 1 else 1.0


def _months(number: float) -> tuple[float | None, bool, str | None]:
    if not math.isfinite(number) or round(number, 4) <= 0:
        return None, False, "is not a sentence length (zero or less)"
    if number > MAX_MONTHS:
        return None, False, f"is longer than {MAX_MONTHS:.0f} months, so probably mistyped"
    return round(number, 4), False, None


@lru_cache(maxsize=16_384)
def _parse_text(text: str, unit: float) -> tuple[float | None, bool, str | None]:
    if len(text) > MAX_CHARS:
        return (None, False, NOT_A_LENGTH) if text.strip() else (None, False, None)
    upper = re.sub(r"\s+", " ", text.strip().upper())
    if not upper:
        return None, False, None
    if upper in _NOT_KNOWN:
        return None, False, NOT_KNOWN
    if _LIFE.search(upper):
        return None, True, None
    words = _SEPARATORS.sub(" ", upper).split()
    if "SUSPENDED" in words:
        words = _suspended_term(words)
        if not words:
            return None, False, NOT_A_LENGTH
    together = {w for w in words if w in _CONCURRENCY}
    words = [w for w in words if w not in _FILLER and w not in _CONCURRENCY]
    if m := _TIMES.fullmatch(" ".join(words)):
        one = _length(m[2], unit)
        if one[0] is None:
            return None, False, NOT_A_LENGTH
        kinds = {_CONCURRENCY[w] for w in together}
        if len(kinds) != 1:
            return None, False, SEVERAL_TERMS
        return _months(one[0] * (float(m[1]) if kinds == {"consecutive"} else 1.0))
    if together and {_CONCURRENCY[w] for w in together} == {"concurrent"}:
        terms = _concurrent_terms(upper)
        if terms is not None and len(terms) > 1:
            lengths = [_length(term, unit)[0] for term in terms]
            if any(length is None for length in lengths):
                return None, False, NOT_A_LENGTH
            return _months(max(length for length in lengths if length is not None))
    return _length(" ".join(words), unit)


_PIECES = re.compile(r"[,;+&]|\bAND\b")
_TERM_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Z]+)?\.?")
# Units largest first: one term is written with its units in this order ("1 year 6 months");
# a unit no smaller than the one before it, or a bare number, starts another term.
_UNIT_RANK = {"Y": 0, "M": 1, "W": 2, "D": 3}


def _concurrent_terms(upper: str) -> list[str] | None:
    """The terms of a sentence said to run concurrently, each as compact text ("1 YEAR 6
    MONTHS"): split where the text separates them (",", ";", "+", "&", "and") and where a
    unit does not get smaller ("6 MONTHS 6 MONTHS"); None when a word is not a length's."""
    terms: list[str] = []
    for piece in _PIECES.split(re.sub(r"[()]", " ", upper)):
        words = [w for w in piece.split() if w not in _FILLER and w not in _CONCURRENCY]
        compact, rank, end = " ".join(words), -1, 0
        start = len(terms)
        for m in _TERM_PART.finditer(compact):
            unit = _UNIT_OF.get(m[2]) if m[2] else None
            if compact[end : m.start()].strip() or (m[2] and unit is None):
                return None
            now = _UNIT_RANK[unit] if unit is not None else -1
            if len(terms) == start or unit is None or now <= rank:
                terms.append(m[0])
            else:
                terms[-1] += " " + m[0]
            rank = now if unit is not None else len(_UNIT_RANK)
            end = m.end()
        if compact[end:].strip():
            return None
    return terms


def _suspended_term(words: list[str]) -> list[str]:
    """The words of a suspended sentence's term: those before "SUSPENDED" ("12 months
    suspended for 2 years"), else those after it ("suspended sentence 6 months"), never the
    operational period ("suspended for 2 years" alone says no term)."""
    at = words.index("SUSPENDED")
    before, after = words[:at], words[at + 1 :]
    if any(w[0].isdigit() for w in before):
        return before
    return [] if not after or after[0] == "FOR" else after


def _length(compact: str, unit: float) -> tuple[float | None, bool, str | None]:
    """One length: a bare number, court shorthand, or parts with units."""
    if re.fullmatch(r"\d+(?:\.\d+)?", compact):
        return _months(float(compact) * unit)
    if m := _SHORTHAND.fullmatch(compact):
        per = 1.0 if m[2] == "12" else _UNIT_MONTHS["W"]
        return _months(float(m[1]) * per)
    total, end = 0.0, 0
    for m in _PART.finditer(compact):
        written = _UNIT_OF.get(m[2])
        if written is None or compact[end : m.start()].strip():
            return None, False, NOT_A_LENGTH
        total += float(m[1]) * _UNIT_MONTHS[written]
        end = m.end()
    if end == 0 or compact[end:].strip():
        return None, False, NOT_A_LENGTH
    return _months(total)


def parse_sentence(value: Cell, unit: float = 1.0) -> tuple[float | None, bool, str | None]:
    """(months or None, life or indeterminate, problem or None). Never raises. ``unit``:
    months per bare number (see header_unit); a length written with its unit ignores it."""
    if value is None:
        return None, False, None
    if isinstance(value, bool):
        return None, False, NOT_A_LENGTH
    if isinstance(value, int | float):
        return _months(float(value) * unit)
    if isinstance(value, str):
        return _parse_text(value, unit)
    return None, False, NOT_A_LENGTH
