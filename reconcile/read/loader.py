"""load_table: one input file -> a Table with full provenance, plus findings for rows set aside."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reconcile.errors import InputError, ReconcileError
from reconcile.model import Cell, Finding, Role, SourceInfo, Table
from reconcile.read.cells import unpack_column
from reconcile.read.csvfile import read_csv
from reconcile.read.extract import Extracted, extract, where
from reconcile.read.guards import MB, check_zip
from reconcile.read.isolate import Isolated, can_isolate, start_isolated
from reconcile.read.mapping import explicit_columns, match_index, missing_message
from reconcile.read.sniff import TEXT_FORMATS, check_path, sniff_format
from reconcile.read.workbook import Workbook

if TYPE_CHECKING:
    from reconcile.settings import Config


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class RawRead:
    """What reading a file found, before the checks that only load_table makes."""

    path: Path
    name: str
    format: str
    encoding: str | None
    delimiter: str | None
    size: int
    sha256: str
    extracted: Extracted
    date1904: bool = False  # the workbook counts dates from 1904


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building millions of small objects: the collector would only walk them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _extract_workbook(
    path: Path, role: Role | None, config: Config, require: tuple[str, ...] | None
) -> Extracted:
    """Runs in the isolated reader process."""
    gc.disable()  # the process is thrown away: no need to collect
    book = Workbook(path, config.limits)
    return extract(path.name, book.sheet_names, book.grid, role, config.input, require)


def _read_text(
    path: Path, fmt: str, role: Role | None, config: Config, require: tuple[str, ...] | None
) -> tuple[Extracted, str, str, str, str]:
    """A CSV or TSV file, in this process: (extracted, format, encoding, delimiter, sha256)."""
    name = path.name
    limit = config.limits.max_uncompressed_mb
    if path.stat().st_size > limit * MB:
        raise InputError(
            f"{name}: the file is larger than the limit of {limit:,} MB ([limits] "
            "max_uncompressed_mb); raise the limit if this really is the extract"
        )
    index: dict[str, str] = {}
    for r in [role] if role is not None else list(Role):
        index.update(match_index(r, explicit_columns(r, config.input)))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()  # the very bytes that are parsed
    with gc_paused():
        grid, encoding, delimiter = read_csv(
            data, name, fmt, config.input.encoding, config.limits, index
        )
        del data
        if delimiter == "\t" and fmt == "csv" and path.suffix.lower() != ".csv":
            fmt = "tsv"
        extracted = extract(name, [""], lambda _sheet: grid, role, config.input, require)
    return extracted, fmt, encoding, delimiter, digest


@dataclass
class _Reading:
    """A file being read: already read (``done``) or waiting for its reader child."""

    done: RawRead | None = None
    child: Isolated | None = None
    make: Callable[[Extracted], RawRead] | None = None  # the RawRead, given the child's answer

    def finish(self) -> RawRead:
        if self.done is not None:
            return self.done
        assert self.child is not None and self.make is not None
        return self.make(self.child.result())

    def abandon(self) -> None:
        if self.child is not None:
            self.child.kill()


def _start_read(
    path: Path, role: Role | None, config: Config, require: tuple[str, ...] | None
) -> _Reading:
    """Check and sniff a file, then read it: a CSV in-process, a workbook in a reader child
    that is left running (see _Reading.finish)."""
    path = Path(path)
    name = path.name or str(path)
    size = check_path(path)
    for checked in [role] if role is not None else list(Role):
        explicit_columns(checked, config.input)  # a config mistake is reported before reading
    fmt = sniff_format(path)
    if fmt in TEXT_FORMATS:
        extracted, fmt, encoding, delimiter, digest = _read_text(path, fmt, role, config, require)
        return _Reading(done=RawRead(path, name, fmt, encoding, delimiter, size, digest, extracted))
    digest = sha256_file(path)
    date1904 = False
    if fmt in ("xlsx", "xlsm", "ods"):
        date1904 = check_zip(path, fmt, config.limits).date1904
    args = (path, role, config, require)
    limits = config.limits
    if not can_isolate():  # no fork (Windows): the cheap checks have run; read in-process
        extracted = _extract_workbook(*args)
        return _Reading(
            done=RawRead(path, name, fmt, None, None, size, digest, extracted, date1904)
        )
    child = start_isolated(
        _extract_workbook,
        args,
        name=name,
        timeout_s=limits.reader_timeout_s,
        memory_mb=limits.reader_memory_mb,
    )

    def make(extracted: Extracted) -> RawRead:
        return RawRead(path, name, fmt, None, None, size, digest, extracted, date1904)

    return _Reading(child=child, make=make)


def read_file(
    path: Path, role: Role | None, config: Config, require: tuple[str, ...] | None = None
) -> RawRead:
    """Check, sniff and read a file: a CSV in-process, a workbook in the isolated reader."""
    reading = _start_read(path, role, config, require)
    try:
        return reading.finish()
    finally:
        reading.abandon()


def read_files(
    requests: Sequence[tuple[Path, Role]], config: Config, require: tuple[str, ...] | None = None
) -> list[RawRead]:
    """Read several files, parsing their workbooks at the same time (one reader child each).

    The first file that cannot be read, in the order given, raises its error, just as
    reading them one after another would; no reader child outlives the call."""
    readings: list[_Reading] = []
    failure: ReconcileError | None = None
    try:
        for path, role in requests:
            try:
                readings.append(_start_read(path, role, config, require))
            except ReconcileError as exc:
                failure = exc
                break
        raws = [r.finish() for r in readings]
    finally:
        for reading in readings:
            reading.abandon()
    if failure is not None:
        raise failure
    return raws


def skipped_findings(raw: RawRead) -> list[Finding]:
    ex = raw.extracted
    return [
        Finding(
            file=raw.name,
            sheet=ex.sheet,
            row=s.row,
            column="",
            field="",
            raw=s.text,
            problem=f"not a record: {s.reason}",
            consequence="row skipped; not linked",
        )
        for s in ex.skipped
    ]


DATE_FIELDS = ("dob", "sentence_start", "release_date", "referral_date", "considered_date")


def date_system_findings(raw: RawRead, columns: dict[str, list[Cell]]) -> list[Finding]:
    """A 1904-based workbook: its date cells are read right, but a date typed as a plain
    number means something else than in the usual 1900 system. Say so for each such column."""
    if not raw.date1904:
        return []
    findings = []
    for field_name in DATE_FIELDS:
        numbers = sum(
            1 for v in columns.get(field_name, ()) if isinstance(v, int | float) and v is not True
        )
        if numbers:
            findings.append(
                Finding(
                    file=raw.name,
                    sheet=raw.extracted.sheet,
                    row=0,
                    column=raw.extracted.mapping[field_name],
                    field=field_name,
                    raw=f"plain numbers in the column: {numbers:,}",
                    problem="the workbook counts dates from 1904 (an old Mac Excel setting), so "
                    "a date stored as a plain number reads 4 years and 1 day early",
                    consequence="check these dates in the file; date cells are read correctly",
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
    return _table_of(read_file(path, role, config, require))


def load_tables(
    requests: Sequence[tuple[Path, Role]], config: Config
) -> list[tuple[Table, list[Finding]]]:
    """load_table for several extracts, their workbooks parsed at the same time (on two cores,
    two extracts take about as long as the larger one alone). Errors as load_table's, the
    first file in order first."""
    raws = read_files(requests, config)
    return [_table_of(raw) for raw in raws]


def _table_of(raw: RawRead) -> tuple[Table, list[Finding]]:
    ex = raw.extracted
    place = where(raw.name, ex.sheet)
    if ex.missing:
        raise _swapped(place, ex) or InputError(missing_message(place, ex.role, ex.missing))
    if not ex.row_numbers:
        raise InputError(
            f"{place}: the header (row {ex.header_row}) has no data rows below it; check that "
            "this is the right file" + (" and sheet" if ex.sheet else "")
        )
    with gc_paused():
        columns = {f: unpack_column(packed) for f, packed in ex.columns.items()}
    table = Table(source=source_info(raw), row_numbers=ex.row_numbers, columns=columns)
    return table, skipped_findings(raw) + date_system_findings(raw, columns)
