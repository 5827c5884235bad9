"""A candidate already linked to another prisoner, weighed in a second round
(reconcile.link.claims)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reconcile.link.claims as claims_module
from reconcile.link import LinkerConfig
from reconcile.link.claims import LEVELS, MIN_PAIRS, Claims, learn
from reconcile.link.linker import link
from reconcile.link.posterior import PersonOdds, candidate_mass, candidate_probability
from reconcile.link.rows import COLUMNS, match_rows
from reconcile.model import OTHER_PRISONERS_FIELD, LinkDecision, LinkResult, LinkStatus

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "accuracy"))
generate = pytest.importorskip("generate")


def _drawn(m: float, u: float, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Calibrated probabilities without the claim, and claims drawn with m among the
    matches and u among the rest."""
    rng = np.random.default_rng(seed)
    p = rng.beta(0.6, 0.9, n).clip(0.011, 0.999)
    match = rng.random(n) < p
    claimed = np.where(match, rng.random(n) < m, rng.random(n) < u)
    return p, claimed


@pytest.mark.parametrize(("m", "u"), [(0.1, 0.7), (0.2, 0.5), (0.05, 0.85)])
def test_m_and_u_are_learnt_without_labels(m: float, u: float) -> None:
    p, claimed = _drawn(m, u, 20_000, seed=3)
    learnt = learn(p, claimed)
    assert learnt.applied and learnt.pairs == 20_000
    assert learnt.m == pytest.approx(m, abs=0.03)
    assert learnt.u == pytest.approx(u, abs=0.03)
    assert learn(p, claimed) == learnt  # no randomness inside


def test_strangers_below_the_floor_are_not_counted() -> None:
    p, claimed = _drawn(0.1, 0.7, 1_000, seed=4)
    strangers = np.full(5_000, 0.001)
    learnt = learn(np.r_[p, strangers], np.r_[claimed, np.ones(5_000, dtype=bool)])
    assert learnt == learn(p, claimed)


@pytest.mark.parametrize(
    ("p", "claimed"),
    [
        (np.full(MIN_PAIRS - 1, 0.5), np.arange(MIN_PAIRS - 1) % 2 == 0),  # too few
        (np.full(500, 0.5), np.ones(500, dtype=bool)),  # every candidate claimed
        (np.full(500, 0.5), np.zeros(500, dtype=bool)),  # none claimed
    ],
)
def test_nothing_is_adjusted_without_enough_to_learn_from(
    p: np.ndarray, claimed: np.ndarray
) -> None:
    learnt = learn(p, claimed)
    assert not learnt.applied
    assert learnt.claimed_factor == learnt.free_factor == 1.0
    shown = learnt.as_dict()
    assert shown["applied"] is False and "needed to learn from" in str(shown["why"])


def test_a_factor_never_turns_around() -> None:
    """Claims more common among matches than the rest (no such thing in one-to-one data)."""
    turned = Claims(m=0.6, u=0.3, pairs=1_000, applied=True)
    assert turned.claimed_factor == 1.0 and turned.free_factor == 1.0


def _reweighed(
    p: np.ndarray, claimed: np.ndarray, person: np.ndarray, claims: Claims
) -> np.ndarray:
    """As the linker does it: the claim's log2 factor added to each pair's weight, then the
    candidates of each prisoner weighed against each other (``p`` made from weights)."""
    odds = PersonOdds(share=0.5, none_mass=1.0)
    # weights giving probabilities p: 2^w = p / (1 - total of the person's p) * none_mass
    rest = 1.0 - np.bincount(person, weights=p)[person]
    weight = np.log2(p / rest)
    before = candidate_probability(weight, candidate_mass(weight, person, 4)[person], odds)
    assert before == pytest.approx(p)
    weight = weight + np.log2(claims.factors(claimed))
    return candidate_probability(weight, candidate_mass(weight, person, 4)[person], odds)


@pytest.mark.parametrize(
    ("p", "claimed", "expected"),
    [
        # One free candidate, x4: 0.5 * 4 / (1 + 0.5 * 3).
        ([0.5], [False], [0.8]),
        # One candidate held by another prisoner, x0.25: 0.8 * 0.25 / (1 - 0.8 * 0.75).
        ([0.8], [True], [0.5]),
        # Two: the free one gains what the held one loses (1 + 0.45 * 3 - 0.45 * 0.75).
        ([0.45, 0.45], [False, True], [1.8 / 2.0125, 0.1125 / 2.0125]),
    ],
)
def test_reweighing_table(p: list[float], claimed: list[bool], expected: list[float]) -> None:
    """The documented p f / (1 + sum of p (f - 1))."""
    claims = Claims(m=0.2, u=0.8, pairs=1_000, applied=True)
    assert (claims.claimed_factor, claims.free_factor) == pytest.approx((0.25, 4.0))
    person = np.zeros(len(p), dtype=np.int64)
    got = _reweighed(np.array(p), np.array(claimed), person, claims)
    assert got.tolist() == pytest.approx(expected)


@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.floats(1e-3, 0.9), st.booleans()), min_size=1, max_size=12
    ),
    st.floats(0.01, 0.5),
    st.floats(0.3, 0.95),
)
def test_a_held_candidate_never_gains_and_a_free_one_never_loses(
    rows: list[tuple[int, float, bool]], m: float, u: float
) -> None:
    person = np.array([r[0] for r in rows], dtype=np.int64)
    p = np.array([r[1] for r in rows])
    totals = np.bincount(person, weights=p, minlength=4)
    p = p / np.maximum(totals[person] / 0.95, 1.0)  # a person's candidates: at most 0.95
    claimed = np.array([r[2] for r in rows])
    got = _reweighed(p, claimed, person, Claims(min(m, u), u, 1_000, applied=True))
    assert (np.bincount(person, weights=got, minlength=4) <= 1 + 1e-9).all()
    assert (got[claimed] <= p[claimed] * (1 + 1e-9)).all()
    assert (got[~claimed] >= p[~claimed] * (1 - 1e-9)).all() or claimed.all()


def _linked(people: int) -> tuple[object, LinkResult]:
    data = generate.generate(people, seed=5)
    return data, link(data.prison, data.ind, LinkerConfig(), seed=2006).result


def test_the_second_round_is_better_calibrated_and_gains(monkeypatch: pytest.MonkeyPatch) -> None:
    data, result = _linked(20_000)
    shown = result.parameters["linked_to_another_prisoner"]
    assert isinstance(shown, dict) and shown["applied"] is True
    assert float(shown["factor_linked_to_no_prisoner"]) > 1.5  # type: ignore[arg-type]
    assert float(shown["factor_linked_to_another_prisoner"]) < 0.8  # type: ignore[arg-type]
    monkeypatch.setattr(claims_module, "MIN_PAIRS", 10**9)  # the same run, one round only
    _, before = _linked(20_000)
    assert before.parameters["linked_to_another_prisoner"]["applied"] is False  # type: ignore[index]
    pid, ind_pid = data.prison_pid, data.ind_pid  # type: ignore[attr-defined]

    def brier(d: LinkDecision) -> float:
        assert d.best is not None
        return (d.best.probability - float(ind_pid[d.best.ind_idx] == pid[d.prison_idx])) ** 2

    weighed = [k for k, d in enumerate(result.decisions) if "weighed with the other" in d.reason]
    plausible = [k for k in weighed if result.decisions[k].best.probability >= 0.2]  # type: ignore[union-attr]
    assert len(plausible) >= 100
    after_error = np.mean([brier(result.decisions[k]) for k in plausible])
    before_error = np.mean([brier(before.decisions[k]) for k in plausible])
    assert after_error < 0.9 * before_error
    # Candidates linked to no other prisoner: as likely as they read (at 200,000 people the
    # ones linked to another prisoner too; at this size their learnt factor is too weak).
    free = [
        result.decisions[k].best
        for k in plausible
        if "linked to no other prisoner" in result.decisions[k].reason
    ]
    assert len(free) >= 50
    true_share = np.mean([ind_pid[b.ind_idx] == pid[b.prison_idx] for b in free])  # type: ignore[union-attr]
    assert true_share == pytest.approx(np.mean([b.probability for b in free]), abs=0.1)  # type: ignore[union-attr]
    # More rows linked right than wrong, and fewer rows left for review.
    right = wrong = 0
    for a, b in zip(before.decisions, result.decisions, strict=True):
        if a.ind_idxs != b.ind_idxs and b.status is LinkStatus.LINKED:
            ok = ind_pid[b.ind_idxs[0]] == pid[b.prison_idx]
            right, wrong = right + ok, wrong + (not ok)
    assert right > wrong
    review = sum(d.status is LinkStatus.REVIEW for d in result.decisions)
    assert review < sum(d.status is LinkStatus.REVIEW for d in before.decisions)


def test_the_scored_pairs_returned_carry_the_second_rounds_weighing() -> None:
    """`reconcile match` reads the scored pairs: they show what the decisions show."""
    data = generate.generate(20_000, seed=5)
    linked = link(data.prison, data.ind, LinkerConfig(), seed=2006)
    scored = linked.scored
    pairs = zip(scored.prison.tolist(), scored.ind.tolist(), strict=True)
    at = {pair: k for k, pair in enumerate(pairs)}
    weighed = [d for d in linked.result.decisions if "weighed with the other" in d.reason]
    assert weighed
    for d in weighed:
        assert d.best is not None
        k = at[(d.best.prison_idx, d.best.ind_idx)]
        assert scored.probability[k] == d.best.probability
        assert round(float(scored.scores.weight[k]), 3) == d.best.weight


def test_reasons_name_the_prisoner_holding_a_candidate() -> None:
    data, result = _linked(20_000)
    prison = data.prison  # type: ignore[attr-defined]
    held = [d for d in result.decisions if "is linked to prison row" in d.reason]
    assert held and any("is linked to no other prisoner" in d.reason for d in result.decisions)
    by_row = {rec.prov.row: k for k, rec in enumerate(prison)}
    for d in held[:20]:
        assert d.best is not None and "times as likely to be this person" in d.reason
        row = int(d.reason.split("is linked to prison row ")[1].split(",")[0])
        holder = result.decisions[by_row[row]]
        assert holder.status is LinkStatus.LINKED and holder.prison_idx != d.prison_idx
        person = result.ind_person[d.best.ind_idx]
        assert result.ind_person[holder.ind_idxs[0]] == person


def test_the_claim_is_one_more_field_of_the_pair() -> None:
    """A reweighed pair shows the claim's level and weight among its fields; the fields and
    the prior odds still add up to the pair's weight."""
    _, result = _linked(20_000)
    plain = [d.best for d in result.decisions if d.best and "weighed with" not in d.reason]
    weighed = [d.best for d in result.decisions if d.best and "weighed with" in d.reason]
    prior = {round(s.weight - sum(f.weight for f in s.fields), 1) for s in plain}
    assert len(prior) <= 3  # one prior, up to the rounding of the shown weights
    for best in weighed:
        assert best is not None
        claim = [f for f in best.fields if f.field == OTHER_PRISONERS_FIELD]
        assert len(claim) == 1 and claim[0].level in LEVELS
        rest = best.weight - sum(f.weight for f in best.fields)
        assert min(abs(rest - p) for p in prior) < 0.1


def test_reconcile_match_shows_the_claim_level() -> None:
    column = f"{OTHER_PRISONERS_FIELD}_level"
    assert column in COLUMNS
    data = generate.generate(20_000, seed=5)
    rows = match_rows(data.prison, data.ind, LinkerConfig(), seed=2006, all_candidates=True)
    # (a record linked without being compared itself reads "not compared" in every level)
    compared = [row for row in rows.as_dicts() if row["name_level"] != "not compared"]
    assert {row[column] for row in compared} == {"", *LEVELS}
    small = generate.generate(300, seed=5)
    rows = match_rows(small.prison, small.ind, LinkerConfig(), seed=2006, all_candidates=True)
    assert {row[column] for row in rows.as_dicts()} == {""}
