"""u of the similar-spelling levels by how common the name is (reconcile.link.similar_frequency)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.link import LinkerConfig, link_records
from reconcile.link.compare import NAME, plain_texts
from reconcile.link.features import Vocabulary, build_features
from reconcile.link.fellegi_sunter import NOT_ADJUSTED, similar_as_dict
from reconcile.link.score import Frequencies, RecordFrequencies
from reconcile.link.similar_frequency import (
    BAND_EDGES,
    LEVELS,
    _smooth,
    band,
    learn,
    weight_shift,
)
from reconcile.link.training import train

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "accuracy"))
generate = pytest.importorskip("generate")

N_BANDS = len(BAND_EDGES) - 1


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        (0.0, 0),  # nothing rarer than the first band
        (1e-20, 0),
        (1.5e-16, 0),
        (1e-8, 16),  # log10 -8 opens band 16 (-16 + 16 * 0.5)
        (2e-8, 16),
        (4e-8, 17),
        (1e-3, 26),
        (1.0, N_BANDS - 1),  # the last band holds everything above
    ],
)
def test_band_table(frequency: float, expected: int) -> None:
    assert band(np.array([frequency])).tolist() == [expected]


def test_smoothing_rises_averages_one_and_is_flat_beyond_the_bands_seen() -> None:
    seen = np.zeros(N_BANDS)
    seen[10:20] = 50
    ratio = np.ones(N_BANDS)
    ratio[10:20] = np.exp(0.4 * np.arange(10))  # doubles about every 1.7 bands
    pairs = np.full(N_BANDS, 1e6)
    out = _smooth(ratio, seen, pairs)
    assert np.all(np.diff(out) >= -1e-12)
    assert np.all(out[:10] == out[10]) and np.all(out[19:] == out[19])
    assert float((out * pairs).sum() / pairs.sum()) == pytest.approx(1.0)


def test_smoothing_never_makes_a_common_name_count_for_more() -> None:
    seen = np.full(N_BANDS, 30.0)
    falling = np.exp(-0.3 * np.arange(N_BANDS))  # a sample that says the opposite
    out = _smooth(falling, seen, np.ones(N_BANDS))
    assert out == pytest.approx(np.ones(N_BANDS))


@given(st.lists(st.floats(1e-12, 1e-2), min_size=1, max_size=40), st.sampled_from(LEVELS))
def test_weight_shift_is_the_log_of_the_bands_ratio(parts: list[float], level: int) -> None:
    ratios = tuple(tuple(float(x) for x in np.linspace(0.1, 5.0, N_BANDS)) for _ in LEVELS)
    values = np.array(parts)
    levels = np.full(len(values), level, dtype=np.int8)
    shift = weight_shift(levels, values, values / 10, ratios)
    expected = np.log2(np.asarray(ratios[LEVELS.index(level)])[band(values)])
    assert shift == pytest.approx(expected)


def test_weight_shift_leaves_other_levels_and_unlearnt_levels_alone() -> None:
    parts = np.array([1e-3, 1e-9, 1e-5])
    other = np.array([0, NAME.labels.index("different"), 3], dtype=np.int8)
    ratios = (tuple([2.0] * N_BANDS), tuple([3.0] * N_BANDS))
    assert weight_shift(other, parts, parts, ratios).tolist() == [0.0, 0.0, 0.0]
    similar = np.full(3, LEVELS[0], dtype=np.int8)
    assert weight_shift(similar, parts, parts, ((), ratios[1])).tolist() == [0.0, 0.0, 0.0]


def _learnt(people: int, seed: int) -> tuple[tuple[float, ...], ...]:
    data = generate.generate(people, seed=5)
    vocab = Vocabulary()
    p, i = build_features(data.prison, vocab), build_features(data.ind, vocab)
    vocab.forget_names()
    texts = plain_texts(vocab)
    freq = Frequencies.of(p, i)
    model = train(p, i, texts, LinkerConfig(), seed)
    parts_p, parts_i = RecordFrequencies.of(freq, p).parts, RecordFrequencies.of(freq, i).parts
    return learn(p, i, texts, parts_p, parts_i, model, seed)


def test_learnt_from_the_data_a_common_names_similar_spelling_is_commoner() -> None:
    ratios = _learnt(3000, seed=1)
    for level in ratios:
        assert level, "both levels learnt at 3,000 people"
        assert level[-1] > 1.5 > 0.7 > level[0]
    assert _learnt(3000, seed=1) == ratios  # seeded: the same every run


def test_small_files_are_not_adjusted() -> None:
    assert _learnt(100, seed=1) == ((), ())


def learnt_model(people: int, seed: int = 6) -> dict[str, object]:
    """The learnt model as the manifest shows it, from linking generated data."""
    data = generate.generate(people, seed=seed)
    result = link_records(data.prison, data.ind, LinkerConfig(), seed=2006)
    model = result.parameters["model"]
    assert isinstance(model, dict)
    return model


def test_the_manifest_shows_the_learnt_ratios_by_range() -> None:
    shown = learnt_model(2000)["similar_spelling_u_by_name_frequency"]
    assert isinstance(shown, dict)
    assert set(shown) == {"very similar spelling", "similar spelling"}
    ranges = shown["similar spelling"]
    assert isinstance(ranges, dict) and len(ranges) > 3
    assert next(iter(ranges)).startswith("1e-16 to ")
    assert list(ranges.values()) == sorted(ranges.values())
    flat = similar_as_dict(((), (2.0,) * N_BANDS))
    assert flat == {
        "very similar spelling": NOT_ADJUSTED,
        "similar spelling": {"1e-16 to 1e0": 2.0},
    }


def test_one_common_name_alone_is_not_adjusted() -> None:
    """Similar spellings of a single name fall in one band: no line can be drawn."""
    from datetime import date

    from tests.test_link_decisions import i, p

    prison = [
        p(k, "MOHAMMED", f"ALI{'X' * (k % 3)}", date(1970, 1, 2 + k % 20)) for k in range(900)
    ]
    ind = [i(k, "MOHAMED", "ALIY", date(1971, 3, 1 + k % 25)) for k in range(900)]
    vocab = Vocabulary()
    pf, inf = build_features(prison, vocab), build_features(ind, vocab)
    vocab.forget_names()
    texts = plain_texts(vocab)
    freq = Frequencies.of(pf, inf)
    model = train(pf, inf, texts, LinkerConfig(), 1)
    parts_p, parts_i = RecordFrequencies.of(freq, pf).parts, RecordFrequencies.of(freq, inf).parts
    assert learn(pf, inf, texts, parts_p, parts_i, model, 1) == ((), ())
