"""Sentence lengths, yes/no flags, prison numbers and case references, as tables."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.normalise.flags import NOT_YES_NO, parse_yes_no, states_a_decision
from reconcile.normalise.identifiers import (
    normalise_case_ref,
    normalise_prison_number,
    prison_number_format,
    prison_number_key,
    prison_number_warning,
)
from reconcile.normalise.sentence import (
    NOT_A_LENGTH,
    NOT_KNOWN,
    SEVERAL_TERMS,
    header_unit,
    parse_sentence,
)

WEEK = 7 * 12 / 365


@pytest.mark.parametrize(
    ("raw", "months"),
    [
        (18, 18.0),
        (18.0, 18.0),
        (11.5, 11.5),
        ("18", 18.0),
        ("18.5", 18.5),
        ("18 months", 18.0),
        ("18 Months", 18.0),
        ("18m", 18.0),
        ("18 mths", 18.0),
        ("12 month", 12.0),
        ("2 years", 24.0),
        ("2 yrs", 24.0),
        ("1 year", 12.0),
        ("1.5 years", 18.0),
        ("2y 6m", 30.0),
        ("2Y6M", 30.0),
        ("1 year 6 months", 18.0),
        ("1 year and 6 months", 18.0),
        ("2 yrs, 6 mths", 30.0),
        ("6 weeks", round(6 * WEEK, 4)),
        ("6w", round(6 * WEEK, 4)),
        ("52 weeks", round(52 * WEEK, 4)),
        ("90 days", round(90 * 12 / 365, 4)),
        ("365 days", 12.0),
        ("1 year 2 weeks 3 days", round(12 + 2 * WEEK + 3 * 12 / 365, 4)),
        ("18/12", 18.0),
        ("2 years imprisonment", 24.0),
        ("18 months in custody", 18.0),
        ("12 months YOI", 12.0),
        ("6/52", round(6 * WEEK, 4)),
        # Several terms: consecutive ones add up, concurrent ones run together.
        ("2 x 6 months consecutive", 12.0),
        ("3 X 4 MONTHS CONSEC", 12.0),
        ("2x6m (consecutive)", 12.0),
        ("2 x 6 months concurrent", 6.0),
        ("2 * 18 months cc", 18.0),
        ("6 months concurrent", 6.0),  # with a term on another row
        # Terms of different lengths: concurrent ones run together (the longest is served),
        # consecutive ones add up.
        ("12 months + 6 months concurrent", 12.0),
        ("6 months + 6 months concurrent", 6.0),
        ("2 years, 18 months and 6 months (concurrent)", 24.0),
        ("1 year 6 months + 2 years concurrent", 24.0),
        ("6m 6m cc", 6.0),
        ("12 months consecutive to 6 months", 18.0),
        ("12 months + 6 months consecutive", 18.0),
        ("18 months (consecutive)", 18.0),
        ("2 years + 6 months", 30.0),
        ("2 years & 6 months", 30.0),
        ("DTO 12 months", 12.0),
        ("12 months DTO", 12.0),
        ("Detention and training order 8 months", 8.0),
        # A suspended sentence's term, not its operational period (the policy says whether
        # a suspended sentence counts).
        ("12 months suspended", 12.0),
        ("12 months suspended for 2 years", 12.0),
        ("Suspended sentence 6 months", 6.0),
    ],
)
def test_sentence_lengths(raw: object, months: float) -> None:
    assert parse_sentence(raw) == (months, False, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("header", "raw", "months"),
    [
        ("Sentence (days)", 365, 12.0),
        ("Sentence length (days)", "180", 5.9178),
        ("Sentence (weeks)", 26, 5.9836),
        ("Sentence length in years", "2.5", 30.0),
        ("Sentence (months)", 18, 18.0),
        ("Sentence", 18, 18.0),
        ("Term", 18, 18.0),
        ("Sentence (days)", "18 months", 18.0),  # a length with its unit keeps it
        ("Sentence days or months", 18, 18.0),  # two units named: months
    ],
)
def test_a_header_that_names_a_unit_sets_bare_numbers(
    header: str, raw: object, months: float
) -> None:
    assert parse_sentence(raw, header_unit(header)) == (months, False, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "raw",
    ["Life", "LIFE", "life imprisonment", "Custody for life", "IPP", "Indeterminate", "DPP",
     "HMP", "DHMP", "Detention at Her Majesty's Pleasure", "Whole life order",
     "Imprisonment for Public Protection"],
)  # fmt: skip
def test_life_and_indeterminate(raw: str) -> None:
    assert parse_sentence(raw) == (None, True, None)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("tbc", NOT_KNOWN),
        ("TBC", NOT_KNOWN),
        ("N/K", NOT_KNOWN),
        ("-", NOT_KNOWN),
        ("unknown", NOT_KNOWN),
        ("abc", NOT_A_LENGTH),
        ("18 parsecs", NOT_A_LENGTH),
        ("months", NOT_A_LENGTH),
        ("18 months 6", NOT_A_LENGTH),
        ("suspended for 2 years", NOT_A_LENGTH),  # the operational period alone
        ("suspended", NOT_A_LENGTH),
        ("2 x 6 months", SEVERAL_TERMS),  # neither concurrent nor consecutive
        ("2 x 6 months concurrent and consecutive", SEVERAL_TERMS),
        ("2 x parsecs consecutive", NOT_A_LENGTH),
        (True, NOT_A_LENGTH),
        (0, "is not a sentence length (zero or less)"),
        (-3, "is not a sentence length (zero or less)"),
        ("0", "is not a sentence length (zero or less)"),
        (float("nan"), "is not a sentence length (zero or less)"),
        (5000, "is longer than 1200 months, so probably mistyped"),
    ],
)
def test_sentence_problems(raw: object, problem: str) -> None:
    assert parse_sentence(raw) == (None, False, problem)  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank_sentence_is_missing_without_a_problem(raw: str | None) -> None:
    assert parse_sentence(raw) == (None, False, None)


@given(st.one_of(st.none(), st.text(max_size=30), st.floats(), st.integers(), st.booleans()))
def test_sentence_never_raises(value: object) -> None:
    months, life, _ = parse_sentence(value)  # type: ignore[arg-type]
    assert not (life and months is not None)
    assert months is None or 0 < months <= 1200


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Y", True), ("y", True), ("Yes", True), ("YES", True), ("True", True), ("1", True),
        (1, True), (1.0, True), (True, True), ("Recommended", True), ("T", True),
        ("N", False), ("No", False), ("no", False), ("False", False), ("0", False), (0, False),
        (0.0, False), (False, False), ("Not recommended", False), ("N.", False),
        (None, None), ("", None), ("  ", None), ("N/K", None), ("Unknown", None), ("-", None),
        # A yes or no with a gloss after it.
        ("Y - recommended", True), ("Yes (court)", True), ("No rec", False),
        ("N - see notes", False), ("NO RECOMMENDATION", False),
    ],
)  # fmt: skip
def test_yes_no(raw: object, expected: bool | None) -> None:
    assert parse_yes_no(raw) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "raw",
    ["Maybe", "2", 2, 0.5, "YN", float("inf"), "Yes - no longer", "No/Yes", "Not known yet",
     "Nope", "Yesterday"],
)  # fmt: skip
def test_yes_no_problems(raw: object) -> None:
    assert parse_yes_no(raw) == (None, NOT_YES_NO)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "number", "fmt"),
    [
        ("A1234CD", "A1234CD", "noms"),
        ("a1234cd", "A1234CD", "noms"),
        (" A 1234 CD ", "A1234CD", "noms"),
        ("A1234-CD", "A1234CD", "noms"),
        ("A.1234.CD", "A1234CD", "noms"),
        ("FF8282", "FF8282", "lids"),
        ("ff 8282", "FF8282", "lids"),
        (12345, "12345", "other"),
        (12345.0, "12345", "other"),
        ("012345", "012345", "other"),  # kept as given: zeros are neither added nor removed
        ("=A1234CD", "A1234CD", "noms"),
        (None, None, ""),
        ("", None, ""),
        (" - ", None, ""),
        (True, None, ""),
    ],
)
def test_prison_numbers(raw: object, number: str | None, fmt: str) -> None:
    assert normalise_prison_number(raw) == number  # type: ignore[arg-type]
    assert prison_number_format(number) == fmt


@pytest.mark.parametrize(
    ("number", "warning"),
    [
        ("A1234CD", None),
        ("FF8282", None),
        ("12345", None),
        (None, None),
        (
            "A1234OC",
            "looks like a NOMS number but contains O, which NOMS numbers never use "
            "(often a digit mistyped)",
        ),
        ("U1234CD", "looks like a NOMS number but contains U, which NOMS numbers never use"),
        ("A0000CD", "looks like a NOMS number but has the digits 0000, which are never issued"),
        ("AI234CD", "looks like a NOMS number with a letter typed for a digit (or the reverse)"),
        ("A12O4CD", "looks like a NOMS number with a letter typed for a digit (or the reverse)"),
    ],
)
def test_prison_number_warnings(number: str | None, warning: str | None) -> None:
    assert prison_number_warning(number) == warning


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("A1234CD", "A1234CD", True),
        ("AI234CD", "A1234CD", True),
        ("A12O4CD", "A1204CD", True),
        ("A1234C0", "A1234CO", True),
        ("FF8282", "FF82B2", True),
        ("F58282", "FS8282", True),
        ("012345", "12345", True),
        ("A1234CD", "A1235CD", False),
        ("A1234CD", "A1234CE", False),
        ("FF8282", "FF8283", False),
    ],
)
def test_prison_number_key_folds_look_alikes(a: str, b: str, same: bool) -> None:
    assert (prison_number_key(a) == prison_number_key(b)) is same


def test_prison_number_key_of_nothing_is_empty() -> None:
    assert prison_number_key(None) == ""
    assert prison_number_key("") == ""


@pytest.mark.parametrize(
    ("raw", "ref"),
    [
        (123456, "123456"),
        (123456.0, "123456"),
        ("B1234567", "B1234567"),
        ("  B1234567 ", "B1234567"),
        ("b1234567", "b1234567"),  # case references are kept as given
        ("00123", "00123"),
        (None, ""),
        ("", ""),
    ],
)
def test_case_refs(raw: object, ref: str) -> None:
    assert normalise_case_ref(raw) == ref  # type: ignore[arg-type]


@given(st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats(), st.booleans()))
def test_identifiers_never_raise(value: object) -> None:
    number = normalise_prison_number(value)  # type: ignore[arg-type]
    prison_number_warning(number)
    prison_number_key(number)
    assert isinstance(normalise_case_ref(value), str)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("Deport", True), ("No action", True), ("Do not deport", True),
        ("Deportation order signed", True), ("NFA", True),
        ("Pending", False), ("Awaiting papers", False), ("awaiting decision", False),
        ("Under consideration", False), ("Not yet decided", False), ("N/A", False),
        ("", False), ("  ", False), ("-", False), ("Referred to CCT", False),
        ("Decision awaited", False), ("Decision pending", False), ("WIP", False),
        ("With caseworker", False), ("Being considered", False), ("Unallocated", False),
        ("TBD", False), ("To be decided", False),
        # A decision taken, whatever is pending after it.
        ("Deport - appeal pending", True), ("Removed", True), ("Cancelled", True),
    ],
)  # fmt: skip
def test_states_a_decision(text: str, stated: bool) -> None:
    assert states_a_decision(text) is stated
