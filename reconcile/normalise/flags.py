"""Yes/no cells (court recommended deportation) -> bool, None when blank or not known; and
whether an IND decision cell states a decision."""

from __future__ import annotations

import math
import re

from reconcile.model import Cell

_YES = frozenset({"Y", "YES", "TRUE", "T", "1", "RECOMMENDED", "REC", "RECOMMENDED DEPORTATION"})
_NO = frozenset({"N", "NO", "FALSE", "F", "0", "NOT RECOMMENDED", "NONE", "NIL"})
_UNKNOWN = frozenset({"", "-", "--", "?", "N/K", "NK", "NOT KNOWN", "UNKNOWN", "N/A", "NA", "TBC"})

NOT_YES_NO = "is not yes or no"


def parse_yes_no(value: Cell) -> tuple[bool | None, str | None]:
    """(True/False, None); (None, None) for blank or "not known"; (None, problem) otherwise."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None, NOT_YES_NO
        if value in (0, 1):
            return bool(value), None
        return None, NOT_YES_NO
    if not isinstance(value, str):
        return None, NOT_YES_NO
    text = " ".join(value.upper().replace(".", " ").split())
    if text in _YES:
        return True, None
    if text in _NO:
        return False, None
    if text in _UNKNOWN or not text:
        return None, None
    return _leading_answer(text)


_WORDS = re.compile(r"[A-Z0-9]+")
_LEAD_YES = frozenset({"Y", "YES"})
_LEAD_NO = frozenset({"N", "NO", "NOT"})


def _leading_answer(text: str) -> tuple[bool | None, str | None]:
    """A yes or no followed by a gloss: "Y - recommended", "Yes (court)", "No rec", "N - see
    notes". A text that also says the other ("Yes - no longer") or "known" is not an answer."""
    words = _WORDS.findall(text)
    if not words or "KNOWN" in words:
        return None, NOT_YES_NO
    rest = set(words[1:])
    if words[0] in _LEAD_YES and not rest & _LEAD_NO:
        return True, None
    if words[0] in _LEAD_NO and not rest & _LEAD_YES:
        return False, None
    return None, NOT_YES_NO


# Decision cells that say no decision has been made yet.
_UNDECIDED = frozenset({
    "", "-", "--", "?", "PENDING", "AWAITING", "OPEN", "ONGOING", "OUTSTANDING", "IN PROGRESS",
    "UNDER CONSIDERATION", "NOT CONSIDERED", "NOT YET CONSIDERED", "NOT YET DECIDED",
    "UNDECIDED", "NO DECISION", "NONE", "NIL", "REFERRED", "TBC", "TBA", "N/A", "NA", "N/K",
    "NK", "NOT KNOWN", "UNKNOWN", "WIP", "TBD", "LIVE", "ALLOCATED", "UNALLOCATED", "IN HAND",
})  # fmt: skip
_UNDECIDED_START = (
    "PENDING", "AWAITING", "AWAITED", "UNDER CONSIDERATION", "BEING CONSIDERED", "NOT YET",
    "NOT DECIDED", "TO BE DECIDED", "REFERRED TO", "WITH CASEWORKER", "WITH THE CASEWORKER",
    "DECISION AWAITED", "DECISION PENDING", "DECISION OUTSTANDING", "DECISION NOT YET",
)  # fmt: skip


def states_a_decision(text: str) -> bool:
    """Whether an IND decision cell records a decision ("Deport", "No action", "Do not
    deport"), so the case was considered, rather than none yet ("Pending", "Awaiting
    papers", blank)."""
    words = " ".join(text.upper().replace(".", " ").split())
    return words not in _UNDECIDED and not words.startswith(_UNDECIDED_START)
