"""Scope: should this released prisoner have been considered for deportation under the policy?

``decide_scope`` applies the policy to one released prison row, in this order: commencement,
British citizens, court recommendation, nationality class (as at the release date), the
release dates the class's threshold is limited to (if it is), then the sentence against the
class's threshold (suspended sentences, life sentences, aggregation).
It says which rule decided and why, in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from reconcile.model import PrisonRecord
from reconcile.rules.countries import BRITISH_NATIONALS, STATELESS, demonym, several_nationalities
from reconcile.rules.membership import (
    BRITISH,
    CLASS_LABELS,
    EEA,
    IRISH,
    NON_EEA,
    SWISS,
    UNKNOWN,
    Membership,
    Standing,
)
from reconcile.rules.outcome import day
from reconcile.rules.policy import Period, Policy, months_text
from reconcile.rules.s7 import EXEMPT, s7_check
from reconcile.rules.sentence import (
    earlier_sentences,
    is_consecutive,
    is_suspended,
    longest_term,
)

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
    # In scope: a sentence the reason ends with, for the auditor to check (the Immigration
    # Act 1971 s.7 exemption, reconcile.rules.s7); "" when there is none.
    caveat: str = ""


def subject_text(
    rec: PrisonRecord, release: date, cls: str, clause: str, code: str | None = None
) -> str:
    """Who was released when, with the membership fact that set their class. ``code``: the
    nationality counted, when the row names several (else the row's own)."""
    code = rec.nationality if code is None else code
    if cls == BRITISH:
        who = "British citizen"
    elif code == STATELESS:
        who = "Stateless person"
    elif code in BRITISH_NATIONALS:
        who = f"{demonym(code)} (a British national without the right of abode)"
    elif code is not None:
        who = f"{demonym(code)} national"
    elif "nationality" in rec.unreadable:
        who = f"Prisoner of unrecognised nationality ({rec.unreadable['nationality']!r})"
    else:
        who = "Prisoner of unknown nationality"
    text = f"{who} released {day(release)}"
    return f"{text}, {clause}" if clause else text


def _sentence_unknown(rec: PrisonRecord) -> str:
    raw = rec.unreadable.get("sentence") or rec.sentence_raw.strip()
    if raw:
        return f"sentence length could not be read ({raw!r})"
    return "sentence length missing"


@dataclass(frozen=True)
class _Row:
    """One row being decided: how its reasons are worded."""

    rec: PrisonRecord
    policy: Policy
    subject: str
    court_unread: str | None  # raw text of a court recommendation that could not be read
    no_court: str  # ", no court recommendation" (or "... recorded"), or "" when it is no route
    note: str  # says when a policy is applied before its commencement
    # Why a court recommendation recorded cannot stand (the prisoner under 17 at conviction).
    court_doubt: str | None = None

    def into(self, rule: str, why: str) -> Scope:
        return Scope(True, rule, why + self.note, self.subject)

    def out(self, rule: str, text: str) -> Scope:
        """Out of scope, unless an unreadable court recommendation, or one recorded for a
        prisoner too young for it, could have brought it in."""
        if self.court_doubt is not None:
            return self.undecided(
                "insufficient.court_recommendation",
                f"{self.subject}; a court recommendation is recorded, but the prisoner was "
                f"{self.court_doubt}, and a court can recommend deportation only on a conviction "
                "at 17 or over (Immigration Act 1971 s.3(6)); the recommendation would decide "
                "scope",
                "check the date of birth and the court recommendation",
            )
        if self.court_unread is not None:
            return self.undecided(
                "insufficient.court_recommendation",
                f"{self.subject}; the court recommendation could not be read "
                f"({self.court_unread!r}) and would decide scope",
                "correct the court recommendation (Y or N)",
            )
        label = self.policy.label
        return Scope(False, rule, f"{text} under policy {label}{self.note}", self.subject)

    def undecided(self, rule: str, text: str, fix: str) -> Scope:
        """Scope that cannot be decided, with what the auditor can do: ``fix``, "correct the
        sentence length", is done in the prison extract before running again."""
        label = self.policy.label
        why = f"Scope cannot be decided under policy {label}: {text}; {fix} in the prison "
        return Scope(None, rule, why + "extract and run again", "")


def _context(rec: PrisonRecord, release: date, policy: Policy, subject: str) -> _Row:
    court_unread, no_court = None, ""
    if policy.court_recommendation:
        court_unread = rec.unreadable.get("court_recommended")
        recorded = "" if rec.court_recommended is False else " recorded"
        no_court = f", no court recommendation{recorded}"
    note, start = "", policy.commencement
    if start is not None and release < start:
        note = f"; applied to a release before its commencement on {day(start)}"
    return _Row(rec, policy, subject, court_unread, no_court, note)


def _as_written(rec: PrisonRecord, number: str) -> str:
    """The sentence cell as written, when it says more than the number of months it was read
    as (``number``, as months_text gives it: "2y 6m", "6 weeks"): " (written '6 weeks')",
    else ""."""
    raw = rec.sentence_raw
    if not raw or raw == number:
        return ""
    raw = " ".join(raw.split())
    plain = {number, f"{number} months", f"{number} month", f"{number}m", f"{number} mths"}
    if raw.lower() in plain:
        return ""
    try:
        if float(raw) == float(number):
            return ""
    except ValueError:
        pass
    return f" (written {raw!r})"


def _months(months: float) -> str:
    """'18 months', '1 month', '11.5 months'."""
    return f"{months_text(months)} month{'' if months == 1 else 's'}"


def _threshold(months: float) -> str:
    """The policy's minimum sentence in words: 'the 12-month threshold'."""
    return f"the {months_text(months)}-month threshold"


def _by_sentence(
    row: _Row, cls: str, who: str, threshold: float, same_person: Sequence[PrisonRecord]
) -> Scope:
    """Scope for a class with a threshold: suspended, life, then months (and aggregation)."""
    rec, policy, subject, no_court = row.rec, row.policy, row.subject, row.no_court
    if policy.exclude_suspended and is_suspended(rec):
        shown = rec.sentence_raw or rec.offence
        return row.out(
            "exclude.suspended_sentence",
            f"{subject}; suspended sentence ({shown!r}){no_court}: suspended sentences do not "
            "count unless a court ordered them to take effect, and none is recorded",
        )
    if rec.sentence_life:
        if policy.life_counts:
            return row.into(f"scope.{cls}_threshold", f"{who}life or indeterminate sentence")
        return row.out(
            "exclude.life_not_counted",
            f"{subject}; life or indeterminate sentence{no_court}: life sentences do not count",
        )
    months = rec.sentence_months
    if months is None:
        unread = rec.unreadable.get("sentence") or rec.sentence_raw.strip()
        fix = f"{'correct' if unread else 'add'} the sentence length"
        return row.undecided(
            "insufficient.sentence", f"{subject}; {_sentence_unknown(rec)}{no_court}", fix
        )
    limit = _threshold(threshold)
    number = months_text(months)
    given = f"{_months(months)}{_as_written(rec, number)}"
    if policy.single_sentence and is_consecutive(rec):
        return _single_term(row, cls, who, threshold, given)
    if months >= threshold:
        return row.into(f"scope.{cls}_threshold", f"{who}sentence {given}, at or above {limit}")
    agg = policy.aggregation
    earlier = []
    if agg.enabled and cls in agg.classes:
        earlier = earlier_sentences(rec, same_person, agg, policy.exclude_suspended)
    total = months + sum(e.months for e in earlier)
    within = f" within {agg.within_years} years = {_months(total)}"
    if earlier and total >= threshold:
        added = " + ".join(f"{_months(e.months)} ({e.row}, from {day(e.started)})" for e in earlier)
        return row.into(
            f"scope.{cls}_aggregated",
            f"{who}sentence {given} + earlier {added}{within}, at or above {limit}",
        )
    counted = f"{given} with earlier sentences{within}" if earlier else given
    return row.out(
        "exclude.below_threshold",
        f"{subject}; sentence {counted}, below {limit} for {CLASS_LABELS[cls]}s{no_court}: out "
        "of scope",
    )


def _single_term(row: _Row, cls: str, who: str, threshold: float, given: str) -> Scope:
    """Scope for a sentence of consecutive terms where only a single term counts (UK Borders
    Act 2007 s.38(1)(b)): its longest term against the threshold."""
    rec, subject, no_court = row.rec, row.subject, row.no_court
    limit = _threshold(threshold)
    single = longest_term(rec)
    if single is None:
        return row.undecided(
            "insufficient.sentence",
            f"{subject}; sentence {given} is made of consecutive terms that could not be told "
            f"apart, and only a single term counts towards {limit}{no_court}",
            "give each term of the sentence (as '2 x 6 months consecutive')",
        )
    term = f"longest single term {_months(single)} of sentence {given}"
    if single >= threshold:
        return row.into(f"scope.{cls}_threshold", f"{who}{term}, at or above {limit}")
    return row.out(
        "exclude.consecutive_terms",
        f"{subject}; {term}, below {limit} for {CLASS_LABELS[cls]}s{no_court}: consecutive "
        "terms are not added together, so out of scope",
    )


def _period_closed(period: Period, cls: str, release: date) -> tuple[str, str]:
    """Why a release falls outside the dates a class's threshold applies to ("this policy's
    threshold for Irish nationals ended on 01/02/2007 (it applies to those released before
    01/02/2007)") and which releases that leaves out ("from then")."""
    whose = f"this policy's threshold for {CLASS_LABELS[cls]}s"
    if period.start is not None and release < period.start:
        how, then = f"began on {day(period.start)}", "before then"
    else:
        assert period.until is not None  # outside the period and not before its start
        how, then = f"ended on {day(period.until)}", "from then"
    return f"{whose} {how} (it applies to those {period.inside()})", then


def _period_open(period: Period) -> str:
    """The dates of a threshold that applied: 'released before the end of this threshold on
    01/02/2007'."""
    parts = []
    if period.start is not None:
        parts.append(f"on or after the start of this threshold on {day(period.start)}")
    if period.until is not None:
        parts.append(f"before the end of this threshold on {day(period.until)}")
    return "released " + " and ".join(parts)


def _under(rec: PrisonRecord, years: int) -> str | None:
    """Why the prisoner was under ``years`` at conviction, or None when that is not shown: the
    conviction came on or before the sentence start, so under that age then is under it at
    the conviction. A birthday is reached on its day (29 February: on 1 March)."""
    born, start = rec.dob, rec.sentence_start
    if born is None or start is None:
        return None
    age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
    if age >= years:
        return None
    return (
        f"born {day(born)}, aged {age} when the sentence began on {day(start)}, "
        f"so under {years} at conviction"
    )


# The classes from the most protective down: a national of several countries is judged as the
# national of the one that protects most (an EU citizen keeps free-movement rights whatever
# other nationality they hold; a British citizen is never liable to deportation).
_PROTECTION = (BRITISH, IRISH, EEA, SWISS, NON_EEA, UNKNOWN)


def counted_nationality(
    rec: PrisonRecord, release: date, membership: Membership
) -> tuple[str | None, Standing]:
    """The nationality counted on the release date and its standing: the row's own, or, when
    its cell names several, the one whose class protects most on that day (the first named
    of equals), with a clause naming the others."""
    codes = several_nationalities(rec.nationality_raw)
    if not codes:
        return rec.nationality, membership.standing(rec.nationality, release)
    judged = [(code, membership.standing(code, release)) for code in codes]
    code, standing = min(judged, key=lambda cs: _PROTECTION.index(cs[1].cls))
    others = " and ".join(demonym(c) for c in codes if c != code)
    clause = f"also {others}, counted as {demonym(code)}, the nationality that protects most"
    if standing.clause:
        clause += f"; {standing.clause}"
    return code, Standing(standing.cls, clause)


def decide_scope(
    rec: PrisonRecord, release: date, policy: Policy, same_person: Sequence[PrisonRecord]
) -> Scope:
    """Apply the policy's scope rules to one released prison row; then, for a row in scope,
    the Immigration Act 1971 s.7 exemption when the policy asks it."""
    scope = _by_policy(rec, release, policy, same_person)
    if not scope.in_scope or policy.s7_exemption == "off":
        return scope
    found = s7_check(rec, policy)
    if found is None:
        return scope
    if found.kind == EXEMPT:
        note = _context(rec, release, policy, scope.subject).note
        why = f"{scope.subject}; {found.text} under policy {policy.label}{note}"
        return Scope(False, "exclude.s7", why, scope.subject)
    return replace(scope, caveat=found.text)


def _by_policy(
    rec: PrisonRecord, release: date, policy: Policy, same_person: Sequence[PrisonRecord]
) -> Scope:
    """The policy's scope rules for one released prison row, in the module's order."""
    code, standing = counted_nationality(rec, release, policy.membership)
    subject = subject_text(rec, release, standing.cls, standing.clause, code)
    row = _context(rec, release, policy, subject)
    start = policy.commencement
    if start is not None and release < start and policy.before_commencement == "out_of_scope":
        return Scope(
            False,
            "exclude.before_commencement",
            f"{subject}: released before policy {policy.label} commenced on "
            f"{day(start)}, so out of scope under it",
            subject,
        )
    if standing.cls == BRITISH and policy.british_out_of_scope:
        return Scope(
            False,
            "exclude.british",
            f"{subject}: British citizens and others with the right of abode are out of scope "
            f"under policy {policy.label}",
            subject,
        )
    if policy.court_recommendation and rec.court_recommended:
        # A court can recommend deportation only on a conviction at 17 or over (1971 Act
        # s.3(6)): a recommendation recorded for a prisoner shown younger cannot stand as it
        # is, so scope is decided without it, and left undecided where it would decide.
        too_young = _under(rec, 17)
        if too_young is None:
            return row.into("scope.court_recommendation", "court recommended deportation")
        row = replace(row, no_court="", court_doubt=too_young)
    cls, who = standing.cls, f"{CLASS_LABELS[standing.cls]}, "
    if cls == UNKNOWN:
        if policy.unknown_nationality == "out_of_scope":
            text = f"{subject}: an unknown nationality is out of scope"
            return row.out("exclude.unknown_nationality", text)
        if policy.unknown_nationality == "insufficient_data":
            return row.undecided(
                "insufficient.nationality",
                f"{subject}; nationality unknown",
                "add or correct the nationality",
            )
        cls, who = NON_EEA, "nationality unknown, counted as non-EEA, "
    threshold = policy.threshold(cls)
    unless = " (unless a court recommended deportation)" if policy.court_recommendation else ""
    if threshold is None:
        rule, text = _CLASS_EXCLUSION[cls]
        return row.out(rule, f"{subject}{row.no_court}: {text}{unless}")
    period = policy.period(cls)
    if period is not None and not period.covers(release):
        rule, _ = _CLASS_EXCLUSION[cls]
        closed, then = _period_closed(period, cls, release)
        text = f"{CLASS_LABELS[cls]}s released {then} are out of scope{unless}"
        return row.out(rule, f"{subject}; {closed}{row.no_court}: {text}")
    scope = _by_sentence(row, cls, who, threshold, same_person)
    if scope.in_scope and period is not None:
        scope = replace(scope, why=f"{scope.why}; {_period_open(period)}")
    if scope.in_scope and row.court_doubt is not None:
        scope = replace(
            scope,
            why=f"{scope.why}; the court recommendation recorded is not counted: "
            f"{row.court_doubt}, when a court cannot recommend deportation",
        )
    young = _under(rec, 18) if scope.in_scope and policy.under_18_excluded else None
    if young is not None:
        return row.out(
            "exclude.under_18",
            f"{subject}; {young}{row.no_court}: those under 18 at conviction are out of scope",
        )
    return scope
