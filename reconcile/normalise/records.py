"""Records from read tables: one record per row, in order, and findings for what is unreadable.

A value that cannot be read never drops its row: the record keeps None for it, the raw text
in ``unreadable[field]``, and a Finding says which file, sheet, row and column it was in,
what is wrong and what the run did about it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from reconcile.model import Finding, IndRecord, PrisonRecord, Table
from reconcile.normalise.columns import ColumnReader
from reconcile.normalise.fields import (
    read_dates,
    read_names,
    read_nationality,
    read_prison_numbers,
    read_sentences,
    read_yes_no,
)
from reconcile.normalise.identifiers import normalise_case_ref


@contextmanager
def _bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Records and provenances hold no reference cycles; without the pause the collector
    walks the growing lists again and again (measured: a third of the build time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_prison_records(
    table: Table, *, reference: date | None = None
) -> tuple[list[PrisonRecord], list[Finding]]:
    """One PrisonRecord per row of the prison table, and the findings.

    ``reference`` is the day dates of birth must not be after (two-digit years, future
    births); default today.
    """
    with _bulk_allocation():
        return _build_prison(table, reference)


def _build_prison(table: Table, reference: date | None) -> tuple[list[PrisonRecord], list[Finding]]:
    reader = ColumnReader(table)
    numbers = read_prison_numbers(reader)
    names = read_names(reader)
    dobs = read_dates(reader, "dob", reference)
    nationalities, nationality_raw = read_nationality(reader)
    sentences = read_sentences(reader)
    sentence_raw = reader.texts("sentence")
    offences = reader.texts("offence")
    starts = read_dates(reader, "sentence_start", reference)
    releases = read_dates(reader, "release_date", reference)
    recommended = read_yes_no(reader, "court_recommended")
    # Positional, in PrisonRecord's field order (checked by the tests): the fastest build.
    columns = zip(
        range(reader.size),
        reader.provenance,
        numbers,
        names,
        dobs,
        nationalities,
        nationality_raw,
        sentences,
        sentence_raw,
        offences,
        starts,
        releases,
        recommended,
        reader.unreadable,
        strict=True,
    )
    records = [
        PrisonRecord(i, prov, num, sur, fore, dob, nat, nat_raw, months, life, sent_raw, offence,
                     start, release, rec, unreadable or {})
        for i, prov, num, (sur, fore), dob, nat, nat_raw, (months, life, _), sent_raw, offence,
        start, release, rec, unreadable in columns
    ]  # fmt: skip
    return records, reader.sorted_findings()


def build_ind_records(
    table: Table, *, reference: date | None = None
) -> tuple[list[IndRecord], list[Finding]]:
    """One IndRecord per row of the immigration casework table, and the findings."""
    with _bulk_allocation():
        return _build_ind(table, reference)


def _build_ind(table: Table, reference: date | None) -> tuple[list[IndRecord], list[Finding]]:
    reader = ColumnReader(table)
    case_refs = reader.parse("case_ref", normalise_case_ref)
    names = read_names(reader)
    dobs = read_dates(reader, "dob", reference)
    nationalities, nationality_raw = read_nationality(reader)
    numbers = read_prison_numbers(reader)
    referrals = read_dates(reader, "referral_date", reference)
    considered = read_dates(reader, "considered_date", reference)
    decisions = reader.texts("decision")
    columns = zip(
        range(reader.size),
        reader.provenance,
        case_refs,
        names,
        dobs,
        nationalities,
        nationality_raw,
        numbers,
        referrals,
        considered,
        decisions,
        reader.unreadable,
        strict=True,
    )
    records = [
        IndRecord(i, prov, ref, sur, fore, dob, nat, nat_raw, num, referral, cons, decision,
                  unreadable or {})
        for i, prov, ref, (sur, fore), dob, nat, nat_raw, num, referral, cons, decision,
        unreadable in columns
    ]  # fmt: skip
    return records, reader.sorted_findings()
