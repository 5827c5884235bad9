"""The deportation rules checked against the domain notes (shared DOMAIN.md, section 2 and
"What the tool's rules and matcher must support"), one boundary a row, through the public
classify and policy API. Each table names the statement it checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from reconcile.model import Outcome
from tests.test_rules_factories import classify_one, prison

IN, OUT, UNDECIDED = Outcome.NEVER_REFERRED, Outcome.OUT_OF_SCOPE, Outcome.INSUFFICIENT_DATA
D = date
LATE = D(2022, 1, 1)  # an as-of date after every release below


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
