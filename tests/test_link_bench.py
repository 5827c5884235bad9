"""Smoke test of the accuracy benchmark: the generator, the scorer and a small linker run."""

from __future__ import annotations

import random
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from reconcile.link import LinkerConfig, link_records
from reconcile.model import LinkStatus

BENCH = Path(__file__).resolve().parents[1] / "bench" / "accuracy"
sys.path.insert(0, str(BENCH))

generate = pytest.importorskip("generate")
metrics = pytest.importorskip("metrics")


def test_generator_is_seeded_and_has_truth() -> None:
    a, b = generate.generate(150, seed=3), generate.generate(150, seed=3)
    assert [r.surname for r in a.prison] == [r.surname for r in b.prison]
    assert len(a.prison) == len(a.prison_pid) and len(a.ind) == len(a.ind_pid)
    assert len(set(a.prison_pid) & set(a.ind_pid)) > 50  # people in both files
    assert len(set(a.ind_pid) - set(a.prison_pid)) > 5  # IND-only people
    assert len(a.prison_pid) > len(set(a.prison_pid))  # several custody episodes


def test_one_persons_custody_episodes_follow_one_another() -> None:
    data = generate.generate(2000, seed=6)
    held: dict[int, list[tuple[object, object]]] = {}
    for row, pid in zip(data.prison, data.prison_pid, strict=True):
        held.setdefault(pid, []).append((row.sentence_start, row.release_date))
    several = [sorted(periods) for periods in held.values() if len(periods) > 1]
    assert len(several) > 100
    assert all(b[0] > a[1] for periods in several for a, b in pairwise(periods))


def test_look_alikes_are_never_the_same_identity() -> None:
    """Look-alikes share a date of birth and part of the name, never all of it: a Somali
    look-alike keeps the given name and has another father's and grandfather's name."""
    population = generate.people(20000, random.Random(8))
    somali = [p for p in population if not p.surname]
    assert somali
    seen: dict[tuple[str, object], int] = {}
    clones = 0
    for p in somali:
        key = (p.forenames, p.dob)
        clones += key in seen
        seen[key] = p.pid
    assert clones == 0


def test_scorer_gives_truth_full_marks_and_no_links_none() -> None:
    data = generate.generate(150, seed=4)
    perfect = metrics.score(data, metrics.truth(data))
    assert perfect["pair_f1"] == 1.0 and perfect["flagged_precision"] == 1.0
    assert perfect["flagged_completeness"] == 1.0 and perfect["outcome_accuracy"] == 1.0
    empty = metrics.Prediction([()] * len(data.prison), [False] * len(data.prison))
    assert metrics.score(data, empty)["pair_recall"] == 0.0


def test_linker_on_a_few_hundred_rows(tmp_path: Path) -> None:
    data = generate.generate(300, seed=5)
    generate.write_csv(data, tmp_path)
    assert (tmp_path / "prison.csv").read_text(encoding="utf-8").startswith("unique_id,")
    result = link_records(data.prison, data.ind, LinkerConfig(), seed=2006)
    pred = metrics.Prediction(
        [d.ind_idxs for d in result.decisions],
        [d.status == LinkStatus.REVIEW for d in result.decisions],
    )
    got = metrics.score(data, pred)
    assert got["pair_precision"] > 0.95
    assert got["pair_recall"] > 0.85
    assert got["flagged_completeness"] > 0.95


def test_spread_over_seeds_gives_mean_lowest_and_highest() -> None:
    run = pytest.importorskip("run")
    results = [
        {"people": 2000, "seed": 7, "linker": "reconcile", "pair_f1": 0.99, "review_rows": 3},
        {"people": 2000, "seed": 8, "linker": "reconcile", "pair_f1": 0.97, "review_rows": 7},
        {"people": 2000, "seed": 7, "linker": "splink 5", "pair_f1": 0.91},
    ]
    lines = run.spread_table(results, ["pair_f1", "review_rows"]).splitlines()
    assert "0.9800 (0.9700-0.9900)" in lines[2] and "5 (3-7)" in lines[2]
    assert "0.9100 (0.9100-0.9100)" in lines[3] and lines[3].rstrip().endswith("(0.9100-0.9100)")


def test_police_ids_variant_numbers_people_and_links_better() -> None:
    """bench/accuracy/police_ids.py: one valid PNC ID per person, on the shares it names, a
    mistyped one failing its check letter; linking with them in both files does not do worse."""
    police_ids = pytest.importorskip("police_ids")
    from reconcile.normalise.police_ids import BAD_CHECK, pnc_and_problem

    data = generate.generate(400, seed=6)
    both = police_ids.variant(data, police_ids.IND_SHARE, 0.0)
    assert both == police_ids.variant(data, police_ids.IND_SHARE, 0.0)  # seeded
    numbered = [(r.pnc, pid) for r, pid in zip(both.prison, both.prison_pid, strict=True) if r.pnc]
    assert 0.6 < len(numbered) / len(both.prison) < 0.9
    valid = {pid: n for n, pid in numbered if pnc_and_problem(n) == (n, None)}
    assert len(valid) > 0.9 * len({pid for _, pid in numbered})
    assert len(set(valid.values())) == len(valid)  # one number per person
    typo = police_ids.mistyped("81/0000034U", random.Random(1))
    assert pnc_and_problem(typo) == (typo, BAD_CHECK)
    plain = link_records(data.prison, data.ind, LinkerConfig(), seed=2006)
    with_ids = link_records(both.prison, both.ind, LinkerConfig(), seed=2006)

    def f1(result: object) -> float:
        pred = metrics.Prediction(
            [d.ind_idxs for d in result.decisions],  # type: ignore[attr-defined]
            [d.status == LinkStatus.REVIEW for d in result.decisions],  # type: ignore[attr-defined]
        )
        return float(metrics.score(data, pred)["pair_f1"])

    assert f1(with_ids) >= f1(plain)


def test_compare_many_is_compare_one_for_each_pair() -> None:
    """Records encoded together give each pair the levels it gets on its own (the bridging
    of IND people compares its pairs all at once)."""
    from reconcile.link.compare import compare_many, compare_one

    data = generate.generate(300, seed=5)
    rng = random.Random(5)
    left = [rng.choice(data.ind) for _ in range(150)]
    right = [rng.choice(data.ind) for _ in range(150)]
    right[:40] = left[:40]  # some identical, the rest mostly different people
    # and one person's two records, which differ the ways the generator makes them differ
    by_person: dict[int, list[int]] = {}
    for k, pid in enumerate(data.ind_pid):
        by_person.setdefault(pid, []).append(k)
    for ks in (ks for ks in by_person.values() if len(ks) > 1):
        left.append(data.ind[ks[0]])
        right.append(data.ind[ks[1]])
    assert len(left) > 160
    assert compare_many(left, right) == [
        compare_one(a, b) for a, b in zip(left, right, strict=True)
    ]
    assert compare_many([], []) == []
