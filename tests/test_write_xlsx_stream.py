"""Streamed listing rows: the same cells xlsxwriter writes, split and spliced correctly."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsxwriter.workbook import Workbook

from reconcile.model import Cell
from reconcile.write.views import Column
from reconcile.write.workbook_table import Formats, TableWriter, write_cell
from reconcile.write.xlsx_stream import splice

VALUES: list[Cell] = [
    "plain",
    "",
    None,
    "with & < > \" ' marks",
    " leading space",
    "trailing space ",
    "line\nbreak",
    "\ttab first",
    "control \x01\x08\x0b\x1f chars",
    "literal _x0041_ escape",
    "=SUM(A1:A9)",
    "+44 20",
    "-minus",
    "@at",
    "\rreturn",
    "Nguyễn Thị",
    "emoji \U0001f600",
    "\ufffe\uffff non-characters",
    "H66\u202e94DD \u200bzero-width",  # characters that show nothing: written as codes
    "x" * 40_000,
    0,
    7,
    -12,
    10**17,
    0.1,
    2.5,
    1e-20,
    -3.75,
    True,
    False,
    date(2006, 3, 31),
    date(1900, 1, 1),
    date(1900, 3, 1),
    datetime(2006, 4, 25, 13, 30),
]
KINDS = ("text", "int", "date", "prob", "weight", "count")


def _sheet_data(book: Path, number: int) -> str:
    with zipfile.ZipFile(book) as z:
        xml = z.read(f"xl/worksheets/sheet{number}.xml").decode("utf-8")
    found = re.search(r"<sheetData>(.*)</sheetData>", xml, re.S)
    assert found is not None
    return found.group(1)


def _both(tmp_path: Path, values: list[Cell], kind: str, entry: bool = False) -> tuple[str, str]:
    """Sheet 1: each value written by xlsxwriter itself; sheet 2: the same streamed."""
    frame, book = tmp_path / "frame.xlsx", tmp_path / "book.xlsx"
    wb = Workbook(str(frame), {"constant_memory": True, "tmpdir": str(tmp_path)})
    fmt = Formats.create(wb)
    styles = fmt.styles()  # the order the streamed tables register them in
    reference = wb.add_worksheet("reference")
    reference.write_string(0, 0, "Value", fmt.heading)
    for row, value in enumerate(values, start=1):
        if entry and value in (None, ""):
            reference.write_blank(row, 0, None, fmt.entry)
        else:
            write_cell(reference, row, 0, value, kind, fmt)
    table = TableWriter(
        wb, fmt, "streamed", [Column("v", "Value", kind)], len(values), entry=["v"] if entry else ()
    )
    assert fmt.styles() == styles
    for value in values:
        table.add([value])
    table.close()
    wb.close()
    splice(frame, book, fmt.streams)
    return _sheet_data(book, 1), _sheet_data(book, 2)


@pytest.mark.parametrize("kind", KINDS)
def test_cells_are_the_ones_xlsxwriter_writes(tmp_path: Path, kind: str) -> None:
    reference, streamed = _both(tmp_path, VALUES, kind)
    assert streamed == reference


def test_entry_cells_are_shaded_blanks(tmp_path: Path) -> None:
    reference, streamed = _both(tmp_path, ["", None, "same person", ""], "text", entry=True)
    assert streamed == reference
    assert streamed.count("/>") == 3


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(st.text(max_size=40), st.integers(), st.dates()), max_size=6))
def test_any_values_match_xlsxwriter(tmp_path: Path, values: list[Cell]) -> None:
    reference, streamed = _both(tmp_path, values, "text")
    assert streamed == reference


def test_not_a_number_is_shown_as_text(tmp_path: Path) -> None:
    reference, streamed = _both(tmp_path, [float("nan"), float("inf")], "prob")
    assert streamed == reference
    assert "<t>nan</t>" in streamed and "<t>inf</t>" in streamed


def test_rows_split_over_sheets_in_order(tmp_path: Path) -> None:
    frame, book = tmp_path / "frame.xlsx", tmp_path / "book.xlsx"
    wb = Workbook(str(frame), {"constant_memory": True, "tmpdir": str(tmp_path)})
    fmt = Formats.create(wb)
    columns = [Column("n", "Number", "int"), Column("t", "Text")]
    table = TableWriter(wb, fmt, "Listing", columns, 8, max_rows=3)
    table.add([1, "one"])
    table.add_block([[2, 3, 4, 5], ["two", "three", "four", "five"]])
    table.add([6, "six"])
    table.add([7, "=seven"])
    table.add_block([[8], ["eight"]])
    table.close()
    assert table.counts == [3, 3, 2]
    wb.close()
    splice(frame, book, fmt.streams)
    got = openpyxl.load_workbook(book)
    assert got.sheetnames == ["Listing (1)", "Listing (2)", "Listing (3)"]
    rows = [r for ws in got.worksheets for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in rows] == list(range(1, 9))
    assert rows[6][1] == "=seven" and got.worksheets[2]["B2"].quotePrefix
    assert [ws.dimensions for ws in got.worksheets] == ["A1:B4", "A1:B4", "A1:B3"]
    assert [ws.auto_filter.ref for ws in got.worksheets] == ["A1:B4", "A1:B4", "A1:B3"]
    with zipfile.ZipFile(book) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.testzip() is None
    assert list(tmp_path.iterdir()) != [] and not [
        p for p in tmp_path.iterdir() if p.name not in ("frame.xlsx", "book.xlsx")
    ]


def test_a_wrong_number_of_values_is_refused(tmp_path: Path) -> None:
    wb = Workbook(str(tmp_path / "x.xlsx"), {"constant_memory": True, "tmpdir": str(tmp_path)})
    fmt = Formats.create(wb)
    table = TableWriter(wb, fmt, "Listing", [Column("a", "A"), Column("b", "B")], 1)
    with pytest.raises(ValueError, match="1 values for 2 columns"):
        table.add(["only one"])
    with pytest.raises(ValueError, match="3 columns of values for 2 columns"):
        table.add_block([[1], [2], [3]])
    for stream in fmt.streams:
        stream.close()
    wb.close()
