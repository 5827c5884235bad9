"""Reading one canonical field of a Table: cached parsing and findings with provenance.

Values repeat a great deal in extracts (dates of birth, nationalities, sentence lengths),
so each distinct raw cell is parsed once per column and the result reused.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from reconcile.model import Cell, Finding, Provenance, Table
from reconcile.normalise.cells import raw_text

T = TypeVar("T")

# Field names as the findings say them.
FIELD_LABELS: dict[str, str] = {
    "prison_number": "prison number",
    "case_ref": "case reference",
    "surname": "surname",
    "forenames": "forenames",
    "full_name": "name",
    "dob": "date of birth",
    "nationality": "nationality",
    "sentence": "sentence length",
    "offence": "offence",
    "sentence_start": "sentence start date",
    "release_date": "release date",
    "court_recommended": "court recommendation",
    "referral_date": "referral date",
    "considered_date": "date considered",
    "decision": "decision",
}


class ColumnReader:
    """Parses a table's columns and collects findings and unreadable raw values per row."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.size = len(table)
        self.findings: list[Finding] = []
        self.unreadable: list[dict[str, str] | None] = [None] * self.size
        self.provenance = [
            Provenance(table.source.file, table.source.sheet, row) for row in table.row_numbers
        ]

    def cells(self, field: str) -> list[Cell]:
        """The field's cells, or all None when the field is not mapped."""
        column = self.table.columns.get(field)
        if column is None:
            return [None] * self.size
        if len(column) != self.size:
            # A reader fault; pad or cut so that every row still becomes a record.
            return (list(column) + [None] * self.size)[: self.size]
        return column

    def _distinct(
        self, field: str, parser: Callable[[Cell], T]
    ) -> tuple[list[Hashable], dict[Hashable, T]]:
        """(a key per row, key -> parsed value), parsing each distinct cell once."""
        cells = self.cells(field)
        if bool in set(map(type, cells)):
            # True == 1 == 1.0 as dictionary keys: keep the cell's type in the key.
            typed: list[Hashable] = list(zip(map(type, cells), cells, strict=True))
            return typed, {key: parser(key[1]) for key in set(typed)}  # type: ignore[index]
        keys: list[Hashable] = list(cells)
        return keys, {cell: parser(cell) for cell in set(cells)}

    def parse(self, field: str, parser: Callable[[Cell], T]) -> list[T]:
        """parser(cell) for every cell of the field, each distinct cell parsed once."""
        keys, cache = self._distinct(field, parser)
        return [cache[key] for key in keys]

    def parse_checked(
        self, field: str, parser: Callable[[Cell], T], problem: Callable[[T], str | None]
    ) -> tuple[list[T], list[tuple[int, str]]]:
        """Like parse, plus (row index, problem) for every cell whose result has a problem."""
        keys, cache = self._distinct(field, parser)
        values = [cache[key] for key in keys]
        bad = {key: text for key, value in cache.items() if (text := problem(value))}
        if not bad:
            return values, []
        return values, [(i, bad[key]) for i, key in enumerate(keys) if key in bad]

    def texts(self, field: str) -> list[str]:
        """The field's cells as text ("" for empty cells)."""
        return self.parse(field, raw_text)

    def report(
        self, index: int, field: str, cell: Cell, problem: str, consequence: str, unreadable: bool
    ) -> None:
        """Record a finding for one cell; ``unreadable`` also keeps the raw text on the record."""
        raw = raw_text(cell)
        prov = self.provenance[index]
        self.findings.append(
            Finding(
                file=prov.file,
                sheet=prov.sheet,
                row=prov.row,
                column=self.table.source.mapping.get(field, field),
                field=field,
                raw=raw,
                problem=f"{FIELD_LABELS.get(field, field)} '{raw}' {problem}",
                consequence=consequence,
            )
        )
        if unreadable:
            row = self.unreadable[index]
            if row is None:
                row = self.unreadable[index] = {}
            row[field] = raw

    def sorted_findings(self) -> list[Finding]:
        """Findings in row order, then in the order the fields were read."""
        return sorted(self.findings, key=lambda f: f.row)  # stable: field order kept
