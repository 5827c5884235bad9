"""The name as the extract gives it, beside the form it was compared in: kept on a record
only where it differs from the surname and forenames read other than by capitals, and shown
in outcomes.csv, the workbook's listings, the evidence PDF's per-prisoner pages and
`reconcile report`."""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Role
from reconcile.normalise.records import build_ind_records, build_prison_records
from reconcile.write.evidence_prisoner import _record_lines, name_as_given_text
from reconcile.write.workbook_review import review_columns
from tests.pdftext import have_pdftotext, pdf_text
from tests.test_link_decisions import i, p
from tests.test_normalise_records import table

# (surname cell, forenames cell, the name as given shown; None: nothing shown)
PLANTED = [
    ("YILDIZ", "Ömer", "YILDIZ, Ömer"),
    ("TALEB, Mohammad Omar", None, "TALEB, Mohammad Omar"),
    ("Иванов", "Иван", "Иванов, Иван"),
    ("MENSAH", "Kwasi", None),
]
COMPARED = [("YILDIZ", "OMER"), ("TALEB", "MOHAMMAD OMAR"), ("IVANOV", "IVAN"), ("MENSAH", "KWASI")]


def _names(role: Role, columns: dict[str, list[object]]) -> list[tuple[str, str, str | None]]:
    build = build_prison_records if role is Role.PRISON else build_ind_records
    records, _ = build(table(role, columns), reference=date(2026, 1, 1))  # type: ignore[operator]
    return [(r.surname, r.forenames, r.name_as_given) for r in records]


@pytest.mark.parametrize("role", [Role.PRISON, Role.IND])
def test_kept_only_where_it_differs_other_than_by_capitals(role: Role) -> None:
    surnames = [s for s, _, _ in PLANTED] + ["Smith", "  Jones ", "UNKNOWN", "Smith (aka Jones)"]
    forenames = [f for _, f, _ in PLANTED] + ["john", "Ann", "Paul", "Mr John"]
    got = _names(role, {"surname": surnames, "forenames": forenames})
    assert got == [
        *[(*names, given) for names, (_, _, given) in zip(COMPARED, PLANTED, strict=True)],
        ("SMITH", "JOHN", None),  # capitals only
        ("JONES", "ANN", None),  # surrounding spaces only
        ("", "PAUL", "UNKNOWN, Paul"),  # a placeholder read as blank
        ("SMITH", "JOHN", "Smith (aka Jones), Mr John"),  # an alias and a title left out
    ]


def test_a_name_read_from_one_cell_is_given_as_that_cell() -> None:
    full = ["Ömer YILDIZ", "Kwasi MENSAH", "", "王小明"]
    assert _names(Role.PRISON, {"full_name": full}) == [
        ("YILDIZ", "OMER", "Ömer YILDIZ"),
        ("MENSAH", "KWASI", "Kwasi MENSAH"),  # split from one cell: the run's reading
        ("", "", None),
        ("WANG", "XIAOMING", "王小明"),
    ]
    # A surname column and a full-name column: the forenames are read from the full name.
    both = {"surname": ["Yıldız", "Mensah"], "full_name": ["Ömer Yıldız", "Kwasi Mensah"]}
    assert _names(Role.IND, both) == [
        ("YILDIZ", "OMER", "Ömer Yıldız"),
        ("MENSAH", "KWASI", "Kwasi Mensah"),
    ]


def test_repeated_names_share_one_text() -> None:
    records, _ = build_prison_records(
        table(Role.PRISON, {"surname": ["YILDIZ"] * 3, "forenames": ["Ömer"] * 3}),
        reference=date(2026, 1, 1),
    )
    assert len({id(r.name_as_given) for r in records}) == 1


def test_pdf_says_when_its_fonts_cannot_show_the_script() -> None:
    cyrillic = replace(p(0, "IVANOV", "IVAN", None), name_as_given="Иванов, Иван")
    assert name_as_given_text(cyrillic) == (
        "Иванов, Иван [Cyrillic script, in Latin letters here; the workbook shows it as written]"
    )
    assert name_as_given_text(replace(cyrillic, name_as_given="YILDIZ, Ömer")) == "YILDIZ, Ömer"
    assert name_as_given_text(replace(cyrillic, name_as_given="Yıldız")).endswith(
        "[some letters without their accents here; the workbook shows it as written]"
    )
    assert name_as_given_text(replace(cyrillic, name_as_given=None)) == ""
    ind = replace(i(0, "TALEB", "MOHAMMAD OMAR", None), name_as_given="TALEB, Mohammad Omar")
    lines = {line[0]: line[1:] for line in _record_lines(cyrillic, [ind])}
    assert lines["Name as given"] == [
        "Ivanov, Ivan [Cyrillic script, in Latin letters here; the workbook shows it as written]",
        "TALEB, Mohammad Omar",
    ]
    labels = [line[0] for line in _record_lines(cyrillic, [ind])]
    assert labels.index("Name as given") == labels.index("Forenames") + 1


def test_review_sheet_shows_it_only_when_a_record_gives_one() -> None:
    plain = [c.title for c in review_columns(["name", "dob"])]
    given = [c.title for c in review_columns(["name", "dob"], given=True)]
    assert set(given) - set(plain) == {"Prison: name as given", "IND: name as given"}
    assert given.index("Prison: name as given") == given.index("Prison: forenames") + 1
    assert given.index("IND: name as given") == given.index("IND: forenames") + 1


def _plant(folder: Path) -> list[int]:
    """The PLANTED names on the prison extract's first data rows, each made a prisoner in
    scope whom no IND record names (never referred): their evidence sections are printed."""
    book = openpyxl.load_workbook(folder / "prison_extract.xlsx")
    ws = book["FNP discharges"]
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "NOMS No")
    rows = []
    for n, (surname, forenames, _) in enumerate(PLANTED):
        row = head + 1 + n
        values = [f"Z900{n}ZZ", surname, forenames, datetime(1970, 1, 2 + n), "Jamaica", 24,
                  "Robbery", datetime(2003, 1, 6), datetime(2004, 6, 1 + n), "N"]  # fmt: skip
        for col, value in enumerate(values, start=1):
            ws.cell(row, col).value = value
        rows.append(row)
    book.save(folder / "prison_extract.xlsx")
    return rows


def _listing(book: openpyxl.Workbook, sheet: str) -> dict[int, list[object]]:
    values = list(book[sheet].iter_rows(values_only=True))
    head = next(n for n, r in enumerate(values) if r and "Name as given" in r)
    columns = list(values[head])
    assert columns.index("Name as given") == columns.index("Forenames") + 1
    row, given = columns.index("Row"), columns.index("Name as given")
    return {r[row]: [r[given]] for r in values[head + 1 :] if isinstance(r[row], int)}


def test_run_shows_the_names_as_given(sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(sample, folder)
    rows = _plant(folder)
    out = tmp_path / "out"
    args = ["run", str(folder / "prison_extract.xlsx"), str(folder / "ind_extract.xlsx")]
    result = CliRunner().invoke(
        app, [*args, "--config", str(folder / "audit.toml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    expected = {row: given or "" for row, (_, _, given) in zip(rows, PLANTED, strict=True)}

    with open(out / "outcomes.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or ())
        lines = {int(r["source_row"]): r for r in reader}
    assert columns.index("name_as_given") == columns.index("forenames") + 1
    for row, (surname, forenames) in zip(rows, COMPARED, strict=True):
        line = lines[row]
        assert (line["surname"], line["forenames"]) == (surname, forenames)
        assert line["name_as_given"] == expected[row]
        assert line["outcome"] == "never_referred", line["reason"]

    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    for sheet in ("All prison rows", "Never referred"):
        listed = _listing(book, sheet)
        assert {row: listed[row] for row in rows} == {
            row: [given or None] for row, given in expected.items()
        }

    report = CliRunner().invoke(app, ["report", str(out)])
    assert report.exit_code == 0, report.output
    assert "Name as given" in report.output
    for given in ("YILDIZ, Ömer", "TALEB, Mohammad Omar", "Иванов, Иван"):
        assert given in report.output

    if have_pdftotext():
        text = pdf_text(out / "evidence.pdf")
        # Each section from its heading ("Prison row 4 · YILDIZ, OMER · Never referred") to
        # the next one's.
        sections = {
            row: text.split(f"Prison row {row} \u00b7", 1)[1].split("\u00b7 Never referred", 2)[1]
            for row in rows
        }
        yildiz, taleb, ivanov, mensah = (sections[row] for row in rows)
        assert "Name as given" in yildiz and "YILDIZ, Ömer" in yildiz
        assert "Name as given" in taleb and "TALEB, Mohammad Omar" in taleb
        assert "Name as given" in ivanov and "Ivanov, Ivan" in ivanov
        assert "Cyrillic script" in ivanov
        assert "Name as given" not in mensah and "MENSAH" in mensah
