"""A few dates in an identifier column (prison number, case reference, PNC ID, CRO number) or
a name column, too few to stop the run as the wrong column taken: each is a finding naming
its cell, and the value is treated as missing, never read as a number (03/04/2002 as
03042002) that rows could share."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Cell, Finding, IndRecord, PrisonRecord, Role, Table
from reconcile.normalise.date_like import DATE_CONSEQUENCE, a_calendar_date, calendar_dates_among
from reconcile.normalise.identifiers import DATED, prison_number_and_warning
from reconcile.normalise.police_ids import cro_and_problem, pnc_and_problem
from reconcile.normalise.records import build_ind_records, build_prison_records
from reconcile.read.coverage import _a_calendar_date
from tests.mistakes import run as run_args
from tests.pdftext import pdf_text
from tests.test_normalise_records import table

runner = CliRunner()

# Row 5 is the table's first data row (tests.test_normalise_records.table).
NUMBERS: list[Cell] = [f"A{1000 + i}CD" for i in range(25)]
DATES: dict[int, Cell] = {3: datetime(2002, 4, 3), 9: "03/04/2002", 17: " 2002-04-03 "}


def with_dates(values: list[Cell], dates: dict[int, Cell]) -> list[Cell]:
    out = list(values)
    for i, value in dates.items():
        out[i] = value
    return out


@pytest.mark.parametrize(
    ("role", "build"), [(Role.PRISON, build_prison_records), (Role.IND, build_ind_records)]
)
def test_dates_among_prison_numbers_are_each_a_finding_and_missing(
    role: Role, build: Callable[[Table], tuple[Sequence[PrisonRecord | IndRecord], list[Finding]]]
) -> None:
    records, findings = build(table(role, {"prison_number": with_dates(NUMBERS, DATES)}))
    assert [r.prison_number for r in records] == [
        None if i in DATES else f"A{1000 + i}CD" for i in range(25)
    ]
    got = [(f.row, f.column, f.field, f.raw, f.problem, f.consequence) for f in findings]
    assert got == [
        (
            5 + i,
            "Prison Number",
            "prison_number",
            raw,
            f"prison number '{raw}' is a date, not a prison number",
            DATE_CONSEQUENCE,
        )
        for i, raw in ((3, "2002-04-03"), (9, "03/04/2002"), (17, " 2002-04-03 "))
    ]


def test_a_date_consequence_says_what_to_do() -> None:
    assert DATE_CONSEQUENCE.startswith("treated as missing")
    assert "Correct the cell in the extract" in DATE_CONSEQUENCE
    assert "column is mapped" in DATE_CONSEQUENCE


def test_dates_among_case_references_are_missing_so_they_join_no_rows() -> None:
    refs: list[Cell] = [f"B{1000 + i}" for i in range(25)]
    dates: dict[int, Cell] = {2: "03/04/2002", 6: "03/04/2002", 11: date(2002, 4, 3)}
    names: list[Cell] = [f"NAME{chr(65 + i)}" for i in range(25)]
    columns = {"case_ref": with_dates(refs, dates), "surname": names}
    records, findings = build_ind_records(table(Role.IND, columns))
    assert [r.case_ref for r in records] == [
        "" if i in dates else f"B{1000 + i}" for i in range(25)
    ]
    assert [(f.row, f.field, f.problem) for f in findings] == [
        (7, "case_ref", "case reference '03/04/2002' is a date, not a case reference"),
        (11, "case_ref", "case reference '03/04/2002' is a date, not a case reference"),
        (16, "case_ref", "case reference '2002-04-03' is a date, not a case reference"),
    ]
    assert all(f.consequence == DATE_CONSEQUENCE for f in findings)


@pytest.mark.parametrize(("field", "label"), [("pnc", "a PNC ID"), ("cro", "a CRO number")])
def test_a_date_in_a_police_id_column_is_said_to_be_a_date(field: str, label: str) -> None:
    cells: list[Cell] = ["2008/0056560Z" if field == "pnc" else "012345/08V"] * 3
    cells[1] = "12/03/2004"
    columns: dict[str, list[Cell]] = {field: cells, "surname": ["SMITH", "JONES", "BROWN"]}
    records, findings = build_prison_records(table(Role.PRISON, columns))
    assert [getattr(r, field) for r in records][1] is None
    what = "PNC ID" if field == "pnc" else "CRO number"
    assert [(f.row, f.problem, f.consequence) for f in findings] == [
        (6, f"{what} '12/03/2004' is a date, not {label}", DATE_CONSEQUENCE)
    ]


@pytest.mark.parametrize(
    ("field", "cell", "label"),
    [
        ("surname", datetime(1980, 1, 2), "surname '1980-01-02'"),
        ("surname", "02/01/1980", "surname '02/01/1980'"),
        ("forenames", date(1980, 1, 2), "forenames '1980-01-02'"),
        ("full_name", datetime(1980, 1, 2), "name '1980-01-02'"),
    ],
)
def test_a_date_in_a_name_column_is_a_finding_and_blank(field: str, cell: Cell, label: str) -> None:
    """Cleaned as a name, a date cell left its separators ("- -"), which rows could share."""
    names: list[Cell] = ["SMITH", cell, "JONES"]
    records, findings = build_prison_records(table(Role.PRISON, {field: names}))
    second = records[1]
    assert (second.surname, second.forenames) == ("", "")
    assert [(f.row, f.field, f.problem, f.consequence) for f in findings] == [
        (6, field, f"{label} is a date, not a name", DATE_CONSEQUENCE)
    ]
    assert [r.surname or r.forenames for r in records] == ["SMITH", "", "JONES"]


@pytest.mark.parametrize(
    "value",
    [
        "12/03/2004",
        "2004-03-12",
        "12.03.04",
        "03/31/2004",
        "2004-03-12 00:00:00",
        " 03/04/2002 ",
        date(2004, 3, 12),
        datetime(2004, 3, 12, 9, 30),
        "123456",
        123456,
        38058,  # a date Excel keeps as a serial number: left alone, as by the column check
        20020403,
        "A1234BC",
        "A1234-BC",
        "123456/04K",
        "2004/0712343H",
        "1234/56/7",
        "45/13/2004",
        "12-34-56",
    ],
)
def test_the_cell_and_the_column_agree_on_what_a_date_is(value: Cell) -> None:
    """The per-cell finding and the column check (reconcile.read.coverage) use one test."""
    is_date = _a_calendar_date(value)
    assert a_calendar_date(value) is is_date
    assert (prison_number_and_warning(value)[1] == DATED) is is_date
    assert (pnc_and_problem(value)[1] == "is a date, not a PNC ID") is is_date
    assert (cro_and_problem(value)[1] == "is a date, not a CRO number") is is_date
    text = value.strip() if isinstance(value, str) else str(value)
    assert bool(calendar_dates_among(["B1", text, "B2"])) is is_date


def test_calendar_dates_among_passes_over_a_text_with_a_line_break() -> None:
    assert calendar_dates_among(["B1\n03/04/2002", "03/04/2002", ""]) == {"03/04/2002"}


def _dated(sample: Path, folder: Path) -> tuple[Path, Path]:
    """The sample's extracts with three prison numbers dates (a date cell, two texts) among
    the valid ones, and an IND prison number and case reference dates."""
    book = openpyxl.load_workbook(sample / "prison_extract.xlsx")
    sheet = book["FNP discharges"]
    assert sheet["A3"].value == "NOMS No"
    sheet["A5"] = datetime(2002, 4, 3)
    sheet["A6"] = "03/04/2002"
    sheet["A7"] = "2002-04-03"
    prison = folder / "prison_dated.xlsx"
    book.save(prison)
    book = openpyxl.load_workbook(sample / "ind_extract.xlsx")
    sheet = book["CCT cases"]
    assert (sheet["A1"].value, sheet["F1"].value) == ("HO Ref", "Prison No")
    sheet["F2"] = "03/04/2002"  # the same text as prison row 6's, another person's
    sheet["A3"] = "03/04/2002"
    ind = folder / "ind_dated.xlsx"
    book.save(ind)
    return prison, ind


def test_a_run_with_a_few_dated_identifiers_names_each_cell(sample: Path, tmp_path: Path) -> None:
    prison, ind = _dated(sample, tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, run_args(prison, ind, sample / "audit.toml", out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    rows = list(book["Data quality"].iter_rows(values_only=True))
    dated = [r[:6] for r in rows if isinstance(r[5], str) and "is a date, not" in r[5]]
    assert dated == [
        (
            "prison_dated.xlsx",
            "FNP discharges",
            5,
            "NOMS No",
            "2002-04-03",
            "prison number '2002-04-03' is a date, not a prison number",
        ),
        (
            "prison_dated.xlsx",
            "FNP discharges",
            6,
            "NOMS No",
            "03/04/2002",
            "prison number '03/04/2002' is a date, not a prison number",
        ),
        (
            "prison_dated.xlsx",
            "FNP discharges",
            7,
            "NOMS No",
            "2002-04-03",
            "prison number '2002-04-03' is a date, not a prison number",
        ),
        (
            "ind_dated.xlsx",
            "CCT cases",
            2,
            "Prison No",
            "03/04/2002",
            "prison number '03/04/2002' is a date, not a prison number",
        ),
        (
            "ind_dated.xlsx",
            "CCT cases",
            3,
            "HO Ref",
            "03/04/2002",
            "case reference '03/04/2002' is a date, not a case reference",
        ),
    ]
    with (out / "outcomes.csv").open(encoding="utf-8-sig", newline="") as f:
        outcomes = list(csv.DictReader(f))
    by_row = {int(r["source_row"]): r for r in outcomes}
    for row in (5, 6, 7):  # not read as 20020403 or 03042002, so compared by nothing
        assert by_row[row]["prison_number"] == ""
        assert "prison number: exact" not in by_row[row]["link_explanation"]
    assert not any(r["prison_number"] in ("20020403", "03042002") for r in outcomes)
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["prison_rows_read"] == len(outcomes) == 57
    assert counts["prison_rows_read"] + counts["prison_rows_skipped"] == 59
    assert sum(counts["outcomes"].values()) == counts["prison_rows_read"]
    assert counts["ind_rows_read"] == 43
    assert counts["findings"] == len(rows) - 1
    text = " ".join(pdf_text(out / "evidence.pdf").split())
    assert "case reference is a date, not a case reference" in text


@pytest.mark.parametrize(
    ("role", "build"), [(Role.PRISON, build_prison_records), (Role.IND, build_ind_records)]
)
@pytest.mark.parametrize(
    ("field", "cell"),
    [("surname", "12345"), ("surname", 12345), ("surname", "--"), ("forenames", "?"),
     ("full_name", "0")],
)  # fmt: skip
def test_a_name_cell_with_no_letter_is_a_finding_and_blank(
    role: Role,
    build: Callable[[Table], tuple[Sequence[PrisonRecord | IndRecord], list[Finding]]],
    field: str,
    cell: Cell,
) -> None:
    """Cleaned as a name, such a cell left nothing without a word, or its hyphens ("--"), a
    'name' two rows could share."""
    records, findings = build(table(role, {field: ["SMITH", cell, "JONES"]}))
    assert (records[1].surname, records[1].forenames) == ("", "")
    label = "name" if field == "full_name" else field
    assert [(f.row, f.field, f.problem, f.consequence) for f in findings] == [
        (6, field, f"{label} '{cell}' holds no letter: not a name", "treated as missing")
    ]


@pytest.mark.parametrize("cell", ["O'B", "王", "Ng", "  ", ""])
def test_a_name_with_a_letter_in_any_script_or_a_blank_cell_is_no_finding(cell: Cell) -> None:
    _, findings = build_prison_records(table(Role.PRISON, {"surname": ["SMITH", cell, "JONES"]}))
    assert findings == []


@pytest.mark.parametrize(
    ("field", "cell", "read"),
    [("surname", "SM1TH", "SM TH"), ("surname", "Smith 2", "SMITH"), ("forenames", "J0hn", "J HN"),
     ("full_name", "SMITH, J0hn", "SMITH")],
)  # fmt: skip
def test_a_name_cell_with_digits_beside_its_letters_is_a_finding(
    field: str, cell: Cell, read: str
) -> None:
    """Cleaned as a name the digits went without a word; a digit typed for a letter (1 for
    I, 0 for O) changes the name compared. The cell is kept as cleaned."""
    records, findings = build_prison_records(table(Role.PRISON, {field: ["SMITH", cell, "JONES"]}))
    assert read in (records[1].surname, records[1].forenames)
    label = "name" if field == "full_name" else field
    assert [(f.row, f.field, f.problem) for f in findings] == [
        (6, field, f"{label} '{cell}' holds digits, which a name does not")
    ]
    assert findings[0].consequence.startswith("compared without them")
