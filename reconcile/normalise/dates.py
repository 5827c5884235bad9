"""Dates as agencies write them -> ``datetime.date``, or a problem in words.

Accepted: date and datetime cells; Excel serial numbers (1900 date system); compact
numbers such as 19751231; and strings, day first as in the UK: 31/12/1975, 31-12-1975,
31.12.75, 1975-12-31, 31-Dec-1975, 31 December 1975, 19751231, "31/12/1975 00:00:00".

Two-digit years (the rule is explicit and tested):

- event dates (sentence start, release, referral, consideration) use Excel's own window:
  00-29 -> 2000-2029, 30-99 -> 1930-1999;
- dates of birth are always in the past: the later of 19yy and 20yy that is not after the
  reference date (today unless the caller passes one), so 75 -> 1975 and, with a reference in
  2026, 05 -> 2005 but 30 -> 1930.

Excel serials count days in the 1900 system, which treats 1900 as a leap year: serial 60
is the fictitious 29 February 1900 (a problem), serials below 60 are one day later than the
arithmetic from 1899-12-30 suggests. Fractions (times of day) are dropped. A serial of zero
or less, a bare year such as 1975, 1900-01-01 and similar placeholders, impossible days
(31/02/1980) and years outside 1880-2099 are problems. So is a number below SMALL_SERIAL
(a day in 1900-1909), in a cell or as text ("12", "0302"): nobody in these extracts was
sentenced, released, referred or considered then, and a birth then would make a prisoner of
1999 ninety or more; such a number is a count, a code or a length typed into the column (a
sentence of 12 would otherwise be read as 12 January 1900), never silently a date.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from reconcile.invisible import has_invisible, without_invisible
from reconcile.model import Cell

MIN_YEAR = 1880
MAX_YEAR = 2099
EXCEL_EPOCH = date(1899, 12, 30)
MAX_SERIAL = (date(MAX_YEAR, 12, 31) - EXCEL_EPOCH).days
EVENT_PIVOT = 30  # two-digit event years below this are 20yy, the rest 19yy
# Excel numbers below this (1 January 1910) are no date in these extracts: see above.
SMALL_SERIAL = (date(1910, 1, 1) - EXCEL_EPOCH).days
PLACEHOLDERS = frozenset({date(1900, 1, 1), date(1899, 12, 31), date(1899, 12, 30)})

NOT_REAL = "is not a real date"
NOT_REAL_US = "is not a real date with the day first (it may be month-first, US style)"
NOT_REAL_UK = "is not a real date with the month first (it may be day-first, UK style)"
PLACEHOLDER = "is a placeholder date, not a real one"
NOT_A_DATE = "is not a date reconcile can read"
FUTURE_BIRTH = "is in the future"

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("JAN", "JANUARY"), ("FEB", "FEBRUARY"), ("MAR", "MARCH"), ("APR", "APRIL"),
            ("MAY",), ("JUN", "JUNE"), ("JUL", "JULY"), ("AUG", "AUGUST"),
            ("SEP", "SEPT", "SEPTEMBER"), ("OCT", "OCTOBER"), ("NOV", "NOVEMBER"),
            ("DEC", "DECEMBER"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AP]M)?)?"
_NUMERIC_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})" + _TIME)
_NUMERIC_YMD = re.compile(r"(\d{4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})" + _TIME)
_NAMED_DMY = re.compile(
    r"(\d{1,2})(?:ST|ND|RD|TH)?[\s/.\-]*([A-Z]{3,9})\.?[\s/.\-,]*(\d{4}|\d{2})" + _TIME
)
_NAMED_MDY = re.compile(r"([A-Z]{3,9})\.?\s+(\d{1,2})(?:ST|ND|RD|TH)?,?\s+(\d{4}|\d{2})" + _TIME)
_DIGITS = re.compile(r"\d+")


def is_placeholder_birthday(d: date | None) -> bool:
    """1 January: the date given when only the year of birth was known."""
    return d is not None and d.month == 1 and d.day == 1


def _year(text: str, month: int, day: int, birth: bool, reference: date | None) -> int:
    """The four-digit year for a written year, by the two-digit-year rule above."""
    year = int(text)
    if len(text) != 2:
        return year
    if not birth:
        return 2000 + year if year < EVENT_PIVOT else 1900 + year
    try:
        recent = date(2000 + year, month, day)
    except ValueError:  # not a real day: let _build report it against either century
        return 1900 + year
    return 2000 + year if recent <= (reference or date.today()) else 1900 + year


def _checked(d: date, birth: bool, reference: date | None) -> tuple[date | None, str | None]:
    if d in PLACEHOLDERS:
        return None, PLACEHOLDER
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        return None, f"has the year {d.year}, outside {MIN_YEAR}-{MAX_YEAR}"
    if birth and d > (reference or date.today()):
        return None, FUTURE_BIRTH
    return d, None


def _build(y: int, m: int, d: int, birth: bool, ref: date | None) -> tuple[date | None, str | None]:
    if y in (0, 9999, 2999) or (m == 0 and d == 0) or (y == 1900 and m == 1 and d == 1):
        return None, PLACEHOLDER
    try:
        value = date(y, m, d)
    except ValueError:
        return None, NOT_REAL
    return _checked(value, birth, ref)


def from_serial(serial: float) -> tuple[date | None, str | None]:
    """An Excel 1900-system serial number -> date (fractions of a day are dropped)."""
    if not math.isfinite(serial) or serial < 1 or serial > MAX_SERIAL:
        return None, "is not a date (out of range as an Excel date number)"
    whole = int(serial)
    if whole == 60:
        return None, "is Excel's day 60, the fictitious 29 February 1900"
    # Serials 1-59 count from 1899-12-31; Excel's phantom 29 Feb 1900 shifts the rest by one.
    return EXCEL_EPOCH + timedelta(days=whole + (1 if whole < 60 else 0)), None


def _from_number(value: float, birth: bool, ref: date | None) -> tuple[date | None, str | None]:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if MIN_YEAR <= value <= MAX_YEAR:
            return None, "gives only a year, not a full date"
        if 10_000_000 <= value <= 99_999_999:
            return _from_digits(str(value), birth, ref)
    d, problem = from_serial(value)
    if d is None:
        return None, problem
    if value < SMALL_SERIAL and d not in PLACEHOLDERS:
        return None, (
            f"is a small number, not a date (as an Excel date number it would be {d:%d/%m/%Y})"
        )
    return _checked(d, birth, ref)


def _from_digits(text: str, birth: bool, ref: date | None) -> tuple[date | None, str | None]:
    if len(text) == 8:
        y, m, d = int(text[:4]), int(text[4:6]), int(text[6:])
        if MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12:
            return _build(y, m, d, birth, ref)
        return _build(int(text[4:]), int(text[2:4]), int(text[:2]), birth, ref)
    if len(text) == 6:
        day, month = int(text[:2]), int(text[2:4])
        return _build(_year(text[4:], month, day, birth, ref), month, day, birth, ref)
    if len(text) == 4 and MIN_YEAR <= int(text) <= MAX_YEAR:
        return None, "gives only a year, not a full date"
    if len(text) <= 5:
        return _from_number(int(text), birth, ref)
    return None, NOT_A_DATE


def _plain(text: str) -> str:
    """A date's text as it shows: stripped, without the characters that show nothing
    (reconcile.invisible), which come with text pasted from other systems: "12/03/1985" with
    a zero-width space after it is that date. The cell is named in a finding all the same
    (fields.report_invisible). Text all in ASCII is passed at a glance."""
    if not text.isascii() and has_invisible(text):
        text = without_invisible(text)
    return text.strip()


def _shown(text: str) -> str:
    """_plain, in capitals: what the patterns below read."""
    return _plain(text).upper()


def _from_text(
    text: str, birth: bool, ref: date | None, month_first: bool = False
) -> tuple[date | None, str | None]:
    text = text.strip().upper() if text.isascii() else _shown(text)  # ASCII: the usual case
    if _DIGITS.fullmatch(text):
        return _from_digits(text, birth, ref)
    if m := _NUMERIC_YMD.fullmatch(text):
        return _build(int(m[1]), int(m[3]), int(m[4]), birth, ref)
    if m := _NUMERIC_DMY.fullmatch(text):
        day, month = (int(m[3]), int(m[1])) if month_first else (int(m[1]), int(m[3]))
        found = _build(_year(m[4], month, day, birth, ref), month, day, birth, ref)
        if found[1] == NOT_REAL and month > 12 >= day:
            swapped = _build(_year(m[4], day, month, birth, ref), day, month, birth, ref)
            if swapped[0] is not None:
                return None, NOT_REAL_UK if month_first else NOT_REAL_US
        return found
    if (m := _NAMED_DMY.fullmatch(text)) and m[2] in _MONTHS:
        day, month = int(m[1]), _MONTHS[m[2]]
        return _build(_year(m[3], month, day, birth, ref), month, day, birth, ref)
    if (m := _NAMED_MDY.fullmatch(text)) and m[1] in _MONTHS:
        day, month = int(m[2]), _MONTHS[m[1]]
        return _build(_year(m[3], month, day, birth, ref), month, day, birth, ref)
    return None, NOT_A_DATE


def parse_date(
    value: Cell, *, birth: bool = False, reference: date | None = None, month_first: bool = False
) -> tuple[date | None, str | None]:
    """(date, None) or (None, problem); (None, None) for a blank cell. Never raises.

    ``birth`` selects the two-digit-year rule for dates of birth (and rejects future
    births); ``reference`` is "today" for that rule (default: the real today).
    ``month_first``: numeric text dates are month/day/year (US style), not day/month/year.
    """
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, NOT_A_DATE
    if isinstance(value, datetime):
        return _checked(value.date(), birth, reference)
    if isinstance(value, date):
        return _checked(value, birth, reference)
    if isinstance(value, int | float):
        return _from_number(value, birth, reference)
    if isinstance(value, str):
        if not value.strip():
            return None, None
        return _from_text(value, birth, reference, month_first)
    return None, NOT_A_DATE


# Words saying a date is an estimate, before it and after it. Longest first: a match that
# succeeds on a shorter word (the "C" of "CIRCA") is not tried again with a longer one.
_ROUGHLY = r"(?:CIRCA|APPROXIMATELY|APPROX|ESTIMATED|EST|ABOUT|AROUND|CA|C)\.?\s*"
_ROUGH_TAIL = r"\s*(?:\((?:EST|ESTIMATED|APPROX|APPROXIMATE|C|CA)\.?\)|EST\.?|\?)"
_UNKNOWN = r"(?:0{1,2}|X{1,2}|\?{1,2}|-{1,2}|UK|NK)"  # a day or month written as unknown
_SEP = r"\s*[/.\-]\s*"
# A date of birth that gives only the year: a bare year, a year with a word saying it is
# estimated, a month and year, or a day and month written as zeros or as unknown. Groups:
# the year (or a two-digit one after a named month), and the month where one is written.
_YEAR_ONLY = (
    re.compile(rf"(?:{_ROUGHLY})?(?P<year>\d{{4}})(?:{_ROUGH_TAIL})?"),
    re.compile(rf"(?:{_UNKNOWN}|\d{{1,2}}){_SEP}{_UNKNOWN}{_SEP}(?P<year>\d{{4}})"),
    re.compile(rf"{_UNKNOWN}{_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<year>\d{{4}})"),
    re.compile(rf"(?P<month>\d{{1,2}}){_SEP}(?P<year>\d{{4}})"),
    re.compile(rf"(?P<year>\d{{4}}){_SEP}(?P<month>\d{{1,2}})"),
    re.compile(r"(?P<name>[A-Z]{3,9})\.?[\s/.\-,]+(?P<year>\d{4})"),
    # A named month makes a two-digit year safe ("Jul-72"); so does a two-digit year that
    # cannot be a month ("07/75"); "07/12" could be a day and a month, and is not read.
    re.compile(r"(?P<name>[A-Z]{3,9})\.?[\s/.\-,]+(?P<yy>\d{2})"),
    re.compile(rf"(?P<month>\d{{1,2}}){_SEP}(?P<yy>\d{{2}})"),
)


# Longer text is no date of birth, however marked: the patterns below are not tried on it
# (on a cell of thousands of spaces some would take seconds).
PARTIAL_MAX_CHARS = 100


def _short_text(value: Cell) -> str | None:
    """A text cell in capitals, stripped, when short enough to be a date; else None."""
    if not isinstance(value, str) or len(value) > PARTIAL_MAX_CHARS:
        return None
    return _shown(value)


_ESTIMATE_MARK = re.compile(rf"(?:{_ROUGHLY})?(?P<date>.+?)(?:{_ROUGH_TAIL})?")


def estimated_birth(
    value: Cell, reference: date | None = None, month_first: bool = False
) -> date | None:
    """The date of birth a cell gives with a word saying it is estimated ("01/01/1975 (est)",
    "c. 12/03/1980", "12/03/1980?"), or None (no such word, or no date after it)."""
    text = _short_text(value)
    if text is None:
        return None
    found = _ESTIMATE_MARK.fullmatch(text)
    if found is None or found["date"] == text:
        return None
    return parse_date(found["date"], birth=True, reference=reference, month_first=month_first)[0]


_SEVERAL = re.compile(r"\s*(?:;|\||,\s|\n|\s/\s|\s(?:OR|AND|&)\s)\s*")


def several_births(
    value: Cell, reference: date | None = None, month_first: bool = False
) -> list[date]:
    """The dates of birth of a cell that gives more than one ("12/03/1980; 01/01/1981",
    "12/03/1980 or 12/03/1981", one per line), in order; [] unless it gives at least two and
    every part is a full date."""
    text = _short_text(value)
    if text is None:
        return []
    parts = [p for p in _SEVERAL.split(text) if p]
    if len(parts) < 2:
        return []
    found = [
        parse_date(p, birth=True, reference=reference, month_first=month_first)[0] for p in parts
    ]
    return [d for d in found if d is not None] if all(found) else []


def birth_year_only(value: Cell, reference: date | None = None) -> int | None:
    """The year of birth a cell gives when it gives no full date: 1975 (a number or text),
    "c. 1975", "1975 (est)", "1975?", "07/1975", "1975-07", "July 1975", "00/00/1975",
    "XX/07/1975"; None for anything else, a full date included. The year must lie between
    MIN_YEAR and the reference date's year (default: this year)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if not (math.isfinite(value) and float(value).is_integer()):
            return None
        text = str(int(value))
    elif (short := _short_text(value)) is not None:
        text = short
    else:
        return None
    for pattern in _YEAR_ONLY:
        if found := pattern.fullmatch(text):
            parts = found.groupdict()
            if parts.get("month") is not None and not 1 <= int(parts["month"]) <= 12:
                return None
            if parts.get("name") is not None and parts["name"] not in _MONTHS:
                return None
            if parts.get("yy") is not None:  # the two-digit-year rule for births
                if parts.get("name") is None and int(parts["yy"]) <= 12:
                    return None  # "07/12": a day and a month as much as a month and a year
                month = _MONTHS[parts["name"]] if parts.get("name") else int(parts["month"])
                year = _year(parts["yy"], month, 1, True, reference)
            else:
                year = int(parts["year"])
            return year if MIN_YEAR <= year <= (reference or date.today()).year else None
    return None


@dataclass(frozen=True, slots=True)
class DateOrderEvidence:
    """What a column's numeric text dates (12/31/1975, 31/12/1975) say about their order:
    how many distinct values can only be read day first, how many only month first, and an
    example of each."""

    day_first_only: int = 0
    month_first_only: int = 0
    day_first_example: str = ""
    month_first_example: str = ""


def date_order_evidence(values: Iterable[Cell]) -> DateOrderEvidence:
    """Count, over the distinct text values, those whose first number is above 12 and second
    is not (day first only) and the other way round (month first only)."""
    day = month = 0
    day_example = month_example = ""
    for value in set(values):
        if not isinstance(value, str):
            continue
        text = value.strip() if value.isascii() else _plain(value)
        m = _NUMERIC_DMY.fullmatch(text.upper())
        if m is None:
            continue
        first, second = int(m[1]), int(m[3])
        if first > 12 >= second >= 1:
            day += 1
            day_example = min(day_example, text) if day_example else text
        elif second > 12 >= first >= 1:
            month += 1
            month_example = min(month_example, text) if month_example else text
    return DateOrderEvidence(day, month, day_example, month_example)


# A date column read in one order is taken as written in the other when at least this many of
# its distinct values can only be the other order and at most CONTRARY_SHARE as many can only
# be its own (a few typos aside, it was written the other way throughout).
CONTRARY_MIN = 3
CONTRARY_SHARE = 0.05


def date_order_problem(
    values: Iterable[Cell], month_first: bool, place: str, header: str, setting: str
) -> str | None:
    """The problem in words when a column is plainly written in the other order than the one
    it is read in (read so, every date with a day of 12 or less would be wrong), else None.
    ``place``: file (and sheet); ``setting``: the config key that chooses the order."""
    evidence = date_order_evidence(values)
    if month_first:
        contrary, own = evidence.day_first_only, evidence.month_first_only
        example, written, value = evidence.day_first_example, "day first (UK style)", "day-first"
    else:
        contrary, own = evidence.month_first_only, evidence.day_first_only
        example, written = evidence.month_first_example, "month first (US style)"
        value = "month-first"
    if contrary < CONTRARY_MIN or own > contrary * CONTRARY_SHARE:
        return None
    return (
        f"{place}, column {header!r}: the dates are written {written}: {contrary} different "
        f"values such as {example!r} can only be read that way and {own} the other way, so "
        f"every date with a day of 12 or less would be read wrongly; set {setting} = "
        f'"{value}" under [input] in the config file, or correct the column, and run again'
    )
