"""A corpus of small spreadsheets made by the tests, and the same extract read from every format.

The builders here are shared by the other tests/test_read_*.py modules.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import xlsxwriter

from reconcile.model import Role
from reconcile.read import load_table
from reconcile.settings import Config

Rows = list[list[object]]

PRISON_HEADER = [
    "Prison No",
    "Surname",
    "Forename(s)",
    "DOB",
    "Nationality",
    "Sentence (months)",
    "Offence",
    "Release date",
    "Court rec",
]
PRISON_ROWS: Rows = [
    ["A1234BC", "SMITH", "John", date(1970, 1, 2), "Jamaica", 18, "Drugs", date(2005, 6, 1), "N"],
    [
        "A2345CD",
        "O'BRIEN",
        "Mary Ann",
        date(1981, 12, 31),
        "Ireland",
        24,
        "Theft",
        date(2005, 7, 2),
        "Y",
    ],
    ["B3456DE", "NGUYEN", "Van", date(1975, 3, 4), "Viet Nam", 12, "Fraud", date(2006, 1, 5), "N"],
]
IND_HEADER = ["CID ref", "Family name", "Given names", "Date of birth", "Date referral received",
              "Date considered", "Decision"]  # fmt: skip
IND_ROWS: Rows = [
    [1001, "SMITH", "John", date(1970, 1, 2), date(2005, 1, 1), date(2005, 3, 1), "Deport"],
    [1002, "NGUYEN", "Van", date(1975, 3, 4), date(2005, 9, 1), None, ""],
]


def prison_sheet(title: bool = True) -> Rows:
    """A realistic sheet: title rows, a blank row, the header, data, a blank row, a total."""
    rows: Rows = []
    if title:
        rows += [
            ["Foreign national prisoners released 2005"],
            ["Produced by the prison service"],
            [],
        ]
    rows += [PRISON_HEADER, *PRISON_ROWS, [], ["Total", 3]]
    return rows


def write_xlsx(
    path: Path,
    sheets: dict[str, Rows],
    merged: dict[str, list[tuple[int, int, int, int]]] | None = None,
    hidden_rows: dict[str, list[int]] | None = None,
) -> Path:
    book = xlsxwriter.Workbook(str(path))
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date | datetime):
                    sheet.write_datetime(r, c, value, day)
                elif value is not None:
                    sheet.write(r, c, value)
        for r0, c0, r1, c1 in (merged or {}).get(name, []):
            sheet.merge_range(r0, c0, r1, c1, rows[r0][c0], None)  # type: ignore[arg-type]
        for r in (hidden_rows or {}).get(name, []):
            sheet.set_row(r, None, None, {"hidden": True})
    book.close()
    return path


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return (
            '<table:table-cell office:value-type="boolean" '
            f'office:boolean-value="{str(value).lower()}">'
            "<text:p>x</text:p></table:table-cell>"
        )
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    """A minimal OpenDocument spreadsheet, written by hand."""
    tables = []
    for name, rows in sheets.items():
        body = "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            if row
            else "<table:table-row><table:table-cell/></table:table-row>"
            for row in rows
        )
        tables.append(f'<table:table table:name="{escape(name)}">{body}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def make_xlsm(xlsx: Path, path: Path) -> Path:
    """An .xlsm: the workbook with a (harmless) VBA project part and the macro content type."""
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
                )
            out.writestr(info.filename, data)
        out.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return path


def write_csv(
    path: Path, rows: Rows, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False
) -> Path:
    def text(v: object) -> str:
        if isinstance(v, date):
            return v.strftime("%d/%m/%Y")
        return "" if v is None else str(v)

    with path.open("w", encoding=encoding, newline="") as handle:
        if bom:
            handle.write("\ufeff")
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow([text(v) for v in row])
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, fmt: str, outdir: Path) -> Path:
    """Convert with LibreOffice (used only to make .xls files); skip when it is not installed."""
    program = soffice()
    if program is None:
        pytest.skip("LibreOffice is needed to make .xls test files")
    subprocess.run(
        [program, "--headless", "--norestore", f"-env:UserInstallation=file://{outdir}/lo",
         "--convert-to", fmt, "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return outdir / f"{source.stem}.{fmt}"


_XLS: dict[str, bytes] = {}


def xls_bytes() -> bytes:
    """The standard prison sheet as an Excel 97-2003 .xls, made once per test run."""
    if "prison" not in _XLS:
        with tempfile.TemporaryDirectory() as folder:
            source = write_xlsx(Path(folder) / "prison.xlsx", {"Extract": prison_sheet()})
            _XLS["prison"] = convert(source, "xls", Path(folder)).read_bytes()
    return _XLS["prison"]


@pytest.fixture
def xls_file(tmp_path: Path) -> Path:
    path = tmp_path / "prison.xls"
    path.write_bytes(xls_bytes())
    return path


def _check_prison(path: Path, dates_as: type = date) -> None:
    table, findings = load_table(path, Role.PRISON, Config())
    src = table.source
    assert table.row_numbers == ([2, 3, 4] if src.format in ("csv", "tsv") else [5, 6, 7])
    assert table.columns["surname"] == ["SMITH", "O'BRIEN", "NGUYEN"]
    assert table.columns["prison_number"] == ["A1234BC", "A2345CD", "B3456DE"]
    sentence = table.columns["sentence"]
    assert sentence == (["18", "24", "12"] if dates_as is str else [18, 24, 12])
    dob = table.columns["dob"]
    assert dob[0] == ("02/01/1970" if dates_as is str else date(1970, 1, 2))
    assert set(table.columns) == {
        "prison_number", "surname", "forenames", "dob", "nationality", "sentence", "offence",
        "release_date", "court_recommended",
    }  # fmt: skip
    assert src.mapping["forenames"] == "Forename(s)"
    assert src.rows == 3
    assert [s.row for s in src.skipped] == ([6] if src.format == "csv" else [9])
    assert [f.raw for f in findings] == ["Total | 3"]


def test_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": prison_sheet()})
    _check_prison(path)
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.format == "xlsx"
    assert table.source.header_row == 4
    assert table.source.sheet == "Extract"
    assert table.source.sheet_choice == "the only sheet"
    assert table.source.size == path.stat().st_size
    assert len(table.source.sha256) == 64


def test_xlsm(tmp_path: Path) -> None:
    base = write_xlsx(tmp_path / "base.xlsx", {"Extract": prison_sheet()})
    path = make_xlsm(base, tmp_path / "prison.xlsm")
    _check_prison(path)
    assert load_table(path, Role.PRISON, Config())[0].source.format == "xlsm"


def test_ods(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "prison.ods", {"Extract": prison_sheet()})
    _check_prison(path)
    assert load_table(path, Role.PRISON, Config())[0].source.format == "ods"


def test_xls(xls_file: Path) -> None:
    _check_prison(xls_file)
    assert load_table(xls_file, Role.PRISON, Config())[0].source.format == "xls"


def test_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "prison.csv", [PRISON_HEADER, *PRISON_ROWS, [], ["Total", 3]])
    _check_prison(path, dates_as=str)
    source = load_table(path, Role.PRISON, Config())[0].source
    assert (source.format, source.encoding, source.sheet, source.header_row) == (
        "csv", "utf-8", "", 1,
    )  # fmt: skip


def test_tsv(tmp_path: Path) -> None:
    rows = [PRISON_HEADER, *PRISON_ROWS, [], ["Total", 3]]
    path = write_csv(tmp_path / "prison.tsv", rows, delimiter="\t")
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.source.format == "tsv"
    assert table.columns["surname"] == ["SMITH", "O'BRIEN", "NGUYEN"]


def test_ind_extract(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ind.xlsx", {"Cases": [IND_HEADER, *IND_ROWS]})
    table, findings = load_table(path, Role.IND, Config())
    assert findings == []
    assert table.columns["case_ref"] == [1001, 1002]
    assert table.columns["considered_date"] == [date(2005, 3, 1), None]
    assert table.columns["decision"] == ["Deport", None]
    assert table.source.mapping == {
        "case_ref": "CID ref", "surname": "Family name", "forenames": "Given names",
        "dob": "Date of birth", "referral_date": "Date referral received",
        "considered_date": "Date considered", "decision": "Decision",
    }  # fmt: skip


def test_content_not_extension_decides(tmp_path: Path) -> None:
    """An xlsx saved with an .xls name, and a workbook with no extension, are read."""
    real = write_xlsx(tmp_path / "real.xlsx", {"Extract": prison_sheet()})
    for target in (tmp_path / "prison.xls", tmp_path / "prison"):
        shutil.copy(real, target)
        assert load_table(target, Role.PRISON, Config())[0].source.format == "xlsx"


def test_xls_content_with_xlsx_name(xls_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "prison.xlsx"
    shutil.copy(xls_file, target)
    assert load_table(target, Role.PRISON, Config())[0].source.format == "xls"
