"""The prison-row listing's values (PRISON_COLUMNS), made a column at a time for a block of
rows: the workbook's listings and outcomes.csv take their values from here.

Each column is one list comprehension over the block, which is several times faster than a
dictionary per row at national scale; ``prison_row`` gives one row as a dictionary.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import cast

from reconcile.model import (
    Cell,
    FieldComparison,
    IndRecord,
    LinkDecision,
    PairScore,
    PrisonRecord,
    birth,
)
from reconcile.result import RunResult
from reconcile.write.views import (
    FIELD_LABELS,
    PRISON_COLUMNS,
    also_explanation,
    court_text,
    fmt_weight,
    nationality_text,
    sentence_value,
    through_prefix,
    weighed,
    with_reviewer,
)

BLOCK = 2_000  # rows per block: a few megabytes of values at a time
KEYS: tuple[str, ...] = tuple(c.key for c in PRISON_COLUMNS)


def _earliest(values: list[date | None]) -> date | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


class _Explainer:
    """Link explanations in words, each distinct field comparison described once."""

    def __init__(self) -> None:
        self._words: dict[tuple[str, str, float], str] = {}

    def field(self, fc: FieldComparison) -> str:
        key = (fc.field, fc.level, fc.weight)
        words = self._words.get(key)
        if words is None:
            if len(self._words) >= 100_000:  # weights that vary continuously: start afresh
                self._words.clear()
            label = FIELD_LABELS.get(fc.field, fc.field)
            words = self._words[key] = f"{label}: {fc.level} ({fmt_weight(fc.weight)})"
        return words

    def pair(self, score: PairScore) -> str:
        return weighed(score, ", ".join([self.field(f) for f in score.fields]))

    def decision(
        self, dec: LinkDecision, ind: Sequence[IndRecord], prison: Sequence[PrisonRecord]
    ) -> str:
        """As views.link_explanation: the evidence, or the linker's reason without any."""
        text = ""
        if dec.best is not None:
            head, tail = through_prefix(dec, prison, ind)
            text = head + self.pair(dec.best) + tail
        text = with_reviewer(text, dec, ind)
        for s in dec.also:
            text += also_explanation(s, ind[s.ind_idx], self.pair(s))
        return text or dec.reason


def prison_keys(recs: Sequence[PrisonRecord]) -> list[str]:
    """reconcile.keys.prison_key of each record, made in one pass (the same text digested)."""
    return _digests(
        "P-",
        [
            f"{r.prison_number or ''}\x1f{r.surname or ''}\x1f{r.forenames or ''}\x1f"
            f"{r.dob or r.birth_year or ''}\x1f{r.sentence_start or ''}\x1f{r.release_date or ''}"
            for r in recs
        ],
    )


def ind_keys(recs: Sequence[IndRecord | None]) -> list[str]:
    """reconcile.keys.ind_key of each record ("" for None), made in one pass."""
    texts = [
        None
        if r is None
        else f"{r.case_ref or ''}\x1f{r.surname or ''}\x1f{r.forenames or ''}"
        f"\x1f{r.dob or r.birth_year or ''}"
        for r in recs
    ]
    return _digests("I-", texts)


def _digests(prefix: str, texts: Sequence[str | None]) -> list[str]:
    sha = hashlib.sha256
    return [
        "" if t is None else prefix + sha(t.encode("utf-8")).hexdigest()[:16].upper() for t in texts
    ]


def prison_columns(
    result: RunResult, idxs: Sequence[int], explainer: _Explainer | None = None
) -> list[list[Cell]]:
    """The values of the prison rows ``idxs``, one list per column of PRISON_COLUMNS."""
    why = explainer or _Explainer()
    recs = [result.prison[i] for i in idxs]
    cls = [result.classifications[i] for i in idxs]
    decs = [result.links.decisions[i] for i in idxs]
    ind = result.ind
    inds = [[ind[j] for j in d.ind_idxs] for d in decs]
    best = [d.best for d in decs]
    return [
        [r.prov.file for r in recs],
        [r.prov.sheet for r in recs],
        [r.prov.row for r in recs],
        [r.prison_number or "" for r in recs],
        [r.surname for r in recs],
        [r.forenames for r in recs],
        [r.name_as_given or "" for r in recs],
        [birth(r) for r in recs],
        [nationality_text(r) for r in recs],
        [sentence_value(r) for r in recs],
        [r.offence for r in recs],
        [r.release_date for r in recs],
        [court_text(r.court_recommended) for r in recs],
        [c.outcome.value for c in cls],
        [c.reason for c in cls],
        [c.rule for c in cls],
        [c.policy for c in cls],
        [d.status.value for d in decs],
        ["; ".join(i.case_ref for i in x) for x in inds],
        ["; ".join(str(i.prov.row) for i in x) for x in inds],
        [_earliest([i.referral_date for i in x]) if x else None for x in inds],
        [_earliest([i.considered_date for i in x]) if x else None for x in inds],
        [b.probability if b else None for b in best],
        [b.weight if b else None for b in best],
        [why.decision(d, ind, result.prison) for d in decs],
        cast(list[Cell], prison_keys(recs)),
        cast(list[Cell], ind_keys([x[0] if x else None for x in inds])),
    ]


def block_maker(result: RunResult) -> tuple[range, Callable[[int], list[list[Cell]]]]:
    """The first row of each block of all the run's prison rows, and a function giving the
    block's values (``prison_columns``) from its first row; blocks as ``prison_blocks``'s."""
    why, n = _Explainer(), len(result.prison)

    def make(start: int) -> list[list[Cell]]:
        return prison_columns(result, range(start, min(start + BLOCK, n)), why)

    return range(0, n, BLOCK), make


def prison_blocks(result: RunResult, idxs: Sequence[int]) -> Iterator[list[list[Cell]]]:
    """Generator of ``prison_columns`` for consecutive blocks of ``idxs``."""
    why = _Explainer()
    for start in range(0, len(idxs), BLOCK):
        yield prison_columns(result, idxs[start : start + BLOCK], why)


def prison_row(result: RunResult, idx: int) -> dict[str, Cell]:
    """One prison row with its outcome and link evidence, keyed by PRISON_COLUMNS keys."""
    return {key: column[0] for key, column in zip(KEYS, prison_columns(result, [idx]), strict=True)}


def decided_records(result: RunResult) -> tuple[dict[str, str], dict[str, str]]:
    """Each reviewer decision's prison row and IND record in words, by their content keys:
    "row 388: ABDI, AHMED" and "A4527403 (row 151)"; a key these extracts do not hold is left
    out (the decision is stale)."""
    wanted_p = {d.prison_key for d in result.decisions}
    wanted_i = {d.ind_key for d in result.decisions}
    prison: dict[str, str] = {}
    if wanted_p:
        for key, rec in zip(prison_keys(result.prison), result.prison, strict=True):
            if key in wanted_p and key not in prison:
                name = f"{rec.surname}, {rec.forenames}".strip(", ")
                prison[key] = f"{rec.prov.ref}: {name}" if name else rec.prov.ref
    ind: dict[str, str] = {}
    if wanted_i:
        for key, other in zip(ind_keys(result.ind), result.ind, strict=True):
            if key in wanted_i and key not in ind:
                ref = other.prov.ref
                ind[key] = f"{other.case_ref} ({ref})" if other.case_ref else ref
    return prison, ind
