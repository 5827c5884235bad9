"""Characters that show nothing (direction controls, zero-width characters) in the extracts:
ignored when values are read and compared, reported as findings, and shown as their codes
("[U+202E]") in the workbook and the evidence PDF, never as the raw control, which would make
a prison number or a name display as another value (reconcile.invisible)."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.invisible import (
    NAMES,
    has_invisible,
    invisible_names,
    visible,
    without_invisible,
)
from reconcile.link.features import reference_key
from reconcile.model import Role
from reconcile.normalise.fields import INVISIBLE_CONSEQUENCE
from reconcile.normalise.identifiers import prison_number_and_warning
from reconcile.normalise.names import clean_name, split_full_name
from reconcile.normalise.records import build_ind_records, build_prison_records
from reconcile.write.evidence_text import safe
from reconcile.write.xlsx_cells import CellStyles, ColumnCells, cell_texts, text_xml
from tests.pdftext import have_pdftotext, pdf_text
from tests.test_normalise_records import table

RLO, LRM, RLM, ALM = "\u202e", "\u200e", "\u200f", "\u061c"
ZWSP, ZWJ, BOM = "\u200b", "\u200d", "\ufeff"
# The bidirectional embeddings, overrides, isolates and marks, and the zero-width characters.
NAMED = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
NAMED += [LRM, RLM, ALM, ZWSP, "\u200c", ZWJ, "\u2060", BOM]
INVISIBLE_RE = re.compile("[" + "".join(NAMES) + "]")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("A1234CD", "A1234CD"),
        ("", ""),
        ("Wiśniewski", "Wiśniewski"),  # letters as they are
        ("A12\u202e34CD", "A12[U+202E]34CD"),
        ("\u2066Smith\u2069", "[U+2066]Smith[U+2069]"),
        ("SMI\u200bTH", "SMI[U+200B]TH"),
        ("\ufeffWU", "[U+FEFF]WU"),
        ("محمد\u200f", "محمد[U+200F]"),
        ("a\u061cb\u200dc\u2060d", "a[U+061C]b[U+200D]c[U+2060]d"),
        ("[U+202E]", "[U+202E]"),  # text that only looks like a code is left alone
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert without_invisible(text) == INVISIBLE_RE.sub("", text)
    assert has_invisible(text) is (shown != text)


@pytest.mark.parametrize("char", NAMED)
def test_every_named_character_is_caught(char: str) -> None:
    text = f"A1{char}234CD"
    assert has_invisible(text)
    assert visible(text) == f"A1[U+{ord(char):04X}]234CD"
    assert without_invisible(text) == "A1234CD"
    assert invisible_names(text) == [f"U+{ord(char):04X} ({NAMES[char]})"]


def test_invisible_names_each_once_in_order() -> None:
    assert invisible_names(f"{RLO}A{ZWSP}B{RLO}") == [
        "U+202E (right-to-left override)",
        "U+200B (zero-width space)",
    ]
    assert invisible_names("SMITH") == []


@pytest.mark.parametrize("char", NAMED)
def test_compared_as_the_plain_value(char: str) -> None:
    """A prison number, a name and a case reference compare equal to the plain ones."""
    assert prison_number_and_warning(f"A12{char}34CD") == ("A1234CD", None)
    assert prison_number_and_warning(f"{char}A1234CD") == ("A1234CD", None)
    assert clean_name(f"SMI{char}TH") == "SMITH"
    assert clean_name(f"{char}Wiśniewski") == "WISNIEWSKI"
    assert split_full_name(f"John SMI{char}TH") == ("SMITH", "JOHN")
    assert reference_key(f"B123{char}4567") == reference_key("B1234567")


def test_findings_name_the_cell_and_its_characters() -> None:
    prison = table(
        Role.PRISON,
        {
            "prison_number": ["A1234CD", f"A12{RLO}34CD", "C2345DE"],
            "surname": ["SMITH", f"SMI{ZWSP}TH", "JONES"],
            "forenames": ["John", "John", f"{LRM}Ann{RLM}"],
            "dob": [date(1980, 3, 12), f"12/03/1980{ZWSP}", date(1970, 1, 2)],
            "release_date": [date(2004, 1, 1), date(2004, 1, 1), date(2004, 1, 1)],
        },
    )
    records, findings = build_prison_records(prison, reference=date(2026, 1, 1))
    assert records[1].prison_number == "A1234CD"
    assert (records[1].surname, records[1].forenames) == ("SMITH", "JOHN")
    assert records[1].dob == date(1980, 3, 12)  # read, not "not a date"
    assert records[2].forenames == "ANN"
    found = [(f.row, f.field, f.raw, f.problem) for f in findings]
    assert found == [
        (
            6,
            "prison_number",
            f"A12{RLO}34CD",
            f"prison number 'A12{RLO}34CD' holds a character that shows nothing: "
            "U+202E (right-to-left override)",
        ),
        (
            6,
            "surname",
            f"SMI{ZWSP}TH",
            f"surname 'SMI{ZWSP}TH' holds a character that shows nothing: "
            "U+200B (zero-width space)",
        ),
        (
            6,
            "dob",
            f"12/03/1980{ZWSP}",
            f"date of birth '12/03/1980{ZWSP}' holds a character that shows nothing: "
            "U+200B (zero-width space)",
        ),
        (
            7,
            "forenames",
            f"{LRM}Ann{RLM}",
            f"forenames '{LRM}Ann{RLM}' holds characters that show nothing: "
            "U+200E (left-to-right mark), U+200F (right-to-left mark)",
        ),
    ]
    assert {f.consequence for f in findings} == {INVISIBLE_CONSEQUENCE}
    assert {f.column for f in findings} == {"Prison Number", "Surname", "Dob", "Forenames"}


def test_no_finding_for_plain_or_accented_text() -> None:
    ind = table(
        Role.IND,
        {
            "case_ref": ["B1234567", 7654321],
            "surname": ["Wiśniewski", "Nguyễn"],
            "forenames": ["Łukasz", None],
            "dob": [datetime(1975, 12, 31), "01/01/1980"],
        },
    )
    _, findings = build_ind_records(ind, reference=date(2026, 1, 1))
    assert findings == []


def test_an_unreadable_cell_stays_unreadable_without_its_invisible_characters() -> None:
    """Read again without them, a cell that is still no date keeps its finding, beside the
    one naming the characters."""
    prison = table(Role.PRISON, {"dob": [f"tbc{ZWSP}", "12/03/1980"], "surname": ["A", "B"]})
    records, findings = build_prison_records(prison, reference=date(2026, 1, 1))
    assert records[0].dob is None
    problems = sorted(f.problem.split(" ", 4)[-1] for f in findings if f.row == 5)
    assert problems == [
        "holds a character that shows nothing: U+200B (zero-width space)",
        "is not a date reconcile can read",
    ]


# -- the writers: the workbook's cells and the PDF's text ----------------------------------

STYLES = CellStyles(1, 2, 3, 4, 5, 6, 7, 8, 9)


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        (f"H66{RLO}94DD", "H66[U+202E]94DD"),
        (f"SMI{ZWSP}TH", "SMI[U+200B]TH"),
        (f"{BOM}=1+1", "[U+FEFF]=1+1"),
        (f"a<{ZWJ}>", "a&lt;[U+200D]&gt;"),
    ],
)
def test_workbook_cells_show_codes(text: str, inner: str) -> None:
    assert f">{inner}</t>" in text_xml(text, 1)
    column = ColumnCells(0, "text", STYLES)
    for cells in (column.cells([text]), column.cells(["plain", text]), column.cells([text, 1])):
        xml = next(c for c in cells if "U+" in c)
        assert f">{inner}</t>" in xml
        assert not INVISIBLE_RE.search("".join(cells))
    assert column.width >= len(inner.replace("&lt;", "<").replace("&gt;", ">"))


def test_block_of_plain_text_keeps_its_fast_path() -> None:
    assert cell_texts(["A1234CD", "Wiśniewski", "SMITH"]) is not None
    assert cell_texts(["A1234CD", f"SMI{ZWSP}TH"]) is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"H66{RLO}94DD", "H66[U+202E]94DD"),
        ("\u2067Fraud\u2069", "[U+2067]Fraud[U+2069]"),
        (f"Wi\u015bniewski{ZWSP}", "Wisniewski[U+200B]"),  # transliterated, and the code
        ("A1234CD", "A1234CD"),
    ],
)
def test_pdf_text_shows_codes(text: str, shown: str) -> None:
    assert safe(text) == shown


# -- end to end ----------------------------------------------------------------------------


def _plant(folder: Path) -> tuple[int, int, str]:
    """Characters that show nothing in a prison row whose prison number the IND extract
    gives too (its prison number, surname, forenames, date of birth and offence), and in that
    IND row's case reference and surname. Returns (prison row, IND row, the case reference)."""
    ind_book = openpyxl.load_workbook(folder / "ind_extract.xlsx")
    ind = ind_book["CCT cases"]
    ind_head = [c.value for c in ind[1]]
    by_number = {
        row[ind_head.index("Prison No")].value: row[0].row
        for row in ind.iter_rows(min_row=2)
        if row[ind_head.index("Prison No")].value
    }
    prison_book = openpyxl.load_workbook(folder / "prison_extract.xlsx")
    prison = prison_book["FNP discharges"]
    head_row = next(r for r in range(1, 10) if prison.cell(r, 1).value == "NOMS No")
    head = [c.value for c in prison[head_row]]
    row = next(
        r for r in range(head_row + 1, prison.max_row + 1) if prison.cell(r, 1).value in by_number
    )
    ind_row = by_number[prison.cell(row, 1).value]

    def put(sheet: openpyxl.worksheet.worksheet.Worksheet, r: int, col: int, planted: str) -> None:
        value = sheet.cell(r, col).value
        if isinstance(value, datetime):
            value = f"{value:%d/%m/%Y}"
        sheet.cell(r, col).value = planted.replace("*", str(value))

    number = str(prison.cell(row, 1).value)
    prison.cell(row, 1).value = f"{number[:3]}{RLO}{number[3:]}"
    put(prison, row, head.index("Surname") + 1, f"{ZWSP}*")
    put(prison, row, head.index("Forename(s)") + 1, "\u2066*\u2069")
    put(prison, row, head.index("Date of Birth") + 1, f"*{ZWSP}")
    put(prison, row, head.index("Main Offence") + 1, f"{RLO}*")
    prison_book.save(folder / "prison_extract.xlsx")
    case_ref = str(ind.cell(ind_row, 1).value)
    ind.cell(ind_row, 1).value = f"{case_ref[:4]}{RLO}{case_ref[4:]}"
    put(ind, ind_row, ind_head.index("Family Name") + 1, f"{BOM}*")
    ind_book.save(folder / "ind_extract.xlsx")
    return row, ind_row, f"{case_ref[:4]}{RLO}{case_ref[4:]}"


def test_run_links_reports_and_shows_codes(sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(sample, folder)
    row, ind_row, case_ref = _plant(folder)
    out = tmp_path / "out"
    args = ["run", str(folder / "prison_extract.xlsx"), str(folder / "ind_extract.xlsx")]
    result = CliRunner().invoke(
        app, [*args, "--config", str(folder / "audit.toml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output

    # Linked as if the characters were not there; outcomes.csv keeps the case reference as
    # given, byte for byte (a data file).
    with open(out / "outcomes.csv", encoding="utf-8-sig", newline="") as fh:
        line = next(r for r in csv.DictReader(fh) if r["source_row"] == str(row))
    assert line["link_status"] == "linked"
    assert (line["ind_case_refs"], line["ind_source_rows"]) == (case_ref, str(ind_row))
    assert not INVISIBLE_RE.search(line["prison_number"] + line["surname"] + line["forenames"])
    assert line["offence"].startswith(RLO)  # other text as given
    # The name as given too: the surname and forenames cells with their characters.
    assert line["name_as_given"].startswith(ZWSP) and "\u2066" in line["name_as_given"]
    assert line["dob"]  # the date of birth with a zero-width space after it is read

    # A finding for each planted cell, on the Data quality sheet, with the codes shown.
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    quality = [r for r in book["Data quality"].iter_rows(min_row=2, values_only=True)]
    planted = {
        (r[0], r[2], r[3]): r[4]
        for r in quality
        if "shows nothing" in str(r[5]) or "show nothing" in str(r[5])
    }
    # What the finding says of outcomes.csv is what it holds (above): the names and prison
    # number without the characters, the offence and case reference with them.
    said = {r[6] for r in quality if r[2] == row and r[3] in ("Surname", "Main Offence")}
    (consequence,) = said
    assert "outcomes.csv gives prison numbers, names and dates as read, without them" in (
        consequence
    )
    assert "(nationality, offence, case references) as given" in consequence
    number = planted[("prison_extract.xlsx", row, "NOMS No")]
    assert "[U+202E]" in number and RLO not in number
    assert set(planted) == {
        ("prison_extract.xlsx", row, "NOMS No"),
        ("prison_extract.xlsx", row, "Surname"),
        ("prison_extract.xlsx", row, "Forename(s)"),
        ("prison_extract.xlsx", row, "Date of Birth"),
        ("prison_extract.xlsx", row, "Main Offence"),
        ("ind_extract.xlsx", ind_row, "HO Ref"),
        ("ind_extract.xlsx", ind_row, "Family Name"),
    }
    assert not any(
        r[2] == row and r[3] == "Date of Birth" and "not a" in str(r[5]) for r in quality
    )

    # No cell of the workbook holds one of the characters; the case reference shows its code.
    with zipfile.ZipFile(out / "reconciliation.xlsx") as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert not INVISIBLE_RE.search(xml)
    assert case_ref.replace(RLO, "[U+202E]") in xml

    # `reconcile report` reads its listings from outcomes.csv: shown as the workbook shows them.
    report = CliRunner().invoke(app, ["report", str(out)])
    assert report.exit_code == 0, report.output
    assert case_ref.replace(RLO, "[U+202E]") in report.output
    assert not INVISIBLE_RE.search(report.output)

    if have_pdftotext():
        text = pdf_text(out / "evidence.pdf")
        assert case_ref.replace(RLO, "[U+202E]") in text
        assert "[U+202E]" in text and not INVISIBLE_RE.search(text)
        assert "\u25a0" not in text  # no character the font lacks (the offence chart's labels)
