"""Properties of the linker's parts: name keys, blocking joins, training fall-backs, scores."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.link import LinkerConfig
from reconcile.link.blocking import join
from reconcile.link.compare import FIELDS
from reconcile.link.features import Vocabulary, build_features
from reconcile.link.fellegi_sunter import PRIOR_M, term_frequencies
from reconcile.link.joins import join_sample, stable_order
from reconcile.link.linker import link
from reconcile.link.names import name_keys
from reconcile.link.score import Frequencies, probability, shared_word_frequency
from reconcile.model import IndRecord, LinkStatus, PrisonRecord
from tests.test_link_decisions import build, i, p, run

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
    st.randoms(use_true_random=False),
)
def test_join_pairs_come_in_the_order_of_the_records_given(
    left: list[int], right: list[int], shuffle: random.Random
) -> None:
    """Each prison record in the order given, with its key's IND records in the order given:
    the training samples from this order, so it must not depend on how the keys are sorted."""
    kp, ki = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    ip, ii = list(range(len(kp))), list(range(100, 100 + len(ki)))
    shuffle.shuffle(ip)
    shuffle.shuffle(ii)
    a, b, _ = join(kp, np.asarray(ip), ki, np.asarray(ii), 10**6)
    prison, ind = list(zip(left, ip, strict=True)), list(zip(right, ii, strict=True))
    want = [(p, q) for k, p in prison if k for kk, q in ind if kk == k]
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == want


@given(st.lists(st.integers(0, 50), max_size=300))
def teststable_order_is_the_stable_argsort(ranks: list[int]) -> None:
    array = np.asarray(ranks, dtype=np.int64)
    assert stable_order(array).tolist() == np.argsort(array, kind="stable").tolist()


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


def test_term_frequency_counts_people_when_told_who_is_who() -> None:
    """With a person key per record, a value carried by one person on five records counts
    once: 7 is carried by two people (the pair's, so 0), 8 by four people (2 outside)."""
    codes = np.array([7] * 5 + [7] + [8] * 4 + [0] * 2, dtype=np.int64)
    person = np.array([1] * 5 + [2] + [3, 4, 5, 6] + [7, 8], dtype=np.int64)
    values, freq = term_frequencies(codes, person, people=8)
    assert values.tolist() == [7, 8]
    assert (freq * 8).round(9).tolist() == [0.0, 2.0]


def _frequencies(prison: list[PrisonRecord], ind: list[IndRecord]) -> Frequencies:
    vocab = Vocabulary()
    return Frequencies.of(build_features(prison, vocab), build_features(ind, vocab))


def test_a_person_is_one_name_and_one_birth_date() -> None:
    born, other = date(1970, 5, 6), date(1981, 2, 3)
    # One person on three prison rows and two IND records: the name is theirs alone.
    prison = [p(k, "OKONKWO", "CHIDI", born, f"AB{k}") for k in range(3)]
    ind = [i(k, "OKONKWO", "CHIDI", born) for k in range(2)]
    freq = _frequencies(prison, ind)
    assert freq.bag_freq.tolist() == [0.0] and freq.dob_freq.tolist() == [0.0]
    # Five more people of that name, born on five other days: four besides the pair's two.
    namesakes = [p(k, "OKONKWO", "CHIDI", other + timedelta(days=k)) for k in range(5)]
    freq = _frequencies(prison + namesakes, ind)
    assert (freq.bag_freq / freq.floor).round(9).tolist() == [4.0]
    # Records without a birth date cannot be told apart: each is a person of its own.
    unknown = [p(k, "OKONKWO", "CHIDI", None) for k in range(3)]
    freq = _frequencies(prison + unknown, ind)
    assert (freq.bag_freq / freq.floor).round(9).tolist() == [2.0]
    assert round(1 / freq.floor) == 4
    # Nor can records born on a 1 January, the placeholder for an unknown birthday.
    placeholder = [i(k, "OKONKWO", "CHIDI", date(1980, 1, 1)) for k in range(4)]
    freq = _frequencies(prison, ind + placeholder)
    assert (freq.bag_freq / freq.floor).round(9).tolist() == [3.0]
    assert (freq.dob_freq / freq.floor).round(9).tolist() == [0.0, 2.0]


def test_several_custody_episodes_do_not_weaken_a_rare_names_agreement() -> None:
    born = date(1975, 8, 9)
    extra_p = [("ZUBERIOWO", "TAFARI", born, f"XY{k}1") for k in range(3)]
    extra_p.append(("QUANDARIME", "BELUSO", date(1976, 9, 10), "XY91"))
    extra_i = [("ZUBERIOWO", "TAFARI", born, None)] * 2
    extra_i.append(("QUANDARIME", "BELUSO", date(1976, 9, 10), None))
    result = run(*build(extra_p, extra_i))

    def name_weight(row: int) -> float:
        best = result.decisions[row].best
        assert best is not None
        return next(f.weight for f in best.fields if f.field == "name")

    assert all(result.decisions[k].status == LinkStatus.LINKED for k in range(4))
    assert name_weight(0) == name_weight(3)


def test_a_word_written_twice_is_one_word() -> None:
    recs = [p(0, "ABDI", "CABDI MESASA", None), p(1, "MESASA", "ABDI", None)]
    f = build_features(recs, Vocabulary())
    assert f.n_words.tolist() == [2, 2]
    assert sorted(f.words[0, :2].tolist()) == sorted(f.words[1, :2].tolist())
    assert f.words[0, 2:].tolist() == [0] * (f.words.shape[1] - 2)
    freq = Frequencies.of(f, f)
    # The shared words' frequency counts ABDI once.
    assert shared_word_frequency(freq, f.words[:1], f.words[1:])[0] == np.prod(
        freq.word(f.words[1, :2])
    )


def test_in_a_small_file_an_exact_name_outweighs_a_similar_spelling_of_it() -> None:
    """u comes from every pair once when the files are small: a level no pair shows is not
    given a u far below what a few thousand pairs can tell."""
    first = ("KOWALCZYK", "TOMASZ JAN", date(1977, 4, 9))
    prison, ind = build(
        [(*first, None)], [(*first, None), ("KOVALCIK", "TOMASZ JON", first[2], None)]
    )
    linked = link(prison, ind, LinkerConfig(), seed=2006)
    scored = linked.scored
    name = {int(scored.ind[k]): scored.scores.field_weights(k)[0]
            for k in np.flatnonzero(scored.prison == 0)}  # fmt: skip
    assert FIELDS[0].labels[int(scored.levels[np.flatnonzero(scored.prison == 0)[1], 0])] == (
        "similar spelling"
    )
    assert name[0] > name[1] > 0
