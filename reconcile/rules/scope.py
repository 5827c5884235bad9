"""Scope: should this released prisoner have been considered for deportation under the policy?

``decide_scope`` applies the policy to one released prison row, in this order: commencement,
British citizens, court recommendation, nationality class (as at the release date), then the
sentence against the class's threshold (suspended sentences, life sentences, aggregation).
It says which rule decided and why, in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reconcile.model import PrisonRecord
from reconcile.rules.countries import STATELESS, demonym
from reconcile.rules.membership import BRITISH, CLASS_LABELS, EEA, IRISH, NON_EEA, SWISS, UNKNOWN
from reconcile.rules.policy import Policy, months_text
from reconcile.rules.sentence import earlier_sentences, is_suspended

# Why a nationality class with no threshold is out of scope.
_CLASS_EXCLUSION: dict[str, tuple[str, str]] = {
    EEA: ("exclude.eea_national", "EU/EEA nationals are out of scope"),
    SWISS: ("exclude.swiss_national", "Swiss nationals (free movement) are out of scope"),
    IRISH: ("exclude.irish", "Irish nationals are out of scope"),
    BRITISH: ("exclude.british", "British citizens are out of scope"),
    NON_EEA: ("exclude.non_eea_national", "non-EEA nationals are out of scope"),
}


@dataclass(frozen=True)
class Scope:
    """The scope decision for one row."""

    in_scope: bool | None  # None: cannot be decided
    rule: str
    why: str  # in scope: why, for "In scope under policy X (why)"; else the whole reason
    subject: str  # "Polish national released 2004-06-02, after Poland joined the EU on ..."


def subject_text(rec: PrisonRecord, release: date, cls: str, clause: str) -> str:
    """Who was released when, with the membership fact that set their class."""
    code = rec.nationality
    if cls == BRITISH:
        who = "British citizen"
    elif code == STATELESS:
        who = "Stateless person"
    elif code is not None:
        who = f"{demonym(code)} national"
    elif rec.nationality_raw.strip():
        who = f"Prisoner of unrecognised nationality ({rec.nationality_raw.strip()!r})"
    else:
        who = "Prisoner of unknown nationality"
    text = f"{who} released {release.isoformat()}"
    return f"{text}, {clause}" if clause else text


def _sentence_unknown(rec: PrisonRecord) -> str:
    raw = rec.unreadable.get("sentence") or rec.sentence_raw.strip()
    if raw:
        return f"sentence length could not be read ({raw!r})"
    return "sentence length missing"


def decide_scope(
    rec: PrisonRecord, release: date, policy: Policy, same_person: Sequence[PrisonRecord]
) -> Scope:
    """Apply the policy's scope rules to one released prison row."""
    standing = policy.membership.standing(rec.nationality, release)
    subject = subject_text(rec, release, standing.cls, standing.clause)
    label = policy.label

    def out(rule: str, text: str) -> Scope:
        return Scope(False, rule, f"{text} under policy {label}", subject)

    def undecided(rule: str, text: str) -> Scope:
        return Scope(None, rule, f"Scope cannot be decided under policy {label}: {text}", subject)

    start = policy.commencement
    if start is not None and release < start and policy.before_commencement == "out_of_scope":
        return out(
            "exclude.before_commencement",
            f"{subject}: released before the policy "
            f"commenced on {start.isoformat()}, so out of scope",
        )
    if standing.cls == BRITISH and policy.british_out_of_scope:
        return out(
            "exclude.british",
            f"{subject}: British citizens and others with the right of abode are out of scope",
        )
    if policy.court_recommendation and rec.court_recommended:
        return Scope(True, "scope.court_recommendation", "court recommended deportation", subject)
    # A court recommendation that could not be read would decide scope if it said yes.
    court_unread = rec.unreadable.get("court_recommended") if policy.court_recommendation else None
    no_court = ", no court recommendation" if policy.court_recommendation else ""

    def not_in(rule: str, text: str) -> Scope:
        if court_unread is not None:
            return undecided(
                "insufficient.court_recommendation",
                f"{subject}; the court "
                f"recommendation could not be read ({court_unread!r}) and would "
                "decide scope",
            )
        return out(rule, text)

    cls, treated = standing.cls, ""
    if cls == UNKNOWN:
        if policy.unknown_nationality == "out_of_scope":
            return not_in(
                "exclude.unknown_nationality", f"{subject}: an unknown nationality is out of scope"
            )
        if policy.unknown_nationality == "insufficient_data":
            return undecided("insufficient.nationality", f"{subject}; nationality unknown")
        cls, treated = NON_EEA, "nationality unknown, counted as non-EEA, "
    threshold = policy.threshold(cls)
    if threshold is None:
        rule, text = _CLASS_EXCLUSION[cls]
        return not_in(rule, f"{subject}: {text}")
    who = treated or f"{CLASS_LABELS[cls]}, "
    note = ""
    if start is not None and release < start:
        note = f"; applied to a release before its commencement on {start.isoformat()}"
    if policy.exclude_suspended and is_suspended(rec):
        return not_in(
            "exclude.suspended_sentence",
            f"{subject}; suspended sentence "
            f"({(rec.sentence_raw or rec.offence)!r}){no_court}: suspended sentences "
            "do not count",
        )
    if rec.sentence_life:
        if policy.life_counts:
            return Scope(
                True,
                f"scope.{cls}_threshold",
                f"{who}life or indeterminate sentence{note}",
                subject,
            )
        return not_in(
            "exclude.life_not_counted",
            f"{subject}; life or indeterminate sentence{no_court}: life sentences do not count",
        )
    months = rec.sentence_months
    if months is None:
        return undecided("insufficient.sentence", f"{subject}; {_sentence_unknown(rec)}{no_court}")
    limit = months_text(threshold)
    if months >= threshold:
        return Scope(
            True,
            f"scope.{cls}_threshold",
            f"{who}sentence {months_text(months)} months >= {limit}{note}",
            subject,
        )
    agg = policy.aggregation
    if agg.enabled and cls in agg.classes:
        earlier = earlier_sentences(rec, same_person, agg, policy.exclude_suspended)
        total = months + sum(e.months for e in earlier)
        if earlier and total >= threshold:
            added = " + ".join(e.describe() for e in earlier)
            return Scope(
                True,
                f"scope.{cls}_aggregated",
                f"{who}sentence {months_text(months)} months + earlier {added} within "
                f"{agg.within_years} years = {months_text(total)} months >= {limit}"
                f"{note}",
                subject,
            )
        if earlier:
            return not_in(
                "exclude.below_threshold",
                f"{subject}; sentence "
                f"{months_text(months)} months with earlier sentences within "
                f"{agg.within_years} years = {months_text(total)} months < {limit} "
                f"({CLASS_LABELS[cls]}s){no_court}: below the threshold",
            )
    return not_in(
        "exclude.below_threshold",
        f"{subject}; sentence {months_text(months)} months "
        f"< {limit} ({CLASS_LABELS[cls]}s){no_court}: below the threshold",
    )
