"""Duplicates within one file, reported as data-quality findings."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reconcile.link.features import IntArray
from reconcile.model import Finding, IndRecord, PrisonRecord
from reconcile.normalise.build import fast_builder

# Positional, in Finding's field order: the fastest build (a national file has tens of
# thousands of duplicates).
_make_finding = fast_builder(Finding)


def duplicate_findings(
    records: Sequence[PrisonRecord] | Sequence[IndRecord],
    person: IntArray,
    case_ids: IntArray | None = None,
) -> list[Finding]:
    """One finding for each row after the first of a person with several rows in one file.
    ``case_ids``: each record's case reference id (0 = none; IND records), to say so where a
    row shares its first row's."""
    found: list[Finding] = []
    later = _later_rows(person)
    released = _first_of_release(records, person, later)
    cases: list[int] | None = case_ids.tolist() if case_ids is not None else None
    for idx, first_idx in later:
        first = records[first_idx].prov
        rec = records[idx]
        where = first.ref if rec.prov.file == first.file else str(first)
        consequence = "treated as one person when linking"
        key = cases[idx] if cases is not None else 0
        field, raw = "", f"{rec.surname}, {rec.forenames}".strip(", ")
        problem = f"appears to be the same person as {where}"
        shared = key != 0 and cases is not None and key == cases[first_idx]
        if shared and isinstance(rec, IndRecord):
            field, raw = "case_ref", rec.case_ref
            problem = f"has the same case reference ({rec.case_ref}) as {where}"
        same_day = released.get(idx)
        if same_day is not None and isinstance(rec, PrisonRecord):
            day = rec.release_date.isoformat() if rec.release_date else ""
            field, raw = "release_date", day
            other = records[same_day]
            assert isinstance(other, PrisonRecord)
            if _another_name(rec, other):  # an alias kept as a row of its own
                why = "the same custody episode under another name"
            else:
                why = "one release on two rows (another offence or sentence?)"
            problem = (
                f"appears to be the same person as {other.prov.ref}, released the same day "
                f"({day}): {why}"
            )
            consequence += "; keeps its own outcome, and the summary counts the release once"
        prov = rec.prov
        found.append(
            _make_finding(prov.file, prov.sheet, prov.row, "", field, raw, problem, consequence)
        )
    return found


def _another_name(rec: PrisonRecord, other: PrisonRecord) -> bool:
    """Two rows of one person's release under one prison number but different names."""
    same_number = rec.prison_number is not None and rec.prison_number == other.prison_number
    return same_number and (rec.surname, rec.forenames) != (other.surname, other.forenames)


def _first_of_release(
    records: Sequence[PrisonRecord] | Sequence[IndRecord],
    person: IntArray,
    several: list[tuple[int, int]],
) -> dict[int, int]:
    """Prison rows after the first of one person released on one day -> that first row
    (``several``: _later_rows, the rows of people with more than one)."""
    first: dict[tuple[int, object], int] = {}
    later: dict[int, int] = {}
    rows = sorted({i for pair in several for i in pair})
    for idx in rows:
        day = getattr(records[idx], "release_date", None)
        if day is not None:
            at = first.setdefault((int(person[idx]), day), idx)
            if at != idx:
                later[idx] = at
    return later


def _later_rows(person: IntArray) -> list[tuple[int, int]]:
    """(row, first row of its person) for every row after the first of a person with several
    rows, people in order of id, rows ascending (as cluster.members lists them)."""
    if len(person) == 0:
        return []
    order = np.argsort(person, kind="stable")
    ids = person[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = ids[1:] != ids[:-1]
    head = order[np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
    later = ~starts
    return list(zip(order[later].tolist(), head[later].tolist(), strict=True))
