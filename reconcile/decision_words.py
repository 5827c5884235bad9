"""The words of a reviewer's decision: what a Decision cell may hold, and what another cell of
a line (a column of the reviewer's own, the Note, the Reviewer) says of the decision.

A Decision cell holds the decision alone ("same person", "Not the same person.", "no"). A
reviewer also types decisions where they are not read: in a column of their own, in the Note,
with a comment after them ("not the same person - different DOB"). ``stated`` finds the
decision such a cell states, so that one typed there is not passed over unsaid, and ``leading``
the decision a comment follows, so that the message about it can say what to do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from reconcile.invisible import without_invisible

SAME = "same person"
NOT_SAME = "not the same person"
SKIP = "skip"

VALUES = {
    "same person": SAME,
    "same": SAME,
    "yes": SAME,
    "not the same person": NOT_SAME,
    "not same person": NOT_SAME,
    "not the same": NOT_SAME,
    "not same": NOT_SAME,
    "different person": NOT_SAME,
    "no": NOT_SAME,
    "skip": SKIP,
    "": SKIP,
}

# What a cell says that can only be a decision: not "yes", "no" or "same", which other columns
# of the Needs review sheet hold (a level: nationality "same"), nor "skip".
DECIDING = frozenset({"same person", "not the same person", "not same person", "different person"})


# Dashes a word processor or another system puts where a hyphen was typed: non-breaking
# hyphen, figure dash, en and em dashes, minus sign.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def normal(decision: str) -> str:
    """A Decision cell as VALUES knows it: lower case, hyphens, dashes and runs of spaces as
    one, and a full stop typed at the end left off ("Same person." is "same person").
    Characters that show nothing (a zero-width space or soft hyphen pasted with the text) are
    left out and letters typed in their full-width or other compatibility forms read as the
    letters: the decision is the one the cell shows, and no other word could be meant."""
    if not decision.isascii():
        decision = without_invisible(unicodedata.normalize("NFKC", decision)).translate(_DASHES)
    text = re.sub(r"\s+", " ", decision.strip().lower().replace("-", " "))
    return re.sub(r"(?<=\w) ?\.$", "", text)


def _phrases(words: Iterable[str]) -> str:
    """An alternation of the phrases, longest first, their words apart by spaces or hyphens."""
    found = sorted(filter(None, words), key=len, reverse=True)
    return "|".join(r"[\s-]+".join(map(re.escape, w.split())) for w in found)


# A decision, then a comment after a mark that sets it apart: "not the same person - different
# DOB", "No: another man", "Same person (PNC matches)", "same person. Checked the file".
_MARKS = r"\s*(?:[-\u2013\u2014:;,(/.]|\s(?:because|since)\b)"
_LEADING = re.compile(rf"({_phrases(VALUES)}){_MARKS}\s*(.*)$", re.IGNORECASE | re.DOTALL)
_LEADING_DECIDING = re.compile(
    rf"({_phrases(DECIDING)}){_MARKS}\s*(.*)$", re.IGNORECASE | re.DOTALL
)


def leading(text: str, loose: bool = True) -> tuple[str, str] | None:
    """(the decision, the comment after it) when ``text`` is a decision with a comment after
    it ("not the same person - different DOB": NOT_SAME, "different DOB"); else None, as for
    marks with no word after them ("same person..").
    ``loose``: any word of VALUES may lead ("No - another man"); else only DECIDING's."""
    found = (_LEADING if loose else _LEADING_DECIDING).match(text.strip())
    if found is None:
        return None
    comment = found.group(2).strip().rstrip(")").strip()
    # A letter the pattern took for another in another case ("ſame") folded as it does.
    decision = VALUES.get(normal(found.group(1).casefold()))
    if decision is None or not any(c.isalnum() for c in comment):  # "same person..": a slip
        return None
    return decision, comment


def stated(text: str, loose: bool) -> str | None:
    """The decision (SAME, NOT_SAME or SKIP) that a cell other than the Decision states, alone
    or with a comment after it; None when it states none. ``loose``, for a column headed like
    a Decision ("Decision (JS)"): any word of VALUES ("yes", "skip"); else (the Note, the
    Reviewer) only the words that can mean nothing else ("not the same person")."""
    if not text.strip():
        return None
    value = normal(text)
    if value in (VALUES if loose else DECIDING):
        return VALUES[value]
    found = leading(text, loose)
    return found[0] if found else None
