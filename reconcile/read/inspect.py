"""`reconcile inspect FILE`: what the reader detected in a file, as data and as plain text."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tabulate import tabulate

from reconcile.errors import InputError
from reconcile.model import Cell, Finding, Provenance, Role, SkippedRow, Table
from reconcile.normalise.dates import date_order_problem
from reconcile.normalise.sentence import sentence_unit_problem
from reconcile.read.cells import Packed, cell_text, unpack_column
from reconcile.read.coverage import (
    empty_column_notes,
    empty_column_problem,
    error_findings,
    headerless_notes,
    merged_header_problem,
    not_names_problem,
)
from reconcile.read.extract import SheetSummary, blank_formulas_message, where
from reconcile.read.hidden import hidden_notes
from reconcile.read.layout import column_letter
from reconcile.read.loader import RawRead, from_1904, read_file, source_info
from reconcile.read.mapping import missing_message
from reconcile.read.mojibake import garbled_cells, garbled_findings, garbled_notes
from reconcile.read.synonyms import FIELD_LABELS
from reconcile.terminal import printable

if TYPE_CHECKING:
    from reconcile.settings import Config

SAMPLES = 3
_WIDTH = 100  # a long sentence wrapped to this many characters
FIRST_CELLS = 3  # of each kind of finding in a column, the cells shown (--all: every one)
DATE_FIELDS = ("dob", "sentence_start", "release_date", "referral_date", "considered_date")


@dataclass
class Inspection:
    path: Path
    file: str
    format: str
    encoding: str | None
    delimiter: str | None
    size: int
    sha256: str
    role: Role
    role_reason: str  # why this role, when guessed ("" when given)
    sheets: list[SheetSummary]
    sheet: str
    sheet_choice: str
    header_row: int
    mapping: dict[str, str]  # canonical field -> header text
    unused_columns: tuple[str, ...]
    rows: int
    skipped: tuple[SkippedRow, ...]
    samples: dict[str, list[str]]  # canonical field -> first non-empty values
    kinds: dict[str, str] = field(default_factory=dict)  # field -> "3 dates, 1 text, 2 empty"
    # e.g. required columns missing; then the notes too (those below)
    problems: list[str] = field(default_factory=list)
    # What a run would say and go on (an empty column, one with no header): shown as notes.
    notes: list[str] = field(default_factory=list)
    # Several sheets read as one extract ('*'): their names, in order.
    read_sheets: tuple[str, ...] = ()
    # The sheet of each skipped row, when several sheets were read (else empty).
    skipped_sheets: tuple[str, ...] = ()
    # Under a pattern, the sheets it does not name (not looked at).
    unnamed: tuple[str, ...] = ()
    header_above: int = 0  # a header written over two rows: the upper row (else 0)
    # Blank rows among the data: the sentence the run's summary gives (views.blank_rows_text),
    # shown as a note; an account of the rows, not a problem.
    blank_rows: list[str] = field(default_factory=list)
    # The findings about single cells a run gives (the Data quality sheet's rows that name a
    # column and a row), in the run's words; looked for only when nothing above stops the run
    # (``cells_looked_at``).
    cell_findings: list[Finding] = field(default_factory=list)
    cells_looked_at: bool = False
    letters: dict[str, str] = field(default_factory=dict)  # column header -> its letter
    # Several sheets read as one: each sheet's letters (sheet -> column header -> letter), as
    # a sheet's columns may stand elsewhere than the first sheet's.
    sheet_letters: dict[str, dict[str, str]] = field(default_factory=dict)


def inspect_file(path: Path, role: Role | None, config: Config) -> Inspection:
    """Read a file as load_table would, but report missing columns instead of failing."""
    raw = read_file(Path(path), role, config)
    ex = raw.extracted
    problems: list[str] = []
    if ex.several_extracts:
        problems.append(ex.several_extracts)
    if ex.missing:
        problems.append(missing_message(where(raw.name, ex.sheet), ex.role, ex.missing, ex.unused))
    if not ex.row_numbers:
        problems.append(
            f"no records below the header (row {ex.header_row}): "
            + (
                f"{'the row' if len(ex.skipped) == 1 else f'all {len(ex.skipped)} rows'} below "
                "it set aside as not records (listed above)"
                if ex.skipped
                else "no data rows"
            )
        )
    if ex.blank_formulas:
        problems.append(blank_formulas_message(where(raw.name, ex.sheet), ex.blank_formulas))
    problems += [
        text
        for text in (
            ex.duplicates,
            merged_header_problem(ex, raw.name),
            empty_column_problem(ex, raw.name),
        )
        if text
    ]
    # What the run says and goes on: not problems, and no reason to stop looking for them.
    cell_findings: list[Finding] = []
    cells_looked_at = False
    notes = [
        *empty_column_notes(ex, raw.name),
        *headerless_notes(ex, raw.name),
        *hidden_notes(raw.hidden, ex.role, raw.name),
    ]
    reading = config.input
    if ex.role is Role.PRISON and "sentence" in ex.columns:
        values, dates, stamps = ex.columns["sentence"]
        packed_dates = set(dates) | set(stamps)  # date cells, packed as numbers: not lengths
        problem = sentence_unit_problem(
            [v for i, v in enumerate(values) if i not in packed_dates],
            reading.sentence_unit,
            ex.mapping.get("sentence", "sentence"),
            where(raw.name, ex.sheet),
        )
        if problem:
            problems.append(problem)
    for field_name in DATE_FIELDS:
        if field_name in ex.columns:
            problem = date_order_problem(
                ex.columns[field_name][0],
                reading.month_first(ex.role),
                where(raw.name, ex.sheet),
                ex.mapping.get(field_name, field_name),
                f"{ex.role.value}_date_order",
            )
            if problem:
                problems.append(problem)
    if ex.row_numbers:
        # unpack_column rebuilds a column in place: the inspection's own columns stay packed.
        columns = {f: unpack_column((list(v), d, s)) for f, (v, d, s) in ex.columns.items()}
        # A column of names or identifiers holding dates or numbers stops the run before its
        # records are built (loader._table_of), with these words.
        wrong = not_names_problem(ex, raw.name, columns, reading.unreadable_limit)
        if wrong:
            problems.append(wrong)
        # As the run reads it (loader._table_of): a 1904-based workbook's numbered dates moved
        # to the usual count before the garbled text is looked for and the records built.
        from_1904(raw, columns)
        garbled = garbled_cells(ex, columns)
        notes += garbled_notes(ex, raw.name, garbled)
        if not problems:
            stops, built = _normalising(raw, config, columns)
            problems += stops
            if not stops:
                cells_looked_at = True
                found = [*garbled_findings(ex, raw.name, garbled), *built]
                found += error_findings(ex, raw.name)
                cell_findings = [f for f in found if f.row > 0 and f.field]
    problems += notes  # listed too, as before, and shown as notes
    return Inspection(
        path=raw.path,
        file=raw.name,
        format=raw.format,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        size=raw.size,
        sha256=raw.sha256,
        role=ex.role,
        role_reason=ex.role_reason,
        sheets=ex.sheets,
        sheet=ex.sheet,
        sheet_choice=ex.sheet_choice,
        header_row=ex.header_row,
        header_above=ex.header_above,
        mapping=dict(ex.mapping),
        unused_columns=ex.unused,
        rows=len(ex.row_numbers),
        skipped=ex.skipped,
        samples={f: sample_values(packed) for f, packed in ex.columns.items()},
        kinds={f: value_kinds(packed) for f, packed in ex.columns.items()},
        problems=problems,
        notes=notes,
        blank_rows=_blank_rows_notes(raw),
        read_sheets=tuple(sheet for sheet, _ in ex.parts),
        skipped_sheets=ex.skipped_sheets,
        unnamed=ex.unnamed,
        cell_findings=cell_findings,
        cells_looked_at=cells_looked_at,
        letters=_letters(ex.mapping, ex.positions),
        sheet_letters={
            sheet: _letters(ex.mapping, positions)
            for (sheet, _), positions in zip(ex.parts, ex.part_positions, strict=False)
        },
    )


def _letters(mapping: dict[str, str], positions: dict[str, int]) -> dict[str, str]:
    """Each mapped column's header -> its letter ("Surname" -> "B")."""
    return {mapping[f]: column_letter(j) for f, j in positions.items() if f in mapping}


def _blank_rows_notes(raw: RawRead) -> list[str]:
    """The sentence the run's summary gives an extract with blank rows among its data (the
    spreadsheet's rows below the header, up to the last one read, against the data rows
    found), the file named after the extract."""
    from reconcile.write.views import extract_blank_rows_text

    ex = raw.extracted
    if not ex.row_numbers:
        return []
    provs = [
        Provenance(raw.name, sheet, row, bool(ex.parts))
        for sheet, rows in ex.part_rows()
        for row in rows
    ]
    label = "Prison extract" if ex.role is Role.PRISON else "IND extract"
    return extract_blank_rows_text(source_info(raw), provs, f"{label} ({raw.name})")


def _normalising(
    raw: RawRead, config: Config, columns: dict[str, list[Cell]]
) -> tuple[list[str], list[Finding]]:
    """What would stop a run while its records are built (a column most of whose values
    cannot be read), else the findings building them gives: the file read as a run reads it
    (two-digit years of birth judged against [audit] as_of, else today), its columns
    unpacked (``columns``)."""
    from reconcile.normalise.records import build_ind_records, build_prison_records

    ex = raw.extracted
    table = Table(
        source=source_info(raw), row_numbers=ex.row_numbers, columns=columns, parts=ex.parts
    )
    reading = config.input
    reference = config.audit.as_of
    try:
        if ex.role is Role.PRISON:
            _, findings = build_prison_records(
                table,
                reference=reference,
                month_first=reading.month_first(ex.role),
                sentence_unit=reading.sentence_unit,
                unreadable_limit=reading.unreadable_limit,
            )
        else:
            _, findings = build_ind_records(
                table,
                reference=reference,
                month_first=reading.month_first(ex.role),
                unreadable_limit=reading.unreadable_limit,
            )
    except InputError as exc:
        return [str(exc)], []
    return [], findings


def value_kinds(packed: Packed) -> str:
    """What a column holds, counted: '3 dates, 2 numbers, 1 text, 4 empty'. A date column
    with numbers or text in it is worth a look before the run."""
    values, dates, stamps = packed
    counts = {"dates": len(dates) + len(stamps), "numbers": 0, "text": 0, "yes/no": 0, "empty": 0}
    positions = set(dates) | set(stamps)
    for i, value in enumerate(values):
        if value is None:
            counts["empty"] += 1
        elif isinstance(value, str):
            counts["text"] += 1
        elif isinstance(value, bool):
            counts["yes/no"] += 1
        elif i not in positions:
            counts["numbers"] += 1
    return ", ".join(f"{n:,} {kind}" for kind, n in counts.items() if n)


def sample_values(packed: Packed, count: int = SAMPLES) -> list[str]:
    """The first non-empty values of a packed column, as text."""
    values, dates, stamps = packed
    date_at, stamp_at = set(dates[: count * 4]), set(stamps[: count * 4])
    sample: list[str] = []
    for i, value in enumerate(values):
        if value is None:
            continue
        if i in date_at or i in stamp_at:
            value = unpack_column(
                ([value], [0] if i in date_at else [], [0] if i in stamp_at else [])
            )[0]
        sample.append(cell_text(value))
        if len(sample) == count:
            break
    return sample


@dataclass(frozen=True)
class CellKind:
    """The findings of one kind in one column: the problem and what the run does about it, in
    the run's words without the value each quotes, and the cells, in the order found."""

    column: str  # the header as the file has it
    letter: str  # the column's letter ("" when not known)
    problem: str
    consequence: str
    findings: tuple[Finding, ...]


# What tells one finding of a kind from another: the value it quotes ('SM1TH', 'José'), what
# it names in brackets (the nationalities a cell names) and its numbers (a year, an age).
_PARTICULARS = re.compile(r"'[^']*'|\([^()]*\)|\d+(?:[.,:/-]\d+)*")


def letter_of(
    f: Finding, letters: Mapping[str, str], sheet_letters: Mapping[str, Mapping[str, str]] | None
) -> str:
    """The letter of the column of a finding's cell: on its own sheet's when several sheets
    were read as one (``sheet_letters``), else ``letters``; "" when not known."""
    own = sheet_letters.get(f.sheet) if sheet_letters else None
    return (own if own is not None else letters).get(f.column, "")


def _without_value(f: Finding) -> str:
    """The problem without the value it quotes, as the run's findings by column tell it."""
    return f.problem.replace(f"'{f.raw}' ", "", 1) if f.raw else f.problem


def cell_kinds(
    findings: Sequence[Finding],
    letters: dict[str, str],
    sheet_letters: Mapping[str, Mapping[str, str]] | None = None,
) -> list[CellKind]:
    """The findings about cells by column and kind: the columns in the sheet's order (by
    letter), each one's kinds the commonest first. A kind's problem is the findings' own
    words when they all say the same (less the value), else those words with what differs
    left out ("..."), each cell's own words then shown beside it. With several sheets read
    as one (``sheet_letters``: each sheet's letters), a kind's letter is each letter its
    cells' sheets give the column, in the order found ("B, J")."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        kind = _PARTICULARS.sub("...", _without_value(f))
        groups.setdefault((f.column, kind), []).append(f)
    kinds = []
    for (column, kind), found in groups.items():
        problems = {_without_value(f) for f in found}
        consequences = {f.consequence for f in found}
        kinds.append(
            CellKind(
                column=column,
                letter=", ".join(
                    dict.fromkeys(letter_of(f, letters, sheet_letters) for f in found)
                ),
                problem=problems.pop() if len(problems) == 1 else kind,
                consequence=consequences.pop() if len(consequences) == 1 else "",
                findings=tuple(found),
            )
        )
    order = {column: k for k, column in enumerate(dict.fromkeys(f.column for f in findings))}

    def place(kind: CellKind) -> tuple[int, str, int, int]:
        # By letter as a spreadsheet orders them (B before AA); then the commonest first.
        first = kind.letter.split(", ")[0]
        return (len(first), first, order[kind.column], -len(kind.findings))

    return sorted(kinds, key=place)


def _cell_value(text: str) -> str:
    """A value as given on one line: its line breaks and tabs shown as \\n, \\t."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def _cells_part(ins: Inspection, every: bool) -> list[str]:
    """The findings about cells: a count per column and kind, then the first cells of each
    kind (every cell with ``every``), each with its cell reference, row and value as given."""
    if not ins.rows:
        return []
    if not ins.cells_looked_at:
        return [
            "Findings in cells: not looked for; the run stops on the problems below, so put "
            "them right and inspect the file again"
        ]
    if not ins.cell_findings:
        return ["Findings in cells: none"]
    kinds = cell_kinds(ins.cell_findings, ins.letters, ins.sheet_letters)
    total = len(ins.cell_findings)
    head = (
        f"Findings in cells: {total:,}, as the run gives them (its Data quality sheet lists "
        "each one)"
    )
    counts = [(k.column, k.letter or "-", len(k.findings), k.problem) for k in kinds]
    table = tabulate(counts, headers=["column", "letter", "cells", "problem"], intfmt=",")
    parts = [head + "\n" + table]
    several = len(ins.read_sheets) > 1
    for k in kinds:
        shown = k.findings if every else k.findings[:FIRST_CELLS]
        n = len(k.findings)
        said = f"{n:,} cell" + ("s" if n > 1 else "")
        if len(shown) < n:
            said += f", the first {len(shown)} (--all lists every one)"
        if ", " in k.letter:  # sheets read as one, with the column in different places
            place = f"{k.column} (columns {k.letter})"
        else:
            place = f"{k.column} (column {k.letter})" if k.letter else k.column
        title = f"{place}: {k.problem}: {said}"
        if k.consequence:
            title += "\n" + textwrap.fill(
                f"What the run does: {k.consequence}", _WIDTH, subsequent_indent="  "
            )
        headers = ["cell", "row", "value as given"]
        alike = {_without_value(f) for f in k.findings} == {k.problem}
        if several:
            headers.insert(0, "sheet")
        if not alike:
            headers.append("problem")
        if not k.consequence:
            headers.append("what the run does")
        rows = []
        for f in shown:
            letter = letter_of(f, ins.letters, ins.sheet_letters)
            row: list[object] = [f"{letter}{f.row}" if letter else "-", f.row]
            row.append(_cell_value(f.raw) if f.raw else "(empty)")
            if several:
                row.insert(0, f.sheet)
            if not alike:
                row.append(f.problem)
            if not k.consequence:
                row.append(f.consequence)
            rows.append(row)
        parts.append(title + "\n" + tabulate(rows, headers=headers, disable_numparse=True))
    return parts


_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def render_inspection(ins: Inspection, every: bool = False) -> str:
    """Plain text for the terminal, control characters in the file's text shown as codes
    (reconcile.terminal). ``every``: every cell of each kind of finding, not the first few."""
    return printable(_render(ins, every))


def _render(ins: Inspection, every: bool = False) -> str:
    fmt = ins.format + (f", {ins.encoding}" if ins.encoding else "")
    if ins.delimiter:
        fmt += f", {_DELIMITER_NAMES.get(ins.delimiter, repr(ins.delimiter))}-separated"
    facts = [
        ("File", ins.file),
        ("Format", fmt),
        ("Size", f"{ins.size:,} bytes"),
        ("SHA-256", ins.sha256),
        ("Extract", ins.role.value + (f" (guessed: {ins.role_reason})" if ins.role_reason else "")),
    ]
    if ins.sheet:
        facts.append(("Sheet", ins.sheet + (f": {ins.sheet_choice}" if ins.sheet_choice else "")))
    facts += [
        ("Header row", _header_rows(ins)),
        # As the run's control totals count them: the rows found below the header, those
        # among them that are not records, and the records.
        ("Rows found", f"{ins.rows + len(ins.skipped):,} below the header"),
        (
            "Set aside",
            f"{len(ins.skipped):,} (not records: totals, notes, headings, repeated headers)",
        ),
        ("Records read", f"{ins.rows:,}"),
    ]
    parts = [tabulate(facts, tablefmt="plain")]
    if len(ins.sheets) + len(ins.unnamed) > 1:
        sheets: list[tuple[str, int | None, int | str | None, int | None, str]] = [
            (
                s.name,
                s.rows,
                s.header_row or "-",
                s.matched,
                "chosen" if s.name == ins.sheet else "read" if s.name in ins.read_sheets else "",
            )
            for s in ins.sheets
        ]
        sheets += [(name, None, None, None, "name not matched") for name in ins.unnamed]
        parts.append(
            "Sheets\n"
            + tabulate(
                sheets,
                headers=["sheet", "rows", "header row", "columns named", ""],
                missingval="-",
            )
        )
    mapping = [
        (FIELD_LABELS.get(f, f), h, ins.kinds.get(f, ""), " | ".join(ins.samples.get(f, [])))
        for f, h in ins.mapping.items()
    ]
    parts.append(
        "Columns\n"
        + tabulate(mapping, headers=["field", "header in the file", "values", "first values"])
    )
    if ins.unused_columns:
        parts.append("Columns not used: " + ", ".join(ins.unused_columns))
    if ins.skipped_sheets:  # several sheets read: each row's sheet
        rows: list[tuple[object, ...]] = [
            (sheet, s.row, s.reason, s.text)
            for sheet, s in zip(ins.skipped_sheets, ins.skipped, strict=True)
        ]
        headers = ["sheet", "row", "why", "content"]
    else:
        rows = [(s.row, s.reason, s.text) for s in ins.skipped]
        headers = ["row", "why", "content"]
    if rows:
        parts.append("Rows set aside\n" + tabulate(rows, headers=headers))
    parts += _cells_part(ins, every)
    for note in [*ins.blank_rows, *ins.notes]:
        parts.append(f"Note: {note}")
    noted = set(ins.notes)
    for problem in ins.problems:
        if problem not in noted:
            parts.append(f"Problem: {problem}")
    return "\n\n".join(parts) + "\n"


def _header_rows(ins: Inspection) -> str:
    """The header's row, or its two rows when written over two ("5 and 6 (...)")."""
    if not ins.header_above:
        return str(ins.header_row)
    return (
        f"{ins.header_above} and {ins.header_row} (a header written over two rows, read as one: "
        "the words of each column's two cells together)"
    )
