"""The fields of the records: names, dates, nationality, identifiers, sentences and flags.

Each function reads one kind of field from a ColumnReader, reports what it cannot read
as findings in auditors' words, and returns one value per row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable
from datetime import date
from itertools import compress
from operator import ne
from typing import TypeGuard, cast

import numpy as np

from reconcile.errors import InputError
from reconcile.invisible import has_invisible, invisible_names
from reconcile.model import Cell, Finding
from reconcile.normalise.cells import raw_text
from reconcile.normalise.columns import ColumnReader
from reconcile.normalise.date_like import DATE_CONSEQUENCE, a_date_not, calendar_dates_among
from reconcile.normalise.dates import (
    birth_year_only,
    date_order_problem,
    estimated_birth,
    parse_date,
    several_births,
)
from reconcile.normalise.flags import parse_yes_no, states_a_decision
from reconcile.normalise.identifiers import (
    DATED,
    SEVERAL,
    prison_number_and_warning,
    several_prison_numbers,
)
from reconcile.normalise.names import (
    alias_parts,
    clean_name,
    forenames_from_full,
    maybe_aliases,
    split_full_name,
    without_suffix,
    without_title,
)
from reconcile.normalise.nationality import demonym, parse_nationality
from reconcile.normalise.sentence import column_unit, parse_sentence, sentence_unit_problem

MISSING = "treated as missing"

# clean_name without its cache: read_names cleans each distinct cell once already, and at a
# million rows there are more distinct names than the cache holds (it would only churn).
_clean = clean_name.__wrapped__


def check_date_order(reader: ColumnReader, field: str, month_first: bool) -> None:
    """Raise InputError when the field's column is plainly written in the other order than
    the one it is read in (see dates.date_order_problem)."""
    source = reader.table.source
    problem = date_order_problem(
        reader.cells(field),
        month_first,
        reader.place,
        source.mapping.get(field, field),
        f"{source.role.value}_date_order",
    )
    if problem:
        raise InputError(problem)


def read_dates(
    reader: ColumnReader, field: str, reference: date | None, month_first: bool = False
) -> list[date | None]:
    return _read_dates(reader, field, reference, month_first)[0]


MAX_OTHER_BIRTHS = 3  # other dates of birth kept per row at most (each is compared too)
# An unreadable date of birth read in part after all: the date, the year given alone, the
# problem and the consequence its finding states, and the other dates of birth it gives.
PartialBirth = tuple[date | None, int | None, str, str, tuple[date, ...]]


def _partial_birth(cell: Cell, reference: date | None, month_first: bool) -> PartialBirth | None:
    """How a date-of-birth cell that parse_date cannot read is read after all: the first of
    several dates, a date marked as estimated, or a year given alone (see dates); None when
    it gives none of them."""
    several = several_births(cell, reference, month_first)
    if several:
        first = several[0]
        others = tuple(dict.fromkeys(d for d in several[1:] if d != first))
        kept = others[:MAX_OTHER_BIRTHS]
        left = len(others) - len(kept)
        compared = "compared by each" if not left else f"compared by the first {len(kept) + 1}"
        rest = f"; the other {left} not compared" if left else ""
        return (
            first,
            None,
            f"gives {len(several)} dates of birth",
            f"{compared}, shown as the first ({first:%d/%m/%Y}){rest}",
            kept,
        )
    estimate = estimated_birth(cell, reference, month_first)
    if estimate is not None:
        return estimate, None, "is marked as estimated", f"read as {estimate:%d/%m/%Y}", ()
    year = birth_year_only(cell, reference)
    if year is not None:
        return (
            None,
            year,
            f"gives only the year of birth ({year}), not a full date",
            "compared by the year alone",
            (),
        )
    return None


def read_births(
    reader: ColumnReader, reference: date | None, month_first: bool = False
) -> tuple[list[date | None], list[int | None]]:
    """The dates of birth, and the year of birth of each row whose cell gives only the year
    (1975, "c. 1975", "07/1975", "00/00/1975": see dates.birth_year_only), else None. Such a
    row has no date of birth; the linker compares its year."""
    dates, years, _ = read_births_and_others(reader, reference, month_first)
    return dates, years


NO_DATES: tuple[date, ...] = ()


def read_births_and_others(
    reader: ColumnReader, reference: date | None, month_first: bool = False
) -> tuple[list[date | None], list[int | None], list[tuple[date, ...]]]:
    """As read_births, and per row the other dates of birth its cell gives after the first
    ("12/03/1980; 01/01/1981": the linker compares each)."""
    return _read_dates(reader, "dob", reference, month_first)


def _read_dates(
    reader: ColumnReader, field: str, reference: date | None, month_first: bool
) -> tuple[list[date | None], list[int | None], list[tuple[date, ...]]]:
    check_date_order(reader, field, month_first)
    birth = field == "dob"
    (dates,), problems = reader.parse_parts(
        field,
        lambda cell: parse_date(cell, birth=birth, reference=reference, month_first=month_first),
        1,
        1,
    )
    years: list[int | None] = [None] * len(dates) if birth else []
    others: list[tuple[date, ...]] = [NO_DATES] * len(dates) if birth else []
    if problems:
        cells = reader.cells(field)
        partial: dict[Cell, PartialBirth | None] = {}  # each distinct cell tried once
        for i, problem in problems:
            cell = cells[i]
            if birth and cell not in partial:
                partial[cell] = _partial_birth(cell, reference, month_first)
            read = partial.get(cell)
            if read is None:
                reader.report(i, field, cell, problem, MISSING, unreadable=True)
                continue
            dates[i], years[i], why, consequence, others[i] = read
            reader.report(i, field, cell, why, consequence, unreadable=False)
    return dates, years, others


def read_nationality(reader: ColumnReader) -> tuple[list[str | None], list[str]]:
    """(ISO codes, raw texts)."""
    (codes,), problems = reader.parse_parts("nationality", parse_nationality, 1, 1)
    if problems:
        cells = reader.cells("nationality")
        for i, problem in problems:
            code = codes[i]
            if code is None:
                consequence = "treated as unknown nationality"
            else:
                consequence = f"read as {demonym(code)}"
            reader.report(i, "nationality", cells[i], problem, consequence, code is None)
    return codes, reader.texts("nationality")


NO_NUMBERS: tuple[str, ...] = ()


def read_prison_numbers(reader: ColumnReader) -> tuple[list[str | None], list[tuple[str, ...]]]:
    """The prison numbers, and per row the other numbers its cell gives after the first
    ("A1234CD / FF8282": a person's custody episodes; the linker compares each). A cell with
    no digit, or only zeros ("NK", "N/A", "UNKNOWN", "0"), says the number is not known: it is
    missing, not a number two rows could share; so is a date (a date cell, or 03/04/2002)."""
    (numbers,), warnings = reader.parse_parts("prison_number", prison_number_and_warning, 1, 1)
    others = [NO_NUMBERS] * len(numbers)
    if warnings:
        cells = reader.cells("prison_number")
        for i, warning in warnings:
            kept = "kept as given"
            if warning == DATED:
                kept = DATE_CONSEQUENCE
            elif warning.startswith(SEVERAL):
                first = numbers[i]
                rest = several_prison_numbers(unicodedata.normalize("NFKC", str(cells[i])))
                others[i] = tuple(n for n in dict.fromkeys(rest) if n != first)
                kept = (
                    "the first kept as the row's number, the others compared as well"
                    if others[i]
                    else "read as one number, given more than once"
                )
            reader.report(i, "prison_number", cells[i], warning, kept, unreadable=False)
    unknown = not_numbers(numbers)
    if unknown:
        cells = reader.cells("prison_number")
        for i, number in enumerate(numbers):
            if number in unknown:
                numbers[i] = None
                why = "holds no digit" if number.strip("0") else "holds only zeros"
                reader.report(
                    i,
                    "prison_number",
                    cells[i],
                    f"{why}: not a prison number",
                    "treated as missing",
                    unreadable=False,
                )
    return numbers, others


_NOT_A_NUMBER = re.compile(r"^(?:[^0-9\n]+|0+)$", re.MULTILINE)


def not_numbers(numbers: list[str | None]) -> set[str]:
    """The normalised prison numbers (letters and digits only) among ``numbers`` that cannot
    identify anyone: no digit at all, or only zeros. One pattern search over the numbers
    joined by newlines (0.06 s for a million)."""
    return set(_NOT_A_NUMBER.findall("\n".join(filter(None, numbers))))


def read_yes_no(reader: ColumnReader, field: str) -> list[bool | None]:
    (values,), problems = reader.parse_parts(field, parse_yes_no, 1, 1)
    if problems:
        cells = reader.cells(field)
        for i, problem in problems:
            reader.report(i, field, cells[i], problem, "treated as not known", unreadable=True)
    return values


def _names_of(surname: str, forenames: str, full: str) -> tuple[str, str]:
    if surname.strip() or forenames.strip():
        if "," in surname:
            split_surname, split_forenames = split_full_name(surname)
            return split_surname, without_title(clean_name(forenames)) or split_forenames
        if not surname.strip() and full.strip():
            return split_full_name(full)
        return without_suffix(clean_name(surname)), without_title(clean_name(forenames))
    return split_full_name(full)


def _plain_surname(text: str) -> bool:
    """A surname cell that is the surname alone: the forenames column then holds the rest."""
    return bool(text.strip()) and "," not in text


# Whole name cells that say the name is not known (compared in capitals, spaces collapsed).
PLACEHOLDER_NAMES = frozenset({
    "UNKNOWN", "UNK", "NOT KNOWN", "NOTKNOWN", "NK", "N/K", "N.K.", "N/A", "N.A.", "NONE",
    "NIL", "NO NAME", "NONAME", "NOT GIVEN", "NOT STATED", "NOT RECORDED", "NOT PROVIDED",
    "REFUSED", "FNU", "LNU", "NFN", "NLN", "TBC", "TBA", "XXX", "UNKNOWN UNKNOWN",
})  # fmt: skip


def is_placeholder_name(text: str) -> bool:
    return " ".join(text.upper().split()) in PLACEHOLDER_NAMES


# The same, as one pattern for many texts joined by newlines (a line is one text).
_PLACEHOLDER_LINE = re.compile(
    r"^[^\S\n]*(?:"
    + "|".join(re.escape(p).replace(r"\ ", r"[^\S\n]+") for p in sorted(PLACEHOLDER_NAMES))
    + r")[^\S\n]*$",
    re.MULTILINE | re.IGNORECASE,
)


def _placeholder_texts(texts: list[str]) -> set[str]:
    """The texts that are placeholder names: one pattern search over all of them."""
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):  # a text holds a line break
        return {t for t in texts if is_placeholder_name(t)}
    lines = set(_PLACEHOLDER_LINE.findall(joined))
    return {t for t in lines if is_placeholder_name(t)}


def _blank(
    reader: ColumnReader,
    field: str,
    keys: list[Hashable],
    texts: dict[Hashable, str],
    hits: set[str],
    problem: str,
    consequence: str,
) -> None:
    """In place: the name cells whose texts are among ``hits`` become blank, each row with a
    finding (``problem``, ``consequence``)."""
    if not hits:
        return
    found = {k for k, text in texts.items() if text in hits}
    cells = reader.cells(field)
    for i, key in enumerate(keys):
        if key in found:
            reader.report(i, field, cells[i], problem, consequence, unreadable=False)
    for key in found:
        texts[key] = ""


def _blank_placeholders(
    reader: ColumnReader, field: str, keys: list[Hashable], texts: dict[Hashable, str]
) -> None:
    """In place: name cells that say the name is not known ("UNKNOWN", "N/A", "FNU") become
    blank, each row with a finding: two people are not alike for sharing one."""
    hits = _placeholder_texts(list(texts.values()))
    _blank(reader, field, keys, texts, hits, "is a placeholder, not a name", MISSING)


# A line (one text of many joined by newlines) with something on it but no letter.
_NO_LETTER_LINE = re.compile(r"^(?=[^\n]*[^\s])(?:[^\w\n]|[\d_])+$", re.MULTILINE)
_LETTER = re.compile(r"[^\W\d_]")
NO_LETTER = "holds no letter: not a name"


def _blank_letterless(
    reader: ColumnReader, field: str, keys: list[Hashable], texts: dict[Hashable, str]
) -> None:
    """In place: name cells holding something but no letter in any script ("12345", "?",
    "--") become blank, each row with a finding: cleaned as a name, such a cell left nothing
    (the row's name silently missing) or only its hyphens ("--"), which two rows could share.
    The texts are searched at once, as for placeholders."""
    values = list(texts.values())
    joined = "\n".join(values)
    if joined.count("\n") != max(len(values) - 1, 0):  # a text holds a line break
        hits = {t for t in values if t.strip() and _LETTER.search(t) is None}
    else:
        hits = set(_NO_LETTER_LINE.findall(joined))
    _blank(reader, field, keys, texts, hits, NO_LETTER, MISSING)


_DIGIT = re.compile(r"\d")
_DIGIT_LINE = re.compile(r"^[^\n]*\d[^\n]*$", re.MULTILINE)
WITH_DIGITS = "holds digits, which a name does not"
DIGITS_LEFT_OUT = "compared without them; correct the cell in the extract if a letter was meant"


def _report_digits(
    reader: ColumnReader, field: str, keys: list[Hashable], texts: dict[Hashable, str]
) -> None:
    """A finding for each name cell holding digits beside its letters ("SM1TH", "Smith 2"):
    cleaned as a name the digits are dropped without a word, and a digit typed for a letter
    changes the name compared. The cell is kept (without the digits, as cleaned). Called after
    _blank_letterless, so the texts left hold a letter."""
    values = list(texts.values())
    joined = "\n".join(values)
    if _DIGIT.search(joined) is None:  # most columns: no digit at all
        return
    if joined.count("\n") != max(len(values) - 1, 0):  # a text holds a line break
        hits = {t for t in values if _DIGIT.search(t)}
    else:
        hits = set(_DIGIT_LINE.findall(joined))
    found = {k for k, text in texts.items() if text in hits}
    cells = reader.cells(field)
    for i, key in enumerate(keys):
        if key in found:
            reader.report(i, field, cells[i], WITH_DIGITS, DIGITS_LEFT_OUT, unreadable=False)


# Scripts that leave most vowels unwritten: a name in one becomes, in Latin letters, a run of
# consonants ("الحسن" ALHSN) that shares little with the same name spelt in Latin letters in
# the other extract (AL-HASAN), so such rows may find no candidate at all.
_ABJADS = ("ARABIC", "HEBREW", "SYRIAC", "THAANA", "SAMARITAN", "MANDAIC")
UNWRITTEN_VOWELS = (
    "compared as its letters in Latin, without the vowels the script does not write (Al-Hasan "
    "written in Arabic letters is compared as ALHSN), so the same name spelt in Latin letters "
    "in the other extract may not be found; give the name as the other extract spells it, or "
    "check these rows by hand"
)


def abjad(text: str) -> str | None:
    """The script, named as Unicode names it in title case ("Arabic"), of the first letter of
    ``text`` written in a script that leaves most vowels unwritten; None if there is none."""
    if text.isascii():
        return None
    for char in text:
        if ord(char) >= 0x0590 and char.isalpha():
            script = unicodedata.name(char, "").split(" ", 1)[0]
            if script in _ABJADS:
                return script.title()
    return None


def _report_abjads(
    reader: ColumnReader, field: str, keys: list[Hashable], texts: dict[Hashable, str]
) -> None:
    """A finding for each name cell written in Arabic, Hebrew or another script that writes
    few vowels (see _ABJADS): the cell is kept and compared, its letters in Latin."""
    joined = "".join(texts.values())
    if joined.isascii():  # most columns
        return
    scripts = {key: abjad(text) for key, text in texts.items() if not text.isascii()}
    if not any(scripts.values()):
        return
    cells = reader.cells(field)
    for i, key in enumerate(keys):
        script = scripts.get(key)
        if script:
            problem = f"is written in {script} script, which writes few vowels"
            reader.report(i, field, cells[i], problem, UNWRITTEN_VOWELS, unreadable=False)


NOT_A_NAME = a_date_not("a name")


def _blank_dates(
    reader: ColumnReader, field: str, keys: list[Hashable], texts: dict[Hashable, str]
) -> None:
    """In place: name cells that are dates (a date cell, or text such as 03/04/2002:
    date_like.a_calendar_date) become blank, each row with a finding: cleaned as a name, a
    date leaves only its separators ("- -"), which two rows could share. The cells' texts
    (a date cell's is 1980-01-02) are searched at once (calendar_dates_among)."""
    dated = calendar_dates_among(list(texts.values()))
    _blank(reader, field, keys, texts, dated, NOT_A_NAME, DATE_CONSEQUENCE)


def _cut_aliases(
    reader: ColumnReader, field: str, keys: list[Hashable], texts: dict[Hashable, str]
) -> dict[Hashable, list[str]]:
    """In place: a name cell that also names an alias ("SMITH (aka JONES)", "Ahmed HASSAN
    alias Ahmad HASAN", "MOHAMMED @ MOHAMED", "SMITH aka JONES aka BROWN") keeps the name
    before it, each row with a finding. Read whole, the markers and the aliases would be taken
    for more of the name. Returns the aliases of each cell cut, by key (none for a bare
    marker: "SMITH [alias]")."""
    split = {text: alias_parts(text) for text in maybe_aliases(list(texts.values()))}
    split = {text: parts for text, parts in split.items() if parts[0] != text}
    if not split:  # the names holding the letters of a marker ("ZAKARIA") give no alias
        return {}
    cut = {key: split[text] for key, text in texts.items() if text in split}
    cells = reader.cells(field)
    for i, key in enumerate(keys):
        if key in cut:
            name, aliases = cut[key]
            if aliases:
                several = len(aliases) > 1
                named = ", ".join(map(repr, aliases))
                problem = f"also gives {'aliases' if several else 'an alias'} ({named})"
                consequence = (
                    f"compared as {name!r}, and as {'each' if several else 'the'} alias too"
                    if len(aliases) <= MAX_ALIASES
                    else f"compared as {name!r}, and as its first {MAX_ALIASES} aliases too; "
                    f"the other {len(aliases) - MAX_ALIASES} not compared"
                )
            else:
                problem, consequence = "is marked as an alias", f"compared as {name!r}"
            reader.report(i, field, cells[i], problem, consequence, unreadable=False)
    for key, (name, _) in cut.items():
        texts[key] = name
    return {key: aliases for key, (_, aliases) in cut.items()}


def _full_names(reader: ColumnReader) -> tuple[list[str], dict[int, list[str]]]:
    """The full-name cells as text, each without the aliases it gives (see _cut_aliases), and
    the aliases given in each row's cell, by row (rows giving none left out)."""
    keys, texts = reader.distinct("full_name", raw_text)
    _blank_dates(reader, "full_name", keys, texts)
    _blank_letterless(reader, "full_name", keys, texts)
    _report_digits(reader, "full_name", keys, texts)
    _report_abjads(reader, "full_name", keys, texts)
    cut = _cut_aliases(reader, "full_name", keys, texts)
    aliases = {i: cut[key] for i, key in enumerate(keys) if cut.get(key)} if cut else {}
    return list(map(texts.__getitem__, keys)), aliases


def _named(aliases: list[str] | None) -> list[str]:
    """The aliases' texts without placeholders ("UNKNOWN")."""
    return [a for a in aliases or () if not is_placeholder_name(a)]


MAX_ALIASES = 4  # other names kept per row at most (each is compared with every record)


def read_names(reader: ColumnReader) -> tuple[list[str], list[str]]:
    """(SURNAMES, FORENAMES), one each per row (see read_names_and_aliases)."""
    surnames, forenames, _ = read_names_and_aliases(reader)
    return surnames, forenames


Alias = tuple[str, str]  # (SURNAME, FORENAMES), cleaned as a record's own name
NO_ALIASES: tuple[Alias, ...] = ()


def read_names_and_aliases(
    reader: ColumnReader,
) -> tuple[list[str], list[str], list[tuple[Alias, ...]]]:
    """(SURNAMES, FORENAMES, ALIASES), one each per row (see read_names_in_full)."""
    surnames, forenames, aliases, _ = read_names_in_full(reader)
    return surnames, forenames, aliases


def read_names_in_full(
    reader: ColumnReader,
) -> tuple[list[str], list[str], list[tuple[Alias, ...]], list[str | None]]:
    """(SURNAMES, FORENAMES, ALIASES, AS GIVEN), one each per row: the separate columns first,
    else the full name; the other names a row's cells give after an alias marker ("SMITH (aka
    JONES)"), each as (surname, forenames), or none; and the name as the extract gives it
    where it differs from the surname and forenames read (names_as_given), else None.

    Each distinct surname and forenames cell is cleaned once. Only rows whose surname cell
    is blank or holds a comma ("SMITH, John") look at the other columns together.
    """
    surname_keys, surname_texts = reader.distinct("surname", raw_text)
    forename_keys, forename_texts = reader.distinct("forenames", raw_text)
    # The cells as given, before dates, aliases and placeholders are cut from them.
    given_surnames, given_forenames = dict(surname_texts), dict(forename_texts)
    _blank_dates(reader, "surname", surname_keys, surname_texts)
    _blank_dates(reader, "forenames", forename_keys, forename_texts)
    surname_aliases = _cut_aliases(reader, "surname", surname_keys, surname_texts)
    forename_aliases = _cut_aliases(reader, "forenames", forename_keys, forename_texts)
    _blank_placeholders(reader, "surname", surname_keys, surname_texts)
    _blank_placeholders(reader, "forenames", forename_keys, forename_texts)
    _blank_letterless(reader, "surname", surname_keys, surname_texts)
    _blank_letterless(reader, "forenames", forename_keys, forename_texts)
    _report_digits(reader, "surname", surname_keys, surname_texts)
    _report_digits(reader, "forenames", forename_keys, forename_texts)
    _report_abjads(reader, "surname", surname_keys, surname_texts)
    _report_abjads(reader, "forenames", forename_keys, forename_texts)
    full: list[str] | None = None
    full_aliases: dict[int, list[str]] = {}
    # Rows whose name was split from one cell (the full-name cell, or a surname cell holding
    # the whole name): that cell as given (with a forenames cell beside it, that too).
    split: dict[int, str] = {}
    cleaned_surnames = {k: without_suffix(_clean(t)) for k, t in surname_texts.items()}
    surnames = list(map(cleaned_surnames.__getitem__, surname_keys))
    cleaned = {k: without_title(_clean(t)) for k, t in forename_texts.items()}
    forenames = list(map(cleaned.__getitem__, forename_keys))
    awkward = {k for k, text in surname_texts.items() if not _plain_surname(text)}
    if awkward:
        full, full_aliases = _full_names(reader)
        full_cells = reader.cells("full_name")
        cache: dict[tuple[str, str, str], tuple[str, str]] = {}
        for i in [i for i, key in enumerate(surname_keys) if key in awkward]:
            texts = (surname_texts[surname_keys[i]], forename_texts[forename_keys[i]], full[i])
            names = cache.get(texts)
            if names is None:
                names = cache[texts] = _names_of(*texts)
            surnames[i], forenames[i] = names
            surname, given, whole = texts
            if "," in surname:
                parts = (given_surnames[surname_keys[i]], given_forenames[forename_keys[i]])
                split[i] = ", ".join(t.strip() for t in parts if t.strip())
            elif not surname.strip() and whole.strip():
                split[i] = raw_text(full_cells[i]).strip()
    from_full = "full_name" in reader.table.columns and "forenames" not in reader.table.columns
    if from_full:
        # A surname column and a full-name column: the forenames are the rest of the full name.
        if full is None:
            full, full_aliases = _full_names(reader)
        full_cells = reader.cells("full_name")
        for i, (surname, given) in enumerate(zip(surnames, forenames, strict=True)):
            if surname and not given and full[i].strip():
                forenames[i] = forenames_from_full(surname, full[i])
                split[i] = raw_text(full_cells[i]).strip()
    aliases = [NO_ALIASES] * len(surnames)
    if any(surname_aliases.values()) or any(forename_aliases.values()) or full_aliases:
        rows = {i for i, key in enumerate(surname_keys) if surname_aliases.get(key)}
        rows |= {i for i, key in enumerate(forename_keys) if forename_aliases.get(key)}
        rows |= set(full_aliases)
        for i in sorted(rows):
            cells_aliases = (
                _named(surname_aliases.get(surname_keys[i])),
                _named(forename_aliases.get(forename_keys[i])),
                _named(full_aliases.get(i)),
            )
            found = _other_names(
                (surnames[i], forenames[i]),
                (surname_texts[surname_keys[i]], forename_texts[forename_keys[i]]),
                *cells_aliases,
            )
            aliases[i] = found[:MAX_ALIASES]
            if len(found) > MAX_ALIASES and max(map(len, cells_aliases)) <= MAX_ALIASES:
                _report_combined(reader, i, cells_aliases, found)
    as_given = names_as_given(
        (surname_keys, given_surnames, cleaned_surnames),
        (forename_keys, given_forenames, cleaned),
        split,
    )
    return surnames, forenames, aliases, as_given


# One name part of every row, as names_as_given takes it: (a key per row, key -> the cell as
# given, key -> the cell as read).
_Part = tuple[list[Hashable], dict[Hashable, str], dict[Hashable, str]]


def _differing(given: dict[Hashable, str], read: dict[Hashable, str]) -> set[Hashable]:
    """The keys whose cell as given is not its text as read but for capitals and surrounding
    spaces. Most are: compared a column's distinct cells at a time, in C (200,000 rows have
    about 90,000 distinct surnames)."""
    keys = list(given)
    upper = map(str.upper, given.values())
    odd = compress(keys, map(ne, upper, map(read.__getitem__, keys)))
    return {k for k in odd if given[k].strip().upper() != read[k]}


def names_as_given(surnames: _Part, forenames: _Part, split: dict[int, str]) -> list[str | None]:
    """Per row, the name as the extract gives it where it differs from the surname and
    forenames read other than by letter case and surrounding spaces; else None (most rows).

    The surname and forenames cells are given as "Surname, Forenames" (a blank one left out).
    A name split from one cell (``split``: the full-name cell, or a surname cell holding the
    whole name, "TALEB, Mohammad Omar") is given as that cell, whatever its letters: the
    split is the run's reading of it. Characters that show nothing are kept, for the writers
    to show as their codes (reconcile.invisible). Rows giving the same name share one text.

    A row not in ``split`` has the names its cells read as (the parts' third items): it
    differs when one of its cells does. So each distinct cell is compared once, and each
    distinct pair of cells that differs is given its text once.
    """
    s_keys, s_given, s_read = surnames
    f_keys, f_given, f_read = forenames
    s_odd, f_odd = _differing(s_given, s_read), _differing(f_given, f_read)
    rows: set[int] = set()
    for keys, odd in ((s_keys, s_odd), (f_keys, f_odd)):
        if odd:
            rows.update(compress(range(len(keys)), map(odd.__contains__, keys)))
    if not rows and not split:
        return [None] * len(s_keys)
    # Row by row in C: each row's pair of cells, each distinct pair's text made once.
    at = list(rows)
    pairs = list(zip(map(s_keys.__getitem__, at), map(f_keys.__getitem__, at), strict=True))
    shared: dict[object, str | None] = {
        (s, f): ", ".join(filter(None, (s_given[s].strip(), f_given[f].strip()))) or None
        for s, f in set(pairs)
    }
    given = np.full(len(s_keys), None, dtype=object)
    given[at] = list(map(shared.__getitem__, pairs))
    texts = list(split.values())
    given[list(split)] = [shared.setdefault(t, t) or None for t in texts]
    return cast(list[str | None], given.tolist())


def _other_names(
    own: Alias,
    own_texts: tuple[str, str],
    surname_aliases: list[str],
    given_aliases: list[str],
    full_aliases: list[str],
) -> tuple[Alias, ...]:
    """A row's other names, read as its own name is, from the aliases its surname,
    forenames and full-name cells give: each alias of a part with the row's own other part,
    then both parts' together, then the full names'; the parts an alias leaves out are the
    row's own ("SMITH, John (aka JONES)" is John JONES). None the row's own name; the caller
    keeps MAX_ALIASES of them."""
    own_surname, own_given = own_texts
    texts = [(s, own_given, "") for s in surname_aliases]
    texts += [(own_surname, g, "") for g in given_aliases]
    texts += [(s, g, "") for s in surname_aliases for g in given_aliases]
    texts += [("", "", u) for u in full_aliases]
    found: list[Alias] = []
    for surname_text, given_text, full_text in texts:
        surname, given = _names_of(surname_text, given_text, full_text)
        alias = (surname or own[0], given or own[1])
        if alias != own and alias not in found:
            found.append(alias)
    return tuple(found)


def _report_combined(
    reader: ColumnReader, i: int, given: tuple[list[str], ...], found: tuple[Alias, ...]
) -> None:
    """A finding for row ``i`` when its cells' aliases, each with the row's other name part
    and the surname's and forenames' together, make more other names than are compared (no
    cell giving more than MAX_ALIASES itself: its own finding says so)."""
    field = next(
        f for f, names in zip(("surname", "forenames", "full_name"), given, strict=True) if names
    )
    shown = ", ".join(" ".join(part for part in (g, s) if part) for s, g in found[:MAX_ALIASES])
    reader.report(
        i,
        field,
        reader.cells(field)[i],
        f"gives, with the row's other aliases, {len(found)} other names (each alias with the "
        "other name part, and the surname's and forenames' aliases together)",
        f"compared as its first {MAX_ALIASES} ({shown}); the other "
        f"{len(found) - MAX_ALIASES} not compared",
        unreadable=False,
    )


def read_sentences(
    reader: ColumnReader, unit_name: str = ""
) -> tuple[list[float | None], list[bool]]:
    """(months, life or indeterminate) per row. ``unit_name``: the unit of bare numbers set
    in the config ("days", ...); "" = the one the header names, else months. Raises
    InputError when no unit is set and the bare numbers, read so, are far too long to be
    sentences."""
    header = reader.table.source.mapping.get("sentence", "")
    problem = sentence_unit_problem(reader.cells("sentence"), unit_name, header, reader.place)
    if problem:
        raise InputError(problem)
    unit = column_unit(unit_name, header)
    (months, life), problems = reader.parse_parts(
        "sentence", lambda cell: parse_sentence(cell, unit), 2, 2
    )
    if problems:
        cells = reader.cells("sentence")
        for i, problem in problems:
            reader.report(i, "sentence", cells[i], problem, MISSING, unreadable=True)
    return months, life


def report_out_of_order(
    reader: ColumnReader,
    earlier: list[date | None],
    later: list[date | None],
    later_field: str,
    problem: str,
) -> None:
    """A finding on ``later_field`` for every row whose date there is before the row's date
    in ``earlier`` (both read): ``problem`` is completed with that date. Both are kept."""
    cells = None
    for i, (first, second) in enumerate(zip(earlier, later, strict=True)):
        if first is not None and second is not None and second < first:
            cells = cells if cells is not None else reader.cells(later_field)
            reader.report(
                i,
                later_field,
                cells[i],
                f"{problem} ({first.isoformat()})",
                "both kept as given; check the row",
                unreadable=False,
            )


# A prisoner is at least this old when the sentence starts (the age of criminal
# responsibility in England and Wales) and, released, younger than the oldest.
YOUNGEST, OLDEST = 10, 100


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def report_implausible_ages(
    reader: ColumnReader,
    dobs: list[date | None],
    starts: list[date | None],
    releases: list[date | None],
) -> None:
    """A finding on the date of birth of every prison row whose prisoner would be under
    YOUNGEST when the sentence started (or, without a sentence date, when released) or over
    OLDEST when released: a year keyed wrongly, most often. Kept as given (it is compared as
    written), and a sentence date before the birth date is reported already."""
    cells = None
    for i, (born, start, out) in enumerate(zip(dobs, starts, releases, strict=True)):
        if born is None:
            continue
        at = start or out
        year = born.year
        if (at is None or at.year - year > YOUNGEST) and (out is None or out.year - year <= OLDEST):
            continue  # most rows: the years alone settle it
        problem = ""
        if at is not None and at >= born and _age(born, at) < YOUNGEST:
            when = "the start of the sentence" if start else "release"
            problem = (
                f"makes the prisoner {_age(born, at)} at {when} ({at.isoformat()}), under "
                f"{YOUNGEST}, the age of criminal responsibility"
            )
        elif out is not None and _age(born, out) > OLDEST:
            problem = f"makes the prisoner {_age(born, out)} at release ({out.isoformat()})"
        if problem:
            cells = cells if cells is not None else reader.cells("dob")
            reader.report(
                i, "dob", cells[i], problem, "kept as given; check the row", unreadable=False
            )


def report_undated_decisions(
    reader: ColumnReader, decisions: list[str], considered: list[date | None]
) -> None:
    """A finding on the consideration date of every IND row that records a decision
    ("Deport") but no consideration date, nor one that could not be read: the case was
    considered, at a time the extract does not give."""
    cells = None
    judged: dict[str, bool] = {}
    for i, (text, when) in enumerate(zip(decisions, considered, strict=True)):
        if when is not None or not text or "considered_date" in (reader.unreadable[i] or {}):
            continue
        stated = judged.get(text)
        if stated is None:
            stated = judged[text] = states_a_decision(text)
        if stated:
            cells = cells if cells is not None else reader.cells("considered_date")
            reader.report(
                i,
                "considered_date",
                cells[i],
                f"is empty, but the decision {text!r} is recorded",
                "considered at a date not given: a row linked to it goes to review where the "
                "outcome turns on it",
                unreadable=False,
            )


INVISIBLE_CONSEQUENCE = (
    "ignored when the value is read and compared; shown as codes such as [U+202E] in the "
    "workbook and evidence.pdf. outcomes.csv gives prison numbers, names and dates as read, "
    "without them, and other text (nationality, offence, case references) as given, as it "
    "gives the name as given (name_as_given). Check "
    "the cell in the extract: such characters come with text pasted from other systems, and "
    "a direction control can make a value display reversed"
)


# isinstance(value, str), as a function filter() calls in C.
_IS_TEXT = cast("Callable[[Cell], TypeGuard[str]]", str.__instancecheck__)


def report_invisible(reader: ColumnReader) -> None:
    """A finding for every cell of the mapped columns that holds characters that show
    nothing (reconcile.invisible: direction controls, zero-width characters), naming them.
    Each column's text cells are joined (picked out and joined in C): text that is all ASCII
    is passed by at a glance (a flag on the joined text), other text searched in one pass
    per character; only a column holding one is looked at cell by cell."""
    for field, column in reader.table.columns.items():
        joined = "\n".join(filter(_IS_TEXT, column))
        if not has_invisible(joined):
            continue
        texts = {c for c in column if type(c) is str and has_invisible(c)}
        hits = {t: invisible_names(t) for t in texts}
        cells = reader.cells(field)
        for i, cell in enumerate(cells):
            names = hits.get(cell) if type(cell) is str else None
            if names:
                several = "characters that show" if len(names) > 1 else "a character that shows"
                reader.report(
                    i,
                    field,
                    cell,
                    f"holds {several} nothing: {', '.join(names)}",
                    INVISIBLE_CONSEQUENCE,
                    unreadable=False,
                )


def report_repeated_rows(reader: ColumnReader, what: str) -> None:
    """A finding for every row whose cells all repeat an earlier row's: the same ``what``
    listed twice, which the outcomes then count twice. Rows are compared by a hash of their
    cells first (an array of one number per row, not a table of the rows), then cell by cell."""
    columns = list(reader.table.columns.values())
    n = reader.size
    if not columns or n < 2 or any(len(c) != n for c in columns):
        return
    hashes = np.fromiter(map(hash, zip(*columns, strict=True)), dtype=np.int64, count=n)
    order = np.argsort(hashes, kind="stable")
    ranked = hashes[order]
    same = np.flatnonzero(ranked[1:] == ranked[:-1])
    if len(same) == 0:
        return
    repeats: dict[int, int] = {}  # row index -> the earliest row it repeats
    for k in same.tolist():
        a, b = int(order[k]), int(order[k + 1])
        first = repeats.get(a, a)
        if all(c[first] == c[b] and type(c[first]) is type(c[b]) for c in columns):
            repeats[b] = first
    for i in sorted(repeats):
        texts = (raw_text(c[i]) for c in columns)
        reader.findings.append(
            Finding.of_row(
                reader.provenance[i],
                " | ".join(t for t in texts if t),
                f"repeats {reader.provenance[repeats[i]].ref} cell for cell: the same "
                f"{what} is listed twice",
                "both rows kept, each with its own outcome; check the extract",
            )
        )
