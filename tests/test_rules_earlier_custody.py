"""A consideration counts for a release whenever it is dated on or before it. When every such
consideration is dated on or before the same person's previous release, it may concern that
earlier custody: the outcome stands, and the reason says so for the auditor to check."""

from __future__ import annotations

from datetime import date

from reconcile.model import LinkStatus, Outcome
from reconcile.rules.classify import classify
from tests.test_rules_factories import decision, ind, links, policy, prison

AS_OF = date(2006, 3, 31)


def _two_episodes(considered: date) -> list[tuple[Outcome, str]]:
    """One person released in 2002 and again in 2005, both rows linked to one IND record."""
    first = prison(0, sentence_start=date(2001, 6, 1), release_date=date(2002, 7, 22))
    second = prison(1, sentence_start=date(2004, 9, 1), release_date=date(2005, 11, 2))
    record = ind(0, referral_date=date(2001, 9, 1), considered_date=considered)
    result = links(
        [decision(0, LinkStatus.LINKED, [0]), decision(1, LinkStatus.LINKED, [0])],
        people=[0, 0],
    )
    got = classify([first, second], [record], result, policy("2006"), AS_OF)
    return [(c.outcome, c.reason) for c in got]


def test_a_consideration_before_the_previous_release_is_flagged_in_the_reason() -> None:
    (outcome1, first), (outcome2, second) = _two_episodes(considered=date(2002, 1, 20))
    assert outcome1 is outcome2 is Outcome.CONSIDERED_BEFORE_RELEASE  # the outcome stands
    assert "may concern that custody" not in first  # its own custody: nothing to say
    assert (
        "every consideration is dated on or before this person's previous release, on "
        "2002-07-22 (prison row 2), so it may concern that custody, not this one: check the "
        "IND file"
    ) in second, second


def test_a_consideration_after_the_previous_release_is_not() -> None:
    _, (outcome, second) = _two_episodes(considered=date(2005, 3, 1))
    assert outcome is Outcome.CONSIDERED_BEFORE_RELEASE
    assert "may concern that custody" not in second
