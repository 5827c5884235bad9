"""Small pure functions of the read stage, as tables: header keys, synonyms, cells, layout."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.model import IND_FIELDS, PRISON_FIELDS, Role, SkippedRow
from reconcile.read.cells import (
    cell_text,
    normalise_cell,
    normalise_column,
    pack_column,
    unpack_column,
)
from reconcile.read.guards import column_number, parse_ref
from reconcile.read.layout import (
    HEADING_WIDTH,
    MID_TOTAL,
    PAGE_TITLE,
    TRAILER,
    Grid,
    _trailers,
    column_letter,
    fill_merged,
    find_header,
    find_layout,
    row_is_blank,
    row_text,
    small_table_reason,
    totals_row,
    trailer_reason,
)
from reconcile.read.synonyms import (
    FIELD_LABELS,
    SYNONYMS,
    header_key,
    requirements,
    synonym_index,
)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Date of Birth", "dateofbirth"),
        ("  D.O.B. ", "dob"),
        ("Forename(s)", "forenames"),
        ("Date of birth (dd/mm/yyyy)", "dateofbirth"),
        ("Release date (DD.MM.YY)", "releasedate"),
        ("Sentence (months)", "sentencemonths"),
        ("Court Rec Deport (Y/N)", "courtrecdeport"),
        ("Recommended (yes / no)", "recommended"),
        ("Prison_No", "prisonno"),
        ("NOMS-ID", "nomsid"),
        ("Prénom", "prenom"),
        (None, ""),
        (2006, "2006"),
    ],
)
def test_header_key(header: object, key: str) -> None:
    assert header_key(header) == key


# The brief's and the examples, with the field each must map to.
EXAMPLES = {
    Role.PRISON: {
        "prison_number": ["Prison number", "PRISON NO", "NOMS number", "NOMS ID", "Booking number",
                          "LIDS number", "Prisoner number", "prison no.", "NOMS No"],
        "surname": ["Surname", "Family name", "Last name", "SURNAME"],
        "forenames": ["Forename(s)", "First names", "Given names", "forenames"],
        "full_name": ["Name", "Full name", "Prisoner name"],
        "dob": ["DOB", "Date of birth", "Birth date", "D.O.B", "date_of_birth"],
        "nationality": ["Nationality", "NATIONALITY"],
        "sentence": ["Sentence (months)", "Sentence length", "Term", "sentence"],
        "offence": ["Offence", "Main offence", "Offence category", "Offence description"],
        "sentence_start": ["Sentence start", "Sentence start date"],
        "release_date": ["Release date", "Date released", "Discharge date", "EDR", "Release",
                         "Release date (actual)"],
        "court_recommended": ["Court recommended deportation", "Court rec",
                              "Court Rec Deport (Y/N)"],
    },
    Role.IND: {
        "case_ref": ["Case reference", "CID ref", "HO ref", "Case ID"],
        "surname": ["Family name", "Surname"],
        "forenames": ["Given names", "Forenames"],
        "dob": ["Date of birth", "DOB"],
        "prison_number": ["Prison number", "NOMS ID", "NOMS", "NOMIS", "Prisoner ID"],
        "referral_date": ["Date referral received", "Referral date", "Date referred",
                          "Referred", "Referral"],
        "considered_date": ["Date considered", "Consideration date", "Decision date"],
        "decision": ["Decision", "Outcome"],
    },
}  # fmt: skip
# Wordings met in casework and prison exports besides those.
EXAMPLES_MORE = {
    Role.PRISON: {
        "surname": ["Family Name/Surname"],
        "prison_number": ["NOMIS No", "LIDS Ref", "Booking Ref"],
        "nationality": ["Declared nationality"],
        "dob": ["Birth Dt"],
        "release_date": ["Release Dt", "Discharge Dt", "Actual Release", "Date left custody"],
    },
    Role.IND: {
        "case_ref": ["HO Ref No.", "Home Office Ref", "HO Number", "CID Case Ref"],
        "referral_date": ["Referral Recd", "Referral Rec'd", "Date Rec'd", "Date referred to IND",
                          "Referral receipt date"],
        "considered_date": ["Date Case Considered", "Date consideration completed",
                            "Date of deportation decision", "Deportation decision date"],
    },
}  # fmt: skip


@pytest.mark.parametrize(
    ("role", "field", "header"),
    [
        (r, f, h)
        for examples in (EXAMPLES, EXAMPLES_MORE)
        for r, fields in examples.items()
        for f, hs in fields.items()
        for h in hs
    ],
)
def test_synonyms_map_examples(role: Role, field: str, header: str) -> None:
    assert synonym_index(role)[header_key(header)] == field


@pytest.mark.parametrize("header", ["CRD", "ARD", "PED", "SED", "LED", "Conditional release date"])
def test_scheduled_release_dates_map_to_nothing(header: str) -> None:
    """A prison system's scheduled dates are not the release that happened, and "CRD" (the
    conditional release date) is not a court recommendation."""
    assert header_key(header) not in synonym_index(Role.PRISON)


@pytest.mark.parametrize("role", list(Role))
def test_no_synonym_names_two_fields(role: Role) -> None:
    seen: dict[str, str] = {}
    for field, names in SYNONYMS[role].items():
        assert names, field
        for name in names:
            key = header_key(name)
            assert seen.setdefault(key, field) == field, (name, seen[key], field)


def test_every_field_has_synonyms_and_a_label() -> None:
    assert tuple(SYNONYMS[Role.PRISON]) == PRISON_FIELDS
    assert tuple(SYNONYMS[Role.IND]) == IND_FIELDS
    assert set(PRISON_FIELDS) | set(IND_FIELDS) <= set(FIELD_LABELS)


def test_requirements() -> None:
    assert requirements(Role.PRISON, None) == (
        ("surname", "full_name"), ("dob",), ("nationality",), ("release_date",), ("sentence",),
    )  # fmt: skip
    assert requirements(Role.IND, None)[-2:] == (("referral_date",), ("considered_date",))
    assert requirements(Role.IND, ("name", "dob")) == (("surname", "full_name"), ("dob",))
    assert requirements(Role.IND, ("a|b",)) == (("a", "b"),)


@pytest.mark.parametrize(
    ("raw", "cell"),
    [
        ("", None),
        ("   ", None),
        ("  Smith ", "Smith"),
        (12345.0, 12345),
        (-3.0, -3),
        (12.5, 12.5),
        (25570.0, 25570),  # a date typed as General stays a serial number
        (1e300, 1e300),
        (True, True),
        (False, False),
        (0, 0),
        (0.0, 0),
        (None, None),
        (date(1970, 1, 2), date(1970, 1, 2)),
        (datetime(1970, 1, 2, 3, 4), datetime(1970, 1, 2, 3, 4)),
        (time(12, 30), "12:30:00"),
        (timedelta(days=1), "1 day, 0:00:00"),
    ],
)
def test_normalise_cell(raw: object, cell: object) -> None:
    result = normalise_cell(raw)
    assert result == cell
    assert type(result) is type(cell)


def test_nan_is_kept() -> None:
    result = normalise_cell(float("nan"))
    assert isinstance(result, float)
    assert result != result


def test_normalise_column_matches_cell() -> None:
    raw: list[object] = ["", " a ", 1.0, 2.5, date(2000, 1, 1), None, True, "x"]
    assert normalise_column(raw) == [normalise_cell(v) for v in raw]


@pytest.mark.parametrize(
    ("raw", "text"),
    [(12345.0, "12345"), (datetime(1970, 1, 2), "1970-01-02"), (" a ", "a"), ("", "")],
)
def test_cell_text(raw: object, text: str) -> None:
    assert cell_text(raw) == text


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=5),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@given(st.lists(_CELLS, max_size=30))
def test_pack_roundtrip(values: list) -> None:
    original = list(values)
    assert unpack_column(pack_column(values)) == original
    assert values == original  # packing leaves the caller's list alone


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (16383, "XFD")])
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters
    assert column_number(letters) == index + 1


@pytest.mark.parametrize(
    ("ref", "span"),
    [("A1:L200", (200, 12)), ("A1", (1, 1)), ("$B$2:$C$3", (2, 2)), ("A1:XFD1048576",
     (1048576, 16384)), ("bad", None), ("A1:B2:C3", None)],
)  # fmt: skip
def test_parse_ref(ref: str, span: tuple[int, int] | None) -> None:
    assert parse_ref(ref) == span


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["Total", "", 1234], "totals or notes row below the data"),
        (["", "Grand total:", 12, 3.5], "totals or notes row below the data"),
        (["Source: prison service extract, March 2006"], "totals or notes row below the data"),
        (["Notes", "Sentence in months"], "totals or notes row below the data"),
        (["* provisional figures"], "totals or notes row below the data"),
        (["Figures checked by J Bloggs"], "a single text cell below the data (a note, not a "
                                          "record)"),
        (["A1234BC", "SMITH", "John", 25570], None),
        (["SMITH"] + [""] * 5 + [25570], None),
        (["Totals", "SMITH", "John", "x", "y"], None),  # too many text cells for a totals row
        (["Key", "John", date(1970, 1, 1)], None),  # a person called Key, born 1/1/1970
        (["Rowse", "John"], None),  # surnames that begin like a keyword
        (["Keyes", "Ann"], None),
        (["Counter"], "a single text cell below the data (a note, not a record)"),
        (["N.B. figures are provisional"], "totals or notes row below the data"),
        (["Page 3 of 3"], "totals or notes row below the data"),
        (["Records extracted:", 3253], "totals or notes row below the data"),
        (["Count", 12, 3.5, 7], "totals or notes row below the data"),
        ([12345], None),
        (["", ""], None),
    ],
)  # fmt: skip
def test_trailer_reason(row: list[object], reason: str | None) -> None:
    assert trailer_reason(row) == reason


def _grid(rows: list[list[object]], first_row: int = 1) -> Grid:
    return Grid("S", [list(r) for r in rows], first_row=first_row)


HEADER = ["Surname", "DOB", "Release date", "Sentence"]


def test_find_header_under_titles() -> None:
    grid = _grid([["Report of releases"], [""], ["Name list", "", ""], HEADER, ["A", 1, 2, 3]])
    assert find_header(grid, synonym_index(Role.PRISON)) == (3, 4)


def test_find_header_prefers_most_fields_then_first() -> None:
    rows: list[list[object]] = [["Surname", "x"], HEADER, HEADER]
    assert find_header(_grid(rows), synonym_index(Role.PRISON)) == (1, 4)
    assert find_header(_grid([["a"], ["b"]]), synonym_index(Role.PRISON)) == (-1, 0)


def test_find_layout() -> None:
    rows: list[list[object]] = [
        ["Title"],
        HEADER,
        ["A", 1, 2, 3],
        ["", "", "", ""],  # blank in the middle: skipped silently, data goes on
        HEADER,  # the header repeated (a page break in a report)
        ["B", 1, 2, 3],
        [" ", None],
        ["Total", 2],
        ["Source: extract"],
    ]
    layout = find_layout(_grid(rows, first_row=3), 1)
    assert layout.data == [2, 5]
    assert [(s.row, s.text, s.reason) for s in layout.skipped] == [
        (7, "Surname | DOB | Release date | Sentence", "the header repeated"),
        (10, "Total | 2", "totals or notes row below the data"),
        (11, "Source: extract", "totals or notes row below the data"),
    ]


def test_single_text_rows_only_at_the_end() -> None:
    """A row with only a name in the middle of the data is a record (the normaliser reports
    what it lacks); below the data, it is a note."""
    rows: list[list[object]] = [HEADER, ["A", 1, 2, 3], ["B"], ["C", 1, 2, 3], ["D"]]
    layout = find_layout(_grid(rows), 0)
    assert layout.data == [1, 2, 3]
    assert [s.row for s in layout.skipped] == [5]


def _row_by_row_layout(grid: Grid, header: int) -> tuple[list[int], list[SkippedRow]]:
    """find_layout written plainly, each row judged where it is met: the oracle for the
    faster find_layout (one pass of blank flags, the searches done in C)."""
    rows = grid.rows
    end, skipped = _trailers(grid, header, len(rows))
    while True:
        last = end
        while last - 1 > header and row_is_blank(rows[last - 1]):
            last -= 1
        i = last - 1
        while i > header and not row_is_blank(rows[i]):
            i -= 1
        if i <= header:
            break
        start = i + 1
        while i > header and row_is_blank(rows[i]):
            i -= 1
        if i <= header:
            break
        above = [r for r in rows[max(header + 1, i + 1 - 200) : i + 1] if not row_is_blank(r)]
        reason = small_table_reason(rows[start:end], above)
        if reason is None:
            break
        skipped += [SkippedRow(grid.first_row + k, row_text(rows[k]), reason)
                    for k in range(start, end) if not row_is_blank(rows[k])]  # fmt: skip
        end, found = _trailers(grid, header, start)
        skipped += found

    # Page headings and footings: the rows just above a repeated header that are totals or
    # notes rows, or single text cells met again (numbers apart) at another page break or
    # above the header.
    def key(row: list[object]) -> str:
        return re.sub(r"\d+", "#", row_text(row, 1000)).casefold()

    near = []
    for r in range(header + 1, end):
        if rows[r] != rows[header]:
            continue
        i = r - 1
        while i > header and (row_is_blank(rows[i]) or trailer_reason(rows[i]) is not None):
            if not row_is_blank(rows[i]) and rows[i] != rows[header] and i not in near:
                near.append(i)
            i -= 1
    titles = set()
    for i in near:
        again = [k for k in near if k != i and key(rows[k]) == key(rows[i])]
        above = [k for k in range(header) if key(rows[k]) == key(rows[i])]
        if trailer_reason(rows[i]) == TRAILER or again or above:
            titles.add(i)
    data = []
    for i in range(header + 1, end):
        if row_is_blank(rows[i]):
            continue
        if rows[i] == rows[header]:
            skipped.append(SkippedRow(grid.first_row + i, row_text(rows[i]), "the header repeated"))
            continue
        if i in titles:
            skipped.append(SkippedRow(grid.first_row + i, row_text(rows[i]), PAGE_TITLE))
            continue
        if totals_row(rows[i]):
            skipped.append(SkippedRow(grid.first_row + i, row_text(rows[i]), MID_TOTAL))
            continue
        data.append(i)

    # Headings among the data: a single text cell of several words, not under a name
    # column, where the other data rows fill HEADING_WIDTH cells or more (their median).
    def cells(row: list[object]) -> list[tuple[int, object]]:
        return [(j, v) for j, v in enumerate(row) if v != "" and v is not None]

    widths = sorted(len(cells(rows[i])) for i in data if len(cells(rows[i])) > 1)
    typical = widths[len(widths) // 2] if widths else 0
    if typical >= HEADING_WIDTH:
        for i in list(data):
            found = cells(rows[i])
            if len(found) != 1 or not isinstance(found[0][1], str):
                continue
            j, text = found[0]
            title = rows[header][j] if j < len(rows[header]) else None
            if " " in text.strip() and header_key(title) not in ("surname", "forenames", "name"):
                data.remove(i)
                reason = (
                    f"a heading among the data (one text cell, under {title!r}, where the "
                    f"records fill {typical} cells: the title of the rows below it, not a record)"
                )
                skipped.append(SkippedRow(grid.first_row + i, row_text(rows[i]), reason))
    return data, sorted(skipped, key=lambda s: s.row)


_BODY = st.sampled_from(
    [
        ["A", 1, 2, 3],
        ["B", "x", date(2005, 1, 2), 4],
        ["", None, "", None],  # blank
        [],  # blank, no cells
        HEADER,  # the header again
        ["C"],  # a name alone
        ["2003 subtotal", 58, "", None],  # a totals row within the data
        ["", "TOTAL"],
        ["HMP Brixton"],  # a name alone: under "Surname", a record
        ["", "", "HMP Brixton"],  # a heading among the data
    ]
)
# What reports put below the data: blank rows, totals and notes, counts by nationality (a
# small table), and now and then a record.
_TAIL = st.sampled_from(
    [
        ["", None],
        [],
        ["Total", 2],
        ["Source: extract"],
        ["Jamaica", 3],
        ["Nigeria", "12"],
        ["note", "more"],
        ["D", 1, 2, 3],
    ]
)


@settings(max_examples=300)
@given(st.lists(_BODY, max_size=30), st.lists(_TAIL, max_size=10), st.integers(0, 2))
def test_find_layout_agrees_with_judging_row_by_row(
    body: list[list[object]], tail: list[list[object]], titles: int
) -> None:
    rows = [["Title"]] * titles + [HEADER, *body, *tail]
    layout = find_layout(_grid(rows, first_row=2), titles)
    data, skipped = _row_by_row_layout(_grid(rows, first_row=2), titles)
    assert layout.data == data
    assert list(layout.skipped) == skipped


def test_fill_merged_inside_the_data_only() -> None:
    rows: list[list[object]] = [
        ["Title merged across", "", ""],
        ["Prison no", "Surname", "DOB"],
        ["A1", "SMITH", 1],
        ["", "SMITH", 2],
        ["Note merged", "", ""],
    ]
    grid = Grid("S", rows, merged=[(0, 0, 0, 2), (2, 0, 3, 0), (4, 0, 4, 2)])
    layout = find_layout(grid, 1)
    fill_merged(grid, layout)
    assert grid.rows[3][0] == "A1"
    assert grid.rows[0] == ["Title merged across", "", ""]
    assert [s.row for s in layout.skipped] == [5]


_RAW = st.one_of(
    st.just(""),
    st.sampled_from(["Total", "Source: x", "SMITH", " ", "Surname", "DOB"]),
    st.integers(0, 99),
    st.dates(),
)


@given(st.lists(st.lists(_RAW, min_size=1, max_size=5), min_size=1, max_size=25))
def test_layout_accounts_for_every_row(rows: list[list[object]]) -> None:
    """Below the header, each row is a data row, a reported skipped row or blank: none is lost."""
    grid = Grid("S", rows, first_row=7)
    layout = find_layout(grid, 0)
    skipped = {s.row - 7 for s in layout.skipped}
    blank = {i for i in range(1, len(rows)) if all(v in ("", " ") for v in rows[i])}
    assert set(layout.data) | skipped | blank == set(range(1, len(rows)))
    assert not (set(layout.data) & skipped) and not (set(layout.data) & blank)
    assert layout.data == sorted(layout.data)


WIDE = ["Surname", "Forenames", "DOB", "Release date", "Sentence", "Nationality"]
PERSON = ["SMITH", "John", date(1970, 5, 1), date(2005, 3, 1), 24, "JM"]


@pytest.mark.parametrize(
    ("below", "set_aside"),
    [
        # A count by nationality under the data, after a blank row: not records.
        ([[""], ["Nationality", "Count"], ["Jamaica", 120], ["Nigeria", 80], [""]], [5, 6, 7]),
        ([[""], ["Jamaica", "120"], ["Nigeria", "80"]], [5, 6]),  # as text (CSV)
        ([[""], ["", "Jamaica", 120]], [5]),
        # Then a note below it: both set aside.
        ([[""], ["Jamaica", 120], [""], ["Source: extract"]], [5, 7]),
        # Records after a blank row are records: they fill as many cells, or carry a date.
        ([[""], PERSON], []),
        ([[""], ["JONES", date(1980, 1, 1)]], []),
        ([[""], ["JONES", "01/01/1980"]], []),
        ([[""], ["JONES", "1 Jan 1980", 12]], []),
        ([[""], ["JONES", "Ann"]], []),  # no number: a name, not a count
        ([["JONES", 12]], []),  # no blank row before it: part of the data
        ([[""], *[["Jamaica", k] for k in range(61)]], []),  # too long for a small table
        ([[""], ["Jamaica", 120, 3, 4]], []),  # as wide as half a record
    ],
)  # fmt: skip
def test_small_table_below_the_data(below: list[list[object]], set_aside: list[int]) -> None:
    rows: list[list[object]] = [WIDE, PERSON, PERSON, *below]
    layout = find_layout(_grid(rows), 0)
    assert [s.row for s in layout.skipped] == set_aside
    # Rows are numbered from 1 (the header), indexes from 0.
    kept = [i for i in range(1, len(rows)) if any(rows[i]) and i + 1 not in set_aside]
    assert layout.data == kept


def test_small_table_reason_says_what_it_saw() -> None:
    rows: list[list[object]] = [WIDE, PERSON, [""], ["Jamaica", 120]]
    (skip,) = find_layout(_grid(rows), 0).skipped
    assert (skip.row, skip.text) == (4, "Jamaica | 120")
    assert skip.reason == (
        "a small table below the data, after a blank row (at most 2 cells a row, where the "
        "records fill 6)"
    )
