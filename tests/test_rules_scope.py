"""Scope under each preset: thresholds, life, accession dates, Irish, unknown nationality,
court recommendations, suspended sentences, commencement and aggregation."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from reconcile.model import LinkStatus, Outcome
from reconcile.rules import RULES, Aggregation, classify
from tests.test_rules_factories import classify_one, decision, links, policy, prison

IN, OUT, UNDECIDED = Outcome.NEVER_REFERRED, Outcome.OUT_OF_SCOPE, Outcome.INSUFFICIENT_DATA
D = date

CASES: list[tuple[str, dict[str, Any], Outcome, str]] = [
    # 2006: non-EEA 12 months or more, or a court recommendation.
    ("2006", {"sentence_months": 12.0}, IN, "scope.non_eea_threshold"),
    ("2006", {"sentence_months": 11.5}, OUT, "exclude.below_threshold"),
    ("2006", {"sentence_months": 11.99}, OUT, "exclude.below_threshold"),
    ("2006", {"sentence_months": None, "sentence_life": True}, IN, "scope.non_eea_threshold"),
    ("2006", {"sentence_months": 3.0, "court_recommended": True}, IN, "scope.court_recommendation"),
    (
        "2006",
        {"sentence_months": None, "court_recommended": True},
        IN,
        "scope.court_recommendation",
    ),
    ("2006", {"sentence_months": None}, UNDECIDED, "insufficient.sentence"),
    (
        "2006",
        {"sentence_months": None, "unreadable": {"sentence": "two yrs"}},
        UNDECIDED,
        "insufficient.sentence",
    ),
    ("2006", {"nationality": "GB"}, OUT, "exclude.british"),
    ("2006", {"nationality": "GB", "court_recommended": True}, OUT, "exclude.british"),
    ("2006", {"nationality": None, "nationality_raw": ""}, IN, "scope.non_eea_threshold"),
    ("2006", {"nationality": None, "sentence_months": 11.5}, OUT, "exclude.below_threshold"),
    ("2006", {"nationality": "XX"}, IN, "scope.non_eea_threshold"),
    ("2006", {"nationality": "IE", "sentence_months": 60.0}, OUT, "exclude.irish"),
    ("2006", {"nationality": "IE", "court_recommended": True}, IN, "scope.court_recommendation"),
    ("2006", {"nationality": "FR", "sentence_months": 60.0}, OUT, "exclude.eea_national"),
    ("2006", {"nationality": "FR", "sentence_months": None}, OUT, "exclude.eea_national"),
    # Accession dates either side: nationality judged as at the release date.
    ("2006", {"nationality": "PL", "release_date": D(2004, 4, 30)}, IN, "scope.non_eea_threshold"),
    ("2006", {"nationality": "PL", "release_date": D(2004, 5, 1)}, OUT, "exclude.eea_national"),
    ("2006", {"nationality": "RO", "release_date": D(2006, 12, 31)}, IN, "scope.non_eea_threshold"),
    ("2006", {"nationality": "CH", "release_date": D(2002, 5, 31)}, IN, "scope.non_eea_threshold"),
    ("2006", {"nationality": "CH", "release_date": D(2002, 6, 1)}, OUT, "exclude.swiss_national"),
    ("2006", {"nationality": "NO"}, OUT, "exclude.eea_national"),
    # A court recommendation that could not be read, where it would decide scope.
    (
        "2006",
        {
            "sentence_months": 6.0,
            "court_recommended": None,
            "unreadable": {"court_recommended": "maybe"},
        },
        UNDECIDED,
        "insufficient.court_recommendation",
    ),
    (
        "2006",
        {
            "sentence_months": 24.0,
            "court_recommended": None,
            "unreadable": {"court_recommended": "maybe"},
        },
        IN,
        "scope.non_eea_threshold",
    ),
    ("2006", {"sentence_months": 6.0, "court_recommended": None}, OUT, "exclude.below_threshold"),
    # 2006-eea: EU/EEA (not Irish) on 24 months or more.
    ("2006-eea", {"nationality": "FR", "sentence_months": 24.0}, IN, "scope.eea_threshold"),
    ("2006-eea", {"nationality": "FR", "sentence_months": 23.5}, OUT, "exclude.below_threshold"),
    (
        "2006-eea",
        {"nationality": "FR", "sentence_months": None, "sentence_life": True},
        IN,
        "scope.eea_threshold",
    ),
    (
        "2006-eea",
        {"nationality": "PL", "release_date": D(2004, 4, 30), "sentence_months": 12.0},
        IN,
        "scope.non_eea_threshold",
    ),
    (
        "2006-eea",
        {"nationality": "PL", "release_date": D(2004, 5, 1), "sentence_months": 12.0},
        OUT,
        "exclude.below_threshold",
    ),
    (
        "2006-eea",
        {"nationality": "PL", "release_date": D(2004, 5, 1), "sentence_months": 24.0},
        IN,
        "scope.eea_threshold",
    ),
    ("2006-eea", {"nationality": "IE", "sentence_months": 36.0}, IN, "scope.irish_threshold"),
    (
        "2006-eea",
        {"nationality": "IE", "sentence_months": 36.0, "release_date": D(2007, 2, 1)},
        OUT,
        "exclude.irish",
    ),
    (
        "2006-eea",
        {"nationality": "IE", "sentence_months": 2.0, "court_recommended": True},
        IN,
        "scope.court_recommendation",
    ),
    ("2006-eea", {"nationality": "CH", "sentence_months": 24.0}, IN, "scope.swiss_threshold"),
    ("2006-eea", {"sentence_months": 12.0}, IN, "scope.non_eea_threshold"),
    # ukba-2007: any non-British national, single sentence of 12 months, suspended excluded.
    ("ukba-2007", {"sentence_months": 12.0}, IN, "scope.non_eea_threshold"),
    ("ukba-2007", {"sentence_months": 11.5}, OUT, "exclude.below_threshold"),
    ("ukba-2007", {"nationality": "FR", "sentence_months": 12.0}, IN, "scope.eea_threshold"),
    ("ukba-2007", {"nationality": "IE", "sentence_months": 12.0}, IN, "scope.irish_threshold"),
    ("ukba-2007", {"nationality": "GB"}, OUT, "exclude.british"),
    (
        "ukba-2007",
        {"sentence_months": 6.0, "court_recommended": True},
        OUT,
        "exclude.below_threshold",
    ),
    (
        "ukba-2007",
        {"sentence_months": 18.0, "sentence_raw": "18 months suspended"},
        OUT,
        "exclude.suspended_sentence",
    ),
    ("ukba-2007", {"offence": "Theft (suspended sentence)"}, OUT, "exclude.suspended_sentence"),
    ("ukba-2007", {"sentence_months": None, "sentence_life": True}, IN, "scope.non_eea_threshold"),
    ("ukba-2007", {"release_date": D(2009, 1, 5)}, IN, "scope.non_eea_threshold"),
    ("2006", {"sentence_raw": "18 months suspended"}, IN, "scope.non_eea_threshold"),
]


@pytest.mark.parametrize(("preset", "fields", "outcome", "rule"), CASES)
def test_scope_boundaries(preset: str, fields: dict[str, Any], outcome: Outcome, rule: str) -> None:
    got = classify_one(prison(**fields), pol=preset, as_of=D(2010, 1, 1))
    assert got.outcome is outcome, got.reason
    assert got.rule.split("/")[0] == rule, got.reason
    assert all(part in RULES for part in got.rule.split("/"))
    assert got.in_scope is {IN: True, OUT: False, UNDECIDED: None}[outcome]
    assert got.policy == policy(preset).label


def test_commencement_out_of_scope_when_configured() -> None:
    pol = dataclasses.replace(policy("ukba-2007"), before_commencement="out_of_scope")
    before = classify_one(prison(release_date=D(2008, 7, 31)), pol=pol, as_of=D(2010, 1, 1))
    on = classify_one(prison(release_date=D(2008, 8, 1)), pol=pol, as_of=D(2010, 1, 1))
    assert (before.outcome, before.rule) == (OUT, "exclude.before_commencement")
    assert "commenced on 01/08/2008" in before.reason
    assert on.outcome is IN


def test_commencement_applied_as_what_if_says_so() -> None:
    got = classify_one(prison(release_date=D(2005, 1, 1)), pol="ukba-2007")
    assert got.outcome is IN
    assert "applied to a release before its commencement on 01/08/2008" in got.reason


@pytest.mark.parametrize(
    ("choice", "outcome", "rule"),
    [
        ("non_eea", IN, "scope.non_eea_threshold"),
        ("out_of_scope", OUT, "exclude.unknown_nationality"),
        ("insufficient_data", UNDECIDED, "insufficient.nationality"),
    ],
)
def test_unknown_nationality_choice(choice: str, outcome: Outcome, rule: str) -> None:
    pol = dataclasses.replace(policy(), unknown_nationality=choice)
    got = classify_one(prison(nationality=None, nationality_raw="NOT KNOWN"), pol=pol)
    assert (got.outcome, got.rule.split("/")[0]) == (outcome, rule)


def test_unknown_nationality_court_recommendation_still_in_scope() -> None:
    pol = dataclasses.replace(policy(), unknown_nationality="out_of_scope")
    got = classify_one(prison(nationality=None, court_recommended=True), pol=pol)
    assert got.rule.startswith("scope.court_recommendation")


def test_life_not_counted_when_configured() -> None:
    pol = dataclasses.replace(policy(), life_counts=False)
    got = classify_one(prison(sentence_months=None, sentence_life=True), pol=pol)
    assert (got.outcome, got.rule) == (OUT, "exclude.life_not_counted")


def test_court_recommendation_ignored_when_configured() -> None:
    pol = dataclasses.replace(policy(), court_recommendation=False)
    got = classify_one(prison(sentence_months=6.0, court_recommended=True), pol=pol)
    assert (got.outcome, got.rule) == (OUT, "exclude.below_threshold")
    assert "no court recommendation" not in got.reason


# Aggregation: the same person's earlier custody episodes (rows sharing a person id).
AGG = Aggregation(enabled=True, within_years=5, max_earlier=2, classes=("non_eea",))


def _episodes(pol: Any, *earlier: tuple[float, date], current: float = 8.0) -> Any:
    rows = [
        prison(i, sentence_months=m, sentence_start=start, release_date=start.replace(month=12))
        for i, (m, start) in enumerate(earlier)
    ]
    n = len(rows)
    rows.append(prison(n, sentence_months=current, sentence_start=D(2005, 1, 10)))
    result = links([decision(i, LinkStatus.NONE) for i in range(n + 1)], [7] * (n + 1))
    return classify(rows, [], result, pol, D(2006, 3, 31))[-1]


@pytest.mark.parametrize(
    ("enabled", "earlier", "outcome", "rule"),
    [
        (False, [(6.0, D(2003, 1, 1))], OUT, "exclude.below_threshold"),
        (True, [(6.0, D(2003, 1, 1))], IN, "scope.non_eea_aggregated"),
        (True, [(3.0, D(2003, 1, 1))], OUT, "exclude.below_threshold"),  # 8 + 3 = 11
        (True, [(2.0, D(2002, 1, 1)), (2.0, D(2003, 1, 1))], IN, "scope.non_eea_aggregated"),
        (
            True,
            [(1.0, D(2001, 1, 1)), (2.0, D(2002, 1, 1)), (1.0, D(2003, 1, 1))],
            OUT,
            "exclude.below_threshold",
        ),  # only the two longest earlier sentences count: 8 + 2 + 1
        (True, [(6.0, D(2000, 1, 9))], OUT, "exclude.below_threshold"),  # more than 5 years
        (True, [(6.0, D(2000, 1, 10))], IN, "scope.non_eea_aggregated"),  # exactly 5 years
        (True, [(6.0, D(2005, 1, 10))], OUT, "exclude.below_threshold"),  # same day: not earlier
        (True, [(6.0, D(2005, 6, 1))], OUT, "exclude.below_threshold"),  # later, not earlier
    ],
)
def test_aggregation_on_and_off(
    enabled: bool, earlier: list[tuple[float, date]], outcome: Outcome, rule: str
) -> None:
    pol = dataclasses.replace(policy(), aggregation=dataclasses.replace(AGG, enabled=enabled))
    got = _episodes(pol, *earlier)
    assert (got.outcome, got.rule.split("/")[0]) == (outcome, rule), got.reason


def test_aggregation_only_for_listed_classes() -> None:
    pol = dataclasses.replace(policy(), aggregation=dataclasses.replace(AGG, classes=("eea",)))
    assert _episodes(pol, (6.0, D(2003, 1, 1))).outcome is OUT


def test_aggregation_skips_suspended_when_excluded() -> None:
    pol = dataclasses.replace(policy(), aggregation=AGG, exclude_suspended=True)
    rows = [
        prison(0, sentence_months=6.0, sentence_raw="6 suspended", sentence_start=D(2003, 1, 1)),
        prison(1, sentence_months=8.0, sentence_start=D(2005, 1, 10)),
    ]
    result = links([decision(0), decision(1)], [3, 3])
    assert classify(rows, [], result, pol, D(2006, 3, 31))[1].outcome is OUT


def test_aggregated_reason_lists_the_sentences_added() -> None:
    pol = dataclasses.replace(policy(), aggregation=AGG)
    got = _episodes(pol, (6.0, D(2003, 1, 1)))
    assert (
        "sentence 8 months + earlier 6 months (row 2, from 01/01/2003) within 5 years = 14 "
        "months, at or above the 12-month threshold"
    ) in got.reason


# The same boundaries under every preset: (fields, expected under 2006, 2006-eea, ukba-2007).
MATRIX: list[tuple[dict[str, Any], tuple[Outcome, Outcome, Outcome]]] = [
    ({"sentence_months": 12.0}, (IN, IN, IN)),
    ({"sentence_months": 11.5}, (OUT, OUT, OUT)),
    ({"sentence_months": None, "sentence_life": True}, (IN, IN, IN)),
    ({"nationality": "PL", "release_date": D(2004, 4, 30)}, (IN, IN, IN)),
    ({"nationality": "PL", "release_date": D(2004, 5, 1)}, (OUT, OUT, IN)),
    ({"nationality": "PL", "release_date": D(2004, 5, 1), "sentence_months": 24.0}, (OUT, IN, IN)),
    ({"nationality": "BG", "release_date": D(2006, 12, 31)}, (IN, IN, IN)),
    ({"nationality": "BG", "release_date": D(2007, 1, 1)}, (OUT, OUT, IN)),
    ({"nationality": "HR", "release_date": D(2013, 6, 30)}, (IN, IN, IN)),
    ({"nationality": "HR", "release_date": D(2013, 7, 1)}, (OUT, OUT, IN)),
    ({"nationality": "PL", "release_date": D(2021, 1, 1)}, (IN, IN, IN)),  # free movement ended
    ({"nationality": "IE", "sentence_months": 36.0}, (OUT, IN, IN)),
    ({"nationality": "IE", "sentence_months": 36.0, "release_date": D(2007, 2, 1)}, (OUT, OUT, IN)),
    ({"nationality": None, "sentence_months": 12.0}, (IN, IN, IN)),
    ({"nationality": None, "sentence_months": 11.5}, (OUT, OUT, OUT)),
    ({"sentence_months": 6.0, "court_recommended": True}, (IN, IN, OUT)),
    ({"nationality": "FR", "sentence_months": 6.0, "court_recommended": True}, (IN, IN, OUT)),
    ({"nationality": "GB", "sentence_months": 36.0, "court_recommended": True}, (OUT, OUT, OUT)),
    ({"sentence_months": None}, (UNDECIDED, UNDECIDED, UNDECIDED)),
    ({"nationality": "FR", "sentence_months": None}, (OUT, UNDECIDED, UNDECIDED)),
]


@pytest.mark.parametrize(("fields", "expected"), MATRIX)
def test_boundaries_under_every_preset(
    fields: dict[str, Any], expected: tuple[Outcome, Outcome, Outcome]
) -> None:
    got = tuple(
        classify_one(prison(**fields), pol=name, as_of=D(2022, 1, 1)).outcome
        for name in ("2006", "2006-eea", "ukba-2007")
    )
    assert got == expected
