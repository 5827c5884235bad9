"""One person's IND records that the IND file kept apart, joined through the prisoner: which
field bridges two records, and rows held for review between two such records."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reconcile.link.split_records import bridge_reviews, bridged_field, own_probability
from reconcile.model import (
    FieldComparison,
    LinkDecision,
    LinkOverrides,
    LinkStatus,
    PairScore,
)
from tests.test_link_decisions import (
    SPLIT_DATED,
    SPLIT_NUMBERED,
    SPLIT_PRISONER,
    build,
    i,
    p,
    run,
)


def pair(ind_idx: int, weight: float, dob: str, number: str, name: str = "exact") -> PairScore:
    fields = (
        FieldComparison("name", name, 10.0),
        FieldComparison("dob", dob, 5.0),
        FieldComparison("prison_number", number, 5.0),
        FieldComparison("nationality", "same", 1.5),
    )
    return PairScore(0, ind_idx, weight, 0.5, fields)


@pytest.mark.parametrize(
    ("a", "b", "between", "expected"),
    [
        # One record has the birth date, the other the prison number: the prisoner has both.
        (("exact", "missing"), ("missing", "exact"), ("missing", "missing"), ("dob", 0)),
        # A birth date keyed a digit out on one record: the prisoner's agrees with the other.
        (
            ("one digit different", "exact"),
            ("exact", "missing"),
            ("one digit different", "missing"),
            ("dob", 1),
        ),
        # The prison number on one record only, the birth dates agreeing with each other.
        (("exact", "exact"), ("exact", "missing"), ("exact", "missing"), ("prison_number", 0)),
        # Look-alikes matched on the same fields: nothing bridges them.
        (("exact", "missing"), ("exact", "missing"), ("exact", "missing"), None),
        (
            ("1 January placeholder, same year", "missing"),
            ("1 January placeholder, same year", "missing"),
            ("exact", "missing"),
            None,
        ),
        (("missing", "missing"), ("missing", "missing"), ("missing", "missing"), None),
    ],
)
def test_bridged_field(
    a: tuple[str, str],
    b: tuple[str, str],
    between: tuple[str, str],
    expected: tuple[str, int] | None,
) -> None:
    pa, pb = pair(0, 20.0, *a), pair(1, 20.0, *b)
    found = bridged_field(pa, pb, {"name": "exact", "dob": between[0], "prison_number": between[1]})
    assert (None if found is None else (found[0], found[1].ind_idx)) == expected


def test_own_probability() -> None:
    assert own_probability(pair(0, 0.0, "exact", "exact")) == 0.5
    assert own_probability(pair(0, 5.0, "exact", "exact")) == pytest.approx(32 / 33)
    assert own_probability(pair(0, -1000.0, "exact", "exact")) == pytest.approx(0.0)


# A prisoner held for review between two IND records of theirs: one with the prison number and
# no birth date, the other with the birth date and no number.
PRISONER = p(0, "WRIGHT", "RICHARD", date(1963, 5, 30), "RM5805")
WITH_NUMBER = i(0, "WRIGHT", "RICHARD", None, "RM5805")
WITH_DATE = i(1, "WRIGHT", "RICHARD", date(1963, 5, 30))
NAMESAKE = i(2, "WRIGHT", "RICHARD", date(1961, 2, 2))
A = replace(pair(0, 12.0, "missing", "exact"), probability=0.6)
B = replace(pair(1, 11.0, "exact", "missing"), probability=0.35)


def held(*candidates: PairScore) -> LinkDecision:
    return LinkDecision(0, LinkStatus.REVIEW, (), candidates[0], None, "Needs review: ...",
                        candidates=candidates)  # fmt: skip


def bridge(
    decisions: list[LinkDecision],
    ind_person: list[int] | None = None,
    touched: set[int] | None = None,
    overrides: LinkOverrides | None = None,
) -> list[LinkDecision]:
    ind = [WITH_NUMBER, WITH_DATE, NAMESAKE]
    people = np.asarray(ind_person or [0, 1, 2], dtype=np.int64)
    members = [[k for k in range(len(ind)) if people[k] == g] for g in range(int(people.max()) + 1)]
    prison_person = np.arange(len(decisions), dtype=np.int64)
    prison = [replace(PRISONER, idx=k) for k in range(len(decisions))]
    return bridge_reviews(
        decisions, prison_person, people, members, 0.95, touched or set(),
        overrides or LinkOverrides(), prison, ind,
    )  # fmt: skip


def test_a_row_held_between_two_records_it_bridges_is_linked_to_both() -> None:
    (d,) = bridge([held(A, B)])
    assert d.status is LinkStatus.LINKED and d.ind_idxs == (0, 1)
    assert d.best is not None and d.best.probability == pytest.approx(0.95)
    assert [s.ind_idx for s in d.also] == [1] and d.also[0].probability == pytest.approx(
        2048 / 2049
    )
    assert d.candidates == () and d.runner_up is None
    assert d.reason.startswith(
        "Linked to IND case X0000000 (row 2) and IND case X0000001 (row 3), kept apart by the "
        "IND file but one person by this row: the row's date of birth agrees with IND case "
        "X0000001 (row 3), where the two records do not agree with each other"
    )
    # Never a certain 1: "above 0.999", as the tables give it.
    assert "probability above 0.999 on its own; IND case X0000001 (row 3): name: exact" in d.reason
    assert d.reason.endswith("probability 0.950 that the person is one of them")


def test_look_alikes_matched_on_the_same_fields_stay_in_review() -> None:
    namesake = replace(pair(2, 11.0, "missing", "missing"), probability=0.35)
    without_number = replace(A, fields=pair(0, 12.0, "missing", "missing").fields)
    (d,) = bridge([held(without_number, namesake)])
    assert d.status is LinkStatus.REVIEW


@pytest.mark.parametrize(
    "case", ["weak", "held elsewhere", "three sure", "reviewer", "ruled out", "best not sure"]
)
def test_a_row_stays_in_review(case: str) -> None:
    decisions = [held(A, B)]
    kw: dict[str, object] = {}
    if case == "weak":
        decisions = [held(A, replace(B, weight=3.0))]
    elif case == "held elsewhere":
        other = LinkDecision(1, LinkStatus.LINKED, (1,), B, None, "Linked ...")
        decisions.append(other)
    elif case == "three sure":
        third = replace(pair(2, 10.0, "missing", "missing"), probability=0.04)
        decisions = [held(A, B, third)]
    elif case == "reviewer":
        kw["touched"] = {0}
    elif case == "ruled out":
        kw["overrides"] = LinkOverrides(not_same=frozenset({(0, 1)}))
    elif case == "best not sure":
        weak_best = replace(pair(2, 2.0, "missing", "missing"), probability=0.7)
        decisions = [held(weak_best, A, B)]
    out = bridge(decisions, **kw)  # type: ignore[arg-type]
    assert out[0].status is LinkStatus.REVIEW


def test_two_prisoners_wanting_the_same_records_both_stay_in_review() -> None:
    second = replace(held(A, B), prison_idx=1)
    out = bridge([held(A, B), second])
    assert [d.status for d in out] == [LinkStatus.REVIEW, LinkStatus.REVIEW]


# Small populations of look-alikes: a few surnames, forenames and birth dates, some rows with
# prison numbers, so that split records, namesakes and episodes all occur.
_SURNAMES = ["KOWALCZYK", "KOWALCZIK", "OKAFOR", "OKAFFOR", "WRIGHT"]
_FORENAMES = ["TOMASZ", "TOMAS", "CHINEDU", "RICHARD"]
_DATES = [date(1977, 4, 8), date(1977, 8, 4), date(1977, 1, 1), date(1979, 6, 30), None]
_NUMBERS = ["AB1234", "AB1243", "CD5678", None, None]

_record = st.tuples(
    st.sampled_from(_SURNAMES),
    st.sampled_from(_FORENAMES),
    st.sampled_from(_DATES),
    st.sampled_from(_NUMBERS),
)


# An IND record of one of the prisoners with some fields lost or keyed differently: (which
# prisoner, keep the birth date, keep the prison number, another birth date).
_copy = st.tuples(st.integers(0, 4), st.booleans(), st.booleans(), st.sampled_from(_DATES))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(  # the records the IND file keeps apart, joined through the prisoner
    prison=[SPLIT_PRISONER], copies=[], others=[SPLIT_NUMBERED, SPLIT_DATED], ruled_out=[]
)
@example(prison=[SPLIT_PRISONER], copies=[], others=[SPLIT_NUMBERED, SPLIT_DATED],
         ruled_out=[(0, 1)])  # fmt: skip
@example(  # a ruled-out record whose IND person the row still reached (found by hypothesis)
    prison=[("KOWALCZYK", "TOMAS", date(1977, 4, 8), "AB1234"),
            ("KOWALCZYK", "TOMASZ", date(1977, 4, 8), "AB1234"),
            ("KOWALCZYK", "TOMASZ", date(1977, 4, 8), "AB1234"),
            ("KOWALCZYK", "TOMASZ", date(1977, 1, 1), "AB1243")],
    copies=[(0, False, False, date(1977, 4, 8)), (3, True, False, date(1977, 4, 8)),
            (0, False, False, date(1977, 1, 1)), (0, False, False, date(1977, 1, 1))],
    others=[],
    ruled_out=[(0, 0)],
)  # fmt: skip
@given(
    prison=st.lists(_record, min_size=1, max_size=5),
    copies=st.lists(_copy, max_size=4),
    others=st.lists(_record, max_size=3),
    ruled_out=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 6)), max_size=2),
)
def test_decisions_stay_consistent(
    prison: list[tuple[str, str, date | None, str | None]],
    copies: list[tuple[int, bool, bool, date | None]],
    others: list[tuple[str, str, date | None, str | None]],
    ruled_out: list[tuple[int, int]],
) -> None:
    """Whatever the records: a row's IND records are listed once each, a row has records
    exactly when it is linked, every joined pair is among the row's records, a reviewer's
    ruling-out holds for the ruled-out record's whole IND person, and reruns agree."""
    ind = [
        (sur, fore, born if keep_date else other, number if keep_number else None)
        for which, keep_date, keep_number, other in copies
        for sur, fore, born, number in [prison[which % len(prison)]]
    ] + others
    p_recs, i_recs = build(prison, ind, n_filler=40)
    banned = frozenset((r, k) for r, k in ruled_out if r < len(prison) and k < len(ind))
    overrides = LinkOverrides(not_same=banned)
    result = run(p_recs, i_recs, overrides=overrides)
    people = result.ind_person
    for d in result.decisions:
        assert len(set(d.ind_idxs)) == len(d.ind_idxs)
        assert bool(d.ind_idxs) == (d.status is LinkStatus.LINKED)
        assert {s.ind_idx for s in d.also} <= set(d.ind_idxs)
        if d.status is LinkStatus.LINKED and d.decided_by == "linker":
            assert d.best is not None
    for row, k in banned:
        assert people[k] not in {people[i] for i in result.decisions[row].ind_idxs}
    again = run(p_recs, i_recs, overrides=overrides)
    assert again.decisions == result.decisions
