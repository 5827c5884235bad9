"""What a run cannot see: optional columns an extract lacks that change what the run can say.

A required column that is missing stops the run (reconcile.read.mapping). These columns are
optional, since many extracts do not have them, but without one a reader of the results
should know what rests on less: a note in the summary, the workbook and the evidence pack,
naming the columns the file had that nothing took (often the one wanted, under a name not
recognised).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from reconcile.model import Finding, Role, SourceInfo
from reconcile.normalise.date_like import a_calendar_date as _a_calendar_date
from reconcile.normalise.readable import first_examples, wrong_column_message
from reconcile.read.extract import Extracted, where
from reconcile.read.layout import column_letter
from reconcile.read.synonyms import FIELD_LABELS, describe_group

_EXTRACT = {Role.PRISON: "prison extract", Role.IND: "IND extract"}

# Per extract: the optional column, and what its absence changes.
CONSEQUENCES: dict[Role, dict[str, str]] = {
    Role.PRISON: {
        "court_recommended": (
            "scope rests on nationality and sentence length alone, so a prisoner a court "
            "recommended for deportation on a shorter sentence is counted out of scope"
        ),
        "prison_number": "links rest on names, dates of birth and nationality",
    },
    Role.IND: {
        "prison_number": "links rest on names, dates of birth and nationality",
    },
}


def missing_column_notes(source: SourceInfo) -> list[str]:
    """One note per optional column of CONSEQUENCES that ``source`` has no column for; then
    the notes reading made (``source.notes``: empty columns, columns with no header)."""
    notes = []
    for field, consequence in CONSEQUENCES[source.role].items():
        if field in source.mapping:
            continue
        unused = ", ".join(repr(c) for c in source.unused_columns)
        hint = (
            f"; if one of the columns not used ({unused}) holds it, map it under "
            f"[columns.{source.role.value}] in the config"
            if unused
            else ""
        )
        notes.append(
            f"The {_EXTRACT[source.role]} ({source.file}) has no {FIELD_LABELS[field]} column: "
            f"{consequence}{hint}."
        )
    return notes + list(source.notes)


# A file with at least this many data rows whose column deciding outcomes holds no value at
# all is a broken extract (the column exported empty), not real data: the run stops. In a
# smaller file an empty column can be true, and is noted.
HANDFUL = 10

# Per extract: what a column holding no value means for the results, when the run goes on.
EMPTY_CONSEQUENCES: dict[str, str] = {
    "considered_date": (
        "no referral is read as considered, so every referred prisoner released counts as "
        "referred but not considered"
    ),
    "referral_date": "no record is read as referred, so every prisoner counts as never referred",
    "release_date": "no prisoner is read as released, so none can be judged",
    "decision": "no record is read as holding a decision",
    "court_recommended": "no prisoner is read as recommended for deportation by a court",
}
_NOT_KNOWN = "the value is read as not known in every row"


def _column(ex: Extracted, field: str) -> str:
    """ "'Discharge Date', column I"."""
    return f"{ex.mapping.get(field, field)!r}, column {column_letter(ex.positions[field])}"


def _a(label: str) -> str:
    """'a surname', 'an offence'."""
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def _extract(ex: Extracted, name: str) -> str:
    return f"{_EXTRACT[ex.role]} ({where(name, ex.sheet)})"


def _deciding_empty(ex: Extracted) -> list[str]:
    """The mapped fields of the first required group whose columns all hold no value, in a
    file of HANDFUL rows or more ([] when none). The consideration date only when decisions
    are recorded: with none, a batch may truly have had none considered yet."""
    if len(ex.row_numbers) < HANDFUL:
        return []
    for group in ex.required:
        mapped = [f for f in group if f in ex.positions]
        decided = "considered_date" not in group or _decisions(ex)
        if mapped and decided and all(f in ex.empty for f in mapped):
            return mapped
    return []


def _decisions(ex: Extracted) -> int:
    """How many rows hold a decision (0 when there is no decision column)."""
    values = ex.columns["decision"][0] if "decision" in ex.columns else []
    return len(values) - values.count(None)


def empty_column_problem(ex: Extracted, name: str) -> str:
    """Why the run stops ("" when it need not): in a file of HANDFUL rows or more, a required
    column that decides outcomes holds no value in any data row (_deciding_empty)."""
    mapped = _deciding_empty(ex)
    if not mapped:
        return ""
    group = next(g for g in ex.required if mapped[0] in g)
    label = describe_group(group).removeprefix("the ")
    columns = "; ".join(_column(ex, f) for f in mapped)
    section = f"[columns.{ex.role.value}]"
    return (
        f"{where(name, ex.sheet)}: the {label} column ({columns}) holds no value in any "
        f"of the {len(ex.row_numbers):,} data rows{_while_decided(ex, mapped)}, so every "
        f"row would be judged without it; "
        f"the extract was most likely exported with the column empty. Ask for the extract "
        f"again with the column filled in; or, if another column holds the {label}, map it "
        f'in the config under {section} as {mapped[0]} = "<header>"'
    )


def _while_decided(ex: Extracted, mapped: list[str]) -> str:
    if "considered_date" not in mapped:
        return ""
    decision = _column(ex, "decision")
    return f" while the decision column ({decision}) holds {_decisions(ex):,} decisions"


def empty_column_notes(ex: Extracted, name: str) -> list[str]:
    """One note per mapped column that holds no value in any data row (but those of
    empty_column_problem, which stop the run)."""
    rows = len(ex.row_numbers)
    if not rows:  # no data rows: said on its own
        return []
    stopping = _deciding_empty(ex)
    where_rows = "its one data row" if rows == 1 else f"any of its {rows:,} data rows"
    return [
        f"The {_extract(ex, name)} has {_a(FIELD_LABELS.get(f, f))} column ({_column(ex, f)}) "
        f"with no value in {where_rows}: "
        f"{EMPTY_CONSEQUENCES.get(f, _NOT_KNOWN)}; check that the extract was exported with "
        f"the column filled in."
        for f in ex.empty
        if f in ex.positions and f not in stopping
    ]


def merged_header_problem(ex: Extracted, name: str) -> str:
    """Why the run stops ("" when it need not): a header merged over two or more columns,
    the later ones holding values without a header of their own (a 'Name' over the surname
    and the forenames, say): only the first would be read."""
    merged = [(j, n, over) for j, n, over in ex.headerless if over]
    if not merged:
        return ""
    listed = "; ".join(
        f"{over} is merged over column {column_letter(j)}, whose {n:,} values"
        for j, n, over in merged
    )
    j = merged[0][0]
    return (
        f"{where(name, ex.sheet)}: a header merged over several columns names only the first: "
        f"{listed} would not be read. Unmerge the header cells and give each column a "
        f"header of its own (say 'Surname' and 'Forenames'), or map the column by its letter "
        f'in the config under [columns.{ex.role.value}] (e.g. forenames = "column '
        f'{column_letter(j)}"), and run again'
    )


def _values(n: int) -> str:
    return f"{n:,} value" + ("" if n == 1 else "s")


def headerless_notes(ex: Extracted, name: str) -> list[str]:
    """A note naming the columns with no header (not under a merged one) that hold values."""
    plain = [(j, n) for j, n, over in ex.headerless if not over]
    if not plain:
        return []
    listed = ", ".join(f"column {column_letter(j)} ({_values(n)})" for j, n in plain[:10])
    if len(plain) > 10:
        listed += f" and {len(plain) - 10:,} more"
    some = "a column" if len(plain) == 1 else f"{len(plain)} columns"
    them = "it" if len(plain) == 1 else "them"
    return [
        f"The {_extract(ex, name)} has {some} with no header holding values beside the "
        f"columns read: {listed}; nothing in {them} is read. If one holds a field, give it a "
        f"header, or map it in the config under [columns.{ex.role.value}] by its letter "
        f'(<field> = "column {column_letter(plain[0][0])}").'
    ]


def headerless_findings(ex: Extracted, name: str) -> list[Finding]:
    """A finding for each column of headerless_notes."""
    return [
        Finding(
            file=name,
            sheet=ex.sheet,
            row=0,
            column=f"(column {column_letter(j)})",
            field="",
            raw=f"{_values(n)} in a column with no header",
            problem="a column with no header holds values",
            consequence="not read; give the column a header, or map it by its letter",
        )
        for j, n, over in ex.headerless
        if not over
    ]


def error_findings(ex: Extracted, name: str) -> list[Finding]:
    """A finding for each data cell of a mapped column showing a formula error (#N/A), which
    the parser reads as empty: without it the value would be missing unsaid."""
    return [
        Finding(
            file=name,
            sheet=sheet,
            row=row,
            column=ex.mapping.get(field, field),
            field=field,
            raw=shown,
            problem=f"{FIELD_LABELS.get(field, field)} '{shown}' is a formula error that the "
            "cell shows, not a value",
            consequence="read as missing; correct the formula in the extract (or type the "
            "value in its place) and run again",
        )
        for sheet, row, field, _letter, shown in ex.error_cells
    ]


# The columns that hold words (names, nationalities; offences, which may be written as
# numeric codes, only not dates) or identifiers (prison numbers, case references, PNC IDs
# and CRO numbers, which may be all digits, only not dates), what their values should be,
# and the test a value fails; and the fewest values that say anything about a column.
_DATE_TEXT = re.compile(r"\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T][\d:.]+)?\s*")


_ASCII_LETTER = re.compile("[A-Za-z]")


def _no_letter(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return _ASCII_LETTER.search(value) is None and not any(c.isalpha() for c in value)


def _a_date(value: object) -> bool:
    return isinstance(value, date) or (isinstance(value, str) and bool(_DATE_TEXT.fullmatch(value)))


# The identifiers' test is the one a single cell is judged by when the column is read
# (reconcile.normalise.date_like), so the column and the cell agree on what a date is.
WORD_FIELDS: tuple[tuple[str, str, str, Callable[[object], bool]], ...] = (
    ("surname", "names", "dates or numbers", _no_letter),
    ("forenames", "names", "dates or numbers", _no_letter),
    ("full_name", "names", "dates or numbers", _no_letter),
    ("nationality", "nationalities", "dates or numbers", _no_letter),
    ("offence", "offences", "dates", _a_date),
    ("prison_number", "prison numbers", "dates", _a_calendar_date),
    ("case_ref", "case references", "dates", _a_calendar_date),
    ("pnc", "PNC IDs", "dates", _a_calendar_date),
    ("cro", "CRO numbers", "dates", _a_calendar_date),
)
WORD_MIN_VALUES = 20


def not_names_problem(
    ex: Extracted, name: str, columns: Mapping[str, Sequence[object]], limit: float
) -> str:
    """Why the run stops ("" when it need not): a column of words (a name, the nationality,
    the offence) or of identifiers (the prison number, the case reference, the PNC ID, the
    CRO number) of which more than ``limit`` of the values (at least WORD_MIN_VALUES of
    them) are of another kind (dates, numbers; dates alone for the offence and the
    identifiers), as when the config maps the surname to the date-of-birth column or the
    prison number to the release-date column: every row would then be linked or judged on
    the wrong data without a word."""
    if limit >= 1.0:
        return ""
    for field, kind, other, wrong in WORD_FIELDS:
        # Each distinct value judged once (0.5 -> 0.2 s for a 215,000-row prison extract):
        # names, nationalities and offences repeat.
        counts = Counter(columns.get(field, ()))
        given = {v: n for v, n in counts.items() if v is not None and str(v).strip()}
        values = sum(given.values())
        if values < WORD_MIN_VALUES:
            continue
        wrong_ones = {v for v in given if wrong(v)}
        if sum(given[v] for v in wrong_ones) <= limit * values:
            continue
        bad = [v for v in columns[field] if v in wrong_ones]
        return wrong_column_message(
            f"{where(name, ex.sheet)}, column {ex.mapping.get(field, field)!r} (column "
            f"{column_letter(ex.positions[field])}, ",
            FIELD_LABELS.get(field, field),
            f"{len(bad):,} of its {values:,} values are {other}, not {kind}",
            first_examples(bad, 3),
            ex.role,
            "as they are",
        )
    return ""


def open_elsewhere_notes(path: Path, name: str) -> list[str]:
    """A note when the lock file Excel or LibreOffice keeps beside a workbook while it is
    open lies beside this file: edits not yet saved there are not in what was read."""
    for lock in (f"~${path.name}", f".~lock.{path.name}#"):
        if (path.parent / lock).is_file():
            return [
                f"{name} seems to be open in Excel or LibreOffice ({lock} is beside it, a file "
                "made while the workbook is open, or left behind when the program stopped): "
                "what was read is the workbook as last saved. If it holds changes not yet "
                "saved, save and close it, and run again."
            ]
    return []
