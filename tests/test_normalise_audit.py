"""An audit of value reading against the domain notes (DOMAIN.md sections 1, 4 and 5).

Each ``test_defect_*`` failed before the fix it goes with. The ``test_found_nothing_*``
tables check forms that were already read right; they found no defect and are kept so that
none appears.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from reconcile.model import Cell, Role, SourceInfo, Table
from reconcile.normalise.dates import (
    NOT_A_DATE,
    NOT_REAL,
    NOT_REAL_US,
    PLACEHOLDER,
    birth_year_only,
    parse_date,
)
from reconcile.normalise.identifiers import (
    prison_number_and_warning,
    prison_number_key,
    prison_number_warning,
)
from reconcile.normalise.names import clean_name, split_full_name
from reconcile.normalise.police_ids import BAD_CHECK, cro_and_problem, pnc_and_problem
from reconcile.normalise.records import build_ind_records, build_prison_records

AS_OF = date(2006, 3, 31)


def table(role: Role, columns: dict[str, list[Cell]]) -> Table:
    rows = len(next(iter(columns.values())))
    source = SourceInfo(
        path=Path("/data/fnp.xlsx"),
        role=role,
        file="fnp.xlsx",
        sheet="FNP",
        format="xlsx",
        encoding=None,
        header_row=1,
        mapping={field: field.replace("_", " ").title() for field in columns},
        unused_columns=(),
        sha256="0" * 64,
        size=0,
        rows=rows,
    )
    return Table(source, list(range(2, 2 + rows)), columns)


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "would_be"),
    [
        (12, "12/01/1900"),  # a sentence of 12 (months) typed into the release-date column
        (12.0, "12/01/1900"),
        ("18", "18/01/1900"),
        ("0302", "28/10/1900"),  # 03/02 without its year
        ("2150", "19/11/1905"),
        (365, "30/12/1900"),
        (3653, "31/12/1909"),
    ],
)
def test_defect_a_small_number_is_not_silently_a_date_in_1900(raw: Cell, would_be: str) -> None:
    """A number below 3654 is, as an Excel date, a day in 1900-1909. Nobody in these
    extracts was sentenced, released, referred or considered then, and a birth then would
    make a prisoner of 1999 ninety or more: such a number is a count, a code or a sentence
    length in the wrong column. It was read as the date without a word; now it cannot be read,
    with a finding that gives the date it would be, for the auditor to check."""
    for birth in (False, True):
        found, problem = parse_date(raw, birth=birth, reference=AS_OF)
        assert found is None
        assert problem == (
            f"is a small number, not a date (as an Excel date number it would be {would_be})"
        )


def test_defect_a_small_number_gives_a_finding_with_its_place() -> None:
    records, findings = build_ind_records(
        table(
            Role.IND,
            {
                "case_ref": ["B1234567", "B7654321"],
                "surname": ["SMITH", "JONES"],
                "forenames": ["John", "Ann"],
                "dob": ["01/02/1970", "03/04/1971"],
                "referral_date": [12, 38808],
                "considered_date": [None, None],
            },
        ),
        reference=AS_OF,
    )
    assert records[0].referral_date is None
    assert records[0].unreadable == {"referral_date": "12"}
    assert records[1].referral_date == date(2006, 4, 1)
    (finding,) = [f for f in findings if f.field == "referral_date"]
    assert (finding.file, finding.sheet, finding.row, finding.column, finding.raw) == (
        "fnp.xlsx",
        "FNP",
        2,
        "Referral Date",
        "12",
    )
    assert "would be 12/01/1900" in finding.problem


@pytest.mark.parametrize(
    ("raw", "birth", "expected"),
    [
        ("03/02/2003", False, date(2003, 2, 3)),
        ("3/2/03", False, date(2003, 2, 3)),
        ("3/2/29", False, date(2029, 2, 3)),  # Excel's window: 00-29 are 20yy
        ("3/2/30", False, date(1930, 2, 3)),
        ("3/2/75", True, date(1975, 2, 3)),
        ("3/2/05", True, date(2005, 2, 3)),  # not after the as-of date: 20yy
        ("3/2/07", True, date(1907, 2, 3)),  # 2007 is after it: 19yy
        ("03-Feb-2003", False, date(2003, 2, 3)),
        ("03-FEB-03", False, date(2003, 2, 3)),
        ("3 February 2003", False, date(2003, 2, 3)),
        ("3rd February 2003", False, date(2003, 2, 3)),
        ("February 3, 2003", False, date(2003, 2, 3)),
        ("2003-02-03", False, date(2003, 2, 3)),
        ("2003-02-03T00:00:00", False, date(2003, 2, 3)),
        ("03/02/2003 14:30", False, date(2003, 2, 3)),
        ("03.02.2003", False, date(2003, 2, 3)),
        ("20030203", False, date(2003, 2, 3)),
        ("03022003", False, date(2003, 2, 3)),
        (37655, False, date(2003, 2, 3)),  # an Excel serial as a number
        (37655.75, False, date(2003, 2, 3)),  # with a time of day
        ("37655", False, date(2003, 2, 3)),  # and as text
        (datetime(2003, 2, 3, 14, 30), False, date(2003, 2, 3)),
        ("29/02/2000", False, date(2000, 2, 29)),
        ("01/01/1975", True, date(1975, 1, 1)),  # 1 January is read; the linker weighs it
        ("12/03/2030", False, date(2030, 3, 12)),  # a future event date is kept
    ],
)
def test_found_nothing_dates_read(raw: Cell, birth: bool, expected: date) -> None:
    """Found nothing: UK day-first forms, two-digit years by the documented rule, named
    months, ISO, compact digits, serials (as numbers and as text), datetimes with times."""
    assert parse_date(raw, birth=birth, reference=AS_OF) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "birth", "problem"),
    [
        ("02/13/2003", False, NOT_REAL_US),  # US month first: not guessed, but named
        ("31/02/1980", False, NOT_REAL),
        ("29/02/1900", False, NOT_REAL),
        ("29/02/2001", False, NOT_REAL),
        (60, False, "is Excel's day 60, the fictitious 29 February 1900"),
        ("01/01/1900", True, PLACEHOLDER),
        ("00/00/0000", True, PLACEHOLDER),
        ("31/12/9999", False, PLACEHOLDER),
        ("12/03/2030", True, "is in the future"),
        ("1/1/1879", True, "has the year 1879, outside 1880-2099"),
        ("N/K", True, NOT_A_DATE),
        ("-", True, NOT_A_DATE),
        ("unknown", True, NOT_A_DATE),
        ("1O/02/2003", False, NOT_A_DATE),  # a letter O: not guessed to be a 0
    ],
)
def test_found_nothing_dates_not_read(raw: Cell, birth: bool, problem: str) -> None:
    """Found nothing: impossible, placeholder, future (births) and blank-like values are
    problems, never another date."""
    assert parse_date(raw, birth=birth, reference=AS_OF) == (None, problem)


@pytest.mark.parametrize(
    ("raw", "year"),
    [("00/00/1975", 1975), ("1975", 1975), (1975, 1975), ("Jul-75", 1975), ("07/12", None)],
)
def test_found_nothing_year_only_births(raw: Cell, year: int | None) -> None:
    assert birth_year_only(raw, AS_OF) == year


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("John Smith Jnr", ("SMITH", "JOHN")),
        ("John SMITH Jr.", ("SMITH", "JOHN")),
        ("John Smith Snr", ("SMITH", "JOHN")),
        ("John Smith III", ("SMITH", "JOHN")),
        ("SMITH, John Jnr", ("SMITH", "JOHN")),
        ("John SMITH, Jnr", ("SMITH", "JOHN")),
        ("SMITH JNR, John", ("SMITH", "JOHN")),
        ("John Senior", ("SENIOR", "JOHN")),  # a surname: only abbreviations are suffixes
        ("Jnr Smith", ("SMITH", "JNR")),  # not at the end: left alone
    ],
)
def test_defect_a_generational_suffix_is_not_the_surname(
    raw: str, expected: tuple[str, str]
) -> None:
    """DOMAIN.md is silent on suffixes. "Jnr" after a name is never part of it; as the last
    word of a full name it was read as the surname (JNR, forenames JOHN SMITH), so the
    person could not link on surname. A UK records analyst drops it, as a title is dropped.
    "Senior" and "Junior" are real surnames and forenames, so only the abbreviations go."""
    assert split_full_name(raw) == expected


def test_defect_a_suffix_in_surname_and_forenames_columns() -> None:
    records, _ = build_prison_records(
        table(
            Role.PRISON,
            {
                "surname": ["SMITH JNR", "Jones"],
                "forenames": ["John", "David Snr"],
                "dob": ["01/02/1970", "03/04/1971"],
                "nationality": ["Jamaican", "Polish"],
                "sentence": [24, 24],
                "release_date": ["01/02/2005", "01/02/2005"],
            },
        ),
        reference=AS_OF,
    )
    assert [(r.surname, r.forenames) for r in records] == [("SMITH", "JOHN"), ("JONES", "DAVID")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sean Mc Donald", ("MC DONALD", "SEAN")),
        ("sean mc donald", ("MC DONALD", "SEAN")),
    ],
)
def test_defect_mc_written_apart_joins_the_surname(raw: str, expected: tuple[str, str]) -> None:
    """ "Mc" is never a forename: written apart ("Mc Donald", a system that split it), it
    was left with the forenames and DONALD read as the surname."""
    assert split_full_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("王小明", ("WANG", "XIAOMING")),
        ("王 小明", ("WANG", "XIAOMING")),
        ("김민준", ("GIM", "MINJUN")),
    ],
)
def test_defect_a_chinese_or_korean_name_in_its_script(raw: str, expected: tuple[str, str]) -> None:
    """DOMAIN.md 4: Chinese names put the family name first. Written in Chinese characters
    without spaces, the name was transliterated as one word (WANGXIAOMING) and taken whole
    for the surname; spaced, the order was turned (surname XIAOMING). The first character
    (or word) is the family name. Korean is the same (anyascii gives GIM for KIM, which the
    linker's variant comparison must bridge)."""
    assert split_full_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SMITH, John", ("SMITH", "JOHN")),
        ("SMITH,John", ("SMITH", "JOHN")),
        ("Mr John Smith", ("SMITH", "JOHN")),
        ("Dr. Ahmed Hassan", ("HASSAN", "AHMED")),
        ("SMITH, Mr John", ("SMITH", "JOHN")),
        ("  John   SMITH  ", ("SMITH", "JOHN")),
        ("Mohammed al Hassan", ("AL HASSAN", "MOHAMMED")),
        ("Mohammed Al-Hassan", ("AL-HASSAN", "MOHAMMED")),
        ("Ahmed Bin Laden", ("BIN LADEN", "AHMED")),
        ("Omar ibn Khattab", ("IBN KHATTAB", "OMAR")),
        ("Ali ABDUL RAHMAN", ("ABDUL RAHMAN", "ALI")),
        ("Abu Hamza al-Masri", ("AL-MASRI", "ABU HAMZA")),
        ("Hussein El Sayed", ("EL SAYED", "HUSSEIN")),
        ("Joao da Silva", ("DA SILVA", "JOAO")),
        ("Maria dos Santos", ("DOS SANTOS", "MARIA")),
        ("Jan van der Berg", ("VAN DER BERG", "JAN")),
        ("Pedro de la Cruz", ("DE LA CRUZ", "PEDRO")),
        ("Sean O’Brien", ("O'BRIEN", "SEAN")),
        ("Sean McDonald", ("MCDONALD", "SEAN")),
        ("Van Minh NGUYEN", ("NGUYEN", "VAN MINH")),  # Vietnamese Van is a name, not a particle
        ("NGUYEN Van Minh", ("NGUYEN", "VAN MINH")),
        ("Nguyễn Văn Minh", ("MINH", "NGUYEN VAN")),  # no case to go by: the last word
        ("Jerzy Wiśniewski", ("WISNIEWSKI", "JERZY")),
        ("Ahmet Yılmaz", ("YILMAZ", "AHMET")),
        ("Günter Straße", ("STRASSE", "GUNTER")),
        ("Øystein Ødegaard", ("ODEGAARD", "OYSTEIN")),
        ("Łukasz Łęcki", ("LECKI", "LUKASZ")),
        ("Иван Петров", ("PETROV", "IVAN")),
    ],
)
def test_found_nothing_names(raw: str, expected: tuple[str, str]) -> None:
    """Found nothing: comma form, titles, particles, apostrophes, diacritics, Cyrillic."""
    assert split_full_name(raw) == expected


def test_found_nothing_clean_name_keeps_apostrophes_and_hyphens() -> None:
    assert clean_name("o'BRIEN-smith") == "O'BRIEN-SMITH"
    assert clean_name("OBrien") == "OBRIEN"  # the linker, not cleaning, bridges O'BRIEN/OBRIEN


# --- identifiers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number", "warning"),
    [
        (
            "A1234CD / FF8282",
            "A1234CD",
            "holds several prison numbers (A1234CD, FF8282)",
        ),
        (
            "A1234CD A1235CE",
            "A1234CD",
            "holds several prison numbers (A1234CD, A1235CE)",
        ),
        ("Ａ１２３４ＣＤ", "A1234CD", None),  # full-width: the same letters and digits
        ("A1234ÇD", "A1234D", "holds Ç, not a letter A-Z or a digit: left out, read as A1234D"),
    ],
)
def test_defect_prison_number_cells_that_lost_characters(
    raw: str, number: str, warning: str | None
) -> None:
    """DOMAIN.md: prison numbers are custody-episode keys, a set per person, so a cell may
    give two. They were run together (A1234CDFF8282, nobody's number) without a word; a
    full-width number (typed with an East Asian keyboard) became blank; a letter outside A-Z
    was dropped silently. Now the first number is read, full-width forms are the characters
    they show, and what is left out is named."""
    assert prison_number_and_warning(raw) == (number, warning)


def test_defect_several_prison_numbers_give_a_finding() -> None:
    records, findings = build_prison_records(
        table(
            Role.PRISON,
            {
                "prison_number": ["A1234CD; FF8282"],
                "surname": ["SMITH"],
                "forenames": ["John"],
                "dob": ["01/02/1970"],
                "nationality": ["Jamaican"],
                "sentence": [24],
                "release_date": ["01/02/2005"],
            },
        ),
        reference=AS_OF,
    )
    assert records[0].prison_number == "A1234CD"
    assert records[0].other_numbers == ("FF8282",)  # compared as well (reconcile.link.aliases)
    (finding,) = [f for f in findings if f.field == "prison_number"]
    assert (finding.row, finding.column, finding.raw) == (2, "Prison Number", "A1234CD; FF8282")
    assert finding.consequence == "the first kept as the row's number, the others compared as well"


@pytest.mark.parametrize(
    ("cell", "first", "others", "consequence"),
    [
        ("FF8282 / A1234CD", "FF8282", ("A1234CD",), "others compared as well"),
        ("A1234CD, FF8282 and AB1234", "A1234CD", ("FF8282", "AB1234"), "others compared"),
        ("A1234CD / a1234cd", "A1234CD", (), "read as one number, given more than once"),
        ("A1234CD / FF8282 / FF8282", "A1234CD", ("FF8282",), "others compared as well"),
        ("A1234CD", "A1234CD", (), None),
    ],
)
def test_other_prison_numbers_are_kept_for_the_linker(
    cell: str, first: str, others: tuple[str, ...], consequence: str | None
) -> None:
    """A person's numbers from several custody episodes in one cell: the first is the row's
    number, the rest (each once, not the first again) are kept for the linker to compare."""
    records, findings = build_ind_records(
        table(
            Role.IND,
            {
                "case_ref": ["B1234567"],
                "surname": ["SMITH"],
                "forenames": ["John"],
                "dob": ["01/02/1970"],
                "prison_number": [cell],
            },
        ),
        reference=AS_OF,
    )
    assert (records[0].prison_number, records[0].other_numbers) == (first, others)
    said = [f.consequence for f in findings if f.field == "prison_number"]
    if consequence is None:
        assert said == []
    else:
        assert len(said) == 1 and consequence in said[0]


@pytest.mark.parametrize(
    ("raw", "number", "key", "warned"),
    [
        ("A1234CD", "A1234CD", "A1234CD", False),
        (" a 1234-cd ", "A1234CD", "A1234CD", False),
        ("AI234CD", "AI234CD", "A1234CD", True),  # I for 1: kept, warned, folded key
        ("A1234OD", "A1234OD", "A1234OD", True),  # O never issued
        ("A0000AA", "A0000AA", "A0000AA", True),
        ("FF8282", "FF8282", "FF8282", False),  # LIDS
        ("ff 8282", "FF8282", "FF8282", False),
    ],
)
def test_found_nothing_prison_numbers(raw: str, number: str, key: str, warned: bool) -> None:
    """Found nothing: NOMS and LIDS forms, case, spaces; B/I/O/S/U and 0000 warned, never
    rejected (DOMAIN.md, what the matcher must support, 1)."""
    got, warning = prison_number_and_warning(raw)
    assert got == number and prison_number_key(got) == key
    assert (warning is not None) is warned
    assert warning == prison_number_warning(got)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("200856560Z", ("08/0056560Z", None)),  # 2008 and 56560, not 20 and 0856560
        ("198134U", ("81/0000034U", None)),  # 1981 and 34, not 19 and 8134
    ],
)
def test_defect_a_pnc_id_without_slash_is_split_where_the_check_letter_agrees(
    raw: str, expected: tuple[str, str]
) -> None:
    """Without a slash a PNC ID does not say where the year ends. The two-digit year was
    always tried first, so 2008/56560Z written "200856560Z" became 20/0856560Z, failing its
    check and reported as mistyped, and never equal to the same number written with the
    slash. Of the two readings, the one the check letter (DOMAIN.md 1, mod 23) confirms is
    taken."""
    assert pnc_and_problem(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2008/0056560Z", ("08/0056560Z", None)),
        ("08/56560Z", ("08/0056560Z", None)),
        ("20080056560Z", ("08/0056560Z", None)),
        ("0856560Z", ("08/0056560Z", None)),
        ("81/34U", ("81/0000034U", None)),
        ("08/0056560z", ("08/0056560Z", None)),
        ("2004/0712343H", ("04/0712343H", BAD_CHECK)),  # DOMAIN.md: the Delius example fails
        (
            "00/0000000Z",
            (None, "has a serial number of zeros: a placeholder, not a person's number"),
        ),
        ("NK", (None, None)),
    ],
)
def test_found_nothing_pnc(raw: str, expected: tuple[str | None, str | None]) -> None:
    assert pnc_and_problem(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("012345/08V", ("012345/08V", None)),
        ("12345/08V", ("012345/08V", None)),
        ("SF08/123456T", ("SF08/123456T", None)),
        ("sf08123456t", ("SF08/123456T", None)),
        ("012345/08A", ("012345/08A", BAD_CHECK)),
    ],
)
def test_found_nothing_cro(raw: str, expected: tuple[str | None, str | None]) -> None:
    assert cro_and_problem(raw) == expected
