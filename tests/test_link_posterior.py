"""The probability of a candidate with every other candidate weighed (reconcile.link.posterior)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.link.posterior import (
    PersonOdds,
    candidate_mass,
    candidate_probability,
    learn_odds,
)


def test_mass_sums_each_persons_candidates() -> None:
    mass = candidate_mass(np.array([1.0, 2.0, 0.0]), np.array([0, 0, 2]), 3)
    assert mass.tolist() == [6.0, 0.0, 1.0]


@pytest.mark.parametrize(
    ("weights", "none_mass", "expected"),
    [
        ([0.0], 1.0, [0.5]),  # a lone candidate as likely as "none": even
        ([3.0], 1.0, [8 / 9]),
        ([3.0], 0.25, [8 / 8.25]),  # most prisoners have a record: the same weight counts more
        ([3.0, 3.0], 0.25, [8 / 16.25, 8 / 16.25]),  # two people fit: neither is likely
        ([3.0, -3.0], 1.0, [8 / (9 + 0.125), 0.125 / (9 + 0.125)]),
    ],
)
def test_candidate_probability_table(
    weights: list[float], none_mass: float, expected: list[float]
) -> None:
    w = np.array(weights)
    mass = candidate_mass(w, np.zeros(len(w), dtype=np.int64), 1)
    odds = PersonOdds(0.5, none_mass)
    got = candidate_probability(w, mass[np.zeros(len(w), dtype=np.int64)], odds)
    assert got.tolist() == pytest.approx(expected)


@given(
    st.lists(st.floats(-40, 40, allow_nan=False), min_size=1, max_size=12),
    st.floats(1e-6, 1e3),
)
def test_a_persons_candidates_add_up_to_at_most_one(weights: list[float], none: float) -> None:
    w = np.array(weights)
    person = np.zeros(len(w), dtype=np.int64)
    mass = candidate_mass(w, person, 1)
    p = candidate_probability(w, mass[person], PersonOdds(0.5, none))
    assert np.all(p >= 0) and p.sum() <= 1 + 1e-9
    # Ranked as their weights are.
    for i in range(len(w)):
        for j in range(len(w)):
            if w[i] > w[j]:
                assert p[i] >= p[j]


def test_learnt_share_finds_the_share_of_people_with_a_match() -> None:
    # 800 people with one clear candidate (weight 20: surely matched), 200 with none: the
    # share learnt is 0.8, whatever the model's prior.
    mass = np.concatenate([np.full(800, 2.0**20), np.zeros(200)])
    for prior in (-14.0, -8.0):
        odds = learn_odds(mass, 5_000, prior)
        assert odds.share == pytest.approx(0.8, abs=0.002)
        assert odds.none_mass == pytest.approx(0.25 * 5_000 * 2.0**prior, rel=0.01)


def test_learnt_share_stays_within_bounds_and_handles_no_people() -> None:
    assert learn_odds(np.zeros(10), 100, -10.0).share == 0.01
    assert learn_odds(np.full(10, 2.0**40), 100, -10.0).share == 0.99
    empty = learn_odds(np.zeros(0), 0, -10.0)
    assert empty.share == 0.5 and empty.none_mass > 0
