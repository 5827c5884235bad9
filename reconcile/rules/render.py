"""render_policy: a policy as text for ``reconcile policy show``.

The text is itself a policy file: the summary and the membership dates as comments, then
every setting. Saved to a file and edited, it loads back as the same policy.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date

from reconcile.rules.policy import Policy

_WIDTH = 98

# A short note beside each setting, so the printed policy can be edited as a file.
_NOTES: dict[str, str] = {
    "base": "a preset this file starts from",
    "commencement": "the day the policy came into force",
    "before_commencement": "releases before commencement: out_of_scope or apply",
    "court_recommendation": "brings anyone not British into scope",
    "british_out_of_scope": "British citizens and others with the right of abode",
    "unknown_nationality": "non_eea, out_of_scope or insufficient_data",
    "life_counts": "life and indeterminate sentences meet any threshold",
    "exclude_suspended": "'suspended' in sentence or offence text",
    "single_sentence": "consecutive terms are not added together",
    "under_18_excluded": "under 18 at conviction (on or before sentence start)",
    "s7_exemption": "Immigration Act 1971 s.7: off, note or apply",
    "enabled": "add earlier sentences of the same person",
    "within_years": "that began up to this many years before",
    "max_earlier": "at most this many earlier sentences (the longest)",
    "classes": "nationality classes aggregation applies to",
    "days_before_release": "in time: by release minus this many days",
    "earlier_custody_counts": "a date on or before the person's previous release counts too",
}
_THRESHOLDS_NOTE = [
    "# Minimum sentence in months by nationality class as at the release date; a class left",
    "# out (or false) is out of scope on sentence. Classes: non_eea, eea (EU or EEA), swiss,",
    "# irish, british. An unknown nationality follows [scope] unknown_nationality.",
    "# A threshold for some release dates only: irish = { months = 24, until = 2007-02-01 }",
    "# applies to releases before that day (from = 2005-01-01 adds a first day); outside those",
    "# dates the class is out of scope on sentence length.",
]


def toml_value(value: object) -> str:
    """One TOML value: text, true/false, a number, a date, a list of text or an inline table
    (a dated threshold: { months = 24, until = 2007-02-01 })."""
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    # A JSON string is a TOML basic string, but for characters outside the Basic Multilingual
    # Plane (JSON escapes them as surrogate pairs, which TOML refuses) and DEL (TOML escapes it).
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent="# ", subsequent_indent="#   ") or ["#"]


def _membership_comments(policy: Policy) -> list[str]:
    m = policy.membership
    lines = ["# EU/EEA membership as shipped (nationality is judged as at the release date):"]
    by_date: dict[date, list[str]] = {}
    for table in (m.eu, m.eea, m.swiss):
        for code, since in table.items():
            by_date.setdefault(since, []).append(code)
    for since in sorted(by_date):
        lines.extend(_comment(f"  from {since.isoformat()}: {' '.join(sorted(by_date[since]))}"))
    lines.append(
        f"#   UK left the EU {m.left_eu.isoformat()}; free movement ended after "
        f"{m.transition_ended.isoformat()}"
    )
    lines.append(f"# British citizens: {' '.join(sorted(m.british))}")
    became: dict[date, list[str]] = {}
    for code, since in m.british_from.items():
        became.setdefault(since, []).append(code)
    for since in sorted(became):
        lines.extend(_comment(f"  and from {since.isoformat()}: {' '.join(sorted(became[since]))}"))
    return lines


def render_policy(policy: Policy) -> str:
    """The policy in full, as a commented policy file."""
    out = [f"# Policy {policy.label}" + (f" ({policy.source})" if policy.source else "")]
    for said in policy.notes:
        # The line to write, where the note gives one, on a comment line of its own (not
        # wrapped), so that it can be copied whole.
        words, _, line = said.rpartition(", write ")
        if words:
            out.extend(_comment(f"Note: {words}, write:"))
            out.append(f"#     {line}")
        else:
            out.extend(_comment(f"Note: {said}."))
    for line in policy.summary_lines():
        out.extend(_comment(line))
    out.append("#")
    out.extend(_membership_comments(policy))
    for table, settings in policy.settings().items():
        out.append("")
        out.append(f"[{table}]")
        if table == "thresholds":
            out.extend(_THRESHOLDS_NOTE)
        for key, value in settings.items():
            line = f"{key} = {toml_value(value)}"
            note = _NOTES.get(key)
            out.append(f"{line:<40}# {note}" if note else line)
    return "\n".join(out) + "\n"
