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
import io
import os
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.config import LimitsConfig
from reconcile.read.guards import sheet_scan
from reconcile.read.textchecks import check_broken_records
from reconcile.settings import Config
from tests.test_read_corpus import PRISON_HEADER

EXAMPLES = int(os.environ.get("READ_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
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
    rows: list[list[str]], ending: str, quoting: int
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
