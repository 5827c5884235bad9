"""How the .xls files beside this script were made (run by hand, not by the tests:
``python tests/xls/make.py``, from the repository's root).

The tests read these files as they are, so that they run where LibreOffice is not installed.
Each is written as .xlsx by openpyxl, then converted to .xls (Excel 97-2003, BIFF8) by
LibreOffice. The formulas (=NA(), =1/0) it calculates as it converts, saving each result, the
errors in FORMULA records. Rows hidden it writes as hidden ROW records, in a collapsed
outline group with their level; columns hidden as COLINFO records; a filter as the sheet's
_FilterDatabase name (its range), a FILTERMODE record and an AUTOFILTER record for the
condition (hidden_book and filtered_book: the tests build the same .xlsx from them, to
compare what is said of each). LibreOffice writes no BOOLERR record for an error (it has no
error typed into a cell, only formulas giving one), as Excel does for #N/A typed into a cell:
that file is written by xlwt (not a dependency of the project: ``pip install xlwt`` to make
it again).

A sheet whose rows are hidden by default (default_hidden_book: <sheetFormatPr zeroHeight="1">)
LibreOffice writes to .xls with a DEFAULTROWHEIGHT record saying so (fDyZero) and a ROW record
for each row that holds something, hidden or not; to .xlsx (prison_default_hidden.xlsx, as
LibreOffice writes it again) with zeroHeight="true" and hidden="false" or "true" on each row.
A hidden sheet (hidden_sheet_book) it writes as hidden in the sheet's BOUNDSHEET record.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS  # noqa: E402

DECISIONS_HEADER = ["Prison row", "prison_key", "ind_key", "Decision", "Reviewer", "Note"]


def extract_rows() -> list[list[object]]:
    """The prison sheet of tests/test_formula_errors.py: a title row, the header in row 2,
    three people in rows 3 to 5; O'BRIEN's date of birth (D4) shows #N/A, NGUYEN's surname
    (B5) #DIV/0!, the title row's C1 #N/A, and L3, in no column read, #N/A."""
    rows: list[list[object]] = [["FNP releases"], PRISON_HEADER, *(list(r) for r in PRISON_ROWS)]
    rows[3][3] = "=NA()"
    rows[4][1] = "=1/0"
    rows[0] += [None, "=NA()"]
    rows[2] += [None, None, "=NA()"]
    return rows


def decisions_rows() -> list[list[object]]:
    """A Needs review sheet: line 1 (row 2) with its Decision showing #N/A and a Reviewer,
    line 3 (row 4) decided; G3, under a heading of the reviewer's own, shows #DIV/0!."""
    rows: list[list[object]] = [[*DECISIONS_HEADER, "Score"]]
    for n in (1, 2, 3):
        rows.append([n, f"P-{n:016X}", f"I-{n + 1000:016X}", None, None, None])
    rows[1][3:5] = ["=NA()", "R. Jones"]
    rows[3][3:5] = ["not the same person", "R. Jones"]
    rows[2].append("=1/0")
    return rows


def _book(sheet: str, rows: list[list[object]]) -> openpyxl.Workbook:
    """A workbook of one sheet holding ``rows``, its dates shown as dates."""
    book = openpyxl.Workbook()
    out = book.active
    assert out is not None
    out.title = sheet
    for row in rows:
        out.append(row)
    for cells in out.iter_rows():
        for cell in cells:
            if isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    return book


NATIONALITIES = ["Jamaica", "Ireland", "Viet Nam", "Jamaica", "Ghana", "Jamaica"]
SURNAMES = ["SMITH", "O'BRIEN", "NGUYEN", "CAMPBELL", "MENSAH", "BROWN", "WILLIAMS", "MURPHY",
            "TRAN", "REID", "OWUSU", "GRANT"]  # fmt: skip


def people(n: int) -> list[list[object]]:
    """``n`` rows (no more than 12) under PRISON_HEADER, each person another."""
    return [
        [f"{'ACDEFGHJKLMN'[k]}{1234 + 111 * k}DE", SURNAMES[k], "John",
         date(1970 + k, 1 + k % 12, 2), NATIONALITIES[k % len(NATIONALITIES)], 12 + k,
         "Theft", date(2005, 1 + k % 12, 5), "N"]
        for k in range(n)
    ]  # fmt: skip


def hidden_book() -> openpyxl.Workbook:
    """Sheet FNP: a title row, the header in row 2, twelve people in rows 3 to 14. Rows 5, 6
    and 9 hidden by hand, rows 12 and 13 in a collapsed outline group; column E (the
    nationality, read) hidden, K headed 'Notes' holding a value (not read) hidden, M (empty)
    hidden."""
    rows: list[list[object]] = [["FNP releases"], [*PRISON_HEADER, None, "Notes"], *people(12)]
    rows[3] += [None, "see the file"]
    book = _book("FNP", rows)
    out = book.active
    assert out is not None
    for row in (5, 6, 9):
        out.row_dimensions[row].hidden = True
    out.row_dimensions.group(12, 13, outline_level=1, hidden=True)
    for letter in ("E", "K", "M"):
        out.column_dimensions[letter].hidden = True
    return book


def filtered_book() -> openpyxl.Workbook:
    """Sheet FNP: the header in row 1, twelve people in rows 2 to 13, a filter on A1:I10
    showing the people of Jamaica (rows 3, 4, 6, 9 and 10 hidden by it), and row 12, below the
    filter's range, hidden by hand."""
    book = _book("FNP", [list(PRISON_HEADER), *people(12)])
    out = book.active
    assert out is not None
    out.auto_filter.ref = "A1:I10"
    out.auto_filter.add_filter_column(4, ["Jamaica"])
    for row in range(2, 11):
        if out.cell(row, 5).value != "Jamaica":
            out.row_dimensions[row].hidden = True
    out.row_dimensions[12].hidden = True
    return book


def default_hidden_book() -> openpyxl.Workbook:
    """Sheet FNP: the header in row 1, eight people in rows 2 to 9, every row hidden unless
    its own row says otherwise (zeroHeight, as Excel writes a sheet whose rows were all hidden
    and some shown again): rows 4 and 7 hidden, the others shown."""
    book = _book("FNP", [list(PRISON_HEADER), *people(8)])
    out = book.active
    assert out is not None
    out.sheet_format.zeroHeight = True
    for row in (4, 7):
        out.row_dimensions[row].hidden = True
    return book


def hidden_sheet_book() -> openpyxl.Workbook:
    """A shown sheet 'Cover' with a line of text, then the extract on a hidden sheet 'FNP':
    the header in row 1, four people in rows 2 to 5."""
    book = _book("FNP", [list(PRISON_HEADER), *people(4)])
    book.create_sheet("Cover", 0).append(["Releases: see the other sheet"])
    book.active = 0
    book["FNP"].sheet_state = "hidden"
    return book


def by_libreoffice(name: str, sheet: str, rows: list[list[object]]) -> None:
    convert(name, _book(sheet, rows))


def convert(name: str, book: openpyxl.Workbook, kind: str = "xls") -> None:
    """``book`` saved as .xlsx, then converted by LibreOffice to ``name``.xls (``kind``:
    or written again as ``name``.xlsx) beside this script."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    assert program, "LibreOffice is needed"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in" / f"{name}.xlsx"
        source.parent.mkdir()
        book.save(source)
        subprocess.run(
            [program, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/lo",
             "--convert-to", kind, "--outdir", folder, str(source)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        shutil.copyfile(Path(folder) / f"{name}.{kind}", HERE / f"{name}.{kind}")


def by_xlwt(name: str, sheet: str, rows: list[list[object]]) -> None:
    """Each cell "=NA()" or "=1/0" written as that error typed into the cell (BOOLERR)."""
    import xlwt

    typed = {"=NA()": 0x2A, "=1/0": 0x07}  # #N/A, #DIV/0! (by code: xlwt misnames some)
    book = xlwt.Workbook()
    out = book.add_sheet(sheet)
    day = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value in typed:
                out.row(r).set_cell_error(c, typed[value])
            elif isinstance(value, date):
                out.write(r, c, value, day)
            elif value is not None:
                out.write(r, c, value)
    book.save(str(HERE / f"{name}.xls"))


if __name__ == "__main__":
    by_libreoffice("prison_errors", "FNP", extract_rows())
    by_libreoffice("decisions_errors", "Needs review", decisions_rows())
    by_xlwt("prison_typed_errors", "FNP", extract_rows())
    convert("prison_hidden", hidden_book())
    convert("prison_filtered", filtered_book())
    convert("prison_default_hidden", default_hidden_book())
    convert("prison_default_hidden", default_hidden_book(), "xlsx")
    convert("prison_hidden_sheet", hidden_sheet_book())
