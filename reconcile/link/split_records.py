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
the prison numbers), and no other prisoner is linked to that IND person or takes it this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import chain

import numpy as np

from reconcile.link.assign import Scored
from reconcile.link.explain import also_linked_text
from reconcile.link.features import IntArray
from reconcile.model import IndRecord, LinkDecision, LinkOverrides, LinkStatus, PrisonRecord


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
) -> list[LinkDecision]:
    """``decisions`` with each linked row's split-off IND people added (see the module's
    docstring). Rows a reviewer decided, and IND people a reviewer ruled out for the row,
    are left alone; so is a rival: a candidate scoring within ``margin`` (the ambiguity
    margin) of the row's best pair, which the row was linked despite (through another custody
    episode). ``ind_members``: each IND person's record idxs."""
    n_ind_people = len(ind_members)
    if n_ind_people == 0 or len(scored.prison) == 0:
        return decisions
    touched = {row for row, _ in overrides.same | overrides.not_same}
    linked_rows = [row for row, d in enumerate(decisions) if d.status is LinkStatus.LINKED]
    records = [decisions[row].ind_idxs for row in linked_rows]
    rows = np.asarray(linked_rows, dtype=np.int64)
    linker_linked = np.zeros(len(decisions), dtype=bool)
    linker_linked[rows] = [decisions[row].decided_by == "linker" for row in linked_rows]
    if touched:
        linker_linked[list(touched)] = False
    target = np.full(len(decisions), -1, dtype=np.int64)  # first IND person of a linked row
    target[rows] = ind_person[np.fromiter((r[0] for r in records), np.int64, len(records))]
    held = np.zeros(n_ind_people, dtype=bool)  # some prisoner is linked to the IND person
    held[ind_person[np.fromiter(chain.from_iterable(records), dtype=np.int64)]] = True
    pair_ind_person = ind_person[scored.ind]
    sure = np.nonzero(
        (scored.scores.probability >= threshold)
        & scored.linkable
        & linker_linked[scored.prison]
        & ~held[pair_ind_person]
    )[0]
    if len(sure) == 0:
        return decisions
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
    out = list(decisions)
    if not extra:
        return decisions
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
            via = prison[pair.prison_idx].prov.row if pair.prison_idx != row else None
            reason += also_linked_text(pair, ind, len(theirs) - 1, via)
            pairs.append(pair)
        out[row] = replace(d, ind_idxs=tuple(idxs), reason=reason, also=(*d.also, *pairs))
    return out
