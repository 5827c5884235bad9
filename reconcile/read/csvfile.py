"""CSV and TSV through the csv module: a fixed encoding cascade and a deterministic delimiter.

Encoding: the config's override, else a byte-order mark (UTF-8, UTF-16), else strict
UTF-8 over the whole file, else Windows-1252 (what Excel saves in the UK). Guessing
libraries were avoided on purpose: they can mistake cp1252 for cp1250 and turn
"£" into "Ł" without a word.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from reconcile.collector import collector_paused
from reconcile.errors import ConfigError, InputError
from reconcile.read.config import LimitsConfig
from reconcile.read.guards import MAX_COLUMNS, check_cells
from reconcile.read.layout import Grid, header_score
from reconcile.read.sniff import looks_like_utf16

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_RECORDS = 40
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAVE_AGAIN = "save it again as 'CSV UTF-8' from Excel, or set the encoding under [input]"


def decode(data: bytes, name: str, override: str = "", origin: str = "") -> tuple[str, str]:
    """(text, encoding used). ``origin``: where the override was set, for the messages."""
    source = origin or "[input] encoding"
    if override:
        try:
            codecs.lookup(override)
        except LookupError:
            raise ConfigError(
                f"{source}: unknown encoding {override!r}; use e.g. utf-8 or cp1252"
            ) from None
        try:
            return data.decode(override), override
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            option = "--encoding" in source
            if codecs.lookup(override).name != "cp1252":
                fix = "try --encoding cp1252" if option else 'try encoding = "cp1252" there'
                fix = (
                    "a CSV saved by Excel or another Windows program in the UK is usually "
                    f"cp1252: {fix}"
                )
            else:
                fix = "save it again as 'CSV UTF-8' from Excel and give utf-8"
            raise InputError(
                f"{name}: the text cannot be read as {override}, the encoding set by {source} "
                f"(byte 0x{data[exc.start]:02x} on line {line:,}, at byte position "
                f"{exc.start:,}); {fix}, or leave the encoding unset to have UTF-8 or cp1252 "
                "chosen for the file"
            ) from None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: the text starts as {encoding} but is damaged at byte position "
                    f"{exc.start:,}; {_SAVE_AGAIN}"
                ) from None
    if looks_like_utf16(data):
        raise InputError(
            f"{name}: the text looks like UTF-16 without a byte-order mark; set encoding = "
            "\"utf-16-le\" under [input], or save it again as 'CSV UTF-8' from Excel"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: the text cannot be read as UTF-8 or Windows-1252 (byte "
            f"0x{data[exc.start]:02x} at position {exc.start:,}); {_SAVE_AGAIN}"
        ) from None


@contextmanager
def _csv_limits(max_chars: int) -> Iterator[None]:
    """Pause the garbage collector (many small objects) and set the csv field limit."""
    previous = csv.field_size_limit(max_chars + 1)
    try:
        with collector_paused():
            yield
    finally:
        csv.field_size_limit(previous)


def _sample(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text[: 1 << 16]), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= SAMPLE_RECORDS:
                break
    except csv.Error:
        pass
    return records


def detect_delimiter(text: str, index: Mapping[str, str], prefer_tab: bool = False) -> str:
    """The delimiter whose split names most known headers, then gives the most consistent
    field counts; ties go to the order comma, semicolon, tab, pipe (tab first for .tsv)."""
    order = ("\t", ",", ";", "|") if prefer_tab else DELIMITERS
    best, best_score = order[0], (-1, -1, -1)
    with _csv_limits(1 << 24):
        for delimiter in order:
            records = [r for r in _sample(text, delimiter) if any(c.strip() for c in r)]
            if not records:
                continue
            headers = max(header_score(list(r), index) for r in records)
            counts = [len(r) for r in records]
            modal = max(set(counts), key=lambda n: (counts.count(n), n))
            score = (headers, counts.count(modal) if modal > 1 else 0, modal)
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _where(name: str, row: int) -> str:
    return f"{name}, row {row:,}"


# How often parse checks the rows so far against [limits] max_cells.
_CHECK_EVERY = 1 << 16


def parse(text: str, delimiter: str, name: str, limits: LimitsConfig) -> list[list[object]]:
    """All records; every record counts as a row (a blank line too), header or not.

    The rows so far are held to [limits] max_cells as they are read, each counting as wide as
    the widest so far (and a blank line as one cell), so a file of millions of blank lines or
    rows is refused before it fills the memory; the blank lines share one empty row."""
    rows: list[list[object]] = []
    append = rows.append
    blank: list[object] = []
    widest = 1
    with _csv_limits(limits.max_cell_chars):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        try:
            for record in reader:
                width = len(record)
                if width > widest:
                    if width > MAX_COLUMNS:
                        raise InputError(
                            f"{_where(name, len(rows) + 1)}: {width:,} columns, more than the "
                            f"limit of {MAX_COLUMNS:,}; this is not an extract, or its "
                            "delimiter was not recognised; check the file in a text editor"
                        )
                    widest = width
                append(record if width else blank)  # type: ignore[arg-type]
                if not len(rows) % _CHECK_EVERY:
                    check_cells(name, "", len(rows), widest, limits, workbook=False)
        except csv.Error as exc:
            row = len(rows) + 1
            if "field larger than field limit" in str(exc):
                raise InputError(
                    f"{_where(name, row)}: a cell is longer than {limits.max_cell_chars:,} "
                    "characters ([limits] max_cell_chars); the file is damaged or not an "
                    "extract; check that row"
                ) from None
            raise InputError(
                f"{_where(name, row)}: the CSV cannot be read ({exc}); check that row"
            ) from None
    width = max((len(r) for r in rows), default=0)
    check_cells(name, "", len(rows), width, limits, workbook=False)
    return rows


def read_csv(
    data: bytes,
    name: str,
    fmt: str,
    encoding: str,
    limits: LimitsConfig,
    index: Mapping[str, str],
    encoding_from: str = "",
) -> tuple[Grid, str, str]:
    """(grid, encoding used, delimiter) of a CSV or TSV file's bytes."""
    text, used = decode(data, name, encoding, encoding_from)
    delimiter = detect_delimiter(text, index, prefer_tab=fmt == "tsv")
    rows = parse(text, delimiter, name, limits)
    return Grid(sheet="", rows=rows, first_row=1, first_col=0), used, delimiter
