"""Record building: one record per row, in order; findings with exact provenance."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.errors import InputError
from reconcile.model import PRISON_FIELDS, Cell, Finding, Role, SourceInfo, Table
from reconcile.normalise.columns import FIELD_LABELS
from reconcile.normalise.fields import _placeholder_texts, is_placeholder_name, not_numbers
from reconcile.normalise.records import build_ind_records, build_prison_records

REF = date(2026, 1, 1)


def table(role: Role, columns: dict[str, list[Cell]], first_row: int = 5) -> Table:
    rows = len(next(iter(columns.values()))) if columns else 0
    headers = {field: field.replace("_", " ").title() for field in columns}
    source = SourceInfo(
        path=Path("/data/extract.xlsx"),
        role=role,
        file="extract.xlsx",
        sheet="Released",
        format="xlsx",
        encoding=None,
        header_row=first_row - 1,
        mapping=headers,
        unused_columns=(),
        sha256="0" * 64,
        size=0,
        rows=rows,
    )
    return Table(source, list(range(first_row, first_row + rows)), columns)


def prison_table() -> Table:
    return table(
        Role.PRISON,
        {
            "prison_number": ["a1234cd", 12345, None, "AI234CD"],
            "surname": ["Wiśniewski", "NGUYEN, Van Minh", None, "=Smith"],
            "forenames": ["Łukasz", None, None, "John"],
            "full_name": [None, None, "Maria de la Cruz", None],
            "dob": [datetime(1975, 12, 31), "31/02/1980", 27759, "01/01/1900"],
            "nationality": ["Polish", "Viet Nam", "Kurdish", "NOT KNOWN"],
            "sentence": [18, "Life", "tbc", "2y 6m"],
            "offence": ["Burglary", None, "Assault", " "],
            "sentence_start": ["01/02/03", date(2004, 5, 1), None, "garbage"],
            "release_date": [date(2004, 1, 1), None, "31.12.05", 38808],
            "court_recommended": ["Y", "No", "maybe", None],
        },
    )


def test_prison_records_one_per_row_in_order() -> None:
    records, _ = build_prison_records(prison_table(), reference=REF)
    assert [r.idx for r in records] == [0, 1, 2, 3]
    assert [r.prov.row for r in records] == [5, 6, 7, 8]
    assert all(r.prov.file == "extract.xlsx" and r.prov.sheet == "Released" for r in records)
    first, second, third, fourth = records
    assert (first.prison_number, first.surname, first.forenames) == (
        "A1234CD",
        "WISNIEWSKI",
        "LUKASZ",
    )
    assert first.dob == date(1975, 12, 31)
    assert (first.nationality, first.nationality_raw) == ("PL", "Polish")
    assert (first.sentence_months, first.sentence_life, first.sentence_raw) == (18.0, False, "18")
    assert first.offence == "Burglary"
    assert first.sentence_start == date(2003, 2, 1)
    assert first.release_date == date(2004, 1, 1)
    assert first.court_recommended is True
    assert first.unreadable == {}
    assert (second.prison_number, second.surname, second.forenames) == (
        "12345",
        "NGUYEN",
        "VAN MINH",
    )
    assert second.dob is None and second.unreadable == {"dob": "31/02/1980"}
    assert second.nationality == "VN"
    assert (second.sentence_months, second.sentence_life) == (None, True)
    assert second.offence == ""
    assert second.court_recommended is False
    assert (third.prison_number, third.surname, third.forenames) == (None, "DE LA CRUZ", "MARIA")
    assert third.dob == date(1975, 12, 31)
    assert (third.nationality, third.nationality_raw) == (None, "Kurdish")
    assert third.sentence_months is None and third.sentence_raw == "tbc"
    assert third.release_date == date(2005, 12, 31)
    assert third.court_recommended is None
    assert third.unreadable == {
        "nationality": "Kurdish",
        "sentence": "tbc",
        "court_recommended": "maybe",
    }
    assert (fourth.surname, fourth.forenames) == ("SMITH", "JOHN")
    assert fourth.dob is None
    assert fourth.nationality is None and fourth.nationality_raw == "NOT KNOWN"
    assert fourth.sentence_months == 30.0
    assert fourth.offence == " "
    assert fourth.release_date == date(2006, 4, 1)
    assert fourth.unreadable == {"dob": "01/01/1900", "sentence_start": "garbage"}


def test_prison_findings_are_exact() -> None:
    _, findings = build_prison_records(prison_table(), reference=REF)

    def f(row: int, field: str, raw: str, problem: str, consequence: str) -> Finding:
        column = field.replace("_", " ").title()
        return Finding("extract.xlsx", "Released", row, column, field, raw, problem, consequence)

    missing = "treated as missing"
    assert findings == [
        f(6, "dob", "31/02/1980", "date of birth '31/02/1980' is not a real date", missing),
        f(7, "nationality", "Kurdish", "nationality 'Kurdish' is not recognised",
          "treated as unknown nationality"),
        f(7, "sentence", "tbc", "sentence length 'tbc' is recorded as not known",
          "treated as missing"),
        f(7, "court_recommended", "maybe", "court recommendation 'maybe' is not yes or no",
          "treated as not known"),
        f(8, "prison_number", "AI234CD", "prison number 'AI234CD' looks like a NOMS number with "
          "a letter typed for a digit (or the reverse)", "kept as given"),
        f(8, "dob", "01/01/1900", "date of birth '01/01/1900' is a placeholder date, "
          "not a real one", missing),
        f(8, "sentence_start", "garbage",
          "sentence start date 'garbage' is not a date reconcile can read", "treated as missing"),
    ]  # fmt: skip


def test_column_header_text_comes_from_the_mapping() -> None:
    t = table(Role.PRISON, {"dob": ["31/02/1980"]})
    t.source.mapping["dob"] = "D.O.B."
    _, findings = build_prison_records(t)
    assert findings[0].column == "D.O.B."


def test_unmapped_fields_are_missing_not_errors() -> None:
    records, findings = build_prison_records(table(Role.PRISON, {"surname": ["Smith", None]}))
    assert findings == []
    assert len(records) == 2
    assert records[1].surname == "" and records[1].prison_number is None
    assert records[0].offence == "" and records[0].sentence_raw == ""


def test_two_nationalities_give_a_finding_and_a_code() -> None:
    records, findings = build_prison_records(
        table(Role.PRISON, {"nationality": ["British/Jamaican"]})
    )
    assert records[0].nationality == "GB"
    assert records[0].unreadable == {}
    assert findings[0].problem == (
        "nationality 'British/Jamaican' names more than one nationality (United Kingdom, Jamaica)"
    )
    assert findings[0].consequence == "read as British"


def test_ind_records() -> None:
    t = table(
        Role.IND,
        {
            "case_ref": [1234567, "B1234567", None],
            "full_name": ["SMITH, John", "Nguyễn Van Minh", None],
            "dob": ["31.12.75", "12/13/1980", None],
            "nationality": ["JAMAICAN", "Zaire", ""],
            "prison_number": [None, " a1234cd ", None],
            "referral_date": ["01/02/2004", 38000, "soon"],
            "considered_date": [None, datetime(2005, 6, 1, 9, 30), None],
            "decision": ["Deport", None, "No action"],
        },
        first_row=2,
    )
    records, findings = build_ind_records(t, reference=REF)
    assert [r.case_ref for r in records] == ["1234567", "B1234567", ""]
    assert [(r.surname, r.forenames) for r in records] == [
        ("SMITH", "JOHN"),
        ("MINH", "NGUYEN VAN"),
        ("", ""),
    ]
    assert [r.dob for r in records] == [date(1975, 12, 31), None, None]
    assert [r.nationality for r in records] == ["JM", "CD", None]
    assert [r.prison_number for r in records] == [None, "A1234CD", None]
    assert [r.referral_date for r in records] == [date(2004, 2, 1), date(2004, 1, 14), None]
    assert [r.considered_date for r in records] == [None, date(2005, 6, 1), None]
    assert [r.decision for r in records] == ["Deport", "", "No action"]
    assert records[1].unreadable == {"dob": "12/13/1980"}
    assert records[2].unreadable == {"referral_date": "soon"}
    undated = "is empty, but the decision {!r} is recorded"
    assert [(x.row, x.field, x.problem) for x in findings] == [
        (2, "considered_date", f"{FIELD_LABELS['considered_date']} {undated.format('Deport')}"),
        (
            3,
            "dob",
            "date of birth '12/13/1980' is not a real date with the day first "
            "(it may be month-first, US style)",
        ),
        (4, "referral_date", "referral date 'soon' is not a date reconcile can read"),
        (4, "considered_date", f"{FIELD_LABELS['considered_date']} {undated.format('No action')}"),
    ]


def test_names_from_whichever_columns_hold_them() -> None:
    t = table(
        Role.PRISON,
        {
            "surname": ["SMITH, John", "SMITH, John", "Smith", None, None, None],
            "forenames": [None, "Johnny", "John", "John", None, None],
            "full_name": [None, None, "ignored", "Jones, Ann", "Ann Jones", None],
        },
    )
    records, findings = build_prison_records(t)
    assert [(r.surname, r.forenames) for r in records] == [
        ("SMITH", "JOHN"),
        ("SMITH", "JOHNNY"),
        ("SMITH", "JOHN"),
        ("JONES", "ANN"),
        ("JONES", "ANN"),
        ("", ""),
    ]
    assert findings == []


def test_bool_and_number_cells_are_kept_apart_in_the_cache() -> None:
    t = table(Role.PRISON, {"court_recommended": [1, True, 1.0, 0, False, "1"]})
    records, findings = build_prison_records(t)
    assert [r.court_recommended for r in records] == [True, True, True, False, False, True]
    t = table(Role.PRISON, {"dob": [True, 27759, 27759.0]})
    records, findings = build_prison_records(t)
    assert [r.dob for r in records] == [None, date(1975, 12, 31), date(1975, 12, 31)]
    assert [x.raw for x in findings] == ["TRUE"]


def test_empty_table() -> None:
    assert build_prison_records(table(Role.PRISON, {})) == ([], [])
    assert build_ind_records(table(Role.IND, {})) == ([], [])


cell = st.one_of(
    st.none(),
    st.text(max_size=15),
    st.integers(min_value=-(10**10), max_value=10**10),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_cells_give_one_record_per_row(data: st.DataObject) -> None:
    n = data.draw(st.integers(min_value=0, max_value=6))
    fields = PRISON_FIELDS
    columns = {f: data.draw(st.lists(cell, min_size=n, max_size=n)) for f in fields}
    records, findings = build_prison_records(table(Role.PRISON, columns))
    assert [r.idx for r in records] == list(range(n))
    assert all(f.row in range(5, 5 + n) for f in findings)
    for r in records:
        assert set(r.unreadable) <= set(fields)


def _ind_dates(referrals: list[Cell]) -> Table:
    n = len(referrals)
    return table(
        Role.IND,
        {
            "surname": ["SMITH"] * n,
            "dob": [date(1970, 1, 1)] * n,
            "referral_date": referrals,
            "considered_date": [None] * n,
        },
    )


US_DATES: list[Cell] = ["01/13/2003", "02/14/2003", "03/15/2003", "04/01/2003", "05/02/2003"]


def test_a_column_written_month_first_stops_a_day_first_run() -> None:
    with pytest.raises(InputError) as caught:
        build_ind_records(_ind_dates(US_DATES), reference=REF)
    assert str(caught.value) == (
        "extract.xlsx, sheet 'Released', column 'Referral Date': the dates are written month "
        "first (US style): 3 different values such as '01/13/2003' can only be read that way "
        "and 0 the other way, so every date with a day of 12 or less would be read wrongly; "
        'set ind_date_order = "month-first" under [input] in the config file, or correct the '
        "column, and run again"
    )


def test_a_column_written_month_first_reads_right_when_set() -> None:
    records, findings = build_ind_records(_ind_dates(US_DATES), reference=REF, month_first=True)
    assert [r.referral_date for r in records] == [
        date(2003, 1, 13), date(2003, 2, 14), date(2003, 3, 15), date(2003, 4, 1), date(2003, 5, 2),
    ]  # fmt: skip
    assert findings == []


def test_a_day_first_column_stops_a_month_first_run() -> None:
    uk = ["13/01/2003", "14/02/2003", "15/03/2003", "16/04/2003"]
    with pytest.raises(InputError, match='set ind_date_order = "day-first"'):
        build_ind_records(_ind_dates(uk), reference=REF, month_first=True)


def test_a_few_month_first_values_among_day_first_ones_are_findings() -> None:
    """Typos, not a column written the other way: each is a finding, the run goes on."""
    mixed = [*US_DATES[:3], *(f"{day}/05/2003" for day in range(13, 29))]
    records, findings = build_ind_records(_ind_dates(mixed), reference=REF)
    assert [r.referral_date for r in records[:4]] == [None, None, None, date(2003, 5, 13)]
    assert len(findings) == 3 and "month-first, US style" in findings[0].problem


def test_dates_out_of_order_are_findings_and_kept() -> None:
    prison = table(
        Role.PRISON,
        {
            "surname": ["SMITH", "JONES", "BROWN"],
            "dob": [date(1970, 1, 1), date(2005, 1, 1), None],
            "sentence_start": [date(2004, 6, 1), date(2003, 1, 1), date(2003, 1, 1)],
            "release_date": [date(2004, 2, 1), date(2004, 1, 1), date(2003, 1, 1)],
        },
    )
    records, findings = build_prison_records(prison, reference=REF)
    assert [r.release_date for r in records] == [
        date(2004, 2, 1),
        date(2004, 1, 1),
        date(2003, 1, 1),
    ]
    assert [(f.row, f.field, f.problem, f.consequence) for f in findings] == [
        (5, "release_date", "release date '2004-02-01' is before the sentence date (2004-06-01)",
         "both kept as given; check the row"),
        (6, "sentence_start",
         "sentence start date '2003-01-01' is before the date of birth (2005-01-01)",
         "both kept as given; check the row"),
    ]  # fmt: skip
    ind = table(
        Role.IND,
        {
            "surname": ["SMITH", "JONES"],
            "referral_date": [date(2004, 1, 1), "01/01/2003"],
            "considered_date": ["01/06/2003", date(2003, 1, 1)],
        },
    )
    _, findings = build_ind_records(ind, reference=REF)
    assert [(f.row, f.field, f.raw, f.problem) for f in findings] == [
        (5, "considered_date", "01/06/2003",
         "date considered '01/06/2003' is before the referral date (2004-01-01)"),
    ]  # fmt: skip


def test_sentence_lengths_in_days_when_the_header_says_so() -> None:
    read = table(Role.PRISON, {"surname": ["SMITH", "JONES"], "sentence": [365, "90"]})
    source = dataclasses.replace(
        read.source, mapping={**read.source.mapping, "sentence": "Sentence (days)"}
    )
    records, findings = build_prison_records(Table(source, read.row_numbers, read.columns))
    assert [r.sentence_months for r in records] == [12.0, 2.9589]
    assert findings == []


def test_provenance_names_a_sheet_only_where_there_is_one() -> None:
    from reconcile.model import Provenance

    assert str(Provenance("ind.csv", "", 2)) == "ind.csv, row 2"
    assert str(Provenance("ind.xlsx", "Cases", 2)) == "ind.xlsx, sheet 'Cases', row 2"


def test_sentences_far_too_long_for_months_stop_until_the_unit_is_set() -> None:
    days: list[Cell] = [365, "730", 180.0, "Life", "2 years", *([540] * 17)]
    prisoners = table(Role.PRISON, {"surname": ["SMITH"] * len(days), "sentence": days})
    with pytest.raises(InputError) as caught:
        build_prison_records(prisoners)
    assert str(caught.value) == (
        "extract.xlsx, sheet 'Released', column 'Sentence': read as months, its sentence "
        "lengths have a median of 540 months (45 years), far longer than sentences run; if "
        'they are days or weeks, set sentence_unit = "days" (or "weeks"; "months" if they '
        "really are months) under [input] in the config file, and run again"
    )
    records, _ = build_prison_records(prisoners, sentence_unit="days")
    assert [r.sentence_months for r in records[:5]] == [12.0, 24.0, 5.9178, None, 24.0]
    assert records[3].sentence_life
    months = table(Role.PRISON, {"surname": ["SMITH"] * 19, "sentence": [600] * 19})
    assert build_prison_records(months)[0][0].sentence_months == 600.0  # too few to judge


def test_rows_repeated_cell_for_cell_are_findings() -> None:
    """The same custody episode twice counts twice: each repeat is reported against the first
    row it repeats. A cell equal in value but not in kind (1 and "1") is not a repeat."""
    prisoners = table(
        Role.PRISON,
        {
            "prison_number": ["A1234CD", "A1234CD", "A1234CD", "A1234CD", "A1235CD"],
            "surname": ["SMITH", "SMITH", "SMITH", "SMITH", "SMITH"],
            "sentence": [24, 24, "24", 24, 24],
        },
    )
    _, findings = build_prison_records(prisoners)
    repeats = [(f.row, f.problem) for f in findings if "repeats" in f.problem]
    assert repeats == [
        (6, "repeats row 5 cell for cell: the same custody episode is listed twice"),
        (8, "repeats row 5 cell for cell: the same custody episode is listed twice"),
    ]
    assert findings[0].raw == "A1234CD | SMITH | 24"


def test_the_sentence_check_names_the_unit_it_read_in_and_a_set_unit_stands() -> None:
    weeks = table(Role.PRISON, {"surname": ["SMITH"] * 20, "sentence": [600] * 20})
    source = dataclasses.replace(weeks.source, mapping={"sentence": "Sentence (weeks)"})
    in_weeks = Table(source, weeks.row_numbers, weeks.columns)
    with pytest.raises(InputError, match=r"column 'Sentence \(weeks\)': read as weeks, .* 138 "):
        build_prison_records(in_weeks)
    assert build_prison_records(weeks, sentence_unit="months")[0][0].sentence_months == 600.0


@pytest.mark.parametrize(
    ("cell", "number", "problem"),
    [
        ("NK", None, "holds no digit"),
        ("N/A", None, "holds no digit"),
        ("Not known", None, "holds no digit"),
        ("UNKNOWN", None, "holds no digit"),
        ("0", None, "holds only zeros"),
        ("000000", None, "holds only zeros"),
        (0, None, "holds only zeros"),
        ("AB1234", "AB1234", None),
        ("A1234CD", "A1234CD", None),
        ("10", "10", None),
        (None, None, None),
    ],
)
def test_a_prison_number_that_identifies_nobody_is_missing(
    cell: object, number: str | None, problem: str | None
) -> None:
    """A placeholder in the prison-number column ("NK" on many rows) is not a number rows
    could share: missing, with a finding."""
    for role, build in ((Role.PRISON, build_prison_records), (Role.IND, build_ind_records)):
        records, findings = build(table(role, {"prison_number": [cell]}))
        assert records[0].prison_number == number
        got = [(f.field, f.problem, f.consequence) for f in findings]
        if problem is None:
            assert got == []
        else:
            raw = "0" if cell == 0 else cell
            assert got == [
                (
                    "prison_number",
                    f"prison number '{raw}' {problem}: not a prison number",
                    "treated as missing",
                )
            ]


def test_not_numbers() -> None:
    numbers = ["NK", "NA", "0", "000", "A0000BC", "AB1234", "10", "UNKNOWN", None, "", "NK"]
    assert not_numbers(numbers) == {"NK", "NA", "0", "000", "UNKNOWN"}
    assert not_numbers([]) == set()


@pytest.mark.parametrize(
    ("surname", "forenames", "names", "found"),
    [
        ("UNKNOWN", "Unknown", ("", ""), ["surname", "forenames"]),
        ("Mohamed", "Not known", ("MOHAMED", ""), ["forenames"]),
        ("N/A", "Ali", ("", "ALI"), ["surname"]),
        ("fnu", "  n/k ", ("", ""), ["surname", "forenames"]),
        ("Na", "Ji-woo", ("NA", "JI-WOO"), []),  # a Korean family name
        ("Unknow", "Ali", ("UNKNOW", "ALI"), []),
    ],
)
def test_a_name_cell_that_says_not_known_is_missing(
    surname: str, forenames: str, names: tuple[str, str], found: list[str]
) -> None:
    """ "UNKNOWN" in two rows is not a name two people share."""
    for role, build in ((Role.PRISON, build_prison_records), (Role.IND, build_ind_records)):
        records, findings = build(table(role, {"surname": [surname], "forenames": [forenames]}))
        assert (records[0].surname, records[0].forenames) == names
        assert [f.field for f in findings] == found
        assert all(
            f.problem.endswith("is a placeholder, not a name") and f.consequence == MISSING_TEXT
            for f in findings
        )


MISSING_TEXT = "treated as missing"


@given(
    st.lists(
        st.sampled_from(["UNKNOWN", " not  known ", "N/A", "n.k.", "Fnu", "SMITH", "NA", "\n"])
        | st.text(alphabet="UNKOWNA /.\n", max_size=12),
        max_size=12,
    )
)
def test_placeholder_names_found_in_bulk_are_those_found_one_by_one(texts: list[str]) -> None:
    assert _placeholder_texts(texts) == {t for t in texts if is_placeholder_name(t)}


@pytest.mark.parametrize(
    ("columns", "names"),
    [
        ({"surname": ["Hassan"], "forenames": ["Mr Ahmed"]}, ("HASSAN", "AHMED")),
        ({"surname": ["Yusuf"], "forenames": ["MRS. Amina Fatima"]}, ("YUSUF", "AMINA FATIMA")),
        ({"surname": ["HASSAN, Mr Ahmed"], "forenames": [""]}, ("HASSAN", "AHMED")),
        ({"full_name": ["Dr Li WANG"]}, ("WANG", "LI")),
        ({"surname": ["Smith"], "forenames": ["Mr"]}, ("SMITH", "MR")),
    ],
)
def test_a_title_before_the_forenames_is_not_a_name(
    columns: dict[str, list[str]], names: tuple[str, str]
) -> None:
    """A clerk's "Mr" is not a forename two people could share, nor one a prisoner lacks."""
    for role, build in ((Role.PRISON, build_prison_records), (Role.IND, build_ind_records)):
        records, findings = build(table(role, columns))
        assert (records[0].surname, records[0].forenames) == names
        assert not findings


@pytest.mark.parametrize(
    ("surname", "full", "names"),
    [
        ("Hassan", "Mr Ahmed HASSAN", ("HASSAN", "AHMED")),
        ("SMITH", "SMITH, John Paul", ("SMITH", "JOHN PAUL")),
        ("Al Jaburi", "Ahmed Al Jaburi", ("AL JABURI", "AHMED")),
        ("JONES", "Mary Smith", ("JONES", "")),  # not this surname's full name: nothing guessed
        ("", "Mary Smith", ("SMITH", "MARY")),
    ],
)
def test_a_surname_column_beside_a_full_name_column_takes_the_forenames_from_it(
    surname: str, full: str, names: tuple[str, str]
) -> None:
    """An extract with "Surname" and "Name" but no forenames column keeps the forenames."""
    for role, build in ((Role.PRISON, build_prison_records), (Role.IND, build_ind_records)):
        records, _ = build(table(role, {"surname": [surname], "full_name": [full]}))
        assert (records[0].surname, records[0].forenames) == names


@pytest.mark.parametrize(
    ("dob", "start", "release", "problem"),
    [
        (date(1994, 5, 1), date(2004, 4, 30), date(2005, 1, 1),
         "makes the prisoner 9 at the start of the sentence (2004-04-30), under 10, the age of "
         "criminal responsibility"),
        (date(1994, 5, 1), date(2004, 5, 1), date(2005, 1, 1), None),
        (date(1999, 1, 1), None, date(2003, 6, 1),
         "makes the prisoner 4 at release (2003-06-01), under 10, the age of criminal "
         "responsibility"),
        (date(1890, 1, 1), date(2003, 1, 1), date(2004, 6, 1),
         "makes the prisoner 114 at release (2004-06-01)"),
        (date(1905, 1, 1), date(2003, 1, 1), date(2004, 6, 1), None),
        (date(2005, 1, 1), date(2003, 1, 1), date(2004, 6, 1), None),  # reported as out of order
    ],
)  # fmt: skip
def test_a_birth_date_that_makes_the_prisoner_too_young_or_too_old_is_reported(
    dob: date, start: date | None, release: date, problem: str | None
) -> None:
    """Kept as given (it is compared as written); the auditor is told."""
    records, findings = build_prison_records(
        table(Role.PRISON, {"dob": [dob], "sentence_start": [start], "release_date": [release]})
    )
    assert records[0].dob == dob
    ages = [f for f in findings if f.field == "dob"]
    assert [f.problem.removeprefix(f"date of birth {dob.isoformat()!r} ") for f in ages] == (
        [problem] if problem else []
    )


def test_a_decision_without_a_consideration_date_is_reported() -> None:
    records, findings = build_ind_records(
        table(
            Role.IND,
            {
                "considered_date": [None, None, date(2005, 1, 1), "garbage"],
                "decision": ["Deport", "Pending", "Deport", "Deport"],
            },
        )
    )
    assert [r.decision for r in records] == ["Deport", "Pending", "Deport", "Deport"]
    undated = [f for f in findings if "is recorded" in f.problem]
    assert [(f.row, f.field, f.consequence) for f in undated] == [
        (
            5,
            "considered_date",
            "considered at a date not given: a row linked to it goes to review where the "
            "outcome turns on it",
        )
    ]


def test_a_year_of_birth_alone_is_kept_as_the_year_and_an_estimate_as_its_date() -> None:
    t = table(
        Role.IND,
        {
            "case_ref": ["B1", "B2", "B3", "B4", "B5", "B6", "B7"],
            "surname": ["SMITH"] * 7,
            "forenames": ["JOHN"] * 7,
            "dob": [
                1975,
                "c. 1975",
                "00/00/1975",
                "12/03/1980 (est)",
                "31/12/1975",
                "Unknown",
                "12/03/1980; 01/01/1981",
            ],
        },
        first_row=2,
    )
    records, findings = build_ind_records(t, reference=REF)
    assert [(r.dob, r.birth_year) for r in records] == [
        (None, 1975),
        (None, 1975),
        (None, 1975),
        (date(1980, 3, 12), None),
        (date(1975, 12, 31), None),
        (None, None),
        (date(1980, 3, 12), None),
    ]
    # Only the unreadable value is kept as raw text; the others were read, in part.
    assert [r.unreadable for r in records] == [{}, {}, {}, {}, {}, {"dob": "Unknown"}, {}]
    alone = "compared by the year alone"
    assert [(x.row, x.problem, x.consequence) for x in findings] == [
        (2, "date of birth '1975' gives only the year of birth (1975), not a full date", alone),
        (3, "date of birth 'c. 1975' gives only the year of birth (1975), not a full date", alone),
        (
            4,
            "date of birth '00/00/1975' gives only the year of birth (1975), not a full date",
            alone,
        ),
        (5, "date of birth '12/03/1980 (est)' is marked as estimated", "read as 12/03/1980"),
        (7, "date of birth 'Unknown' is not a date reconcile can read", "treated as missing"),
        (
            8,
            "date of birth '12/03/1980; 01/01/1981' gives 2 dates of birth",
            "compared by each, shown as the first (12/03/1980)",
        ),
    ]
    # The other date of birth is kept for the linker to compare too.
    assert [r.other_births for r in records] == [(), (), (), (), (), (), (date(1981, 1, 1),)]


def test_a_name_cell_giving_an_alias_keeps_the_name_before_it() -> None:
    """ "SMITH (aka JONES)" is the surname SMITH, with a finding naming the alias; read whole,
    AKA and JONES would be taken for more of the surname (and JONES, last, for the surname of
    a full name). The alias is kept as the record's other name, the parts it leaves out taken
    from the row's own name."""
    columns = {
        "surname": ["SMITH (aka JONES)", "", "Hassan", "OKORO, Ada (alias EZE)", "Brown [alias]",
                    "Patel aka unknown", "Ali", "Reid aka Brown aka Green", "Diallo (aka Bah)"],
        "forenames": ["John", "", "Ahmed @ Ahmad", "", "Tom", "Raj", "Omar aka OMAR", "Leroy",
                      "Mamadou @ Amadou"],
        "full_name": ["", "Tunde OKAFOR aka Tony OKAFOR", "", "", "", "", "", "", ""],
    }  # fmt: skip
    for role, build in ((Role.PRISON, build_prison_records), (Role.IND, build_ind_records)):
        records, findings = build(table(role, columns, first_row=2))
        assert [(r.surname, r.forenames, r.aliases) for r in records] == [
            ("SMITH", "JOHN", (("JONES", "JOHN"),)),
            ("OKAFOR", "TUNDE", (("OKAFOR", "TONY"),)),
            ("HASSAN", "AHMED", (("HASSAN", "AHMAD"),)),
            ("OKORO", "ADA", (("EZE", "ADA"),)),
            ("BROWN", "TOM", ()),  # a bare marker names no other name
            ("PATEL", "RAJ", ()),  # nor does a placeholder
            ("ALI", "OMAR", ()),  # nor the same name again
            ("REID", "LEROY", (("BROWN", "LEROY"), ("GREEN", "LEROY"))),
            # A surname's alias and a forename's: each with the other own part, then both.
            ("DIALLO", "MAMADOU", (("BAH", "MAMADOU"), ("DIALLO", "AMADOU"), ("BAH", "AMADOU"))),
        ]
        assert [(f.row, f.field, f.problem, f.consequence) for f in findings][:3] == [
            (2, "surname", "surname 'SMITH (aka JONES)' also gives an alias ('JONES')",
             "compared as 'SMITH', and as the alias too"),
            (3, "full_name", "name 'Tunde OKAFOR aka Tony OKAFOR' also gives an alias "
             "('Tony OKAFOR')", "compared as 'Tunde OKAFOR', and as the alias too"),
            (4, "forenames", "forenames 'Ahmed @ Ahmad' also gives an alias ('Ahmad')",
             "compared as 'Ahmed', and as the alias too"),
        ]  # fmt: skip
        assert (9, "surname", "surname 'Reid aka Brown aka Green' also gives aliases ('Brown', "
                "'Green')", "compared as 'Reid', and as each alias too") in [
            (f.row, f.field, f.problem, f.consequence) for f in findings
        ]  # fmt: skip
        assert (6, "surname", "surname 'Brown [alias]' is marked as an alias",
                "compared as 'Brown'") in [(f.row, f.field, f.problem, f.consequence)
                                            for f in findings]  # fmt: skip


def test_a_cell_of_many_dates_of_birth_keeps_three_others() -> None:
    """Each other date of birth is compared too: a cell listing many keeps the first as the
    date and at most three others (repeats dropped)."""
    t = table(
        Role.IND,
        {
            "case_ref": ["B1", "B2"],
            "surname": ["SMITH"] * 2,
            "forenames": ["JOHN"] * 2,
            "dob": [
                "01/01/1980; 01/01/1981; 01/01/1980; 01/01/1982; 01/01/1983; 01/01/1984",
                "12/03/1980 or 12/03/1981",
            ],
        },
    )
    records, _ = build_ind_records(t, reference=REF)
    assert [(r.dob, r.other_births) for r in records] == [
        (date(1980, 1, 1), (date(1981, 1, 1), date(1982, 1, 1), date(1983, 1, 1))),
        (date(1980, 3, 12), (date(1981, 3, 12),)),
    ]


def test_other_names_and_dates_beyond_those_compared_are_said_to_be_left_out() -> None:
    """A row keeps 4 other names and 3 other dates of birth at most, and its findings say so
    where it gives more: a cell of 5 aliases, aliases of the surname and the forenames that
    make more than 4 names together, a cell of 6 dates of birth. Before, their findings said
    each alias and each date was compared."""
    columns = {
        "case_ref": ["B1", "B2", "B3", "B4"],
        "surname": ["Reid aka Brown aka Green aka White aka Black aka Grey", "Diallo (aka Bah)",
                    "Okoro aka Eze aka Obi", "Khan"],
        "forenames": ["Leroy", "Mamadou @ Amadou", "Ada aka Adaeze", "Imran"],
        "dob": ["12/03/1980", "12/03/1980", "12/03/1980",
                "01/01/1980; 01/01/1981; 01/01/1982; 01/01/1983; 01/01/1984; 01/01/1985"],
    }  # fmt: skip
    records, findings = build_ind_records(table(Role.IND, columns), reference=REF)
    said = {(f.row, f.field): (f.problem, f.consequence) for f in findings}
    assert len(records[0].aliases) == 4
    assert said[(5, "surname")] == (
        "surname 'Reid aka Brown aka Green aka White aka Black aka Grey' also gives aliases "
        "('Brown', 'Green', 'White', 'Black', 'Grey')",
        "compared as 'Reid', and as its first 4 aliases too; the other 1 not compared",
    )
    # 2 + 1 aliases: 2 surnames with the own forenames, the own surname with 1 forename, and
    # the 2 x 1 together: 5 names, the last not compared.
    assert records[2].aliases == (
        ("EZE", "ADA"), ("OBI", "ADA"), ("OKORO", "ADAEZE"), ("EZE", "ADAEZE")
    )  # fmt: skip
    assert said[(7, "surname")] == (
        "surname 'Okoro aka Eze aka Obi' gives, with the row's other aliases, 5 other names "
        "(each alias with the other name part, and the surname's and forenames' aliases "
        "together)",
        "compared as its first 4 (ADA EZE, ADA OBI, ADAEZE OKORO, ADAEZE EZE); the other 1 "
        "not compared",
    )
    # 1 + 1 aliases make 3 names: all compared, and no further finding.
    assert len(records[1].aliases) == 3
    assert [f.problem for f in findings if f.row == 6 and "other names" in f.problem] == []
    assert len(records[3].other_births) == 3
    assert said[(8, "dob")] == (
        "date of birth '01/01/1980; 01/01/1981; 01/01/1982; 01/01/1983; 01/01/1984; "
        "01/01/1985' gives 6 dates of birth",
        "compared by the first 4, shown as the first (01/01/1980); the other 2 not compared",
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(["SMITH", " aka ", " @ ", "(alias JONES)", "[alias]",
                                      "unknown", ", Ada", " Ali"]), max_size=8),
            st.lists(st.sampled_from(["John", " aka ", "Jo", " @ ", "(aka Ben)"]), max_size=5),
            st.lists(st.sampled_from(["12/03/1980", "; ", " or ", "\n", "01/01/1981", "x"]),
                     max_size=12),
        ),
        min_size=1,
        max_size=6,
    )
)  # fmt: skip
def test_names_and_dates_with_markers_always_read(rows: list) -> None:  # type: ignore[type-arg]
    """Any mix of alias markers and several dates reads: at most 4 other names and 3 other
    dates a row, none of them the row's own."""
    columns = {
        "case_ref": [f"K{k}" for k in range(len(rows))],
        "surname": ["".join(s) for s, _, _ in rows],
        "forenames": ["".join(f) for _, f, _ in rows],
        "dob": ["".join(d) for _, _, d in rows],
    }
    records, _ = build_ind_records(table(Role.IND, columns), reference=REF)
    for rec in records:
        assert len(rec.aliases) <= 4 and len(rec.other_births) <= 3
        assert (rec.surname, rec.forenames) not in rec.aliases
        assert len(set(rec.aliases)) == len(rec.aliases)
        assert rec.dob not in rec.other_births
