"""A row the linker could not link on its own, linked through another custody episode that
may be the same person: the decision names that row by index, not only in its words."""

from __future__ import annotations

import numpy as np

from reconcile.link.linker import People, _through_other_episodes
from reconcile.model import FieldComparison, LinkDecision, LinkStatus, PairScore
from reconcile.write.views import link_explanation
from tests.factories import make_result


def _pair(prison_idx: int, ind_idx: int, probability: float) -> PairScore:
    name = FieldComparison("name", "exact", 9.0)
    return PairScore(prison_idx, ind_idx, 6.0, probability, (name,))


def test_a_row_follows_the_linked_episode_and_says_which() -> None:
    result = make_result()
    prison, ind = result.prison, result.ind
    n = len(prison)
    linked = LinkDecision(0, LinkStatus.LINKED, (0,), _pair(0, 0, 0.99), None, "Linked to it")
    weak = LinkDecision(1, LinkStatus.NONE, (), _pair(1, 0, 0.4), None, "Too weak")
    rest = [LinkDecision(k, LinkStatus.NONE, (), None, None, "None") for k in range(2, n)]
    people = People(np.arange(n), {(0, 1): _pair(0, 1, 0.9)})
    out = _through_other_episodes([linked, weak, *rest], people, np.arange(len(ind)), prison, ind)
    assert out[1].status is LinkStatus.LINKED
    assert out[1].through == 0 and out[1].ind_idxs == (0,) and out[1].best == weak.best
    assert out[0].through is None and out[2:] == rest
    text = link_explanation(out[1], ind, prison)
    assert text.startswith(
        f"linked through prison {prison[0].prov.ref}, which may be the same person and is "
        "linked to the IND record; this row's own evidence: starting weight"
    ), text


def test_without_a_linked_partner_nothing_follows() -> None:
    result = make_result()
    prison, ind = result.prison, result.ind
    n = len(prison)
    weak = [LinkDecision(k, LinkStatus.NONE, (), _pair(k, 0, 0.4), None, "") for k in range(n)]
    people = People(np.arange(n), {(0, 1): _pair(0, 1, 0.9)})
    out = _through_other_episodes(weak, people, np.arange(len(ind)), prison, ind)
    assert out == weak
