"""classify: one outcome per prison row, with the rule that decided it and the reason in words.

In order: insufficient data when the release date is missing or unreadable; not released when
the release date is after the as-of date; out of scope or undecided under the policy; then,
for rows in scope, the link decision and the IND records' dates. classify reads the links and
never changes them, so a change of policy changes only scope and outcomes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import partial

import numpy as np

from reconcile.errors import IntegrityError
from reconcile.forked import alongside, room_to_fork
from reconcile.link.cluster import members as rows_of_each
from reconcile.model import (
    FAILURE_OUTCOMES,
    Classification,
    IndRecord,
    LinkDecision,
    LinkResult,
    LinkStatus,
    Outcome,
    PairScore,
    PrisonRecord,
)
from reconcile.rules.outcome import Decided, Earlier, day, decide_outcome
from reconcile.rules.policy import Policy
from reconcile.rules.s7 import CHECK
from reconcile.rules.scope import decide_scope
from reconcile.rules.sentence import episodes_by_person

# Rows from which the last two in five are classified in a forked child (reconcile.forked):
# the child's outcomes come back pickled, about 2 microseconds an outcome against about 10 to
# decide it, so the child takes the smaller share and ends about when this process does.
TWO_CORES_FROM = 20_000


def _release_problem(rec: PrisonRecord) -> str:
    raw = rec.unreadable.get("release_date")
    if raw is not None:
        return f"release date could not be read ({raw!r})"
    return "release date missing"


def classify_row(
    rec: PrisonRecord,
    ind: Sequence[IndRecord],
    links: LinkResult,
    policy: Policy,
    as_of: date,
    same_person: Sequence[PrisonRecord],
    members: dict[int, list[int]] | None = None,
) -> Classification:
    """The outcome of one prison row; ``members``: ind_members(links), when known already."""
    label = policy.label
    release = rec.release_date
    if release is None:
        reason = (
            f"Scope cannot be decided under policy {label}: {_release_problem(rec)}; "
            f"{'correct' if 'release_date' in rec.unreadable else 'add'} the release date in "
            "the prison extract and run again."
        )
        return Classification(
            rec.idx, Outcome.INSUFFICIENT_DATA, reason, "insufficient.release_date", label, None
        )
    if release > as_of:
        reason = (
            f"Not released by the as-of date {day(as_of)} (release date "
            f"{day(release)}), so not classified under policy {label}."
        )
        return Classification(
            rec.idx, Outcome.NOT_RELEASED, reason, "outcome.not_released", label, None
        )
    scope = decide_scope(rec, release, policy, same_person)
    if scope.in_scope is None:
        return Classification(
            rec.idx, Outcome.INSUFFICIENT_DATA, scope.why + ".", scope.rule, label, None
        )
    if not scope.in_scope:
        return Classification(
            rec.idx, Outcome.OUT_OF_SCOPE, scope.why + ".", scope.rule, label, False
        )
    decision = links.decisions[rec.idx]
    candidates: list[list[IndRecord]] = []
    together = 0.0
    if decision.status is LinkStatus.REVIEW:
        people = members if members is not None else ind_members(links)
        candidates = candidate_records(decision, links, people, ind)
        together = together_probability(decision, links)
    decided = decide_outcome(
        decision,
        ind,
        release,
        policy.deadline_days,
        candidates,
        together,
        link_threshold(links),
        searchable=bool(rec.surname or rec.forenames or rec.prison_number),
        as_of=as_of,
        earlier=None if policy.earlier_custody_counts else _earlier(rec, release, same_person),
    )
    if decided.outcome is Outcome.CONSIDERED_BEFORE_RELEASE and policy.earlier_custody_counts:
        deadline = release - timedelta(days=policy.deadline_days)
        decided = _earlier_custody(decided, decision, ind, rec, deadline, same_person)
    elif decided.outcome in _AFTER_RELEASE and len(same_person) > 1:
        decided = _later_custody(decided, decision, ind, rec, same_person)
    reason = f"In scope under policy {label} ({scope.why}): {scope.subject}; {decided.text}."
    if scope.caveat:
        reason += f" {scope.caveat}{_counting(scope.caveat, decided.outcome)}."
    return Classification(
        rec.idx, decided.outcome, reason, f"{scope.rule}/{decided.rule}", label, True
    )


def _counting(caveat: str, outcome: Outcome) -> str:
    """How a caveat asking a check before the row is counted ends: " a failure", or, for a row
    not a failure, " in scope" (the check bears on scope)."""
    if not caveat.endswith(CHECK):
        return ""
    return " a failure" if outcome in FAILURE_OUTCOMES else " in scope"


def _previous(
    rec: PrisonRecord, release: date, same_person: Sequence[PrisonRecord]
) -> PrisonRecord | None:
    """The same person's previous release (the latest before this row's), if any."""
    earlier = [
        r for r in same_person if r.idx != rec.idx and r.release_date and r.release_date < release
    ]
    return max(earlier, key=lambda r: (r.release_date, r.idx)) if earlier else None


def _earlier(
    rec: PrisonRecord, release: date, same_person: Sequence[PrisonRecord]
) -> Earlier | None:
    last = _previous(rec, release, same_person)
    if last is None or last.release_date is None:
        return None
    return Earlier(last.release_date, last.prov.ref)


def _earlier_custody(
    decided: Decided,
    decision: LinkDecision,
    ind: Sequence[IndRecord],
    rec: PrisonRecord,
    deadline: date,
    same_person: Sequence[PrisonRecord],
) -> Decided:
    """A consideration counts whenever it is dated by the deadline (the release date, or N
    days before it); when every such consideration is dated on or before the same person's
    previous release (another custody episode), the reason says it may concern that
    custody, for the auditor to check. The outcome stands."""
    release = rec.release_date
    assert release is not None
    last = _previous(rec, release, same_person)
    if last is None or not decision.ind_idxs:
        return decided
    before = last.release_date
    assert before is not None
    dates = [ind[i].considered_date for i in decision.ind_idxs]
    in_time = [d for d in dates if d is not None and d <= deadline]
    if not in_time or max(in_time) > before:
        return decided
    note = (
        f"; but every consideration is dated on or before this person's previous release, on "
        f"{day(before)} (prison {last.prov.ref}), so it may concern that custody, not "
        "this one: check the IND file"
    )
    return Decided(decided.outcome, decided.rule, decided.text + note)


# The outcomes an IND date after the release decides: the consideration, or the referral.
_AFTER_RELEASE = {
    Outcome.CONSIDERED_AFTER_RELEASE: ("consideration", "considered_date"),
    Outcome.REFERRED_NOT_CONSIDERED: ("referral", "referral_date"),
}


def _later_custody(
    decided: Decided,
    decision: LinkDecision,
    ind: Sequence[IndRecord],
    rec: PrisonRecord,
    same_person: Sequence[PrisonRecord],
) -> Decided:
    """A consideration (or referral) after the release counts as after it, whenever it is
    dated; when the earliest is dated on or after the same person's next sentence (another
    custody episode), the reason says it may concern that custody, not this release, for the
    auditor to check. The outcome stands: this release was not considered before it."""
    release = rec.release_date
    assert release is not None
    later = [r for r in same_person if r.sentence_start is not None and r.sentence_start > release]
    if not later or not decision.ind_idxs:
        return decided
    nxt = min(later, key=lambda r: (r.sentence_start, r.idx))
    which, attr = _AFTER_RELEASE[decided.outcome]
    dates = [d for i in decision.ind_idxs if (d := getattr(ind[i], attr)) is not None]
    start = nxt.sentence_start
    assert start is not None
    if not dates or min(dates) < start:
        return decided
    note = (
        f"; the {which} is dated during this person's later custody (prison {nxt.prov.ref}, "
        f"sentenced {day(start)}), so it may concern that custody, not this release: check "
        "the IND file"
    )
    return Decided(decided.outcome, decided.rule, decided.text + note)


def _check_links(prison: Sequence[PrisonRecord], links: LinkResult) -> None:
    problems = []
    if len(links.decisions) != len(prison) or len(links.prison_person) != len(prison):
        problems.append(
            f"{len(prison)} prison rows but {len(links.decisions)} link decisions "
            f"and {len(links.prison_person)} person ids"
        )
    elif any(rec.idx != i or links.decisions[i].prison_idx != i for i, rec in enumerate(prison)):
        problems.append("prison rows and link decisions are not in the same order")
    if problems:
        raise IntegrityError(
            "cannot classify: "
            + "; ".join(problems)
            + ". This is a fault in reconcile; please report it."
        )


def classify(
    prison: list[PrisonRecord],
    ind: list[IndRecord],
    links: LinkResult,
    policy: Policy,
    as_of: date,
) -> list[Classification]:
    """One Classification per prison row, in idx order. On large files the last rows are
    classified in a forked child while this process classifies the others (every row's
    outcome rests on its own person's rows and links only, so the result is the same)."""
    _check_links(prison, links)
    people = episodes_by_person(prison, links.prison_person)
    members = ind_members(links)
    person = links.prison_person

    def rows(part: Sequence[PrisonRecord]) -> list[Classification]:
        return [
            classify_row(rec, ind, links, policy, as_of, people[person[rec.idx]], members)
            for rec in part
        ]

    if len(prison) < TWO_CORES_FROM or not room_to_fork():
        return rows(prison)
    cut = len(prison) - len(prison) * 2 // 5  # the child's share (see TWO_CORES_FROM)
    first, later = alongside(partial(rows, prison[:cut]), partial(rows, prison[cut:]), "outcomes")
    return first + later


def candidate_records(
    decision: LinkDecision,
    links: LinkResult,
    members: dict[int, list[int]],
    ind: Sequence[IndRecord],
) -> list[list[IndRecord]]:
    """The IND records of each person among a decision's candidates (its best first);
    ``members``: ind_members(links)."""
    return [[ind[k] for k in members[q]] for q in candidate_people(decision, links)]


def candidate_people(decision: LinkDecision, links: LinkResult) -> list[int]:
    """The IND persons among a decision's candidates, its best first."""
    return list(dict.fromkeys(links.ind_person[c.ind_idx] for c in _shortlist(decision)))


def _shortlist(decision: LinkDecision) -> tuple[PairScore, ...]:
    return (*((decision.best,) if decision.best else ()), *decision.candidates)


def together_probability(decision: LinkDecision, links: LinkResult) -> float:
    """The probability that a row needing review is one of its candidates' persons: their
    probabilities (each with every other candidate weighed) added up, one per person."""
    best: dict[int, float] = {}
    for c in _shortlist(decision):
        person = links.ind_person[c.ind_idx]
        best[person] = max(best.get(person, 0.0), c.probability)
    return min(sum(best.values()), 1.0)


def link_threshold(links: LinkResult) -> float:
    """How sure the linker had to be to link (its [linker] link_probability); infinite (no
    probability reaches it) when the result does not say."""
    thresholds = links.parameters.get("thresholds")
    value = thresholds.get("link_probability") if isinstance(thresholds, dict) else None
    return float(value) if isinstance(value, int | float) else math.inf


def ind_members(links: LinkResult) -> dict[int, list[int]]:
    """Each IND person's record idxs, ascending."""
    person = links.ind_person
    return {person[rows[0]]: rows for rows in rows_of_each(np.asarray(person, dtype=np.int64))}


# A share of the rows with a release date "not released" above which the as-of date itself is
# more likely wrong (a typed 1996 for 2006) than the extract a list of people still held: an
# extract of discharges has its release dates before the audit's day.
NOT_RELEASED_SHARE = 0.5
NOT_RELEASED_MIN = 20


def as_of_note(
    prison: Sequence[PrisonRecord],
    classifications: Sequence[Classification],
    as_of: date,
    origin: str = "",
) -> list[str]:
    """A note when most of the prison rows with a release date were released after the
    audit's as-of date: each is "Not released" and judged no further, which is right for a
    list of people still held and wrong for a list of discharges with a mistyped date.
    ``origin``: where the as-of date was given, as messages name it."""
    not_released = sum(c.outcome is Outcome.NOT_RELEASED for c in classifications)
    dated = sum(r.release_date is not None for r in prison)
    if not_released < NOT_RELEASED_MIN or not_released <= NOT_RELEASED_SHARE * dated:
        return []
    where = f" ({origin})" if origin else ""
    return [
        f"{not_released:,} of the {dated:,} prison rows with a release date "
        f"({not_released / dated:.0%}) were released after the audit's as-of date {day(as_of)}"
        f"{where}: each is Not released, and neither scope nor referral is judged for it. If "
        "the prison extract lists people already released by then, check the as-of date and "
        "run again."
    ]


# Release dates this long after the newest referral, consideration or sentence date in the
# extracts suggest dates planned when the extracts were taken, not releases.
PLANNED_AFTER = timedelta(days=31)
PLANNED_SHARE = 0.05  # of the rows with a release date; or NOT_RELEASED_MIN rows


def _newest(dates: Iterable[date | None], as_of: date) -> date | None:
    """The latest of ``dates`` on or before the as-of date (a later one is a slip)."""
    return max((d for d in dates if d is not None and d <= as_of), default=None)


def _released_between(prison: Sequence[PrisonRecord], after: date, until: date) -> int | None:
    """How many release dates fall after ``after`` and on or before ``until``; None when too
    few to be worth a note (fewer than NOT_RELEASED_MIN and than PLANNED_SHARE of the rows
    with a release date)."""
    released = [r.release_date for r in prison if r.release_date is not None]
    count = sum(after < d <= until for d in released)
    if not count or (count < NOT_RELEASED_MIN and count < PLANNED_SHARE * len(released)):
        return None
    return count


def planned_release_note(
    prison: Sequence[PrisonRecord],
    ind: Sequence[IndRecord],
    as_of: date,
    origin: str = "",
) -> list[str]:
    """A note when many release dates on or before the as-of date come more than a month after
    the newest referral, consideration or sentence date in the extracts: the extracts were
    most likely taken about that day, so those dates were planned releases then, yet the run
    judges each as a release (a run given no as-of date takes today's). ``origin``: where the
    as-of date was given, as messages name it."""
    activity = [r.sentence_start for r in prison]
    activity += [r.referral_date for r in ind]
    activity += [r.considered_date for r in ind]
    newest = _newest(activity, as_of)
    planned = None if newest is None else _released_between(prison, newest + PLANNED_AFTER, as_of)
    if newest is None or planned is None:
        return []
    where = f" ({origin})" if origin else ""
    rows = "prison row has a release date" if planned == 1 else "prison rows have release dates"
    return [
        f"{planned:,} {rows} more than a month after {day(newest)}, the newest referral, "
        f"consideration or sentence date in the extracts, and on or before the audit's as-of "
        f"date {day(as_of)}{where}: each is judged as a release. If the extracts were taken "
        f"about {day(newest)}, those were releases planned then, not releases: give the day "
        "the extracts were taken as the as-of date (--as-of, or [audit] as_of in the config "
        "file) and run again."
    ]


def ind_extract_end_note(
    prison: Sequence[PrisonRecord], ind: Sequence[IndRecord], as_of: date
) -> list[str]:
    """A note when the IND extract looks older than the prison extract: its newest referral
    or consideration date more than a month before the prison extract's newest sentence date,
    and many rows released between the two. Those releases are judged against IND records
    that end before them, and a referral or consideration made after the IND extract was
    taken cannot be in it."""
    newest_ind = _newest([r.referral_date for r in ind] + [r.considered_date for r in ind], as_of)
    newest_prison = _newest((r.sentence_start for r in prison), as_of)
    if newest_ind is None or newest_prison is None:
        return []
    after = newest_ind + PLANNED_AFTER
    if newest_prison <= after:
        return []
    late = _released_between(prison, after, min(as_of, newest_prison + PLANNED_AFTER))
    if late is None:
        return []
    rows = "prison row released" if late == 1 else "prison rows released"
    return [
        f"The IND extract's newest referral or consideration date is {day(newest_ind)}, more "
        f"than a month before the prison extract's newest sentence date, {day(newest_prison)}"
        f": if the IND extract was taken about {day(newest_ind)}, it cannot hold a referral or "
        f"consideration made after that day, and {late:,} {rows} more than a month after it "
        "may be listed as never referred or not considered for want of them. Use an IND "
        "extract taken no earlier than the prison extract, or give the IND extract's day as "
        "the as-of date (--as-of, or [audit] as_of in the config file) to judge only the "
        "releases it covers."
    ]
