"""The outcome of an in-scope row, from the link decision and the IND records' timestamps.

Considered before release when any linked record was considered on or before the deadline
(the release date, or N days before it); considered after release when all considerations
are later; referred, not considered when there is a referral date but no consideration date;
never referred when no linked record has a referral date, or no IND record was found.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from reconcile.model import IndRecord, LinkDecision, LinkStatus, Outcome
from reconcile.normalise.flags import states_a_decision


@lru_cache(maxsize=1 << 16)  # dates repeat: a few thousand distinct ones in 200,000 rows
def day(value: date) -> str:
    """A date as reasons give it, day first as the workbook and the evidence PDF show dates:
    14/07/2005."""
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Decided:
    outcome: Outcome
    rule: str
    text: str


def _when(day: date, release: date) -> str:
    if day < release:
        return "before release"
    return "on the release date" if day == release else "after release"


def _unreadable(records: Sequence[IndRecord]) -> str:
    """IND dates that could not be read, so a reader knows the outcome may understate them."""
    notes = []
    for rec in records:
        if not rec.unreadable:  # most records: nothing to say
            continue
        for fld, words in (("referral_date", "referral"), ("considered_date", "consideration")):
            raw = rec.unreadable.get(fld)
            if raw is not None:
                notes.append(f"{_case(rec)}: {words} date could not be read ({raw!r})")
    return "; " + "; ".join(notes) if notes else ""


def _unread_cases(records: Sequence[IndRecord], field: str) -> str:
    """ "IND case B1234567 ('Yes'), ...": each record and the value of ``field`` it could not
    read."""
    return ", ".join(f"{_case(r)} ({r.unreadable[field]!r})" for r in records)


def _case(rec: IndRecord) -> str:
    """An IND record as a reason names it: "IND case B1234567", or, in an extract without case
    references, "the IND record at row 12" (its row in the IND extract)."""
    return f"IND case {rec.case_ref}" if rec.case_ref else f"the IND record at {rec.prov.ref}"


def _ref(rec: IndRecord) -> str:
    """An IND record in a list of them: its case reference, else "IND row 12"."""
    return rec.case_ref or f"IND {rec.prov.ref}"


def _considered(considered: list[date], release: date, deadline: date, days: int) -> Decided:
    in_time = [d for d in considered if d <= deadline]
    if in_time:
        first = in_time[0]
        if days:
            when = f"at least {days} days before release; deadline {day(deadline)}"
        else:
            when = _when(first, release)
        return Decided(
            Outcome.CONSIDERED_BEFORE_RELEASE,
            "outcome.considered_before_release",
            f"considered {day(first)} ({when})",
        )
    first = considered[0]
    if first <= release:
        when = f"less than {days} days before release; deadline {day(deadline)}"
    else:
        when = "after release"
    return Decided(
        Outcome.CONSIDERED_AFTER_RELEASE,
        "outcome.considered_after_release",
        f"considered {day(first)} ({when})",
    )


def _decided_undated(rec: IndRecord) -> bool:
    """A decision recorded ("Deport") without a consideration date, nor one unreadable."""
    return (
        rec.considered_date is None
        and bool(rec.decision)
        and "considered_date" not in rec.unreadable
        and states_a_decision(rec.decision)
    )


def decided_by(decision: LinkDecision) -> str:
    """Who decided a link, as the evidence PDF says it: "the linker", "a reviewer (J. Smith:
    note)" for decided_by "reviewer: J. Smith: note"."""
    who = decision.decided_by
    if who == "linker":
        return "the linker"
    if who.startswith("reviewer"):
        named = who.removeprefix("reviewer").lstrip(": ")
        return f"a reviewer ({named})" if named else "a reviewer"
    return who


def after_as_of(records: Sequence[IndRecord], as_of: date | None) -> str:
    """A note naming the referrals and considerations dated after the as-of date. They count:
    the as-of date decides who had been released, and the extracts record what IND did to
    the day they were taken; the note lets a reader see which dates lie beyond the audit's."""
    if as_of is None:
        return ""
    notes = []
    for rec in records:
        if rec.referral_date is not None and rec.referral_date > as_of:
            notes.append(f"the referral of {day(rec.referral_date)} ({_case(rec)})")
        if rec.considered_date is not None and rec.considered_date > as_of:
            notes.append(f"the consideration of {day(rec.considered_date)} ({_case(rec)})")
    if not notes:
        return ""
    return f"; dated after the as-of date {day(as_of)}: " + ", ".join(notes)


def no_candidate_referred(candidates: Sequence[Sequence[IndRecord]]) -> bool:
    """Whether none of the candidates' IND records shows a referral or a consideration, nor
    a date of either that could not be read, nor a decision without its date: then the
    outcome of a row whose link needs review is "never referred" whichever candidate, or
    none, is the person."""
    records = [rec for person in candidates for rec in person]
    return bool(records) and not any(
        rec.referral_date is not None
        or rec.considered_date is not None
        or "referral_date" in rec.unreadable
        or "considered_date" in rec.unreadable
        or _decided_undated(rec)
        for rec in records
    )


def same_whichever(
    candidates: Sequence[Sequence[IndRecord]],
    release: date,
    deadline_days: int,
    earlier: Earlier | None = None,
) -> Decided | None:
    """The outcome every candidate's IND records give, if they all give the same one."""
    decided = [
        from_records(person, release, deadline_days, earlier=earlier) for person in candidates
    ]
    if not decided or any(d.outcome is not decided[0].outcome for d in decided[1:]):
        return None
    return decided[0]


def decide_outcome(
    decision: LinkDecision,
    ind: Sequence[IndRecord],
    release: date,
    deadline_days: int,
    candidates: Sequence[Sequence[IndRecord]] = (),
    together: float = 0.0,
    link_probability: float = math.inf,
    searchable: bool = True,
    as_of: date | None = None,
    earlier: Earlier | None = None,
) -> Decided:
    """The outcome of an in-scope released row; for a link that needs review, ``candidates``:
    the IND records of each candidate person, ``together``: the probability that the person
    is one of them, and ``link_probability``: how sure a link must be. ``searchable``: the
    row has a name or a prison number to look for. ``as_of``: IND dates after it are named
    in the reason (``after_as_of``). ``earlier``: the same person's previous release, when
    the policy does not count the IND dates on or before it (see from_records)."""
    if decision.status is LinkStatus.REVIEW:
        why = decision.reason.strip().rstrip(".")
        if why.lower().startswith("needs review"):
            why = why[len("needs review") :].lstrip(" :-")
        named = (_ref(rec) for person in candidates for rec in person)
        refs = ", ".join(dict.fromkeys(named))
        if no_candidate_referred(candidates):
            return Decided(
                Outcome.NEVER_REFERRED,
                "outcome.never_referred_any_candidate",
                "never referred: the link to the IND records needs review"
                + (f" ({why})" if why else "")
                + f", but none of the candidate IND records ({refs}) has a referral date, so "
                "the outcome is the same whichever of them, or none, is this person",
            )
        sure = together >= link_probability
        same = same_whichever(candidates, release, deadline_days, earlier) if sure else None
        if same is not None:
            return Decided(
                same.outcome,
                "outcome.same_whichever_candidate",
                f"{same.text}; the link to the IND records needs review"
                + (f" ({why})" if why else "")
                + f", but this person is one of the candidates ({refs}) with probability "
                f"{min(together, 0.9999):.4f}, and each of them gives this outcome",
            )
        return Decided(
            Outcome.NEEDS_REVIEW,
            "outcome.needs_review",
            "the link to the IND records needs review"
            + (f": {why}" if why else "")
            + "; decide it on the workbook's Needs review sheet",
        )
    if decision.status is LinkStatus.NONE or not decision.ind_idxs:
        if not searchable:
            # Nothing to look for: that no IND record was found says nothing.
            return Decided(
                Outcome.NEEDS_REVIEW,
                "outcome.no_identity",
                "no IND record could be looked for: the row has no name and no prison number; "
                "find the person's IND record by hand, or correct the prison extract and run "
                "again",
            )
        if decision.ruled_out:
            ruled = ", ".join(_ref(ind[i]) for i in decision.ruled_out)
            return Decided(
                Outcome.NEVER_REFERRED,
                "outcome.never_referred",
                "never referred: no IND record linked to this person (a reviewer ruled out "
                f"{ruled})",
            )
        return Decided(
            Outcome.NEVER_REFERRED,
            "outcome.never_referred",
            "never referred: no IND record linked to this person",
        )
    by = "" if decision.decided_by == "linker" else f"; linked by {decided_by(decision)}"
    records = [ind[i] for i in decision.ind_idxs]
    return from_records(
        records, release, deadline_days, by + after_as_of(records, as_of), earlier=earlier
    )


@dataclass(frozen=True)
class Earlier:
    """The same person's previous release: its date and its prison row (``ref``)."""

    release: date
    ref: str


def _after_earlier(
    records: Sequence[IndRecord], earlier: Earlier
) -> tuple[Sequence[IndRecord], str]:
    """The records without the referral and consideration dates on or before the person's
    previous release (with a consideration, its decision), and a note naming them."""
    before = earlier.release
    old = sorted(
        {d for r in records for d in (r.referral_date, r.considered_date) if d and d <= before}
    )
    if not old:
        return records, ""
    kept = [_without_before(r, before) for r in records]
    dates = ", ".join(day(d) for d in old)
    note = (
        f"; not counted for this release: the IND dates {dates}, on or before this person's "
        f"previous release on {day(before)} (prison {earlier.ref}), which they concern"
    )
    return kept, note


def _without_before(rec: IndRecord, before: date) -> IndRecord:
    """The record without its dates on or before ``before`` (a consideration with its
    decision: the decision is that consideration's)."""
    referral, considered = rec.referral_date, rec.considered_date
    old_referral = referral is not None and referral <= before
    old_considered = considered is not None and considered <= before
    if not (old_referral or old_considered):
        return rec
    return replace(
        rec,
        referral_date=None if old_referral else referral,
        considered_date=None if old_considered else considered,
        decision="" if old_considered else rec.decision,
    )


def from_records(
    records: Sequence[IndRecord],
    release: date,
    deadline_days: int,
    by: str = "",
    earlier: Earlier | None = None,
) -> Decided:
    """The outcome of an in-scope released row linked to these IND records (one person's);
    ``by``: who linked them, when not the linker; ``earlier``: the person's previous release,
    when the dates on or before it concern that custody and do not count for this one."""
    if earlier is not None:
        records, set_aside = _after_earlier(records, earlier)
        by = set_aside + by
    notes = _unreadable(records) + by
    referrals = sorted(r.referral_date for r in records if r.referral_date is not None)
    considered = sorted(r.considered_date for r in records if r.considered_date is not None)
    referral = ""
    if referrals:
        referral = f"IND referral received {day(referrals[0])} "
        referral += f"({_when(referrals[0], release)})"
    lead = f"{referral}, " if referral else "no IND referral date recorded; "
    in_time = None
    if considered:
        deadline = release - timedelta(days=deadline_days)
        in_time = _considered(considered, release, deadline, deadline_days)
        if in_time.outcome is Outcome.CONSIDERED_BEFORE_RELEASE:
            return Decided(in_time.outcome, in_time.rule, lead + in_time.text + notes)
    # A consideration whose date cannot be read, or a decision recorded without its date,
    # may have been in time: the row is not listed as a failure on a guess.
    unread = [r for r in records if "considered_date" in r.unreadable]
    undated = [r for r in records if _decided_undated(r)]
    if unread or undated:
        known = f"{in_time.text}; " if in_time else ""
        if unread:
            rule, fix = "outcome.consideration_unreadable", "correct"
            what = (
                f"the consideration date of {_unread_cases(unread, 'considered_date')} "
                "could not be read"
            )
        else:
            rule, fix = "outcome.decision_undated", "add"
            cases = ", ".join(f"{_case(r)} ({r.decision!r})" for r in undated)
            what = f"{cases} records a decision but no consideration date"
        return Decided(
            Outcome.NEEDS_REVIEW,
            rule,
            f"{lead}{known}{what}, so whether it was considered before release cannot be "
            f"decided: {fix} the date in the IND extract and run again{by}",
        )
    if in_time is not None:
        return Decided(in_time.outcome, in_time.rule, lead + in_time.text + notes)
    if referral:
        return Decided(
            Outcome.REFERRED_NOT_CONSIDERED,
            "outcome.referred_not_considered",
            f"{referral}, no consideration recorded{notes}",
        )
    unread_referral = [r for r in records if "referral_date" in r.unreadable]
    if unread_referral:
        # Not considered, surely; but a referral cell that is not a date ("Yes", "N/A") does
        # not say whether it was referred: neither failure is claimed on a guess.
        cases = _unread_cases(unread_referral, "referral_date")
        return Decided(
            Outcome.NEEDS_REVIEW,
            "outcome.referral_unreadable",
            f"no consideration recorded, but the referral date of {cases} could not "
            "be read, so whether it was referred (and so which failure this is) cannot be "
            f"decided: correct the date in the IND extract and run again{by}",
        )
    refs = ", ".join(_ref(r) for r in records)
    plural = "s" if len(records) > 1 else ""
    return Decided(
        Outcome.NEVER_REFERRED,
        "outcome.never_referred",
        f"never referred: linked IND record{plural} {refs} with no referral date{notes}",
    )
