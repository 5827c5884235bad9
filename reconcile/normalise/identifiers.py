"""Prison numbers and case references: kept as given, tidied, checked but never rejected.

Prison numbers are upper-cased with spaces and punctuation removed; a number typed into a
numeric cell arrives as an int and is kept as its digits (leading zeros that the
spreadsheet dropped are not invented back). Two formats are known:

- NOMS numbers: one letter, four digits, two letters (A1234BC). The issuing sequence never
  uses the letters B, I, O, S or U and never the digits 0000, so those are warned about:
  usually an O typed for a 0 or an I for a 1.
- LIDS prison numbers (before NOMS): two letters and four digits (FF8282).

Other shapes are kept without comment: prisons used local formats too.

A cell giving several numbers ("A1234CD / FF8282": the person's custody episodes) is read as
the first, with a warning naming them all: run together they would make one number that is
nobody's. The others are kept beside it (reconcile.normalise.fields.read_prison_numbers) and
the linker compares them too. Full-width characters are read as the letters and digits they
are; any other character outside A-Z and 0-9 is left out with a warning naming it, so a
number never loses a character silently. A date (a date cell, or text such as 03/04/2002) is
no prison number: it is missing, with a warning, not the number 03042002. So is a date in the
case-reference column.

``prison_number_key`` folds look-alike characters (O/0, I/L/1, S/5, B/8, Z/2) to the class
the format expects at each position, so that A1234BC and A12E4BC do not meet but AI234BC and
A1234BC do. The linker may use it as a blocking or comparison key.
"""

from __future__ import annotations

import math
import re
import unicodedata

from reconcile.model import Cell
from reconcile.normalise.date_like import a_calendar_date, a_date_not

NOMS = re.compile(r"[A-Z]\d{4}[A-Z]{2}")
LIDS = re.compile(r"[A-Z]{2}\d{4}")
_NOMS_ISSUED = re.compile(r"[AC-HJ-NPQRTV-Z](?!0000)\d{4}[AC-HJ-NPQRTV-Z]{2}")
_WELL_FORMED = re.compile(_NOMS_ISSUED.pattern + "|" + LIDS.pattern)
_NOMS_SHAPE = "LDDDDLL"
_LIDS_SHAPE = "LLDDDD"
_NOMS_UNUSED = frozenset("BIOSU")
_TO_DIGIT = str.maketrans({"O": "0", "D": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"})
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"})
_ANY = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"})


def _digits_of_number(value: int | float) -> str | None:
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


SEVERAL = "holds several prison numbers"
DATED = a_date_not("a prison number")
_PARTS = re.compile(r"\s*(?:[,;/&+|\n]|\s(?:AND|OR)\s|\s)\s*")


def several_prison_numbers(text: str) -> list[str]:
    """The prison numbers of a cell's text (NFKC-normalised) that gives at least two, each
    NOMS or LIDS in form, in order; else []."""
    parts = [p for p in _PARTS.split(text.strip().upper()) if p]
    if len(parts) < 2 or not all(NOMS.fullmatch(p) or LIDS.fullmatch(p) for p in parts):
        return []
    return parts


def normalise_prison_number(value: Cell) -> str | None:
    """Upper case, no spaces or punctuation; int cells as their digits; None when blank."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        text = _digits_of_number(value)
        return text.replace(".", "") if text else None
    if isinstance(value, str) and value.isascii() and value.isalnum():
        return value.upper()
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value)  # full-width A1234CD as A1234CD
        several = several_prison_numbers(value)
        if several:
            return several[0]
    text = re.sub(r"[^0-9A-Z]", "", str(value).upper())
    return text or None


def prison_number_and_warning(value: Cell) -> tuple[str | None, str | None]:
    """(normalise_prison_number(value), prison_number_warning of it, or the warning that
    the cell gives several numbers or characters left out), quickest for the usual cell:
    letters and digits only, in a known format. A date (a date cell, or text such as
    03/04/2002: date_like.a_calendar_date) is (None, DATED): no prison number."""
    if type(value) is str and value.isascii() and value.isalnum():
        number = value.upper()
        if _WELL_FORMED.fullmatch(number):
            return number, None
        return number, prison_number_warning(number)
    if a_calendar_date(value):  # a date cell, or 03/04/2002: not the number 03042002
        return None, DATED
    normalised = normalise_prison_number(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value)
        several = several_prison_numbers(text)
        if several:
            return normalised, f"{SEVERAL} ({', '.join(several)})"
        dropped = sorted({c for c in text.upper() if c.isalnum() and not c.isascii()})
        if dropped:
            return normalised, (
                f"holds {', '.join(dropped)}, not a letter A-Z or a digit: left out, "
                f"read as {normalised or 'nothing'}"
            )
    return normalised, prison_number_warning(normalised)


def prison_number_format(number: str | None) -> str:
    """ "noms", "lids", "other" or "" (missing)."""
    if not number:
        return ""
    if NOMS.fullmatch(number):
        return "noms"
    if LIDS.fullmatch(number):
        return "lids"
    return "other"


def prison_number_warning(number: str | None) -> str | None:
    """A reason to doubt a number, in words, or None. Never a reason to reject it."""
    if not number or _NOMS_ISSUED.fullmatch(number) or LIDS.fullmatch(number):
        return None
    if NOMS.fullmatch(number):
        letters = sorted({c for c in number[0] + number[5:] if c in _NOMS_UNUSED})
        if letters:
            slip = " (often a digit mistyped)" if set(letters) & set("BIOS") else ""
            return (
                f"looks like a NOMS number but contains {', '.join(letters)}, which NOMS "
                f"numbers never use{slip}"
            )
        if number[1:5] == "0000":
            return "looks like a NOMS number but has the digits 0000, which are never issued"
        return None
    if (
        len(number) == 7
        and _fold(number, _NOMS_SHAPE) != number
        and NOMS.fullmatch(_fold(number, _NOMS_SHAPE))
    ):
        return "looks like a NOMS number with a letter typed for a digit (or the reverse)"
    return None


def _fold(number: str, shape: str) -> str:
    return "".join(
        c.translate(_TO_DIGIT) if kind == "D" else c.translate(_TO_LETTER)
        for c, kind in zip(number, shape, strict=True)
    )


def prison_number_key(number: str | None) -> str:
    """A look-alike-folded key: equal keys mean "probably the same number" ("" when missing)."""
    if not number:
        return ""
    if number.isdigit():
        return number.lstrip("0") or "0"
    if len(number) == 7:
        folded = _fold(number, _NOMS_SHAPE)
        if NOMS.fullmatch(folded):
            return folded
    if len(number) == 6:
        folded = _fold(number, _LIDS_SHAPE)
        if LIDS.fullmatch(folded):
            return folded
    return number.translate(_ANY)


def normalise_case_ref(value: Cell) -> str:
    """A case reference as text: stripped, int cells as their digits, "" when blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _digits_of_number(value) or ""
    return str(value).strip()
