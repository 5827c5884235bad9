"""The deportation rules checked against the domain notes (shared DOMAIN.md, section 2 and
"What the tool's rules and matcher must support"), one boundary a row, through the public
classify and policy API. Each table names the statement it checks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from reconcile.model import Outcome
from tests.test_rules_factories import classify_one, ind, prison

IN, OUT, UNDECIDED = Outcome.NEVER_REFERRED, Outcome.OUT_OF_SCOPE, Outcome.INSUFFICIENT_DATA
D = date
LATE = D(2022, 1, 1)  # an as-of date after every release below
FREE, NON_EU = True, False  # counted as an EU/EEA or Swiss national on the day, or not


def scope_of(preset: str, **fields: Any) -> tuple[Outcome, str, str]:
    """(outcome, scope rule, reason) of one unlinked row under a preset."""
    got = classify_one(prison(**fields), pol=preset, as_of=LATE)
    return got.outcome, got.rule.split("/")[0], got.reason


# DOMAIN.md s.2, UK Borders Act 2007: "s.38 excludes suspended sentences". The source it cites
# (s.38(1)(a)) adds "unless a court subsequently orders that the sentence or any part of it
# (of whatever length) is to take effect": an activated suspended sentence counts.
SUSPENDED: list[tuple[dict[str, Any], Outcome, str]] = [
    ({"sentence_raw": "18 months suspended"}, OUT, "exclude.suspended_sentence"),
    ({"sentence_raw": "18 months suspended for 2 years"}, OUT, "exclude.suspended_sentence"),
    ({"offence": "Theft (suspended sentence)"}, OUT, "exclude.suspended_sentence"),
    ({"sentence_raw": "18 months suspended, activated"}, IN, "scope.non_eea_threshold"),
    ({"sentence_raw": "18 months (suspended sentence implemented)"}, IN, "scope.non_eea_threshold"),
    ({"sentence_raw": "18 months suspended, ordered to take effect"}, IN,
     "scope.non_eea_threshold"),
    (
        {"offence": "Burglary; suspended sentence activated", "sentence_raw": "18 months"},
        IN,
        "scope.non_eea_threshold",
    ),
    ({"sentence_raw": "11 months suspended, activated", "sentence_months": 11.0}, OUT,
     "exclude.below_threshold"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "outcome", "rule"), SUSPENDED)
def test_suspended_sentence_counts_once_a_court_ordered_it_to_take_effect(
    fields: dict[str, Any], outcome: Outcome, rule: str
) -> None:
    got, scope, reason = scope_of("ukba-2007", **fields)
    assert (got, scope) == (outcome, rule), reason


def test_suspended_reason_says_an_activated_one_would_count() -> None:
    _, _, reason = scope_of("ukba-2007", sentence_raw="18 months suspended")
    assert "suspended sentences do not count unless a court ordered them to take effect" in reason


# DOMAIN.md s.2, membership dates: "EU15 | to 30 Apr 2004", "EU25 | from 1 May 2004", "EU27 |
# from 1 Jan 2007 (BG RO)", "Croatia | from 1 Jul 2013", "EEA | NO and IS from 1994; LI from
# 1995", "Swiss | free movement from 1 Jun 2002", "UK | left 31 Jan 2020; transition ended 31 Dec
# 2020"; support list 9: "dated EU/EEA/Swiss membership tables", "commencement dates (...
# 31 Dec 2020)". The EEA Agreement came into force on 1 Jan 1994 for Austria, Finland and
# Sweden too, a year before they joined the EU. Under 2006-eea an EU/EEA or Swiss national on
# 24 months is in scope, a non-EEA national on 12: 18 months tells the classes apart.
MEMBERSHIP: list[tuple[str, date, bool, str]] = [
    ("PL", D(2004, 4, 30), NON_EU, "before Poland joined the EU on 01/05/2004"),
    ("PL", D(2004, 5, 1), FREE, "after Poland joined the EU on 01/05/2004"),
    ("CY", D(2004, 4, 30), NON_EU, "before Cyprus joined the EU on 01/05/2004"),
    ("MT", D(2004, 5, 1), FREE, "after Malta joined the EU on 01/05/2004"),
    ("SI", D(2004, 5, 1), FREE, "after Slovenia joined the EU on 01/05/2004"),
    ("BG", D(2006, 12, 31), NON_EU, "before Bulgaria joined the EU on 01/01/2007"),
    ("RO", D(2007, 1, 1), FREE, "after Romania joined the EU on 01/01/2007"),
    ("HR", D(2013, 6, 30), NON_EU, "before Croatia joined the EU on 01/07/2013"),
    ("HR", D(2013, 7, 1), FREE, "after Croatia joined the EU on 01/07/2013"),
    ("NO", D(1993, 12, 31), NON_EU, "before Norway joined the EEA on 01/01/1994"),
    ("IS", D(1994, 1, 1), FREE, "after Iceland joined the EEA on 01/01/1994"),
    ("LI", D(1995, 4, 30), NON_EU, "before Liechtenstein joined the EEA on 01/05/1995"),
    ("LI", D(1995, 5, 1), FREE, "after Liechtenstein joined the EEA on 01/05/1995"),
    ("AT", D(1993, 12, 31), NON_EU, "before Austria joined the EEA on 01/01/1994"),
    ("AT", D(1994, 1, 1), FREE, "after Austria joined the EEA on 01/01/1994"),
    ("FI", D(1994, 12, 31), FREE, "after Finland joined the EEA on 01/01/1994"),
    ("SE", D(1995, 1, 1), FREE, "after Sweden joined the EU on 01/01/1995"),
    ("CH", D(2002, 5, 31), NON_EU, "before free movement with Switzerland began on 01/06/2002"),
    ("CH", D(2002, 6, 1), FREE, "after free movement with Switzerland began on 01/06/2002"),
    ("PL", D(2020, 1, 31), FREE, "after Poland joined the EU on 01/05/2004"),
    ("PL", D(2020, 2, 1), FREE, "during the transition after the UK left the EU on 31/01/2020"),
    ("PL", D(2020, 12, 31), FREE, "during the transition after the UK left the EU on 31/01/2020"),
    ("PL", D(2021, 1, 1), NON_EU, "after free movement with the UK ended on 31/12/2020"),
    ("CH", D(2021, 1, 1), NON_EU, "after free movement with the UK ended on 31/12/2020"),
]


@pytest.mark.parametrize(("code", "released", "free_movement", "clause"), MEMBERSHIP)
def test_membership_as_at_the_release_date(
    code: str, released: date, free_movement: bool, clause: str
) -> None:
    got, scope, reason = scope_of(
        "2006-eea", nationality=code, release_date=released, sentence_months=18.0
    )
    if free_movement:  # 18 months, below the 24-month threshold for EU/EEA and Swiss nationals
        assert (got, scope) == (OUT, "exclude.below_threshold"), reason
    else:  # counted as a non-EEA national: at or above the 12-month threshold
        assert (got, scope) == (IN, "scope.non_eea_threshold"), reason
    assert clause in reason


# DOMAIN.md s.2, Immigration Act 1971: "s.3(6): court recommendation on conviction, for an
# imprisonable offence, age 17+"; support list 9: "court-recommendation override (age 17+)".
# The conviction came on or before the sentence start, so a prisoner under 17 when the
# sentence began was under 17 at conviction, when no court could recommend deportation: the
# recommendation recorded does not bring the row into scope, and where it alone would, scope
# is left undecided for the date of birth or the recommendation to be checked.
COURT_AGE: list[tuple[dict[str, Any], Outcome, str]] = [
    # 17 on the day the sentence began: the recommendation stands.
    ({"dob": D(1987, 1, 14), "sentence_months": 6.0}, IN, "scope.court_recommendation"),
    # 16, 17 the next day: it cannot stand, and 6 months is below the threshold.
    ({"dob": D(1987, 1, 15), "sentence_months": 6.0}, UNDECIDED,
     "insufficient.court_recommendation"),
    # 16, but 18 months reaches the non-EEA threshold without it.
    ({"dob": D(1987, 1, 15), "sentence_months": 18.0}, IN, "scope.non_eea_threshold"),
    # An Irish national of 16: out of scope but for the recommendation.
    ({"dob": D(1988, 6, 1), "nationality": "IE"}, UNDECIDED, "insufficient.court_recommendation"),
    # Age not shown (no date of birth, or no sentence start): the recommendation is taken.
    ({"dob": None, "sentence_months": 6.0}, IN, "scope.court_recommendation"),
    ({"dob": D(1988, 6, 1), "sentence_start": None, "sentence_months": 6.0}, IN,
     "scope.court_recommendation"),
    # Born on 29 February: 17 on 1 March of a year that has no 29 February.
    ({"dob": D(1988, 2, 29), "sentence_start": D(2005, 2, 28), "sentence_months": 6.0},
     UNDECIDED, "insufficient.court_recommendation"),
    ({"dob": D(1988, 2, 29), "sentence_start": D(2005, 3, 1), "sentence_months": 6.0}, IN,
     "scope.court_recommendation"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "outcome", "rule"), COURT_AGE)
def test_court_recommendation_needs_17_at_conviction(
    fields: dict[str, Any], outcome: Outcome, rule: str
) -> None:
    got, scope, reason = scope_of("2006", court_recommended=True, **fields)
    assert (got, scope) == (outcome, rule), reason


def test_court_recommendation_under_17_says_why() -> None:
    _, _, reason = scope_of("2006", court_recommended=True, dob=D(1987, 1, 15), sentence_months=6.0)
    assert "born 15/01/1987, aged 16 when the sentence began on 14/01/2004" in reason
    assert "only on a conviction at 17 or over (Immigration Act 1971 s.3(6))" in reason
    assert "check the date of birth and the court recommendation" in reason
    _, _, reason = scope_of(
        "2006", court_recommended=True, dob=D(1987, 1, 15), sentence_months=18.0
    )
    assert "the court recommendation recorded is not counted" in reason
    assert "no court recommendation" not in reason


# DOMAIN.md s.2, PSO 4630: "an EEA national on 24 months or more, except Irish", "a non-EEA
# national on 12 months or more", "meets these criteria but has an unclear nationality"; UK
# Borders Act 2007 s.32: "a non-British citizen sentenced to 12 months or more"; "British
# citizens are out of scope"; "Right of abode = complete exemption"; support list 9:
# "thresholds by nationality class (non-EEA 12 months, EEA 24 months, Irish excluded or
# exceptional)", "British citizen or right of abode -> out of scope"; support list 11:
# "Unknown nationality meets referral criteria". Released 14/07/2005, sentenced 14/01/2004.
THRESHOLDS: list[tuple[str, dict[str, Any], Outcome, str]] = [
    ("2006", {"sentence_months": 12.0}, IN, "scope.non_eea_threshold"),  # exactly 12 months
    ("2006", {"sentence_months": 11.99}, OUT, "exclude.below_threshold"),
    ("2006", {"sentence_months": 12.0, "sentence_raw": "1 year"}, IN, "scope.non_eea_threshold"),
    ("2006", {"sentence_months": 12.0, "sentence_raw": "365 days"}, IN,
     "scope.non_eea_threshold"),
    ("2006", {"sentence_months": 11.9671, "sentence_raw": "52 weeks"}, OUT,
     "exclude.below_threshold"),  # 364 days: short of a year
    ("2006", {"sentence_months": None, "sentence_life": True}, IN, "scope.non_eea_threshold"),
    ("2006", {"nationality": None, "nationality_raw": ""}, IN, "scope.non_eea_threshold"),
    ("2006", {"nationality": None, "sentence_months": 11.0}, OUT, "exclude.below_threshold"),
    ("2006", {"nationality": "XX", "nationality_raw": "Stateless"}, IN,
     "scope.non_eea_threshold"),
    ("2006", {"nationality": "FR", "sentence_months": 120.0}, OUT, "exclude.eea_national"),
    ("2006", {"nationality": "IE", "sentence_months": 120.0}, OUT, "exclude.irish"),
    ("2006", {"nationality": "IE", "sentence_months": 1.0, "court_recommended": True}, IN,
     "scope.court_recommendation"),
    ("2006", {"nationality": "GB", "court_recommended": True}, OUT, "exclude.british"),
    ("2006", {"nationality": "JE", "nationality_raw": "Jersey"}, OUT, "exclude.british"),
    ("2006-eea", {"nationality": "FR", "sentence_months": 24.0}, IN, "scope.eea_threshold"),
    ("2006-eea", {"nationality": "FR", "sentence_months": 23.99}, OUT, "exclude.below_threshold"),
    ("2006-eea", {"nationality": "CH", "sentence_months": 24.0}, IN, "scope.swiss_threshold"),
    ("2006-eea", {"nationality": "IE", "sentence_months": 120.0}, IN, "scope.irish_threshold"),
    ("2006-eea", {"nationality": "IE", "sentence_months": 120.0, "release_date": D(2007, 2, 1)},
     OUT, "exclude.irish"),
    ("2006-eea", {"sentence_months": 12.0}, IN, "scope.non_eea_threshold"),
    ("ukba-2007", {"nationality": "FR", "sentence_months": 12.0}, IN, "scope.eea_threshold"),
    ("ukba-2007", {"nationality": "IE", "sentence_months": 12.0}, IN, "scope.irish_threshold"),
    ("ukba-2007", {"nationality": "GB"}, OUT, "exclude.british"),
    ("ukba-2007", {"sentence_months": 11.99}, OUT, "exclude.below_threshold"),
    ("ukba-2007", {"sentence_months": 6.0, "court_recommended": True}, OUT,
     "exclude.below_threshold"),  # s.32 has no court-recommendation route
    # s.38: "consecutive sentences aggregated to 12 months" do not count; a single term does.
    ("ukba-2007", {"sentence_months": 12.0, "sentence_raw": "2 x 6 months consecutive"}, OUT,
     "exclude.consecutive_terms"),
    ("ukba-2007", {"sentence_months": 18.0, "sentence_raw": "12 months + 6 months consecutive"},
     IN, "scope.non_eea_threshold"),
    ("ukba-2007", {"sentence_months": 12.0, "sentence_raw": "12 months concurrent"}, IN,
     "scope.non_eea_threshold"),
    # s.38: "includes detention in a young offender institution ... and indeterminate sentences".
    ("ukba-2007", {"sentence_months": 12.0, "sentence_raw": "12 months YOI"}, IN,
     "scope.non_eea_threshold"),
    ("ukba-2007", {"sentence_months": None, "sentence_life": True, "sentence_raw": "IPP"}, IN,
     "scope.non_eea_threshold"),
]  # fmt: skip


@pytest.mark.parametrize(("preset", "fields", "outcome", "rule"), THRESHOLDS)
def test_thresholds_by_nationality_class(
    preset: str, fields: dict[str, Any], outcome: Outcome, rule: str
) -> None:
    got, scope, reason = scope_of(preset, **fields)
    assert (got, scope) == (outcome, rule), reason


# Reasons name the threshold and give dates day first (task of the outcomes.csv 'reason').
def test_reasons_name_the_threshold_and_give_dates_day_first() -> None:
    _, _, below = scope_of("2006", sentence_months=11.0)
    assert "released 14/07/2005; sentence 11 months, below the 12-month threshold for non-EEA" in (
        below
    )
    _, _, eea = scope_of("2006-eea", nationality="FR", sentence_months=23.0)
    assert "below the 24-month threshold for EU/EEA nationals" in eea
    _, _, terms = scope_of(
        "ukba-2007", sentence_months=12.0, sentence_raw="2 x 6 months consecutive"
    )
    assert "longest single term 6 months" in terms and "12-month threshold" in terms
    assert "applied to a release before its commencement on 01/08/2008" in terms


# DOMAIN.md s.2, UK Borders Act 2007: "In force 1 Aug 2008"; support list 9: "commencement
# dates (30 Apr 2006, 1 Aug 2008, 31 Dec 2020)". A release on the commencement day is under it.
@pytest.mark.parametrize(
    ("released", "outcome", "rule"),
    [
        (D(2008, 7, 31), OUT, "exclude.before_commencement"),
        (D(2008, 8, 1), IN, "scope.non_eea_threshold"),
    ],
)
def test_ukba_commencement_day(released: date, outcome: Outcome, rule: str) -> None:
    import dataclasses

    from tests.test_rules_factories import policy

    pol = dataclasses.replace(policy("ukba-2007"), before_commencement="out_of_scope")
    got = classify_one(prison(release_date=released), pol=pol, as_of=LATE)
    assert (got.outcome, got.rule.split("/")[0]) == (outcome, rule), got.reason


# Support list 10: "considered: decision on or before release, with a configurable lead
# time; considered late; referred, not considered; never referred; ... insufficient data
# (123/1,023 lacked release dates)"; support list 9: rules "as at the release date". A row
# released on the as-of date has been released; one released the day after has not.
RELEASED = D(2005, 7, 14)
DAY = timedelta(days=1)
AS_OF_AND_IND: list[tuple[dict[str, Any], dict[str, Any], date, Outcome, str]] = [
    ({}, {}, RELEASED, Outcome.NEVER_REFERRED, "(no IND record)"),
    ({}, {}, RELEASED - DAY, Outcome.NOT_RELEASED, "Not released by the as-of date 13/07/2005"),
    ({"release_date": None}, {}, RELEASED, Outcome.INSUFFICIENT_DATA, "release date missing"),
    ({"release_date": None, "unreadable": {"release_date": "31/02/2005"}}, {}, RELEASED,
     Outcome.INSUFFICIENT_DATA, "release date could not be read ('31/02/2005')"),
    ({}, {"considered_date": RELEASED}, RELEASED, Outcome.CONSIDERED_BEFORE_RELEASE,
     "considered 14/07/2005 (on the release date)"),
    ({}, {"considered_date": RELEASED + DAY}, LATE, Outcome.CONSIDERED_AFTER_RELEASE,
     "considered 15/07/2005 (after release)"),
    ({}, {"referral_date": RELEASED}, RELEASED, Outcome.REFERRED_NOT_CONSIDERED,
     "IND referral received 14/07/2005 (on the release date), no consideration recorded"),
    ({}, {"referral_date": RELEASED + DAY}, LATE, Outcome.REFERRED_NOT_CONSIDERED,
     "IND referral received 15/07/2005 (after release)"),
    ({}, {"referral_date": RELEASED, "considered_date": RELEASED}, RELEASED,
     Outcome.CONSIDERED_BEFORE_RELEASE, "considered 14/07/2005 (on the release date)"),
    # An IND date after the as-of date still counts; the reason names it.
    ({}, {"considered_date": RELEASED + 10 * DAY}, RELEASED + DAY,
     Outcome.CONSIDERED_AFTER_RELEASE, "dated after the as-of date 15/07/2005"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "dates", "as_of", "outcome", "words"), AS_OF_AND_IND)
def test_release_as_of_and_ind_dates(
    fields: dict[str, Any], dates: dict[str, Any], as_of: date, outcome: Outcome, words: str
) -> None:
    records = [ind(**dates)] if dates else []
    got = classify_one(prison(**{"release_date": RELEASED, **fields}), records, as_of=as_of)
    assert got.outcome is outcome, got.reason
    if not words.startswith("("):
        assert words in got.reason


# Support list 9, lead time: considered in time on or before (release - N days).
@pytest.mark.parametrize(
    ("days_before", "outcome"),
    [(30, Outcome.CONSIDERED_BEFORE_RELEASE), (29, Outcome.CONSIDERED_AFTER_RELEASE)],
)
def test_lead_time_boundary(days_before: int, outcome: Outcome) -> None:
    import dataclasses

    from tests.test_rules_factories import policy

    pol = dataclasses.replace(policy("2006"), deadline_days=30)
    got = classify_one(
        prison(), [ind(considered_date=RELEASED - days_before * DAY)], pol=pol, as_of=LATE
    )
    assert got.outcome is outcome, got.reason


# DOMAIN.md s.2, PSO 4630: "Refer anyone who: was recommended for deportation by a court"; a
# class out of scope on sentence length (EU/EEA, Swiss, Irish) is still in scope on a court
# recommendation, so the exclusion's reason says that none was recorded.
@pytest.mark.parametrize(
    ("preset", "code", "fields", "words"),
    [
        ("2006", "IE", {}, "Irish national released 14/07/2005, no court recommendation: Irish "
         "nationals are out of scope (unless a court recommended deportation) under policy"),
        ("2006", "FR", {"court_recommended": None}, "no court recommendation recorded: EU/EEA "
         "nationals are out of scope (unless a court recommended deportation)"),
        ("2006", "CH", {}, "Swiss nationals (free movement) are out of scope (unless a court "
         "recommended deportation)"),
    ],
)  # fmt: skip
def test_class_exclusion_names_the_court_route(
    preset: str, code: str, fields: dict[str, Any], words: str
) -> None:
    _, _, reason = scope_of(preset, nationality=code, **fields)
    assert words in reason


def test_class_exclusion_without_a_court_route_does_not_name_it() -> None:
    import dataclasses

    from tests.test_rules_factories import policy

    pol = dataclasses.replace(policy("2006"), court_recommendation=False)
    got = classify_one(prison(nationality="IE"), pol=pol, as_of=LATE)
    assert got.reason.endswith(": Irish nationals are out of scope under policy 2006 v1."), (
        got.reason
    )


def test_policy_summary_gives_the_commencement_day_first() -> None:
    from tests.test_rules_factories import policy

    lines = " ".join(policy("ukba-2007").summary_lines())
    assert "The policy commenced on 01/08/2008" in lines
    assert "2008-08-01" not in lines


# Dual nationals (DOMAIN.md s.2: "British citizens are out of scope"; "Right of abode =
# complete exemption"; EEA nationals on 24 months, "except Irish"): a British citizen who
# holds another nationality is still British; an EU citizen keeps free-movement rights
# whatever else they hold, judged as at the release date.
@pytest.mark.parametrize(
    ("written", "released", "preset", "months", "rule"),
    [
        ("British/Jamaican", D(2005, 1, 10), "2006", 120.0, "exclude.british"),
        ("Nigerian (dual British)", D(2005, 1, 10), "ukba-2007", 120.0, "exclude.british"),
        ("Jamaican/Irish", D(2007, 2, 1), "2006-eea", 120.0, "exclude.irish"),
        ("Jamaican/Polish", D(2004, 4, 30), "2006-eea", 18.0, "scope.non_eea_threshold"),
        ("Jamaican/Polish", D(2004, 5, 1), "2006-eea", 18.0, "exclude.below_threshold"),
        ("Polish/Jamaican", D(2021, 1, 1), "2006-eea", 18.0, "scope.non_eea_threshold"),
    ],
)
def test_dual_nationals(
    written: str, released: date, preset: str, months: float, rule: str
) -> None:
    from reconcile.normalise.nationality import parse_nationality

    code, _ = parse_nationality(written)
    _, scope, reason = scope_of(
        preset, nationality=code, nationality_raw=written, release_date=released,
        sentence_months=months,
    )  # fmt: skip
    assert scope == rule, reason
