"""The Immigration Act 1971 s.7 exemption: Commonwealth and Irish citizens ordinarily resident
in the United Kingdom when the Act came into force (1 January 1973) and for the last 5 years
before the decision (prison terms of 6 months or more not counting) are exempt from
deportation.

The extracts rarely say where a prisoner lived in 1973. A policy's ``[scope] s7_exemption``
says what to do: "off" (the default) asks nothing; "note" adds a sentence to the reason of an
in-scope Commonwealth or Irish national born before 1973 (or of unknown birth), for the
auditor to check residence; "apply" takes one out of scope when the prison extract's
``resident_since`` column gives a date on or before 1 January 1973, and notes the rest. The
Commonwealth members on that day are data (commonwealth.toml).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from reconcile.model import Classification, PrisonRecord, SourceInfo
from reconcile.rules.countries import demonym, several_nationalities
from reconcile.rules.outcome import day
from reconcile.rules.policy import Policy

# The kinds of answer s7_check gives.
NOTE = "note"  # may be exempt: residence to be checked
EXEMPT = "exempt"  # resident since on or before commencement: out of scope under "apply"
LATER = "later"  # residence began after commencement: the exemption does not apply
FIELD = "resident_since"  # the prison extract's column: the date UK residence began
# How a note ends: the classifier adds "a failure" (or, for a row not a failure, "in scope").
CHECK = "; check residence before counting this row"


@dataclass(frozen=True)
class Commonwealth:
    """The Commonwealth members on the day the 1971 Act came into force."""

    commencement: date
    members: dict[str, date]  # code -> the day it joined

    def member(self, code: str) -> bool:
        joined = self.members.get(code)
        return joined is not None and joined <= self.commencement


@cache
def commonwealth_1973() -> Commonwealth:
    """The table shipped with reconcile (commonwealth.toml)."""
    text = resources.files("reconcile.rules").joinpath("commonwealth.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return Commonwealth(data["s7"]["commencement"], dict(data["members"]))


@dataclass(frozen=True)
class S7:
    """What s.7 says of one row: ``kind`` (NOTE, EXEMPT or LATER) and the words."""

    kind: str
    text: str


def s7_national(rec: PrisonRecord, policy: Policy) -> str | None:
    """The first nationality the row names that is Irish or of a Commonwealth member on
    1 January 1973 (not British: a British citizen is never liable to deportation), or None."""
    codes = several_nationalities(rec.nationality_raw)
    if not codes and rec.nationality is not None:
        codes = (rec.nationality,)
    members = commonwealth_1973()
    for code in codes:
        if code in policy.membership.british:
            continue
        if code in policy.membership.irish or members.member(code):
            return code
    return None


def _born(rec: PrisonRecord, commencement: date) -> str | None:
    """How the row's birth stands against the commencement day, in words ("born 12/03/1960",
    "date of birth not known"); None when born on or after it."""
    if rec.dob is not None:
        return f"born {day(rec.dob)}" if rec.dob < commencement else None
    if rec.birth_year is not None:
        return f"born in {rec.birth_year}" if rec.birth_year < commencement.year else None
    return "date of birth not known"


def _who(code: str, policy: Policy) -> tuple[str, str]:
    """The prisoner as the exemption names them ("Jamaican national") and the citizenship it
    counts ("a Commonwealth citizen as a Jamaican national", "an Irish citizen")."""
    if code in policy.membership.irish:
        return "Irish citizen", "an Irish citizen"
    name = f"{demonym(code)} national"
    article = "an" if name[:1] in "AEIOU" else "a"
    return name, f"a Commonwealth citizen as {article} {name}"


def s7_check(rec: PrisonRecord, policy: Policy) -> S7 | None:
    """What the exemption says of an in-scope row under the policy's s7_exemption; None when
    it is off, or the row is neither a Commonwealth nor an Irish national born before 1973."""
    if policy.s7_exemption == "off":
        return None
    code = s7_national(rec, policy)
    if code is None:
        return None
    start = commonwealth_1973().commencement
    born = _born(rec, start)
    if born is None:
        return None
    (who, citizen), since = _who(code, policy), rec.resident_since
    if policy.s7_exemption == "apply" and since is not None:
        if since <= start:
            return S7(
                EXEMPT,
                f"{citizen}, resident in the UK since {day(since)}, on or before "
                f"{day(start)} when the Immigration Act 1971 came into force: s.7 of the Act "
                "exempts Commonwealth and Irish citizens ordinarily resident in the UK then and "
                "for the 5 years before the decision (prison terms of 6 months or more not "
                "counting) from deportation, so out of scope",
            )
        return S7(
            LATER,
            f"The Immigration Act 1971 s.7 exemption does not apply: this {who}'s UK "
            f"residence began {day(since)}, after the Act came into force on {day(start)}",
        )
    unread = rec.unreadable.get(FIELD)
    if since is not None:  # "note": the date is shown, not judged
        shown = (
            f"and the prison extract gives UK residence from {day(since)}, which this "
            'policy\'s s7_exemption = "note" does not judge ("apply" would)'
        )
    elif unread is not None:
        shown = (
            "which the prison extract does not show: its date UK residence began could not "
            f"be read ({unread!r})"
        )
    else:
        shown = "which the extracts do not show"
    of = "" if code in policy.membership.irish else ", a Commonwealth citizen"
    return S7(
        NOTE,
        f"The Immigration Act 1971 s.7 may exempt this {who} ({born}{of}) from deportation: "
        f"it exempts Commonwealth and Irish citizens ordinarily resident in the UK since "
        f"{day(start)} and for the 5 years before the decision (prison terms of 6 months or "
        f"more not counting), {shown}{CHECK}",
    )


def noted_rows(
    prison: Sequence[PrisonRecord], classifications: Sequence[Classification], policy: Policy
) -> int:
    """How many in-scope rows carry the note that s.7 may exempt them."""
    if policy.s7_exemption == "off":
        return 0
    return sum(
        1
        for c in classifications
        if c.in_scope and (found := s7_check(prison[c.prison_idx], policy)) and found.kind == NOTE
    )


def s7_run_notes(policy: Policy, prison: SourceInfo) -> list[str]:
    """A note when the policy applies the exemption and the prison extract has no column
    giving the date UK residence began: no row can be taken out of scope under it."""
    if policy.s7_exemption != "apply" or FIELD in prison.mapping:
        return []
    return [
        f"Policy {policy.label} applies the Immigration Act 1971 s.7 exemption, but the prison "
        f"extract ({prison.file}) has no column giving the date UK residence began: no row is "
        "taken out of scope under it, and in-scope Commonwealth and Irish nationals born "
        "before 1973 carry a note to check their residence instead. If the extract has such "
        'a column, map it in the config under [columns.prison] as resident_since = "its header"'
    ]
