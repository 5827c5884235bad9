"""Cells merged down over several rows of an .ods extract are read on each row, as in .xlsx.

The parser gives no merged ranges for an OpenDocument file; the scan of its content finds them
(guards.OdsRanges.merged)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from reconcile.model import Role
from reconcile.read import load_table
from reconcile.settings import Config
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS, write_ods, write_xlsx

COVERED = "COVERED"


def _spanned_ods(path: Path, rows: list[list[object]], tops: list[str]) -> Path:
    """``rows`` as an .ods sheet 'FNP' in which each text in ``tops`` is in a cell merged over
    two rows (the cell below it, written COVERED, is covered by it), as LibreOffice writes
    cells merged down."""
    write_ods(path, {"FNP": rows})
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    content = parts["content.xml"].decode()
    for value in tops:
        typed = f'office:value-type="string"><text:p>{value}</text:p>'
        assert content.count(typed) == 1
        content = content.replace(typed, f'table:number-rows-spanned="2" {typed}')
    covered = (
        '<table:table-cell office:value-type="string"><text:p>COVERED</text:p></table:table-cell>'
    )
    assert content.count(covered) == len(tops)
    parts["content.xml"] = content.replace(covered, "<table:covered-table-cell/>").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return path


def test_a_prison_number_and_name_merged_down_are_read_on_each_row(tmp_path: Path) -> None:
    """One prisoner's two custody rows with the prison number and surname typed once, in cells
    merged over both rows: the second row was read with no prison number and no surname from
    the .ods file, but with both from the same sheet as .xlsx; now the two read alike."""
    second = [COVERED, COVERED, *PRISON_ROWS[0][2:5], 6, "Theft", PRISON_ROWS[0][7], "N"]
    rows = [["FNP releases"], PRISON_HEADER, PRISON_ROWS[0], second, PRISON_ROWS[2]]
    ods = _spanned_ods(tmp_path / "prison.ods", rows, ["A1234BC", "SMITH"])
    blank = [[None if v == COVERED else v for v in row] for row in rows]
    xlsx = write_xlsx(
        tmp_path / "prison.xlsx", {"FNP": blank}, merged={"FNP": [(2, 0, 3, 0), (2, 1, 3, 1)]}
    )
    from_xlsx, _ = load_table(xlsx, Role.PRISON, Config())
    from_ods, findings = load_table(ods, Role.PRISON, Config())
    assert from_ods.columns["prison_number"] == ["A1234BC", "A1234BC", "B3456DE"]
    assert from_ods.columns["surname"] == ["SMITH", "SMITH", "NGUYEN"]
    assert from_ods.columns["sentence"] == [18, 6, 12]
    assert from_ods.row_numbers == from_xlsx.row_numbers == [3, 4, 5]
    for field in ("prison_number", "surname", "forenames", "sentence", "offence"):
        assert from_ods.columns[field] == from_xlsx.columns[field], field
    assert findings == []


def test_a_title_merged_across_the_top_fills_no_data_row(tmp_path: Path) -> None:
    """A range above the header (a title merged over two rows) is left alone."""
    rows = [["FNP releases"], [COVERED], PRISON_HEADER, *PRISON_ROWS]
    ods = _spanned_ods(tmp_path / "prison.ods", rows, ["FNP releases"])
    table, _ = load_table(ods, Role.PRISON, Config())
    assert table.source.header_row == 3
    assert table.columns["surname"] == ["SMITH", "O'BRIEN", "NGUYEN"]
