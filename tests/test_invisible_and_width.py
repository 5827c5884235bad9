"""Joiners that are part of a name's spelling are not findings; many cells of one column
holding the same character that shows nothing are summed up in a line of their own; a column
hidden by a width of 0 is a hidden column (reconcile.invisible, reconcile.write.views,
reconcile.read.guards)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.invisible import invisible_names, visible, without_invisible
from reconcile.model import Finding, Role
from reconcile.normalise.fields import INVISIBLE_CONSEQUENCE
from reconcile.normalise.names import clean_name
from reconcile.normalise.records import build_prison_records
from reconcile.read import load_table
from reconcile.read.guards import sheet_scan
from reconcile.settings import Config
from reconcile.write.views import MANY_INVISIBLE, findings_by_column
from tests.test_normalise_records import table
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS, write_ods
from tests.zipparts import replace_part

runner = CliRunner()
ZWNJ, ZWJ, RLM = "\u200c", "\u200d", "\u200f"
# Persian "Mohammad-Reza": the two parts kept apart by a non-joiner, as it is spelt.
PERSIAN = f"\u0645\u062d\u0645\u062f{ZWNJ}\u0631\u0636\u0627"
# Devanagari "ksha" written with a joiner after the virama (a half form), and Urdu with one.
DEVANAGARI = f"\u0915\u094d{ZWJ}\u0937"
URDU = f"\u0646\u06cc{ZWNJ}\u0627\u0632"


@pytest.mark.parametrize("text", [PERSIAN, DEVANAGARI, URDU, f"Ali {PERSIAN}"])
def test_a_joiner_in_the_spelling_is_not_named_nor_coded(text: str) -> None:
    assert invisible_names(text) == []
    assert visible(text) == text
    # Still left out when read and compared, as before.
    assert without_invisible(text) == text.replace(ZWNJ, "").replace(ZWJ, "")


@pytest.mark.parametrize(
    "text",
    [
        f"SMI{ZWNJ}TH",  # between Latin letters
        f"{ZWNJ}{PERSIAN}",  # at the start
        f"\u0645\u062d\u0645\u062f{ZWJ}",  # at the end
        f"\u0645\u062d\u0645\u062f {ZWNJ}\u0631\u0636\u0627",  # next to a space
        f"\u06f1{ZWNJ}\u06f2",  # between Persian digits
        f"\u0645\u062d{ZWNJ}{ZWNJ}\u0645\u062f",  # two in a row
        f"a{ZWNJ}\u0645",  # a Latin letter on one side
    ],
)
def test_a_joiner_elsewhere_is_still_named(text: str) -> None:
    joiner = ZWNJ if ZWNJ in text else ZWJ
    assert invisible_names(text) == [
        f"U+{ord(joiner):04X} (zero-width {'non-joiner' if joiner == ZWNJ else 'joiner'})"
    ]
    assert f"[U+{ord(joiner):04X}]" in visible(text)


def test_a_joiner_in_the_spelling_beside_a_mark_elsewhere_names_the_mark_only() -> None:
    assert invisible_names(f"{RLM}{PERSIAN}") == ["U+200F (right-to-left mark)"]
    assert visible(f"{RLM}{PERSIAN}") == f"[U+200F]{PERSIAN}"


def test_names_spelt_with_joiners_get_no_finding_and_compare_as_before() -> None:
    plain = PERSIAN.replace(ZWNJ, "")
    prison = table(
        Role.PRISON,
        {
            "prison_number": ["A1234CD", "B2345DE", "C3456EF"],
            "surname": [PERSIAN, plain, f"SMI{ZWNJ}TH"],
            "forenames": [DEVANAGARI, "Ali", "John"],
            "dob": [date(1980, 3, 12), date(1980, 3, 12), date(1970, 1, 2)],
            "release_date": [date(2004, 1, 1), date(2004, 1, 1), date(2004, 1, 1)],
        },
    )
    records, findings = build_prison_records(prison, reference=date(2026, 1, 1))
    invisible = [(f.row, f.field) for f in findings if "shows nothing" in f.problem]
    assert invisible == [(7, "surname")]  # the Latin name only
    # Compared as the name without the joiner, as the same name written without it.
    assert records[0].surname == records[1].surname == clean_name(plain)
    assert records[2].surname == "SMITH"


def _finding(column: str, row: int, raw: str, problem: str, consequence: str = "") -> Finding:
    label = column.lower()
    return Finding(
        "p.xlsx", "S", row, column, label, raw, f"{label} '{raw}' {problem}", consequence
    )


def _marked(column: str, row: int, name: str) -> Finding:
    return _finding(
        column,
        row,
        f"{RLM}{name}",
        "holds a character that shows nothing: U+200F (right-to-left mark)",
        INVISIBLE_CONSEQUENCE,
    )


def test_many_cells_with_one_mark_get_a_line_of_their_own() -> None:
    """A right-to-left mark on every surname: a line for it, with the count and the first
    rows; the column's other problems keep its own line instead of being hidden behind it.
    A mark in a few cells of another column stays in that column's line."""
    many = MANY_INVISIBLE + 20
    findings = [_marked("Surname", 100 + k, f"NAME{k}") for k in range(many)]
    findings += [_finding("Surname", 7, "12345", "holds no letter") for _ in range(3)]
    findings += [_marked("Forenames", 10 + k, "Ann") for k in range(2)]
    findings += [_finding("Forenames", 30, "1", "holds no letter")]
    result = SimpleNamespace(findings=findings)
    lines = findings_by_column(result)  # type: ignore[arg-type]
    mark = "surname holds a character that shows nothing: U+200F (right-to-left mark)"
    assert lines == [
        (
            "p.xlsx",
            "Surname",
            many,
            f"{mark}, in rows 100, 101, 102, 103, 104 and {many - 5:,} more (each on the "
            "Data quality sheet)",
        ),
        ("p.xlsx", "Forenames", 3, lines[1][3]),
        ("p.xlsx", "Surname", 3, "surname holds no letter"),
    ]
    assert "U+200F" in lines[1][3]  # two marks among three findings: the commonest
    assert sum(n for *_, n, _ in lines) == len(findings)


def test_a_column_of_marks_alone_is_one_line() -> None:
    """Up to MANY_INVISIBLE cells: the column's line as before; one more, the line of its
    own, the column having nothing else. The same words without the consequence (not a
    finding of characters that show nothing) are counted with the column."""
    few = [_marked("Surname", 5 + k, "X") for k in range(MANY_INVISIBLE)]
    (line,) = findings_by_column(SimpleNamespace(findings=few))  # type: ignore[arg-type]
    assert line[2:] == (MANY_INVISIBLE, few[0].problem.replace(f"'{RLM}X' ", ""))
    many = [*few, _marked("Surname", 99, "X")]
    other = _finding("Surname", 3, "Y", many[0].problem.split("' ", 1)[1])
    lines = findings_by_column(SimpleNamespace(findings=[*many, other]))  # type: ignore[arg-type]
    assert [(c, n) for _, c, n, _ in lines] == [("Surname", MANY_INVISIBLE + 1), ("Surname", 1)]
    assert lines[0][3].endswith("in rows 5, 6, 7, 8, 9 and 6 more (each on the Data quality sheet)")


def test_the_first_rows_name_their_sheets_when_there_are_several() -> None:
    findings = [
        Finding(
            "p.xlsx",
            sheet,
            row,
            "Surname",
            "surname",
            RLM,
            "surname holds it",
            INVISIBLE_CONSEQUENCE,
        )
        for sheet in ("2003", "2004")
        for row in range(2, 2 + MANY_INVISIBLE)
    ]
    (line,) = findings_by_column(SimpleNamespace(findings=findings))  # type: ignore[arg-type]
    assert line[3] == (
        "surname holds it, in rows 2 of sheet '2003', 3 of sheet '2003', 4 of sheet '2003', "
        f"5 of sheet '2003', 6 of sheet '2003' and {2 * MANY_INVISIBLE - 5} more (each on the "
        "Data quality sheet)"
    )


# Columns hidden by a width of 0.

SHEET_XML = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols>'
    '<col min="1" max="2" width="9" customWidth="1"/>'
    '<col min="3" max="3" width="0" customWidth="1"/>'
    '<col max="6" min="5" width="0.0"/>'
    '<col min="8" max="8" width="0.5" customWidth="1"/>'
    '<col min="9" max="9" width="10" hidden="false"/>'
    '<col min="10" max="10" width="00" customWidth="1" hidden="1"/>'
    '<col min="12" max="12" width="12" hidden="1"/>'
    "</cols><sheetData>"
    '<row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>'
)


def test_scan_takes_a_column_of_no_width_as_hidden(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.save(path)
    replace_part(path, "xl/worksheets/sheet1.xml", lambda _: SHEET_XML)
    scan = sheet_scan(path, "Data", {2})
    assert scan.hidden_columns == [(3, 3), (5, 6), (10, 10), (12, 12)]


NOTES = get_column_letter(len(PRISON_HEADER) + 1)  # the column right of the table


def _prison_book(path: Path, attrs: str) -> Path:
    """A prison extract with a column headed 'Notes' right of its table, holding values
    (not read), with ``attrs`` on its <col> tag in place of the width openpyxl wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append([*PRISON_HEADER, "Notes"])
    for row in PRISON_ROWS:
        sheet.append([*row, "see the file"])
    sheet.column_dimensions[NOTES].width = 23
    book.save(path)

    def edit(xml: str) -> str:
        assert xml.count('width="23"') == 1
        return xml.replace('width="23"', attrs)

    return replace_part(path, "xl/worksheets/sheet1.xml", edit)


def _hidden_said(path: Path) -> tuple[tuple[str, ...], list[tuple[str, str, str]]]:
    table, findings = load_table(path, Role.PRISON, Config())
    hidden = [(f.column, f.raw, f.problem) for f in findings if "hidden" in f.problem]
    return tuple(table.source.notes), hidden


def test_a_column_of_no_width_is_named_as_a_hidden_one_is(tmp_path: Path) -> None:
    shut = _prison_book(tmp_path / "shut" / "prison.xlsx", 'width="0" customWidth="1"')
    hid = _prison_book(tmp_path / "hid" / "prison.xlsx", 'width="23" hidden="1"')
    plain = _prison_book(tmp_path / "plain" / "prison.xlsx", 'width="23"')
    assert _hidden_said(plain) == ((), [])
    said = _hidden_said(shut)
    assert said == _hidden_said(hid)
    notes, hidden = said
    assert hidden == [("Notes", f"column {NOTES}, hidden", "a column hidden in the spreadsheet")]
    sentence = f"has a hidden column: {NOTES} 'Notes' (not read)"
    assert sentence in " ".join(notes[0].split())
    result = runner.invoke(app, ["inspect", str(shut), "--role", "prison"])
    assert result.exit_code == 0, result.output
    assert sentence in " ".join(result.output.split())


def test_ods_column_of_a_style_with_no_width(tmp_path: Path) -> None:
    """An ODS table's fifth column (the nationality) of a column style 0cm wide."""
    path = write_ods(tmp_path / "prison.ods", {"Extract": [PRISON_HEADER, *PRISON_ROWS]})
    styles = (
        '<office:automatic-styles xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0">'
        '<style:style style:name="co1" style:family="table-column">'
        '<style:table-column-properties style:column-width="2.258cm"/></style:style>'
        '<style:style style:name="co2" style:family="table-column">'
        '<style:table-column-properties style:column-width="0cm"/></style:style>'
        '<style:style style:name="ro1" style:family="table-row">'
        '<style:table-row-properties style:row-height="0cm"/></style:style>'
        "</office:automatic-styles>"
    )
    columns = (
        '<table:table-column table:style-name="co1" table:number-columns-repeated="4"/>'
        '<table:table-column table:style-name="co2"/>'
        '<table:table-column table:style-name="co1" table:number-columns-repeated="3"/>'
    )
    opening = '<table:table table:name="Extract">'

    def edit(content: str) -> str:
        assert opening in content and "<office:body>" in content
        content = content.replace("<office:body>", styles + "<office:body>")
        return content.replace(opening, opening + columns)

    replace_part(path, "content.xml", edit)
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.columns["nationality"][0] == "Jamaica"  # read as before
    (note,) = table.source.notes
    assert (
        "The prison extract (prison.ods, sheet 'Extract') has a hidden column: E 'Nationality' "
        "(read as the nationality)"
    ) in note
    assert [f.column for f in findings if "hidden" in f.problem] == ["Nationality"]
