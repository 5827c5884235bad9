"""The true outcome of every prison row, by the default (2006) policy of issue 2, computed
from the clean facts, independently of the rules engine it is used to test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reconcile.model import FAILURE_OUTCOMES, Outcome
from reconcile.synth.nationality import eu_eea_member
from reconcile.synth.people import Episode, Person

THRESHOLD_MONTHS = 12


@dataclass(frozen=True)
class TrueOutcome:
    outcome: Outcome
    reason: str

    @property
    def failure(self) -> bool:
        return self.outcome in FAILURE_OUTCOMES


def _scope(p: Person, ep: Episode, release: date) -> tuple[bool | None, str]:
    """(in scope?, why). None = cannot be decided."""
    if p.british:
        return False, "British citizen"
    if ep.court:
        return True, "court recommended deportation"
    if eu_eea_member(p.nationality, release):
        return False, "EU/EEA national at the release date"
    if ep.sentence_text:
        return None, "sentence unreadable"
    if ep.life or ep.months >= THRESHOLD_MONTHS:
        who = "nationality not known" if ep.nat_unknown else "non-EU/EEA national"
        return True, f"{who}, sentence of 12 months or more"
    return False, "sentence below 12 months"


def classify(p: Person, ep: Episode, as_of: date) -> TrueOutcome:
    if ep.release is None or ep.release_text:
        return TrueOutcome(Outcome.INSUFFICIENT_DATA, "release date missing or unreadable")
    if ep.release > as_of:
        return TrueOutcome(Outcome.NOT_RELEASED, "release date after the as-of date")
    in_scope, why = _scope(p, ep, ep.release)
    if in_scope is None:
        return TrueOutcome(Outcome.INSUFFICIENT_DATA, why)
    if not in_scope:
        return TrueOutcome(Outcome.OUT_OF_SCOPE, why)
    considered = [c.considered for c in p.cases if c.considered is not None]
    if any(d <= ep.release for d in considered):
        return TrueOutcome(Outcome.CONSIDERED_BEFORE_RELEASE, why)
    if considered:
        return TrueOutcome(Outcome.CONSIDERED_AFTER_RELEASE, why)
    referrals = [c.referral for c in p.cases if c.referral is not None]
    if referrals:
        late = all(d > ep.release for d in referrals)
        note = "; referral received after release" if late else ""
        return TrueOutcome(Outcome.REFERRED_NOT_CONSIDERED, why + note)
    return TrueOutcome(Outcome.NEVER_REFERRED, why)
