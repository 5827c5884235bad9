"""Column-at-once conversions give exactly what the value-by-value ones give."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.model import Cell
from reconcile.write.outcomes_csv import csv_cell, csv_column, quoted
from reconcile.write.safe import any_formula_like, is_formula_like
from reconcile.write.xlsx_cells import MAX_CELL_CHARS, CellStyles, ColumnCells, cell_texts

STYLES = CellStyles(1, 2, 3, 4, 5, 6, 7, 8, 9)
# Characters that every special case turns on: markup, controls, NUL, white space of both
# kinds, formula triggers, the _xHHHH_ escape, non-characters, quotes, commas, line breaks.
TRICKY = "ab é&<>_x0041\x00\x01\x1f\t\r\n \xa0\u3000=+-@\"',\ufffe\uffff"
texts = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=12)
plain = st.text(alphabet="abcdefg XYZ0123.,", max_size=12)
values = st.one_of(
    st.none(),
    texts,
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 1, 1)),
)
KINDS = ("text", "date", "int", "prob", "weight", "count")


def one_by_one(kind: str, block: list[Cell], entry: bool = False) -> tuple[list[str], int]:
    column = ColumnCells(3, kind, STYLES, entry)
    return [column._cell(v) for v in block], column.width


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KINDS), st.lists(texts | plain, max_size=20), st.booleans())
def test_text_columns_as_value_by_value(kind: str, block: list[Cell], entry: bool) -> None:
    column = ColumnCells(3, kind, STYLES, entry)
    assert (column.cells(block), column.width) == one_by_one(kind, block, entry)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KINDS), st.lists(values, max_size=20))
def test_mixed_columns_as_value_by_value(kind: str, block: list[Cell]) -> None:
    column = ColumnCells(3, kind, STYLES)
    assert (column.cells(block), column.width) == one_by_one(kind, block)


@pytest.mark.parametrize(
    ("block", "bulk"),
    [
        (["Smith", "O'Neil", ""], True),
        (["a < b & c > d"], True),
        ([" leading"], False),
        (["trailing\xa0"], False),
        (["=SUM(A1)"], False),
        (["a\x00b"], False),
        (["_x0041_"], False),
        (["bell\x07"], False),
        ([], False),
    ],
)
def test_cell_texts_takes_only_plain_blocks(block: list[str], bulk: bool) -> None:
    assert (cell_texts(block) is not None) is bulk


def test_long_text_goes_value_by_value() -> None:
    column = ColumnCells(3, "text", STYLES)
    long = "x" * (MAX_CELL_CHARS + 5)
    assert column.cells(["a", long]) == one_by_one("text", ["a", long])[0]


@given(st.lists(texts, max_size=20))
def test_any_formula_like(block: list[str]) -> None:
    assert any_formula_like(block) == any(is_formula_like(t) for t in block)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KINDS), st.lists(values | plain, max_size=20))
def test_csv_column_as_csv_cell(kind: str, block: list[Cell]) -> None:
    assert csv_column(block, kind, {}) == [csv_cell(v, kind) for v in block]


def csv_module(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(texts | plain, min_size=3, max_size=3), min_size=1, max_size=10))
def test_quoted_fields_as_the_csv_module(rows: list[list[str]]) -> None:
    columns = [list(c) for c in zip(*rows, strict=True)]
    fields = [quoted(c) for c in columns]
    if any(f is None for f in fields):  # a NUL: left to the csv module
        assert any("\x00" in t for row in rows for t in row)
        return
    lines = [",".join(row) + "\r\n" for row in zip(*fields, strict=True)]
    assert "".join(lines) == csv_module(rows)


def test_keys_in_bulk_as_one_by_one() -> None:
    import dataclasses

    from reconcile.keys import ind_key, prison_key
    from reconcile.write.prison_rows import ind_keys, prison_keys
    from tests.factories import make_large_result

    result = make_large_result(300)
    prison = list(result.prison)
    prison.append(dataclasses.replace(prison[0], prison_number=None, dob=None, release_date=None))
    prison.append(dataclasses.replace(prison[1], surname="", sentence_start=None))
    prison.append(dataclasses.replace(prison[2], dob=None, birth_year=1975))
    ind = [
        *result.ind,
        dataclasses.replace(result.ind[0], dob=None, case_ref=""),
        dataclasses.replace(result.ind[1], dob=None, birth_year=1975),
    ]
    assert prison_keys(prison) == [prison_key(r) for r in prison]
    assert ind_keys([*ind, None]) == [*[ind_key(r) for r in ind], ""]
    # A year of birth given alone is part of the key; a record without one keeps its old key.
    assert prison_key(prison[-1]) != prison_key(dataclasses.replace(prison[-1], birth_year=1976))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KINDS), st.lists(values | plain, max_size=20))
def test_widen_as_cells(kind: str, block: list[Cell]) -> None:
    made, reused = ColumnCells(3, kind, STYLES), ColumnCells(3, kind, STYLES)
    made.cells(block)
    reused.widen(block)
    assert reused.width == made.width
