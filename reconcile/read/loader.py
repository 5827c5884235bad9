"""load_table: one input file -> a Table with full provenance, plus findings for rows set aside."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from reconcile.collector import collector_paused
from reconcile.errors import InputError, ReconcileError
from reconcile.model import Cell, Finding, Provenance, Role, SourceInfo, Table
from reconcile.read.cells import unpack_column
from reconcile.read.coverage import (
    empty_column_notes,
    empty_column_problem,
    error_findings,
    headerless_findings,
    headerless_notes,
    merged_header_problem,
    not_names_problem,
    open_elsewhere_notes,
)
from reconcile.read.extract import Extracted, blank_formulas_message, where
from reconcile.read.files import RawRead, read_file, read_files, read_files_each
from reconcile.read.files import _extract_workbook as _extract_workbook  # for the tests
from reconcile.read.files import sha256_file as sha256_file
from reconcile.read.hidden import hidden_findings, hidden_notes
from reconcile.read.mapping import missing_message
from reconcile.read.mojibake import garbled_cells, garbled_findings, garbled_notes

if TYPE_CHECKING:
    from pathlib import Path

    from reconcile.settings import Config

T = TypeVar("T")


def skipped_findings(raw: RawRead) -> list[Finding]:
    ex = raw.extracted
    sheets = ex.skipped_sheets or [ex.sheet] * len(ex.skipped)
    return [
        Finding.of_row(
            Provenance(raw.name, sheet, s.row, bool(ex.parts)),
            s.text,
            f"not a record: {s.reason}",
            "row skipped; not linked",
        )
        for s, sheet in zip(ex.skipped, sheets, strict=True)
    ]


DATE_FIELDS = ("dob", "sentence_start", "release_date", "referral_date", "considered_date")


# Days from the 1900 date system's day 0 (30 December 1899) to the 1904 system's (1 January
# 1904): a serial number of a 1904-based workbook is this many days more in the 1900 system.
DAYS_1900_TO_1904 = 1462


def _plain_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def from_1904(raw: RawRead, columns: dict[str, list[Cell]]) -> dict[str, int]:
    """A 1904-based workbook (an old Mac Excel setting): its date cells are read right, but a
    date stored as a plain number counts days from 1 January 1904, not from 1900 as the
    readers downstream count them. Each such number in a date column is moved to the 1900
    count in place (4 years and 1 day later), so it reads as the date the workbook meant;
    returns how many were moved, by field."""
    moved: dict[str, int] = {}
    if not raw.date1904:
        return moved
    for field_name in DATE_FIELDS:
        values = columns.get(field_name)
        if not values:
            continue
        count = 0
        for k, value in enumerate(values):
            if _plain_number(value):
                values[k] = value + DAYS_1900_TO_1904  # type: ignore[operator]
                count += 1
        if count:
            moved[field_name] = count
    return moved


def date_system_findings(raw: RawRead, moved: dict[str, int]) -> list[Finding]:
    """Say, for each date column of a 1904-based workbook holding dates as plain numbers,
    that they were read in the workbook's own date system (see from_1904)."""
    findings = []
    for field_name in DATE_FIELDS:
        numbers = moved.get(field_name, 0)
        if numbers:
            findings.append(
                Finding(
                    file=raw.name,
                    sheet=raw.extracted.sheet,
                    row=0,
                    column=raw.extracted.mapping[field_name],
                    field=field_name,
                    raw=f"plain numbers in the column: {numbers:,}",
                    problem="the workbook counts dates from 1904 (an old Mac Excel setting), "
                    "and dates stored as plain numbers count from then too",
                    consequence="read as the workbook counts them (4 years and 1 day later "
                    "than the usual count would read them); check a few against the file",
                )
            )
    return findings


def source_info(raw: RawRead) -> SourceInfo:
    ex = raw.extracted
    return SourceInfo(
        path=raw.path,
        role=ex.role,
        file=raw.name,
        sheet=ex.sheet,
        format=raw.format,
        encoding=raw.encoding,
        header_row=ex.header_row,
        mapping=dict(ex.mapping),
        unused_columns=ex.unused,
        sha256=raw.sha256,
        size=raw.size,
        rows=len(ex.row_numbers),
        skipped=ex.skipped,
        sheet_choice=ex.sheet_choice,
        sheets=tuple(sheet for sheet, _ in ex.parts),
        skipped_sheets=ex.skipped_sheets,
        sheet_headers=ex.part_headers,
        notes=(
            *open_elsewhere_notes(raw.path, raw.name),
            *empty_column_notes(ex, raw.name),
            *headerless_notes(ex, raw.name),
            *hidden_notes(raw.hidden, ex.role, raw.name),
        ),
    )


def _swapped(place: str, ex: Extracted) -> InputError | None:
    """When a file with missing columns reads better as the other extract, say so."""
    other = Role.IND if ex.role is Role.PRISON else Role.PRISON
    mine, theirs = ex.role_scores.get(ex.role, 0), ex.role_scores.get(other, 0)
    if theirs <= mine:
        return None
    return InputError(
        f"{place}: this looks like the {ROLE_LABELS[other]} (its header names {theirs} of its "
        f"columns, and only {mine} of the {ROLE_LABELS[ex.role]}'s), not the "
        f"{ROLE_LABELS[ex.role]}; check that the files are given in the right order"
    )


ROLE_LABELS = {Role.PRISON: "prison extract", Role.IND: "IND extract"}


def load_table(
    path: Path, role: Role, config: Config, *, require: tuple[str, ...] | None = None
) -> tuple[Table, list[Finding]]:
    """Read one extract. `require` replaces the role's required fields ('name' = surname or
    full name). Raises InputError (one line: file, sheet, what to do) when it cannot be used."""
    return _table_of(read_file(path, role, config, require), config.input.unreadable_limit)


def load_tables(
    requests: Sequence[tuple[Path, Role]], config: Config
) -> list[tuple[Table, list[Finding]]]:
    """load_table for several extracts, their workbooks parsed at the same time (on two cores,
    two extracts take about as long as the larger one alone). Errors as load_table's, the
    first file in order first."""
    raws = read_files(requests, config)
    return [_table_of(raw, config.input.unreadable_limit) for raw in raws]


def load_tables_built(
    requests: Sequence[tuple[Path, Role]],
    config: Config,
    builds: Sequence[Callable[[Table], T]],
    require: tuple[str, ...] | None = None,
    on_started: Callable[[], None] | None = None,
) -> list[tuple[SourceInfo, list[Finding], T]]:
    """load_tables, then builds[k](table) for each file k: its source, the reading's findings
    and what was built; each table is dropped once built. A file is built as soon as it is
    read, the last first, so on two cores the later files are built while the first is still
    being parsed. The errors are those of load_tables and then of building each file in
    order: a file that cannot be read first, then one whose table is refused, then one that
    cannot be built. ``require`` as for load_table; ``on_started`` as for read_files_each."""
    refused: dict[int, ReconcileError] = {}
    failed: dict[int, ReconcileError] = {}
    done: dict[int, tuple[SourceInfo, list[Finding], T]] = {}
    for k, raw in read_files_each(requests, config, require, on_started):
        try:
            table, findings = _table_of(raw, config.input.unreadable_limit)
        except ReconcileError as exc:
            refused[k] = exc
            continue
        del raw
        if refused:
            continue
        try:
            done[k] = (table.source, findings, builds[k](table))
        except ReconcileError as exc:
            failed[k] = exc
        del table
    if refused or failed:
        raise (refused or failed)[min(refused or failed)]
    return [done[k] for k in range(len(requests))]


def _no_records_message(place: str, ex: Extracted) -> str:
    """No record below the header: none at all, or every row set aside (then the first, and
    why, so that a file whose rows are plain to see is not said to have none)."""
    check = "check that this is the right file" + (" and sheet" if ex.sheet else "")
    if not ex.skipped:
        return f"{place}: the header (row {ex.header_row}) has no data rows below it; {check}"
    first = ex.skipped[0]
    rows = (
        "the row below it was"
        if len(ex.skipped) == 1
        else f"all {len(ex.skipped)} rows below it were"
    )
    return (
        f"{place}: the header (row {ex.header_row}) has no records below it: {rows} "
        f"set aside as not records (row {first.row}, {first.text!r}: {first.reason}); "
        f"{check}, and that its rows have their values under the right headers"
    )


def _table_of(raw: RawRead, unreadable_limit: float = 0.5) -> tuple[Table, list[Finding]]:
    ex = raw.extracted
    place = where(raw.name, ex.sheet)
    if ex.several_extracts:
        raise InputError(ex.several_extracts)
    if ex.missing:
        raise _swapped(place, ex) or InputError(
            missing_message(place, ex.role, ex.missing, ex.unused)
        )
    if ex.duplicates:
        raise InputError(ex.duplicates)
    if merged := merged_header_problem(ex, raw.name):
        raise InputError(merged)
    if ex.blank_formulas:
        raise InputError(blank_formulas_message(place, ex.blank_formulas))
    if not ex.row_numbers:
        raise InputError(_no_records_message(place, ex))
    if empty := empty_column_problem(ex, raw.name):
        raise InputError(empty)
    with collector_paused():
        columns = {f: unpack_column(packed) for f, packed in ex.columns.items()}
    if problem := not_names_problem(ex, raw.name, columns, unreadable_limit):
        raise InputError(problem)
    moved = from_1904(raw, columns)
    garbled = garbled_cells(ex, columns)
    source = source_info(raw)
    if garbled:
        notes = (*source.notes, *garbled_notes(ex, raw.name, garbled))
        source = dataclasses.replace(source, notes=notes)
    table = Table(source=source, row_numbers=ex.row_numbers, columns=columns, parts=ex.parts)
    findings = skipped_findings(raw) + headerless_findings(ex, raw.name)
    findings += error_findings(ex, raw.name)
    findings += garbled_findings(ex, raw.name, garbled)
    findings += hidden_findings(raw.hidden, raw.name)
    return table, findings + date_system_findings(raw, moved)
