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

from reconcile.forked import Forked
from reconcile.link.features import Codes, Features, IntArray, Record, Vocabulary, build_features

# IND rows from which the file's features are built in a child: below, starting the child
# and reading its answer back cost more than the work saved.
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


def encode_files(
    prison: Sequence[Record], ind: Sequence[Record], vocab: Vocabulary, spare: bool
) -> tuple[Features, Features]:
    """build_features of the prison records, then of the IND records, on ``vocab`` (the same
    features and ids); the IND records' in a forked child when there are enough of them and
    memory to spare (``spare``, see forked.room_to_fork), in turn otherwise (and where there
    is no fork: the child's work done here would be slower than building in turn). The cache
    of encoded names is dropped from ``vocab`` either way."""
    if len(ind) < TWO_CORES_FROM or not spare or not hasattr(os, "fork"):
        p, i = build_features(prison, vocab), build_features(ind, vocab)
        vocab.forget_names()
        return p, i
    jobs: list[Forked] = []
    try:
        there = Forked(partial(encoded_alone, ind), "features", jobs, redo=True)
        p = build_features(prison, vocab)
        vocab.forget_names()
        i = translate(there.wait(), vocab)
    finally:
        for job in jobs:
            job.stop()
    return p, i
