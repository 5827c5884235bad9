"""What a cell beside the Decision says of the decision (reconcile.decision_words): the words a
Decision may hold, alone or with a comment after them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.decision_words import DECIDING, NOT_SAME, SAME, SKIP, VALUES, leading, stated


@pytest.mark.parametrize(
    ("text", "loose", "strict"),
    [
        ("Same person", SAME, SAME),
        ("NOT THE SAME PERSON.", NOT_SAME, NOT_SAME),
        ("not-the-same-person \u2013 DOB", NOT_SAME, NOT_SAME),
        ("different person", NOT_SAME, NOT_SAME),
        ("Not the same person - different DOB", NOT_SAME, NOT_SAME),
        ("same person; PNC matches", SAME, SAME),
        ("Same person because the PNC matches", SAME, SAME),
        ("yes", SAME, None),
        ("No: another man", NOT_SAME, None),
        ("Skip - unsure", SKIP, None),
        ("skip", SKIP, None),
        ("Same person?", None, None),
        ("same person..", None, None),
        ("Same person as candidate 2", None, None),
        ("same DOB, different name", None, None),
        ("Same person's date of birth differs", None, None),
        ("Notable: no PNC", None, None),
        ("", None, None),
        ("   ", None, None),
    ],
)
def test_what_a_cell_states(text: str, loose: str | None, strict: str | None) -> None:
    assert stated(text, loose=True) == loose
    assert stated(text, loose=False) == strict


_WORDS = sorted(k for k in VALUES if k)
_COMMENT = st.text(st.characters(categories=["L", "Nd", "Zs"]), min_size=1).filter(
    lambda t: t.strip()
)


@given(
    st.sampled_from(_WORDS), st.sampled_from(["-", ":", ";", ",", "(", "/", " \u2014"]), _COMMENT
)
def test_a_decision_with_a_comment_after_a_mark_is_that_decision(
    word: str, mark: str, comment: str
) -> None:
    text = f"{word.upper()}{mark} {comment}"
    assert stated(text, loose=True) == VALUES[word]
    assert leading(text) == (VALUES[word], comment.strip())
    assert stated(text, loose=False) == (VALUES[word] if word in DECIDING else None)


_LED = st.builds(lambda word, rest: word + rest, st.sampled_from(_WORDS), st.text(max_size=12))


@given(st.one_of(st.text(), _LED))
def test_the_note_and_reviewer_state_only_the_words_that_can_mean_nothing_else(
    text: str,
) -> None:
    """Whatever a Note holds, it states a decision only when it begins with one of DECIDING's
    phrases (its words apart by spaces or hyphens), and only the decision that phrase is."""
    found = stated(text, loose=False)
    if found is not None:
        folded = re.sub(r"[\s-]+", " ", text.strip().casefold())
        phrases = [p for p in DECIDING if folded.startswith(p)]
        assert phrases, text
        assert found == VALUES[max(phrases, key=len)]
