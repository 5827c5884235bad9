"""Normalising at scale: values parsed once per distinct cell, records built without the
frozen __init__ but equal to it, names split per row only where the surname needs it."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date
from pathlib import Path

import pytest
from anyascii import anyascii
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.model import Cell, IndRecord, PrisonRecord, Provenance, Role, SourceInfo, Table
from reconcile.normalise.build import fast_builder, provenances
from reconcile.normalise.cells import raw_text
from reconcile.normalise.columns import ColumnReader, mostly_distinct
from reconcile.normalise.fields import _names_of, read_names
from reconcile.normalise.identifiers import (
    normalise_prison_number,
    prison_number_and_warning,
    prison_number_warning,
)
from reconcile.normalise.names import clean_name
from reconcile.normalise.records import build_ind_records, build_prison_records


def table(columns: dict[str, list[Cell]], role: Role = Role.PRISON) -> Table:
    rows = len(next(iter(columns.values()))) if columns else 0
    source = SourceInfo(
        path=Path("x.csv"),
        role=role,
        file="x.csv",
        sheet="",
        format="csv",
        encoding="utf-8",
        header_row=1,
        mapping={f: f for f in columns},
        unused_columns=(),
        sha256="0" * 64,
        size=0,
        rows=rows,
    )
    return Table(source, list(range(2, 2 + rows)), columns)


PRISON_ARGS = (
    3,
    Provenance("p.csv", "", 5),
    "A1234BC",
    "SMITH",
    "JOHN",
    date(1970, 1, 2),
    "PL",
    "Polish",
    12.0,
    False,
    "12",
    "Theft",
    None,
    date(2005, 1, 1),
    True,
    {"sentence_start": "32/01/2004"},
    None,
    "81/0000034U",
    None,
    (("JONES", "JOHN"),),
    (date(1970, 1, 1),),
    ("FF8282",),
    "Smith, Jöhn",
    date(1968, 5, 1),
)


@pytest.mark.parametrize("cls", [PrisonRecord, IndRecord, Provenance])
def test_fast_builder_makes_the_class_itself(cls: type) -> None:
    make = fast_builder(cls)
    values = PRISON_ARGS if cls is PrisonRecord else None
    if values is None:
        values = tuple(range(len(dataclasses.fields(cls))))
    built, plain = make(*values), cls(*values)
    assert type(built) is cls
    assert built == plain
    assert repr(built) == repr(plain)
    assert pickle.loads(pickle.dumps(built)) == plain
    first = dataclasses.fields(cls)[0].name
    for made in (built, plain):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, first, None)


def test_fast_builder_falls_back_for_a_class_without_slots() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    assert fast_builder(NoSlots) is NoSlots


def test_provenances_one_per_row() -> None:
    assert provenances("f.xlsx", "S", [4, 9]) == [
        Provenance("f.xlsx", "S", 4),
        Provenance("f.xlsx", "S", 9),
    ]
    assert provenances("f", "", []) == []


def test_each_distinct_cell_is_parsed_once() -> None:
    calls: list[Cell] = []

    def parser(cell: Cell) -> tuple[str, str | None]:
        calls.append(cell)
        return raw_text(cell).upper(), ("odd" if cell == "b" else None)

    reader = ColumnReader(table({"offence": ["a", "b", "a", None, "b", "a"]}))
    (values,), problems = reader.parse_parts("offence", parser, 1, 1)
    assert values == ["A", "B", "A", "", "B", "A"]
    assert problems == [(1, "odd"), (4, "odd")]
    assert sorted(calls, key=str) == [None, "a", "b"]


def test_texts_are_worked_out_once_per_field() -> None:
    reader = ColumnReader(table({"offence": ["a", 12, None]}))
    first = reader.texts("offence")
    assert first == ["a", "12", ""]
    assert reader.texts("offence") is first


@pytest.mark.parametrize(
    ("surname", "forenames", "full", "expected"),
    [
        ("Smith", "John", "", ("SMITH", "JOHN")),
        ("Smith", None, "Ann Jones", ("SMITH", "")),
        ("SMITH, John", None, "", ("SMITH", "JOHN")),
        ("SMITH, John", "Johnny", "", ("SMITH", "JOHNNY")),
        (None, "John", "", ("", "JOHN")),
        (None, "John", "Ann Jones", ("JONES", "ANN")),
        (None, None, "Jones, Ann", ("JONES", "ANN")),
        (None, None, None, ("", "")),
        ("  ", "Ann", "Bea Cox", ("COX", "BEA")),
        (12345, "Ann", "", ("", "ANN")),
    ],
)
def test_names_row_by_row(
    surname: Cell, forenames: Cell, full: Cell, expected: tuple[str, str]
) -> None:
    reader = ColumnReader(
        table({"surname": [surname], "forenames": [forenames], "full_name": [full]})
    )
    surnames, fore = read_names(reader)
    assert (surnames[0], fore[0]) == expected


name_cell = st.one_of(
    st.none(),
    st.sampled_from(["Smith", "SMITH, John", "de la Cruz", " ", "Ann Jones", "O'Neil", ","]),
    st.text(alphabet="ab ,-'ÉŁ", max_size=8),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_names_agree_with_the_row_rule(data: st.DataObject) -> None:
    n = data.draw(st.integers(min_value=0, max_value=8))
    cols = {f: data.draw(st.lists(name_cell, min_size=n, max_size=n)) for f in
            ("surname", "forenames", "full_name")}  # fmt: skip
    surnames, forenames = read_names(ColumnReader(table(cols)))
    expected = [
        _names_of(_as_name(s), _as_name(f), _as_name(full))
        for s, f, full in zip(cols["surname"], cols["forenames"], cols["full_name"], strict=True)
    ]
    assert list(zip(surnames, forenames, strict=True)) == expected


def _as_name(cell: Cell) -> str:
    """A name cell's text as the row rule takes it: one with no letter (a number) is missing
    before any rule applies, so a full-name cell 0 leaves the name to the other columns."""
    text = raw_text(cell)
    return text if any(c.isalpha() for c in text) else ""


def test_records_without_unreadable_values_share_one_empty_mapping() -> None:
    records, _ = build_prison_records(
        table({"surname": ["A", "B", "C"], "release_date": ["1/1/2005", "31/02/2005", None]})
    )
    assert [r.unreadable for r in records] == [{}, {"release_date": "31/02/2005"}, {}]
    assert records[0].unreadable is records[2].unreadable
    ind, _ = build_ind_records(table({"surname": ["A", "B"]}, Role.IND))
    assert ind[0].unreadable == {} and ind[0].unreadable is ind[1].unreadable


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcXYZ'- `.,éŁ1\t", max_size=12))
def test_clean_name_fast_path_agrees_with_transliteration(text: str) -> None:
    assert clean_name(text) == clean_name.__wrapped__(text)
    assert clean_name.__wrapped__(text) == _clean_slowly(text)


def _clean_slowly(text: str) -> str:
    """The rule of clean_name spelt out: transliterate, upper-case, keep name characters."""
    if not text:
        return ""
    upper = anyascii(text).upper().replace("`", "'")
    kept = "".join(c if c.isascii() and (c.isalpha() or c in "' -") else " " for c in upper)
    return " ".join(kept.split())


number_cell = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=0, max_value=10**8),
    st.floats(allow_nan=True),
    st.text(alphabet="ABIOSU0123456789abz -./", max_size=9),
    st.sampled_from(["A1234BC", "a1234bc", "AI234BC", "A0000BC", "FF8282", "A12E4BC", "Ⅻ1"]),
)


@settings(max_examples=300, deadline=None)
@given(number_cell)
def test_prison_number_and_warning_is_the_two_steps(cell: Cell) -> None:
    number = normalise_prison_number(cell)
    assert prison_number_and_warning(cell) == (number, prison_number_warning(number))


def _parts_both_ways(cells: list[Cell]) -> tuple[object, object]:
    """parse_parts on a column, once as it is and once with the cell-by-cell path ruled out."""
    parser = prison_number_and_warning
    reader = ColumnReader(table({"prison_number": cells}))
    direct = reader.parse_parts("prison_number", parser, 1, 1)
    keys, cache = reader.distinct("prison_number", parser)
    cached = [cache[k][0] for k in keys]
    problems = [(i, cache[k][1]) for i, k in enumerate(keys) if cache[k][1]]
    return direct, ([cached], problems)


def test_columns_of_different_values_are_parsed_cell_by_cell_with_the_same_result() -> None:
    cells: list[Cell] = [f"A{i:04d}AC" for i in range(1, 200)] + ["AO000AC", 12, True, 1, None]
    assert mostly_distinct(cells)
    direct, cached = _parts_both_ways(cells)
    assert direct == cached
    assert direct[1] and direct[1][0][0] == 199  # the O typed for a 0 is warned about


@settings(max_examples=60, deadline=None)
@given(st.lists(number_cell, min_size=60, max_size=90, unique_by=repr))
def test_parse_parts_agrees_with_the_cache(cells: list[Cell]) -> None:
    direct, cached = _parts_both_ways(cells)
    assert direct == cached
    reader = ColumnReader(table({"case_ref": cells}, Role.IND))
    assert reader.parse("case_ref", raw_text) == [raw_text(c) for c in cells]


def test_repeating_columns_are_not_taken_for_distinct_ones() -> None:
    assert not mostly_distinct(["Polish", "Irish"] * 100)
    assert not mostly_distinct([f"A{i}" for i in range(10)])  # too short to tell
