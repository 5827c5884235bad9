"""Properties of the linker's parts: name keys, blocking joins, training fall-backs, scores."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.link.blocking import join
from reconcile.link.compare import FIELDS
from reconcile.link.fellegi_sunter import PRIOR_M, term_frequencies
from reconcile.link.joins import join_sample
from reconcile.link.names import name_keys
from reconcile.link.score import probability
from tests.test_link_decisions import build, run

NAMES = ["SMITH", "NGUYEN", "AL-JABURI", "O'BRIEN", "MUHAMMAD", "WIŚNIEWSKI", "YILMAZ"]
NAMES += ["DA SILVA", "HÜSEYIN", "ZHANG", "MCDONALD", "ABDUL RAHMAN"]
WORDS = st.sampled_from(NAMES)


@given(WORDS, WORDS)
def test_name_keys_ignore_case_and_spacing(surname: str, forename: str) -> None:
    plain = name_keys(surname, forename)
    noisy = name_keys(f"  {surname.lower()} ", forename.title().replace(" ", "  "))
    assert noisy.variant == plain.variant and noisy.bag == plain.bag


@given(WORDS, WORDS)
def test_bag_ignores_order_of_parts(surname: str, forename: str) -> None:
    assert name_keys(surname, forename).bag == name_keys(forename, surname).bag


@settings(max_examples=50)
@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=40),
    st.lists(st.integers(0, 6), min_size=1, max_size=40),
    st.integers(1, 30),
)
def test_join_is_the_capped_equi_join(left: list[int], right: list[int], cap: int) -> None:
    kp, ki = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    a, b, skipped = join(kp, np.arange(len(kp)), ki, np.arange(len(ki)), cap)
    got = sorted(zip(a.tolist(), b.tolist(), strict=True))
    expected = []
    skipped_keys = 0
    for key in set(left) - {0}:
        ps = [p for p, k in enumerate(left) if k == key]
        qs = [q for q, k in enumerate(right) if k == key]
        if not qs:
            continue
        if len(ps) * len(qs) > cap:
            skipped_keys += 1
            continue
        expected += [(p, q) for p in ps for q in qs]
    assert got == sorted(expected)
    assert skipped == skipped_keys


@settings(max_examples=80)
@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=40),
    st.lists(st.integers(0, 6), min_size=1, max_size=40),
    st.integers(1, 30),
    st.integers(1, 60),
    st.integers(0, 2**32 - 1),
)
def test_join_sample_is_a_sample_of_the_join(
    left: list[int], right: list[int], cap: int, n: int, seed: int
) -> None:
    """The pairs, in order, and the scale that drawing n of join()'s pairs at random gives,
    with the same generator: the training's samples do not depend on making every pair."""
    kp, ki = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    ip, ii = np.arange(len(kp)), np.arange(len(ki))
    a, b, _ = join(kp, ip, ki, ii, cap)
    rng = np.random.default_rng(seed)
    if len(a) <= n:
        want_a, want_b, want_scale = a, b, 1.0
    else:
        keep = np.sort(rng.choice(len(a), size=n, replace=False))
        want_a, want_b, want_scale = a[keep], b[keep], len(a) / n
    got_a, got_b, scale = join_sample(kp, ip, ki, ii, cap, n, np.random.default_rng(seed))
    assert got_a.tolist() == want_a.tolist()
    assert got_b.tolist() == want_b.tolist()
    assert scale == want_scale


def test_small_files_fall_back_to_the_prior() -> None:
    prison, ind = build([], [], n_filler=8)
    params = run(prison, ind).parameters
    model = params["model"]
    assert isinstance(model, dict)
    sources = model["m_source"]
    assert isinstance(sources, dict)
    assert sources["name"].startswith("prior (only")
    levels = model["levels"]
    assert isinstance(levels, dict)
    assert set(levels) == {spec.name for spec in FIELDS}
    assert all(len(PRIOR_M[k]) == FIELDS[k].missing for k in range(len(FIELDS)))


def test_probability_is_monotone_and_bounded() -> None:
    w = np.linspace(-80, 80, 161)
    p = probability(w)
    assert np.all(np.diff(p) >= 0) and p[0] >= 0 and p[-1] <= 1
    assert probability(np.array([0.0]))[0] == 0.5


def test_placeholder_birthday_counts_for_less_than_a_real_one() -> None:
    common = date(1980, 1, 1)
    prison, ind = build(
        [("MENSAH", "KOFI", common, None), ("ASANTE", "YAW", date(1980, 6, 17), None)],
        [("MENSAH", "KOFI", common, None), ("ASANTE", "YAW", date(1980, 6, 17), None)]
        + [("OWUSU", f"K{k}", common, None) for k in range(12)],
    )
    result = run(prison, ind)

    def dob_weight(row: int) -> float:
        best = result.decisions[row].best
        assert best is not None
        return next(f.weight for f in best.fields if f.field == "dob")

    assert dob_weight(0) < dob_weight(1)


def test_term_frequency_counts_records_outside_the_pair() -> None:
    """A value's frequency for a pair that agrees on it: the records other than the pair's
    two that carry it. Carried by the pair alone, 0 (the caller falls back)."""
    codes = np.array([7] * 2 + [8] * 3 + [9] * 5 + [0] * 10, dtype=np.int64)
    values, freq = term_frequencies(codes)
    assert values.tolist() == [7, 8, 9]
    assert (freq * len(codes)).round(9).tolist() == [0.0, 1.0, 3.0]
