"""Other prison numbers compared as well (reconcile.link.aliases): DOMAIN.md gives prison
numbers as custody-episode keys, a set per person, and a cell may give two ("A1234CD /
FF8282"). The second number is compared as the first is, and the pair says which reached
its level."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.link import LinkerConfig, link_records, match_rows
from reconcile.link.aliases import (
    IND_OTHER_NUMBER,
    MAX_STAND_INS,
    PRISON_OTHER_NUMBER,
    WITHIN_OTHER_NUMBER,
    StandIns,
    collapse,
    number_note,
    with_notes,
    within_notes,
)
from reconcile.link.score import Scores
from reconcile.model import FieldComparison, LinkResult, LinkStatus
from tests.test_link_decisions import build, p

NUMBER_AT = 2  # the prison number's place among a pair's fields


def run(prison: list, ind: list) -> LinkResult:  # type: ignore[type-arg]
    return link_records(prison, ind, LinkerConfig(), seed=2006)


def people() -> tuple[list, list]:  # type: ignore[type-arg]
    """One person whose prison number on the IND record is another custody's."""
    return build(
        [("MENSAH", "KWABENA", date(1979, 6, 11), "A1234CD")],
        [("MENSAH", "KWABENA", date(1979, 6, 11), "FF8282")],
    )


def test_an_ind_records_other_prison_number_is_compared() -> None:
    prison, ind = people()
    before = run(prison, ind).decisions[0].best
    assert before is not None and before.fields[NUMBER_AT].level == "different"
    ind[0] = replace(ind[0], other_numbers=("A1234CD",))
    d = run(prison, ind).decisions[0]
    assert d.status is LinkStatus.LINKED and d.ind_idxs == (0,)
    assert d.best is not None
    assert d.best.fields[NUMBER_AT].level == "exact, by the IND record's other prison number"
    assert [f.level for f in d.best.fields[:2]] == ["exact", "exact"]
    assert "prison number: exact, by the IND record's other prison number (+" in d.reason
    assert d.best.weight > before.weight  # an exact number instead of a different one


def test_a_prison_rows_other_prison_number_is_compared() -> None:
    prison, ind = build(
        [("MENSAH", "KWABENA", date(1979, 6, 11), "A1234CD")],
        [("MENSAH", "KWABENA", date(1979, 6, 11), "FF8282")],
    )
    prison[0] = replace(prison[0], other_numbers=("FF8282",))
    d = run(prison, ind).decisions[0]
    assert d.best is not None
    assert d.best.fields[NUMBER_AT].level == "exact, by the prison row's other prison number"


def test_the_own_number_speaks_when_the_other_does_no_better() -> None:
    prison, ind = build(
        [("MENSAH", "KWABENA", date(1979, 6, 11), "A1234CD")],
        [("MENSAH", "KWABENA", date(1979, 6, 11), "A1234CD")],
    )
    ind[0] = replace(ind[0], other_numbers=("FF8282",))
    d = run(prison, ind).decisions[0]
    assert d.best is not None and d.best.fields[NUMBER_AT].level == "exact"


def test_without_other_numbers_the_decisions_are_the_records_alone() -> None:
    """A stand-in whose other number is the record's own changes nothing: the same
    decisions, weights and reasons as the records alone give."""
    prison, ind = people()
    alone = run(prison, ind)
    ind[0] = replace(ind[0], other_numbers=("ZZ9999",))  # a number nobody else has
    with_other = run(prison, ind)
    assert [(d.status, d.ind_idxs) for d in with_other.decisions] == [
        (d.status, d.ind_idxs) for d in alone.decisions
    ]
    best, best_alone = with_other.decisions[0].best, alone.decisions[0].best
    assert best is not None and best_alone is not None
    assert best.fields[NUMBER_AT].level == "different"


def test_stand_ins_change_one_part_first_then_two() -> None:
    """An alias and a second number: the alias with the own number, the own name with the
    second number, then both."""
    rec = replace(
        p(0, "A", "B", date(1970, 1, 2), "A1234CD"),
        aliases=(("C", "D"),),
        other_numbers=("FF8282",),
    )
    stand = StandIns.of([rec])
    assert stand.kind.tolist() == [4, 1, 5]  # number; name; name and number
    made = [(r.surname, r.prison_number, r.other_numbers) for r in stand.records]
    assert made == [("A", "FF8282", ()), ("C", "A1234CD", ()), ("C", "FF8282", ())]
    many = replace(rec, other_numbers=tuple(f"FF{k:04d}" for k in range(12)))
    assert len(StandIns.of([many])) == MAX_STAND_INS


def test_collapse_says_which_file_gave_another_number() -> None:
    pp = np.array([1, 0], dtype=np.int64)  # prison stand-in 1 (another number) for row 0
    ii = np.array([0, 1], dtype=np.int64)  # IND stand-in 1 (another number) for row 0
    stand = StandIns(
        [p(1, "A", "B", None)], np.array([0], dtype=np.int64), np.array([4], dtype=np.int8)
    )
    weight = np.array([2.0, 1.0])
    scores = Scores(np.zeros((2, 6), dtype=np.int16), weight, weight)
    levels = np.zeros((2, 6), dtype=np.int8)
    out = collapse(pp, ii, levels, scores, stand, 1, stand, 1)
    assert out.alias is not None and out.alias.tolist() == [PRISON_OTHER_NUMBER]
    low = collapse(pp, ii, levels, Scores(scores.shown, -weight, weight), stand, 1, stand, 1)
    assert low.alias is not None and low.alias.tolist() == [IND_OTHER_NUMBER]


@pytest.mark.parametrize(
    ("compared", "note"),
    [
        (0, ""),
        (PRISON_OTHER_NUMBER, "the prison row's other prison number"),
        (IND_OTHER_NUMBER, "the IND record's other prison number"),
        (PRISON_OTHER_NUMBER | IND_OTHER_NUMBER, "both records' other prison numbers"),
    ],
)
def test_number_notes(compared: int, note: str) -> None:
    assert number_note(compared) == note
    fields = (
        FieldComparison("name", "exact", 20.0),
        FieldComparison("prison_number", "exact", 8.0),
    )
    out = with_notes(fields, compared)
    assert out[0].level == "exact"
    assert out[1].level == ("exact, by " + note if note else "exact")


def test_within_notes_say_another_number() -> None:
    fields = (FieldComparison("prison_number", "exact", 8.0),)
    assert within_notes(fields, WITHIN_OTHER_NUMBER)[0].level == "exact, by another prison number"


@pytest.mark.parametrize("all_candidates", [False, True])
def test_match_rows_say_the_other_number(all_candidates: bool) -> None:
    prison, ind = people()
    ind[0] = replace(ind[0], other_numbers=("A1234CD",))
    rows = match_rows(prison, ind, LinkerConfig(), seed=2006, all_candidates=all_candidates)
    found = [r for r in rows.as_dicts() if r["left_row"] == 2 and r["right_row"] == 2]
    assert [r["prison_number_level"] for r in found] == [
        "exact, by the IND record's other prison number"
    ]


HEADER = "Surname,Forenames,Date of birth,Prison number,Nationality\n"
FILLER = [
    "MALIK,Muhammed,23/07/1972,A8484RL,Pakistan",
    "HALL,Kirk,17/11/1977,F4105EK,Jamaica",
    "KOLA,Artan,23/12/1977,D3542XV,Albania",
    "SAHIN,Erdal,30/03/1972,G1234HJ,Turkey",
]


def test_match_compares_a_second_number_given_in_the_cell(tmp_path: Path) -> None:
    """Through the command: the second list gives two numbers in one cell; the link says
    the second one agreed, and the first list's number is the one shown."""
    left, right, out = tmp_path / "left.csv", tmp_path / "right.csv", tmp_path / "links.csv"
    left.write_text(HEADER + "\n".join([*FILLER, "OKAFOR,Chinedu,02/02/1980,H2345JK,Nigeria"]))
    right.write_text(
        HEADER + "\n".join([*FILLER, "OKAFOR,Chinedu,02/02/1980,FF8282 / H2345JK,Nigeria"])
    )
    result = CliRunner().invoke(app, ["match", str(left), str(right), "-o", str(out)])
    assert result.exit_code == 0, result.output
    links = {r["left_row"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    okafor = links["6"]
    assert okafor["right_row"] == "6"
    assert okafor["prison_number_level"] == "exact, by the IND record's other prison number"
    assert "by the IND record's other prison number" in okafor["explanation"]
