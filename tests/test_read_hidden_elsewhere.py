"""Rows and columns hidden where the scans did not look: an xlsx worksheet written with a
namespace prefix on its tags (<x:col>, <x:row>), and an ODS file's columns hidden by a style
kept in styles.xml or marked table:visibility="collapse" as LibreOffice writes it
(reconcile.read.guards)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.guards import sheet_scan
from reconcile.settings import Config
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS, write_ods
from tests.zipparts import replace_part

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _prefixed(xml: str) -> str:
    """A worksheet's XML with every tag under the prefix x: (as some programs write it)."""
    xml = xml.replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"')
    return re.sub(r"<(/?)([A-Za-z]+)([\s>/])", r"<\1x:\2\3", xml)


def test_scan_finds_hidden_columns_and_rows_under_a_prefix(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.save(path)
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetPr filterMode="1"/><x:cols>'
        '<x:col min="1" max="2" width="9" hidden="false"/><x:col min="3" max="3" hidden="1"/>'
        '<x:col width="0" customWidth="1" max="7" min="5"/></x:cols><x:sheetData>'
        '<x:row r="2" hidden="1"><x:c r="A2"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="3"><x:c r="A3"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="4" hidden="true" outlineLevel="1"/></x:sheetData>'
        '<x:autoFilter ref="A1:B3"/></x:worksheet>'
    )
    replace_part(path, "xl/worksheets/sheet1.xml", lambda _: sheet)
    scan = sheet_scan(path, "Data", {2, 3, 4})
    assert scan.hidden_columns == [(3, 3), (5, 7)]
    assert (scan.hidden, scan.filtered) == ([2, 4], [2])


def test_a_prefixed_sheet_names_its_hidden_column_and_row(tmp_path: Path) -> None:
    path = tmp_path / "prison.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in [PRISON_HEADER, *PRISON_ROWS]:
        sheet.append(row)
    sheet.column_dimensions["E"].hidden = True
    sheet.row_dimensions[3].hidden = True
    book.save(path)
    replace_part(path, "xl/worksheets/sheet1.xml", _prefixed)
    with zipfile.ZipFile(path) as archive:
        assert b"<x:col " in archive.read("xl/worksheets/sheet1.xml")
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.columns["nationality"][0] == "Jamaica"  # read as before
    notes = " ".join(table.source.notes)
    assert "has 1 data row hidden in the spreadsheet (row 3)" in notes
    assert "has a hidden column: E 'Nationality' (read as the nationality)" in notes
    assert sorted(f.problem for f in findings if "hidden" in f.problem) == [
        "a column hidden in the spreadsheet",
        "rows hidden in the spreadsheet",
    ]


# --- An ODS column hidden by a common style in styles.xml ------------------------------------

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)


def _column_style(name: str, width: str, parent: str = "") -> str:
    based = f' style:parent-style-name="{parent}"' if parent else ""
    props = f'<style:table-column-properties style:column-width="{width}"/>' if width else ""
    opening = f'<style:style style:name="{name}" style:family="table-column"{based}>'
    return f"{opening}{props}</style:style>"


def _ods(tmp_path: Path, styles: str, automatic: str, columns: str) -> Path:
    """The prison table as an ODS file whose styles.xml holds ``styles`` (its common and
    automatic styles), content.xml ``automatic`` styles and the table ``columns``."""
    path = write_ods(tmp_path / "prison.ods", {"Extract": [PRISON_HEADER, *PRISON_ROWS]})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(
            "styles.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODS_NS} '
            f'office:version="1.2">{styles}</office:document-styles>',
        )
    opening = '<table:table table:name="Extract">'

    def edit(content: str) -> str:
        content = content.replace(" office:version=", f" {ODS_NS.split(' ')[1]} office:version=")
        kept = f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        content = content.replace("<office:body>", kept + "<office:body>")
        return content.replace(opening, opening + columns)

    replace_part(path, "content.xml", edit)
    return path


def _hidden_fields(path: Path) -> list[str]:
    _, findings = load_table(path, Role.PRISON, Config())
    return [f.column for f in findings if "hidden" in f.problem]


def test_ods_column_of_a_zero_width_style_in_styles_xml(tmp_path: Path) -> None:
    """Column E takes the style 'Shut' of styles.xml's common styles (0in wide); column C
    takes 'Narrow', based on it, from content.xml, which sets no width of its own."""
    styles = f"<office:styles>{_column_style('Shut', '0in')}</office:styles>"
    columns = (
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:style-name="Narrow"/><table:table-column/>'
        '<table:table-column table:style-name="Shut"/>'
    )
    path = _ods(tmp_path, styles, _column_style("Narrow", "", parent="Shut"), columns)
    assert _hidden_fields(path) == ["Forename(s)", "Nationality"]


def test_ods_styles_that_do_not_hide_a_column(tmp_path: Path) -> None:
    """A common style with a width, one of no width among styles.xml's own automatic styles
    (for its pages, not for content.xml's columns), and a content.xml style of that name with
    a width: no column is hidden."""
    styles = (
        f"<office:styles>{_column_style('Wide', '2.5cm')}</office:styles>"
        f"<office:automatic-styles>{_column_style('co9', '0cm')}</office:automatic-styles>"
    )
    columns = (
        '<table:table-column table:style-name="Wide"/>'
        '<table:table-column table:style-name="co9"/>'
        '<table:table-column table:style-name="Gone"/>'
    )
    path = _ods(tmp_path, styles, _column_style("Gone", "1cm", parent="co9"), columns)
    assert _hidden_fields(path) == []


def test_ods_rows_and_columns_hidden_as_libreoffice_writes_them(tmp_path: Path) -> None:
    """table:visibility="collapse", the standard's value, which LibreOffice writes for a row or
    column hidden by hand (not "collapsed"): both were passed over."""
    columns = '<table:table-column table:number-columns-repeated="4"/>' + (
        '<table:table-column table:visibility="collapse"/>'
    )
    path = _ods(tmp_path, "", "", columns)

    def hide_row_3(content: str) -> str:
        head, *rows = content.split("<table:table-row>")
        rows[2] = '<table:table-row table:visibility="collapse">' + rows[2]
        return head + "".join(
            r if r.startswith("<table:table-row ") else "<table:table-row>" + r for r in rows
        )

    replace_part(path, "content.xml", hide_row_3)
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == [2, 3, 4]  # read as before
    assert sorted(f.problem for f in findings if "hidden" in f.problem) == [
        "a column hidden in the spreadsheet",
        "rows hidden in the spreadsheet",
    ]
    assert "has 1 data row hidden in the spreadsheet (row 3)" in " ".join(table.source.notes)


def test_ods_styles_xml_declaring_an_entity_is_refused(tmp_path: Path) -> None:
    path = _ods(tmp_path, "<office:styles/>", "", "")
    replace_part(
        path,
        "styles.xml",
        lambda text: text.replace("?>", '?><!DOCTYPE d [<!ENTITY e "x">]>', 1),
    )
    with pytest.raises(InputError, match=r"part styles\.xml of the workbook declares XML entities"):
        load_table(path, Role.PRISON, Config())
