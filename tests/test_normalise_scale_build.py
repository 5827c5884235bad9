"""Normalising at scale: values parsed once per distinct cell, records built without the
frozen __init__ but equal to it, names split per row only where the surname needs it."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.model import Cell, IndRecord, PrisonRecord, Provenance, Role, SourceInfo, Table
from reconcile.normalise.build import fast_builder, provenances
from reconcile.normalise.cells import raw_text
from reconcile.normalise.columns import ColumnReader
from reconcile.normalise.fields import _names_of, read_names
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
        _names_of(raw_text(s), raw_text(f), raw_text(full))
        for s, f, full in zip(cols["surname"], cols["forenames"], cols["full_name"], strict=True)
    ]
    assert list(zip(surnames, forenames, strict=True)) == expected


def test_records_without_unreadable_values_share_one_empty_mapping() -> None:
    records, _ = build_prison_records(
        table({"surname": ["A", "B", "C"], "release_date": ["1/1/2005", "31/02/2005", None]})
    )
    assert [r.unreadable for r in records] == [{}, {"release_date": "31/02/2005"}, {}]
    assert records[0].unreadable is records[2].unreadable
    ind, _ = build_ind_records(table({"surname": ["A", "B"]}, Role.IND))
    assert ind[0].unreadable == {} and ind[0].unreadable is ind[1].unreadable
