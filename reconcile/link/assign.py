"""Person-level assignment: link, needs review, or no link, for every prison row.

Candidates are compared person to person: each prison person (its custody episodes) against
each IND person (its records), scored by their best pair. Rows of one prison person therefore
reach the same decision, unless a reviewer ruled on one of them.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from reconcile.link.aliases import with_notes
from reconcile.link.claims import FIELD as CLAIM_FIELD
from reconcile.link.claims import LEVELS as CLAIM_LEVELS
from reconcile.link.claims import NOT_WEIGHED as CLAIM_NOT_WEIGHED
from reconcile.link.compare import FIELDS, FloatArray
from reconcile.link.config import LinkerConfig
from reconcile.link.explain import (
    linked_reason,
    none_reason,
    review_reason,
    score_fields,
    via_text,
)
from reconcile.link.features import IntArray
from reconcile.link.score import Scores
from reconcile.model import (
    FieldComparison,
    IndRecord,
    LinkDecision,
    LinkOverrides,
    LinkStatus,
    PairScore,
    PrisonRecord,
)

MAX_CANDIDATES = 5
NAME_LINKABLE = 7  # "similar spelling" or better
NUMBER_LINKABLE = 1  # exact, or one character different
POLICE_LINKABLE = 0  # the same PNC ID or CRO number
CANDIDATE_FLOOR = 0.001  # below this a candidate is kept only when it is a person's best
_SHOWN_KEPT = 500_000  # distinct shown fields kept at most (85,000 at 200,000 people)


@dataclass(frozen=True, slots=True)
class Scored:
    """The scored cross-file candidate pairs."""

    prison: IntArray
    ind: IntArray
    levels: npt.NDArray[np.int8]
    scores: Scores
    unweighed: tuple[int, ...] = ()  # fields switched off: always at weight 0, not shown
    # Pairs decided in the linker's second round (reconcile.link.claims): per pair the claim's
    # level (claims.LEVELS; NOT_WEIGHED elsewhere), and each level's weight, shown as one more
    # field.
    claim: npt.NDArray[np.int8] | None = None
    claim_weights: tuple[float, ...] = ()
    # Per pair: what was compared besides the records' own names and dates of birth (bits of
    # reconcile.link.aliases); None when no record gives an alias or another date of birth.
    alias: npt.NDArray[np.int8] | None = None
    # Per pair: the probability that the IND record's person is the prisoner, every other
    # candidate weighed (reconcile.link.posterior); the pair's own probability until set.
    probability: FloatArray = field(init=False)
    # Per pair: names agree at least at "similar spelling", or prison numbers agree.
    linkable: npt.NDArray[np.bool_] = field(init=False)
    # The fields as shown, by the pair's levels and shown weights (see pair): many pairs share
    # them, and the decisions ask for one pair each.
    _shown: dict[bytes, tuple[FieldComparison, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        levels = self.levels.reshape(-1, len(FIELDS))
        enough = (levels[:, 0] <= NAME_LINKABLE) | (levels[:, 2] <= NUMBER_LINKABLE)
        enough |= levels[:, 5] <= POLICE_LINKABLE
        object.__setattr__(self, "linkable", enough)
        object.__setattr__(self, "probability", self.scores.probability)
        object.__setattr__(self, "_shown", {})

    def weigh_candidates(self, probability: FloatArray) -> None:
        """Set the probabilities with every candidate weighed (one per pair)."""
        object.__setattr__(self, "probability", probability)

    def take_subset(self, at: IntArray, part: Scored) -> None:
        """In place: the pairs ``at`` weighed as ``part`` (the same pairs, in the same order)
        weighs them again; nothing is recomputed or rounded again."""
        self.scores.weight[at] = part.scores.weight
        self.scores.probability[at] = part.scores.probability
        self.probability[at] = part.probability
        if part.claim is not None:
            claim = np.full(len(self.prison), CLAIM_NOT_WEIGHED, dtype=np.int8)
            claim[at] = part.claim
            object.__setattr__(self, "claim", claim)
            object.__setattr__(self, "claim_weights", part.claim_weights)

    def pair(self, k: int) -> PairScore:
        s = self.scores  # .item(k): a Python number without a numpy scalar in between
        alias = 0 if self.alias is None else self.alias.item(k)
        key = self.levels[k].tobytes() + s.shown[k].tobytes() + bytes((alias,))
        fields = self._shown.get(key)
        if fields is None:
            if len(self._shown) >= _SHOWN_KEPT:  # weights that vary continuously: start afresh
                self._shown.clear()
            fields = score_fields(self.levels[k].tolist(), s.field_weights(k), self.unweighed)
            fields = with_notes(fields, alias)  # what reached the name's and birth's levels
            self._shown[key] = fields
        score = PairScore(
            self.prison.item(k),
            self.ind.item(k),
            round(s.weight.item(k), 3),
            self.probability.item(k),
            fields,
        )
        if self.claim is None or self.claim[k] < 0:
            return score
        level = self.claim.item(k)
        extra = FieldComparison(CLAIM_FIELD, CLAIM_LEVELS[level], self.claim_weights[level])
        return replace(score, fields=(*score.fields, extra))


def strong_pairs(scored: Scored, prison_person: IntArray) -> IntArray:
    """Indexes of the pairs worth ranking: probability at least CANDIDATE_FLOOR, or the best
    pair of its prison person."""
    if len(scored.prison) == 0:
        return np.zeros(0, dtype=np.int64)
    pc, w = prison_person[scored.prison], scored.scores.weight
    best = np.full(int(prison_person.max()) + 1, -np.inf)
    np.maximum.at(best, pc, w)
    return np.nonzero((scored.scores.probability >= CANDIDATE_FLOOR) | (w >= best[pc]))[0]


class Ranking:
    """For each prison person, the IND people it met in a strong pair (see strong_pairs),
    best first, each with the index of the best pair between the two people."""

    def __init__(
        self, scored: Scored, prison_person: IntArray, ind_person: IntArray, keep: IntArray
    ) -> None:
        n_people = int(prison_person.max()) + 1 if len(prison_person) else 0
        self.start = np.zeros(n_people + 1, dtype=np.int64)
        self.pair = np.zeros(0, dtype=np.int64)
        self.other = np.zeros(0, dtype=np.int64)
        if len(keep) == 0:
            return
        pc = np.zeros(len(scored.prison), dtype=np.int64)
        ic = np.zeros(len(scored.prison), dtype=np.int64)
        pc[keep], ic[keep] = prison_person[scored.prison[keep]], ind_person[scored.ind[keep]]
        w = scored.scores.weight
        # Sorted by prison person, IND person, weight (heaviest first), prison row, IND record:
        # each pair of keys that sort together joined into one code, one sort fewer each.
        people = pc[keep] * np.int64(int(ic.max()) + 1) + ic[keep]
        rows = scored.prison[keep] * np.int64(int(scored.ind.max()) + 1) + scored.ind[keep]
        order = keep[np.lexsort((rows, -w[keep], people))]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (pc[order][1:] != pc[order][:-1]) | (ic[order][1:] != ic[order][:-1])
        best = order[first]
        ranked = best[np.lexsort((ic[best], -w[best], pc[best]))]
        self.pair, self.other = ranked, ic[ranked]
        counts = np.bincount(pc[ranked], minlength=n_people)
        self.start[1:] = np.cumsum(counts)

    def of(self, person: int) -> list[tuple[int, int]]:
        """[(IND person, pair index)] best first."""
        a, b = self.start.item(person), self.start.item(person + 1)
        return list(zip(self.other[a:b].tolist(), self.pair[a:b].tolist(), strict=True))


class RecordWeights:
    """Best weight between a prison person and each IND record it met (-inf if none)."""

    def __init__(self, scored: Scored, prison_person: IntArray, n_ind: int, keep: IntArray) -> None:
        self.width = np.int64(max(n_ind, 1))
        codes = prison_person[scored.prison[keep]] * self.width + scored.ind[keep]
        order = np.lexsort((-scored.scores.weight[keep], codes))
        codes, weights = codes[order], scored.scores.weight[keep][order]
        first = np.ones(len(codes), dtype=bool)
        first[1:] = codes[1:] != codes[:-1]
        self.codes, self.weights = codes[first], weights[first]

    def get(self, person: int, ind_idx: int) -> float:
        return self.get_many(person, [ind_idx])[0]

    def get_many(self, person: int, ind_idxs: Sequence[int]) -> list[float]:
        """get(person, i) for each i, in one search."""
        codes = np.asarray(ind_idxs, dtype=np.int64) + person * self.width
        pos = np.minimum(np.searchsorted(self.codes, codes), max(len(self.codes) - 1, 0))
        if len(self.codes) == 0:
            return [float("-inf")] * len(codes)
        found = self.codes[pos] == codes
        return np.where(found, self.weights[pos], -np.inf).tolist()


@dataclass(slots=True)
class Assigner:
    scored: Scored
    ind: Sequence[IndRecord]
    ind_members: list[list[int]]  # IND person -> its record idxs
    ind_person: IntArray
    config: LinkerConfig
    record_weight: RecordWeights
    prison: Sequence[PrisonRecord]
    compatible: Container[tuple[int, int]]  # IND people that may be one person

    def _together(self, usable: list[tuple[int, int]], scale: float) -> tuple[float, int]:
        """The probability that the person is one of the few best candidates with enough
        evidence to be linked (a reviewer can tell them apart), and how many they are."""
        linkable = [pair for _, pair in usable if self._enough(pair)][:MAX_CANDIDATES]
        chance = sum(self.scored.probability.item(pair) for pair in linkable) * scale
        return min(chance, 1.0), len(linkable)

    def _weighed(self, pair: int, scale: float) -> PairScore:
        """The pair's score, its probability rescaled (see decide)."""
        score = self.scored.pair(pair)
        if scale == 1.0:
            return score
        return replace(score, probability=min(score.probability * scale, 1.0))

    def _enough(self, pair: int) -> bool:
        """A link needs the names to agree at least at "similar spelling", or the prison
        numbers to agree: a date of birth and a shared word never link on their own."""
        return bool(self.scored.linkable[pair])

    def _group(self, usable: list[tuple[int, int]]) -> tuple[list[int], list[tuple[int, int]]]:
        """The best IND person, joined by later candidates whose records nearly agree with its
        records (they may be the same person) and that score at least in the review band.
        Also returns the rivals: other candidates with enough evidence to be linked at all
        (a shared date of birth and one shared word is not a rival)."""
        top = usable[0][0]
        group = [top]
        rivals: list[tuple[int, int]] = []
        prob = self.scored.scores.probability
        for other, pair in usable[1:]:
            if (min(other, top), max(other, top)) not in self.compatible:
                if self._enough(pair):
                    rivals.append((other, pair))
            elif prob[pair] >= self.config.review_probability:
                group.append(other)
        return group, rivals

    def decide(
        self, row: int, person: int, candidates: list[tuple[int, int]], overrides: LinkOverrides
    ) -> LinkDecision:
        if overrides.same:
            forced = sorted(i for (p, i) in overrides.same if p == row)
            if forced:
                return self._forced(row, person, forced[0], overrides)
        banned = (
            {int(self.ind_person[i]) for (p, i) in overrides.not_same if p == row}
            if overrides.not_same
            else None
        )
        usable = [c for c in candidates if c[0] not in banned] if banned else candidates
        excluded = len(candidates) - len(usable)
        ruled = [
            (i, overrides.reviewer.get((p, i), ""))
            for (p, i) in sorted(overrides.not_same)
            if banned and p == row
        ]
        ruled_out = tuple(i for i, _ in ruled)
        if not usable:
            reason = none_reason(None, self.ind, ruled, self.scored.unweighed)
            return LinkDecision(row, LinkStatus.NONE, (), None, None, reason, ruled_out=ruled_out)
        cfg, scored = self.config, self.scored
        # Candidates a reviewer ruled out are weighed as if they had never been candidates:
        # the others' probabilities share what they held (posterior: the same weights over a
        # smaller sum).
        scale = 1.0
        if excluded:
            assert banned is not None
            held = sum(scored.probability.item(k) for o, k in candidates if o in banned)
            scale = 1.0 / max(1.0 - held, 1e-12)
        weight, prob = scored.scores.weight, scored.scores.probability
        # A candidate without enough evidence to be linked never stands in front of one that
        # has it: the first linkable candidate leads.
        linkable = scored.linkable
        lead = next((c for c in usable if linkable.item(c[1])), usable[0])
        if lead is not usable[0]:
            usable = [lead, *(c for c in usable if c is not lead)]
        group, rivals = self._group(usable)
        top_pair = usable[0][1]
        best = self._weighed(top_pair, scale)
        if len(group) > 1:  # people that may be one: the chance that it is any of them
            members = set(group)
            chance = sum(scored.probability.item(p) for o, p in usable if o in members) * scale
            best = replace(best, probability=min(chance, 1.0))
        rival = rivals[0][1] if rivals else None
        gap = float(weight[top_pair] - weight[rival]) if rival is not None else float("inf")
        ambiguous = (
            rival is not None
            and gap < cfg.ambiguity_margin
            and (prob[rival] >= cfg.review_probability)
        )
        runner = (
            self._weighed(rival, scale)
            if rival is not None and gap < 2 * cfg.ambiguity_margin
            else None
        )
        if best.probability >= cfg.link_probability and not ambiguous and self._enough(top_pair):
            idxs = self._ordered_records(person, group)
            through = best.prison_idx
            via = via_text(self.prison[through], self.prison[row]) if through != row else ""
            reason = linked_reason(best, self.ind, len(idxs) - 1, via)
            return LinkDecision(
                row, LinkStatus.LINKED, idxs, best, runner, reason, ruled_out=ruled_out
            )
        likely = best.probability >= cfg.review_probability and self._enough(top_pair)
        together, n_together = self._together(usable, scale)
        someone = together >= cfg.review_probability and n_together > 1
        if likely or ambiguous or someone:
            shortlist = tuple(
                self._weighed(pair, scale)
                for _, pair in [usable[0], *rivals][:MAX_CANDIDATES]
                if pair == top_pair or prob[pair] >= cfg.review_probability / 2
            )
            split = (together, n_together) if someone and not likely else None
            reason = review_reason(best, runner, self.ind, ambiguous, split)
            return LinkDecision(
                row,
                LinkStatus.REVIEW,
                (),
                best,
                runner,
                reason,
                candidates=shortlist,
                ruled_out=ruled_out,
            )
        reason = none_reason(best, self.ind, ruled)
        return LinkDecision(row, LinkStatus.NONE, (), best, runner, reason, ruled_out=ruled_out)

    def _ordered_records(self, person: int, group: list[int]) -> tuple[int, ...]:
        if len(group) == 1:
            recs = self.ind_members[group[0]]
        else:
            recs = [r for g in group for r in self.ind_members[g]]
        if len(recs) == 1:
            return (recs[0],)
        weights = self.record_weight.get_many(person, recs)
        return tuple(i for _, i in sorted(zip([-w for w in weights], recs, strict=True)))

    def _forced(
        self, row: int, person: int, ind_idx: int, overrides: LinkOverrides
    ) -> LinkDecision:
        target = int(self.ind_person[ind_idx])
        others = [i for i in self._ordered_records(person, [target]) if i != ind_idx]
        idxs = (ind_idx, *others)
        who = overrides.reviewer.get((row, ind_idx), "")
        rec = self.ind[ind_idx]
        reason = f"Linked by a reviewer to IND case {rec.case_ref} ({rec.prov.ref})" + (
            f": {who}" if who else ""
        )
        hits = np.nonzero((self.scored.prison == row) & (self.scored.ind == ind_idx))[0]
        best = self.scored.pair(int(hits[0])) if len(hits) else None
        decided_by = f"reviewer: {who}" if who else "reviewer"
        return LinkDecision(row, LinkStatus.LINKED, idxs, best, None, reason, decided_by=decided_by)
