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


def toml_value(value: object) -> str:
    """One TOML value: text, true/false, a number, a date or a list of text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value))  # a JSON string is a valid TOML basic string


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
    return lines


def render_policy(policy: Policy) -> str:
    """The policy in full, as a commented policy file."""
    out = [f"# Policy {policy.label}" + (f" ({policy.source})" if policy.source else "")]
    for line in policy.summary_lines()[1:]:
        out.extend(_comment(line))
    out.append("#")
    out.extend(_membership_comments(policy))
    for table, settings in policy.settings().items():
        out.append("")
        out.append(f"[{table}]")
        for key, value in settings.items():
            out.append(f"{key} = {toml_value(value)}")
    return "\n".join(out) + "\n"
