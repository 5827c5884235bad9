"""reconciliation.xlsx as it prints: a text in sentences longer than its column wraps onto
more lines in a row as tall as it needs (it was cut off at the column's edge, about 60
characters in, and ran into the next column's text), every cell sits at the top of its row,
and a count is kept clear of the text beside it."""

from __future__ import annotations

import math
from dataclasses import replace

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.model import Finding
from reconcile.write.workbook import write_workbook
from reconcile.write.xlsx_cells import (
    LINE_CHARS,
    LINE_POINTS,
    MAX_LINES,
    ROW,
    row_lines,
    rows_xml,
)
from tests.factories import headings, make_result

LONG = "In scope under policy 2006 v1 (non-EEA national, sentence 24 months). " * 3  # 210


@pytest.mark.parametrize(
    ("columns", "wrap", "lines"),
    [
        ([["short", "text"]], [True], None),  # every row one line: no heights at all
        ([[LONG, "short"]], [False], None),  # a long text in a column that does not wrap
        ([[LONG, "short"]], [True], [3, 1]),  # 210 characters at 70 a line
        ([["x" * LINE_CHARS, "x" * (LINE_CHARS + 1)]], [True], [1, 2]),
        ([[None, LONG], [LONG * 2, 7]], [True, True], [6, 3]),  # the taller text of the row
        ([["", LONG]], [True], [1, 3]),  # an empty cell beside a long one: still a line
        ([["y" * 100_000]], [True], [MAX_LINES]),  # Excel's tallest row
    ],
)
def test_row_lines(columns: list[list[object]], wrap: list[bool], lines: list[int] | None) -> None:
    assert row_lines(columns, wrap) == lines  # type: ignore[arg-type]


@given(st.lists(st.text(max_size=400), min_size=1, max_size=20))
def test_a_row_is_tall_enough_for_its_wrapped_text(texts: list[str]) -> None:
    lines = row_lines([texts], [True]) or [1] * len(texts)
    for text, n in zip(texts, lines, strict=True):
        assert 1 <= n <= MAX_LINES
        assert n * LINE_CHARS >= len(text) or n == MAX_LINES
        assert n == 1 or (n - 1) * LINE_CHARS < len(text)  # no taller than it needs


def test_rows_xml_gives_a_height_to_a_row_of_more_than_one_line() -> None:
    cells = [[f'<c r="A{ROW}"/>', f'<c r="A{ROW}"/>', ""]]
    assert rows_xml(5, cells, [3, 1, 2]) == (
        f'<row r="5" ht="{3 * LINE_POINTS}" customHeight="1"><c r="A5"/></row>'
        '<row r="6"><c r="A6"/></row>'
    )
    assert rows_xml(5, cells) == '<row r="5"><c r="A5"/></row><row r="6"><c r="A6"/></row>'


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """The workbook of a run with a long reason, a long offence and a long finding."""
    result = make_result()
    result.classifications[0] = replace(result.classifications[0], reason=LONG)
    result.prison[0] = replace(result.prison[0], offence="Conspiracy to supply " * 10)
    result.findings.append(
        Finding("prison.xlsx", "Releases", 2, "NOMS No", "prison_number", "B2019CD", LONG, "kept")
    )
    path = tmp_path_factory.mktemp("print") / "reconciliation.xlsx"
    write_workbook(result, path)
    return openpyxl.load_workbook(path)


def _column(ws: openpyxl.worksheet.worksheet.Worksheet, title: str) -> int:
    return headings(ws).index(title) + 1


def test_a_long_reason_wraps_in_a_row_tall_enough(printed: openpyxl.Workbook) -> None:
    ws = printed["All prison rows"]
    reason = ws.cell(2, _column(ws, "Reason"))
    assert reason.value == LONG
    assert reason.alignment.wrap_text and reason.alignment.vertical == "top"
    assert ws.column_dimensions[reason.column_letter].width <= 61.8  # MAX_WIDTH, + padding
    height = ws.row_dimensions[2].height
    assert height is not None and height >= math.ceil(len(LONG) / LINE_CHARS) * LINE_POINTS
    # The rest of the row reads across from the top; names and numbers do not wrap.
    for title in ("Row", "Surname", "Forenames", "Date of birth", "Match weight"):
        cell = ws.cell(2, _column(ws, title))
        assert cell.alignment.vertical == "top", title
        assert not cell.alignment.wrap_text, title
    # A number right-aligned beside a text kept a space clear of it ("-17.3starting weight").
    for title in ("Row", "Match probability", "Match weight"):
        cell = ws.cell(2, _column(ws, title))
        assert (cell.alignment.horizontal, cell.alignment.indent) == ("right", 1), title
    offence = ws.cell(2, _column(ws, "Offence"))
    assert offence.alignment.wrap_text and offence.value.startswith("Conspiracy to supply")
    # A row whose texts fit keeps the default height.
    short = next(
        r for r in range(3, ws.max_row + 1)
        if all(len(str(c.value or "")) <= LINE_CHARS for c in ws[r])
    )  # fmt: skip
    assert ws.row_dimensions[short].height is None


def test_the_failure_sheets_wrap_as_all_prison_rows_does(printed: openpyxl.Workbook) -> None:
    """A failure sheet's cells are the All prison rows cells, made once: the same styles."""
    every = printed["All prison rows"]
    for name in ("Never referred", "Referred, not considered", "Considered after release"):
        ws = printed[name]
        for r in range(2, ws.max_row + 1):
            cell = ws.cell(r, _column(ws, "Link explanation"))
            assert cell.alignment.wrap_text, name
            assert cell.alignment.vertical == "top", name
        assert ws.column_dimensions["Y"].width == every.column_dimensions["Y"].width


def test_a_long_problem_wraps_on_the_data_quality_sheet(printed: openpyxl.Workbook) -> None:
    ws = printed["Data quality"]
    problem = _column(ws, "Problem")
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, problem).value == LONG)
    assert ws.cell(row, problem).alignment.wrap_text
    assert ws.row_dimensions[row].height >= math.ceil(len(LONG) / LINE_CHARS) * LINE_POINTS
    assert not ws.cell(row, _column(ws, "Raw value")).alignment.wrap_text


def test_summary_counts_are_kept_clear_of_the_text_beside_them(
    printed: openpyxl.Workbook,
) -> None:
    """The Summary printed "1,073in scope ..." and "293prison number looks ...": a count,
    right-aligned, ran into the left-aligned text of the next column."""
    ws = printed["Summary"]
    counts = [
        c for row in ws.iter_rows() for c in row
        if isinstance(c.value, int) and c.number_format == "#,##0"
    ]  # fmt: skip
    assert len(counts) > 10
    for cell in counts:
        assert cell.alignment.horizontal == "right" and cell.alignment.indent == 1, cell


def test_tables_print_their_gridlines(printed: openpyxl.Workbook) -> None:
    """Printed without gridlines, a row of a listing could be followed across the page only
    by its white space, its rows of different heights where a text wraps; the Summary, laid
    out as a report, prints without them."""
    for ws in printed.worksheets:
        table = ws.title != "Summary"
        assert bool(ws.print_options.gridLines) == table, ws.title
        assert ws.sheet_view.showGridLines is not False or not table, ws.title  # on screen too


def test_a_text_column_has_room_for_its_longest_text_in_capitals(
    printed: openpyxl.Workbook,
) -> None:
    """A column as many digits wide as its longest text, plus one, cut off the last letter of
    "ANTHONY WINSTON" printed: capitals are wider than digits."""
    ws = printed["All prison rows"]
    for title in ("Surname", "Forenames", "Prison number", "Nationality"):
        col = _column(ws, title)
        longest = max(len(str(ws.cell(r, col).value or "")) for r in range(1, ws.max_row + 1))
        width = ws.column_dimensions[ws.cell(1, col).column_letter].width
        assert width >= longest * 1.15, (title, longest, width)


def test_a_wide_listing_prints_the_pages_of_the_same_rows_together(
    printed: openpyxl.Workbook,
) -> None:
    """Printed down first, a listing over 4 pages across gave all its rows' first columns,
    then all their Reasons: on the samples the Reason of Never referred's first row came 17
    pages after its name. The pages of the same rows now follow one another."""
    for ws in printed.worksheets:
        wide = (ws.page_setup.fitToWidth or 1) > 1
        assert (ws.page_setup.pageOrder == "overThenDown") == wide, ws.title
    assert (printed["Never referred"].page_setup.fitToWidth or 1) > 1
