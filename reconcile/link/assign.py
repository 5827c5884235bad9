"""Person-level assignment: link, needs review, or no link, for every prison row.

Candidates are compared person to person: each prison person (its custody episodes) against
each IND person (its records), scored by their best pair. Rows of one prison person therefore
reach the same decision, unless a reviewer ruled on one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reconcile.link.config import LinkerConfig
from reconcile.link.explain import linked_reason, none_reason, pair_score, review_reason
from reconcile.link.features import IntArray
from reconcile.link.score import Scores
from reconcile.model import IndRecord, LinkDecision, LinkOverrides, LinkStatus, PairScore

MAX_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Scored:
    """The scored cross-file candidate pairs."""

    prison: IntArray
    ind: IntArray
    levels: npt.NDArray[np.int8]
    scores: Scores

    def pair(self, k: int) -> PairScore:
        s = self.scores
        return pair_score(
            int(self.prison[k]),
            int(self.ind[k]),
            self.levels[k].tolist(),
            s.field_weights[k].tolist(),
            float(s.weight[k]),
            float(s.probability[k]),
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    ind_person: int
    pair: int  # index of the best pair between the two people


def ranked_candidates(scored: Scored, prison_person: IntArray, ind_person: IntArray) -> list[list[Candidate]]:
    """For each prison person, the IND people it met in a candidate pair, best first."""
    n_people = int(prison_person.max()) + 1 if len(prison_person) else 0
    out: list[list[Candidate]] = [[] for _ in range(n_people)]
    if len(scored.prison) == 0:
        return out
    pc, ic, w = prison_person[scored.prison], ind_person[scored.ind], scored.scores.weight
    order = np.lexsort((scored.ind, scored.prison, -w, ic, pc))
    first = np.ones(len(order), dtype=bool)
    first[1:] = (pc[order][1:] != pc[order][:-1]) | (ic[order][1:] != ic[order][:-1])
    best = order[first]
    ranking = best[np.lexsort((ic[best], -w[best], pc[best]))]
    for k, person, other in zip(ranking.tolist(), pc[ranking].tolist(), ic[ranking].tolist(), strict=True):
        out[person].append(Candidate(other, k))
    return out


class RecordWeights:
    """Best weight between a prison person and each IND record it met (-inf if none)."""

    def __init__(self, scored: Scored, prison_person: IntArray, n_ind: int) -> None:
        self.width = np.int64(max(n_ind, 1))
        codes = prison_person[scored.prison] * self.width + scored.ind
        order = np.lexsort((-scored.scores.weight, codes))
        codes, weights = codes[order], scored.scores.weight[order]
        first = np.ones(len(codes), dtype=bool)
        first[1:] = codes[1:] != codes[:-1]
        self.codes, self.weights = codes[first], weights[first]

    def get(self, person: int, ind_idx: int) -> float:
        code = person * self.width + ind_idx
        pos = int(np.searchsorted(self.codes, code))
        if pos < len(self.codes) and self.codes[pos] == code:
            return float(self.weights[pos])
        return float("-inf")


@dataclass(slots=True)
class Assigner:
    scored: Scored
    ind: Sequence[IndRecord]
    ind_members: list[list[int]]  # IND person -> its record idxs
    ind_person: IntArray
    config: LinkerConfig
    record_weight: RecordWeights
    prison_rows: Sequence[int]  # spreadsheet row number of each prison idx
    compatible: frozenset[tuple[int, int]]  # IND people that may be one person

    def _group(self, usable: list[Candidate]) -> tuple[list[int], list[Candidate]]:
        """The best IND person, joined by later candidates whose records nearly agree with its
        records (they may be the same person) and that link on their own; such candidates
        below the link threshold are set aside, neither linked nor rivals. Also returns the
        candidates left over: the rivals."""
        top = usable[0].ind_person
        group = [top]
        rest: list[Candidate] = []
        for c in usable[1:]:
            if (min(c.ind_person, top), max(c.ind_person, top)) not in self.compatible:
                rest.append(c)
            elif self.scored.scores.probability[c.pair] >= self.config.link_probability:
                group.append(c.ind_person)
        return group, rest

    def decide(
        self,
        row: int,
        person: int,
        candidates: list[Candidate],
        overrides: LinkOverrides,
    ) -> LinkDecision:
        forced = sorted(i for (p, i) in overrides.same if p == row)
        if forced:
            return self._forced(row, person, forced[0], overrides)
        banned = {int(self.ind_person[i]) for (p, i) in overrides.not_same if p == row}
        usable = [c for c in candidates if c.ind_person not in banned]
        excluded = len(candidates) - len(usable)
        if not usable:
            return LinkDecision(row, LinkStatus.NONE, (), None, None, none_reason(None, self.ind, excluded))
        cfg, scored = self.config, self.scored
        group, rest = self._group(usable)
        best = scored.pair(usable[0].pair)
        runner = scored.pair(rest[0].pair) if rest else None
        gap = best.weight - runner.weight if runner else float("inf")
        ambiguous = runner is not None and gap < cfg.ambiguity_margin and (
            runner.probability >= cfg.review_probability
        )
        shown_runner = runner if runner is not None and gap < 2 * cfg.ambiguity_margin else None
        if best.probability >= cfg.link_probability and not ambiguous:
            idxs = self._ordered_records(person, group)
            via = self.prison_rows[best.prison_idx] if best.prison_idx != row else None
            reason = linked_reason(best, self.ind, len(idxs) - 1, via)
            return LinkDecision(row, LinkStatus.LINKED, idxs, best, shown_runner, reason)
        if best.probability >= cfg.review_probability or (
            ambiguous and runner is not None and runner.probability >= cfg.link_probability
        ):
            shortlist = tuple(
                scored.pair(c.pair)
                for c in [usable[0], *rest][:MAX_CANDIDATES]
                if scored.scores.probability[c.pair] >= cfg.review_probability / 2
            ) or (best,)
            reason = review_reason(best, runner, self.ind, ambiguous)
            return LinkDecision(
                row, LinkStatus.REVIEW, (), best, runner, reason, candidates=shortlist
            )
        return LinkDecision(
            row, LinkStatus.NONE, (), best, shown_runner, none_reason(best, self.ind, excluded)
        )

    def _ordered_records(self, person: int, group: list[int]) -> tuple[int, ...]:
        recs = [r for g in group for r in self.ind_members[g]]
        return tuple(
            sorted(recs, key=lambda i: (-self.record_weight.get(person, i), i))
        )

    def _forced(self, row: int, person: int, ind_idx: int, overrides: LinkOverrides) -> LinkDecision:
        target = int(self.ind_person[ind_idx])
        others = [i for i in self._ordered_records(person, [target]) if i != ind_idx]
        idxs = (ind_idx, *others)
        who = overrides.reviewer.get((row, ind_idx), "")
        rec = self.ind[ind_idx]
        reason = (
            f"Linked by a reviewer to IND case {rec.case_ref} (row {rec.prov.row})"
            + (f": {who}" if who else "")
        )
        hits = np.nonzero((self.scored.prison == row) & (self.scored.ind == ind_idx))[0]
        best = self.scored.pair(int(hits[0])) if len(hits) else None
        decided_by = f"reviewer: {who}" if who else "reviewer"
        return LinkDecision(row, LinkStatus.LINKED, idxs, best, None, reason, decided_by=decided_by)
