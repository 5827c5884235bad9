"""Cell values: the one place where the readers' differences are smoothed out.

python-calamine gives '' for empty cells, floats for integers, date/datetime by the
cell's format and serial numbers for dates formatted as General; the csv module gives
text. Everything leaves here as a Cell: text stripped, empty -> None, 12345.0 -> 12345,
dates kept as dates, other numbers and booleans kept. Dates are not parsed here.

The module also packs columns for the trip from the reader process to the caller:
date objects are slow to pickle, so they travel as integers and are rebuilt.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from reconcile.model import Cell

_EPOCH = datetime(1, 1, 1)
_MICRO = timedelta(microseconds=1)
_MAX_EXACT = 2**53


def normalise_cell(value: object) -> Cell:
    """One raw cell from any reader -> Cell."""
    kind = type(value)
    if kind is str:
        text = value.strip()  # type: ignore[attr-defined]
        return text or None
    if kind is float:
        number: float = value  # type: ignore[assignment]
        if math.isfinite(number) and number.is_integer() and abs(number) < _MAX_EXACT:
            return int(number)
        return number
    if value is None or kind in (int, bool, date, datetime):
        return value  # type: ignore[return-value]
    if isinstance(value, str):
        return normalise_cell(str(value))
    if isinstance(value, bool | int | float | date):
        return value
    if isinstance(value, time | timedelta):
        return str(value)
    return normalise_cell(str(value))


def normalise_column(values: list[object]) -> list[Cell]:
    """normalise_cell over a column, with a fast path for the common kinds."""
    out: list[Cell] = []
    append = out.append
    for value in values:
        kind = type(value)
        if kind is str:
            append(value.strip() or None)  # type: ignore[attr-defined]
        elif kind is date or value is None:
            append(value)  # type: ignore[arg-type]
        else:
            append(normalise_cell(value))
    return out


def is_blank(value: object) -> bool:
    """True for cells that hold nothing (None, '' or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """A raw cell as text for messages and headers ('12345' for 12345.0)."""
    cell = normalise_cell(value)
    if cell is None:
        return ""
    if isinstance(cell, datetime) and cell.time() == time(0):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


# Packed column: (values with dates replaced by ints, positions of dates, positions of datetimes)
Packed = tuple[list[Cell], list[int], list[int]]


def pack_column(values: list[Cell]) -> Packed:
    """Replace date and datetime cells by integers (days, microseconds) for a fast pickle."""
    dates: list[int] = []
    stamps: list[int] = []
    packed: list[Cell] | None = None
    for i, value in enumerate(values):
        kind = type(value)
        if kind is date:
            if packed is None:
                packed = list(values)
            packed[i] = value.toordinal()  # type: ignore[union-attr]
            dates.append(i)
        elif kind is datetime:
            if packed is None:
                packed = list(values)
            packed[i] = (value - _EPOCH) // _MICRO  # type: ignore[operator]
            stamps.append(i)
    return (values if packed is None else packed), dates, stamps


def unpack_column(packed: Packed) -> list[Cell]:
    """Inverse of pack_column (rebuilds the list in place)."""
    values, dates, stamps = packed
    from_ordinal = date.fromordinal
    for i in dates:
        values[i] = from_ordinal(values[i])  # type: ignore[arg-type]
    for i in stamps:
        values[i] = _EPOCH + values[i] * _MICRO  # type: ignore[operator]
    return values
