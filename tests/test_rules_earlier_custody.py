"""A consideration counts for a release whenever it is dated on or before it. When every such
consideration is dated on or before the same person's previous release, it may concern that
earlier custody: the outcome stands, and the reason says so for the auditor to check. A
policy with [deadline] earlier_custody_counts = false counts such dates for that custody
only: the later release is judged on the dates after it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from reconcile.model import LinkStatus, Outcome
from reconcile.rules import load_policy
from reconcile.rules.classify import classify
from tests.test_rules_factories import decision, ind, links, policy, prison

AS_OF = date(2006, 3, 31)


def _two_episodes(
    considered: date, referred: date = date(2001, 9, 1), counts: bool = True
) -> list[tuple[Outcome, str]]:
    """One person released in 2002 and again in 2005, both rows linked to one IND record."""
    first = prison(0, sentence_start=date(2001, 6, 1), release_date=date(2002, 7, 22))
    second = prison(1, sentence_start=date(2004, 9, 1), release_date=date(2005, 11, 2))
    record = ind(0, referral_date=referred, considered_date=considered, decision="No action")
    result = links(
        [decision(0, LinkStatus.LINKED, [0]), decision(1, LinkStatus.LINKED, [0])],
        people=[0, 0],
    )
    chosen = replace(policy("2006"), earlier_custody_counts=counts)
    got = classify([first, second], [record], result, chosen, AS_OF)
    return [(c.outcome, c.reason) for c in got]


def test_a_consideration_before_the_previous_release_is_flagged_in_the_reason() -> None:
    (outcome1, first), (outcome2, second) = _two_episodes(considered=date(2002, 1, 20))
    assert outcome1 is outcome2 is Outcome.CONSIDERED_BEFORE_RELEASE  # the outcome stands
    assert "may concern that custody" not in first  # its own custody: nothing to say
    assert (
        "every consideration is dated on or before this person's previous release, on "
        "22/07/2002 (prison row 2), so it may concern that custody, not this one: check the "
        "IND file"
    ) in second, second


def test_a_consideration_after_the_previous_release_is_not() -> None:
    _, (outcome, second) = _two_episodes(considered=date(2005, 3, 1))
    assert outcome is Outcome.CONSIDERED_BEFORE_RELEASE
    assert "may concern that custody" not in second


def test_a_policy_can_count_earlier_dates_for_their_own_custody_only() -> None:
    (outcome1, _), (outcome2, second) = _two_episodes(date(2002, 1, 20), counts=False)
    assert outcome1 is Outcome.CONSIDERED_BEFORE_RELEASE  # its own custody
    assert outcome2 is Outcome.NEVER_REFERRED, second  # nothing dated after 2002-07-22
    assert (
        "not counted for this release: the IND dates 01/09/2001, 20/01/2002, on or before this "
        "person's previous release on 22/07/2002 (prison row 2), which they concern"
    ) in second
    # Referred again after the first release, but the only consideration is the earlier one.
    _, (outcome, reason) = _two_episodes(date(2002, 1, 20), date(2004, 10, 1), counts=False)
    assert outcome is Outcome.REFERRED_NOT_CONSIDERED, reason
    # Considered after the first release: counts, as under the default.
    _, (outcome, _) = _two_episodes(date(2005, 3, 1), counts=False)
    assert outcome is Outcome.CONSIDERED_BEFORE_RELEASE


def test_the_option_is_read_from_a_policy_file_and_said_in_the_summary(tmp_path: Path) -> None:
    assert load_policy("2006").earlier_custody_counts is True
    text = (
        '[policy]\nbase = "2006"\nname = "strict"\nversion = "1"\n'
        "[deadline]\nearlier_custody_counts = false\n"
    )
    path = tmp_path / "strict.toml"
    path.write_text(text, encoding="utf-8")
    strict = load_policy(str(path))
    assert strict.earlier_custody_counts is False
    assert any("does not count for a later release" in line for line in strict.summary_lines())
    assert strict.settings()["deadline"]["earlier_custody_counts"] is False


def test_a_consideration_during_a_later_custody_is_flagged_for_the_earlier_release() -> None:
    """The first release (22/07/2002) was not considered before it: the outcome is considered
    after release. When the IND dates fall in the person's next custody (sentenced
    01/09/2004), the reason says they may concern that custody, not this release."""
    (outcome1, first), (outcome2, second) = _two_episodes(
        considered=date(2005, 3, 1), referred=date(2004, 10, 1)
    )
    assert outcome1 is Outcome.CONSIDERED_AFTER_RELEASE  # the outcome stands
    assert (
        "the consideration is dated during this person's later custody (prison row 3, "
        "sentenced 01/09/2004), so it may concern that custody, not this release: check the "
        "IND file"
    ) in first, first
    assert outcome2 is Outcome.CONSIDERED_BEFORE_RELEASE
    assert "later custody" not in second
    # Referred during the later custody, never considered: the referral is flagged.
    first_row = prison(0, sentence_start=date(2001, 6, 1), release_date=date(2002, 7, 22))
    second_row = prison(1, sentence_start=date(2004, 9, 1), release_date=date(2005, 11, 2))
    record = ind(0, referral_date=date(2004, 10, 1), considered_date=None, decision="")
    result = links(
        [decision(0, LinkStatus.LINKED, [0]), decision(1, LinkStatus.LINKED, [0])],
        people=[0, 0],
    )
    got = classify([first_row, second_row], [record], result, policy("2006"), AS_OF)
    assert got[0].outcome is Outcome.REFERRED_NOT_CONSIDERED
    assert "the referral is dated during this person's later custody (prison row 3" in (
        got[0].reason
    )
    # Considered between the two custodies: nothing to flag.
    (outcome, reason), _ = _two_episodes(considered=date(2003, 3, 1), referred=date(2003, 1, 1))
    assert outcome is Outcome.CONSIDERED_AFTER_RELEASE and "later custody" not in reason
