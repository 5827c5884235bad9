"""parse_date: every accepted form, the two-digit-year rule, serials and the problems."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.normalise.dates import (
    NOT_A_DATE,
    NOT_REAL,
    NOT_REAL_UK,
    NOT_REAL_US,
    PLACEHOLDER,
    DateOrderEvidence,
    birth_year_only,
    date_order_evidence,
    estimated_birth,
    from_serial,
    is_placeholder_birthday,
    parse_date,
    several_births,
)

D = date(1975, 12, 31)
REF = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(1975, 12, 31), D),
        (datetime(1975, 12, 31, 0, 0), D),
        (datetime(1975, 12, 31, 17, 45, 3), D),
        ("31/12/1975", D),
        ("31-12-1975", D),
        ("31.12.1975", D),
        ("31.12.75", D),
        ("31/12/75", D),
        ("1975-12-31", D),
        ("1975/12/31", D),
        ("31-Dec-1975", D),
        ("31-DEC-75", D),
        ("31 Dec 1975", D),
        ("31 December 1975", D),
        ("31st December 1975", D),
        ("December 31, 1975", D),
        ("Dec 31 1975", D),
        ("19751231", D),
        ("31121975", D),
        ("311275", D),
        ("31/12/1975 00:00:00", D),
        ("31/12/1975 13:05", D),
        ("1975-12-31T00:00:00", D),
        ("1975-12-31 00:00:00", D),
        ("  31/12/1975  ", D),
        ("1/2/1980", date(1980, 2, 1)),  # day first, always
        ("12/01/1980", date(1980, 1, 12)),
        ("29/02/1980", date(1980, 2, 29)),
        (27759, D),  # Excel serial, date formatted as General
        (27759.0, D),
        (27759.75, D),  # a time of day is dropped
        ("27759", D),
        (19751231, D),  # compact date typed as a number
        (3654, date(1910, 1, 1)),  # the smallest number read as a date (SMALL_SERIAL)
        (38808, date(2006, 4, 1)),
    ],
)
def test_accepted_forms(raw: object, expected: date) -> None:
    assert parse_date(raw, reference=REF) == (expected, None)  # type: ignore[arg-type]
    assert parse_date(raw, birth=True, reference=REF) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "birth", "expected"),
    [
        # Event dates: Excel's window, 00-29 -> 20yy, 30-99 -> 19yy.
        ("01/02/05", False, date(2005, 2, 1)),
        ("01/02/29", False, date(2029, 2, 1)),
        ("01/02/30", False, date(1930, 2, 1)),
        ("01/02/75", False, date(1975, 2, 1)),
        ("01-Feb-99", False, date(1999, 2, 1)),
        ("01/02/00", False, date(2000, 2, 1)),
        # Births: never after the reference day (2026-01-01 here).
        ("01/02/75", True, date(1975, 2, 1)),
        ("01/02/05", True, date(2005, 2, 1)),
        ("01/02/25", True, date(2025, 2, 1)),
        ("01/02/26", True, date(1926, 2, 1)),  # 2026-02-01 would be after the reference
        ("01/02/29", True, date(1929, 2, 1)),
        ("01/02/30", True, date(1930, 2, 1)),
        ("010226", True, date(1926, 2, 1)),
    ],
)
def test_two_digit_year_rule(raw: str, birth: bool, expected: date) -> None:
    assert parse_date(raw, birth=birth, reference=REF) == (expected, None)


def test_birth_pivot_follows_the_reference() -> None:
    assert parse_date("01/02/05", birth=True, reference=date(2004, 6, 1))[0] == date(1905, 2, 1)
    assert parse_date("01/02/05", birth=True, reference=date(2005, 6, 1))[0] == date(2005, 2, 1)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("31/02/1980", NOT_REAL),
        ("30/02/1980", NOT_REAL),
        ("29/02/1981", NOT_REAL),
        ("32/01/1980", NOT_REAL),
        ("12/13/1980", NOT_REAL_US),  # month-first US dates are not guessed, but named
        ("02/31/1980", NOT_REAL),
        ("31-Feb-1980", NOT_REAL),
        ("19800231", NOT_REAL),
        ("01/01/1900", PLACEHOLDER),
        ("1900-01-01", PLACEHOLDER),
        (datetime(1900, 1, 1), PLACEHOLDER),
        (1, PLACEHOLDER),  # serial 1 is 1900-01-01
        ("31/12/9999", PLACEHOLDER),
        ("00/00/0000", PLACEHOLDER),
        ("00000000", PLACEHOLDER),
        ("tbc", NOT_A_DATE),
        ("N/K", NOT_A_DATE),
        ("31st Smarch 1980", NOT_A_DATE),
        ("1980", "gives only a year, not a full date"),
        (1980, "gives only a year, not a full date"),
        (60, "is Excel's day 60, the fictitious 29 February 1900"),
        (0, "is not a date (out of range as an Excel date number)"),
        (-5, "is not a date (out of range as an Excel date number)"),
        (10**9, "is not a date (out of range as an Excel date number)"),
        (float("nan"), "is not a date (out of range as an Excel date number)"),
        (True, NOT_A_DATE),
        ("01/01/1850", "has the year 1850, outside 1880-2099"),
        (date(2150, 1, 1), "has the year 2150, outside 1880-2099"),
    ],
)
def test_problems(raw: object, problem: str) -> None:
    assert parse_date(raw, reference=REF) == (None, problem)  # type: ignore[arg-type]


def test_future_birth_is_a_problem_but_a_future_event_is_not() -> None:
    assert parse_date("01/06/2030", birth=True, reference=REF) == (None, "is in the future")
    assert parse_date("01/06/2030", reference=REF) == (date(2030, 6, 1), None)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank_is_missing_without_a_problem(raw: str | None) -> None:
    assert parse_date(raw) == (None, None)


def test_serial_arithmetic_matches_excel() -> None:
    assert from_serial(25569) == (date(1970, 1, 1), None)
    assert from_serial(1) == (date(1900, 1, 1), None)
    assert from_serial(60)[0] is None
    assert from_serial(59) == (date(1900, 2, 28), None)
    assert from_serial(61) == (date(1900, 3, 1), None)  # after Excel's phantom 29 February 1900
    assert from_serial(2) == (date(1900, 1, 2), None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(date(1980, 1, 1), True), (date(1980, 1, 2), False), (date(1980, 2, 1), False), (None, False)],
)
def test_placeholder_birthday(value: date | None, expected: bool) -> None:
    assert is_placeholder_birthday(value) is expected


cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@given(cells, st.booleans())
def test_parse_never_raises(value: object, birth: bool) -> None:
    result, problem = parse_date(value, birth=birth, reference=REF)  # type: ignore[arg-type]
    assert (result is None) or (problem is None)
    assert result is None or 1880 <= result.year <= 2099


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2025, 12, 31)))
def test_round_trip_of_uk_strings(d: date) -> None:
    for text in (
        d.strftime("%d/%m/%Y"),
        d.strftime("%d-%b-%Y"),
        d.isoformat(),
        d.strftime("%Y%m%d"),
    ):
        assert parse_date(text, birth=True, reference=REF) == (d, None)


@pytest.mark.parametrize(
    ("raw", "expected", "problem"),
    [
        ("12/31/1975", date(1975, 12, 31), None),
        ("03/04/2003", date(2003, 3, 4), None),
        ("3.4.03", date(2003, 3, 4), None),
        ("31/12/1975", None, NOT_REAL_UK),
        ("1975-12-31", date(1975, 12, 31), None),  # ISO reads the same either way
        ("31 Dec 1975", date(1975, 12, 31), None),
        (datetime(1975, 12, 31), date(1975, 12, 31), None),
        (27759, date(1975, 12, 31), None),
    ],
)
def test_month_first(raw: object, expected: date | None, problem: str | None) -> None:
    assert parse_date(raw, month_first=True) == (expected, problem)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], DateOrderEvidence()),
        (["01/02/2003", "12/12/2003", date(2003, 1, 31), 37000], DateOrderEvidence()),
        (["31/01/2003", "13/01/2003", "31/01/2003", " 13/01/2003 "],
         DateOrderEvidence(day_first_only=3, day_first_example="13/01/2003")),
        (["01/31/2003", "02/28/1970", "1975-12-31"],
         DateOrderEvidence(month_first_only=2, month_first_example="01/31/2003")),
        (["31/01/2003", "01/31/2003", "00/13/2003"],
         DateOrderEvidence(1, 1, "31/01/2003", "01/31/2003")),
    ],
)  # fmt: skip
def test_date_order_evidence(values: list[object], expected: DateOrderEvidence) -> None:
    assert date_order_evidence(values) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("1975", 1975),
        (1975, 1975),
        (1975.0, 1975),
        ("c. 1975", 1975),
        ("C1975", 1975),
        ("circa 1975", 1975),
        ("ca 1975", 1975),
        ("approximately 1975", 1975),
        ("estimated 1975", 1975),
        ("about 1975", 1975),
        ("1975 (est)", 1975),
        ("1975 est.", 1975),
        ("1975?", 1975),
        ("07/1975", 1975),
        ("7-1975", 1975),
        ("1975-07", 1975),
        ("July 1975", 1975),
        ("Jul-1975", 1975),
        ("Sept. 1975", 1975),
        ("Jul-75", 1975),
        ("07/75", 1975),  # 75 is no month: a month and a two-digit year
        ("7-75", 1975),
        ("12/05", None),  # 05 could be a month
        ("07/30", 1930),  # the two-digit-year rule for births, against 2026
        ("JUL 05", 2005),  # the two-digit-year rule for births, against 2026
        ("Jul-30", 1930),
        ("00/00/1975", 1975),
        ("00/07/1975", 1975),
        ("15/00/1975", 1975),
        ("XX/XX/1975", 1975),
        ("??/??/1975", 1975),
        ("UK/UK/1975", 1975),
        # Not a year alone: a full date, no year, a year out of range, a month that is none.
        ("31/12/1975", None),
        ("1975-12-31", None),
        ("Unknown", None),
        ("N/K", None),
        ("13/1975", None),
        ("07/12", None),  # a day and month, or a month and year: not told apart
        ("13/75", None),  # no month 13
        ("Foo-75", None),
        ("1975/13", None),
        ("00/13/1975", None),
        ("Foo 1975", None),
        ("12345", None),
        ("1850", None),
        ("2027", None),
        (1975.5, None),
        (True, None),
        (None, None),
    ],
)
def test_a_year_of_birth_given_alone(raw: object, year: int | None) -> None:
    assert birth_year_only(raw, REF) == year  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01/01/1975 (est)", date(1975, 1, 1)),
        ("c. 12/03/1980", date(1980, 3, 12)),
        ("c.12/03/1980", date(1980, 3, 12)),
        ("ca. 12/03/1980", date(1980, 3, 12)),
        ("circa 12/03/1980", date(1980, 3, 12)),
        ("about 12/03/1980", date(1980, 3, 12)),
        ("approximately 12/03/1980", date(1980, 3, 12)),
        ("estimated 12/03/1980", date(1980, 3, 12)),
        ("12/03/1980 (approx)", date(1980, 3, 12)),
        ("12/03/1980?", date(1980, 3, 12)),
        ("est 12-Mar-1980", date(1980, 3, 12)),
        ("12/03/1980", None),  # no estimate marked: parse_date reads it
        ("1975 (est)", None),  # a year alone: birth_year_only
        ("EST. 31/02/1980", None),  # not a real date after the mark
        ("(est)", None),
        (19750101, None),
    ],
)
def test_a_date_of_birth_marked_as_estimated(raw: object, expected: date | None) -> None:
    assert estimated_birth(raw, REF) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "dates"),
    [
        ("12/03/1980; 01/01/1981", [date(1980, 3, 12), date(1981, 1, 1)]),
        ("12/03/1980 or 12/03/1981", [date(1980, 3, 12), date(1981, 3, 12)]),
        ("12/03/1980\n01/01/1981", [date(1980, 3, 12), date(1981, 1, 1)]),
        ("12/03/1980 / 01/01/1981", [date(1980, 3, 12), date(1981, 1, 1)]),
        ("1980-03-12 | 1981-01-01", [date(1980, 3, 12), date(1981, 1, 1)]),
        ("12/03/1980, 14/05/1979 and 01/01/1981",
         [date(1980, 3, 12), date(1979, 5, 14), date(1981, 1, 1)]),
        # One date, or a part that is not a full date: not several dates of birth.
        ("12/03/1980", []),
        ("March 12, 1980", []),
        ("12/03/1980, 1981", []),
        ("12/03/1980 & 31/02/1981", []),
        (27759, []),
    ],
)  # fmt: skip
def test_several_dates_of_birth_in_one_cell(raw: object, dates: list[date]) -> None:
    assert several_births(raw, REF) == dates  # type: ignore[arg-type]
