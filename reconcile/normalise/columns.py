"""Reading one canonical field of a Table: cached parsing and findings with provenance.

Values repeat a great deal in extracts (dates of birth, nationalities, sentence lengths),
so each distinct raw cell is parsed once per column and the result reused.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from operator import itemgetter
from typing import Any, TypeVar, cast

from reconcile.invisible import has_invisible, without_invisible
from reconcile.model import Cell, Finding, Table
from reconcile.normalise.build import provenances
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
    "pnc": "PNC ID",
    "cro": "CRO number",
    "resident_since": "date UK residence began",
}


DISTINCT_SAMPLE = 4096  # cells looked at to tell a column of nearly all different values
DISTINCT_SHARE = 0.95  # ... by this share of different values among them


def mostly_distinct(cells: list[Cell]) -> bool:
    """Whether a column's first cells are nearly all different: caching them would not pay."""
    sample = cells[:DISTINCT_SAMPLE]
    return len(sample) >= 64 and len(set(sample)) >= DISTINCT_SHARE * len(sample)


def _read_visible(parser: Callable[[Cell], T], cell: Cell, parsed: T) -> T:
    """A cell the parser could not read (or warned about) read again without the characters
    that show nothing (reconcile.invisible), when it holds any: "12/03/1980" with a zero-width
    space pasted after it is that date. They are reported by report_invisible, once a cell."""
    if type(cell) is str and has_invisible(cell):
        return parser(without_invisible(cell))
    return parsed


class ColumnReader:
    """Parses a table's columns and collects findings and unreadable raw values per row."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.size = len(table)
        self.findings: list[Finding] = []
        self.unreadable: list[dict[str, str] | None] = [None] * self.size
        self.provenance = [
            prov
            for sheet, rows in table.row_sheets()
            for prov in provenances(table.source.file, sheet, rows, bool(table.parts))
        ]
        self._texts: dict[str, list[str]] = {}

    @property
    def place(self) -> str:
        """The table's file, and its sheet when it has one, as messages name them."""
        return self.table.source.place

    def cells(self, field: str) -> list[Cell]:
        """The field's cells, or all None when the field is not mapped."""
        column = self.table.columns.get(field)
        if column is None:
            return [None] * self.size
        if len(column) != self.size:
            # A reader fault; pad or cut so that every row still becomes a record.
            return (list(column) + [None] * self.size)[: self.size]
        return column

    def distinct(
        self, field: str, parser: Callable[[Cell], T]
    ) -> tuple[list[Hashable], dict[Hashable, T]]:
        """(a key per row, key -> parsed value), parsing each distinct cell once."""
        cells = self.cells(field)
        distinct = set(cells)
        # True == 1 == 1.0 as dictionary keys: when a cell equal to 0 or 1 is there and a
        # boolean is among the cells, keep each cell's type in its key.
        if (0 in distinct or 1 in distinct) and bool in set(map(type, cells)):
            typed: list[Hashable] = list(zip(map(type, cells), cells, strict=True))
            return typed, {key: parser(key[1]) for key in set(typed)}  # type: ignore[index]
        return cells, {cell: parser(cell) for cell in distinct}  # type: ignore[return-value]

    def parse(self, field: str, parser: Callable[[Cell], T]) -> list[T]:
        """parser(cell) for every cell of the field, each distinct cell parsed once (a column
        of nearly all different values, such as case references, is parsed cell by cell)."""
        cells = self.cells(field)
        if mostly_distinct(cells):
            return list(map(parser, cells))
        keys, cache = self.distinct(field, parser)
        return list(map(cache.__getitem__, keys))

    def parse_parts(
        self, field: str, parser: Callable[[Cell], tuple[Any, ...]], keep: int, problem: int
    ) -> tuple[list[list[Any]], list[tuple[int, str]]]:
        """For a parser that returns a tuple: one list per part of it before ``keep``, and
        (row index, problem) for every row whose part ``problem`` is a problem in words.

        Each distinct cell is parsed once; the lists are then filled by dictionary lookups.
        A column of nearly all different values (prison numbers) is parsed cell by cell.
        """
        cells = self.cells(field)
        if mostly_distinct(cells):
            results = list(map(parser, cells))
            if not any(map(itemgetter(problem), results)):
                return [list(map(itemgetter(part), results)) for part in range(keep)], []
            for i, r in enumerate(results):
                if r[problem]:
                    results[i] = _read_visible(parser, cells[i], r)
            parts = [list(map(itemgetter(part), results)) for part in range(keep)]
            return parts, [(i, text) for i, r in enumerate(results) if (text := r[problem])]
        keys, cache = self.distinct(field, parser)
        for key, value in cache.items():
            if value[problem]:
                cell = key[1] if isinstance(key, tuple) else key
                cache[key] = _read_visible(parser, cast(Cell, cell), value)
        parts = [
            list(map({key: value[part] for key, value in cache.items()}.__getitem__, keys))
            for part in range(keep)
        ]
        bad = {key: text for key, value in cache.items() if (text := value[problem])}
        if not bad:
            return parts, []
        return parts, [(i, bad[key]) for i, key in enumerate(keys) if key in bad]

    def texts(self, field: str) -> list[str]:
        """The field's cells as text ("" for empty cells), worked out once per field."""
        known = self._texts.get(field)
        if known is None:
            known = self._texts[field] = self.parse(field, raw_text)
        return known

    def report(
        self, index: int, field: str, cell: Cell, problem: str, consequence: str, unreadable: bool
    ) -> None:
        """Record a finding for one cell; ``unreadable`` also keeps the raw text on the record."""
        raw = raw_text(cell)
        quoted = f"'{raw}' " if raw else ""  # an empty cell is named, not quoted
        prov = self.provenance[index]
        self.findings.append(
            Finding(
                file=prov.file,
                sheet=prov.sheet,
                row=prov.row,
                column=self.table.source.mapping.get(field, field),
                field=field,
                raw=raw,
                problem=f"{FIELD_LABELS.get(field, field)} {quoted}{problem}",
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
