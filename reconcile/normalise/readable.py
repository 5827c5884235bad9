"""A column most of whose values cannot be read: the wrong column taken, most likely.

A date, sentence length or yes/no value that cannot be read becomes a finding and the run
goes on with the value missing. When most of a column is like that, the run would judge
every row on values it does not have: a header matched to the wrong column ("Date" over a
column of notes), a column of codes under a date's name. The run stops and says so instead,
unless the auditor has said to go on (``unreadable_limit`` under [input]).
"""

from __future__ import annotations

from collections import Counter

from reconcile.model import Role
from reconcile.normalise.columns import FIELD_LABELS, ColumnReader

DEFAULT_LIMIT = 0.5  # the share of a column's values that may be unreadable
MIN_VALUES = 20  # fewer values than this say too little about the column
EXAMPLES = 3
# The fields whose unreadable values the records keep, and what their values should be.
_READ_AS = {
    "dob": "dates",
    "sentence_start": "dates",
    "release_date": "dates",
    "referral_date": "dates",
    "considered_date": "dates",
    "sentence": "sentence lengths",
    "court_recommended": "yes or no",
}


def _holds_something(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _present(reader: ColumnReader, field: str) -> int:
    """Cells holding something (not empty, not only spaces)."""
    return sum(map(_holds_something, reader.cells(field)))


def mostly_unreadable(reader: ColumnReader, role: Role, limit: float = DEFAULT_LIMIT) -> str | None:
    """The problem in words when, in a column of at least MIN_VALUES values, more than
    ``limit`` of them could not be read; else None. The first such column in field order."""
    if limit >= 1.0:
        return None
    counts = Counter(f for row in reader.unreadable if row for f in row)
    for field, what in _READ_AS.items():
        bad = counts.get(field, 0)
        if bad < MIN_VALUES * limit:
            continue
        present = _present(reader, field)
        if present < MIN_VALUES or bad <= limit * present:
            continue
        examples: list[str] = []
        for row in reader.unreadable:
            raw = row.get(field) if row else None
            if raw is not None and raw not in examples:
                examples.append(raw)
                if len(examples) == EXAMPLES:
                    break
        label = FIELD_LABELS.get(field, field)
        header = reader.table.source.mapping.get(field, field)
        shown = ", ".join(repr(e[:40]) for e in examples)
        return (
            f"{reader.place}, column {header!r} (read as the {label}): {bad:,} of its "
            f"{present:,} values cannot be read as {what} (for example {shown}), so it is "
            f"probably not the {label} column. If another column holds the {label}, map it "
            f"under [columns.{role.value}] in the config file (`reconcile inspect` shows how "
            "each column is read); to run on with these values treated as missing, set "
            f"unreadable_limit = 1 under [input]"
        )
    return None
