"""Records from read tables: one record per row, in order, and findings for what is unreadable.

A value that cannot be read never drops its row: the record keeps None for it, the raw text
in ``unreadable[field]``, and a Finding says which file, sheet, row and column it was in,
what is wrong and what the run did about it.
"""

from __future__ import annotations

from datetime import date

from reconcile.collector import collector_paused
from reconcile.errors import InputError
from reconcile.model import Finding, IndRecord, PrisonRecord, Role, Table
from reconcile.normalise.build import fast_builder
from reconcile.normalise.columns import ColumnReader
from reconcile.normalise.date_like import DATE_CONSEQUENCE, a_date_not, calendar_dates_among
from reconcile.normalise.fields import (
    read_births_and_others,
    read_dates,
    read_names_in_full,
    read_nationality,
    read_prison_numbers,
    read_sentences,
    read_yes_no,
    report_implausible_ages,
    report_invisible,
    report_out_of_order,
    report_repeated_rows,
    report_undated_decisions,
)
from reconcile.normalise.identifiers import normalise_case_ref
from reconcile.normalise.police_ids import read_police_ids
from reconcile.normalise.readable import DEFAULT_LIMIT, mostly_unreadable

_make_prison = fast_builder(PrisonRecord)
_make_ind = fast_builder(IndRecord)


def _unreadable(reader: ColumnReader) -> list[dict[str, str]]:
    """Per row, the raw text of each unreadable field.

    Most rows have nothing unreadable: their records share one empty mapping (records are
    never changed once built; at a million rows a side that saves about 130 MB).
    """
    nothing: dict[str, str] = {}
    return [row if row is not None else nothing for row in reader.unreadable]


def read_case_refs(reader: ColumnReader) -> list[str]:
    """The case references ("" when blank); a date (a date cell, or 03/04/2002: read as text,
    a date cell is "2002-04-03") is none, with a finding: rows sharing it would be joined as
    one case."""
    refs = reader.parse("case_ref", normalise_case_ref)
    dated = calendar_dates_among(refs)
    if dated:
        cells = reader.cells("case_ref")
        problem = a_date_not("a case reference")
        for i, ref in enumerate(refs):
            if ref in dated:
                reader.report(i, "case_ref", cells[i], problem, DATE_CONSEQUENCE, unreadable=False)
                refs[i] = ""
    return refs


def _stop_if_mostly_unreadable(
    reader: ColumnReader,
    role: Role,
    limit: float,
    reference: date | None,
    month_first: bool,
    reference_from: str,
) -> None:
    problem = mostly_unreadable(
        reader,
        role,
        limit,
        reference=reference,
        month_first=month_first,
        reference_from=reference_from,
    )
    if problem:
        raise InputError(problem)


def build_prison_records(
    table: Table,
    *,
    reference: date | None = None,
    month_first: bool = False,
    sentence_unit: str = "",
    unreadable_limit: float = DEFAULT_LIMIT,
    reference_from: str = "",
) -> tuple[list[PrisonRecord], list[Finding]]:
    """One PrisonRecord per row of the prison table, and the findings.

    ``reference`` is the day dates of birth must not be after (two-digit years, future
    births); default today; ``reference_from`` says where it is set, for messages.
    ``month_first``: numeric text dates are month/day/year.
    ``sentence_unit``: the unit of bare sentence numbers ("" = as the header says, else
    months). Raises InputError when a date column is plainly written in the other order, the
    sentence lengths are far too long to be in the unit they are read in, or more than
    ``unreadable_limit`` of a column's values cannot be read (see readable.py).
    """
    with collector_paused():
        return _build_prison(
            table, reference, month_first, sentence_unit, unreadable_limit, reference_from
        )


def _build_prison(
    table: Table,
    reference: date | None,
    month_first: bool,
    sentence_unit: str,
    limit: float,
    reference_from: str = "",
) -> tuple[list[PrisonRecord], list[Finding]]:
    reader = ColumnReader(table)
    report_repeated_rows(reader, "custody episode")
    report_invisible(reader)
    numbers, other_numbers = read_prison_numbers(reader)
    surnames, forenames, aliases, names_given = read_names_in_full(reader)
    dobs, birth_years, other_births = read_births_and_others(reader, reference, month_first)
    nationalities, nationality_raw = read_nationality(reader)
    months, life = read_sentences(reader, sentence_unit)
    sentence_raw = reader.texts("sentence")
    offences = reader.texts("offence")
    starts = read_dates(reader, "sentence_start", reference, month_first)
    releases = read_dates(reader, "release_date", reference, month_first)
    report_out_of_order(reader, starts, releases, "release_date", "is before the sentence date")
    report_out_of_order(reader, dobs, starts, "sentence_start", "is before the date of birth")
    report_implausible_ages(reader, dobs, starts, releases)
    recommended = read_yes_no(reader, "court_recommended")
    pncs, cros = read_police_ids(reader, "pnc"), read_police_ids(reader, "cro")
    # An optional column few extracts have: not read at all when it is not there.
    resident: list[date | None] = (
        read_dates(reader, "resident_since", reference, month_first)
        if "resident_since" in table.columns
        else [None] * reader.size
    )
    _stop_if_mostly_unreadable(reader, Role.PRISON, limit, reference, month_first, reference_from)
    # Positional, in PrisonRecord's field order (checked by the tests): the fastest build.
    records = list(
        map(
            _make_prison,
            range(reader.size),
            reader.provenance,
            numbers,
            surnames,
            forenames,
            dobs,
            nationalities,
            nationality_raw,
            months,
            life,
            sentence_raw,
            offences,
            starts,
            releases,
            recommended,
            _unreadable(reader),
            birth_years,
            pncs,
            cros,
            aliases,
            other_births,
            other_numbers,
            names_given,
            resident,
        )
    )
    return records, reader.sorted_findings()


def build_ind_records(
    table: Table,
    *,
    reference: date | None = None,
    month_first: bool = False,
    unreadable_limit: float = DEFAULT_LIMIT,
    reference_from: str = "",
) -> tuple[list[IndRecord], list[Finding]]:
    """One IndRecord per row of the immigration casework table, and the findings (arguments
    as build_prison_records')."""
    with collector_paused():
        return _build_ind(table, reference, month_first, unreadable_limit, reference_from)


def _build_ind(
    table: Table,
    reference: date | None,
    month_first: bool,
    limit: float,
    reference_from: str = "",
) -> tuple[list[IndRecord], list[Finding]]:
    reader = ColumnReader(table)
    report_repeated_rows(reader, "IND record")
    report_invisible(reader)
    case_refs = read_case_refs(reader)
    surnames, forenames, aliases, names_given = read_names_in_full(reader)
    dobs, birth_years, other_births = read_births_and_others(reader, reference, month_first)
    nationalities, nationality_raw = read_nationality(reader)
    numbers, other_numbers = read_prison_numbers(reader)
    referrals = read_dates(reader, "referral_date", reference, month_first)
    considered = read_dates(reader, "considered_date", reference, month_first)
    report_out_of_order(
        reader, referrals, considered, "considered_date", "is before the referral date"
    )
    decisions = reader.texts("decision")
    report_undated_decisions(reader, decisions, considered)
    pncs, cros = read_police_ids(reader, "pnc"), read_police_ids(reader, "cro")
    _stop_if_mostly_unreadable(reader, Role.IND, limit, reference, month_first, reference_from)
    records = list(
        map(
            _make_ind,
            range(reader.size),
            reader.provenance,
            case_refs,
            surnames,
            forenames,
            dobs,
            nationalities,
            nationality_raw,
            numbers,
            referrals,
            considered,
            decisions,
            _unreadable(reader),
            birth_years,
            pncs,
            cros,
            aliases,
            other_births,
            other_numbers,
            names_given,
        )
    )
    return records, reader.sorted_findings()
