"""One person's IND records that the IND file's own grouping kept apart, joined through the
prisoner they both match.

The IND file's grouping (linker._within_file) joins records that agree with each other. Two
records of one person can disagree with each other more than each agrees with the prison row:
one has the full name and a placeholder birthday, the other a dropped forename and the real
date. They stay two IND people, and the assignment, which expects one IND person per
prisoner, links the prisoner to the better one only: the other record's referral or
consideration is then missing from the outcome.

A linked prison person also takes an IND person when a pair between them is, on its own
evidence, as sure as two rows of one file must be to count as one person (the dedupe
threshold), the pair has enough to be linked at all (names at least a similar spelling, or
the prison numbers), no other prisoner is linked to that IND person or takes it this way, and
it is not a close rival of the row's link (within the ambiguity margin).

Before that, a prisoner held for review between exactly two such IND people (each as sure on
its own, linkable, held by no other prisoner, the first of them the best candidate) is linked
to both when the prisoner bridges them: it agrees with one of them on the date of birth or
the prison number where the two records do not agree with each other (one has the prison
number, the other the birth date). Two look-alikes that the prisoner matches on the same
fields stay in review.

On the benchmark at 200,000 people, 251 of the 274 IND people joined to linked prisoners are
the prisoner's (bench/README.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import chain

import numpy as np
import numpy.typing as npt

from reconcile.link.aliases import without_alias
from reconcile.link.assign import NAME_LINKABLE, NUMBER_LINKABLE, Scored
from reconcile.link.compare import DOB, NAME, NUMBER, compare_many
from reconcile.link.explain import also_linked_text, bridged_reason, via_text
from reconcile.link.features import IntArray
from reconcile.link.score import probability as pair_probability
from reconcile.model import (
    IndRecord,
    LinkDecision,
    LinkOverrides,
    LinkStatus,
    PairScore,
    PrisonRecord,
)


def join_split_records(
    decisions: list[LinkDecision],
    scored: Scored,
    prison_person: IntArray,
    ind_person: IntArray,
    ind_members: Sequence[Sequence[int]],
    threshold: float,
    margin: float,
    overrides: LinkOverrides,
    prison: Sequence[PrisonRecord],
    ind: Sequence[IndRecord],
) -> tuple[list[LinkDecision], dict[str, object]]:
    """``decisions`` with each linked row's split-off IND people added (see the module's
    docstring), and what was done, for the manifest. Rows a reviewer decided, and IND people
    a reviewer ruled out for the row, are left alone; so is a rival: a candidate scoring
    within ``margin`` (the ambiguity margin) of the row's best pair, which the row was linked
    despite (through another custody episode). ``ind_members``: each IND person's record
    idxs."""
    n_ind_people = len(ind_members)
    if n_ind_people == 0 or len(scored.prison) == 0:
        return decisions, _summary(decisions, decisions, threshold)
    before = decisions
    touched = {row for row, _ in overrides.same | overrides.not_same}
    decisions = bridge_reviews(
        decisions,
        prison_person,
        ind_person,
        ind_members,
        threshold,
        touched,
        overrides,
        prison,
        ind,
    )
    linked_rows = [row for row, d in enumerate(decisions) if d.status is LinkStatus.LINKED]
    records = [decisions[row].ind_idxs for row in linked_rows]
    rows = np.asarray(linked_rows, dtype=np.int64)
    linker_linked = np.zeros(len(decisions), dtype=bool)
    linker_linked[rows] = [decisions[row].decided_by == "linker" for row in linked_rows]
    if touched:
        linker_linked[list(touched)] = False
    target = np.full(len(decisions), -1, dtype=np.int64)  # first IND person of a linked row
    target[rows] = ind_person[np.fromiter((r[0] for r in records), np.int64, len(records))]
    held = _held(records, ind_person, n_ind_people)
    pair_ind_person = ind_person[scored.ind]
    sure = np.nonzero(
        (scored.scores.probability >= threshold)
        & scored.linkable
        & linker_linked[scored.prison]
        & ~held[pair_ind_person]
    )[0]
    if len(sure) == 0:
        return decisions, _summary(before, decisions, threshold)
    banned = {(row, int(ind_person[i])) for row, i in overrides.not_same}
    # Per IND person: the prison people that take it, and the surest pair of each.
    takers: dict[int, dict[int, int]] = {}
    prob = scored.scores.probability
    for k in sure.tolist():
        row, other = int(scored.prison[k]), int(pair_ind_person[k])
        if (row, other) in banned:
            continue
        mine = takers.setdefault(other, {})
        me = int(prison_person[row])
        if me not in mine or prob[k] > prob[mine[me]]:
            mine[me] = k
    extra: dict[int, list[tuple[int, int]]] = {}  # prison person -> [(IND person, pair)]
    for other, mine in sorted(takers.items()):
        if len(mine) == 1:  # wanted by one prisoner only
            ((me, k),) = mine.items()
            extra.setdefault(me, []).append((other, k))
    if not extra:
        return decisions, _summary(before, decisions, threshold)
    out = list(decisions)
    wanted = np.zeros(int(prison_person.max()) + 1, dtype=bool)
    wanted[list(extra)] = True
    for row in np.nonzero(linker_linked & wanted[prison_person])[0].tolist():
        joins = extra[int(prison_person[row])]
        d = out[row]
        first = int(target[row])
        added = [
            (other, k)
            for other, k in joins
            if int(target[int(scored.prison[k])]) == first
            and (row, other) not in banned
            and d.best is not None
            and scored.scores.weight.item(k) <= d.best.weight - margin
        ]
        if not added:
            continue
        idxs = list(d.ind_idxs)
        reason = d.reason
        pairs = []
        for other, k in added:
            pair = replace(scored.pair(k), probability=float(prob[k]))
            best = pair.ind_idx
            theirs = [best, *(i for i in ind_members[other] if i != best)]
            idxs.extend(theirs)
            via = prison[pair.prison_idx].prov if pair.prison_idx != row else None
            reason += also_linked_text(pair, ind, len(theirs) - 1, via)
            pairs.append(pair)
        out[row] = replace(d, ind_idxs=tuple(idxs), reason=reason, also=(*d.also, *pairs))
    return out, _summary(before, out, threshold)


def _summary(
    before: Sequence[LinkDecision], after: Sequence[LinkDecision], threshold: float
) -> dict[str, object]:
    """What the manifest records: the threshold, the rows held for review now linked to two
    IND records, and the linked rows that took more IND records."""
    bridged = joined = 0
    for a, b in zip(before, after, strict=True):
        if a is b:
            continue
        if a.status is LinkStatus.REVIEW:
            bridged += 1
        else:
            joined += 1
    return {
        "own_probability_at_least": threshold,
        "rows_held_for_review_linked_to_two_records": bridged,
        "linked_rows_given_more_records": joined,
    }


def _held(
    linked: Sequence[Sequence[int]], ind_person: IntArray, n_ind_people: int
) -> npt.NDArray[np.bool_]:
    """Per IND person: whether some prisoner is linked to it (``linked``: rows' IND idxs)."""
    held = np.zeros(n_ind_people, dtype=bool)
    held[ind_person[np.fromiter(chain.from_iterable(linked), dtype=np.int64)]] = True
    return held


# The agreeing levels of the identifying fields: birth dates exact or day and month swapped
# (the levels the files' own grouping counts as agreeing), prison numbers as a link needs.
_AGREE = {
    DOB.name: frozenset(DOB.labels[:2]),
    NUMBER.name: frozenset(NUMBER.labels[: NUMBER_LINKABLE + 1]),
}


def own_probability(score: PairScore) -> float:
    """A pair's probability on its own evidence (its weight alone, no other candidate)."""
    return float(pair_probability(np.asarray([score.weight]))[0])


def _linkable(score: PairScore) -> bool:
    """As Scored.linkable: names at least a similar spelling, or the prison numbers agree."""
    levels = {f.field: f.level for f in score.fields}
    name = NAME.labels.index(without_alias(levels.get(NAME.name, "missing")))
    number = NUMBER.labels.index(levels.get(NUMBER.name, "missing"))
    return name <= NAME_LINKABLE or number <= NUMBER_LINKABLE


def _agreeing(levels: dict[str, str]) -> set[str]:
    """The identifying fields (date of birth, prison number) that agree at these levels."""
    return {f for f, ok in _AGREE.items() if without_alias(levels.get(f, "")) in ok}


def bridged_field(
    a: PairScore, b: PairScore, between: dict[str, str]
) -> tuple[str, PairScore] | None:
    """The field on which the prisoner agrees with one of two IND records while the two do
    not agree with each other (``between``: their levels, as compare_one gives them), and
    the pair that agrees on it; or None. Date of birth first, then ``a`` first."""
    common = _agreeing(between)
    for f in _AGREE:
        for pair in (a, b):
            if f not in common and f in _agreeing({c.field: c.level for c in pair.fields}):
                return f, pair
    return None


def bridge_reviews(
    decisions: list[LinkDecision],
    prison_person: IntArray,
    ind_person: IntArray,
    ind_members: Sequence[Sequence[int]],
    threshold: float,
    touched: set[int],
    overrides: LinkOverrides,
    prison: Sequence[PrisonRecord],
    ind: Sequence[IndRecord],
) -> list[LinkDecision]:
    """Rows held for review between two IND people that the prisoner shows to be one (see
    the module's docstring), linked to both."""
    review = [
        row
        for row, d in enumerate(decisions)
        if d.status is LinkStatus.REVIEW and d.decided_by == "linker" and row not in touched
    ]
    if not review:
        return decisions
    held = _held([d.ind_idxs for d in decisions], ind_person, len(ind_members))
    banned = {(row, int(ind_person[i])) for row, i in overrides.not_same}
    # Per prison person: its two sure candidates, when it has exactly two (its best first).
    pairs: dict[int, tuple[PairScore, PairScore] | None] = {}
    for row in review:
        me = int(prison_person[row])
        if me in pairs:
            continue
        pairs[me] = None
        d = decisions[row]
        sure = [
            s
            for s in d.candidates
            if own_probability(s) >= threshold
            and _linkable(s)
            and not held[ind_person[s.ind_idx]]
            and (row, int(ind_person[s.ind_idx])) not in banned
        ]
        if len(sure) == 2 and sure[0] is d.candidates[0]:
            pairs[me] = (sure[0], sure[1])
    # The two IND records of each compared with each other, all at once.
    two = [(me, ab) for me, ab in pairs.items() if ab is not None]
    between = compare_many(
        [ind[a.ind_idx] for _, (a, _) in two], [ind[b.ind_idx] for _, (_, b) in two]
    )
    # Per prison person: the two IND records' pairs, and the field and pair that bridge them.
    proposed: dict[int, tuple[PairScore, PairScore, tuple[str, PairScore]] | None] = dict.fromkeys(
        pairs
    )
    takers: dict[int, set[int]] = {}  # IND person -> the prison people proposing it
    for (me, (a, b)), levels in zip(two, between, strict=True):
        bridge = bridged_field(a, b, levels)
        if bridge is None:
            continue
        proposed[me] = (a, b, bridge)
        for s in (a, b):
            takers.setdefault(int(ind_person[s.ind_idx]), set()).add(me)
    contested = {person for person, who in takers.items() if len(who) > 1}
    out = list(decisions)
    for row in review:
        found = proposed[int(prison_person[row])]
        if found is None:
            continue
        a, b, (field, agreeing) = found
        people = (int(ind_person[a.ind_idx]), int(ind_person[b.ind_idx]))
        if contested.intersection(people):
            continue
        first = [a.ind_idx, *(i for i in ind_members[people[0]] if i != a.ind_idx)]
        second = [b.ind_idx, *(i for i in ind_members[people[1]] if i != b.ind_idx)]
        own_a = replace(a, probability=own_probability(a))
        own_b = replace(b, probability=own_probability(b))
        together = min(a.probability + b.probability, 1.0)
        others = len(first) + len(second) - 2
        reason = bridged_reason(own_a, own_b, (field, agreeing.ind_idx), together, others, ind)
        if a.prison_idx != row:
            reason += via_text(prison[a.prison_idx], prison[row])
        out[row] = replace(
            decisions[row],
            status=LinkStatus.LINKED,
            ind_idxs=(*first, *second),
            best=replace(a, probability=together),
            runner_up=None,
            reason=reason,
            candidates=(),
            also=(own_b,),
        )
    return out
