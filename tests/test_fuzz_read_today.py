"""Hostile and odd inputs for the reading paths of CSV records broken at their edges, hidden
rows and columns under namespace prefixes and in ODS styles, dates with characters that show
nothing, the column-kind check and inspect's findings in cells: each is read, or refused with
an InputError of one line; never a traceback or a hang, and never a wrong answer where the
right one is known.

Short runs here; for a long run on demand:
    READ_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_read_today.py
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import tempfile
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import InputError
from reconcile.invisible import NAMES
from reconcile.model import Finding, Role
from reconcile.normalise.dates import birth_year_only, date_order_evidence, parse_date
from reconcile.read import guards, inspect_file, load_table
from reconcile.read.config import LimitsConfig
from reconcile.read.coverage import WORD_MIN_VALUES, not_names_problem
from reconcile.read.guards import (
    OdsRanges,
    check_well_formed,
    column_number,
    ods_column_styles,
    sheet_scan,
)
from reconcile.read.hidden import hidden_columns
from reconcile.read.inspect import Inspection, _cell_value, cell_kinds, render_inspection
from reconcile.read.layout import column_letter
from reconcile.read.textchecks import check_broken_records
from reconcile.settings import Config
from reconcile.terminal import printable
from tests.fuzzing import examples, fuzz
from tests.test_coverage_distinct import FIELDS, _every_cell, _extracted
from tests.test_read_corpus import PRISON_HEADER, prison_sheet, write_ods

EXAMPLES = examples("READ_FUZZ_EXAMPLES", 60)
FUZZ = fuzz(EXAMPLES)
runner = CliRunner()
CONFIG = Config(limits=LimitsConfig(reader_timeout_s=5, reader_memory_mb=1_000))


def _one_line(exc: InputError) -> str:
    text = str(exc)
    assert text and "\n" not in text and "\r" not in text, text
    return text


# --- CSV: records broken at their first or last value ---------------------------------

_VALUES = st.one_of(
    st.sampled_from(["", " ", "A1234BC", "SMITH", "N", "HMP Brixton", "1/1/70", '"', "a,b"]),
    st.text(alphabet=st.sampled_from('ab1 ,;"\r\n\t:\u200b'), max_size=8),
)


@FUZZ
@given(
    rows=st.lists(
        st.one_of(
            st.lists(_VALUES, min_size=1, max_size=1),
            st.lists(_VALUES, min_size=5, max_size=5),
            st.lists(_VALUES, min_size=0, max_size=7),
        ),
        max_size=12,
    )
)
def test_the_broken_record_check_refuses_in_words_or_passes(rows: list[list[str]]) -> None:
    """Any rows at all, of one value or of the usual width at every position: the check
    passes, or refuses naming rows and lines in one line of text."""
    try:
        check_broken_records(rows, "prison.csv")
    except InputError as exc:
        text = _one_line(exc)
        assert text.startswith("prison.csv, row")


_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@FUZZ
@given(
    rows=st.lists(
        st.one_of(
            st.lists(_VALUES, min_size=1, max_size=1), st.lists(_VALUES, min_size=9, max_size=9)
        ),
        min_size=0,
        max_size=4,
    ),
    ending=_ENDINGS,
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_a_small_csv_of_one_value_lines_is_read_or_refused(
    rows: list[list[str]], ending: str, quoting: Literal[0, 1]
) -> None:
    """Files of a header and up to 4 rows, each of one value or the usual nine, with values
    holding quotes, line breaks (in quotes), the delimiter and characters that show nothing,
    written with each kind of line end."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending, quoting=quoting)
    writer.writerow(PRISON_HEADER)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prison.csv"
        path.write_text(out.getvalue(), encoding="utf-8", newline="")
        try:
            table, _ = load_table(path, Role.PRISON, CONFIG)
        except InputError as exc:
            _one_line(exc)
            return
        assert all(len(column) == len(table) for column in table.columns.values())


# --- xlsx: hidden rows and columns found by the scan of the sheet's XML ---------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_BOOK: dict[str, bytes] = {}


def _book_parts() -> dict[str, bytes]:
    if not _BOOK:
        folder = Path(tempfile.mkdtemp(prefix="fuzz-today-"))
        book = openpyxl.Workbook()
        book.active.title = "Data"
        book.save(folder / "seed.xlsx")
        with zipfile.ZipFile(folder / "seed.xlsx") as archive:
            _BOOK.update({n: archive.read(n) for n in archive.namelist()})
    return _BOOK


def _xlsx(path: Path, sheet: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _book_parts().items():
            archive.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else data)
    return path


def _quote(value: str, mark: str) -> str:
    return f"{mark}{value}{mark}"


@st.composite
def sheets(draw: st.DrawFn) -> tuple[bytes, set[int], list[tuple[int, int]]]:
    """A worksheet's XML under a prefix, none, or a mix; rows hidden or not, self-closing or
    not, attributes in either quote mark and any order, text holding hidden="1" and tags
    written as text; with the rows and columns truly hidden."""
    prefixes = draw(
        st.lists(st.sampled_from(["", "x:", "main:", "s_1.a-b:"]), min_size=1, max_size=2)
    )

    def tag(name: str) -> str:
        return draw(st.sampled_from(prefixes)) + name

    marks = st.sampled_from(['"', "'"])
    cols, hidden_cols = [], []
    column = 1
    for _ in range(draw(st.integers(0, 4))):
        width = draw(st.integers(1, 3))
        shut = draw(st.sampled_from(["", "hidden", "width0", "false"]))
        attrs = [
            f"min={_quote(str(column), draw(marks))}",
            f"max={_quote(str(column + width - 1), draw(marks))}",
        ]
        if shut == "hidden":
            attrs.append(f"hidden={_quote(draw(st.sampled_from(['1', 'true'])), draw(marks))}")
        elif shut == "width0":
            attrs.append(f"width={_quote(draw(st.sampled_from(['0', '0.0', '.0'])), draw(marks))}")
        elif shut == "false":
            attrs.append(f"hidden={_quote('false', draw(marks))} width={_quote('9', draw(marks))}")
        attrs = draw(st.permutations(attrs))
        cols.append(f"<{tag('col')} {' '.join(attrs)}/>")
        if shut in ("hidden", "width0"):
            hidden_cols.append((column, column + width - 1))
        column += width
    rows, hidden = [], set()
    texts = st.sampled_from(
        [
            'hidden="1"',
            "row hidden='true'",
            '<row r="7" hidden="1">',
            'x hidden="1" r="3"',
            "&lt;x:row r=&quot;4&quot; hidden=&quot;1&quot;&gt;",
        ]
    )
    for number in range(1, draw(st.integers(0, 8)) + 1):
        attrs = [f"r={_quote(str(number), draw(marks))}"]
        if draw(st.booleans()):
            hidden.add(number)
            attrs.append(f"hidden={_quote(draw(st.sampled_from(['1', 'true'])), draw(marks))}")
        else:
            attrs.append(draw(st.sampled_from(["", "hidden='false'", 'hidden="0"', 'ht="15"'])))
        if draw(st.booleans()):
            attrs.append(f"spans={_quote('1:' + str(draw(st.integers(1, 9))), draw(marks))}")
        attrs = [a for a in draw(st.permutations(attrs)) if a]
        head = f"<{tag('row')} {' '.join(attrs)}"
        if draw(st.booleans()):
            rows.append(head + "/>")
        else:
            text = escape(draw(texts)) if draw(st.booleans()) else "1"
            cell = tag("c")
            kind = draw(st.sampled_from(["v", "is"]))
            if kind == "v":
                v = tag("v")
                body = f"<{cell} r={_quote('A' + str(number), draw(marks))}><{v}>1</{v}></{cell}>"
            else:
                t = tag("t")
                body = (
                    f'<{cell} r="A{number}" t="inlineStr"><{tag("is")}><{t}>{text}</{t}>'
                    f"</{tag('is')}></{cell}>"
                )
            rows.append(f"{head}>{body}</{tag('row')}>")
    declared = {p[:-1] for p in prefixes if p}
    spaces = " ".join(f'xmlns:{p}="{MAIN}"' for p in sorted(declared))
    if "" in prefixes:
        spaces += f' xmlns="{MAIN}"'
    ws = tag("worksheet")
    cols_xml = f"<{tag('cols')}>{''.join(cols)}</{tag('cols')}>" if cols else ""
    sd = tag("sheetData")
    data = f"<{sd}>{''.join(rows)}</{sd}>" if rows else f"<{sd}/>"
    xml = f'<?xml version="1.0" encoding="UTF-8"?><{ws} {spaces}>{cols_xml}{data}</{ws}>'
    return xml.encode(), hidden, hidden_cols


@FUZZ
@given(sheet=sheets())
def test_the_scan_finds_the_hidden_rows_and_columns_and_no_others(
    sheet: tuple[bytes, set[int], list[tuple[int, int]]],
) -> None:
    xml, hidden, hidden_cols = sheet
    with tempfile.TemporaryDirectory() as folder:
        scan = sheet_scan(_xlsx(Path(folder) / "book.xlsx", xml), "Data", set(range(1, 10)))
    assert sorted(scan.hidden) == sorted(hidden)
    assert scan.hidden_columns == hidden_cols


def test_a_one_value_line_before_a_blank_line_is_refused_in_words(tmp_path: Path) -> None:
    """The line of one value followed by a blank line, then the next record: the message
    named the first value of the blank line and the run ended in an internal error."""
    path = tmp_path / "prison.csv"
    path.write_text(
        ",".join(PRISON_HEADER) + "\nA1234BC,SMITH,John,1/1/70,Greek,12,Arson,1/1/05,\nN\n\n"
        "C3456DE,JONES,Ann,2/2/71,Greek,6,Theft,2/2/05,N\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["inspect", str(path)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "prison.csv, row 3 (line 3): the line holds one value ('N')" in text
    assert "the end of the record on line 2 (whose last value is empty)" in text


# --- ODS: column styles from styles.xml, based on one another; 'collapse' -------------

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_NAMES = ["co1", "co2", "co3", "Default", "a b", "x&amp;y"]
_WIDTHS = [None, "0cm", "0.000in", ".0pt", "0", "2.258cm", "0.5cm", " 0cm ", "-0cm", "0" * 3000]


@st.composite
def ods_styles(draw: st.DrawFn) -> tuple[dict[str, tuple[str, str | None]], str]:
    """Column styles by name (parent, width), written as styles.xml's common styles: parents
    missing, chains, cycles (A based on B based on A), styles of other families."""
    styles: dict[str, tuple[str, str | None]] = {}
    xml = []
    for name in draw(st.lists(st.sampled_from(_NAMES), unique=True, max_size=5)):
        parent = draw(st.sampled_from(["", "missing", *_NAMES]))
        width = draw(st.sampled_from(_WIDTHS))
        family = draw(st.sampled_from(["table-column", "table-column", "table-row"]))
        attrs = f'style:name="{name}" style:family="{family}"'
        if parent:
            attrs += f' style:parent-style-name="{parent}"'
        props = (
            ""
            if width is None
            else f'<style:table-column-properties style:column-width="{width}"/>'
        )
        xml.append(f"<style:style {attrs}>{props}</style:style>")
        if family == "table-column":
            styles[name.replace("&amp;", "&")] = (parent.replace("&amp;", "&"), width)
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="{_OFFICE}" '
        f'xmlns:style="{_STYLE}"><office:styles>{"".join(xml)}</office:styles>'
        "</office:document-styles>"
    )
    return styles, text


def _shut_by_chain(styles: dict[str, tuple[str, str | None]], name: str) -> bool:
    """The width a column of style ``name`` takes, followed through the styles it is based
    on (a cycle or a missing parent sets none): whether it is nothing."""
    seen: set[str] = set()
    while name and name not in seen and len(seen) < 16:
        seen.add(name)
        parent, width = styles.get(name, ("", None))
        if width is not None:
            return width.strip() in ("0cm", "0.000in", ".0pt", "0") or set(width) == {"0"}
        name = parent
    return False


@FUZZ
@given(
    styles=ods_styles(),
    columns=st.lists(
        st.tuples(
            st.sampled_from(["", "missing", *_NAMES]),
            st.integers(1, 3),
            st.sampled_from(["", "collapse", "collapsed", "visible", "filter"]),
        ),
        max_size=6,
    ),
    rows=st.lists(st.sampled_from(["", "collapse", "filter", "visible"]), max_size=4),
)
def test_ods_columns_hidden_by_style_or_collapse_and_no_others(
    styles: tuple[dict[str, tuple[str, str | None]], str],
    columns: list[tuple[str, int, str]],
    rows: list[str],
) -> None:
    found, xml = styles
    expected: list[tuple[int, int]] = []
    tags, at = [], 0
    for style, repeat, visibility in columns:
        attrs = f' table:number-columns-repeated="{repeat}"'
        attrs += f' table:style-name="{style}"' if style else ""
        attrs += f' table:visibility="{visibility}"' if visibility else ""
        tags.append(f"<table:table-column{attrs}/>")
        name = style.replace("&amp;", "&")
        if visibility in ("collapse", "collapsed") or _shut_by_chain(found, name):
            if expected and expected[-1][1] == at:
                expected[-1] = (expected[-1][0], at + repeat)
            else:
                expected.append((at + 1, at + repeat))
        at += repeat
    body = "".join(
        f"<table:table-row{f' table:visibility={chr(34)}{v}{chr(34)}' if v else ''}>"
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
        "</table:table-row>"
        for v in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{_OFFICE}" '
        f'xmlns:table="{_TABLE}" xmlns:text="{_TEXT}" xmlns:style="{_STYLE}"><office:body>'
        f'<office:spreadsheet><table:table table:name="T">{"".join(tags)}{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("styles.xml", xml)
        archive.writestr("content.xml", content)
    with zipfile.ZipFile(buffer) as archive:
        ranges = OdsRanges("book.ods", LimitsConfig(), ods_column_styles(archive, "book.ods"))
        check_well_formed(archive, "content.xml", "book.ods", ranges)
    assert ranges.hidden_columns.get("T", []) == expected
    hidden_rows = [
        (k + 1, k + 1, "collapsed" if v == "collapse" else v)
        for k, v in enumerate(rows)
        if v in ("collapse", "filter")
    ]
    merged: list[tuple[int, int, str]] = []
    for first, last, kind in hidden_rows:
        if merged and merged[-1][2] == kind and merged[-1][1] == first - 1:
            merged[-1] = (merged[-1][0], last, kind)
        else:
            merged.append((first, last, kind))
    assert ranges.hidden.get("T", []) == merged


_STYLES_XML = st.sampled_from(
    [
        None,
        b"",
        b"not xml <<<",
        b'<?xml version="1.0" encoding="nonsense"?><x/>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x/>',
        b"\xff\xfe<\x00x\x00/\x00>\x00",
    ]
)


@FUZZ
@given(
    styles=st.one_of(_STYLES_XML, ods_styles().map(lambda s: s[1].encode())),
    cut=st.one_of(st.none(), st.integers(0, 400)),
)
def test_an_ods_file_with_any_styles_part_is_read_or_refused(
    styles: bytes | None, cut: int | None
) -> None:
    """styles.xml missing, empty, not XML, in an encoding that does not exist, with entities or
    a DTD, cut short: the file is read (its styles as far as they go) or refused in words."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_ods(Path(folder) / "prison.ods", {"Extract": prison_sheet()})
        if styles is not None:
            with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("styles.xml", styles if cut is None else styles[:cut])
        try:
            table, _ = load_table(path, Role.PRISON, CONFIG)
        except InputError as exc:
            assert "styles.xml" in _one_line(exc)
            return
        assert len(table) == 3


def test_a_deep_chain_of_ods_styles_is_followed_a_bounded_way() -> None:
    """10,000 styles each based on the next, the last of no width, and a cycle of 10,000: a
    column of the first is looked up in a bounded number of steps, not hidden."""
    chain: dict[str, tuple[str, str | None]] = {f"s{k}": (f"s{k + 1}", None) for k in range(10_000)}
    chain["s10000"] = ("", "0cm")
    cycle = {f"c{k}": (f"c{(k + 1) % 10_000}", None) for k in range(10_000)}
    ranges = OdsRanges("book.ods", LimitsConfig(), {**chain, **cycle})
    started = time.perf_counter()
    assert not ranges._shut("s0") and not ranges._shut("c0")
    assert ranges._shut("s9990")  # near enough to the width
    assert time.perf_counter() - started < 0.1


# --- dates holding characters that show nothing --------------------------------------

_INVISIBLE = sorted(NAMES)


@st.composite
def dates_as_written(draw: st.DrawFn) -> str:
    day, month = draw(st.integers(1, 28)), draw(st.integers(1, 12))
    year = draw(
        st.sampled_from([str(draw(st.integers(1900, 2020))), f"{draw(st.integers(0, 99)):02d}"])
    )
    sep = draw(st.sampled_from(["/", ".", "-", " / ", " "]))
    form = draw(
        st.sampled_from(
            ["dmy", "mdy", "ymd", "named", "year", "c. year", "my", "00/00/y", "month name y"]
        )
    )
    if form == "dmy":
        return f"{day:02d}{sep}{month}{sep}{year}"
    if form == "mdy":
        return f"{month}{sep}{day + 12 if day <= 12 else day}{sep}{year}"
    if form == "ymd":
        return f"{draw(st.integers(1900, 2020))}{sep}{month:02d}{sep}{day}"
    if form == "named":
        return f"{day} {draw(st.sampled_from(['Jan', 'FEB', 'March', 'sept']))} {year}"
    if form == "year":
        return year
    if form == "c. year":
        return f"c. {draw(st.integers(1900, 2020))}"
    if form == "my":
        return f"{month:02d}{sep}{draw(st.integers(1900, 2020))}"
    if form == "00/00/y":
        return f"00{sep}00{sep}{draw(st.integers(1900, 2020))}"
    return f"{draw(st.sampled_from(['Jul', 'December']))}{sep}{year}"


@st.composite
def with_invisible(draw: st.DrawFn, text: str) -> str:
    chars = list(text)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(chars)))
        chars.insert(at, draw(st.sampled_from(_INVISIBLE)))
    return "".join(chars)


@FUZZ
@given(data=st.data(), month_first=st.booleans(), birth=st.booleans())
def test_a_date_reads_the_same_with_any_invisible_character_anywhere(
    data: st.DataObject, month_first: bool, birth: bool
) -> None:
    clean = data.draw(dates_as_written())
    dirty = data.draw(with_invisible(clean))
    reference = date(2026, 1, 1)
    assert parse_date(dirty, birth=birth, reference=reference, month_first=month_first) == (
        parse_date(clean, birth=birth, reference=reference, month_first=month_first)
    )
    assert birth_year_only(dirty, reference) == birth_year_only(clean, reference)
    assert date_order_evidence([dirty]) == date_order_evidence([clean])


@FUZZ
@given(text=st.text(alphabet=st.sampled_from([*_INVISIBLE, " ", "\u00a0", "1", "/"]), max_size=30))
def test_a_date_cell_of_invisible_characters_never_raises(text: str) -> None:
    for birth in (False, True):
        parse_date(text, birth=birth)
        birth_year_only(text)
    date_order_evidence([text])


# --- the column-kind check, each distinct value judged once ---------------------------

_ODD_CELLS = st.one_of(
    st.floats(width=16),  # NaN and infinities too: a crafted workbook's <v>NaN</v>
    st.booleans(),
    st.integers(0, 2),
    st.sampled_from([0.0, 1.0, 2.0, "1", "nan", "\u200b", "\u200b12/03/2004", "SMITH"]),
    st.datetimes(min_value=datetime(1999, 12, 31), max_value=datetime(2000, 1, 2)),
    st.dates(min_value=date(1999, 12, 31), max_value=date(2000, 1, 2)),
    st.text(alphabet="a1/. \n", max_size=200),
    st.none(),
)


@FUZZ
@given(
    field=st.sampled_from(FIELDS),
    cells=st.lists(_ODD_CELLS, min_size=WORD_MIN_VALUES - 2, max_size=60),
    limit=st.sampled_from([0.0, 0.1, 0.5, 0.9]),
)
def test_the_column_kind_check_on_odd_cells_says_what_judging_every_cell_says(
    field: str, cells: list[object], limit: float
) -> None:
    """Cells equal across types (1, 1.0, True; a date and a datetime), NaN, which equals
    nothing, and long text: the same message as judging every cell."""
    ex = _extracted()
    columns = {field: cells}
    assert not_names_problem(ex, "x.xlsx", columns, limit) == _every_cell(ex, columns, limit)


# --- inspect: the findings in cells, whatever they quote ------------------------------

_ODD_TEXT = st.text(alphabet=st.sampled_from("a1 '\"()[]{}\n\r\t\\,.:/-\u200b\u202e|"), max_size=12)
_INSPECTION: list[Inspection] = []


def _inspection() -> Inspection:
    if not _INSPECTION:
        folder = Path(tempfile.mkdtemp(prefix="fuzz-today-"))
        path = folder / "prison.csv"
        path.write_text(
            ",".join(PRISON_HEADER) + "\nA1234BC,SMITH,John,1/1/70,Greek,12,Arson,1/1/05,N\n"
        )
        _INSPECTION.append(inspect_file(path, Role.PRISON, Config()))
    return _INSPECTION[0]


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    raw = draw(_ODD_TEXT)
    quoted = draw(st.sampled_from(["", f"'{raw}' "]))
    return Finding(
        file="prison.csv",
        sheet=draw(st.sampled_from(["", "Data", "S'1\n"])),
        row=draw(st.integers(0, 10**6)),
        column=draw(st.sampled_from(["Surname", "DOB", "", "(column C)", "a\nb", "DOB"])),
        field="",
        raw=raw,
        problem=quoted
        + draw(st.sampled_from(["not a date", "(x) 12 'y'", "", "{0} {}"]))
        + draw(_ODD_TEXT),
        consequence=draw(st.sampled_from(["", "left blank", "x\ny", "{"])),
    )


@FUZZ
@given(found=st.lists(findings(), max_size=12), every=st.booleans(), sheets=st.integers(1, 2))
def test_inspect_renders_any_findings_in_cells_one_value_a_line(
    found: list[Finding], every: bool, sheets: int
) -> None:
    ins = dataclasses.replace(
        _inspection(),
        cell_findings=found,
        cells_looked_at=True,
        read_sheets=("Data", "Other")[:sheets],
        letters={"Surname": "B", "DOB": "D", "a\nb": "AA"},
    )
    text = render_inspection(ins, every)
    kinds = cell_kinds(found, ins.letters)
    assert sum(len(k.findings) for k in kinds) == len(found)
    if found:
        assert f"Findings in cells: {len(found):,}," in text
    for f in found:
        if every and f.raw:  # each value on its one line, its line breaks shown as codes
            assert printable(_cell_value(f.raw)).strip() in text


def test_inspect_all_on_ten_thousand_findings_of_one_kind_with_odd_values(tmp_path: Path) -> None:
    """10,000 surnames with a digit among their letters, each holding brackets, quote marks
    and a line break: inspect counts them, and with --all lists every cell on a line."""
    path = tmp_path / "prison.csv"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PRISON_HEADER)
    for k in range(10_000):
        name = f"SM1TH 'x' (\"{k}\")\n[?]"
        writer.writerow(
            [f"A{k + 1000:04d}CD", name, "John", "1/1/70", "Greek", 12, "Arson", "1/1/05", "N"]
        )
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    started = time.perf_counter()
    result = runner.invoke(app, ["inspect", str(path), "--all"])
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 30
    text = result.output
    assert "Findings in cells: 10,000," in text
    assert re.search(r"^Surname +B +10,000 +surname holds digits", text, re.MULTILINE)
    assert "Surname (column B): surname holds digits, which a name does not: 10,000 cells" in text
    lines = [line for line in text.splitlines() if line.startswith("B") and "\\n[?]" in line]
    assert len(lines) == 10_000, text[-2000:]
    assert "SM1TH 'x' (\"9999\")\\n[?]" in text


@FUZZ
@given(sheet=sheets(), block=st.integers(16, 400), pad=st.integers(0, 300))
def test_the_scan_in_blocks_finds_what_the_scan_in_one_finds(
    sheet: tuple[bytes, set[int], list[tuple[int, int]]], block: int, pad: int
) -> None:
    """The sheet read in blocks of any size (the tags cut anywhere, the overlap longer than
    a tag, as in the 4 MB blocks of a real scan), after a comment of any length: the same
    hidden rows and columns."""
    xml, hidden, hidden_cols = sheet
    at = xml.index(b"?>") + 2
    xml = xml[:at] + b"<!--" + b"-" * pad + b"-->" + xml[at:]
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        path = _xlsx(Path(folder) / "book.xlsx", xml)
        patch.setattr(guards, "_SCAN_BLOCK", block)
        patch.setattr(guards, "_SCAN_OVERLAP", 512)
        scan = sheet_scan(path, "Data", set(range(1, 10)))
    assert sorted(scan.hidden) == sorted(hidden)
    assert scan.hidden_columns == hidden_cols


# --- hidden columns named: many ranges, many columns -----------------------------------


@FUZZ
@given(
    ranges=st.lists(st.tuples(st.integers(1, 40), st.integers(0, 6)), max_size=12),
    header=st.lists(st.sampled_from(["", " ", "Surname", "x"]), max_size=30),
    first_col=st.integers(0, 5),
    valued=st.sets(st.integers(0, 45), max_size=5),
)
def test_hidden_columns_are_those_in_any_range_given_in_any_order(
    ranges: list[tuple[int, int]], header: list[str], first_col: int, valued: set[int]
) -> None:
    """Ranges unsorted, overlapping, meeting, of one column (as <col> tags may be written):
    a column is named when one of them holds it."""
    spans = [(first, first + more) for first, more in ranges]
    fields = {first_col: "surname"} if header else {}
    found = hidden_columns(spans, header, first_col, fields, valued)
    held = {first_col + j for j, cell in enumerate(header) if cell.strip()}
    held |= set(fields) | valued
    expected = [j for j in sorted(held) if any(a <= j + 1 <= b for a, b in spans)]
    assert [column_number(c.letter) - 1 for c in found] == expected


def test_thousands_of_hidden_column_ranges_over_thousands_of_columns_are_named_quickly() -> None:
    """Every other column of 16,000 hidden (as an ODS file's table:table-column, each marked
    'collapse', gives them): each column was tested against every range, 5 s for this sheet,
    and minutes for a crafted one, which the reader's time limit then refused."""
    spans = [(2 * k + 1, 2 * k + 1) for k in range(8_000)]
    header = [f"X{k}" for k in range(16_000)]
    started = time.perf_counter()
    found = hidden_columns(spans, header, 0, {}, [])
    assert time.perf_counter() - started < 1.0
    assert len(found) == 8_000 and found[-1].letter == column_letter(15_998)


def test_a_record_broken_by_a_blank_line_in_a_value_is_refused(tmp_path: Path) -> None:
    """A value holding a blank line, not in quotes ("Greek", an empty line, "x"): the two
    pieces of the record, with the empty line between them, were read as two records, one
    with its last values missing and one of values in the wrong columns, without a word."""
    record = "A1234BC,SMITH,John,1/1/70,Greek,12,Arson,1/1/05,N"
    broken = "B2345CD,JONES,Ann,2/2/71,Greek\n\nx,6,Theft,2/2/05,N"
    path = tmp_path / "prison.csv"
    path.write_text("\n".join([",".join(PRISON_HEADER), record, broken, record, ""]))
    result = runner.invoke(app, ["inspect", str(path)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()).startswith(
        "error: prison.csv, rows 3 to 5 (lines 3 to 5): one record seems broken over 3 lines: "
        "they hold 5 + 5 values, which make the file's usual 9 once the value broken at the "
        "line's end is joined again (line 3 ends 'Greek', line 5 starts 'x')."
    )
