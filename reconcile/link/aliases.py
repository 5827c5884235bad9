"""Aliases compared as well as names: a person is a set of names.

A name cell can give a second name after an alias marker ("OKAFOR (aka MENSAH)"; see
reconcile.normalise.fields). For the cross-file comparison each such record gets a stand-in:
a copy of it named by the alias, with an idx after every record of its file. The stand-ins
are blocked, compared and scored with the records, frequencies and all, and each of their
pairs is then given to the record it stands for: of the pairs a record and its stand-ins make
with one record of the other file, the heaviest speaks for the record (the name itself when
the alias does no better). The pair remembers which alias it was, for its explanation.

Everything else (training, the people within each file, the assignment) sees the records
alone, so a file without aliases is linked exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from reconcile.link.features import Features, IntArray, Vocabulary, build_features
from reconcile.link.score import Scores
from reconcile.model import IndRecord, PrisonRecord

R = TypeVar("R", PrisonRecord, IndRecord)

# Which names a pair compared (Scored.alias): the two records' own names, the prison row's
# alias, the IND record's alias, or both aliases.
OWN_NAMES, PRISON_ALIAS, IND_ALIAS = 0, 1, 2
_NOTES = {
    PRISON_ALIAS: "the prison row's alias",
    IND_ALIAS: "the IND record's alias",
    PRISON_ALIAS | IND_ALIAS: "both records' aliases",
}
NOTE_MARK = ", by "  # between a level's label and the alias it was reached by


def with_alias(label: str, alias: int) -> str:
    """A name level's label, saying which alias reached it: "exact, by the prison row's
    alias"."""
    return f"{label}{NOTE_MARK}{_NOTES[alias]}" if alias else label


def without_alias(label: str) -> str:
    """The level's own label (see with_alias)."""
    return label.split(NOTE_MARK, 1)[0]


@dataclass(frozen=True, slots=True)
class StandIns:
    """One file's stand-ins: copies of its records named by their aliases, idx from the
    file's length on; and the idx of the record each stands for."""

    records: list[PrisonRecord] | list[IndRecord]
    source: IntArray

    @classmethod
    def of(cls, records: Sequence[R]) -> StandIns:
        n = len(records)
        made: list[R] = []
        source: list[int] = []
        for rec in (r for r in records if r.aliases):
            for surname, forenames in rec.aliases:
                idx = n + len(made)
                made.append(replace(rec, idx=idx, surname=surname, forenames=forenames, aliases=()))
                source.append(rec.idx)
        return cls(made, np.asarray(source, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.source)


def extended(f: Features, stand_ins: StandIns, vocab: Vocabulary) -> Features:
    """``f`` with the stand-ins' rows after its own (encoded with the same vocabulary)."""
    if not len(stand_ins):
        return f
    more = build_features(stand_ins.records, vocab)
    return Features(
        **{
            col.name: np.concatenate([getattr(f, col.name), getattr(more, col.name)])
            for col in fields(Features)
        }
    )


@dataclass(frozen=True, slots=True)
class Collapsed:
    """Candidate pairs between records only, sorted by (prison idx, IND idx)."""

    prison: IntArray
    ind: IntArray
    levels: npt.NDArray[np.int8]
    scores: Scores
    alias: npt.NDArray[np.int8] | None  # per pair: OWN_NAMES, or the alias(es) compared


def collapse(
    pp: IntArray,
    ii: IntArray,
    levels: npt.NDArray[np.int8],
    scores: Scores,
    prison: StandIns,
    n_prison: int,
    ind: StandIns,
    n_ind: int,
) -> Collapsed:
    """Each stand-in's pairs given to the record it stands for; of the pairs one record (with
    its stand-ins) makes with one record of the other file, the heaviest, the own names
    first among equals. Without stand-ins, the pairs as they are."""
    if not len(prison) and not len(ind):
        return Collapsed(pp, ii, levels, scores, None)
    p_alias, i_alias = pp >= n_prison, ii >= n_ind
    rp, ri = pp.copy(), ii.copy()
    rp[p_alias] = prison.source[pp[p_alias] - n_prison]
    ri[i_alias] = ind.source[ii[i_alias] - n_ind]
    alias = p_alias.astype(np.int8) * PRISON_ALIAS | i_alias.astype(np.int8) * IND_ALIAS
    code = rp * np.int64(max(n_ind, 1)) + ri
    order = np.lexsort((alias, -scores.weight, code))
    first = np.ones(len(order), dtype=bool)
    first[1:] = code[order][1:] != code[order][:-1]
    keep = order[first]
    keep = keep[np.argsort(code[keep], kind="stable")]
    kept = Scores(scores.shown[keep], scores.weight[keep], scores.probability[keep])
    return Collapsed(rp[keep], ri[keep], levels[keep], kept, alias[keep])
