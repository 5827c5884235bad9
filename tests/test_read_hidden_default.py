"""A sheet whose rows are hidden by default, and an .xls extract on a hidden sheet.

A sheet can hide every row that has no row of its own in the file: in .xlsx
<sheetFormatPr zeroHeight="1">, in .xls the DEFAULTROWHEIGHT record's fDyZero bit (MS-XLS
2.4.87: "whether empty rows have a height of zero"). A row that holds data has a row of its
own in an .xlsx sheet (its cells stand in its <row>), which is shown unless it says
hidden="1"; and in .xls the default is for empty rows only (MS-XLS 2.4.87: "An empty row is a
row that only contains cells without data or formatting"), so a row holding data is shown
unless its ROW record hides it, even with no ROW record at all (LibreOffice shows it). So the
data rows named are those hidden one by one, as in any sheet. The fixtures are made by
tests/xls/make.py (default_hidden_book, hidden_sheet_book) with LibreOffice."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.biff import read_globals, sheet_records, workbook_stream
from reconcile.read.guards import sheet_scan
from reconcile.read.xlsrecords import xls_sheets
from reconcile.settings import Config
from tests.test_read_corpus import IND_HEADER, IND_ROWS, PRISON_HEADER, write_xlsx
from tests.xls.make import default_hidden_book, people
from tests.zipparts import replace_part

XLS = Path(__file__).parent / "xls"
runner = CliRunner()
_DEFAULT_ROW_HEIGHT, _ROW = 0x0225, 0x0208


def _note(name: str) -> str:
    return (
        f"The prison extract ({name}, sheet 'FNP') has 2 data rows hidden in the spreadsheet "
        "(rows 4 and 7): they were read like every other row. If they should not be in the "
        "audit, delete them from a copy of the file and run again."
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _records(path: Path, kind: int) -> list[bytes]:
    """The bodies of the records of ``kind`` of an .xls workbook's one worksheet."""
    data = workbook_stream(path, 100)
    book = read_globals(data)
    assert book is not None
    (start,) = book.sheets
    return [
        data[body : body + size] for _, body, size in sheet_records(data, start, len(data), {kind})
    ]


def _without_row_records(source: Path, target: Path, rows: tuple[int, ...]) -> Path:
    """``source`` with the ROW records of ``rows`` (from 1) made records of a type no reader
    knows (0x0FFF), so that those rows have no ROW record of their own, as some programs
    write them: the bytes changed in place, the length of everything kept."""
    data = bytearray(source.read_bytes())
    for row in rows:
        head = b"\x08\x02\x10\x00" + struct.pack("<H", row - 1) + b"\x00\x00"
        at = data.find(head)
        assert at >= 0 and data.find(head, at + 1) < 0, row
        data[at : at + 2] = b"\xff\x0f"
    target.write_bytes(bytes(data))
    return target


def test_the_fixtures_hide_every_row_by_default() -> None:
    """What the other tests rest on: LibreOffice kept the default in both files, and wrote a
    ROW record for each row of the .xls, rows 4 and 7 hidden (fDyZero, 0x20)."""
    (default,) = _records(XLS / "prison_default_hidden.xls", _DEFAULT_ROW_HEIGHT)
    assert struct.unpack_from("<H", default)[0] & 0x0002  # fDyZero
    rows = _records(XLS / "prison_default_hidden.xls", _ROW)
    flags = {struct.unpack_from("<H", r)[0] + 1: r[12] & 0x20 for r in rows}
    assert sorted(flags) == list(range(1, 10))
    assert [row for row, hidden in flags.items() if hidden] == [4, 7]
    with zipfile.ZipFile(XLS / "prison_default_hidden.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert 'zeroHeight="true"' in sheet
    assert sheet.count('hidden="true"') == 2 and sheet.count('hidden="false"') == 7


def _openpyxl_book(tmp_path: Path) -> Path:
    """The same sheet as openpyxl writes it (as Excel does): zeroHeight="1", rows 4 and 7
    hidden="1", the others with no hidden attribute at all."""
    path = tmp_path / "prison_default_hidden.xlsx"
    default_hidden_book().save(path)
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert 'zeroHeight="1"' in sheet and sheet.count("hidden=") == 2
    return path


@pytest.mark.parametrize("made", ["xls", "xlsx by LibreOffice", "xlsx by openpyxl"])
def test_only_the_rows_hidden_one_by_one_are_named(tmp_path: Path, made: str) -> None:
    if made == "xlsx by openpyxl":
        path = _openpyxl_book(tmp_path)
    else:
        path = XLS / f"prison_default_hidden.{made.split()[0]}"
    table, findings = load_table(path, Role.PRISON, Config())
    assert [_one_line(n) for n in table.source.notes] == [_note(path.name)]
    hidden = [f for f in findings if "hidden" in f.problem]
    assert [(f.row, f.raw) for f in hidden] == [(4, "2 data rows hidden: rows 4 and 7")]
    assert table.row_numbers == list(range(2, 10))  # every row read, hidden or not


def test_a_data_row_with_no_row_record_is_shown_whatever_the_default(tmp_path: Path) -> None:
    """Rows 5 and 6 hold data but have no ROW record: the default is for empty rows only."""
    path = _without_row_records(
        XLS / "prison_default_hidden.xls", tmp_path / "prison_default_hidden.xls", (5, 6)
    )
    rows = [struct.unpack_from("<H", r)[0] + 1 for r in _records(path, _ROW)]
    assert rows == [1, 2, 3, 4, 7, 8, 9]
    assert xls_sheets(path, 100)["FNP"].hidden_rows == {4: False, 7: False}
    table, _ = load_table(path, Role.PRISON, Config())
    assert [_one_line(n) for n in table.source.notes] == [_note(path.name)]
    assert table.row_numbers == list(range(2, 10))


# A <row> tag's attributes under zeroHeight, and whether the row is hidden.
ROW_TAGS = [
    ("", False),
    ('hidden="0"', False),
    ('hidden="false"', False),
    ('customHeight="1" ht="15"', False),
    ('ht="15" customHeight="true" hidden="0"', False),
    ('hidden="1"', True),
    ('hidden="true"', True),
    ('ht="15" customHeight="1" hidden="1"', True),
]


@pytest.mark.parametrize("zero", ['zeroHeight="1"', 'zeroHeight="true"', 'zeroHeight = "1"'])
def test_under_the_default_a_row_is_hidden_only_when_it_says_so(tmp_path: Path, zero: str) -> None:
    """Each of rows 2 to 9 written with one of ROW_TAGS' attributes, the sheet's rows hidden by
    default: the scan finds hidden those that say so, and the run names them."""
    path = tmp_path / "prison.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "FNP"
    for row in [list(PRISON_HEADER), *people(len(ROW_TAGS))]:
        sheet.append(row)
    book.save(path)

    def edit(xml: str) -> str:
        start = xml.index("<sheetData")
        xml = xml[:start] + f'<sheetFormatPr defaultRowHeight="15" {zero}/>' + xml[start:]
        for k, (attrs, _) in enumerate(ROW_TAGS):
            xml = xml.replace(f'<row r="{k + 2}"', f'<row r="{k + 2}" {attrs}'.rstrip(), 1)
        return xml

    replace_part(path, "xl/worksheets/sheet1.xml", edit)
    hidden = [k + 2 for k, (_, shut) in enumerate(ROW_TAGS) if shut]
    assert sorted(sheet_scan(path, "FNP", set(range(2, 10))).hidden) == hidden == [7, 8, 9]
    table, _ = load_table(path, Role.PRISON, Config())
    assert [_one_line(n) for n in table.source.notes] == [
        "The prison extract (prison.xlsx, sheet 'FNP') has 3 data rows hidden in the "
        "spreadsheet (rows 7-9): they were read like every other row. If they should not be "
        "in the audit, delete them from a copy of the file and run again."
    ]


def test_inspect_names_only_the_rows_hidden_one_by_one() -> None:
    path = XLS / "prison_default_hidden.xls"
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert result.exit_code == 0, result.output
    said = _one_line(result.output)
    assert _note(path.name) in said
    assert said.count("hidden in the spreadsheet") == 1


HIDDEN_SHEET = (
    "The prison extract (prison_hidden_sheet.xls, sheet 'FNP') is read from a hidden sheet "
    "(right-click a sheet's tab in Excel and choose Unhide to see it): whoever opens the "
    "workbook does not see it. If it is not the extract, name the sheet to read in the config "
    "([input] prison_sheet)."
)


def test_inspect_names_the_hidden_sheet_of_an_xls_extract() -> None:
    result = runner.invoke(
        app, ["inspect", str(XLS / "prison_hidden_sheet.xls"), "--role", "prison"]
    )
    assert result.exit_code == 0, result.output
    assert HIDDEN_SHEET in _one_line(result.output)


def test_a_run_notes_the_hidden_sheet_of_an_xls_extract(tmp_path: Path) -> None:
    ind = write_xlsx(tmp_path / "ind.xlsx", {"IND": [IND_HEADER, *IND_ROWS]})
    out = tmp_path / "out"
    args = ["run", str(XLS / "prison_hidden_sheet.xls"), str(ind), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert HIDDEN_SHEET in _one_line(result.output)
    assert HIDDEN_SHEET in json.loads((out / "manifest.json").read_text())["notes"]
    rows = {
        int(line.split(",")[2])
        for line in (out / "outcomes.csv").read_text().splitlines()[1:]
        if line.startswith("prison_hidden_sheet.xls,")
    }
    assert rows == {2, 3, 4, 5}  # the hidden sheet's people, none of the shown sheet's


def test_a_very_hidden_xls_sheet_is_named_so(tmp_path: Path) -> None:
    """The sheet's BOUNDSHEET record made to say 'very hidden' (hsState 2; LibreOffice writes
    only 'hidden'): its flags byte, then the sheet type, then the name 'FNP' (3, one byte a
    character)."""
    data = (XLS / "prison_hidden_sheet.xls").read_bytes()
    state = b"\x01\x00\x03\x00FNP"
    assert data.count(state) == 1
    path = tmp_path / "prison_hidden_sheet.xls"
    path.write_bytes(data.replace(state, b"\x02" + state[1:]))
    table, _ = load_table(path, Role.PRISON, Config())
    assert [_one_line(n) for n in table.source.notes] == [
        "The prison extract (prison_hidden_sheet.xls, sheet 'FNP') is read from a sheet hidden "
        "so that Excel's Unhide does not offer it (a macro or another program hid it): whoever "
        "opens the workbook does not see it. If it is not the extract, name the sheet to read "
        "in the config ([input] prison_sheet)."
    ]
