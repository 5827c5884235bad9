"""Reasons as a lay reader sees them: dates day first, as beside them in the workbook and PDF."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from reconcile.rules.outcome import day
from tests.test_rules_factories import classify_one, fixed_names, ind, policy, prison

D = date


def test_reasons_give_dates_day_first() -> None:
    assert day(D(2005, 7, 14)) == "14/07/2005"


def test_no_iso_date_is_left_in_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF prints the reason next to "Dates compared: release 14/07/2005": the reason
    must give its dates the same way."""
    fixed_names(monkeypatch)
    got = classify_one(
        prison(nationality="PL", release_date=D(2003, 11, 2)),
        [ind(referral_date=D(2003, 1, 2), considered_date=D(2003, 12, 1))],
    )
    assert "released 02/11/2003, before Poland joined the EU on 01/05/2004" in got.reason
    assert "IND referral received 02/01/2003 (before release)" in got.reason
    assert "considered 01/12/2003 (after release)" in got.reason
    assert not re.search(r"\d{4}-\d{2}-\d{2}", got.reason)


@pytest.mark.parametrize(
    ("months", "raw", "words"),
    [
        (
            18.0,
            "18",
            "(non-EEA national, sentence 18 months, at or above the 12-month threshold)",
        ),
        (
            1.0,
            "1",
            "sentence 1 month, below the 12-month threshold for non-EEA nationals, no court "
            "recommendation: out of scope under policy 2006 v1.",
        ),
    ],
)
def test_the_sentence_is_compared_in_words(months: float, raw: str, words: str) -> None:
    """No '>= 12' or '< 12': the threshold is named as such, and one month is singular."""
    got = classify_one(prison(sentence_months=months, sentence_raw=raw))
    assert words in got.reason
    assert ">" not in got.reason and "<" not in got.reason and "1 months" not in got.reason


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({}, "never referred: linked IND record IND row 2 with no referral date."),
        (
            {"unreadable": {"referral_date": "Yes"}},
            "the referral date of the IND record at row 2 ('Yes') could not be read",
        ),
        (
            {"referral_date": D(2005, 1, 2), "decision": "Deport"},
            "the IND record at row 2 ('Deport') records a decision but no consideration date",
        ),
        (
            {"referral_date": D(2005, 1, 2), "unreadable": {"considered_date": "Yes"}},
            "the consideration date of the IND record at row 2 ('Yes') could not be read",
        ),
    ],
)
def test_an_ind_record_without_a_case_reference_is_named_by_its_row(
    record: dict[str, object], words: str
) -> None:
    """Not "IND case ind.xlsx, sheet 'Cases', row 2": the file and sheet are the IND
    extract's, and the row is what the auditor looks up."""
    got = classify_one(prison(), [ind(case_ref="", **record)])
    assert words in got.reason, got.reason
    assert "ind.xlsx" not in got.reason


UNDECIDED = "Scope cannot be decided under policy 2006 v1: "


@pytest.mark.parametrize(
    ("fields", "tail"),
    [
        ({"release_date": None}, "release date missing; add the release date in the prison"),
        (
            {"release_date": None, "unreadable": {"release_date": "N/K"}},
            "release date could not be read ('N/K'); correct the release date in the prison",
        ),
        (
            {"sentence_months": None, "sentence_raw": ""},
            "sentence length missing, no court recommendation; add the sentence length in the "
            "prison",
        ),
        (
            {"sentence_months": None, "sentence_raw": "tbc", "unreadable": {"sentence": "tbc"}},
            "sentence length could not be read ('tbc'), no court recommendation; correct the "
            "sentence length in the prison",
        ),
        (
            {
                "sentence_months": 6.0,
                "court_recommended": None,
                "unreadable": {"court_recommended": "?"},
            },
            "the court recommendation could not be read ('?') and would decide scope; correct "
            "the court recommendation (Y or N) in the prison",
        ),
    ],
)
def test_scope_that_cannot_be_decided_says_what_to_do(fields: dict[str, object], tail: str) -> None:
    got = classify_one(prison(**fields))
    assert got.reason.startswith(UNDECIDED), got.reason
    assert got.reason.endswith(f"{tail} extract and run again."), got.reason


def test_an_undecided_nationality_says_what_to_do() -> None:
    pol = dataclasses.replace(policy(), unknown_nationality="insufficient_data")
    got = classify_one(prison(nationality=None, nationality_raw=""), pol=pol)
    assert got.reason.endswith(
        "nationality unknown; add or correct the nationality in the prison extract and run again."
    ), got.reason


def test_a_row_linked_to_no_ind_record_does_not_say_none_was_found() -> None:
    """The evidence page shows the nearest IND record beside it, not linked: "no IND record
    found" would contradict it. The wording is the one a row whose candidates a reviewer
    ruled out has."""
    got = classify_one(prison(), [])
    assert got.reason.endswith("; never referred: no IND record linked to this person.")


@pytest.mark.parametrize(
    ("considered", "words"),
    [
        (D(2005, 6, 1), "considered 01/06/2005 (at least 30 days before release; deadline "),
        (D(2005, 7, 1), "considered 01/07/2005 (less than 30 days before release; deadline "),
    ],
)
def test_a_deadline_before_release_reads_the_same_either_side(considered: date, words: str) -> None:
    """One pair of brackets, the deadline after a semicolon, in time or not."""
    pol = dataclasses.replace(policy(), deadline_days=30)
    got = classify_one(prison(), [ind(considered_date=considered)], pol=pol)
    assert f"{words}14/06/2005)" in got.reason, got.reason
    assert "((" not in got.reason and "))" not in got.reason
