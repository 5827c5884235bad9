"""The linker's array helpers against plain reference versions: same answers, any input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from reconcile.link.blocking_keys import sorted_unique, third_letters, word_rows, written_initials
from reconcile.link.cluster import components
from reconcile.link.features import MAX_WORDS, Features, Vocabulary, build_features
from reconcile.link.fellegi_sunter import distinct_patterns
from reconcile.link.names import name_keys
from tests.test_link_decisions import p as prison_row


def _reference_components(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Union-find, components numbered by their smallest member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for x, y in edges:
        rx, ry = find(x), find(y)
        parent[max(rx, ry)] = min(rx, ry)
    roots = sorted({find(x) for x in range(n)})
    return [roots.index(find(x)) for x in range(n)]


@pytest.mark.parametrize(
    ("n", "edges", "expected"),
    [
        (0, [], []),
        (3, [], [0, 1, 2]),
        (4, [(3, 0)], [0, 1, 2, 0]),
        (5, [(4, 3), (3, 2), (2, 1)], [0, 1, 1, 1, 1]),
        (6, [(5, 1), (4, 2), (2, 5)], [0, 1, 1, 2, 1, 1]),
        (3, [(1, 1)], [0, 1, 2]),
    ],
)
def test_components_table(n: int, edges: list[tuple[int, int]], expected: list[int]) -> None:
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    assert components(n, a, b).tolist() == expected


def _graphs(n: int) -> st.SearchStrategy[tuple[int, list[tuple[int, int]]]]:
    edge = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    return st.tuples(st.just(n), st.lists(edge, max_size=60))


@settings(max_examples=80)
@given(st.integers(1, 40).flatmap(_graphs))
def test_components_equal_union_find(case: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = case
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    assert components(n, a, b).tolist() == _reference_components(n, edges)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], []), ([5], [5]), ([3, 1, 3, 2, 1], [1, 2, 3]), ([-1, 0, -1], [-1, 0])],
)
def test_sorted_unique_table(values: list[int], expected: list[int]) -> None:
    assert sorted_unique(np.array(values, dtype=np.int64)).tolist() == expected


@given(st.lists(st.integers(-(2**62), 2**62), max_size=50))
def test_sorted_unique_equals_numpy(values: list[int]) -> None:
    arr = np.array(values, dtype=np.int64)
    assert np.array_equal(sorted_unique(arr), np.unique(arr))


@settings(max_examples=60)
@given(st.lists(st.lists(st.integers(0, 127), min_size=4, max_size=4), min_size=1, max_size=60))
def test_distinct_patterns_equal_numpy_unique_rows(rows: list[list[int]]) -> None:
    levels = np.array(rows, dtype=np.int8)
    patterns, counts = distinct_patterns(levels)
    want_patterns, want_counts = np.unique(levels, axis=0, return_counts=True)
    assert patterns.dtype == np.int8
    assert np.array_equal(patterns, want_patterns) and np.array_equal(counts, want_counts)


NAMES = [("SMITH", "JOHN"), ("NGUYEN", "VAN AN"), ("", "ALI"), ("O'BRIEN", ""), ("", "")]
NAMES += [("AL JABURI", "MUHAMMAD ALI HASSAN OMAR"), ("Smith, John", ""), ("SMITH", "JOHN")]


def _features() -> tuple[Features, Vocabulary]:
    vocab = Vocabulary()
    records = [prison_row(k, s, f, None) for k, (s, f) in enumerate(NAMES)]
    return build_features(records, vocab), vocab


def test_word_rows_are_each_records_distinct_words_in_order() -> None:
    f, _ = _features()
    words, rows = word_rows(f)
    want = sorted({(r, int(w)) for r in range(len(f)) for w in f.words[r, :MAX_WORDS] if w})
    assert list(zip(rows.tolist(), words.tolist(), strict=True)) == want


def test_written_initials_match_the_first_letters_as_written() -> None:
    f, vocab = _features()
    keys, rows = written_initials(f, vocab)
    assert rows.tolist() == list(range(len(f)))
    for k, (sur, fore) in enumerate(zip(f.surname_text, f.forename_text, strict=True)):
        a, b = vocab.strings[sur][2:3], vocab.strings[fore][2:3]
        want = vocab.ids["w:" + "".join(sorted((a, b)))] if a and b else 0
        assert keys[k] == want
    assert keys[0] == keys[len(f) - 1] != 0  # the same name, the same key
    letters = third_letters(f.surname_text, vocab)
    assert [chr(c) if c else "" for c in letters.tolist()][:3] == ["S", "N", ""]


NAME_WORDS = ["SMITH", "AL-JABURI", "O'BRIEN", "MUHAMMAD", "WIŚNIEWSKI", "DA SILVA", "ZHANG"]
NAME_WORDS += ["MCDONALD", "ABDUL RAHMAN", "NGUYEN VAN", "H", "XASAN", "  ", "BIN", "Smith, John"]


@settings(max_examples=150)
@given(*(st.lists(st.sampled_from(NAME_WORDS), max_size=3).map(" ".join) for _ in range(4)))
def test_ratio_of_bags_is_their_token_sort_ratio(s1: str, f1: str, s2: str, f2: str) -> None:
    """compare.name_similarity relies on it: bags are sorted word keys, single spaces."""
    a, b = name_keys(s1, f1).bag, name_keys(s2, f2).bag
    assert fuzz.ratio(a, b) == fuzz.token_sort_ratio(a, b)
