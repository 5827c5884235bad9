"""Features built in bulk against the name-by-name definitions: the same keys, texts and
equalities, and ids given in order of first appearance."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.link import LinkerConfig, compare, score
from reconcile.link.compare import plain_texts
from reconcile.link.features import (
    MAX_WORDS,
    Codes,
    Features,
    IntArray,
    Vocabulary,
    build_features,
    clean_number,
    fold_all,
    fold_confusable,
)
from reconcile.link.names import (
    clean_text,
    clean_texts,
    name_keys,
    part_keys,
    parts_keys,
    skeleton,
    skeletons,
    token_key,
    token_keys,
)
from reconcile.link.training import train
from tests.test_link_decisions import i as ind_row
from tests.test_link_decisions import p as prison_row

_LETTERS = "ABCDEHIKLMNOSTUXYZ"
_WORDS = st.text(alphabet=_LETTERS, min_size=1, max_size=9)
_NAME_BITS = st.sampled_from(
    ["AL", "EL", "ABDUL", "MC", "O", "DE", "VAN", "MOHAMMED", "MUHAMMAD", "O'BRIEN",
     "AL-JABURI", "ALJABURI", "McDONALD", "Zoë", "KHAN", "Y", "ZHANG", "  ", ",", "-"]
)  # fmt: skip
_PARTS = st.lists(st.one_of(_WORDS, _NAME_BITS), max_size=4).map(" ".join)


@pytest.mark.parametrize(
    "token",
    ["Y", "YY", "AYA", "AH", "H", "HH", "XA", "XI", "C", "CH", "ABCH", "SCHH", "OOO", "MOHAMMED",
     "YOUSSEF", "CABDI", "PHILLIP", "KHALIDH", "DJAMEL", "QUYEN"],
)  # fmt: skip
def test_skeletons_of_edge_tokens(token: str) -> None:
    assert skeletons([token, token + "A", "Y" + token]) == [
        skeleton(token),
        skeleton(token + "A"),
        skeleton("Y" + token),
    ]


@settings(max_examples=150)
@given(st.lists(_WORDS, max_size=30))
def test_skeletons_equal_one_by_one(tokens: list[str]) -> None:
    assert skeletons(tokens) == [skeleton(t) for t in tokens]
    assert token_keys(tokens) == [token_key(t) for t in tokens]


def test_skeletons_of_a_token_with_a_newline_one_by_one() -> None:
    assert skeletons(["AB\nCH", "KHAN"]) == [skeleton("AB\nCH"), skeleton("KHAN")]


@settings(max_examples=150)
@given(st.lists(_PARTS, max_size=20))
def test_parts_keys_equal_part_keys(texts: list[str]) -> None:
    known: dict[str, str] = {}
    assert parts_keys(texts, known) == [part_keys(t) for t in texts]
    # Words learnt once are reused: the same answer from a second call.
    assert parts_keys(texts, known) == [part_keys(t) for t in texts]


@settings(max_examples=150)
@given(st.lists(st.one_of(_PARTS, st.text(max_size=8)), max_size=20))
def test_clean_texts_equal_clean_text(texts: list[str]) -> None:
    assert clean_texts(texts) == [clean_text(t) for t in texts]


@pytest.mark.parametrize(
    "texts", [[], [""], ["", ""], [" - "], ["A\nB", "C"], ["  o'brien  ", "al-jaburi", "\t"]]
)
def test_clean_texts_table(texts: list[str]) -> None:
    assert clean_texts(texts) == [clean_text(t) for t in texts]


@settings(max_examples=100)
@given(st.lists(st.text(alphabet="ABC:", max_size=3), max_size=40))
def test_add_gives_the_ids_of_one_by_one(texts: list[str]) -> None:
    bulk, single = Vocabulary(), Vocabulary()
    bulk.ids_of(["B", "A"])
    single.id("B"), single.id("A")
    assert bulk.ids_of(texts) == [single.id(t) for t in texts]
    assert bulk.strings == single.strings == list(single.ids)


@settings(max_examples=100)
@given(
    st.lists(
        st.one_of(st.text(alphabet="ABOQDILSZGB0125\n ", max_size=6), st.just("")), max_size=20
    )
)
def test_fold_all_equals_fold_confusable(numbers: list[str]) -> None:
    assert fold_all(numbers) == [fold_confusable(v) for v in numbers]


def test_codes_in_order_of_first_appearance() -> None:
    codes = Codes()
    assert codes.of(["b", "a", "b", "c"]).tolist() == [1, 2, 1, 3]
    assert codes.of(["c", "d", "a"]).tolist() == [3, 4, 2]


def _records() -> tuple[list, list]:
    d = date(1990, 5, 17)
    prison = [
        prison_row(0, "AL-JABURI", "Mohammed Ali", d, "A1234BC", "IQ"),
        prison_row(1, "KHAN", "IMRAN", None, "a 1234 bc", None),
        prison_row(2, "JABURI, MUHAMMAD", "", d, "", "IQ"),
        prison_row(3, "", "", d, "O1234BC"),
        prison_row(4, "AL DE", "", d, None),
        prison_row(5, "ALDE", "", d, "B8"),
        prison_row(6, "IMRAN", "KHAN", date(1990, 1, 1), "A1234BC", "PK"),
        prison_row(7, "AL-JABURI", "Mohammed Ali", d, "A1234BC", "IQ"),
        prison_row(8, "SMITH JONES", "ANNA MARIA LUISA ROSA", d),
        prison_row(9, "SMITHJONES", "ANNA", d),
    ]
    ind = [
        ind_row(0, "KHAN", "IMRAN", d, "A1234BC", "PK"),
        ind_row(1, "ALJABOURI", "MUHAMMAD ALI", d, None, "IQ"),
        ind_row(2, "IMRAN", "KHAN", None, "", None),
        ind_row(3, "AL DE", "", None, "88"),
        ind_row(4, "NEW", "NAME", d, "A1234BC"),
    ]
    return prison, ind


def _expected(record: object) -> dict[str, object]:
    """A record's name columns as strings (None: missing), from name_keys."""
    keys = name_keys(record.surname, record.forenames)  # type: ignore[attr-defined]
    named = not keys.missing
    number = clean_number(record.prison_number)  # type: ignore[attr-defined]
    return {
        "exact": keys.exact if named else None,
        "variant": keys.variant if named else None,
        "bag": keys.bag if named else None,
        "surname": keys.surname_key,
        "forename": keys.forename_key,
        "first_surname": keys.first_surname,
        "first_forename": keys.first_forename,
        "surname_text": keys.surname_text,
        "forename_text": keys.forename_text,
        "n_words": min(len(keys.words), MAX_WORDS),
        "words": list(keys.words[:MAX_WORDS]),
        "number": number or None,
        "number_folded": fold_confusable(number) or None,
        "nationality": record.nationality or None,  # type: ignore[attr-defined]
    }


def test_features_hold_the_keys_of_each_name() -> None:
    prison, ind = _records()
    vocab = Vocabulary()
    fp, fi = build_features(prison, vocab), build_features(ind, vocab)
    texts = plain_texts(vocab)
    rows = [(fp, k, r) for k, r in enumerate(prison)] + [(fi, k, r) for k, r in enumerate(ind)]
    expected = [_expected(r) for _, _, r in rows]
    for field in ("bag", "number", "nationality"):
        for (f, k, _), want in zip(rows, expected, strict=True):
            got = int(getattr(f, field)[k])
            assert (texts[got] if got else None) == (want[field] or None), field
    # An empty part's text is "t:" (never similar to anything), not missing.
    fields = ("surname", "forename", "first_surname", "first_forename", "surname_text")
    for field in (*fields, "forename_text"):
        for (f, k, _), want in zip(rows, expected, strict=True):
            assert texts[int(getattr(f, field)[k])] == want[field], field
    for (f, k, _), want in zip(rows, expected, strict=True):
        assert int(f.n_words[k]) == want["n_words"]
        assert [texts[w] for w in f.words[k] if w] == want["words"]
    # Columns compared for equality only: equal ids exactly for equal strings, 0 for none.
    for field in ("exact", "variant", "number_folded"):
        ids = [int(getattr(f, field)[k]) for f, k, _ in rows]
        want = [w[field] for w in expected]
        assert [x == 0 for x in ids] == [w is None for w in want], field
        for a in range(len(rows)):
            for b in range(len(rows)):
                if want[a] is not None and want[b] is not None:
                    assert (ids[a] == ids[b]) == (want[a] == want[b]), (field, a, b)


def test_dates_of_birth() -> None:
    prison, _ = _records()
    f = build_features(prison, Vocabulary())
    assert f.year.tolist() == [r.dob.year if r.dob else 0 for r in prison]
    assert f.month.tolist() == [r.dob.month if r.dob else 0 for r in prison]
    assert f.day.tolist() == [r.dob.day if r.dob else 0 for r in prison]


def test_ids_in_order_of_first_appearance_within_each_column() -> None:
    """Blocking and training sort on ids: each column's ids rise with each value's first
    appearance (the first file's records, then the second's)."""
    prison, ind = _records()
    vocab = Vocabulary()
    fp, fi = build_features(prison, vocab), build_features(ind, vocab)
    for field in ("exact", "variant", "bag", "number", "number_folded"):
        ids = np.concatenate([getattr(fp, field), getattr(fi, field)])
        seen = [int(x) for x in dict.fromkeys(ids.tolist()) if x]
        assert seen == sorted(seen), field


def test_second_file_reuses_the_first_files_names() -> None:
    prison, _ = _records()
    vocab = Vocabulary()
    fp = build_features(prison, vocab)
    size = len(vocab.strings)
    again = build_features(prison, vocab)
    assert len(vocab.strings) == size
    for field in fp.__dataclass_fields__:
        assert np.array_equal(getattr(fp, field), getattr(again, field)), field
    vocab.forget_names()
    once_more = build_features(prison, vocab)
    assert np.array_equal(fp.exact, once_more.exact) and np.array_equal(fp.bag, once_more.bag)


def test_empty_file() -> None:
    f = build_features([], Vocabulary())
    assert len(f) == 0 and f.words.shape == (0, MAX_WORDS)


def _every_pair() -> tuple[Features, Features, IntArray, IntArray, npt.NDArray[np.object_]]:
    """The test records' features, every (prison, IND) pair of them, and the plain texts."""
    prison, ind = _records()
    vocab = Vocabulary()
    fp, fi = build_features(prison, vocab), build_features(ind, vocab)
    pp = np.repeat(np.arange(len(prison)), len(ind))
    ii = np.tile(np.arange(len(ind)), len(prison))
    return fp, fi, pp, ii, plain_texts(vocab)


def test_pairs_compared_in_parts_give_the_same_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    """compare_pairs works through the pairs in parts; any part size gives the same array."""
    fp, fi, pp, ii, texts = _every_pair()
    whole = compare.compare_pairs(fp, fi, pp, ii, texts)
    assert whole.shape == (len(pp), len(compare.FIELDS))
    assert len(set(map(tuple, whole.tolist()))) > 5  # the records compare at several levels
    for part in (1, 3, 7, len(pp) - 1):
        monkeypatch.setattr(compare, "COMPARE_PART", part)
        assert np.array_equal(compare.compare_pairs(fp, fi, pp, ii, texts), whole), part


def test_pairs_scored_in_chunks_give_the_same_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    """score_pairs works through the pairs in chunks; any chunk size gives the same arrays,
    bit for bit."""
    fp, fi, pp, ii, texts = _every_pair()
    levels = compare.compare_pairs(fp, fi, pp, ii, texts)
    model = train(fp, fi, texts, LinkerConfig(), 1)
    freq = score.Frequencies.of(fp, fi)
    whole = score.score_pairs(levels, model, freq, fp, fi, pp, ii)
    assert len(set(whole.weight.tolist())) > 5
    for chunk in (1, 3, 7, len(pp) - 1):
        monkeypatch.setattr(score, "CHUNK", chunk)
        got = score.score_pairs(levels, model, freq, fp, fi, pp, ii)
        assert np.array_equal(got.shown, whole.shown), chunk
        assert np.array_equal(got.weight, whole.weight), chunk
        assert np.array_equal(got.probability, whole.probability), chunk
