"""PNC IDs and CRO numbers: the police's own numbers for a person, tidied and checked.

Unlike a prison number (one period of custody), a PNC ID and a CRO number belong to the
person: every custody episode and every immigration case of one person can carry the same
one. Both end in a check letter, ``CHECK_LETTERS[n % 23]``, where n is the two-digit year
followed by the serial number (seven digits for a PNC ID, six for a CRO number).

- PNC ID: ``YYYY/NNNNNNNC``; also written with a two-digit year, with fewer serial digits,
  or without the slash (``81/34U``, ``2008/56560Z``, ``20080056560Z``).
- CRO number: ``NNNNNN/YYC``, or ``SFYY/NNNNNNC`` for the search-file series.

A value in such a shape is kept in its canonical form, with the serial zero-padded: a PNC
ID as ``YY/NNNNNNNC``, since the check letter reads only the last two digits of the year
and the century of a two-digit year would be a guess. A value whose check letter does not
match is kept as given (a digit mistyped, most often): the linker then finds it one
character away from the right number; it is never rejected. A value in no known shape is
not compared.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from reconcile.model import Cell
from reconcile.normalise.columns import ColumnReader
from reconcile.normalise.date_like import DATE_CONSEQUENCE, a_calendar_date, a_date_not

CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
PNC_SERIAL = 7
CRO_SERIAL = 6
_PNC = re.compile(r"(\d{2}|\d{4})/?(\d{1,7})([A-Z])")
# Without a slash, the year's length is not written: "200856560Z" is 2008 and 56560, or 20
# and 0856560. Each reading is tried, the two-digit year first, and the one the check letter
# confirms is taken; when none is, the first.
_PNC_NO_SLASH = (
    re.compile(r"(\d{2})(\d{1,7})([A-Z])"),
    re.compile(r"(\d{4})(\d{1,7})([A-Z])"),
)
_CRO = re.compile(r"(\d{1,6})/(\d{2})([A-Z])")
_CRO_SF = re.compile(r"SF(\d{2})/?(\d{1,6})([A-Z])")
_DROP = re.compile(r"[\s.\-]+")
MAX_LENGTH = 40  # longer cells are no identifier (and are not searched)

BAD_CHECK = "check letter does not match the number (a character is probably mistyped)"
# A serial number of zeros passes the check ("00/0000000Z") but names nobody: a placeholder.
ZERO_SERIAL = "has a serial number of zeros: a placeholder, not a person's number"
NOT_PNC = "is not in a PNC ID's form (YYYY/NNNNNNNC)"
NOT_CRO = "is not in a CRO number's form (NNNNNN/YYC or SFYY/NNNNNNC)"
# A date (a date cell, or 03/04/2002) in the column: said as such, not as a number in no form.
PNC_DATED = a_date_not("a PNC ID")
CRO_DATED = a_date_not("a CRO number")
_DATED = frozenset({PNC_DATED, CRO_DATED})
_NOT_KNOWN = frozenset({"NK", "NA", "N/A", "NONE", "UNKNOWN", "NOTKNOWN", "NIL", "0"})


def check_letter(year: str, serial: str) -> str:
    return CHECK_LETTERS[int(year[-2:] + serial) % len(CHECK_LETTERS)]


def _text(value: Cell) -> str | None:
    """The cell upper-cased without spaces, dots or dashes; None when blank or not known."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    text = _DROP.sub("", str(value).upper())
    if not text or text in _NOT_KNOWN:
        return None
    return text


def pnc_and_problem(value: Cell) -> tuple[str | None, str | None]:
    """(canonical PNC ID or None, a problem in words or None)."""
    text = _text(value)
    if text is None:
        return None, None
    found = _PNC.fullmatch(text) if len(text) <= MAX_LENGTH else None
    if found is None:
        return None, PNC_DATED if a_calendar_date(value) else NOT_PNC
    if "/" not in text:
        readings = [m for p in _PNC_NO_SLASH if (m := p.fullmatch(text))]
        confirmed = [m for m in readings if check_letter(m[1], m[2].zfill(PNC_SERIAL)) == m[3]]
        found = (confirmed or readings)[0]
    year, serial, letter = found.group(1)[-2:], found.group(2).zfill(PNC_SERIAL), found.group(3)
    return _checked(f"{year}/{serial}{letter}", year, serial, letter)


def cro_and_problem(value: Cell) -> tuple[str | None, str | None]:
    """(canonical CRO number or None, a problem in words or None)."""
    text = _text(value)
    if text is None:
        return None, None
    if len(text) > MAX_LENGTH:
        return None, NOT_CRO
    found = _CRO.fullmatch(text)
    if found is not None:
        serial, year, letter = found.group(1).zfill(CRO_SERIAL), found.group(2), found.group(3)
        canonical = f"{serial}/{year}{letter}"
    else:
        found = _CRO_SF.fullmatch(text)
        if found is None:
            return None, CRO_DATED if a_calendar_date(value) else NOT_CRO
        year, serial, letter = found.group(1), found.group(2).zfill(CRO_SERIAL), found.group(3)
        canonical = f"SF{year}/{serial}{letter}"
    return _checked(canonical, year, serial, letter)


def _checked(canonical: str, year: str, serial: str, letter: str) -> tuple[str | None, str | None]:
    """A number in a known form, judged: a serial of zeros is a placeholder; a check letter
    that does not match keeps the number, with the problem."""
    if not serial.strip("0"):
        return None, ZERO_SERIAL
    return canonical, None if check_letter(year, serial) == letter else BAD_CHECK


_READERS: dict[str, Callable[[Cell], tuple[str | None, str | None]]] = {
    "pnc": pnc_and_problem,
    "cro": cro_and_problem,
}


def read_police_ids(reader: ColumnReader, field: str) -> list[str | None]:
    """The column's PNC IDs ("pnc") or CRO numbers ("cro"), canonical; all None when the
    extract has no such column. A wrong check letter is kept with a finding; a value in no
    known form is not compared, with a finding."""
    if field not in reader.table.columns:
        return [None] * reader.size
    (values,), problems = reader.parse_parts(field, _READERS[field], 1, 1)
    if problems:
        cells = reader.cells(field)
        for i, problem in problems:
            kept = values[i] is not None
            if kept:
                consequence = "kept as given: compared as one character away from the right number"
            else:
                consequence = DATE_CONSEQUENCE if problem in _DATED else "not compared"
            reader.report(i, field, cells[i], problem, consequence, unreadable=not kept)
    return values
