"""Duplicates within one file, reported as data-quality findings."""

from __future__ import annotations

from collections.abc import Sequence

from reconcile.link.cluster import members
from reconcile.link.features import IntArray
from reconcile.model import Finding, IndRecord, PrisonRecord


def duplicate_findings(
    records: Sequence[PrisonRecord] | Sequence[IndRecord], person: IntArray
) -> list[Finding]:
    """One finding for each row after the first of a person with several rows in one file."""
    found: list[Finding] = []
    for group in members(person):
        if len(group) < 2:
            continue
        first = records[group[0]].prov
        for idx in group[1:]:
            rec = records[idx]
            where = f"row {first.row}" if rec.prov.file == first.file else str(first)
            found.append(
                Finding(
                    file=rec.prov.file,
                    sheet=rec.prov.sheet,
                    row=rec.prov.row,
                    column="",
                    field="",
                    raw=f"{rec.surname}, {rec.forenames}".strip(", "),
                    problem=f"appears to be the same person as {where}",
                    consequence="treated as one person when linking",
                )
            )
    return found
