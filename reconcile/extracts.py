"""Both extracts read and their records built, for `reconcile run` and `reconcile match`.

The workbooks (or CSV files) are parsed at the same time, and the second file's records are
built while the first, usually the larger, is still being parsed (read.loader's
load_tables_built). Errors are those of reading both and then building each in turn.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar, cast

from reconcile.model import Finding, IndRecord, PrisonRecord, Role, SourceInfo, Table
from reconcile.normalise.records import build_ind_records, build_prison_records
from reconcile.read.loader import load_tables_built
from reconcile.settings import Config

R = TypeVar("R")


@dataclass
class Extract(Generic[R]):
    """One extract read: its source, the reading's findings, its records and their findings."""

    source: SourceInfo
    read_findings: list[Finding]
    records: list[R]
    findings: list[Finding]


@dataclass
class Extracts:
    prison: Extract[PrisonRecord]
    ind: Extract[IndRecord]
    building_s: float  # seconds spent building records (part of it while a file was parsed)


def read_records(
    prison_path: Path,
    ind_path: Path,
    config: Config,
    *,
    reference: date | None = None,
    reference_from: str = "",
    require: tuple[str, ...] | None = None,
    on_last_build: Callable[[], None] | None = None,
    on_ind_built: Callable[[Sequence[IndRecord]], None] | None = None,
    on_started: Callable[[], None] | None = None,
) -> Extracts:
    """Read both extracts and build their records. ``reference`` is the date two-digit birth
    years are judged against, set where ``reference_from`` says (for messages); ``require``
    replaces the required columns (as for load_table);
    ``on_last_build`` is called when the prison records, the last, begin to be built, and
    ``on_ind_built`` with the IND records as soon as they are built (the very list returned),
    and ``on_started`` once both files' parsing has begun, before either is waited for."""
    reading = config.input
    building = 0.0

    def build(role: Role, table: Table) -> tuple[Sequence[object], list[Finding]]:
        nonlocal building
        if role is Role.PRISON and on_last_build is not None:
            on_last_build()
        start = time.perf_counter()
        try:
            if role is Role.PRISON:
                return build_prison_records(
                    table,
                    reference=reference,
                    month_first=reading.month_first(role),
                    sentence_unit=reading.sentence_unit,
                    unreadable_limit=reading.unreadable_limit,
                    reference_from=reference_from,
                )
            return build_ind_records(
                table,
                reference=reference,
                month_first=reading.month_first(role),
                unreadable_limit=reading.unreadable_limit,
                reference_from=reference_from,
            )
        finally:
            building += time.perf_counter() - start

    def build_ind(table: Table) -> tuple[Sequence[object], list[Finding]]:
        built = build(Role.IND, table)
        if on_ind_built is not None:
            on_ind_built(cast(Sequence[IndRecord], built[0]))
        return built

    prison, ind = load_tables_built(
        [(prison_path, Role.PRISON), (ind_path, Role.IND)],
        config,
        [lambda table: build(Role.PRISON, table), build_ind],
        require,
        on_started,
    )
    return Extracts(
        Extract(prison[0], prison[1], cast(list[PrisonRecord], prison[2][0]), prison[2][1]),
        Extract(ind[0], ind[1], cast(list[IndRecord], ind[2][0]), ind[2][1]),
        building,
    )
