"""The evidence PDF's side-by-side table (evidence_grid.GridTable): cells wrapped to their
columns, rows as tall as their tallest cell, a cell reaching down over the next row, and
splits between pages by whole rows."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from reconcile.write.evidence_grid import LEADING, PAD_Y, GridTable, cell_lines
from reconcile.write.evidence_listing import text_width

ONE = LEADING + 2 * PAD_Y  # a row of one line
WIDTHS = [60.0, 100.0, 100.0, 80.0, 40.0]


def _rows(n: int, long_at: int | None = None, lines: int = 1) -> list[list[str]]:
    rows = [["", "Prison row", "IND record 1", "Comparison", "Weight"]]
    for k in range(n):
        value = " ".join(["word"] * 12 * (lines - 1)) if k == long_at and lines > 1 else "x"
        rows.append([f"Field {k}", value, "y", "", ""])
    return rows


def test_cells_wrap_to_their_column_and_keep_their_line_breaks() -> None:
    text = "Deportation order signed after appeal dismissed"
    lines = cell_lines(text, 60.0)
    assert len(lines) > 1 and " ".join(lines) == text
    assert all(text_width(line) <= 60.0 - 6.0 for line in lines)
    assert cell_lines("one\ntwo", 200.0) == ["one", "two"]
    assert cell_lines("", 50.0) == [""]


def test_a_row_is_as_tall_as_its_tallest_cell() -> None:
    table = GridTable(_rows(3, long_at=1, lines=4), WIDTHS)
    tallest = len(table.cells[2][1])
    assert tallest > 1
    assert table.heights == [ONE, ONE, tallest * LEADING + 2 * PAD_Y, ONE]
    assert table.wrap(500, 800) == (sum(WIDTHS), sum(table.heights))


def test_a_spanning_cell_covers_the_next_row_and_grows_it_when_taller() -> None:
    rows = _rows(3)
    rows[1][3] = "transliteration variant, " * 6  # the name's comparison, over two rows
    table = GridTable(rows, WIDTHS, spans=[1])
    need = len(table.cells[1][3]) * LEADING + 2 * PAD_Y
    assert need > 2 * ONE
    assert table.heights[1] == ONE  # its own row as its other cells need
    assert table.heights[1] + table.heights[2] == pytest.approx(need)
    short = _rows(3)
    short[1][3] = "exact"
    assert GridTable(short, WIDTHS, spans=[1]).heights == [ONE] * 4
    # A span on the last row has nothing to reach over: the row holds its own cells.
    last = GridTable(rows[:2], WIDTHS, spans=[1])
    assert last.spans == frozenset() and last.heights[1] == pytest.approx(need)


def test_a_table_splits_by_whole_rows_heading_first_and_total_last() -> None:
    table = GridTable(_rows(10), WIDTHS, total=True)
    first, rest = table.split(500, 4.5 * ONE)
    assert isinstance(first, GridTable) and isinstance(rest, GridTable)
    assert first.rows == table.rows[:4] and rest.rows == table.rows[4:]
    assert (first.head, first.total, rest.head, rest.total) == (True, False, False, True)
    assert first.wrap(500, 4.5 * ONE)[1] <= 4.5 * ONE
    assert table.split(500, 100 * ONE) == [] and table.split(500, 0.5 * ONE) == []


def test_a_split_keeps_a_spanning_row_with_the_row_it_covers() -> None:
    table = GridTable(_rows(6), WIDTHS, spans=[3])
    first, rest = table.split(500, 4.5 * ONE)  # rows 0-3 fit, but 3 reaches over 4
    assert len(first.rows) == 3 and rest.spans == frozenset({0})  # type: ignore[attr-defined]


def test_a_spanning_pair_is_cut_only_when_nothing_else_would_go_under_the_heading() -> None:
    rows = _rows(4, long_at=1, lines=8)  # the covered row is tall itself
    rows[1][3] = "same names, " * 6  # the spanning cell: a few lines
    table = GridTable(rows, WIDTHS, spans=[1])
    pair = table.heights[1] + table.heights[2]
    grown = len(table.cells[1][3]) * LEADING + 2 * PAD_Y  # the first row holding it alone
    assert table.heights[1] == ONE and ONE < grown < pair
    # Room for the heading and the pair: kept together.
    first, _ = table.split(500, ONE + pair + 1)
    assert len(first.rows) == 3 and first.spans == frozenset({1})  # type: ignore[attr-defined]
    # Room for less than the pair, but for the first row grown to hold the spanning cell:
    # the span is cut, the row grows, and the rest goes on.
    first, rest = table.split(500, ONE + grown + 1)
    assert len(first.rows) == 2 and first.spans == frozenset()  # type: ignore[attr-defined]
    assert first.wrap(500, 1000)[1] == pytest.approx(ONE + grown)  # type: ignore[attr-defined]
    assert rest.rows == table.rows[2:]  # type: ignore[attr-defined]
    # Room under the heading for the first row, but not once it holds the spanning cell:
    # no split (the table moves on whole).
    assert table.split(500, ONE + grown - 1) == []


def test_long_tables_lay_out_over_pages() -> None:
    """A table longer than a page, with a spanning row, builds into a PDF."""
    rows = _rows(120, long_at=5, lines=6)
    rows[10][3] = "one comparison for two rows"
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([GridTable(rows, WIDTHS, total=True, spans=[10])])
    assert out.getvalue().startswith(b"%PDF") and out.getvalue().count(b"/Type /Page\n") >= 2
