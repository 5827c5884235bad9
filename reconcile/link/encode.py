"""Both files' features at once on two cores: the IND file's built in a forked child on a
vocabulary of its own while this process builds the prison file's, then its ids translated
into the shared vocabulary.

The translation gives every id that building the two files in turn gives (the prison file
first; blocking and training sort on the ids). Each string, name or number the IND file
brings is given the next free id where it is first met, and the child meets the new ones in
the same order as the shared vocabulary would: the only values it meets that building in
turn skips are names the prison file has, whose strings the shared vocabulary holds already.
So adding the child's strings in its own id order, the known ones passed over, reproduces
the order. The same holds for each family of codes (Codes), once the ids inside a code's
key (a name's two parts) are translated first.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import compress, count, repeat
from typing import Any

import numpy as np

from reconcile.forked import Forked, room_to_fork
from reconcile.link.features import (
    Codes,
    Features,
    IntArray,
    Record,
    Vocabulary,
    build_features,
    joined,
)

# Rows from which a file's features (the IND file's, the prison file's second half) are
# built in a child: below, starting the child and reading its answer back cost more than the
# work saved. The prison file is built in halves from here on (see halves).
TWO_CORES_FROM = 20_000
_LOW = np.int64((1 << 31) - 1)  # a code key holding two ids: first * 2**31 + second


@dataclass(slots=True)
class Encoded:
    """One file's features on a vocabulary of its own, and that vocabulary's strings and
    codes, each in id order (what the shared vocabulary needs to translate them)."""

    features: Features
    strings: list[str]
    flat: list[Hashable]
    exact: list[Hashable]
    variant: list[Hashable]
    folded: list[Hashable]
    case: list[Hashable]


def encoded_alone(records: Sequence[Record]) -> Encoded:
    """``records``' features on a fresh vocabulary (run in the child)."""
    own = Vocabulary()
    features = build_features(records, own)
    return Encoded(
        features,
        own.strings,
        list(own.flat.ids),
        list(own.exact.ids),
        list(own.variant.ids),
        list(own.folded.ids),
        list(own.case.ids),
    )


def translate(encoded: Encoded, vocab: Vocabulary) -> Features:
    """``encoded``'s features with the ids ``vocab`` gives, adding what it lacks: the
    features build_features(records, vocab) gives, and ``vocab`` left as it leaves it (its
    cache of encoded names aside)."""
    ids = _strings(vocab, encoded.strings)
    flat = _codes(vocab.flat, encoded.flat)
    exact = _codes(vocab.exact, _pairs_translated(encoded.exact, flat))
    variant = _codes(vocab.variant, _pairs_translated(encoded.variant, ids))
    folded = _codes(vocab.folded, encoded.folded)
    case = _codes(vocab.case, encoded.case)
    f = encoded.features
    return replace(
        f,
        exact=exact[f.exact],
        variant=variant[f.variant],
        bag=ids[f.bag],
        surname=ids[f.surname],
        forename=ids[f.forename],
        first_forename=ids[f.first_forename],
        first_surname=ids[f.first_surname],
        surname_text=ids[f.surname_text],
        forename_text=ids[f.forename_text],
        words=ids[f.words],
        number=ids[f.number],
        number_folded=folded[f.number_folded],
        nationality=ids[f.nationality],
        case=case[f.case],
        pnc=ids[f.pnc],
        cro=ids[f.cro],
    )


def _merged(ids: dict[Any, int], keys: list[Any], start: int) -> tuple[IntArray, list[Any]]:
    """Each of ``keys`` (distinct, in the order they were given ids) -> its id in ``ids``,
    the keys it lacks given ids from ``start`` in turn; and those keys. One lookup per key:
    the keys are distinct already."""
    found = np.fromiter(map(ids.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
    new = found < 0
    fresh = list(compress(keys, new.tolist()))
    found[new] = np.arange(start, start + len(fresh))
    ids.update(zip(fresh, count(start)))
    return found, fresh


def _strings(vocab: Vocabulary, strings: list[str]) -> IntArray:
    """Own string id -> shared string id ("" is id 0 in both), adding the strings ``vocab``
    lacks."""
    found, fresh = _merged(vocab.ids, strings, len(vocab.strings))
    vocab.strings.extend(fresh)
    return found


def _codes(codes: Codes, keys: list[Hashable]) -> IntArray:
    """Own code id -> shared code id (0 stays 0, missing; ids start at 1), adding the keys
    ``codes`` lacks."""
    out = np.zeros(len(keys) + 1, dtype=np.int64)
    out[1:] = _merged(codes.ids, keys, len(codes.ids) + 1)[0]
    return out


def _pairs_translated(keys: list[Hashable], ids: IntArray) -> list[Hashable]:
    """Keys of two ids each (features._pairs) with both ids translated by ``ids``."""
    if not keys:
        return []
    packed = np.fromiter(keys, dtype=np.int64, count=len(keys))
    return (ids[packed >> 31] * np.int64(1 << 31) + ids[packed & _LOW]).tolist()


def halves(records: Sequence[Record]) -> tuple[Sequence[Record], Sequence[Record]]:
    """A file of TWO_CORES_FROM rows or more as its first and second half, a smaller one
    whole (and nothing). The prison file's features are built a half at a time whether or not
    there is a second core, so that the ids, and with them every decision, are the same."""
    if len(records) < TWO_CORES_FROM:
        return records, records[:0]
    middle = len(records) // 2
    return records[:middle], records[middle:]


def encode_files(
    prison: Sequence[Record],
    ind: Sequence[Record],
    vocab: Vocabulary,
    spare: bool,
    ind_ahead: Forked | None = None,
) -> tuple[Features, Features]:
    """build_features of each half of the prison records (see halves), then of the IND
    records, on ``vocab`` (the same features and ids). With memory to spare (``spare``, see
    forked.room_to_fork), the IND records (when there are enough of them) are built in a
    forked child while this process builds the prison file's; ``ind_ahead``, when given, is
    a child building the IND records' features already (FeaturesAhead), and the prison file's
    second half is then built in another child while this process builds the first. Without
    fork or memory to spare, everything is built here in turn (the children's work done here
    would be slower than that). The cache of encoded names is dropped from ``vocab`` either
    way."""
    head, tail = halves(prison)
    forking = spare and hasattr(os, "fork")
    jobs: list[Forked] = [] if ind_ahead is None else [ind_ahead]
    try:
        there = ind_ahead
        if there is None and forking and len(ind) >= TWO_CORES_FROM:
            there = Forked(partial(encoded_alone, ind), "features", jobs, redo=True)
        # The second half in a child only when the IND file's was begun earlier: three at
        # once on two cores, then two translations in turn, took longer than building both
        # halves here in turn.
        rest = None
        if forking and len(tail) and ind_ahead is not None:
            rest = Forked(partial(encoded_alone, tail), "features", jobs, redo=True)
        p = build_features(head, vocab)
        # The IND file's answer, done by now, is read back while the second half's child
        # finishes (it is translated after the second half's, for the ids' order).
        theirs = there.wait() if there is not None and rest is not None else None
        if len(tail):
            p = joined(p, translate(rest.wait(), vocab) if rest else build_features(tail, vocab))
        if there is None:  # the names both files hold are encoded once
            i = build_features(ind, vocab)
            vocab.forget_names()
        else:
            vocab.forget_names()
            i = translate(theirs if theirs is not None else there.wait(), vocab)
    finally:
        for job in jobs:
            job.stop()
    return p, i


class FeaturesAhead:
    """The IND file's features begun in a forked child as soon as its records are built,
    before the linker runs: while the prison workbook, usually the larger, is still being
    parsed and its records built, the second core has nothing else to do. Only for a file
    of TWO_CORES_FROM rows or more, with fork and memory to spare. Used as a context
    manager, the child is stopped on the way out whatever happened."""

    def __init__(self) -> None:
        self._jobs: list[Forked] = []
        self._records: Sequence[Record] | None = None

    def start(self, ind: Sequence[Record]) -> None:
        if self._jobs or len(ind) < TWO_CORES_FROM or not hasattr(os, "fork"):
            return
        if room_to_fork():
            self._records = ind
            Forked(partial(encoded_alone, ind), "features", self._jobs, redo=True)

    def take(self, ind: Sequence[Record]) -> Forked | None:
        """The child, if it was begun on these very records; None otherwise (and any child
        is stopped). The caller waits for it and stops it."""
        job = self._jobs.pop() if self._jobs else None
        if job is not None and self._records is ind:
            return job
        if job is not None:
            job.stop()
        return None

    def stop(self) -> None:
        while self._jobs:
            self._jobs.pop().stop()

    def __enter__(self) -> FeaturesAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
