"""Reading files: checks and sniffing, CSV in this process, workbooks in reader processes.

    read_file(path, role, config) -> RawRead
    read_files([(path, role), ...], config) -> [RawRead, ...]   files parsed at once
    read_files_each(...) -> (k, RawRead), ...                    each as soon as it is read

A workbook is parsed in a forked child (isolate.py) with a memory limit and a timeout. A
CSV file is parsed in this process when read alone; read with others, in a forked child
too (reconcile.forked, read again here if the child fails). read_files starts every child
before waiting for any, so on two cores the two extracts take about as long as the larger
one alone.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reconcile.collector import collector_paused
from reconcile.errors import InputError, ReconcileError
from reconcile.forked import Forked
from reconcile.model import Role
from reconcile.read.cells import cell_text
from reconcile.read.csvfile import read_csv
from reconcile.read.extract import Extracted, extract
from reconcile.read.guards import MB, ErrorCell, check_zip, sheet_scan
from reconcile.read.hidden import HiddenColumn, HiddenRows, hidden_columns, ods_rows, row_ranges
from reconcile.read.isolate import can_isolate, start_isolated
from reconcile.read.layout import HEADER_SCAN_FAR, Grid, column_letter
from reconcile.read.mapping import explicit_columns, match_index
from reconcile.read.sniff import TEXT_FORMATS, check_path, sniff_format
from reconcile.read.textchecks import check_broken_records, check_nul, check_runaway_quotes
from reconcile.read.workbook import Workbook
from reconcile.read.xlsrecords import XlsSheet, xls_sheets

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
    # Each sheet read that is hidden in the workbook or has data rows hidden (reconcile.read
    # .hidden); empty when none is, and for a CSV file.
    hidden: tuple[HiddenRows, ...] = ()


def _extract_workbook(
    path: Path,
    role: Role | None,
    config: Config,
    require: tuple[str, ...] | None,
    ods_hidden: dict[str, list[tuple[int, int, str]]] | None = None,
    ods_hidden_columns: dict[str, list[tuple[int, int]]] | None = None,
    ods_merged: dict[str, list[tuple[int, int, int, int]]] | None = None,
    book_errors: dict[str, list[ErrorCell]] | None = None,
    fmt: str = "",
) -> tuple[Extracted, tuple[HiddenRows, ...]]:
    """Runs in the isolated reader process: the extract, and the sheets read that are hidden
    or have data rows or columns holding something hidden (an xlsx or xlsm sheet's found by
    the scan for formulas whose results were not saved, an xls (``fmt``) sheet's in its
    records, here, an ODS table's given in ``ods_hidden`` and ``ods_hidden_columns``, as
    check_zip found them). ``ods_merged``: an ODS table's merged cells, counted from its cell
    A1, which the parser does not give; and ``book_errors``, an ODS file's cells showing a
    formula error by table (an xlsx sheet's are found by the scan, an xls sheet's in its
    records), which the parser reads as empty: those in the data rows of mapped columns are
    kept."""
    gc.disable()  # the process is thrown away: no need to collect
    book = Workbook(path, config.limits)
    xls = xls_sheets(path, config.limits.max_uncompressed_mb) if fmt == "xls" else None
    tops: dict[str, tuple[int, int, list[list[object]]]] = {}

    def load(sheet: str) -> Grid:
        """A sheet's grid, its top rows (where a header can be) kept to name the columns."""
        grid = book.grid(sheet)
        if ods_merged and sheet in ods_merged:
            top, left = grid.first_row - 1, grid.first_col
            grid.merged += [
                (a - top, b - left, c - top, d - left) for a, b, c, d in ods_merged[sheet]
            ]
        tops[sheet] = (grid.first_row, grid.first_col, grid.rows[: HEADER_SCAN_FAR + 1])
        return grid

    extracted = extract(path.name, book.sheet_names, load, role, config.input, require)
    headers = dict(zip([p for p, _ in extracted.parts], extracted.part_headers, strict=True))
    blank: list[str] = []
    errors: list[tuple[str, int, str, str, str]] = []
    hidden: list[HiddenRows] = []
    for k, (sheet, rows) in enumerate(extracted.part_rows()):
        if xls is not None:
            scan = xls.get(sheet, XlsSheet()).scan(set(rows))
        else:
            scan = sheet_scan(path, sheet, set(rows))
        errors += _mapped_errors(
            extracted, k, sheet, set(rows), (book_errors or {}).get(sheet, scan.errors)
        )
        spans = scan.hidden_columns
        if ods_hidden_columns and sheet in ods_hidden_columns:
            spans = ods_hidden_columns[sheet]
        columns = (
            _hidden_columns(
                extracted, sheet, headers.get(sheet, extracted.header_row), k, tops, spans
            )
            if spans and sheet in tops
            else ()
        )
        # several sheets: each reference names its sheet, as Excel writes them
        blank += [f"'{sheet}'!{ref}" if extracted.parts else ref for ref in scan.blank_formulas]
        by_filter = set(scan.filtered)
        filtered, other = scan.filtered, [r for r in scan.hidden if r not in by_filter]
        if ods_hidden and sheet in ods_hidden:
            filtered, other = ods_rows(ods_hidden[sheet], sorted(rows))
        found = HiddenRows(
            sheet,
            book.hidden_sheets.get(sheet, ""),
            row_ranges(filtered),
            row_ranges(other),
            columns,
        )
        if found:
            hidden.append(found)
    if blank:
        extracted = replace(extracted, blank_formulas=tuple(blank))
    if errors:
        extracted = replace(extracted, error_cells=tuple(errors))
    return extracted, tuple(hidden)


def _mapped_errors(
    ex: Extracted, part: int, sheet: str, rows: set[int], cells: list[ErrorCell]
) -> list[tuple[str, int, str, str, str]]:
    """Of a sheet's cells showing a formula error, those in its data rows (``rows``) and in a
    mapped field's column: (sheet, row, field, column letter, what it shows), by row."""
    positions = ex.part_positions[part] if part < len(ex.part_positions) else ex.positions
    fields = {j: f for f, j in positions.items()}
    return sorted(
        (sheet, row, fields[col], column_letter(col), shown)
        for row, col, shown in cells
        if row in rows and col in fields
    )


def _hidden_columns(
    ex: Extracted,
    sheet: str,
    header_row: int,
    part: int,
    tops: dict[str, tuple[int, int, list[list[object]]]],
    spans: list[tuple[int, int]],
) -> tuple[HiddenColumn, ...]:
    """The hidden columns (``spans``) of one sheet read that hold its header or values, each
    with its header and the field read from it (by the columns mapped on that sheet, as a
    further sheet's columns may stand elsewhere, under other headers than the first's)."""
    first_row, first_col, top = tops[sheet]
    index = header_row - first_row
    header = top[index] if 0 <= index < len(top) else []
    if ex.header_above and 0 <= index - 1 < len(top):  # a header over two rows: both words
        upper = top[index - 1]
        header = [
            " ".join(cell_text(row[j]).strip() for row in (upper, header) if j < len(row)).strip()
            for j in range(max(len(upper), len(header)))
        ]
    positions = ex.part_positions[part] if part < len(ex.part_positions) else ex.positions
    fields = {j: f for f, j in positions.items()}
    valued = [j for j, _, _ in ex.headerless]
    return hidden_columns(spans, header, first_col, fields, valued)


def _read_text(
    path: Path, fmt: str, role: Role | None, config: Config, require: tuple[str, ...] | None
) -> tuple[Extracted, str, str, str, str]:
    """A CSV or TSV file, in this process: (extracted, format, encoding, delimiter, sha256)."""
    name = path.name
    limit = config.limits.max_uncompressed_mb
    if path.stat().st_size > limit * MB:
        raise InputError(
            f"{name}: the file is larger than the limit of {limit:,} MB "
            f"({config.limits.where('max_uncompressed_mb')}); raise the limit if this really "
            "is the extract"
        )
    index: dict[str, str] = {}
    for r in [role] if role is not None else list(Role):
        index.update(match_index(r, explicit_columns(r, config.input)))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()  # the very bytes that are parsed
    check_nul(data, name)
    lines = data.count(b"\n")
    with collector_paused():
        grid, encoding, delimiter = read_csv(
            data, name, fmt, config.input.encoding, config.limits, index, config.input.encoding_from
        )
        del data
        check_runaway_quotes(grid.rows, lines, delimiter, name)  # type: ignore[arg-type]
        check_broken_records(grid.rows, name)  # type: ignore[arg-type]
        if delimiter == "\t" and fmt == "csv" and path.suffix.lower() != ".csv":
            fmt = "tsv"
        extracted = extract(name, [""], lambda _sheet: grid, role, config.input, require)
    return extracted, fmt, encoding, delimiter, digest


@dataclass
class _Reading:
    """A file being read: ``finish()`` waits for its answer, ``abandon()`` stops any child
    still reading it."""

    finish: Callable[[], RawRead]
    abandon: Callable[[], None] = lambda: None


def _start_read(
    path: Path,
    role: Role | None,
    config: Config,
    require: tuple[str, ...] | None,
    alongside: bool = False,
) -> _Reading:
    """Check and sniff a file, then read it: a workbook in a reader child that is left
    running (see _Reading.finish); a CSV in this process, or, ``alongside`` other files, in
    a forked child too (a child that fails or dies reads it again here, so any error is
    this process's own)."""
    path = Path(path)
    name = path.name or str(path)
    size = check_path(path)
    for checked in [role] if role is not None else list(Role):
        explicit_columns(checked, config.input)  # a config mistake is reported before reading
    fmt = sniff_format(path)
    if fmt in TEXT_FORMATS:

        def text() -> RawRead:
            extracted, kind, encoding, delimiter, digest = _read_text(
                path, fmt, role, config, require
            )
            return RawRead(path, name, kind, encoding, delimiter, size, digest, extracted)

        if not alongside:
            raw = text()
            return _Reading(lambda: raw)
        jobs: list[Forked] = []
        job = Forked(text, name, jobs, redo=True)
        return _Reading(job.wait, job.stop)
    digest = sha256_file(path)
    date1904 = False
    ods_hidden: dict[str, list[tuple[int, int, str]]] = {}
    ods_columns: dict[str, list[tuple[int, int]]] = {}
    ods_merged: dict[str, list[tuple[int, int, int, int]]] = {}
    ods_errors: dict[str, list[ErrorCell]] = {}
    if fmt in ("xlsx", "xlsm", "ods"):
        facts = check_zip(path, fmt, config.limits)
        date1904, ods_hidden = facts.date1904, facts.ods_hidden
        ods_columns, ods_merged = facts.ods_hidden_columns, facts.ods_merged
        ods_errors = facts.ods_errors
    args = (path, role, config, require, ods_hidden, ods_columns, ods_merged, ods_errors, fmt)
    limits = config.limits
    if not can_isolate():  # no fork (Windows): the cheap checks have run; read in-process
        extracted, hidden = _extract_workbook(*args)
        done = RawRead(path, name, fmt, None, None, size, digest, extracted, date1904, hidden)
        return _Reading(lambda: done)
    child = start_isolated(
        _extract_workbook,
        args,
        name=name,
        timeout_s=limits.reader_timeout_s,
        memory_mb=limits.reader_memory_mb,
        where=limits.where,
    )

    def finish() -> RawRead:
        extracted, hidden = child.result()
        return RawRead(path, name, fmt, None, None, size, digest, extracted, date1904, hidden)

    return _Reading(finish, child.kill)


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
    raws = dict(read_files_each(requests, config, require))
    return [raws[k] for k in range(len(raws))]


def read_files_each(
    requests: Sequence[tuple[Path, Role]],
    config: Config,
    require: tuple[str, ...] | None = None,
    on_started: Callable[[], None] | None = None,
) -> Iterator[tuple[int, RawRead]]:
    """read_files, giving each file's place and RawRead as soon as it is read, the last first:
    the caller can work on the later files while the first is still being parsed (it is
    usually the largest). The errors are read_files': once every file is read, the first
    that could not be, in the order given; a file is given only while no error is known.
    ``on_started`` is called once every file's reading has begun, before any is waited for
    (this process has nothing else to do then). Closing the iterator early stops any reader
    child still running."""
    readings: list[_Reading] = []
    failures: dict[int, ReconcileError] = {}
    try:
        for k, (path, role) in enumerate(requests):
            try:
                readings.append(_start_read(path, role, config, require, len(requests) > 1))
            except ReconcileError as exc:
                failures[k] = exc
                break
        if on_started is not None and not failures:
            on_started()
        for k in reversed(range(len(readings))):
            try:
                raw = readings[k].finish()
            except ReconcileError as exc:
                failures[k] = exc
                continue
            if not failures:
                given = [raw]  # handed over, not kept in this frame while the caller uses it
                del raw
                yield k, given.pop()
    finally:
        for reading in readings:
            reading.abandon()
    if failures:
        raise failures[min(failures)]
