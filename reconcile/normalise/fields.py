"""The fields of the records: names, dates, nationality, identifiers, sentences and flags.

Each function reads one kind of field from a ColumnReader, reports what it cannot read
as findings in auditors' words, and returns one value per row.
"""

from __future__ import annotations

from datetime import date

from reconcile.model import Cell
from reconcile.normalise.columns import ColumnReader
from reconcile.normalise.dates import parse_date
from reconcile.normalise.flags import parse_yes_no
from reconcile.normalise.identifiers import normalise_prison_number, prison_number_warning
from reconcile.normalise.names import clean_name, split_full_name
from reconcile.normalise.nationality import demonym, parse_nationality
from reconcile.normalise.sentence import parse_sentence

MISSING = "treated as missing"


def _second(result: tuple[object, str | None]) -> str | None:
    return result[1]


def _number_and_warning(cell: Cell) -> tuple[str | None, str | None]:
    number = normalise_prison_number(cell)
    return number, prison_number_warning(number)


def read_dates(reader: ColumnReader, field: str, reference: date | None) -> list[date | None]:
    birth = field == "dob"
    parsed, problems = reader.parse_checked(
        field, lambda cell: parse_date(cell, birth=birth, reference=reference), _second
    )
    cells = reader.cells(field)
    for i, problem in problems:
        reader.report(i, field, cells[i], problem, MISSING, unreadable=True)
    return [value for value, _ in parsed]


def read_nationality(reader: ColumnReader) -> tuple[list[str | None], list[str]]:
    """(ISO codes, raw texts)."""
    parsed, problems = reader.parse_checked("nationality", parse_nationality, _second)
    cells = reader.cells("nationality")
    for i, problem in problems:
        code = parsed[i][0]
        if code is None:
            consequence = "treated as unknown nationality"
        else:
            consequence = f"read as {demonym(code)}"
        reader.report(i, "nationality", cells[i], problem, consequence, code is None)
    return [code for code, _ in parsed], reader.texts("nationality")


def read_prison_numbers(reader: ColumnReader) -> list[str | None]:
    parsed, warnings = reader.parse_checked("prison_number", _number_and_warning, _second)
    cells = reader.cells("prison_number")
    for i, warning in warnings:
        reader.report(i, "prison_number", cells[i], warning, "kept as given", unreadable=False)
    return [number for number, _ in parsed]


def read_yes_no(reader: ColumnReader, field: str) -> list[bool | None]:
    parsed, problems = reader.parse_checked(field, parse_yes_no, _second)
    cells = reader.cells(field)
    for i, problem in problems:
        reader.report(i, field, cells[i], problem, "treated as not known", unreadable=True)
    return [value for value, _ in parsed]


def _names_of(surname: str, forenames: str, full: str) -> tuple[str, str]:
    if surname.strip() or forenames.strip():
        if "," in surname:
            split_surname, split_forenames = split_full_name(surname)
            return split_surname, clean_name(forenames) or split_forenames
        if not surname.strip() and full.strip():
            return split_full_name(full)
        return clean_name(surname), clean_name(forenames)
    return split_full_name(full)


def read_names(reader: ColumnReader) -> list[tuple[str, str]]:
    """(SURNAME, FORENAMES) per row: the separate columns first, else the full-name column."""
    cache: dict[tuple[str, str, str], tuple[str, str]] = {}
    out = []
    for key in zip(
        reader.texts("surname"), reader.texts("forenames"), reader.texts("full_name"), strict=True
    ):
        try:
            out.append(cache[key])
        except KeyError:
            value = cache[key] = _names_of(*key)
            out.append(value)
    return out


def read_sentences(reader: ColumnReader) -> list[tuple[float | None, bool, str | None]]:
    """(months, life or indeterminate, problem) per row."""
    parsed, problems = reader.parse_checked("sentence", parse_sentence, lambda result: result[2])
    cells = reader.cells("sentence")
    for i, problem in problems:
        reader.report(i, "sentence", cells[i], problem, MISSING, unreadable=True)
    return parsed
