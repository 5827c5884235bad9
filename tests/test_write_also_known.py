"""A record's aliases and other dates of birth shown where its links are judged: beside its
names in the evidence PDF's side-by-side table and on the review sheet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reconcile.write.evidence_prisoner import _record_lines
from reconcile.write.workbook_review import also_known_text, review_columns
from tests.test_link_decisions import i, p


@pytest.mark.parametrize(
    ("aliases", "births", "text"),
    [
        ((), (), ""),
        ((("JONES", "JOHN"),), (), "JONES, JOHN"),
        ((("JONES", ""),), (date(1981, 1, 1),), "JONES; 01/01/1981"),
        ((("A", "B"), ("C", "D")), (date(1981, 1, 1), date(1982, 2, 2)),
         "A, B; C, D; 01/01/1981; 02/02/1982"),
    ],
)  # fmt: skip
def test_also_known_text(aliases: tuple, births: tuple, text: str) -> None:  # type: ignore[type-arg]
    rec = replace(p(0, "SMITH", "JOHN", date(1980, 3, 12)), aliases=aliases, other_births=births)
    assert also_known_text(rec) == text


def test_review_sheet_shows_them_only_when_a_record_gives_them() -> None:
    plain = [c.title for c in review_columns(["name", "dob"])]
    also = [c.title for c in review_columns(["name", "dob"], also=True)]
    assert "Prison: also known as / born" not in plain
    assert set(also) - set(plain) == {"Prison: also known as / born", "IND: also known as / born"}
    assert also.index("Prison: also known as / born") == also.index("Prison: date of birth") + 1
    assert also.index("IND: also known as / born") == also.index("IND: date of birth") + 1


def test_pdf_table_has_a_line_for_each_when_given() -> None:
    rec = replace(p(0, "OKAFOR", "KWABENA", date(1988, 4, 17)), aliases=(("MENSAH", "KWABENA"),))
    other = replace(i(0, "MENSAH", "KWABENA", date(1984, 1, 1)), other_births=(date(1988, 4, 17),))
    lines = {line[0]: line[1:] for line in _record_lines(rec, [other])}
    assert lines["Alias"] == ["MENSAH, KWABENA", ""]
    assert lines["Other dates of birth"] == ["", "17/04/1988"]
    bare = {
        line[0]: line[1:] for line in _record_lines(p(0, "A", "B", None), [i(0, "A", "B", None)])
    }
    assert bare["Alias"] == ["", ""] and bare["Other dates of birth"] == ["", ""]


def test_pdf_table_shows_other_prison_numbers() -> None:
    rec = p(0, "OKAFOR", "KWABENA", date(1988, 4, 17), "A1234CD")
    other = replace(
        i(0, "OKAFOR", "KWABENA", date(1988, 4, 17), "FF8282"), other_numbers=("A1234CD", "AB1234")
    )
    lines = {line[0]: line[1:] for line in _record_lines(rec, [other])}
    assert lines["Prison number"] == ["A1234CD", "FF8282"]
    assert lines["Other prison numbers"] == ["", "A1234CD, AB1234"]


def test_the_method_section_says_how_they_were_compared() -> None:
    from reconcile.write.evidence_method import _also_known

    none = {"prison": {"records": 0}, "ind": {"records": 0}}
    assert _also_known({}) == _also_known({"aliases_and_other_dates_of_birth": none}) == ""
    counts = {
        "prison": {"records": 1234, "stand_ins": 1300, "records_left_out": 0},
        "ind": {"records": 5, "stand_ins": 5, "records_left_out": 2},
    }
    text = _also_known({"aliases_and_other_dates_of_birth": counts})
    assert text.startswith("1,234 prison rows and 5 IND records gave another name")
    assert "of 2 more rows were not compared" in text


def test_the_method_section_counts_one_as_one() -> None:
    from reconcile.write.evidence_method import _also_known

    one = {"records": 1, "stand_ins": 1, "records_left_out": 1}
    text = _also_known({"aliases_and_other_dates_of_birth": {"prison": one, "ind": one}})
    assert text.startswith("1 prison row and 1 IND record gave")
    assert "of 2 more rows were not compared" in text


def test_review_sheet_number_cells_give_the_other_numbers() -> None:
    from reconcile.write.workbook_review import _numbers

    rec = p(0, "OKAFOR", "KWABENA", date(1988, 4, 17), "A1234CD")
    assert _numbers(rec) == "A1234CD"
    assert _numbers(replace(rec, other_numbers=("FF8282",))) == "A1234CD (also FF8282)"
    assert _numbers(p(0, "A", "B", None)) == ""
