"""classify: every outcome, the order they are decided in, the deadline, and the reasons."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.errors import IntegrityError
from reconcile.model import IndRecord, LinkDecision, LinkResult, LinkStatus, Outcome, PairScore
from reconcile.rules import PRESETS, RULES, classify, describe_rule, load_policy
from reconcile.rules.outcome import day
from tests.test_rules_factories import (
    AS_OF,
    RELEASE,
    classify_one,
    decision,
    fixed_names,
    ind,
    links,
    policy,
    prison,
)

D = date


@pytest.mark.parametrize(
    ("records", "outcome", "rule"),
    [
        ([], Outcome.NEVER_REFERRED, "outcome.never_referred"),
        ([{}], Outcome.NEVER_REFERRED, "outcome.never_referred"),
        (
            [{"referral_date": D(2005, 1, 2)}],
            Outcome.REFERRED_NOT_CONSIDERED,
            "outcome.referred_not_considered",
        ),
        (
            [{"referral_date": D(2005, 9, 2)}],
            Outcome.REFERRED_NOT_CONSIDERED,
            "outcome.referred_not_considered",
        ),  # a referral after release still counts
        (
            [{"referral_date": D(2005, 1, 2), "considered_date": RELEASE}],
            Outcome.CONSIDERED_BEFORE_RELEASE,
            "outcome.considered_before_release",
        ),
        (
            [{"referral_date": D(2005, 1, 2), "considered_date": RELEASE + timedelta(days=1)}],
            Outcome.CONSIDERED_AFTER_RELEASE,
            "outcome.considered_after_release",
        ),
        (
            [{"considered_date": D(2005, 2, 1)}],
            Outcome.CONSIDERED_BEFORE_RELEASE,
            "outcome.considered_before_release",
        ),  # considered without a referral date
        # Two linked records: any consideration in time is enough.
        (
            [{"considered_date": D(2005, 9, 1)}, {"considered_date": D(2005, 3, 1)}],
            Outcome.CONSIDERED_BEFORE_RELEASE,
            "outcome.considered_before_release",
        ),
        (
            [{"referral_date": D(2005, 9, 1)}, {}],
            Outcome.REFERRED_NOT_CONSIDERED,
            "outcome.referred_not_considered",
        ),
        ([{}, {}], Outcome.NEVER_REFERRED, "outcome.never_referred"),
    ],
)
def test_in_scope_outcomes(records: list[dict[str, date]], outcome: Outcome, rule: str) -> None:
    ind_records = [ind(i, **fields) for i, fields in enumerate(records)]
    got = classify_one(prison(), ind_records)
    assert got.outcome is outcome, got.reason
    assert got.rule == f"scope.non_eea_threshold/{rule}"
    assert got.in_scope is True


def test_review_link_needs_review_with_the_link_reason() -> None:
    got = classify_one(
        prison(),
        [ind(considered_date=D(2005, 1, 1))],
        status=LinkStatus.REVIEW,
        reason="two different people score close",
    )
    assert got.outcome is Outcome.NEEDS_REVIEW
    assert got.rule == "scope.non_eea_threshold/outcome.needs_review"
    assert got.reason.endswith(
        "; the link to the IND records needs review: two different people score close; decide "
        "it on the workbook's Needs review sheet."
    )
    again = classify_one(prison(), [], status=LinkStatus.REVIEW, reason="Needs review: close.")
    assert again.reason.endswith(
        "; the link to the IND records needs review: close; decide it on the workbook's Needs "
        "review sheet."
    )


def test_review_out_of_scope_stays_out_of_scope() -> None:
    got = classify_one(prison(sentence_months=3.0), [ind()], status=LinkStatus.REVIEW)
    assert got.outcome is Outcome.OUT_OF_SCOPE


@pytest.mark.parametrize(
    ("fields", "outcome", "rule", "words"),
    [
        (
            {"release_date": None},
            Outcome.INSUFFICIENT_DATA,
            "insufficient.release_date",
            "release date missing",
        ),
        (
            {"release_date": None, "unreadable": {"release_date": "31/02/2005"}},
            Outcome.INSUFFICIENT_DATA,
            "insufficient.release_date",
            "could not be read ('31/02/2005')",
        ),
        (
            {"release_date": AS_OF + timedelta(days=1)},
            Outcome.NOT_RELEASED,
            "outcome.not_released",
            "release date 01/04/2006",
        ),
        (
            {"release_date": AS_OF},
            Outcome.CONSIDERED_BEFORE_RELEASE,
            "scope.non_eea_threshold/outcome.considered_before_release",
            "released 31/03/2006",
        ),
        # Release date is checked before scope: a British row with no release date is undecided.
        (
            {"release_date": None, "nationality": "GB"},
            Outcome.INSUFFICIENT_DATA,
            "insufficient.release_date",
            "release date missing",
        ),
        (
            {"release_date": D(2007, 1, 1), "nationality": "GB"},
            Outcome.NOT_RELEASED,
            "outcome.not_released",
            "not classified under policy 2006 v1",
        ),
    ],
)
def test_release_date_decides_first(
    fields: dict[str, Any], outcome: Outcome, rule: str, words: str
) -> None:
    got = classify_one(prison(**fields), [ind(considered_date=D(2004, 1, 1))])
    assert (got.outcome, got.rule) == (outcome, rule)
    assert words in got.reason


@pytest.mark.parametrize(
    ("days", "considered", "outcome"),
    [
        (0, RELEASE, Outcome.CONSIDERED_BEFORE_RELEASE),
        (0, RELEASE + timedelta(days=1), Outcome.CONSIDERED_AFTER_RELEASE),
        (30, RELEASE - timedelta(days=30), Outcome.CONSIDERED_BEFORE_RELEASE),
        (30, RELEASE - timedelta(days=29), Outcome.CONSIDERED_AFTER_RELEASE),
        (30, RELEASE, Outcome.CONSIDERED_AFTER_RELEASE),
    ],
)
def test_consideration_deadline(days: int, considered: date, outcome: Outcome) -> None:
    pol = dataclasses.replace(policy(), deadline_days=days)
    got = classify_one(prison(), [ind(considered_date=considered)], pol=pol)
    assert got.outcome is outcome, got.reason


def test_late_consideration_before_release_explains_the_deadline() -> None:
    pol = dataclasses.replace(policy(), deadline_days=30)
    got = classify_one(prison(), [ind(considered_date=D(2005, 7, 1))], pol=pol)
    assert "considered 01/07/2005 (less than 30 days before release; deadline 14/06/2005)" in (
        got.reason
    )


def test_reason_wording_in_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_names(monkeypatch)
    got = classify_one(prison(), [ind(referral_date=D(2005, 9, 2))])
    assert got.reason == (
        "In scope under policy 2006 v1 (non-EEA national, sentence 18 months, at or above the "
        "12-month threshold): Jamaican national released 14/07/2005; IND referral received "
        "02/09/2005 (after release), no consideration recorded."
    )


def test_reason_wording_out_of_scope_eea(monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_names(monkeypatch)
    got = classify_one(prison(nationality="PL", release_date=D(2004, 6, 2)))
    assert got.reason == (
        "Polish national released 02/06/2004, after Poland joined the EU on 01/05/2004, no "
        "court recommendation: EU/EEA nationals are out of scope (unless a court recommended "
        "deportation) under policy 2006 v1."
    )
    assert got.rule == "exclude.eea_national"


def test_reason_wording_before_accession(monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_names(monkeypatch)
    got = classify_one(prison(nationality="PL", release_date=D(2003, 11, 2)))
    assert got.reason.startswith(
        "In scope under policy 2006 v1 (non-EEA national, sentence 18 months, at or above the "
        "12-month threshold): Polish national released 02/11/2003, before Poland joined the EU "
        "on 01/05/2004; never referred: no IND record linked to this person."
    )


def test_reason_wording_below_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_names(monkeypatch)
    got = classify_one(prison(sentence_months=11.5, sentence_raw="11.5"))
    assert got.reason == (
        "Jamaican national released 14/07/2005; sentence 11.5 months, below the 12-month "
        "threshold for non-EEA nationals, no court recommendation: out of scope under policy "
        "2006 v1."
    )


@pytest.mark.parametrize(
    ("months", "raw", "said"),
    [
        (30.0, "2y 6m", "sentence 30 months (written '2y 6m'), at or above the 12-month threshold"),
        (30.0, "30", "sentence 30 months, at or above the 12-month threshold"),
        (30.0, "30.0", "sentence 30 months, at or above the 12-month threshold"),
        (30.0, " 30 Months ", "sentence 30 months, at or above the 12-month threshold"),
        (30.0, "30m", "sentence 30 months, at or above the 12-month threshold"),
        (36.0, "3 yrs", "sentence 36 months (written '3 yrs'), at or above the 12-month threshold"),
        (24.0, "24", "sentence 24 months, at or above the 12-month threshold"),
        # a column of weeks
        (13.8, "60", "sentence 13.8 months (written '60'), at or above the 12-month threshold"),
    ],
)
def test_reason_quotes_a_sentence_written_otherwise(months: float, raw: str, said: str) -> None:
    """A sentence written in other units than the months it was read as is quoted."""
    got = classify_one(prison(sentence_months=months, sentence_raw=raw))
    assert said in got.reason


def test_reason_wording_unreadable_sentence() -> None:
    got = classify_one(prison(sentence_months=None, unreadable={"sentence": "two yrs"}))
    assert got.reason.startswith("Scope cannot be decided under policy 2006 v1: ")
    assert got.reason.endswith(
        "sentence length could not be read ('two yrs'), no court recommendation; correct the "
        "sentence length in the prison extract and run again."
    )


def test_reason_notes_unreadable_ind_dates_and_reviewer() -> None:
    unread = ind(1, unreadable={"referral_date": "32/13/2004"})
    referred = ind(referral_date=D(2005, 1, 2))
    got = classify_one(prison(), [referred, unread], decided_by="reviewer: A. Auditor")
    assert got.outcome is Outcome.REFERRED_NOT_CONSIDERED
    assert "IND case B1234568: referral date could not be read ('32/13/2004')" in got.reason
    assert "; linked by a reviewer (A. Auditor)" in got.reason


def test_an_unreadable_referral_date_claims_neither_failure() -> None:
    """No consideration: not considered, surely; but never referred or referred? The cell
    does not say, so the outcome goes to review."""
    got = classify_one(prison(), [ind(unreadable={"referral_date": "Yes"})])
    assert (got.outcome, got.rule.split("/")[1]) == (
        Outcome.NEEDS_REVIEW,
        "outcome.referral_unreadable",
    )
    assert got.reason.endswith(
        "no consideration recorded, but the referral date of IND case B1234567 ('Yes') could "
        "not be read, so whether it was referred (and so which failure this is) cannot be "
        "decided: correct the date in the IND extract and run again."
    )


UNREAD = {"referral_date": D(2005, 1, 2), "unreadable": {"considered_date": "Yes - deported"}}
UNDATED = {"referral_date": D(2005, 1, 2), "decision": "Deport"}


@pytest.mark.parametrize(
    ("record", "rule", "tail"),
    [
        (
            UNREAD,
            "outcome.consideration_unreadable",
            "the consideration date of IND case B1234567 ('Yes - deported') could not be read, "
            "so whether it was considered before release cannot be decided: correct the date in "
            "the IND extract and run again",
        ),
        (
            UNDATED,
            "outcome.decision_undated",
            "IND case B1234567 ('Deport') records a decision but no consideration date, so "
            "whether it was considered before release cannot be decided: add the date in the "
            "IND extract and run again",
        ),
    ],
)
def test_a_consideration_at_an_unknown_date_is_not_listed_as_a_failure(
    record: dict[str, Any], rule: str, tail: str
) -> None:
    """It may have been in time: the outcome goes to review, unless a readable one was."""
    unknown = ind(**record)
    got = classify_one(prison(), [unknown], decided_by="reviewer: A. Auditor")
    assert (got.outcome, got.rule) == (Outcome.NEEDS_REVIEW, f"scope.non_eea_threshold/{rule}")
    assert got.reason.endswith(
        f"IND referral received 02/01/2005 (before release), {tail}; linked by a reviewer "
        "(A. Auditor)."
    )
    late = ind(1, referral_date=D(2005, 1, 2), considered_date=D(2005, 9, 1))
    assert classify_one(prison(), [late, unknown]).outcome is Outcome.NEEDS_REVIEW
    in_time = ind(1, referral_date=D(2005, 1, 2), considered_date=D(2005, 3, 1))
    assert classify_one(prison(), [in_time, unknown]).outcome is (Outcome.CONSIDERED_BEFORE_RELEASE)


def test_an_unreadable_consideration_date_is_named_beside_one_in_time() -> None:
    in_time = ind(1, referral_date=D(2005, 1, 2), considered_date=D(2005, 3, 1))
    got = classify_one(prison(), [in_time, ind(**UNREAD)])
    assert "consideration date could not be read ('Yes - deported')" in got.reason


def test_only_a_decision_says_the_case_was_considered() -> None:
    """ "Awaiting papers" is no decision; "No action" is one, referral date or not (so the row
    is not "never referred" either)."""
    pending = ind(referral_date=D(2005, 1, 2), decision="Awaiting papers")
    assert classify_one(prison(), [pending]).outcome is Outcome.REFERRED_NOT_CONSIDERED
    assert classify_one(prison(), [ind(decision="No action")]).outcome is Outcome.NEEDS_REVIEW


@pytest.mark.parametrize(
    ("raw", "unreadable", "subject"),
    [
        ("NOT KNOWN", {}, "Prisoner of unknown nationality released 14/07/2005"),
        ("", {}, "Prisoner of unknown nationality released 14/07/2005"),
        ("Martian", {"nationality": "Martian"}, "Prisoner of unrecognised nationality ('Martian')"),
    ],
)
def test_unknown_nationality_wording(raw: str, unreadable: dict[str, str], subject: str) -> None:
    rec = prison(nationality=None, nationality_raw=raw, unreadable=unreadable)
    got = classify_one(rec)
    assert (
        "(nationality unknown, counted as non-EEA, sentence 18 months, at or above the 12-month "
        f"threshold): {subject}"
    ) in got.reason


def test_mismatched_links_fail_loudly() -> None:
    with pytest.raises(IntegrityError, match="2 prison rows but 1 link decisions"):
        classify([prison(0), prison(1)], [], links([decision(0)]), policy(), AS_OF)


# Properties over random rows: one outcome per row, in order; links are never changed; the
# policy changes only scope and outcomes.
_dates = st.one_of(st.none(), st.dates(D(2003, 1, 1), D(2007, 1, 1)))
_row = st.fixed_dictionaries(
    {
        "nationality": st.sampled_from([None, "JM", "PL", "IE", "GB", "FR", "CH", "XX", "RO"]),
        "sentence_months": st.one_of(st.none(), st.floats(0, 60, allow_nan=False)),
        "sentence_life": st.booleans(),
        "release_date": _dates,
        "sentence_start": _dates,
        "court_recommended": st.one_of(st.none(), st.booleans()),
    }
)
_ind = st.fixed_dictionaries({"referral_date": _dates, "considered_date": _dates})
_status = st.sampled_from(list(LinkStatus))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(_row, _status, st.integers(0, 3)), min_size=1, max_size=8),
    ind_rows=st.lists(_ind, min_size=1, max_size=4),
)
def test_properties(
    rows: list[tuple[dict[str, object], LinkStatus, int]], ind_rows: list[dict[str, date]]
) -> None:
    prison_rows = [prison(i, **fields) for i, (fields, _, _) in enumerate(rows)]
    ind_records: list[IndRecord] = [ind(i, **fields) for i, fields in enumerate(ind_rows)]
    decisions = [
        decision(i, status, (i % len(ind_records),) if status is LinkStatus.LINKED else ())
        for i, (_, status, _) in enumerate(rows)
    ]
    result = links(decisions, [person for _, _, person in rows])
    before = copy.deepcopy(result)
    by_policy = {
        name: classify(prison_rows, ind_records, result, load_policy(name), AS_OF)
        for name in PRESETS
    }
    assert result == before  # classify never touches the links
    for name, got in by_policy.items():
        assert [c.prison_idx for c in got] == list(range(len(rows)))
        for c, (fields, status, _) in zip(got, rows, strict=True):
            assert c.reason.endswith(".") and c.policy == load_policy(name).label
            assert all(part in RULES for part in c.rule.split("/")), c.rule
            assert (c.in_scope is True) == (c.outcome in _IN_SCOPE)
            if fields["release_date"] is None:
                assert c.outcome is Outcome.INSUFFICIENT_DATA
            if c.in_scope and status is LinkStatus.REVIEW:
                assert c.outcome is Outcome.NEEDS_REVIEW
            if c.outcome is Outcome.OUT_OF_SCOPE:
                assert c.in_scope is False
    # 2006-eea only adds routes into scope; a row in scope under both has the same outcome.
    for base, wider in zip(by_policy["2006"], by_policy["2006-eea"], strict=True):
        if base.in_scope:
            assert wider.in_scope and wider.outcome is base.outcome
    # Rows that are not released or lack a release date do not depend on the policy.
    for i, (fields, _, _) in enumerate(rows):
        outcomes = {got[i].outcome for got in by_policy.values()}
        if fields["release_date"] is None or fields["release_date"] > AS_OF:  # type: ignore[operator]
            assert len(outcomes) == 1


_IN_SCOPE = {
    Outcome.CONSIDERED_BEFORE_RELEASE,
    Outcome.CONSIDERED_AFTER_RELEASE,
    Outcome.REFERRED_NOT_CONSIDERED,
    Outcome.NEVER_REFERRED,
    Outcome.NEEDS_REVIEW,
}


def test_describe_rule() -> None:
    assert describe_rule("scope.court_recommendation/outcome.never_referred") == (
        "in scope: a court recommended deportation; no linked IND record has a referral date, "
        "or none was found"
    )
    assert describe_rule("exclude.british") == "out of scope: British citizen or right of abode"
    assert describe_rule("something.else") == "something.else"


def _reviewed(records: list[IndRecord], shortlist: list[int], ind_person: list[int]) -> Any:
    """A row whose link needs review between the shortlisted IND records."""
    cands = tuple(PairScore(0, k, 1.0, 0.6, ()) for k in shortlist)
    d = LinkDecision(
        0, LinkStatus.REVIEW, (), cands[0], None, "Needs review: two people score close",
        candidates=cands,
    )  # fmt: skip
    result = LinkResult([d], [0], ind_person, 0, {})
    return classify([prison()], records, result, policy(), AS_OF)[0]


def test_review_whose_candidates_show_no_referral_is_never_referred() -> None:
    """Whichever candidate, or none, is the person, no IND record shows a referral."""
    got = _reviewed([ind(0), ind(1)], [0, 1], [0, 1])
    assert got.outcome is Outcome.NEVER_REFERRED
    assert got.rule == "scope.non_eea_threshold/outcome.never_referred_any_candidate"
    assert "(two people score close)" in got.reason
    assert "none of the candidate IND records (B1234567, B1234568) has a referral" in got.reason
    assert describe_rule(got.rule).endswith("no candidate IND record has a referral date")


@pytest.mark.parametrize(
    ("records", "ind_person"),
    [
        # The second candidate's person has another record, with a referral.
        ([ind(0), ind(1), ind(2, referral_date=D(2005, 1, 2))], [0, 1, 1]),
        ([ind(0), ind(1, considered_date=D(2005, 1, 2))], [0, 1]),
        ([ind(0), ind(1, unreadable={"referral_date": "31/02/2005"})], [0, 1]),
    ],
)
def test_review_stays_when_a_candidate_may_have_been_referred(
    records: list[IndRecord], ind_person: list[int]
) -> None:
    got = _reviewed(records, [0, 1], ind_person)
    assert got.outcome is Outcome.NEEDS_REVIEW
    assert got.rule == "scope.non_eea_threshold/outcome.needs_review"


def _reviewed_between(
    records: list[IndRecord], probabilities: list[float], ind_person: list[int], sure: float | None
) -> Any:
    """A row whose link needs review between IND records 0, 1, ... at these probabilities
    (each with every other candidate weighed); ``sure``: the linker's link threshold."""
    cands = tuple(PairScore(0, k, 1.0, p, ()) for k, p in enumerate(probabilities))
    d = LinkDecision(
        0, LinkStatus.REVIEW, (), cands[0], cands[1], "Needs review: two people score close",
        candidates=cands,
    )  # fmt: skip
    parameters: dict[str, object] = {}
    if sure is not None:
        parameters = {"thresholds": {"link_probability": sure}}
    result = LinkResult([d], [0], ind_person, 0, parameters)
    return classify([prison()], records, result, policy(), AS_OF)[0]


_BEFORE = {"referral_date": D(2005, 1, 2), "considered_date": D(2005, 3, 1)}


@pytest.mark.parametrize(
    ("records", "probabilities", "ind_person", "sure", "expected"),
    [
        # Either candidate was considered before release; together 0.90 >= 0.80.
        ([ind(0, **_BEFORE), ind(1, **_BEFORE)], [0.45, 0.45], [0, 1], 0.8, "same"),
        # Together 0.75: "none of them" is too likely.
        ([ind(0, **_BEFORE), ind(1, **_BEFORE)], [0.4, 0.35], [0, 1], 0.8, "review"),
        # The candidates give different outcomes.
        (
            [ind(0, **_BEFORE), ind(1, referral_date=D(2005, 1, 2))],
            [0.45, 0.45],
            [0, 1],
            0.8,
            "review",
        ),
        # Two records of one person count once.
        ([ind(0, **_BEFORE), ind(1, **_BEFORE)], [0.45, 0.45], [0, 0], 0.8, "review"),
        # A result that does not say how sure a link must be.
        ([ind(0, **_BEFORE), ind(1, **_BEFORE)], [0.45, 0.45], [0, 1], None, "review"),
    ],
)
def test_review_whose_candidates_all_give_one_outcome_takes_it(
    records: list[IndRecord],
    probabilities: list[float],
    ind_person: list[int],
    sure: float | None,
    expected: str,
) -> None:
    got = _reviewed_between(records, probabilities, ind_person, sure)
    if expected == "review":
        assert got.outcome is Outcome.NEEDS_REVIEW
        return
    assert got.outcome is Outcome.CONSIDERED_BEFORE_RELEASE
    assert got.rule == "scope.non_eea_threshold/outcome.same_whichever_candidate"
    assert "considered 01/03/2005 (before release)" in got.reason
    assert "(two people score close)" in got.reason
    assert "one of the candidates (B1234567, B1234568) with probability 0.9000" in got.reason
    assert describe_rule(got.rule).endswith("every candidate gives the same outcome")


def test_without_a_link_threshold_a_certain_shortlist_still_needs_review() -> None:
    from reconcile.rules.outcome import decide_outcome

    cands = (PairScore(0, 0, 1.0, 1.0, ()),)
    d = LinkDecision(0, LinkStatus.REVIEW, (), cands[0], None, "Needs review", candidates=cands)
    records = [[ind(0, **_BEFORE)]]
    got = decide_outcome(d, [ind(0, **_BEFORE)], RELEASE, 0, records, together=1.0)
    assert got.outcome is Outcome.NEEDS_REVIEW
    sure = decide_outcome(d, [ind(0, **_BEFORE)], RELEASE, 0, records, 1.0, link_probability=0.8)
    assert sure.outcome is Outcome.CONSIDERED_BEFORE_RELEASE


@pytest.mark.parametrize(
    ("surname", "forenames", "number", "outcome", "rule"),
    [
        ("", "", None, Outcome.NEEDS_REVIEW, "outcome.no_identity"),
        ("", "", "AB1234", Outcome.NEVER_REFERRED, "outcome.never_referred"),
        ("BROWN", "", None, Outcome.NEVER_REFERRED, "outcome.never_referred"),
        ("", "DELROY", None, Outcome.NEVER_REFERRED, "outcome.never_referred"),
    ],
)
def test_a_row_with_nothing_to_look_for_is_not_never_referred(
    surname: str, forenames: str, number: str | None, outcome: Outcome, rule: str
) -> None:
    """No IND record found for a row with no name and no prison number says nothing: the
    row goes to review rather than being listed as never referred."""
    rec = prison(surname=surname, forenames=forenames, prison_number=number)
    got = classify_one(rec, [])
    assert (got.outcome, got.rule) == (outcome, f"scope.non_eea_threshold/{rule}")
    if outcome is Outcome.NEEDS_REVIEW:
        assert got.reason.endswith(
            "no IND record could be looked for: the row has no name and no prison number; find "
            "the person's IND record by hand, or correct the prison extract and run again."
        )


@pytest.mark.parametrize(
    ("dates", "as_of", "outcome", "note"),
    [
        # Everything dated on or before the as-of date: nothing to say.
        ({"referral_date": D(2005, 1, 2), "considered_date": D(2005, 3, 1)}, AS_OF,
         Outcome.CONSIDERED_BEFORE_RELEASE, None),
        # Dated later: it counts (the extract records it), and the reason names it.
        ({"referral_date": D(2005, 1, 2), "considered_date": D(2006, 1, 5), "decision": "Deport"},
         D(2005, 12, 31), Outcome.CONSIDERED_AFTER_RELEASE,
         "the consideration of 05/01/2006 (IND case B0000000)"),
        ({"referral_date": D(2006, 1, 2)}, D(2005, 12, 31), Outcome.REFERRED_NOT_CONSIDERED,
         "the referral of 02/01/2006 (IND case B0000000)"),
    ],
)  # fmt: skip
def test_ind_dates_after_the_as_of_date_are_named(
    dates: dict[str, Any], as_of: date, outcome: Outcome, note: str | None
) -> None:
    got = classify_one(prison(0), [ind(0, case_ref="B0000000", **dates)], as_of=as_of)
    assert got.outcome is outcome, got.reason
    if note is None:
        assert "as-of date" not in got.reason
    else:
        tail = f"; dated after the as-of date {day(as_of)}: {note}."
        assert got.reason.endswith(tail), got.reason
