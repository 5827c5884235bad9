"""Cheap checks on zip-based workbooks before any parser sees them.

A zip bomb declares gigabytes of content, and a crafted sheet can declare a used
range of billions of cells that the parser would try to allocate. Both show in
metadata that is read here without decompressing more than a few kilobytes.
XML is parsed with defusedxml; an ODS file's content is also scanned by expat with
entity declarations refused (as defusedxml does), because the ODS parser can loop
forever on a cut-off file.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice, product
from pathlib import Path
from typing import IO
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from defusedxml.ElementTree import parse as parse_xml

from reconcile.errors import InputError
from reconcile.read.config import LimitsConfig

MB = 1024 * 1024
RATIO_MIN_BYTES = 1 * MB  # parts smaller than this may compress as well as they like
HEAD_CAP = 256 * 1024  # decompressed bytes read to find a sheet's <dimension>
PART_CAP = 8 * MB  # decompressed bytes of workbook.xml read (real ones are a few kilobytes)
_REF = re.compile(r"^\$?([A-Z]{1,7})\$?([0-9]{1,10})$")
MAX_COLUMNS = 16_384  # what Excel allows (column XFD)
MAX_ROWS = 1_048_576
_FIX = "open it in Excel, delete the empty rows and columns outside the data and save it again"


@dataclass(frozen=True)
class SheetDimension:
    sheet: str
    ref: str
    rows: int
    cols: int

    @property
    def cells(self) -> int:
        return self.rows * self.cols


def column_number(letters: str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def parse_ref(ref: str) -> tuple[int, int] | None:
    """Rows and columns spanned by a range such as 'A1:L200' (or a single cell 'A1')."""
    parts = ref.strip().upper().split(":")
    if not 1 <= len(parts) <= 2:
        return None
    corners = [_REF.match(part) for part in parts]
    if not all(corners):
        return None
    rows = [int(m.group(2)) for m in corners if m]
    cols = [column_number(m.group(1)) for m in corners if m]
    return max(rows) - min(rows) + 1, max(cols) - min(cols) + 1


class _Capped:
    """A read-only stream that stops after `cap` bytes."""

    def __init__(self, stream: IO[bytes], cap: int) -> None:
        self.stream = stream
        self.left = cap

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size < 0 else min(size, self.left)
        data = self.stream.read(size)
        self.left -= len(data)
        return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml_refused(name: str, part: str) -> InputError:
    return InputError(
        f"{name}: part {part} of the workbook declares XML entities or a DTD, which is refused "
        "as unsafe (no spreadsheet program writes them); the file may be crafted; ask for the "
        "extract to be sent again, or open it in Excel and save it again as .xlsx"
    )


# A cell showing a formula error: its row (1 = row 1), its column (0 = column A) and what it
# shows ("#N/A").
ErrorCell = tuple[int, int, str]
ERROR_CELLS = 100_000  # kept per sheet; a real sheet has a few
# What a cell showing a formula error shows: Excel's #N/A, #DIV/0!, #REF!, #VALUE!, #NAME?,
# #NUM!, #NULL!, #SPILL! and the like; LibreOffice's Err:502.
FORMULA_ERROR = re.compile(r"#N/A|#[A-Z][A-Z0-9_/]{1,15}[!?]|Err:[0-9]{3}")


@dataclass(frozen=True)
class BookFacts:
    parts: dict[str, str]  # worksheet part path -> sheet name
    date1904: bool  # dates counted from 1904 (an old Mac Excel setting)
    # An ODS file's hidden rows: per table, ranges of rows (first, last, "collapsed" or
    # "filter"), as OdsRanges finds them.
    ods_hidden: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    # And its hidden columns: per table, ranges of column numbers (1 = column A).
    ods_hidden_columns: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # And its merged cells, which the parser does not give for an ODS file: per table, ranges
    # (first row, first column, last row, last column), counted from 0 as the parser counts
    # a workbook's merged ranges.
    ods_merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    # And its cells showing a formula error (#N/A, #DIV/0!, Err:502), which the parser reads
    # as empty: per table, (row, column, what the cell shows), row counted from 1 and column
    # from 0 (column A), as ErrorCell.
    ods_errors: dict[str, list[ErrorCell]] = field(default_factory=dict)


def book_facts(archive: zipfile.ZipFile, name: str) -> BookFacts:
    """What xl/workbook.xml and its relationships say (read with a size cap)."""
    names = set(archive.namelist())
    part = "xl/workbook.xml"
    try:
        with archive.open(part) as handle:
            book = parse_xml(_Capped(handle, PART_CAP))
        rels: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in names:
            part = "xl/_rels/workbook.xml.rels"
            with archive.open(part) as handle:
                for rel in parse_xml(_Capped(handle, PART_CAP)).getroot():
                    target = rel.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else "xl/" + target
                    rels[rel.get("Id", "")] = posixpath.normpath(path)
    except DefusedXmlException:
        raise _xml_refused(name, part) from None
    except Exception:  # a damaged or oversized part: the parser will report it
        return BookFacts({}, False)
    parts: dict[str, str] = {}
    date1904 = False
    for element in book.iter():
        tag = _local(element.tag)
        if tag == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
        if tag != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        if rid in rels:
            parts[rels[rid]] = element.get("name", "")
    return BookFacts(parts, date1904)


def _dimension(archive: zipfile.ZipFile, part: str, name: str) -> str | None:
    try:
        with archive.open(part) as raw:
            for _event, element in iterparse(_Capped(raw, HEAD_CAP), events=("start",)):
                tag = _local(element.tag)
                if tag == "dimension":
                    return str(element.get("ref", ""))
                if tag == "sheetData":
                    return None
    except DefusedXmlException:
        raise _xml_refused(name, part) from None
    except Exception:  # damaged or cut off at the cap: no dimension to check
        return None
    return None


class _Root(Exception):
    pass


def _stop_at_root(*_args: object) -> None:
    raise _Root


# Parts of a workbook the parser reads besides its sheets (checked before it sees them).
_BOOK_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/_rels/workbook.xml.rels",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
)


def check_prolog(archive: zipfile.ZipFile, part: str, name: str) -> None:
    """Refuse a part whose prolog declares XML entities (an entity expansion bomb or an
    external entity). Only the prolog can declare them, so the scan stops at the first
    element; a damaged part is left for the parser to report."""
    parser = expat.ParserCreate()
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    parser.StartElementHandler = _stop_at_root
    try:
        with archive.open(part) as raw:
            stream = _Capped(raw, HEAD_CAP)
            while block := stream.read(16 * 1024):
                parser.Parse(block, False)
    except _EntityFound:
        raise _xml_refused(name, part) from None
    except Exception:  # reached the first element, or damaged: the parser will say
        return


def sheet_dimensions(
    archive: zipfile.ZipFile, name: str, parts: dict[str, str]
) -> Iterator[SheetDimension]:
    """The declared used range of every worksheet that has one."""
    for part, sheet in parts.items():
        if part not in archive.NameToInfo:
            continue
        ref = _dimension(archive, part, name)
        span = parse_ref(ref) if ref else None
        if ref and span:
            yield SheetDimension(sheet, ref, *span)


_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # all that spreadsheet programs write


def check_entries(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a workbook whose zip entries no spreadsheet program writes: a part locked with
    a zip password, compressed by another method, or stored twice under one name (the
    checks here and the parser could then read different copies)."""
    seen: set[str] = set()
    for info in infos:
        part = info.filename
        if info.flag_bits & 0x1:
            raise InputError(
                f"{name}: part {part} of the file is locked with a zip password (an "
                "unsupported zip feature; spreadsheet programs never do this); ask for the "
                "extract to be sent again without the password, or saved again from Excel"
            )
        if info.compress_type not in _METHODS:
            raise InputError(
                f"{name}: part {part} of the file is compressed with zip method "
                f"{info.compress_type} (an unsupported zip feature; spreadsheet programs use "
                "only deflate), so the file was repacked by another program or is crafted; "
                "open it in Excel or LibreOffice and save it again"
            )
        if part in seen:
            raise InputError(
                f"{name}: the file holds two parts named {part} (spreadsheet programs never "
                "write that); the file is damaged or crafted; ask for the extract to be sent "
                "again, or open it in Excel or LibreOffice and save it again"
            )
        seen.add(part)


def check_zip(path: Path, fmt: str, limits: LimitsConfig) -> BookFacts:
    """Raise InputError when a zip-based workbook declares more than the limits allow;
    return what its workbook part says."""
    name = path.name
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        if total > limits.max_uncompressed_mb * MB:
            raise InputError(
                f"{name}: the workbook would expand to {total // MB:,} MB, more than the limit of "
                f"{limits.max_uncompressed_mb:,} MB ({limits.where('max_uncompressed_mb')}); "
                f"the file may be crafted (a zip bomb); {_FIX}, or raise the limit if you "
                "trust it"
            )
        check_entries(name, infos)
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_MIN_BYTES and ratio > limits.max_compression_ratio:
                raise InputError(
                    f"{name}: part {info.filename} expands {ratio:,.0f} times "
                    f"({info.compress_size:,} bytes to {info.file_size:,}), more than the limit "
                    f"of {limits.max_compression_ratio:,} "
                    f"({limits.where('max_compression_ratio')}); the file may be crafted (a "
                    "zip bomb); save it again from Excel, or raise the limit if you trust it"
                )
        facts = BookFacts({}, False)
        if fmt in ("xlsx", "xlsm"):
            facts = book_facts(archive, name)
            for part in (*_BOOK_PARTS, *facts.parts):
                if part in archive.NameToInfo:
                    check_prolog(archive, part, name)
            for dim in sheet_dimensions(archive, name, facts.parts):
                check_cells(name, dim.sheet, dim.rows, dim.cols, limits, dim.ref)
        if fmt == "ods" and "content.xml" in archive.NameToInfo:
            ranges = OdsRanges(name, limits, ods_column_styles(archive, name))
            check_well_formed(archive, "content.xml", name, ranges)
            facts = BookFacts(
                {}, False, ranges.hidden, ranges.hidden_columns, ranges.merged, ranges.errors
            )
    return facts


def _refuse_entities(*_args: object) -> None:
    raise _EntityFound


class _EntityFound(Exception):
    pass


def _repeats(text: str | None) -> int:
    """An ODS repeat count ('1048576'); 1 when absent or not a number (the parser says)."""
    if not text:
        return 1
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return int(text[:19])  # nineteen digits are more than any limit


# A length of nothing, as an ODS style gives a column's width: "0cm", "0.000in", "0pt".
_NO_LENGTH = re.compile(r"(?:0+(?:\.0*)?|\.0+)[a-z]*")
# A column style: the style it is based on ("" for none) and the width it sets itself (None
# when it sets none, and takes its parent's).
ColumnStyle = tuple[str, str | None]
_ODS_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ODS_STYLES = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}styles"
_STYLE_DEPTH = 16  # styles based on styles: no real file goes near this
# A row or column hidden: table:visibility="collapse", the value the OpenDocument standard
# defines and LibreOffice writes; "collapsed" is taken too.
_COLLAPSED = frozenset({"collapse", "collapsed"})


def ods_column_styles(archive: zipfile.ZipFile, name: str) -> dict[str, ColumnStyle]:
    """The column styles an ODS file keeps in styles.xml, among its common styles
    (office:styles), by name: a column of content.xml may take one, and its width, from
    there rather than from content.xml's own automatic styles. Read with defusedxml and a
    size cap; a damaged or cut-off part gives the styles read before the damage."""
    if "styles.xml" not in archive.NameToInfo:
        return {}
    found: dict[str, ColumnStyle] = {}
    inside, style = 0, ""
    try:
        with archive.open("styles.xml") as raw:
            for event, element in iterparse(_Capped(raw, PART_CAP), events=("start", "end")):
                tag = element.tag
                if tag == _ODS_STYLES:
                    inside += 1 if event == "start" else -1
                elif not inside or event != "start":
                    continue
                elif tag == _ODS_STYLE + "style":
                    family = element.get(_ODS_STYLE + "family")
                    style = element.get(_ODS_STYLE + "name", "") if family == "table-column" else ""
                    if style:
                        found[style] = (element.get(_ODS_STYLE + "parent-style-name", ""), None)
                elif tag == _ODS_STYLE + "table-column-properties" and style:
                    width = element.get(_ODS_STYLE + "column-width")
                    if width is not None:
                        found[style] = (found[style][0], width)
    except DefusedXmlException:
        raise _xml_refused(name, "styles.xml") from None
    except Exception:  # damaged or cut off at the cap: what was read so far
        return found
    return found


class OdsRanges:
    """The used range of each table in an ODS content.xml, checked against the cell limit
    as the scan goes: a row or cell may say it is repeated (table:number-rows-repeated,
    table:number-columns-repeated), so a few bytes can stand for billions of cells that
    the parser would then hold. Empty repeated cells and rows, which every LibreOffice file
    ends with, count only when a cell with a value lies beyond them.

    Only element starts are watched (a row is settled when the next row or table starts,
    or the scan ends), which keeps the scan's cost to about that of the parse itself.

    Rows hidden (table:visibility "collapse", or "filter" for rows a filter hides) are
    gathered on the way, as ranges per table (``hidden``); so are columns hidden (a
    table:table-column "collapse", or of a column style whose width is 0:
    ``hidden_columns``), and cells merged over others (table:number-rows-spanned,
    table:number-columns-spanned: ``merged``)."""

    HIDDEN_RANGES = 100_000  # per table; a real sheet has a few, a crafted one no more

    def __init__(
        self, name: str, limits: LimitsConfig, styles: Mapping[str, ColumnStyle] | None = None
    ) -> None:
        self.name, self.limits = name, limits
        self.hidden: dict[str, list[tuple[int, int, str]]] = {}
        self.hidden_columns: dict[str, list[tuple[int, int]]] = {}
        self.merged: dict[str, list[tuple[int, int, int, int]]] = {}
        self.errors: dict[str, list[ErrorCell]] = {}
        # A cell that may show a formula error, its text being read: (first row, last row,
        # first column, last column, whether LibreOffice marked it an error), the text so far.
        # A cell written once for several (table:number-columns-repeated, or in a row written
        # once for several, table:number-rows-repeated) stands in each of them.
        self.error_cell: tuple[int, int, int, int, bool] | None = None
        self.error_text: list[str] = []
        self.parser: expat.XMLParserType | None = None
        # Column styles, from styles.xml (``styles``: ods_column_styles) and then content.xml's
        # automatic styles, which come before the tables: a column of one whose width is
        # nothing (style:column-width="0cm", set by the style or the one it is based on) is
        # hidden. ``shut``: the answer for each style a column has taken, worked out once.
        self.style, self.styles = "", dict(styles or {})
        self.shut: dict[str, bool] = {}
        self._table("")
        self.row_open, self.row_repeat, self.col = False, 1, 0
        self.cell: tuple[int, int] | None = None  # an empty cell a text:p could fill
        self.row_cols: tuple[int, int] | None = None  # first and last column with a value

    def _table(self, sheet: str) -> None:
        self.sheet, self.row, self.column = sheet, 0, 0  # column: table:table-column seen
        self.rows: tuple[int, int] | None = None  # first and last row holding a value
        self.cols: tuple[int, int] | None = None  # first and last column holding one

    def attach(self, parser: expat.XMLParserType) -> None:
        parser.StartElementHandler = self.start
        self.parser = parser

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.error_cell is not None and tag != "text:p":
            self._error_settled()
        if tag == "table:table-cell" or tag == "table:covered-table-cell":
            first = self.col + 1
            repeat = attrs.get("table:number-columns-repeated")
            self.col += _repeats(repeat) if repeat else 1
            self.cell = (first, self.col)
            if "office:value-type" in attrs:
                self._valued()
            if (
                "table:formula" in attrs
                and not attrs.get("office:string-value", "")
                and (
                    attrs.get("calcext:value-type") == "error"
                    or attrs.get("office:value-type", "string") == "string"
                )
            ):
                self._error_cell(
                    first - 1, self.col - 1, attrs.get("calcext:value-type") == "error"
                )
            down = attrs.get("table:number-rows-spanned")
            across = attrs.get("table:number-columns-spanned")
            if down or across:
                self._merge(
                    first - 1, _repeats(down) if down else 1, _repeats(across) if across else 1
                )
        elif tag == "text:p":
            if self.cell is not None:
                self._valued()
        elif tag == "table:table-row":
            self.finish()
            repeat = attrs.get("table:number-rows-repeated")
            self.row_open, self.row_repeat = True, _repeats(repeat) if repeat else 1
            self.col, self.cell, self.row_cols = 0, None, None
            visibility = attrs.get("table:visibility")
            if visibility in _COLLAPSED:
                self._hide("collapsed")
            elif visibility == "filter":
                self._hide(visibility)
        elif tag == "table:table":
            self.finish()
            self._table(attrs.get("table:name", ""))
        elif tag == "table:table-column":
            repeat = attrs.get("table:number-columns-repeated")
            first = self.column + 1
            self.column += _repeats(repeat) if repeat else 1
            if attrs.get("table:visibility") in _COLLAPSED or self._shut(
                attrs.get("table:style-name", "")
            ):
                ranges = self.hidden_columns.setdefault(self.sheet, [])
                if ranges and ranges[-1][1] == first - 1:
                    ranges[-1] = (ranges[-1][0], self.column)
                elif len(ranges) < self.HIDDEN_RANGES:
                    ranges.append((first, self.column))
        elif tag == "style:style":  # the column styles come before the tables
            family = attrs.get("style:family")
            self.style = attrs.get("style:name", "") if family == "table-column" else ""
            if self.style:
                self.styles[self.style] = (attrs.get("style:parent-style-name", ""), None)
                self.shut.clear()
        elif tag == "style:table-column-properties" and self.style:
            width = attrs.get("style:column-width")
            if width is not None:
                self.styles[self.style] = (self.styles[self.style][0], width)

    def _shut(self, style: str) -> bool:
        """Whether a column of the style ``style`` is no wider than nothing: the width the
        style sets, or else the one it is based on does (and so on)."""
        if not style:
            return False
        known = self.shut.get(style)
        if known is None:
            known, name = False, style
            for _ in range(_STYLE_DEPTH):
                parent, width = self.styles.get(name, ("", None))
                if width is not None:
                    known = bool(_NO_LENGTH.fullmatch(width.strip()))
                    break
                if not parent:
                    break
                name = parent
            self.shut[style] = known
        return known

    def _error_cell(self, first: int, last: int, marked: bool) -> None:
        """A formula cell of the row just started (its columns, first and last, counted from
        0) whose result is no number and no text: a formula error, if its text shows one
        (read next)."""
        rows = (self.row + 1, self.row + self.row_repeat)
        self.error_cell, self.error_text = (*rows, first, last, marked), []
        if self.parser is not None:
            self.parser.CharacterDataHandler = self._text

    def _text(self, data: str) -> None:
        if sum(map(len, self.error_text)) < 64:
            self.error_text.append(data)

    def _error_settled(self) -> None:
        """Note the cell whose text was being read as an error cell if it shows one, in
        each row and column it stands for (no more than ERROR_CELLS a table in all: a row
        may be repeated a million times)."""
        assert self.error_cell is not None
        top, bottom, first, last, marked = self.error_cell
        shown = "".join(self.error_text).strip()[:64]
        self.error_cell, self.error_text = None, []
        if self.parser is not None:
            self.parser.CharacterDataHandler = None
        if marked or FORMULA_ERROR.fullmatch(shown):
            cells = self.errors.setdefault(self.sheet, [])
            covered = product(range(top, bottom + 1), range(first, last + 1))
            shown = shown or "an error"
            cells += ((r, c, shown) for r, c in islice(covered, max(0, ERROR_CELLS - len(cells))))

    def _merge(self, col: int, down: int, across: int) -> None:
        """Note a cell of the row just started (its column counted from 0) merged over
        ``down`` rows and ``across`` columns."""
        if down > 1 or across > 1:
            ranges = self.merged.setdefault(self.sheet, [])
            if len(ranges) < self.HIDDEN_RANGES:
                ranges.append((self.row, col, self.row + down - 1, col + across - 1))

    def _hide(self, kind: str) -> None:
        """Note the row just started as hidden (joined to the range before it if it follows
        on, of the same kind)."""
        first, last = self.row + 1, self.row + self.row_repeat
        ranges = self.hidden.setdefault(self.sheet, [])
        if ranges and ranges[-1][2] == kind and ranges[-1][1] == first - 1:
            ranges[-1] = (ranges[-1][0], last, kind)
        elif len(ranges) < self.HIDDEN_RANGES:
            ranges.append((first, last, kind))

    def _valued(self) -> None:
        assert self.cell is not None
        first, last = self.cell
        if self.row_cols is not None:
            first, last = min(first, self.row_cols[0]), max(last, self.row_cols[1])
        self.row_cols, self.cell = (first, last), None

    def finish(self) -> None:
        """Settle the row last started (called when the next starts, and at the end)."""
        if self.error_cell is not None:
            self._error_settled()
        if not self.row_open:
            return
        self.row_open, self.cell = False, None
        if self.row_cols is not None:
            top = self.row + 1 if self.rows is None else self.rows[0]
            self.rows = (top, self.row + self.row_repeat)
            left, right = self.row_cols
            if self.cols is not None:
                left, right = min(left, self.cols[0]), max(right, self.cols[1])
            self.cols = (left, right)
            rows, cols = self.rows[1] - top + 1, right - left + 1
            check_cells(self.name, self.sheet, rows, cols, self.limits)
        self.row += self.row_repeat


def check_well_formed(
    archive: zipfile.ZipFile, part: str, name: str, ranges: OdsRanges | None = None
) -> None:
    """Scan a part with expat, entity declarations forbidden as defusedxml does: a cut-off
    or damaged part is reported here (the ODS parser can loop forever on one); with
    ``ranges``, each table's used range is checked against the cell limit too."""
    parser = expat.ParserCreate()
    if ranges is not None:
        ranges.attach(parser)
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    parser.ExternalEntityRefHandler = _refuse_entities  # type: ignore[assignment]
    try:
        with archive.open(part) as stream:
            while block := stream.read(MB):
                parser.Parse(block, False)
        parser.Parse(b"", True)
        if ranges is not None:
            ranges.finish()
    except _EntityFound:
        raise _xml_refused(name, part) from None
    except expat.ExpatError as exc:
        raise InputError(
            f"{name}: the spreadsheet content ({part}) is damaged "
            f"({expat.ErrorString(exc.code)} at line {exc.lineno:,}); ask for the extract to be "
            "sent again, or open it in Excel or LibreOffice and save it again"
        ) from None
    except LookupError as exc:  # an XML declaration naming an encoding that does not exist
        raise InputError(
            f"{name}: the spreadsheet content ({part}) declares a character encoding that "
            f"does not exist ({exc}); ask for the extract to be sent again, or open it in "
            "Excel or LibreOffice and save it again"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise InputError(
            f"{name}: the file is damaged ({part}: {exc}); ask for the extract to be sent "
            "again, or open it in Excel or LibreOffice and save it again"
        ) from None
    except (NotImplementedError, RuntimeError) as exc:  # compression method, encryption flag
        raise InputError(
            f"{name}: the file is damaged or uses an unsupported zip feature ({part}: {exc}); "
            "open it in Excel or LibreOffice and save it again"
        ) from None


def check_cells(
    name: str,
    sheet: str,
    rows: int,
    cols: int,
    limits: LimitsConfig,
    ref: str = "",
    workbook: bool = True,
) -> None:
    """Raise InputError when a sheet's used range is bigger than a workbook sheet can be, or
    holds more cells than the limit."""
    where = f" ({ref})" if ref else ""
    place = f"{name}, sheet {sheet!r}" if sheet else name
    if workbook and (cols > MAX_COLUMNS or rows > MAX_ROWS):
        raise InputError(
            f"{place}: the used range{where} spans {rows:,} rows x {cols:,} columns, more than a "
            f"spreadsheet can hold ({MAX_ROWS:,} x {MAX_COLUMNS:,}); the file is damaged or "
            f"crafted; {_FIX}"
        )
    cells = rows * cols
    if cells > limits.max_cells:
        raise InputError(
            f"{place}: the used range{where} spans {rows:,} rows x {cols:,} "
            f"columns = {cells:,} cells, more than the limit of {limits.max_cells:,} "
            f"({limits.where('max_cells')}); {_FIX}"
        )


# A formula cell whose result was not saved with the file: <c r="F2"><f>12*2</f><v/></c>, or
# no <v> at all (workbooks written by programs that do not calculate). Readers see it empty.
# A tag's attributes never hold '<' or '>', so no part of the pattern may run past one: the
# search stays linear in the part's size even over text that is not markup (a comment full
# of '<c ' took 33 seconds for 120 KB, quadratically more for more). A cell's reference may
# have whitespace either side of the '=' (r = "F2"). The look ahead first, for a formula after
# the tag, is a quick scan to its '>' that rules out every other cell at once, and the
# possessive repeats (*+) never give back what they took: a sheet of 200,000 rows is scanned
# faster than when each cell's tag was searched for the reference.
_UNCACHED = re.compile(
    rb"<c\b(?=[^<>]*+>\s*+<f\b)[^<>]*?\br\s*+=\s*+[\"']([A-Z]{1,3})([0-9]{1,7})[\"'][^<>]*+>"
    rb"\s*+<f\b[^<>]*(?:/>|>[^<]*+</f>)\s*+(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
_SCAN_BLOCK = 4 * MB
_SCAN_OVERLAP = 64 * 1024  # longer than any one cell's markup that matters here


@dataclass
class SheetScan:
    """What the scan of one worksheet part found (sheet_scan)."""

    blank_formulas: list[str]  # formula cells whose results were not saved, in file order
    # Rows marked hidden (<row hidden="1">), in file order. A sheet that hides its rows by
    # default (<sheetFormatPr zeroHeight="1">) hides only rows with no <row> of their own,
    # which hold nothing: a <row> is shown unless it says hidden="1" (hidden.py).
    hidden: list[int]
    # Of those, the rows inside the range of a filter the sheet applies, but for the rows in
    # an outline group (outlineLevel), which a collapsed group hides whatever the filter does.
    filtered: list[int]
    # Columns marked hidden (<col min="6" max="6" hidden="1"> in the sheet's <cols>), or made
    # no wider than nothing (width="0", which Excel shows as hidden and Unhide shows again):
    # ranges of column numbers (1 = column A), first and last, in file order.
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    # Cells showing a formula error (<c r="AK5" t="e"><v>#N/A</v></c>), which the parser
    # reads as empty, in the rows looked at, in file order.
    errors: list[ErrorCell] = field(default_factory=list)


# A hidden row's tag: <row r="40" spans="1:5" hidden="1">, and a hidden column's, in the
# <cols> before the rows: <col min="6" max="6" width="0" hidden="1"/>. LibreOffice writes
# hidden="false" on every row and column, so the value is part of what is searched for. Some
# programs write the sheet with a namespace prefix on every tag (<x:row ...>, <x:col ...>,
# <x:sheetData>): the tags are looked for with any prefix or none. XML allows whitespace,
# newlines too, either side of an attribute's '=' (hidden = "1"): each pattern takes it.
# Each starts with its attribute's name, so that the search for it runs fast.
_EQ = rb"\s*=\s*"
_HIDDEN = re.compile(rb"hidden" + _EQ + rb"""["'](?:1|true)["']""")
_PREFIX = rb"(?:[A-Za-z_][\w.\-]{0,64}:)?"
# A tag's name, with its prefix if any, where a tag with attributes starts.
_TAG_NAME = re.compile(rb"<" + _PREFIX + rb"([A-Za-z_][\w.\-]{0,64})\s")
_SHEET_DATA = re.compile(rb"<" + _PREFIX + rb"sheetData[\s/>]")
_ROW_NUMBER = re.compile(rb"\sr" + _EQ + rb"""["']([0-9]{1,7})["']""")
# A row in a group (level 1 to 7).
_OUTLINE = re.compile(rb"\soutlineLevel" + _EQ + rb"""["']0*[1-9]""")
_COL_MIN = re.compile(rb"\smin" + _EQ + rb"""["']([0-9]{1,5})["']""")
_COL_MAX = re.compile(rb"\smax" + _EQ + rb"""["']([0-9]{1,5})["']""")
_HIDDEN_COLUMN_RANGES = 16_384  # a sheet has no more columns than this
# A <col> tag in the <cols>; one that hides its columns says hidden="1" (or "true") or gives
# them a width of nothing: width="0", "0.0", ".0".
_COL_TAG = re.compile(rb"<" + _PREFIX + rb"col\s[^<>]{0,4096}>")
_COL_HIDDEN = re.compile(rb"\shidden" + _EQ + rb"""["'](?:1|true)["']""")
_ZERO_WIDTH = re.compile(rb"\swidth" + _EQ + rb"""["'](?:0+(?:\.0*)?|\.0+)["']""")
_TAG_SPAN = 4096  # a <row> tag's attributes never run this long
_FILTER_MODE = re.compile(
    rb"<" + _PREFIX + rb"sheetPr\b[^<>]*\sfilterMode" + _EQ + rb"""["'](?:1|true)["']"""
)
_AUTO_FILTER = re.compile(
    rb"<" + _PREFIX + rb"autoFilter\b[^<>]*\sref" + _EQ + rb"""["']([A-Z$0-9:]{2,30})["']"""
)


def _hidden_rows(data: bytes, rows: set[int], found: dict[int, bool]) -> None:
    """Add to ``found`` the numbers of the rows in ``rows`` whose <row> tag in ``data`` says
    hidden="1", each with whether the tag puts the row in an outline group. The look back
    from each hidden="1" for its tag's '<' never goes past the one before it, so the work
    stays linear in the data whatever it holds."""
    last, lt, gt = 0, -1, -1
    for match in _HIDDEN.finditer(data):
        pos = match.start()
        lt = max(lt, data.rfind(b"<", last, pos))
        gt = max(gt, data.rfind(b">", last, pos))
        last = pos
        tag = (
            _TAG_NAME.match(data, lt, pos)
            if gt < lt and pos - lt < _TAG_SPAN and data[pos - 1 : pos].isspace()
            else None
        )
        if tag is None:
            continue
        end = data.find(b">", pos, pos + _TAG_SPAN)
        end = end if end >= 0 else pos + _TAG_SPAN
        if tag[1] == b"row":
            number = _ROW_NUMBER.search(data, lt, end)
            if number and int(number[1]) in rows:
                found[int(number[1])] = bool(_OUTLINE.search(data, lt, end))


def _tag_at(data: bytes, name: bytes, pattern: re.Pattern[bytes]) -> int:
    """Where in ``data`` the first tag ``pattern`` matches starts (its '<'), found by the
    plain search for ``name`` and a look back for the '<' and prefix before it; -1 if none.
    A pattern that may start with any prefix has no literal start to be searched by fast."""
    at = data.find(name)
    while at >= 0:
        lt = data.rfind(b"<", max(0, at - 66), at)
        if lt >= 0 and pattern.match(data, lt):
            return lt
        at = data.find(name, at + len(name))
    return -1


def _hidden_columns(data: bytes, columns: dict[tuple[int, int], None]) -> None:
    """Add to ``columns`` the (min, max) of each <col> tag in ``data``, up to the rows, that
    hides its columns: hidden="1", or a width of 0 (a column dragged shut, or written so by
    another program, with no hidden="1"), which Excel shows as hidden and Unhide shows again.
    Each tag is looked at once, and never beyond its first 4,096 bytes."""
    end = _tag_at(data, b"sheetData", _SHEET_DATA)
    for tag in _COL_TAG.finditer(data, 0, end if end >= 0 else len(data)):
        text = tag[0]
        if len(columns) >= _HIDDEN_COLUMN_RANGES:
            return
        if not (_ZERO_WIDTH.search(text) or _COL_HIDDEN.search(text)):
            continue
        low, high = _COL_MIN.search(text), _COL_MAX.search(text)
        if low:
            first = int(low[1])
            columns[(first, max(first, int(high[1])) if high else first)] = None


# An error cell's type, t="e": searched for as written, with no space about the '=' (every
# program writes it so), since that search starts with a literal and is the fastest of those
# measured (a 100 MB sheet: 0.12 s; with spaces allowed, 0.27 s; the quoted value alone, 1.3
# s). Then the cell's tag, its reference, and its value after the formula, if any.
_ERROR_TYPE = re.compile(rb"""t=["']e["']""")
_CELL_TAG = re.compile(rb"<" + _PREFIX + rb"c\s")
_CELL_REF = re.compile(rb"\sr" + _EQ + rb"""["']([A-Z]{1,3})([0-9]{1,7})["']""")
_ERROR_VALUE = re.compile(
    rb"\s*+(?:<" + _PREFIX + rb"f\b[^<>]*+(?:(?<=/)>|>[^<]*+</" + _PREFIX + rb"f>))?\s*+"
    rb"<" + _PREFIX + rb"v>\s*([^<]{1,64}?)\s*</" + _PREFIX + rb"v>"
)


def _error_cells(data: bytes, rows: set[int], found: dict[tuple[int, int], str]) -> None:
    """Add to ``found`` the cells in ``rows`` whose tag in ``data`` says t="e" (a formula
    error), by (row, column counted from 0), with what each shows. Each look back and ahead
    stays within the cell's tag and value, so the work is linear in the data."""
    for match in _ERROR_TYPE.finditer(data):
        pos = match.start()
        if not data[pos - 1 : pos].isspace():
            continue
        lt = data.rfind(b"<", max(0, pos - _TAG_SPAN), pos)
        gt = data.find(b">", pos, pos + _TAG_SPAN)
        if lt < 0 or gt < 0 or data[gt - 1 : gt] == b"/" or not _CELL_TAG.match(data, lt):
            continue
        ref = _CELL_REF.search(data, lt, gt)
        value = _ERROR_VALUE.match(data, gt + 1)
        if ref and value and int(ref[2]) in rows and len(found) < ERROR_CELLS:
            found[(int(ref[2]), column_number(ref[1].decode()) - 1)] = value[1].decode(
                "utf-8", "replace"
            )


def _filter_rows(ref: bytes | None) -> range:
    """The rows a filter's range covers below its heading row (none without a range)."""
    if ref is None:
        return range(0)
    numbers = [int(n) for n in re.findall(rb"[0-9]+", ref)]
    return range(min(numbers) + 1, max(numbers) + 1) if numbers else range(0)


def sheet_scan(path: Path, sheet: str, rows: set[int]) -> SheetScan:
    """One pass over ``sheet``'s part (an xlsx or xlsm workbook; nothing found for anything
    else), looking at the rows in ``rows``: the formula cells whose results were not saved,
    the cells showing a formula error, and the rows hidden, with those a filter hides (the
    sheet's filter is on, and the row lies in its range); and the columns hidden (hidden="1",
    or a width of 0), from the <cols> before the rows. Each block of the part is searched
    once for each, so a sheet with none costs little more than decompressing it."""
    found: dict[str, None] = {}
    hidden: dict[int, bool] = {}  # row -> in an outline group
    columns: dict[tuple[int, int], None] = {}
    errors: dict[tuple[int, int], str] = {}
    filter_on, filter_ref = False, None
    try:
        with zipfile.ZipFile(path) as archive:
            facts = book_facts(archive, path.name)
            part = next((p for p, name in facts.parts.items() if name == sheet), None)
            if part is None or part not in archive.NameToInfo:
                return SheetScan([], [], [])
            tail, cols_done = b"", False
            with archive.open(part) as stream:
                while block := stream.read(_SCAN_BLOCK):
                    data = tail + block
                    if b"<f" in data:
                        for m in _UNCACHED.finditer(data):
                            if int(m[2]) in rows:
                                found[(m[1] + m[2]).decode()] = None
                    if not tail:  # the sheet's properties come first
                        filter_on = bool(_FILTER_MODE.search(data, 0, _SCAN_OVERLAP))
                    # The <cols> stand before the rows: looked for until the rows start.
                    _hidden_rows(data, rows, hidden)
                    _error_cells(data, rows, errors)
                    if not cols_done and b"col" in data:
                        _hidden_columns(data, columns)
                    cols_done = cols_done or _tag_at(data, b"sheetData", _SHEET_DATA) >= 0
                    # A filter's range follows the rows: looked for once rows are hidden.
                    at = _tag_at(data, b"autoFilter", _AUTO_FILTER) if hidden else -1
                    if at >= 0:
                        auto = _AUTO_FILTER.match(data, at)
                        assert auto is not None
                        filter_ref = auto[1]
                        filter_on = filter_on or b"filterColumn" in data[at:]
                    tail = data[-_SCAN_OVERLAP:]
    except (zipfile.BadZipFile, KeyError, OSError):
        shown = [(r, c, text) for (r, c), text in errors.items()]
        return SheetScan(list(found), list(hidden), [], list(columns), shown)
    covered = _filter_rows(filter_ref) if filter_on else range(0)
    # A hidden row in a group is not put down to the filter: the group, collapsed, hides it
    # whether the filter would or not (and "hidden" says no more than is known).
    filtered = [r for r, grouped in hidden.items() if r in covered and not grouped]
    shown = [(r, c, text) for (r, c), text in errors.items()]
    return SheetScan(list(found), list(hidden), filtered, list(columns), shown)


def uncached_formulas(path: Path, sheet: str, rows: set[int]) -> list[str]:
    """References of the formula cells in ``rows`` of ``sheet`` whose results were not saved
    (an xlsx or xlsm workbook; [] for anything else), in the order they stand in the file."""
    return sheet_scan(path, sheet, rows).blank_formulas
