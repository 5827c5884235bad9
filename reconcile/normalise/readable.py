"""A column most of whose values cannot be read: the wrong column taken, most likely.

A date, sentence length or yes/no value that cannot be read becomes a finding and the run
goes on with the value missing. When most of a column is like that, the run would judge
every row on values it does not have: a header matched to the wrong column ("Date" over a
column of notes), a column of codes under a date's name. The run stops and says so instead,
unless the auditor has said to go on (``unreadable_limit`` under [input]).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from reconcile.model import Role
from reconcile.normalise.columns import FIELD_LABELS, ColumnReader
from reconcile.normalise.dates import parse_date

DEFAULT_LIMIT = 0.5  # the share of a column's values that may be unreadable
MIN_VALUES = 20  # fewer values than this say too little about the column
EXAMPLES = 3
# Where the audit's as-of date is set, when the caller does not say.
AS_OF_FROM = "[audit] as_of in the config file, or --as-of"
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


def mostly_unreadable(
    reader: ColumnReader,
    role: Role,
    limit: float = DEFAULT_LIMIT,
    *,
    reference: date | None = None,
    month_first: bool = False,
    reference_from: str = "",
) -> str | None:
    """The problem in words when, in a column of at least MIN_VALUES values, more than
    ``limit`` of them could not be read; else None. The first such column in field order.

    ``reference`` is the audit's as-of date the dates of birth were read against, set where
    ``reference_from`` says: when most of a column's unreadable dates of birth are real dates
    after it, the date is wrong, not the column, and the message says so."""
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
        raws = (row.get(field) if row else None for row in reader.unreadable)
        header = reader.table.source.mapping.get(field, field)
        if field == "dob" and reference is not None:
            after = _after_reference(reader, reference, month_first)
            if len(after) * 2 > bad:
                return after_as_of_message(
                    f"column {header!r} ({reader.place})",
                    reference,
                    reference_from or AS_OF_FROM,
                    f"{len(after):,} of its {present:,} dates of birth are later than it",
                    first_examples(after),
                )
        return wrong_column_message(
            f"{reader.place}, column {header!r} (",
            FIELD_LABELS.get(field, field),
            f"{bad:,} of its {present:,} values cannot be read as {what}",
            first_examples(raws),
            role,
            "treated as missing",
        )
    return None


def _after_reference(reader: ColumnReader, reference: date, month_first: bool) -> list[str]:
    """The unreadable dates of birth (as text) that are real dates after ``reference`` and
    not after today: read wrongly only because the audit's as-of date is before them."""
    if reference >= date.today():
        return []
    cells = reader.cells("dob")
    after: list[str] = []
    for i, row in enumerate(reader.unreadable):
        if row is None or "dob" not in row:
            continue
        day, _ = parse_date(cells[i], birth=True, month_first=month_first)
        if day is not None and day > reference:
            after.append(row["dob"])
    return after


def after_as_of_message(
    column: str, as_of: date, origin: str, found: str, examples: Sequence[str]
) -> str:
    """Why a run stops on a column of dates most of which fall after the audit's as-of date:
    that date is wrong (a typed year, say), not the column."""
    shown = ", ".join(repr(e[:40]) for e in examples)
    return (
        f"most dates in {column} fall after the audit's as-of date {as_of.isoformat()} "
        f"({origin}): {found} (for example {shown}), so none of those is read as a date of "
        "birth. Check that "
        "date: it should be the day the audit is as of, on or after the extracts' dates "
        "(such as 2006-03-31); correct it and run again"
    )


def first_examples(values: Iterable[object], count: int = EXAMPLES) -> list[str]:
    """The first ``count`` distinct values (None and blanks passed over), as text."""
    examples: list[str] = []
    for value in values:
        if value is None:
            continue
        text = str(value)
        if text not in examples:
            examples.append(text)
            if len(examples) == count:
                break
    return examples


def wrong_column_message(
    column: str, label: str, found: str, examples: Sequence[str], role: Role, kept: str
) -> str:
    """Why a run stops on a column whose values are mostly not what its field holds (a
    header matched to the wrong column): ``column`` names it up to its open bracket, ``found``
    says what its values are, ``kept`` what ``unreadable_limit = 1`` does with them."""
    shown = ", ".join(repr(e[:40]) for e in examples)
    return (
        f"{column}read as the {label}): {found} (for example {shown}), so it is probably "
        f"not the {label} column. If another column holds the {label}, map it under "
        f"[columns.{role.value}] in the config file (`reconcile inspect` shows how each "
        f"column is read); to run on with these values {kept}, set unreadable_limit = 1 "
        "under [input]"
    )
