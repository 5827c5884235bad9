"""Reviewers' decisions on links, read from a filled-in workbook or CSV, applied by content key.

A decision names a pair by the content keys of its two records (reconcile.keys), so it survives a
rerun on slightly changed inputs; a decision whose records have changed or gone is reported as
stale, never silently applied.
"""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reconcile.errors import InputError
from reconcile.keys import ind_key, prison_key
from reconcile.model import IndRecord, LinkOverrides, PrisonRecord
from reconcile.result import AppliedDecision

SAME = "same person"
NOT_SAME = "not the same person"
SKIP = "skip"

_VALUES = {
    "same person": SAME,
    "same": SAME,
    "yes": SAME,
    "not the same person": NOT_SAME,
    "not same person": NOT_SAME,
    "not the same": NOT_SAME,
    "not same": NOT_SAME,
    "different person": NOT_SAME,
    "no": NOT_SAME,
    "skip": SKIP,
    "": SKIP,
}


@dataclass(frozen=True)
class Decision:
    source: str  # "file, sheet 'X', row N"
    prison_key: str
    ind_key: str
    decision: str  # SAME or NOT_SAME
    reviewer: str
    note: str


def _norm_header(text: object) -> str:
    return re.sub(r"[^a-z]", "", str(text or "").lower())


_HEADERS = {
    "prisonkey": "prison_key",
    "indkey": "ind_key",
    "decision": "decision",
    "reviewer": "reviewer",
    "note": "note",
    "notes": "note",
}


def _rows_from_csv(path: Path) -> list[tuple[str, int, list[str]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    rows = list(csv.reader(text.splitlines()))
    return [("", n, row) for n, row in enumerate(rows, start=1)]


def _rows_from_workbook(path: Path) -> list[tuple[str, int, list[str]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(
            f"{path.name}: cannot be opened as a workbook ({exc}); give the reviewed "
            "reconciliation.xlsx, or a CSV with columns prison_key, ind_key, decision"
        ) from None
    out: list[tuple[str, int, list[str]]] = []
    try:
        for sheet in book.worksheets:
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                out.append((sheet.title, n, ["" if v is None else str(v) for v in values]))
    finally:
        book.close()
    return out


def load_decisions(path: Path) -> list[Decision]:
    """Read every decision in the file (any sheet with prison_key, ind_key and Decision columns)."""
    rows = (
        _rows_from_csv(path)
        if path.suffix.lower() in (".csv", ".txt")
        else _rows_from_workbook(path)
    )
    decisions: list[Decision] = []
    columns: dict[str, int] | None = None
    current_sheet: str | None = None
    found_header = False
    for sheet, number, values in rows:
        if sheet != current_sheet:
            current_sheet, columns = sheet, None
        if columns is None:
            found = {
                _HEADERS[h]: i for i, v in enumerate(values) if (h := _norm_header(v)) in _HEADERS
            }
            if {"prison_key", "ind_key", "decision"} <= found.keys():
                columns, found_header = found, True
            continue
        where = f"{path.name}, " + (f"sheet {sheet!r}, " if sheet else "") + f"row {number}"

        def cell(name: str, values: list[str] = values, columns: dict[str, int] = columns) -> str:
            i = columns.get(name)
            return values[i].strip() if i is not None and i < len(values) else ""

        value = re.sub(r"\s+", " ", cell("decision").lower().replace("-", " "))
        if value not in _VALUES:
            raise InputError(
                f"{where}, column Decision: {cell('decision')!r} is not a decision; "
                "use 'same person', 'not the same person' or 'skip'"
            )
        if _VALUES[value] == SKIP:
            continue
        pkey, ikey = cell("prison_key"), cell("ind_key")
        if not pkey or not ikey:
            raise InputError(
                f"{where}: a decision needs both prison_key and ind_key; "
                "copy them from the Needs review sheet"
            )
        decisions.append(
            Decision(where, pkey, ikey, _VALUES[value], cell("reviewer"), cell("note"))
        )
    if not found_header:
        raise InputError(
            f"{path.name}: no sheet with the columns prison_key, ind_key and Decision; give the "
            "reviewed reconciliation.xlsx, or a CSV with those columns"
        )
    _check_conflicts(decisions)
    return decisions


def _check_conflicts(decisions: list[Decision]) -> None:
    seen: dict[tuple[str, str], Decision] = {}
    for d in decisions:
        pair = (d.prison_key, d.ind_key)
        earlier = seen.get(pair)
        if earlier is not None and earlier.decision != d.decision:
            raise InputError(
                f"{d.source}: this pair was already decided differently at {earlier.source} "
                f"({earlier.decision!r} against {d.decision!r}); keep one decision per pair"
            )
        seen.setdefault(pair, d)


def resolve(
    decisions: list[Decision], prison: list[PrisonRecord], ind: list[IndRecord]
) -> tuple[LinkOverrides, list[AppliedDecision]]:
    """Map decisions to record pairs by content key; report those whose records are gone."""
    prison_by_key: dict[str, list[int]] = {}
    for rec in prison:
        prison_by_key.setdefault(prison_key(rec), []).append(rec.idx)
    ind_by_key: dict[str, list[int]] = {}
    for irec in ind:
        ind_by_key.setdefault(ind_key(irec), []).append(irec.idx)
    same: set[tuple[int, int]] = set()
    not_same: set[tuple[int, int]] = set()
    who: dict[tuple[int, int], str] = {}
    applied: list[AppliedDecision] = []
    for d in decisions:
        pidx = prison_by_key.get(d.prison_key, [])
        iidx = ind_by_key.get(d.ind_key, [])
        if not pidx or not iidx:
            gone = [
                what for what, found in (("prison record", pidx), ("IND record", iidx)) if not found
            ]
            status = (
                f"stale: the {' and the '.join(gone)} it was made about changed or is no "
                "longer in the extract; not applied"
            )
        else:
            status = "applied"
            target = same if d.decision == SAME else not_same
            for p in pidx:
                for i in iidx:
                    target.add((p, i))
                    who[(p, i)] = f"{d.reviewer or 'unnamed reviewer'}: {d.note}".rstrip(": ")
        applied.append(
            AppliedDecision(
                source=d.source,
                prison_key=d.prison_key,
                ind_key=d.ind_key,
                decision=d.decision,
                reviewer=d.reviewer,
                note=d.note,
                status=status,
            )
        )
    overrides = LinkOverrides(same=frozenset(same), not_same=frozenset(not_same), reviewer=who)
    return overrides, applied
