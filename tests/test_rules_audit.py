"""The classification rules checked against the domain facts (DOMAIN.md section 2 and "What the
tool's rules and matcher must support"), case by case, through the public functions.

Each table row is (preset, prison-row fields, expected outcome, expected rule). Where the domain
notes are silent the docstring of the test says which reading was taken and why.
"""

from __future__ import annotations

import csv
import dataclasses
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Outcome
from reconcile.normalise.nationality import parse_nationality
from reconcile.normalise.sentence import parse_sentence
from reconcile.rules import RULES, load_policy
from reconcile.rules.membership import BRITISH, EEA, IRISH, NON_EEA, SWISS, shipped_membership
from reconcile.rules.outcome import day
from tests.test_rules_factories import RELEASE, classify_one, ind, prison

D = date
IN, OUT, UNDECIDED = Outcome.NEVER_REFERRED, Outcome.OUT_OF_SCOPE, Outcome.INSUFFICIENT_DATA
LATE = D(2030, 1, 1)  # an as-of date after every release below


def _check(preset: str, fields: dict[str, Any], outcome: Outcome, rule: str) -> str:
    got = classify_one(prison(**fields), pol=preset, as_of=LATE)
    assert got.outcome is outcome, got.reason
    assert got.rule.split("/")[0] == rule, got.reason
    assert all(part in RULES for part in got.rule.split("/"))
    assert got.policy == load_policy(preset).label
    return got.reason


# --- Nationality by date -------------------------------------------------------------------

ACCESSION_2004 = ["CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI"]

STANDING: list[tuple[str, date, str]] = [
    # 2004 accession states, either side of 1 May 2004.
    *[(code, D(2004, 4, 30), NON_EEA) for code in ACCESSION_2004],
    *[(code, D(2004, 5, 1), EEA) for code in ACCESSION_2004],
    # Bulgaria and Romania 1 January 2007; Croatia 1 July 2013.
    ("BG", D(2006, 12, 31), NON_EEA),
    ("BG", D(2007, 1, 1), EEA),
    ("RO", D(2007, 1, 1), EEA),
    ("HR", D(2013, 6, 30), NON_EEA),
    ("HR", D(2013, 7, 1), EEA),
    # EEA outside the EU: Norway and Iceland from 1994, Liechtenstein from 1 May 1995.
    ("NO", D(1999, 2, 1), EEA),
    ("IS", D(1999, 2, 1), EEA),
    ("LI", D(1995, 4, 30), NON_EEA),
    ("LI", D(1995, 5, 1), EEA),
    # Switzerland: free movement from 1 June 2002.
    ("CH", D(2002, 5, 31), NON_EEA),
    ("CH", D(2002, 6, 1), SWISS),
    # The UK's exit: free movement continued through the transition, to 31 December 2020.
    ("FR", D(2020, 1, 31), EEA),
    ("FR", D(2020, 2, 1), EEA),
    ("FR", D(2020, 12, 31), EEA),
    ("FR", D(2021, 1, 1), NON_EEA),
    ("CH", D(2021, 1, 1), NON_EEA),
    ("NO", D(2021, 1, 1), NON_EEA),
    # Irish and British citizens have their own classes whatever the date.
    ("IE", D(2005, 1, 1), IRISH),
    ("IE", D(2021, 1, 1), IRISH),
    ("GB", D(2005, 1, 1), BRITISH),
    # The Channel Islands and the Isle of Man are part of the United Kingdom in nationality law
    # (British Nationality Act 1981 s.50(1)): their people are British citizens.
    ("JE", D(2005, 1, 1), BRITISH),
    ("GG", D(2005, 1, 1), BRITISH),
    ("IM", D(2005, 1, 1), BRITISH),
    # Overseas territories: British citizens from 21 May 2002 (British Overseas Territories Act
    # 2002 s.3), Falkland Islanders from 1 January 1983.
    ("BM", D(2002, 5, 20), NON_EEA),
    ("BM", D(2002, 5, 21), BRITISH),
    ("KY", D(2005, 1, 1), BRITISH),
    ("FK", D(1999, 2, 1), BRITISH),
    ("GI", D(2001, 1, 1), EEA),  # Gibraltarians were UK nationals for EU purposes
    ("GI", D(2002, 5, 21), BRITISH),
    # Everyone else is non-EEA; stateless people too.
    ("JM", D(2005, 1, 1), NON_EEA),
    ("XX", D(2005, 1, 1), NON_EEA),
    ("TR", D(2005, 1, 1), NON_EEA),  # a candidate country is not a member
]


@pytest.mark.parametrize(("code", "on", "cls"), STANDING)
def test_nationality_class_on_the_release_date(code: str, on: date, cls: str) -> None:
    assert shipped_membership().standing(code, on).cls == cls


@pytest.mark.parametrize("code", ["JE", "GG", "IM"])
def test_crown_dependency_nationals_are_british_citizens(code: str) -> None:
    """A prisoner recorded as from Jersey, Guernsey or the Isle of Man is a British citizen:
    the Islands are part of the United Kingdom for the British Nationality Act 1981 (s.50(1)),
    so he has the right of abode and cannot be deported. Listing him as a foreign national
    not considered would be the false match DOMAIN.md warns of ("Britons mistaken for foreign
    prisoners")."""
    for preset in ("2006", "2006-eea", "ukba-2007"):
        reason = _check(
            preset, {"nationality": code, "court_recommended": True}, OUT, "exclude.british"
        )
        assert "part of the United Kingdom in nationality law" in reason


def test_overseas_territory_nationals_british_from_2002() -> None:
    """A Bermudian released before 21 May 2002 was a British dependent territories citizen
    without the right of abode, so liable to deportation like any non-EEA national; from that
    day he was a British citizen (British Overseas Territories Act 2002 s.3), out of scope."""
    before = _check(
        "2006", {"nationality": "BM", "release_date": D(2002, 5, 20)}, IN, "scope.non_eea_threshold"
    )
    assert (
        "before British overseas territories citizens of Bermuda became British citizens on "
        "21/05/2002" in before
    )
    on = _check(
        "2006", {"nationality": "BM", "release_date": D(2002, 5, 21)}, OUT, "exclude.british"
    )
    assert (
        "after British overseas territories citizens of Bermuda became British citizens on "
        "21/05/2002" in on
    )


NATIONALITY: list[tuple[str, str, date, Outcome, str]] = [
    # As written in an extract (demonym, country name, ISO codes) -> the same decision.
    ("2006", "Polish", D(2004, 4, 30), IN, "scope.non_eea_threshold"),
    ("2006", "POL", D(2004, 5, 1), OUT, "exclude.eea_national"),
    ("2006", "PL", D(2004, 5, 1), OUT, "exclude.eea_national"),
    ("2006", "Poland", D(2004, 5, 1), OUT, "exclude.eea_national"),
    ("2006", "Romanian", D(2006, 12, 31), IN, "scope.non_eea_threshold"),
    ("2006", "ROU", D(2007, 1, 1), OUT, "exclude.eea_national"),
    ("2006", "Croat", D(2013, 7, 1), OUT, "exclude.eea_national"),
    ("2006", "Swiss", D(2002, 6, 1), OUT, "exclude.swiss_national"),
    ("2006", "Eire", RELEASE, OUT, "exclude.irish"),
    ("2006-eea", "Republic of Ireland", D(2007, 2, 1), OUT, "exclude.irish"),
    ("ukba-2007", "Irish", D(2009, 1, 1), IN, "scope.irish_threshold"),
    ("2006", "Jamaican", RELEASE, IN, "scope.non_eea_threshold"),
    ("2006", "JAM", RELEASE, IN, "scope.non_eea_threshold"),
    # British citizens and dual nationals with British citizenship: out of scope.
    ("2006", "British", RELEASE, OUT, "exclude.british"),
    ("2006", "UK", RELEASE, OUT, "exclude.british"),
    ("2006", "British/Jamaican", RELEASE, OUT, "exclude.british"),
    ("2006", "Irish/British", RELEASE, OUT, "exclude.british"),
    ("ukba-2007", "Dual UK/JM", D(2009, 1, 1), OUT, "exclude.british"),
    ("2006", "Manx", RELEASE, OUT, "exclude.british"),
    # Unknown nationality meets the referral criteria (PSO 4630; DOMAIN.md point 11).
    ("2006", "NOT KNOWN", RELEASE, IN, "scope.non_eea_threshold"),
    ("2006", "", RELEASE, IN, "scope.non_eea_threshold"),
    ("2006-eea", "N/K", RELEASE, IN, "scope.non_eea_threshold"),
    ("ukba-2007", "Unknown", D(2009, 1, 1), IN, "scope.non_eea_threshold"),
    ("2006", "Stateless", RELEASE, IN, "scope.non_eea_threshold"),
]


@pytest.mark.parametrize(("preset", "written", "release", "outcome", "rule"), NATIONALITY)
def test_nationality_as_written(
    preset: str, written: str, release: date, outcome: Outcome, rule: str
) -> None:
    code, _ = parse_nationality(written)
    fields = {"nationality": code, "nationality_raw": written, "release_date": release}
    _check(preset, fields, outcome, rule)


# --- Sentences ------------------------------------------------------------------------------

SENTENCES: list[tuple[str, str, Outcome, str]] = [
    ("2006", "12", IN, "scope.non_eea_threshold"),
    ("2006", "11.99", OUT, "exclude.below_threshold"),
    ("2006", "12m", IN, "scope.non_eea_threshold"),
    ("2006", "1 year", IN, "scope.non_eea_threshold"),
    ("2006", "18/12", IN, "scope.non_eea_threshold"),
    ("2006", "365 days", IN, "scope.non_eea_threshold"),
    ("2006", "52 weeks", OUT, "exclude.below_threshold"),
    ("2006", "DTO 12 months", IN, "scope.non_eea_threshold"),
    ("2006", "Life", IN, "scope.non_eea_threshold"),
    ("2006", "IPP", IN, "scope.non_eea_threshold"),
    ("2006", "Indeterminate", IN, "scope.non_eea_threshold"),
    ("2006", "tbc", UNDECIDED, "insufficient.sentence"),
    # PSO 4630 adds sentences up, so consecutive terms reaching 12 months count under 2006.
    ("2006", "2 x 6 months consecutive", IN, "scope.non_eea_threshold"),
    ("2006", "2 x 6 months concurrent", OUT, "exclude.below_threshold"),
    ("2006-eea", "12 months suspended for 2 years", IN, "scope.non_eea_threshold"),
    # UK Borders Act 2007: a single sentence of 12 months; s.38(1)(b) excludes reaching it only
    # by consecutive sentences; suspended sentences excluded; indeterminate sentences included.
    ("ukba-2007", "12", IN, "scope.non_eea_threshold"),
    ("ukba-2007", "11.99", OUT, "exclude.below_threshold"),
    ("ukba-2007", "2 x 6 months consecutive", OUT, "exclude.consecutive_terms"),
    ("ukba-2007", "6 months and 6 months consecutive", OUT, "exclude.consecutive_terms"),
    ("ukba-2007", "6m + 8m consec", OUT, "exclude.consecutive_terms"),
    ("ukba-2007", "2 x 12 months consecutive", IN, "scope.non_eea_threshold"),
    ("ukba-2007", "12 months + 6 months consecutive", IN, "scope.non_eea_threshold"),
    ("ukba-2007", "1 year 6 months consecutive", IN, "scope.non_eea_threshold"),
    ("ukba-2007", "2 x 6 months concurrent", OUT, "exclude.below_threshold"),
    ("ukba-2007", "12 months suspended for 2 years", OUT, "exclude.suspended_sentence"),
    ("ukba-2007", "IPP", IN, "scope.non_eea_threshold"),
    ("ukba-2007", "DTO 12 months", IN, "scope.non_eea_threshold"),  # s.38(1)(a): YOI detention
]


@pytest.mark.parametrize(("preset", "written", "outcome", "rule"), SENTENCES)
def test_sentence_as_written(preset: str, written: str, outcome: Outcome, rule: str) -> None:
    """A sentence is read as the prison extract writes it. "52 weeks" is 364 days, short of
    12 calendar months (a month in an enactment is a calendar month: Interpretation Act 1978
    Sch.1), so it does not meet a 12-month threshold; the reason shows it as written."""
    months, life, _ = parse_sentence(written)
    fields = {
        "sentence_months": months,
        "sentence_life": life,
        "sentence_raw": written,
        "release_date": D(2009, 1, 1),
    }
    reason = _check(preset, fields, outcome, rule)
    if outcome is not UNDECIDED and not life and written not in ("12", "11.99", "12m"):
        assert repr(written) in reason  # the sentence as written is named


def test_consecutive_terms_reason_names_the_single_term_and_threshold() -> None:
    """Under ukba-2007 a sentence of consecutive terms counts by its longest term (UK Borders
    Act 2007 s.38(1)(b)); the reason says so, with the numbers compared."""
    fields = {"sentence_months": 12.0, "sentence_raw": "2 x 6 months consecutive"}
    reason = _check("ukba-2007", fields, OUT, "exclude.consecutive_terms")
    assert (
        "longest single term 6 months of sentence 12 months (written '2 x 6 months "
        "consecutive'), below the 12-month threshold for non-EEA nationals"
    ) in reason
    fields = {"sentence_months": 24.0, "sentence_raw": "2 x 12 months consecutive"}
    reason = _check("ukba-2007", fields, IN, "scope.non_eea_threshold")
    assert "longest single term 12 months of sentence 24 months" in reason
    assert ", at or above the 12-month threshold" in reason


def test_consecutive_terms_that_cannot_be_told_apart_leave_scope_undecided() -> None:
    """Where the terms of a consecutive sentence cannot be told apart (here they do not add up
    to the total the sentence was read as), whether a single term reached 12 months is
    unknown: the row is not listed on a guess, nor left out on one."""
    fields = {"sentence_months": 14.0, "sentence_raw": "6 months + 6 months consecutive"}
    reason = _check("ukba-2007", fields, UNDECIDED, "insufficient.sentence")
    assert "consecutive terms that could not be told apart" in reason
    assert "only a single term counts towards the 12-month threshold" in reason


# --- Under 18 at conviction (UK Borders Act 2007 s.33(3)) -----------------------------------

UNDER_18: list[tuple[str, date | None, date | None, Outcome, str]] = [
    ("ukba-2007", D(1991, 6, 1), D(2008, 9, 1), OUT, "exclude.under_18"),  # aged 17
    ("ukba-2007", D(1990, 9, 2), D(2008, 9, 1), OUT, "exclude.under_18"),  # 18 the next day
    ("ukba-2007", D(1990, 9, 1), D(2008, 9, 1), IN, "scope.non_eea_threshold"),  # 18 that day
    ("ukba-2007", None, D(2008, 9, 1), IN, "scope.non_eea_threshold"),  # not shown
    ("ukba-2007", D(1991, 6, 1), None, IN, "scope.non_eea_threshold"),  # not shown
    ("2006", D(1991, 6, 1), D(2008, 9, 1), IN, "scope.non_eea_threshold"),  # PSO 4630: no age
]


@pytest.mark.parametrize(("preset", "born", "start", "outcome", "rule"), UNDER_18)
def test_under_18_at_conviction(
    preset: str, born: date | None, start: date | None, outcome: Outcome, rule: str
) -> None:
    """The conviction came on or before the sentence start, so a prisoner under 18 when the
    sentence began was under 18 at conviction and outside automatic deportation (s.33(3)).
    One 18 or over at the sentence start may still have been convicted younger, but the
    extract does not say so: the exception, a case decision, is not presumed."""
    fields = {"dob": born, "sentence_start": start, "release_date": D(2009, 9, 1)}
    reason = _check(preset, fields, outcome, rule)
    if rule == "exclude.under_18":
        assert f"born {day(born)}" in reason and f"sentence began on {day(start)}" in reason


def test_under_18_does_not_override_a_court_recommendation() -> None:
    """A court can recommend deportation only of someone 17 or over at conviction (1971 Act
    s.3(6)); that route stands apart from s.32 and its exceptions."""
    pol = dataclasses.replace(load_policy("ukba-2007"), court_recommendation=True)
    got = classify_one(
        prison(dob=D(1991, 6, 1), sentence_start=D(2008, 9, 1), court_recommended=True),
        pol=pol,
        as_of=LATE,
    )
    assert got.rule.startswith("scope.court_recommendation/")


# --- Commencement and the as-of date --------------------------------------------------------

COMMENCEMENT: list[tuple[date, str]] = [
    (D(2008, 7, 31), "applied to a release before its commencement on 01/08/2008"),
    (D(2008, 8, 1), ""),
    (D(2008, 8, 2), ""),
]


@pytest.mark.parametrize(("release", "note"), COMMENCEMENT)
def test_ukba_commencement_boundary(release: date, note: str) -> None:
    """s.32 applies to a release from 1 August 2008 (SI 2008/1818): the day before is a
    what-if under the preset (before_commencement = "apply") and its reason says so."""
    got = classify_one(prison(release_date=release), pol="ukba-2007", as_of=LATE)
    assert got.outcome is IN
    assert (note in got.reason) if note else ("commencement" not in got.reason)


@pytest.mark.parametrize(
    ("release", "outcome"),
    [
        (D(2006, 3, 30), IN),
        (D(2006, 3, 31), IN),  # released on the as-of date: released
        (D(2006, 4, 1), Outcome.NOT_RELEASED),
    ],
)
def test_as_of_boundary(release: date, outcome: Outcome) -> None:
    got = classify_one(prison(release_date=release), as_of=D(2006, 3, 31))
    assert got.outcome is outcome
    if outcome is Outcome.NOT_RELEASED:
        assert "as-of date 31/03/2006 (release date 01/04/2006)" in got.reason
        assert got.rule == "outcome.not_released"


def test_membership_judged_at_release_not_at_the_as_of_date() -> None:
    """A Pole released before accession is judged a non-EEA national even when the audit's
    as-of date is after it (DOMAIN.md point 9: rules as at the release date)."""
    got = classify_one(prison(nationality="PL", release_date=D(2004, 4, 30)), as_of=D(2006, 3, 31))
    assert got.rule.startswith("scope.non_eea_threshold/")


# --- IND dates against the release ----------------------------------------------------------

R = RELEASE
CBR, CAR = Outcome.CONSIDERED_BEFORE_RELEASE, Outcome.CONSIDERED_AFTER_RELEASE
RNC = Outcome.REFERRED_NOT_CONSIDERED
TIMING: list[tuple[list[dict[str, Any]], Outcome, str, list[str]]] = [
    (
        [{"referral_date": R - timedelta(100), "considered_date": R}],
        CBR,
        "outcome.considered_before_release",
        [f"considered {day(R)} (on the release date)"],
    ),
    (
        [{"referral_date": R - timedelta(100), "considered_date": R + timedelta(1)}],
        CAR,
        "outcome.considered_after_release",
        [f"considered {day(R + timedelta(1))} (after release)"],
    ),
    (
        [{"referral_date": R}],
        RNC,
        "outcome.referred_not_considered",
        [f"IND referral received {day(R)} (on the release date)"],
    ),
    (
        [{"referral_date": R + timedelta(10)}],
        RNC,
        "outcome.referred_not_considered",
        [f"IND referral received {day(R + timedelta(10))} (after release)"],
    ),
    (
        [{"considered_date": R - timedelta(5)}],
        CBR,
        "outcome.considered_before_release",
        ["no IND referral date recorded", f"considered {day(R - timedelta(5))} (before release)"],
    ),
    ([{}], Outcome.NEVER_REFERRED, "outcome.never_referred", ["with no referral date"]),
    (
        [
            {"referral_date": R - timedelta(300)},
            {"referral_date": R - timedelta(50), "considered_date": R + timedelta(40)},
        ],
        CAR,
        "outcome.considered_after_release",
        [f"IND referral received {day(R - timedelta(300))} (before release)"],
    ),
    (
        [{"considered_date": R + timedelta(40)}, {"considered_date": R - timedelta(1)}],
        CBR,
        "outcome.considered_before_release",
        [f"considered {day(R - timedelta(1))}"],
    ),
    (
        [{"referral_date": R - timedelta(30), "decision": "Deport"}],
        Outcome.NEEDS_REVIEW,
        "outcome.decision_undated",
        ["records a decision but no consideration date"],
    ),
]


@pytest.mark.parametrize(("records", "outcome", "rule", "words"), TIMING)
def test_ind_dates_against_the_release(
    records: list[dict[str, Any]], outcome: Outcome, rule: str, words: list[str]
) -> None:
    """A consideration on the release date is in time (DOMAIN.md point 10: "decision on or
    before release"); a referral received after release still counts as a referral; of
    several IND records of one person, any consideration in time is enough."""
    got = classify_one(prison(), [ind(i, **r) for i, r in enumerate(records)], as_of=LATE)
    assert got.outcome is outcome, got.reason
    assert got.rule.split("/")[1] == rule
    for text in words:
        assert text in got.reason, got.reason
    assert f"released {day(R)}" in got.reason
    # the threshold it was in scope by
    assert "sentence 18 months, at or above the 12-month threshold" in got.reason


def test_ukba_preset_is_version_2() -> None:
    """ukba-2007 changed behaviour (consecutive terms, under 18), so it is a new version:
    outputs of the old one cite v1 and stay distinguishable."""
    pol = load_policy("ukba-2007")
    assert pol.label == "ukba-2007 v2"
    assert pol.single_sentence and pol.under_18_excluded
    assert not load_policy("2006").single_sentence and not load_policy("2006").under_18_excluded


# --- End to end, through the command line, on small CSV extracts ----------------------------

PRISON_CSV = """\
Prison Number,Surname,Forenames,Date of Birth,Nationality,Sentence Length,Offence,Sentence Date,Release Date,Court Recommendation
AB1001,LE MARQUAND,PETER,12/03/1970,Jersey,24 months,Robbery,01/02/2008,10/09/2009,N
AB1002,OKAFOR,CHUKWUEMEKA,04/05/1975,Nigerian,2 x 6 months consecutive,Theft,01/02/2008,10/09/2009,N
AB1003,MENDES,CARLOS,09/10/1991,Angolan,18 months,Robbery,01/09/2008,01/09/2009,N
AB1004,SMITH,TREVOR,11/11/1965,Bermudian,18 months,Burglary,01/01/2001,20/05/2002,N
AB1005,NOWAK,PIOTR,01/01/1980,POL,18 months,Burglary,01/01/2003,30/04/2004,N
AB1006,BROWN,DELROY,03/04/1970,JAM,2 x 12 months consecutive,Robbery,01/01/2008,01/10/2009,N
AB1007,KOWALSKI,JAN,02/02/1981,Polish,18 months,Theft,01/01/2009,01/01/2010,N
AB1008,MENSAH,KOFI,05/06/1972,Ghanaian,12 months,Theft,01/06/2009,02/01/2010,N
"""  # noqa: E501
IND_CSV = """\
HO Ref,Surname,Forenames,Date of Birth,Nationality,Date Referral Received,Date Considered,Decision
B1234567,OKAFOR,CHUKWUEMEKA,04/05/1975,Nigerian,01/06/2009,,
"""

# Prison number -> (outcome, rule) under each preset, with the as-of date 2010-01-01.
END_TO_END: dict[str, dict[str, tuple[str, str]]] = {
    "2006": {
        "AB1001": ("out_of_scope", "exclude.british"),  # Jersey: a British citizen
        "AB1002": ("referred_not_considered", "scope.non_eea_threshold"),  # PSO 4630 adds up
        "AB1003": ("never_referred", "scope.non_eea_threshold"),  # no age exception in 2006
        "AB1004": ("never_referred", "scope.non_eea_threshold"),  # a day before 2002-05-21
        "AB1005": ("never_referred", "scope.non_eea_threshold"),  # a day before accession
        "AB1006": ("never_referred", "scope.non_eea_threshold"),
        "AB1007": ("out_of_scope", "exclude.eea_national"),  # released on the as-of date
        "AB1008": ("not_released", "outcome.not_released"),  # the day after it
    },
    "ukba-2007": {
        "AB1001": ("out_of_scope", "exclude.british"),
        "AB1002": ("out_of_scope", "exclude.consecutive_terms"),  # s.38(1)(b)
        "AB1003": ("out_of_scope", "exclude.under_18"),  # aged 16 at sentence: s.33(3)
        "AB1004": ("never_referred", "scope.non_eea_threshold"),
        "AB1005": ("never_referred", "scope.non_eea_threshold"),
        "AB1006": ("never_referred", "scope.non_eea_threshold"),  # a single 12-month term
        "AB1007": ("never_referred", "scope.eea_threshold"),
        "AB1008": ("not_released", "outcome.not_released"),
    },
}


@pytest.mark.parametrize("preset", sorted(END_TO_END))
def test_end_to_end_outcomes_through_the_cli(preset: str, tmp_path: Path) -> None:
    """The same cases through `reconcile run` on CSV extracts: what the auditor's outcomes.csv
    says, row by row."""
    (tmp_path / "prison.csv").write_text(PRISON_CSV, encoding="utf-8")
    (tmp_path / "ind.csv").write_text(IND_CSV, encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(tmp_path / "prison.csv"), str(tmp_path / "ind.csv"), "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--policy", preset, "--as-of", "2010-01-01"])
    assert result.exit_code == 0, result.output
    with (out / "outcomes.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["prison_number"]: r for r in csv.DictReader(fh)}
    got = {k: (r["outcome"], r["rule"].split("/")[0]) for k, r in rows.items()}
    assert got == END_TO_END[preset]
    assert all(r["policy"] == load_policy(preset).label for r in rows.values())
    assert "10/09/2009" in rows["AB1001"]["reason"]
