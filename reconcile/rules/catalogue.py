"""Every rule identifier a Classification can carry, with what it means.

Identifiers are stable: outputs and reviewers' notes may refer to them. An in-scope row
carries two, the scope rule and the outcome rule, joined by "/"
("scope.non_eea_threshold/outcome.never_referred"); other rows carry one.
"""

from __future__ import annotations

from reconcile.rules.membership import CLASS_LABELS, THRESHOLD_CLASSES

SCOPE_RULES: dict[str, str] = {
    "scope.court_recommendation": "in scope: a court recommended deportation",
    **{
        f"scope.{cls}_threshold": f"in scope: {CLASS_LABELS[cls]} with a sentence at or above "
        "the policy's threshold (life and indeterminate sentences count)"
        for cls in THRESHOLD_CLASSES
    },
    **{
        f"scope.{cls}_aggregated": f"in scope: {CLASS_LABELS[cls]} whose sentence with earlier "
        "sentences reaches the threshold"
        for cls in THRESHOLD_CLASSES
    },
}

EXCLUSION_RULES: dict[str, str] = {
    "exclude.before_commencement": "out of scope: released before the policy commenced",
    "exclude.british": "out of scope: British citizen or right of abode",
    "exclude.eea_national": "out of scope: EU/EEA national at the release date",
    "exclude.swiss_national": "out of scope: Swiss national under free movement",
    "exclude.irish": (
        "out of scope: Irish national, with no threshold for Irish nationals under the policy "
        "(or released outside the dates its threshold applies to)"
    ),
    "exclude.non_eea_national": (
        "out of scope: the policy sets no threshold for non-EEA nationals (or the release is "
        "outside the dates its threshold applies to)"
    ),
    "exclude.unknown_nationality": "out of scope: nationality unknown",
    "exclude.below_threshold": "out of scope: sentence below the threshold",
    "exclude.suspended_sentence": (
        "out of scope: suspended sentences do not count (unless a court ordered one to take effect)"
    ),
    "exclude.consecutive_terms": (
        "out of scope: the threshold is reached only by adding consecutive terms, and only a "
        "single term counts under the policy"
    ),
    "exclude.under_18": "out of scope: under 18 at conviction",
    "exclude.s7": (
        "out of scope: Commonwealth or Irish citizen resident in the UK since on or before "
        "1 January 1973 (Immigration Act 1971 s.7 exemption)"
    ),
    "exclude.life_not_counted": "out of scope: life sentences do not count under the policy",
}

UNDECIDED_RULES: dict[str, str] = {
    "insufficient.release_date": "release date missing or unreadable",
    "insufficient.sentence": "sentence length missing or unreadable, and no court recommendation",
    "insufficient.court_recommendation": (
        "court recommendation unreadable, or recorded for a prisoner under 17 at conviction, "
        "where it would decide"
    ),
    "insufficient.nationality": "nationality unknown and the policy leaves scope undecided",
}

OUTCOME_RULES: dict[str, str] = {
    "outcome.not_released": "release date after the as-of date",
    "outcome.needs_review": "in scope, but the link to IND records is ambiguous",
    "outcome.no_identity": (
        "in scope, but the row has no name and no prison number: no IND record could be looked for"
    ),
    "outcome.referral_unreadable": (
        "in scope and not considered, but a linked IND record's referral date could not be "
        "read, so whether it was referred cannot be decided"
    ),
    "outcome.consideration_unreadable": (
        "in scope, but a linked IND record's consideration date could not be read and no "
        "readable one is in time, so the outcome cannot be decided"
    ),
    "outcome.decision_undated": (
        "in scope, but a linked IND record records a decision without a consideration date and "
        "no consideration is known to be in time, so the outcome cannot be decided"
    ),
    "outcome.considered_before_release": "a linked IND record was considered by the deadline",
    "outcome.considered_after_release": "considered, but only after the deadline",
    "outcome.referred_not_considered": "referred to IND, no consideration recorded",
    "outcome.never_referred": "no linked IND record has a referral date, or none was found",
    "outcome.never_referred_any_candidate": (
        "the link needs review, but no candidate IND record has a referral date"
    ),
    "outcome.same_whichever_candidate": (
        "the link needs review, but the person is one of its candidates as surely as a link "
        "needs, and every candidate gives the same outcome"
    ),
}

RULES: dict[str, str] = {**SCOPE_RULES, **EXCLUSION_RULES, **UNDECIDED_RULES, **OUTCOME_RULES}


def describe_rule(rule: str) -> str:
    """A Classification's rule in words: 'scope.x/outcome.y' -> 'in scope: ...; ...'."""
    return "; ".join(RULES.get(part, part) for part in rule.split("/"))
