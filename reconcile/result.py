"""What a run produces, handed to the writers. Writers render this; they never recompute it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from reconcile.errors import IntegrityError
from reconcile.model import (
    FAILURE_OUTCOMES,
    Classification,
    Finding,
    IndRecord,
    LinkResult,
    Outcome,
    PrisonRecord,
    SourceInfo,
)
from reconcile.settings import RunSettings


class PolicyInfo(Protocol):
    """What the writers need to know of the policy (rules.policy.Policy satisfies it)."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def deadline_days(self) -> int:
        """Considered in time: on or before the release date less this many days."""
        ...

    def as_dict(self) -> dict[str, Any]:
        """The policy in full, for the manifest."""
        ...

    def summary_lines(self) -> list[str]:
        """The policy in a few sentences, for the PDF cover and the workbook."""
        ...


@dataclass(frozen=True)
class AppliedDecision:
    """A reviewer's decision from a --decisions file, and what became of it."""

    source: str  # file, sheet, row of the decision
    prison_key: str
    ind_key: str
    decision: str  # "same person" / "not the same person"
    reviewer: str
    note: str
    status: str  # "applied" or "stale: <why>"
    # The records as the decisions file showed them (reconcile.decisions.Decision), for a
    # stale decision to say whom it was about; "" when the file did not show them.
    prison_shown: str = ""
    ind_shown: str = ""


@dataclass(frozen=True)
class ControlTotals:
    """Every prison row lands in exactly one outcome; these numbers prove it."""

    prison_rows_read: int
    ind_rows_read: int
    prison_rows_skipped: int  # totals/notes rows set aside (not records)
    ind_rows_skipped: int
    outcomes: dict[Outcome, int]
    in_scope: int
    not_considered: int  # never referred + referred not considered + considered after release
    ind_linked: int  # IND records linked to at least one prison row
    ind_unlinked: int
    findings: int

    @classmethod
    def compute(
        cls,
        prison: list[PrisonRecord],
        ind: list[IndRecord],
        prison_source: SourceInfo,
        ind_source: SourceInfo,
        links: LinkResult,
        classifications: list[Classification],
        findings: list[Finding],
    ) -> ControlTotals:
        counts = Counter(c.outcome for c in classifications)
        outcomes = {o: counts.get(o, 0) for o in Outcome}
        linked = {i for d in links.decisions for i in d.ind_idxs}
        totals = cls(
            prison_rows_read=prison_source.rows,
            ind_rows_read=ind_source.rows,
            prison_rows_skipped=len(prison_source.skipped),
            ind_rows_skipped=len(ind_source.skipped),
            outcomes=outcomes,
            in_scope=sum(1 for c in classifications if c.in_scope),
            not_considered=sum(outcomes[o] for o in FAILURE_OUTCOMES),
            ind_linked=len(linked),
            ind_unlinked=len(ind) - len(linked),
            findings=len(findings),
        )
        totals.check(prison, ind, links, classifications)
        return totals

    def check(
        self,
        prison: list[PrisonRecord],
        ind: list[IndRecord],
        links: LinkResult,
        classifications: list[Classification],
    ) -> None:
        """Raise IntegrityError unless every row is accounted for exactly once."""
        problems = []
        if len(prison) != self.prison_rows_read:
            problems.append(f"{self.prison_rows_read} prison rows read, {len(prison)} normalised")
        if len(ind) != self.ind_rows_read:
            problems.append(f"{self.ind_rows_read} IND rows read but {len(ind)} normalised")
        if len(links.decisions) != len(prison):
            problems.append(f"{len(prison)} prison rows but {len(links.decisions)} link decisions")
        seen = [c.prison_idx for c in classifications]
        if sorted(seen) != list(range(len(prison))):
            problems.append(
                f"{len(prison)} prison rows but {len(classifications)} outcomes "
                f"({len(set(seen))} distinct rows)"
            )
        if sum(self.outcomes.values()) != self.prison_rows_read:
            problems.append(
                f"outcomes add up to {sum(self.outcomes.values())}, "
                f"not the {self.prison_rows_read} rows read"
            )
        if self.ind_linked + self.ind_unlinked != self.ind_rows_read:
            problems.append("IND records linked + not linked do not add up to IND rows read")
        if problems:
            raise IntegrityError(
                "control totals do not reconcile, so no evidence was written: "
                + "; ".join(problems)
                + ". This is a fault in reconcile; please report it with the manifest."
            )


@dataclass
class RunResult:
    run_id: str  # derived from the inputs' hashes and the settings: same inputs, same id
    settings: RunSettings
    as_of: date
    policy: PolicyInfo
    prison_source: SourceInfo
    ind_source: SourceInfo
    prison: list[PrisonRecord]
    ind: list[IndRecord]
    findings: list[Finding]
    links: LinkResult
    classifications: list[Classification]  # in prison idx order
    totals: ControlTotals
    started: datetime
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    decisions: list[AppliedDecision] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "All prison rows split over 2 sheets"
    # In-scope rows whose reason notes that the Immigration Act 1971 s.7 may exempt them
    # (reconcile.rules.s7); None when the policy does not ask the exemption.
    s7_noted: int | None = None
