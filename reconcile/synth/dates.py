"""Dates as extracts hold them: date cells, Excel serial numbers and day-first text.

Also the ways a date of birth goes wrong between two systems: day and month swapped, one
digit mistyped, a 1 January placeholder, missing altogether.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from reconcile.model import Cell

EXCEL_EPOCH = date(1899, 12, 30)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Text layouts (strftime-like, spelled out so two-digit years stay explicit).
TEXT_FORMATS = ("dd/mm/yyyy", "dd.mm.yy", "yyyy-mm-dd", "dd-Mon-yyyy", "yyyymmdd")

DOB_CORRUPTIONS = ("swap", "digit", "jan1", "missing")


def excel_serial(d: date) -> int:
    return (d - EXCEL_EPOCH).days


def as_text(d: date, layout: str) -> str:
    """A date written in one of TEXT_FORMATS (two-digit years only where unambiguous)."""
    if layout == "dd.mm.yy" and not 1969 <= d.year <= 2068:
        layout = "dd/mm/yyyy"
    if layout == "dd/mm/yyyy":
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    if layout == "dd.mm.yy":
        return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"
    if layout == "yyyy-mm-dd":
        return d.isoformat()
    if layout == "dd-Mon-yyyy":
        return f"{d.day:02d}-{MONTHS[d.month - 1]}-{d.year:04d}"
    if layout == "yyyymmdd":
        return f"{d.year:04d}{d.month:02d}{d.day:02d}"
    raise ValueError(f"unknown date layout {layout!r}")


def render(d: date | None, rng: random.Random, mix: tuple[float, float]) -> Cell:
    """A date cell, an Excel serial number or text. ``mix`` = (share of cells, of serials)."""
    if d is None:
        return None
    roll = rng.random()
    if roll < mix[0]:
        return d
    if roll < mix[0] + mix[1]:
        return excel_serial(d)
    weights = (60, 12, 10, 10, 8)
    return as_text(d, rng.choices(TEXT_FORMATS, weights)[0])


def dob_applicable(dob: date) -> list[str]:
    kinds = ["digit", "jan1", "missing"]
    if dob.day <= 12 and dob.day != dob.month:
        kinds += ["swap", "swap", "swap"]
    if dob.month == 1 and dob.day == 1:
        kinds.remove("jan1")
    return kinds


def corrupt_dob(kind: str, dob: date, rng: random.Random) -> date | None:
    """A date of birth as another system recorded it."""
    if kind == "swap":
        return date(dob.year, dob.day, dob.month)
    if kind == "jan1":
        return date(dob.year, 1, 1)
    if kind == "missing":
        return None
    # one digit mistyped, in the day, the month or the last digit of the year, and only one
    # digit of the date as written (September -> October changes two); or the year one off
    for _ in range(20):
        where = rng.randrange(3)
        try:
            if where == 0:
                tens, units = divmod(dob.day, 10)
                out = date(dob.year, dob.month, tens * 10 + (units + rng.choice((1, 9))) % 10)
            elif where == 1:
                out = date(dob.year, dob.month + rng.choice((1, -1)), dob.day)
            elif rng.random() < 0.5:  # the year one off (1979 / 1980)
                out = date(dob.year + rng.choice((1, -1)), dob.month, dob.day)
            else:
                out = date(
                    dob.year - dob.year % 10 + (dob.year + rng.choice((1, 9))) % 10,
                    dob.month,
                    dob.day,
                )
        except ValueError:
            continue
        if digits_apart(dob, out) == 1 or year_one_off(dob, out):
            return out
    return _first_one_digit_off(dob)


def _first_one_digit_off(dob: date) -> date:
    """The first valid date one digit away in the day (then the month): a fallback."""
    text = dob.strftime("%Y%m%d")
    for pos in (7, 6, 5, 4):
        for digit in "0123456789":
            if digit == text[pos]:
                continue
            changed = text[:pos] + digit + text[pos + 1 :]
            try:
                return date(int(changed[:4]), int(changed[4:6]), int(changed[6:]))
            except ValueError:
                continue
    raise AssertionError(f"no date one digit from {dob}")


def year_one_off(a: date, b: date) -> bool:
    return (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1


def digits_apart(a: date, b: date) -> int:
    """How many digits differ between two dates written yyyymmdd."""
    return sum(x != y for x, y in zip(a.strftime("%Y%m%d"), b.strftime("%Y%m%d"), strict=True))


def between(rng: random.Random, start: date, end: date) -> date:
    """A uniformly chosen date in [start, end]."""
    span = (end - start).days
    return start + timedelta(days=rng.randint(0, max(span, 0)))
