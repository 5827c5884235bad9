"""m of names and dates of birth from pairs sharing a prison number (reconcile.link.training)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from reconcile.link import LinkerConfig
from reconcile.link.compare import DOB, NAME, compare_pairs, plain_texts
from reconcile.link.features import Vocabulary, build_features
from reconcile.link.training import train

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "accuracy"))
generate = pytest.importorskip("generate")


@pytest.fixture(scope="module")
def learnt() -> dict[str, object]:
    data = generate.generate(20000, seed=5)
    vocab = Vocabulary()
    p, i = build_features(data.prison, vocab), build_features(data.ind, vocab)
    vocab.forget_names()
    texts = plain_texts(vocab)
    model = train(p, i, texts, LinkerConfig(), 2006)
    # The same files with no prison number on any IND record: nothing to anchor on.
    bare = replace(i, number=np.zeros_like(i.number), number_folded=np.zeros_like(i.number))
    em_only = train(p, bare, texts, LinkerConfig(), 2006)
    by_person: dict[int, list[int]] = {}
    for k, pid in enumerate(data.ind_pid):
        by_person.setdefault(pid, []).append(k)
    pairs = [(k, j) for k, pid in enumerate(data.prison_pid) for j in by_person.get(pid, [])]
    pp, ii = (np.array(x) for x in zip(*pairs, strict=True))
    levels = compare_pairs(p, i, pp, ii, texts)
    return {"model": model, "em_only": em_only, "truth": levels}


def _truth_m(levels: np.ndarray, field: int, missing: int) -> np.ndarray:
    col = levels[:, field]
    col = col[col != missing]
    return np.bincount(col, minlength=missing)[:missing] / len(col)


@pytest.mark.parametrize(
    ("field", "level"),
    # ("same year" is too rare among one person's records to show in 20,000 people's anchors.)
    [(1, "different"), (0, "different"), (0, "one name in common")],
)
def test_disagreeing_levels_come_closer_to_the_truth(
    learnt: dict[str, object], field: int, level: str
) -> None:
    spec = (NAME, DOB)[field]
    k = spec.labels.index(level)
    truth = _truth_m(learnt["truth"], field, spec.missing)[k]  # type: ignore[arg-type]
    anchored = learnt["model"].m[field][k]  # type: ignore[attr-defined]
    em = learnt["em_only"].m[field][k]  # type: ignore[attr-defined]
    assert abs(np.log2(anchored / truth)) < abs(np.log2(em / truth))
    assert abs(np.log2(anchored / truth)) < 1.0


def test_the_source_says_where_m_came_from(learnt: dict[str, object]) -> None:
    source = learnt["model"].m_source  # type: ignore[attr-defined]
    assert "sharing a prison number and a date of birth" in source["name"]
    assert "sharing a prison number and a name" in source["dob"]
    bare = learnt["em_only"].m_source  # type: ignore[attr-defined]
    assert "prison number" not in bare["name"] and "prison number" not in bare["dob"]
