"""Rows for `reconcile match`: one per link, or one per scored candidate pair."""

from __future__ import annotations

import numpy as np

from reconcile.link.compare import FIELDS
from reconcile.link.config import LinkerConfig
from reconcile.link.linker import link
from reconcile.model import IndRecord, LinkStatus, PairScore, PrisonRecord

COLUMNS: tuple[str, ...] = (
    "left_file",
    "left_sheet",
    "left_row",
    "left_surname",
    "left_forenames",
    "left_dob",
    "right_file",
    "right_sheet",
    "right_row",
    "right_surname",
    "right_forenames",
    "right_dob",
    "weight",
    "probability",
    *(f"{spec.name}_level" for spec in FIELDS),
    "status",
)


def _row(
    left: PrisonRecord, right: IndRecord, score: PairScore | None, status: str
) -> dict[str, object]:
    row: dict[str, object] = {
        "left_file": left.prov.file,
        "left_sheet": left.prov.sheet,
        "left_row": left.prov.row,
        "left_surname": left.surname,
        "left_forenames": left.forenames,
        "left_dob": left.dob,
        "right_file": right.prov.file,
        "right_sheet": right.prov.sheet,
        "right_row": right.prov.row,
        "right_surname": right.surname,
        "right_forenames": right.forenames,
        "right_dob": right.dob,
        "weight": None if score is None else round(score.weight, 3),
        "probability": None if score is None else round(score.probability, 6),
    }
    levels = {f.field: f.level for f in score.fields} if score else {}
    for spec in FIELDS:
        row[f"{spec.name}_level"] = levels.get(spec.name, "not compared")
    row["status"] = status
    return row


def match_rows(
    left: list[PrisonRecord],
    right: list[IndRecord],
    config: LinkerConfig,
    seed: int,
    all_candidates: bool = False,
) -> list[dict[str, object]]:
    """Link two people lists; rows are keyed by COLUMNS. A link's row carries the score of
    that very pair when it was compared, otherwise (another record of the same person) none."""
    linked = link(left, right, config, seed)
    scored = linked.scored
    decisions = linked.result.decisions
    if all_candidates:
        rows = []
        for k in range(len(scored.prison)):
            p, i = int(scored.prison[k]), int(scored.ind[k])
            d = decisions[p]
            chosen = i in d.ind_idxs or (d.best is not None and d.best.ind_idx == i)
            status = d.status.value if chosen else "candidate"
            rows.append(_row(left[p], right[i], scored.pair(k), status))
        return rows
    width = max(len(right), 1)
    codes = scored.prison * width + scored.ind  # sorted: pairs come sorted by (prison, ind)
    rows = []
    for d in decisions:
        if d.status != LinkStatus.LINKED:
            continue
        for i in d.ind_idxs:
            code = d.prison_idx * width + i
            k = int(np.searchsorted(codes, code))
            found = k < len(codes) and int(codes[k]) == code
            score = scored.pair(k) if found else None
            rows.append(_row(left[d.prison_idx], right[i], score, d.status.value))
    return rows
