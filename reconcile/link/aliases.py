"""Aliases, other dates of birth and other prison numbers compared as well: a person is a
set of names, dates and custody numbers.

A name cell can give a second name after an alias marker ("OKAFOR (aka MENSAH)"), a
date-of-birth cell several dates ("12/03/1980; 01/01/1981"), and a prison-number cell several
numbers ("A1234CD / FF8282", one per custody episode; see reconcile.normalise.fields). For the
cross-file comparison each such record gets stand-ins: copies of it with each other
combination of its names, dates of birth and prison numbers, with idxs after every record of
its file. The
stand-ins are blocked, compared and scored with the records, frequencies and all, and each of
their pairs is then given to the record it stands for: of the pairs a record and its
stand-ins make with one record of the other file, the heaviest speaks for the record (its own
name, date and number when the others do no better). The pair remembers what it compared, for its
explanation.

The model is learnt from pairs compared the same way (Alternatives.best), and one file's rows
are grouped into people through them too (collapse_within); the assignment sees the records
alone. A file without aliases, second dates of birth or second prison numbers is linked exactly
as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import product
from typing import Any

import numpy as np
import numpy.typing as npt

from reconcile.link.compare import FloatArray
from reconcile.link.features import Features, IntArray, Vocabulary, build_features, joined
from reconcile.link.score import Scores
from reconcile.model import FieldComparison, Finding, IndRecord, PrisonRecord

# What a pair compared besides the records' own name, date of birth and prison number
# (Scored.alias), as bits: the prison row's alias, the IND record's alias, the prison row's
# other date of birth, the IND record's, the prison row's other prison number, the IND
# record's.
OWN_NAMES = 0
PRISON_ALIAS, IND_ALIAS, PRISON_OTHER_BIRTH, IND_OTHER_BIRTH = 1, 2, 4, 8
PRISON_OTHER_NUMBER, IND_OTHER_NUMBER = 16, 32
ALIAS_BITS = 64  # how many values the bits above can take together
# Stand-ins per record at most: those changing one part first (each other name with the
# record's own date of birth and number, each other date, each other number), then two, then
# all three. The reader keeps at most 4 aliases and 3 other dates of birth a row, and a file
# cannot have more stand-ins than records, so a file of rows giving all of them cannot
# multiply the pairs without bound.
MAX_STAND_INS = 8
# A stand-in's kind, in its own file: another name, another date of birth, another prison
# number, or several of them.
_NAME, _BIRTH, _NUMBER = 1, 2, 4
_SIDES = ("the prison row's", "the IND record's", "both records'")
NOTE_MARK = ", by "  # between a level's label and what reached it


def name_note(compared: int) -> str:
    """Which alias reached a pair's name level ("" for the own names)."""
    which = compared & (PRISON_ALIAS | IND_ALIAS)
    return f"{_SIDES[which - 1]} {'aliases' if which == 3 else 'alias'}" if which else ""


def birth_note(compared: int) -> str:
    """Which other date of birth reached a pair's date-of-birth level ("" for the own)."""
    which = (compared & (PRISON_OTHER_BIRTH | IND_OTHER_BIRTH)) >> 2
    dates = "other dates of birth" if which == 3 else "other date of birth"
    return f"{_SIDES[which - 1]} {dates}" if which else ""


def number_note(compared: int) -> str:
    """Which other prison number reached a pair's prison-number level ("" for the own)."""
    which = (compared & (PRISON_OTHER_NUMBER | IND_OTHER_NUMBER)) >> 4
    numbers = "other prison numbers" if which == 3 else "other prison number"
    return f"{_SIDES[which - 1]} {numbers}" if which else ""


def noted(label: str, note: str) -> str:
    """A level's label, saying what reached it: "exact, by the prison row's alias"."""
    return f"{label}{NOTE_MARK}{note}" if note else label


def without_alias(label: str) -> str:
    """The level's own label (see noted)."""
    return label.split(NOTE_MARK, 1)[0]


def with_notes(fields: tuple[FieldComparison, ...], compared: int) -> tuple[FieldComparison, ...]:
    """A pair's fields, the name's, the date of birth's and the prison number's levels saying
    what reached them."""
    if not compared:
        return fields
    notes = {
        "name": name_note(compared),
        "dob": birth_note(compared),
        "prison_number": number_note(compared),
    }
    return _with_notes(fields, notes)


def _with_notes(
    fields: tuple[FieldComparison, ...], notes: dict[str, str]
) -> tuple[FieldComparison, ...]:
    """``fields``, each field with a note in ``notes`` saying so after its level."""
    return tuple(
        FieldComparison(f.field, noted(f.level, notes[f.field]), f.weight)
        if notes.get(f.field)
        else f
        for f in fields
    )


@dataclass(frozen=True, slots=True)
class StandIns:
    """One file's stand-ins: copies of its records with each other combination of their
    names, dates of birth and prison numbers, idx from the file's length on; the idx of the
    record each stands for, and what it changes (bits _NAME, _BIRTH, _NUMBER)."""

    records: list[PrisonRecord] | list[IndRecord]
    source: IntArray
    kind: npt.NDArray[np.int8]
    left_out: int = 0  # records whose names and dates had no room (see of)

    @classmethod
    def of(cls, records: Sequence[PrisonRecord] | Sequence[IndRecord]) -> StandIns:
        """The stand-ins of ``records``: as many as the file has records at most (a file
        giving more would multiply the pairs), the first records' first; the records left
        without them are counted."""
        n = len(records)
        made: list[Any] = []
        source: list[int] = []
        kinds: list[int] = []
        left_out = 0
        for rec in records:
            if not (rec.aliases or rec.other_births or rec.other_numbers):
                continue
            if len(made) >= n:
                left_out += 1
                continue
            names = [(rec.surname, rec.forenames), *rec.aliases]
            births = [rec.dob, *rec.other_births]
            numbers = [rec.prison_number, *rec.other_numbers]
            # One part changed before two, two before three, at most MAX_STAND_INS (the
            # record itself is (0, 0, 0)).
            combos = sorted(
                product(range(len(names)), range(len(births)), range(len(numbers))),
                key=lambda kbc: ((kbc[0] > 0) + (kbc[1] > 0) + (kbc[2] > 0), kbc),
            )[1 : MAX_STAND_INS + 1]
            for k, b, c in combos:
                surname, forenames = names[k]
                made.append(
                    replace(
                        rec,
                        idx=n + len(made),
                        surname=surname,
                        forenames=forenames,
                        dob=births[b],
                        prison_number=numbers[c],
                        aliases=(),
                        other_births=(),
                        other_numbers=(),
                    )
                )
                source.append(rec.idx)
                kinds.append((_NAME if k else 0) | (_BIRTH if b else 0) | (_NUMBER if c else 0))
        source_ids = np.asarray(source, dtype=np.int64)
        return cls(made, source_ids, np.asarray(kinds, dtype=np.int8), left_out)

    def as_dict(self) -> dict[str, int]:
        """What the manifest records: records with stand-ins, stand-ins, records left out."""
        return {
            "records": len(np.unique(self.source)),
            "stand_ins": len(self.source),
            "records_left_out": self.left_out,
        }

    @classmethod
    def none(cls) -> StandIns:
        return cls([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int8))

    def __len__(self) -> int:
        return len(self.source)


def extended(f: Features, stand_ins: StandIns, vocab: Vocabulary) -> Features:
    """``f`` with the stand-ins' rows after its own (encoded with the same vocabulary)."""
    if not len(stand_ins):
        return f
    return joined(f, build_features(stand_ins.records, vocab))


@dataclass(frozen=True, slots=True)
class Collapsed:
    """Candidate pairs between records only, sorted by (prison idx, IND idx)."""

    prison: IntArray
    ind: IntArray
    levels: npt.NDArray[np.int8]
    scores: Scores
    alias: npt.NDArray[np.int8] | None  # per pair: what it compared (OWN_NAMES, or bits)


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
    its stand-ins) makes with one record of the other file, the heaviest, the own names and
    dates first among equals. Without stand-ins, the pairs as they are."""
    if not len(prison) and not len(ind):
        return Collapsed(pp, ii, levels, scores, None)
    p_stand, i_stand = pp >= n_prison, ii >= n_ind
    rp, ri = pp.copy(), ii.copy()
    rp[p_stand] = prison.source[pp[p_stand] - n_prison]
    ri[i_stand] = ind.source[ii[i_stand] - n_ind]
    p_kind = np.zeros(len(pp), dtype=np.int8)
    i_kind = np.zeros(len(ii), dtype=np.int8)
    p_kind[p_stand] = prison.kind[pp[p_stand] - n_prison]
    i_kind[i_stand] = ind.kind[ii[i_stand] - n_ind]
    compared = (
        (p_kind & _NAME) * PRISON_ALIAS
        | (i_kind & _NAME) * IND_ALIAS
        | ((p_kind & _BIRTH) >> 1) * PRISON_OTHER_BIRTH
        | ((i_kind & _BIRTH) >> 1) * IND_OTHER_BIRTH
        | ((p_kind & _NUMBER) >> 2) * PRISON_OTHER_NUMBER
        | ((i_kind & _NUMBER) >> 2) * IND_OTHER_NUMBER
    ).astype(np.int8)
    code = rp * np.int64(max(n_ind, 1)) + ri
    keep = _heaviest(code, scores.weight, compared, np.arange(len(code)))
    kept = Scores(scores.shown[keep], scores.weight[keep], scores.probability[keep])
    return Collapsed(rp[keep], ri[keep], levels[keep], kept, compared[keep])


def _heaviest(
    code: IntArray, weight: FloatArray, compared: npt.NDArray[np.int8], among: IntArray
) -> IntArray:
    """Of the pairs ``among`` that share a ``code`` (the same two records), the heaviest,
    the one comparing the records' own names and dates first among equals; in code order."""
    order = among[np.lexsort((compared[among], -weight[among], code[among]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = code[order][1:] != code[order][:-1]
    keep = order[first]
    out: IntArray = keep[np.argsort(code[keep], kind="stable")]
    return out


# The comparison levels of pairs (reconcile.link.compare.compare_pairs and the like).
Compare = Callable[[Features, Features, IntArray, IntArray], npt.NDArray[np.int8]]


@dataclass(frozen=True, slots=True)
class Alternatives:
    """Both files' features with their stand-ins' rows after the records' (see extended),
    and the stand-ins: for learning the model from pairs of records as they are scored, each
    pair compared by the best of its records' names and dates of birth."""

    p: Features
    i: Features
    prison: StandIns
    ind: StandIns
    n_prison: int
    n_ind: int

    def __bool__(self) -> bool:
        return bool(len(self.prison) or len(self.ind))

    def best(
        self, levels: npt.NDArray[np.int8], pp: IntArray, ii: IntArray, compare: Compare
    ) -> npt.NDArray[np.int8]:
        """``levels`` (of the records' own names, dates and numbers) with each pair whose
        records have stand-ins compared by every combination of them too, and the best kept:
        the lowest sum of the name's, the date of birth's and the prison number's levels (the
        levels run from the closest agreement down), the records' own first among equals.
        Without stand-ins, ``levels``."""
        if not self:
            return levels
        cp, start_p, order_p = _groups(self.prison, self.n_prison)
        ci, start_i, order_i = _groups(self.ind, self.n_ind)
        n_p, n_i = cp[pp], ci[ii]
        some = np.nonzero((n_p > 0) | (n_i > 0))[0]
        if len(some) == 0:
            return levels
        width = n_i[some] + 1  # the IND record, then its stand-ins
        combos = (n_p[some] + 1) * width
        k = np.repeat(some, combos)
        t = np.arange(int(combos.sum())) - np.repeat(np.cumsum(combos) - combos, combos)
        a_j, b_j = np.divmod(t, np.repeat(width, combos))
        a, b = pp[k].copy(), ii[k].copy()
        at, bt = a_j > 0, b_j > 0
        a[at] = self.n_prison + order_p[start_p[pp[k][at]] + a_j[at] - 1]
        b[bt] = self.n_ind + order_i[start_i[ii[k][bt]] + b_j[bt] - 1]
        found = compare(self.p, self.i, a, b)
        key = found[:, 0].astype(np.int64) + found[:, 1] + found[:, 2]
        pick = np.lexsort((a_j + b_j, key, k))
        first = np.ones(len(pick), dtype=bool)
        first[1:] = k[pick][1:] != k[pick][:-1]
        out = levels.copy()
        out[k[pick[first]]] = found[pick[first]]
        return out


def _groups(stand_ins: StandIns, n: int) -> tuple[IntArray, IntArray, IntArray]:
    """Per record of a file: how many stand-ins it has and where its first is in ``order``
    (the stand-ins' positions, grouped by record)."""
    count = np.bincount(stand_ins.source, minlength=n).astype(np.int64)
    start = np.cumsum(count) - count
    order = np.argsort(stand_ins.source, kind="stable").astype(np.int64)
    return count, start, order


# Within one file, what a pair of rows compared besides their own names, dates of birth and
# prison numbers: an alias of either row, another date of birth of either, another number.
WITHIN_ALIAS, WITHIN_OTHER_BIRTH, WITHIN_OTHER_NUMBER = 1, 2, 4


def within_notes(fields: tuple[FieldComparison, ...], compared: int) -> tuple[FieldComparison, ...]:
    """The fields of a pair of one file's rows, the name's and the date of birth's levels
    saying what reached them: "exact, by an alias"."""
    if not compared:
        return fields
    notes = {
        "name": "an alias" if compared & WITHIN_ALIAS else "",
        "dob": "another date of birth" if compared & WITHIN_OTHER_BIRTH else "",
        "prison_number": "another prison number" if compared & WITHIN_OTHER_NUMBER else "",
    }
    return _with_notes(fields, notes)


def collapse_within(
    a: IntArray,
    b: IntArray,
    levels: npt.NDArray[np.int8],
    scores: Scores,
    stand_ins: StandIns,
    n: int,
) -> Collapsed:
    """As collapse, for pairs (a < b) of one file's rows and stand-ins: each pair given to
    the two rows it stands for, a row with its own stand-in dropped, of the pairs of two rows
    the heaviest (their own names and dates first among equals); sorted by (a, b), a < b.
    ``alias`` holds WITHIN_ALIAS and WITHIN_OTHER_BIRTH bits."""
    if not len(stand_ins):
        return Collapsed(a, b, levels, scores, None)
    kind = np.zeros(n + len(stand_ins), dtype=np.int8)
    kind[n:] = stand_ins.kind
    source = np.concatenate([np.arange(n, dtype=np.int64), stand_ins.source])
    ra, rb = source[a], source[b]
    both = kind[a] | kind[b]
    compared = (
        (both & _NAME) * WITHIN_ALIAS
        | ((both & _BIRTH) >> 1) * WITHIN_OTHER_BIRTH
        | ((both & _NUMBER) >> 2) * WITHIN_OTHER_NUMBER
    ).astype(np.int8)
    apart = ra != rb
    lo, hi = np.minimum(ra, rb), np.maximum(ra, rb)
    code = lo * np.int64(max(n, 1)) + hi
    keep = _heaviest(code, scores.weight, compared, np.nonzero(apart)[0])
    kept = Scores(scores.shown[keep], scores.weight[keep], scores.probability[keep])
    return Collapsed(lo[keep], hi[keep], levels[keep], kept, compared[keep])


def left_out_findings(
    records: Sequence[PrisonRecord] | Sequence[IndRecord], stand_ins: StandIns
) -> list[Finding]:
    """One finding for the file when some records' aliases or other dates of birth were not
    compared (StandIns.of: more of them than the file has records)."""
    if not stand_ins.left_out or not records:
        return []
    prov = records[0].prov
    return [
        Finding(
            file=prov.file,
            sheet=prov.sheet,
            row=0,
            column="",
            field="",
            raw="",
            problem=(
                f"gives more aliases, other dates of birth and other prison numbers than it "
                f"has rows: those of the last {stand_ins.left_out:,} rows giving any were not "
                f"compared"
            ),
            consequence=(
                "those rows are compared by their own name, first date of birth and first "
                "prison number only; check how the file was exported"
            ),
        )
    ]
