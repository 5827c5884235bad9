"""British nationals who are not British citizens, written as such in an extract ("British
Overseas Citizen", "BOC", "BOTC", "British Subject", "British Protected Person"). They were
read as unrecognised nationalities: counted as non-EEA nationals, rightly, but described as
"of unrecognised nationality" beside a finding. They are now recognised and named, counted
as the non-EEA nationals they are (no right of abode by that status), and a British Overseas
Territories citizen is a British citizen from 21 May 2002 (British Overseas Territories Act
2002 s.3), as a national of a named territory is."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.model import Outcome
from reconcile.normalise.nationality import parse_nationality
from tests.test_rules_factories import classify_one, prison

D = date
LATE = D(2030, 1, 1)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("British Overseas Citizen", "XO"),
        ("BOC", "XO"),
        ("British overseas citizen", "XO"),
        ("BOTC", "XD"),
        ("British Dependent Territories Citizen", "XD"),
        ("British Overseas Territories Citizen", "XD"),
        ("British Subject", "XS"),
        ("British Protected Person", "XP"),
        ("BPP", "XP"),
        # Unchanged: British citizens, and BN(O), read as Hong Kong.
        ("British", "GB"),
        ("British citizen", "GB"),
        ("British National", "GB"),
        ("British National (Overseas)", "HK"),
    ],
)
def test_british_national_statuses_are_recognised(written: str, code: str) -> None:
    assert parse_nationality(written) == (code, None)


@pytest.mark.parametrize("written", ["British Overseas Citizen", "British Subject", "BPP"])
def test_a_british_national_without_the_right_of_abode_is_in_scope_and_named(
    written: str,
) -> None:
    code, _ = parse_nationality(written)
    got = classify_one(
        prison(nationality=code, nationality_raw=written, release_date=D(2004, 6, 1)), as_of=LATE
    )
    assert got.outcome is Outcome.NEVER_REFERRED, got.reason
    assert got.rule.startswith("scope.non_eea_threshold")
    assert "(a British national without the right of abode) released 01/06/2004" in got.reason
    assert "unrecognised" not in got.reason


def test_a_british_overseas_territories_citizen_is_a_british_citizen_from_2002() -> None:
    code, _ = parse_nationality("BOTC")
    before = classify_one(prison(nationality=code, release_date=D(2002, 5, 20)), as_of=LATE)
    assert before.outcome is Outcome.NEVER_REFERRED, before.reason
    assert (
        "British Overseas Territories citizen (a British national without the right of abode) "
        "released 20/05/2002, before British overseas territories citizens became British "
        "citizens on 21/05/2002"
    ) in before.reason
    after = classify_one(prison(nationality=code, release_date=D(2002, 5, 21)), as_of=LATE)
    assert after.outcome is Outcome.OUT_OF_SCOPE, after.reason
    assert after.rule == "exclude.british"
