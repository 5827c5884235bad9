"""CSV and TSV through the csv module: a fixed encoding cascade and a deterministic delimiter.

Encoding: the config's override, else a byte-order mark (UTF-8, UTF-16), else strict
UTF-8 over the whole file, else Windows-1252 (what Excel saves in the UK). Guessing
libraries were avoided on purpose: they can mistake cp1252 for cp1250 and turn
"£" into "Ł" without a word.

Two readings that would garble names without a word are refused instead, naming the row and
column: a file that is UTF-8 but for a few bytes (edited in two programs), which as cp1252
would turn every "É" into "Ã‰"; and a file that is UTF-8 throughout, holding letters beyond
ASCII, read with another encoding set by the user.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from reconcile.collector import collector_paused
from reconcile.errors import ConfigError, InputError
from reconcile.read.config import LimitsConfig
from reconcile.read.guards import MAX_COLUMNS, check_cells
from reconcile.read.layout import Grid, column_letter, header_score
from reconcile.read.sniff import looks_like_utf16

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_RECORDS = 40
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAVE_AGAIN = "save it again as 'CSV UTF-8' from Excel, or set the encoding under [input]"
# A character written as UTF-8: a lead byte and its continuation bytes.
_UTF8_CHAR = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_UTF8_NAMES = ("utf-8", "utf-8-sig")


def _shown(value: str, limit: int = 40) -> str:
    """A cell's text in quotes for a message, a byte that is not UTF-8 or a control
    character written as \\xa3."""
    text = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    text = " / ".join(text.splitlines())
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return f"'{text if len(text) <= limit else text[: limit - 3] + '...'}'"


def _cell_where(text: str, wanted: re.Pattern[str]) -> tuple[str, str]:
    """('row R, column C', the cell's text) of the first cell of a CSV text holding a
    character the pattern ``wanted`` finds, the delimiter taken as the commonest of the four in its
    first lines; ('', '') if none does."""
    head = text[: 1 << 16]
    delimiter = max(DELIMITERS, key=head.count)
    previous = csv.field_size_limit(1 << 30)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        for row, record in enumerate(reader, start=1):
            for col, value in enumerate(record):
                if wanted.search(value):
                    return f"row {row:,}, column {column_letter(col)}", value
    except csv.Error:
        pass
    finally:
        csv.field_size_limit(previous)
    return "", ""


# In text decoded from UTF-8 with errors="surrogateescape": a byte that is not UTF-8, and a
# character beyond ASCII that is.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
_BEYOND_ASCII = re.compile("[\x80-\udc7f\udd00-\U0010ffff]")


def _mixed_message(data: bytes, name: str, at: int) -> str | None:
    """The message for a file that is UTF-8 but for the byte at ``at`` (and maybe others);
    None when no character in it is written as UTF-8."""
    if not _UTF8_CHAR.search(data):  # the quick look: most cp1252 files stop here
        return None
    text = data.decode("utf-8", "surrogateescape")
    first = _BEYOND_ASCII.search(text)
    if first is None:
        return None
    sample = first.group()
    place, value = _cell_where(text, _NOT_UTF8)
    good, example = _cell_where(text, _BEYOND_ASCII)
    bad = len(_NOT_UTF8.findall(text))
    utf8 = len(_BEYOND_ASCII.findall(text))
    byte = data[at]
    as_cp1252 = bytes([byte]).decode("cp1252", "replace")
    also = f" ({bad:,} such bytes in all)" if bad > 1 else ""
    garbled = sample.encode("utf-8").decode("cp1252", "replace")
    return (
        f"{name}, {place or f'byte position {at:,}'}: the byte 0x{byte:02x} in {_shown(value)} "
        f"is not UTF-8{also}, though the rest of the file is: {utf8:,} characters are written "
        f"as UTF-8, the first in {_shown(example)} ({good}). The file was most likely edited "
        "in two programs. Read as cp1252 (Windows), every UTF-8 character would be misread "
        f"({_shown(sample)} as {_shown(garbled)}), so the file is not read. Open it in a text "
        "editor, retype the character at that place (as cp1252 it would be "
        f"{_shown(as_cp1252)}), save it as UTF-8 and run again; if the file really is cp1252 "
        'throughout, set encoding = "cp1252" under [input], or give --encoding cp1252'
    )


def _override_misfit(data: bytes, name: str, override: str, source: str, option: bool) -> None:
    """InputError when the text is UTF-8 throughout, holding characters beyond ASCII, but an
    encoding other than UTF-8 is set (each of them would be read as two or three others), or
    when it starts with a UTF-16 byte-order mark and the encoding set is not UTF-16."""
    fix = (
        "give --encoding utf-8, or leave the option out"
        if option
        else 'set encoding = "utf-8" there, or remove the setting'
    )
    codec = codecs.lookup(override).name
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if not codec.startswith("utf-16"):
            raise InputError(
                f"{name}: the file starts with the mark of UTF-16 text (what Excel saves as "
                f"'Unicode text'), but {source} says it is {override}: read that way, no "
                f"header would be found; {fix.replace('utf-8', 'utf-16')}"
            )
        return
    if codec in _UTF8_NAMES or data.isascii():
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    if not _UTF8_CHAR.search(data):
        return
    place, value = _cell_where(text, _BEYOND_ASCII)
    try:
        misread = value.encode("utf-8").decode(override)
    except UnicodeDecodeError:
        misread = ""
    count = sum(1 for ch in text if ch >= "\x80")
    shown = f" would read {_shown(misread)}" if misread and misread != value else ""
    raise InputError(
        f"{name}{', ' + place if place else ''}: the file is UTF-8 (all its {count:,} "
        f"characters beyond plain ASCII are written as UTF-8), but {source} says it is "
        f"{override}: read that way, names would be misread: {_shown(value)}{shown}; {fix}"
    )


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
        _override_misfit(data, name, override, source, "--encoding" in source)
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
    except UnicodeDecodeError as exc:
        if mixed := _mixed_message(data, name, exc.start):
            raise InputError(mixed) from None
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
                    f"characters ({limits.where('max_cell_chars')}); the file is damaged or "
                    "not an "
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
