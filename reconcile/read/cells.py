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
from collections.abc import Sequence
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


def normalise_column(values: Sequence[object]) -> list[Cell]:
    """normalise_cell over a column, with fast paths for all-text columns (CSV), text, dates
    and empty cells.

    Equal texts in a column that repeats itself become one string object (see share_texts).
    """
    try:  # all text (CSV): stripped in C; a cell of another kind raises TypeError
        texts: list[str] | None = list(map(str.strip, values))  # type: ignore[arg-type]
    except TypeError:
        texts = None
    if texts is not None:
        if not _repeats(texts):
            return [text or None for text in texts]
        shared: dict[str, str | None] = {"": None}
        return list(map(shared.setdefault, texts, texts))
    return share_texts(
        [
            (v.strip() or None)
            if type(v) is str
            else v
            if v is None or type(v) is date
            else normalise_cell(v)
            for v in values
        ]
    )


SHARE_SAMPLE = 4096  # cells looked at to decide whether a column repeats itself
SHARE_BELOW = 0.9  # share when fewer than this share of the sampled texts are distinct


def _repeats(column: Sequence[object]) -> bool:
    """Whether the texts among the column's first cells repeat enough to be worth sharing."""
    sample = [v for v in column[:SHARE_SAMPLE] if type(v) is str and v]
    return bool(sample) and len(set(sample)) < SHARE_BELOW * len(sample)


def share_texts(column: list[Cell]) -> list[Cell]:
    """The column with equal texts made one object, when its texts repeat.

    Readers make a new string for every cell: a million rows of nationalities, dates written
    as text or sentence lengths are a million strings holding a few hundred values. Sharing
    them halves the memory a table needs and lets later stages find each distinct value
    faster. Columns whose sampled texts are nearly all different (prison numbers, case
    references) are left alone. Only strings are shared: True, 1 and 1.0 stay apart.
    """
    if not _repeats(column):
        return column
    shared: dict[str, str] = {}
    if set(map(type, column)) <= {str, type(None)}:
        return list(map(shared.setdefault, column, column))  # type: ignore[arg-type]
    return [shared.setdefault(v, v) if type(v) is str else v for v in column]


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
    kinds = set(map(type, values))
    if date not in kinds and datetime not in kinds:
        return values, [], []
    dates = [i for i, v in enumerate(values) if type(v) is date]
    stamps = [i for i, v in enumerate(values) if type(v) is datetime]
    if not dates and not stamps:
        return values, dates, stamps
    packed = [
        v.toordinal() if type(v) is date else (v - _EPOCH) // _MICRO if type(v) is datetime else v
        for v in values
    ]
    return packed, dates, stamps


def unpack_column(packed: Packed) -> list[Cell]:
    """Inverse of pack_column (rebuilds the list in place); equal dates become one object."""
    values, dates, stamps = packed
    if dates:
        from_ordinal = date.fromordinal
        days = {values[i] for i in dates}
        made = {day: from_ordinal(day) for day in days}  # type: ignore[arg-type]
        for i in dates:
            values[i] = made[values[i]]
    for i in stamps:
        values[i] = _EPOCH + values[i] * _MICRO  # type: ignore[operator]
    return values
