"""Reading at scale: equal texts shared in repeating columns, equal dates made once."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.model import Cell
from reconcile.read.cells import (
    SHARE_SAMPLE,
    normalise_cell,
    normalise_column,
    pack_column,
    share_texts,
    unpack_column,
)
from reconcile.read.layout import row_is_blank


def fresh(text: str) -> str:
    """An equal string that is a different object (as a reader makes for every cell)."""
    return "".join(list(text))


def test_repeating_texts_become_one_object() -> None:
    column: list[Cell] = [fresh("Polish") for _ in range(50)] + [None, fresh("Irish")]
    shared = share_texts(column)
    assert shared == column
    assert len({id(v) for v in shared if v == "Polish"}) == 1


def test_texts_that_do_not_repeat_are_left_alone() -> None:
    column: list[Cell] = [f"A{i:04d}BC" for i in range(100)]
    assert share_texts(column) is column


@pytest.mark.parametrize(
    "column",
    [
        [True, 1, 1.0, "1", "1", "1", "1"],
        [False, 0, 0.0, "0", "0", None, "0"],
        [date(2000, 1, 1), "x", "x", "x", 3, "x"],
    ],
)
def test_only_strings_are_shared(column: list[Cell]) -> None:
    shared = share_texts(list(column))
    assert shared == column
    assert [type(v) for v in shared] == [type(v) for v in column]


def test_only_the_sample_decides() -> None:
    unique_head: list[Cell] = [f"N{i}" for i in range(SHARE_SAMPLE)]
    column = unique_head + [fresh("x") for _ in range(10)]
    assert share_texts(column) is column


def test_normalise_column_shares_stripped_texts() -> None:
    raw: list[object] = [" Polish ", "Polish", "Polish ", "", 1.0, None] * 3
    out = normalise_column(raw)
    assert out == [normalise_cell(v) for v in raw]
    assert len({id(v) for v in out if v == "Polish"}) == 1


_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["a", "b", " a", "1", "0"]),
    st.integers(min_value=-2, max_value=2),
    st.floats(allow_nan=False, min_value=-2, max_value=2),
    st.booleans(),
    st.dates(),
)


@given(st.lists(_CELLS, max_size=40))
def test_normalise_column_is_normalise_cell_per_cell(values: list[object]) -> None:
    out = normalise_column(values)
    expected = [normalise_cell(v) for v in values]
    assert out == expected
    assert [type(v) for v in out] == [type(v) for v in expected]


def test_unpacked_equal_dates_are_one_object() -> None:
    values: list[Cell] = [date(1975, 12, 31), None, date(1975, 12, 31), date(1980, 1, 2)]
    out = unpack_column(pack_column(list(values)))
    assert out == values
    assert out[0] is out[2]


@given(st.lists(st.sampled_from(["", " ", "a", " a ", "b", "Polish", "  x"]), max_size=40))
def test_all_text_columns_as_normalise_cell(values: list[object]) -> None:
    assert normalise_column(values) == [normalise_cell(v) for v in values]


def test_all_text_column_blank_cells_are_none_whether_shared_or_not() -> None:
    repeating: list[object] = ["a", "", " ", "a"] * 10
    assert normalise_column(repeating) == ["a", None, None, "a"] * 10
    unique: list[object] = [f"A{i}" for i in range(20)] + [" "]
    assert normalise_column(unique)[-1] is None


def test_pack_column_without_dates_is_the_column_itself() -> None:
    values: list[Cell] = ["a", None, 3]
    assert pack_column(values) == (values, [], [])


@pytest.mark.parametrize(
    ("row", "blank"),
    [([], True), ([None, "", "  "], True), (["x"], False), ([" ", None, 0], False),
     (["", "y"], False), ([" \t"], True)],
)  # fmt: skip
def test_row_is_blank(row: list[object], blank: bool) -> None:
    assert row_is_blank(row) is blank
