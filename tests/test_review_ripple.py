"""Deciding the doubtful rows moves no link nobody reviewed (reconcile.link.linker._claim_pool).

The weight of "this IND person is already linked to another prisoner" is learnt from the
candidates of prisoners left unlinked. The rows a reviewer decided were taken out of that
pool: with many decided, it fell below the minimum, the weight was switched off, and links
that had needed it became doubtful. On 3,000 generated people with strict thresholds
(link at 0.9999, review from 0.5), deciding the 150 rows held for review moved 49 other rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reconcile.link import LinkerConfig, link
from reconcile.model import LinkOverrides, LinkStatus

BENCH = Path(__file__).resolve().parents[1] / "bench" / "accuracy"
sys.path.insert(0, str(BENCH))
generate = pytest.importorskip("generate")

STRICT = LinkerConfig(link_probability=0.9999, review_probability=0.5)


def test_deciding_the_review_rows_moves_only_rows_sharing_their_ind_people() -> None:
    data = generate.generate(3000, seed=8)
    before = link(data.prison, data.ind, STRICT, 2006).result
    same, not_same = set(), set()
    for d in before.decisions:
        if d.status is LinkStatus.REVIEW and d.best is not None:
            pair = (d.prison_idx, d.best.ind_idx)
            truly = data.prison_pid[d.prison_idx] == data.ind_pid[d.best.ind_idx]
            (same if truly else not_same).add(pair)
    assert len(same) + len(not_same) > 100  # enough decided to have emptied the pool
    overrides = LinkOverrides(frozenset(same), frozenset(not_same))
    after = link(data.prison, data.ind, STRICT, 2006, overrides).result

    claims = "linked_to_another_prisoner"
    assert before.parameters[claims] == after.parameters[claims]
    assert after.parameters[claims]["applied"] is True  # type: ignore[index]
    decided = {p for p, _ in same | not_same}
    decided_ind = {before.ind_person[i] for _, i in same | not_same}
    moved = [
        k
        for k, (a, b) in enumerate(zip(before.decisions, after.decisions, strict=True))
        if k not in decided and (a.status, a.ind_idxs) != (b.status, b.ind_idxs)
    ]
    # Only rows whose candidate a reviewer gave to another prison row may move: that IND
    # person is now held by someone else.
    for k in moved:
        a, b = before.decisions[k], after.decisions[k]
        candidates = {before.ind_person[c.ind_idx] for c in (a.best, b.best) if c is not None}
        assert candidates & decided_ind, k
    assert len(moved) <= 10
    for k, i in same:
        assert after.decisions[k].status is LinkStatus.LINKED and i in after.decisions[k].ind_idxs
