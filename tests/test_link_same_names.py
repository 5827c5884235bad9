"""The u of the agreeing name levels among people with the same words
(reconcile.link.same_names)."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.link import LinkerConfig
from reconcile.link.compare import NAME, compare_pairs, name_levels, plain_texts
from reconcile.link.features import Features, Vocabulary, build_features
from reconcile.link.fellegi_sunter import Model, same_names_as_dict
from reconcile.link.same_names import LEVELS, learn, weight_shift
from reconcile.link.score import Frequencies, score_pairs
from reconcile.link.training import train
from tests.test_link_decisions import i, p
from tests.test_link_similar_frequency import learnt_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "accuracy"))
generate = pytest.importorskip("generate")


def test_the_levels_are_those_whose_words_all_agree() -> None:
    assert [NAME.labels[k] for k in LEVELS] == [
        "exact",
        "transliteration variant",
        "forename and surname swapped",
        "same names in another order",
    ]


@pytest.mark.parametrize(
    ("levels", "shares", "expected"),
    [
        ([0, 1, 2, 3], (0.5, 0.25, 0.125, 0.125), [1.0, 2.0, 3.0, 3.0]),
        ([4, 6, 8, 9, 10], (0.5, 0.25, 0.125, 0.125), [0.0] * 5),  # other levels: untouched
        ([0, 1, 2, 3], (), [0.0] * 4),  # not learnt
    ],
)
def test_weight_shift_table(
    levels: list[int], shares: tuple[float, ...], expected: list[float]
) -> None:
    got = weight_shift(np.array(levels, dtype=np.int8), shares)
    assert got.tolist() == pytest.approx(expected)


@given(st.lists(st.floats(1e-4, 1.0), min_size=4, max_size=4), st.sampled_from(LEVELS))
def test_a_rarer_level_among_namesakes_weighs_more(shares: list[float], level: int) -> None:
    shift = weight_shift(np.array([level], dtype=np.int8), tuple(shares))[0]
    assert shift == pytest.approx(-np.log2(shares[level]))
    assert shift >= 0.0


def _setup(people: int, seed: int = 5) -> tuple[object, Features, Features, np.ndarray, Model]:
    data = generate.generate(people, seed=seed)
    vocab = Vocabulary()
    p, i = build_features(data.prison, vocab), build_features(data.ind, vocab)
    vocab.forget_names()
    texts = plain_texts(vocab)
    model = train(p, i, texts, LinkerConfig(), 2006)
    return data, p, i, texts, model


def test_learnt_shares_match_the_truth_among_different_people() -> None:
    data, p, i, texts, model = _setup(20000)
    shares = learn(p, i, texts, model, 2006)
    assert len(shares) == len(LEVELS)
    assert learn(p, i, texts, model, 2006) == shares  # seeded: the same every run
    # The truth: every pair of records with the same words, of two different people.
    pp, ii = [], []
    by_bag: dict[int, list[int]] = {}
    for k, b in enumerate(i.bag.tolist()):
        if b:
            by_bag.setdefault(b, []).append(k)
    for k, b in enumerate(p.bag.tolist()):
        for j in by_bag.get(b, []):
            if data.prison_pid[k] != data.ind_pid[j]:
                pp.append(k)
                ii.append(j)
    levels = name_levels(p, i, np.array(pp), np.array(ii), texts)
    truth = np.bincount(levels, minlength=len(LEVELS))[: len(LEVELS)] / len(levels)
    assert np.asarray(shares) == pytest.approx(truth, abs=0.03)
    assert shares[0] < 0.9 and shares[1] < 0.4  # namesakes do not all write alike


def test_small_files_are_not_adjusted() -> None:
    _, p, i, texts, model = _setup(300)
    assert learn(p, i, texts, model, 2006) == ()


def test_a_variant_between_namesakes_weighs_its_share() -> None:
    """The same pair scores higher by exactly -log2(share) at its level, and only then."""
    _, _, _, _, model = _setup(2000)
    shares = (0.7, 0.2, 0.1, 0.001)
    born = date(1970, 5, 6)
    left = [p(k, "HUSSEIN", "MOHAMMED", born) for k in range(3)]
    right = [i(0, "HUSSEIN", "MOHAMMED", born), i(1, "HUSAIN", "MUHAMMAD", born)]
    right.append(i(2, "SMITH", "JOHN", born))
    vocab = Vocabulary()
    a, b = build_features(left, vocab), build_features(right, vocab)
    pp = ii = np.arange(3)
    levels = compare_pairs(a, b, pp, ii, plain_texts(vocab))
    labels = [NAME.labels[x] for x in levels[:, 0]]
    assert labels == ["exact", "transliteration variant", "different"]
    freq = Frequencies.of(a, b)
    before = score_pairs(levels, model, freq, a, b, pp, ii).weight
    learnt = replace(model, same_names=shares)
    after = score_pairs(levels, learnt, freq, a, b, pp, ii).weight
    assert (after - before).tolist() == pytest.approx([-np.log2(0.7), -np.log2(0.2), 0.0])


def test_the_manifest_shows_the_shares() -> None:
    shown = learnt_model(20000)["same_names_share_by_level"]
    assert isinstance(shown, dict)
    assert list(shown) == [NAME.labels[k] for k in LEVELS]
    assert sum(shown.values()) == pytest.approx(1.0, abs=1e-3)
    assert same_names_as_dict(()).startswith("not adjusted")
