"""The IND file's features built on a vocabulary of their own and translated give exactly
what building both files in turn on one vocabulary gives: every column's ids, the
vocabulary's strings and every family of codes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.link import encode
from reconcile.link.encode import encode_files, encoded_alone, translate
from reconcile.link.features import Features, Vocabulary, build_features
from reconcile.model import IndRecord, PrisonRecord
from tests.test_link_decisions import i as ind_row
from tests.test_link_decisions import p as prison_row

# Few values, so that the two files share names, name parts, words and numbers.
_SURNAMES = ["AL-JABURI", "ALJABOURI", "KHAN", "SMITH JONES", "O'BRIEN", "MCDONALD", "", "AL DE",
             "NGUYEN VAN", "KHAN, IMRAN", "YILMAZ", "DA SILVA"]  # fmt: skip
_FORENAMES = ["MOHAMMED ALI", "MUHAMMAD", "IMRAN", "ANNA MARIA LUISA ROSA SOFIA", "", "ABDUL KARIM",
              "YUSUF", "WANG", "ABDI CABDI"]  # fmt: skip
_NUMBERS = [None, "", "A1234BC", "a 1234 bc", "O1234BC", "B8", "88", "AB12"]
_DATES = [None, date(1990, 5, 17), date(1990, 1, 1), date(1985, 12, 3)]
_NATIONS = [None, "IQ", "PK", "NG"]
_REFS = ["", "0000", "AB1", "K1234567", "K1234567", "S7654321", "N0000000"]
_POLICE = [None, None, "2001/0012345A", "12345/01A"]

_row = st.tuples(
    st.sampled_from(_SURNAMES),
    st.sampled_from(_FORENAMES),
    st.sampled_from(_DATES),
    st.sampled_from(_NUMBERS),
    st.sampled_from(_NATIONS),
    st.sampled_from(_REFS),
    st.sampled_from(_POLICE),
)
Row = tuple[str, str, date | None, str | None, str | None, str, str | None]


def _prison(rows: Sequence[Row]) -> list[PrisonRecord]:
    return [
        replace(prison_row(k, s, f, d, n, c), pnc=pnc)
        for k, (s, f, d, n, c, _, pnc) in enumerate(rows)
    ]


def _ind(rows: Sequence[Row]) -> list[IndRecord]:
    return [
        replace(ind_row(k, s, f, d, n, c, ref or "-"), pnc=pnc, cro=pnc)
        for k, (s, f, d, n, c, ref, pnc) in enumerate(rows)
    ]


def _same(a: Features, b: Features) -> None:
    for field in Features.__dataclass_fields__:
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
        assert getattr(a, field).dtype == getattr(b, field).dtype, field


def _same_vocabulary(a: Vocabulary, b: Vocabulary) -> None:
    assert a.strings == b.strings and a.ids == b.ids
    for family in ("exact", "variant", "folded", "flat", "case"):
        assert getattr(a, family).ids == getattr(b, family).ids, family


def _in_turn(
    prison: list[PrisonRecord], ind: list[IndRecord]
) -> tuple[Features, Features, Vocabulary]:
    """The reference: the prison file's halves (encode.halves), then the IND file, built in
    turn on one vocabulary."""
    vocab = Vocabulary()
    head, tail = encode.halves(prison)
    fp = build_features(head, vocab)
    if tail:
        fp = encode.joined(fp, build_features(tail, vocab))
    return fp, build_features(ind, vocab), vocab


@settings(max_examples=150, deadline=None)
@given(st.lists(_row, max_size=25), st.lists(_row, max_size=25))
def test_translated_features_are_those_built_in_turn(
    prison_rows: list[Row], ind_rows: list[Row]
) -> None:
    prison, ind = _prison(prison_rows), _ind(ind_rows)
    fp, fi, together = _in_turn(prison, ind)
    vocab = Vocabulary()
    fp2 = build_features(prison, vocab)
    fi2 = translate(encoded_alone(ind), vocab)
    _same(fp, fp2)
    _same(fi, fi2)
    _same_vocabulary(together, vocab)


def test_a_file_of_names_the_other_has_adds_nothing() -> None:
    rows: list[Row] = [("KHAN", "IMRAN", date(1990, 5, 17), "A1234BC", "PK", "K1234567", None)]
    prison, ind = _prison(rows * 3), _ind(rows)
    vocab = Vocabulary()
    build_features(prison, vocab)
    strings = list(vocab.strings)
    # The IND record adds only its case reference (a code of its own), no string.
    fi = translate(encoded_alone(ind), vocab)
    assert vocab.strings == strings
    assert list(vocab.case.ids) == ["K1234567"] and fi.case.tolist() == [1]


def _many_rows() -> tuple[list[PrisonRecord], list[IndRecord]]:
    rows: list[Row] = [
        (s, f, d, n, c, ref, None)
        for s, f, d, n, c, ref in zip(
            _SURNAMES * 3, _FORENAMES * 4, _DATES * 9, _NUMBERS * 5, _NATIONS * 9, _REFS * 6,
            strict=False,
        )
    ]  # fmt: skip
    return _prison(rows[::2]), _ind(rows[1::2] + rows[:5])


@pytest.mark.parametrize("spare", [True, False])
def test_encode_files_forks_and_gives_the_same(
    monkeypatch: pytest.MonkeyPatch, spare: bool
) -> None:
    """Through the child (the threshold lowered) and on one core: the same features, and the
    cache of encoded names dropped either way."""
    monkeypatch.setattr(encode, "TWO_CORES_FROM", 1)
    prison, ind = _many_rows()
    fp, fi, together = _in_turn(prison, ind)
    vocab = Vocabulary()
    fp2, fi2 = encode_files(prison, ind, vocab, spare)
    _same(fp, fp2)
    _same(fi, fi2)
    _same_vocabulary(together, vocab)
    assert vocab.names == {} and vocab.parts == {} and len(vocab.name_rows) == 0


def test_a_child_that_dies_is_redone_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encode, "TWO_CORES_FROM", 1)
    rows: list[Row] = [("KHAN", "IMRAN", None, "A1", "PK", "K1234567", None)]
    prison, ind = _prison(rows), _ind(rows * 2)

    parent = os.getpid()

    def dies(records: list[IndRecord]) -> encode.Encoded:
        if os.getpid() != parent:
            os._exit(3)  # the child dies without an answer
        return encoded_alone(records)

    fp, fi, together = _in_turn(prison, ind)
    with monkeypatch.context() as m:
        m.setattr(encode, "encoded_alone", dies)
        vocab = Vocabulary()
        fp2, fi2 = encode_files(prison, ind, vocab, spare=True)
    _same(fp, fp2)
    _same(fi, fi2)
    _same_vocabulary(together, vocab)


def test_without_fork_the_files_are_built_in_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where there is no fork, the child's work would be done here, cold: slower than
    building in turn, so the files are built in turn."""
    monkeypatch.setattr(encode, "TWO_CORES_FROM", 1)
    monkeypatch.delattr(encode.os, "fork")
    monkeypatch.setattr(encode, "encoded_alone", lambda records: pytest.fail("not in turn"))
    rows: list[Row] = [("KHAN", "IMRAN", None, "A1", "PK", "K1234567", None)]
    prison, ind = _prison(rows), _ind(rows * 2)
    fp, fi, together = _in_turn(prison, ind)
    vocab = Vocabulary()
    fp2, fi2 = encode_files(prison, ind, vocab, spare=True)
    _same(fp, fp2)
    _same(fi, fi2)
    _same_vocabulary(together, vocab)


def test_halves_only_from_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = list(range(5))
    assert encode.halves(rows) == (rows, [])
    monkeypatch.setattr(encode, "TWO_CORES_FROM", 4)
    assert encode.halves(rows) == ([0, 1], [2, 3, 4])
    assert encode.halves(rows[:3]) == ([0, 1, 2], [])


def test_joined_features_are_the_parts_row_after_row() -> None:
    rows: list[Row] = [("KHAN", "IMRAN", date(1990, 5, 17), "A1234BC", "PK", "K1", "12345/01A"),
                       ("SMITH JONES", "", None, None, None, "", None)]  # fmt: skip
    prison = _prison(rows * 2)
    vocab = Vocabulary()
    first, second = build_features(prison[:1], vocab), build_features(prison[1:], vocab)
    both = encode.joined(first, second)
    for field in Features.__dataclass_fields__:
        column = getattr(both, field)
        assert len(column) == 4, field
        assert np.array_equal(column[:1], getattr(first, field)), field
        assert np.array_equal(column[1:], getattr(second, field)), field
    assert both.words.shape == (4, first.words.shape[1])


def test_features_begun_ahead_give_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The IND file's features begun in a child before the linker runs (as the pipeline does
    while the prison workbook is read): the same features and vocabulary."""
    monkeypatch.setattr(encode, "TWO_CORES_FROM", 1)
    prison, ind = _many_rows()
    fp, fi, together = _in_turn(prison, ind)
    with encode.FeaturesAhead() as ahead:
        ahead.start(ind)
        job = ahead.take(ind)
        assert job is not None
        vocab = Vocabulary()
        fp2, fi2 = encode_files(prison, ind, vocab, spare=True, ind_ahead=job)
    _same(fp, fp2)
    _same(fi, fi2)
    _same_vocabulary(together, vocab)


def test_features_ahead_of_other_records_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encode, "TWO_CORES_FROM", 1)
    _, ind = _many_rows()
    with encode.FeaturesAhead() as ahead:
        ahead.start(ind)
        assert ahead.take(list(ind)) is None  # an equal list, not the one begun on
        assert ahead.take(ind) is None  # the child was stopped
    small = encode.FeaturesAhead()
    small.start(ind[:0])  # too few rows: nothing begun
    assert small.take(ind[:0]) is None


def test_features_ahead_stopped_on_the_way_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that fails before the linker leaves no child behind."""
    monkeypatch.setattr(encode, "TWO_CORES_FROM", 1)
    _, ind = _many_rows()
    started: list[encode.Forked] = []
    real = encode.Forked

    def kept(*args: object, **kwargs: object) -> encode.Forked:
        job = real(*args, **kwargs)  # type: ignore[arg-type]
        started.append(job)
        return job

    monkeypatch.setattr(encode, "Forked", kept)
    with pytest.raises(RuntimeError), encode.FeaturesAhead() as ahead:
        ahead.start(ind)
        raise RuntimeError("a later stage failed")
    assert len(started) == 1 and started[0]._pid == 0 and started[0]._read_fd == -1
