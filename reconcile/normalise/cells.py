"""Cell values as text: how a raw cell is quoted in findings and kept in records."""

from __future__ import annotations

import math
from datetime import date, datetime

from reconcile.model import Cell


def raw_text(value: Cell) -> str:
    """The cell as an auditor would read it: "" for empty, integers without ".0", ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
