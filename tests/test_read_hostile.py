"""Broken and hostile inputs: each gives one exact line, quickly, without exhausting memory."""

from __future__ import annotations

import base64
import dataclasses
import os
import re
import resource
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter

from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import inspect_file, load_table
from reconcile.read.config import LimitsConfig
from reconcile.read.isolate import ReaderCrash, run_isolated
from reconcile.read.loader import _extract_workbook
from reconcile.settings import Config
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS, prison_sheet, write_ods, write_xlsx
from tests.zipparts import rewrite

SECONDS = 10.0  # every hostile file must be refused well within this
RSS_GROWTH_MB = 300  # nor may it grow this process's memory by more


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def refused(path: Path, config: Config | None = None, role: Role = Role.PRISON) -> str:
    """The one-line message of the InputError that reading `path` raises."""
    before, start = _rss_mb(), time.monotonic()
    with pytest.raises(InputError) as caught:
        load_table(path, role, config or Config())
    assert time.monotonic() - start < SECONDS
    assert _rss_mb() - before < RSS_GROWTH_MB
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "prison.xlsx"
    assert refused(path) == (
        f"prison.xlsx: file not found ({path}); check the path and the file name"
    )


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "prison").mkdir()
    assert refused(tmp_path / "prison") == (
        "prison: this is a folder, not a file; give the path of the spreadsheet"
    )


def test_named_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "prison.csv")
    assert refused(tmp_path / "prison.csv") == (
        "prison.csv: this is not a regular file; give the path of the spreadsheet"
    )


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "prison.xlsx").write_bytes(b"")
    assert refused(tmp_path / "prison.xlsx") == (
        "prison.xlsx: the file is empty (0 bytes); ask for the extract to be sent again"
    )


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "prison.xls"
    path.write_text("<html><body><table><tr><td>Surname</td></tr></table></body></html>")
    assert refused(path) == (
        "prison.xls: this file is a web page (HTML) saved with an .xls name; open it in Excel "
        "and save it as .xlsx, or export it as CSV"
    )


def test_csv_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "prison.xls"
    path.write_text("Surname,DOB\nSMITH,01/02/1970\n")
    assert refused(path) == (
        "prison.xls: this file is text (CSV) saved with an .xls name; rename it to .csv, or "
        "open it in Excel and save it as .xlsx"
    )


def test_encrypted_workbook(tmp_path: Path) -> None:
    """An encrypted xlsx is an OLE compound file holding an EncryptedPackage stream."""
    path = tmp_path / "prison.xlsx"
    entry = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1016 + entry + b"\0" * 3000)
    assert refused(path) == (
        "prison.xlsx: this workbook is encrypted (password-protected); open it in Excel, "
        "remove the password (File > Info > Protect Workbook) and save it again"
    )


def test_word_97_document(tmp_path: Path) -> None:
    path = tmp_path / "prison.xls"
    entry = "WordDocument".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1016 + entry + b"\0" * 3000)
    assert refused(path) == (
        "prison.xls: this is an Office document but not a workbook; ask for the extract as "
        ".xlsx or .csv"
    )


def test_damaged_ole_file(tmp_path: Path) -> None:
    path = tmp_path / "prison.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x07" * 3000)
    message = refused(path)
    assert message.startswith("prison.xls: the workbook cannot be read (")
    assert message.endswith(
        "); the file may be damaged; open it in Excel and save it again as .xlsx"
    )


def test_truncated_zip(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", {"Extract": prison_sheet()}).read_bytes()
    path = tmp_path / "prison.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert refused(path) == (
        "prison.xlsx: the file is damaged (a truncated or corrupt zip archive: File is not a "
        "zip file); ask for the extract to be sent again, or open it in Excel and save it again"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
         "prison.xlsx: this file is not a spreadsheet (unrecognised content); ask for the "
         "extract as .xlsx or .csv"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
         "prison.xlsx: this is a PDF document, not a spreadsheet; ask for the extract as .xlsx "
         "or .csv"),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
         "prison.xlsx: this is an Excel 2003 XML spreadsheet, which cannot be read; open it in "
         "Excel and save it as .xlsx"),
    ],
)  # fmt: skip
def test_not_a_spreadsheet(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "prison.xlsx"
    path.write_bytes(content)
    assert refused(path) == message


def test_word_document(tmp_path: Path) -> None:
    path = tmp_path / "prison.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert refused(path) == (
        "prison.xlsx: this is a word-processing document, not a spreadsheet; ask for the "
        "extract as .xlsx or .csv"
    )


def _huge_range_book(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Extract")
    sheet.write_row(0, 0, PRISON_HEADER)
    sheet.write(1_048_575, 16_383, "x")
    book.close()
    return path


def test_cells_at_a1_and_xfd1048576(tmp_path: Path) -> None:
    """The declared used range is checked before any parser allocates it."""
    assert refused(_huge_range_book(tmp_path / "prison.xlsx")) == (
        "prison.xlsx, sheet 'Extract': the used range (A1:XFD1048576) spans 1,048,576 rows x "
        "16,384 columns = 17,179,869,184 cells, more than the limit of 60,000,000 ([limits] "
        "max_cells, the default; set it in a config file given with --config); "
        "open it in Excel, delete the empty rows and columns outside the data and "
        "save it again"
    )


def _wide_book(tmp_path: Path, column: str, keep_dimension: bool) -> Path:
    """A sheet with a cell beyond Excel's last column (XFD), as a crafted file can have."""
    source = tmp_path / "source.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet("Extract")
    sheet.write_row(0, 0, PRISON_HEADER)
    sheet.write(1, 16_383, "x")
    book.close()

    def widen(name: str, data: bytes) -> bytes:
        if "worksheets" not in name:
            return data
        data = data.replace(b'"XFD2"', f'"{column}2"'.encode())
        data = data.replace(b"A1:XFD2", f"A1:{column}2".encode())
        return data if keep_dimension else re.sub(rb"<dimension[^>]*/>", b"", data)

    return rewrite(source, tmp_path / "prison.xlsx", widen)


def test_more_columns_than_excel_declared(tmp_path: Path) -> None:
    assert refused(_wide_book(tmp_path, "BZZZZ", keep_dimension=True)) == (
        "prison.xlsx, sheet 'Extract': the used range (A1:BZZZZ2) spans 2 rows x 1,389,206 "
        "columns, more than a spreadsheet can hold (1,048,576 x 16,384); the file is damaged "
        "or crafted; open it in Excel, delete the empty rows and columns outside the data and "
        "save it again"
    )


def test_more_columns_than_excel_undeclared(tmp_path: Path) -> None:
    """Without a <dimension> the parser reads the sheet; its size is checked all the same."""
    assert refused(_wide_book(tmp_path, "BZZZZ", keep_dimension=False)) == (
        "prison.xlsx, sheet 'Extract': the used range spans 2 rows x 1,389,206 columns, more "
        "than a spreadsheet can hold (1,048,576 x 16,384); the file is damaged or crafted; open "
        "it in Excel, delete the empty rows and columns outside the data and save it again"
    )


def test_parser_abort_is_contained(tmp_path: Path) -> None:
    """Without a <dimension>, the parser itself tries to allocate 512 GB and aborts: the
    reader process dies, this one reports it."""
    source = _huge_range_book(tmp_path / "source.xlsx")

    def drop_dimension(name: str, data: bytes) -> bytes:
        return re.sub(rb"<dimension[^>]*/>", b"", data) if "worksheets" in name else data

    path = rewrite(source, tmp_path / "prison.xlsx", drop_dimension)
    assert refused(path) == (
        "prison.xlsx: the spreadsheet reader failed on this file (it stopped with SIGABRT, most "
        "likely by needing more than the memory limit of 6,000 MB ([limits] reader_memory_mb, "
        "the default; set it in a config file given with --config)); the file may be damaged "
        "or crafted; open it in Excel, save it again as .xlsx and retry, or raise the limit if "
        "you trust it"
    )


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "source.xlsx", {"Extract": prison_sheet()})

    def pad(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        return data.replace(b"<sheetData>", b"<sheetData>" + b" " * 50_000_000)

    message = refused(rewrite(source, tmp_path / "prison.xlsx", pad))
    assert re.fullmatch(
        r"prison\.xlsx: part xl/worksheets/sheet1\.xml expands [0-9,]+ times \([0-9,]+ bytes "
        r"to [0-9,]+\), more than the limit of 200 \(\[limits\] max_compression_ratio, "
        r"the default; set it in a config file given with --config\); the "
        r"file may be crafted \(a zip bomb\); save it again from Excel, or raise the limit if "
        r"you trust it",
        message,
    )


def _declare_size(path: Path, part: str, size: int) -> None:
    """Make the zip's headers lie about a part's uncompressed size."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + length] == part.encode():
            struct.pack_into("<I", data, position + 24, size)
        position += 4
    path.write_bytes(bytes(data))


def test_zip_bomb_that_lies_about_its_size(tmp_path: Path) -> None:
    """The declared size is what the parser holds the part to: a part that lies about it to
    pass the ratio check is stopped as soon as it grows past the declared size."""
    source = write_xlsx(tmp_path / "source.xlsx", {"Extract": prison_sheet()})

    def pad(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        return data.replace(b"<sheetData>", b"<sheetData>" + b" " * 50_000_000)

    path = rewrite(source, tmp_path / "prison.xlsx", pad)
    _declare_size(path, "xl/worksheets/sheet1.xml", 500_000)
    assert refused(path) == (
        "prison.xlsx: the workbook cannot be read (I/O error: File is larger than its declared "
        "uncompressed size); the file may be damaged; open it in Excel and save it again as "
        ".xlsx"
    )


def test_declared_size_limit(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": prison_sheet()})
    limits = LimitsConfig(max_uncompressed_mb=0)
    assert refused(path, Config(limits=limits)) == (
        "prison.xlsx: the workbook would expand to 0 MB, more than the limit of 0 MB ([limits] "
        "max_uncompressed_mb); the file may be crafted (a zip bomb); open it in Excel, delete "
        "the empty rows and columns outside the data and save it again, or raise the limit if "
        "you trust it"
    )


def test_cell_limit_from_config(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": prison_sheet()})
    message = refused(path, Config(limits=LimitsConfig(max_cells=20)))
    assert message.startswith(
        "prison.xlsx, sheet 'Extract': the used range (A1:I9) spans 9 rows x 9 columns = 81 "
        "cells, more than the limit of 20 ([limits] max_cells)"
    )


def test_ten_megabyte_cell_in_workbook(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "source.xlsx", {"Extract": [PRISON_HEADER, ["A1", "BIG"]]})
    big = base64.b64encode(os.urandom(7_500_000))  # 10,000,000 characters, incompressible

    def enlarge(name: str, data: bytes) -> bytes:
        return data.replace(b">BIG<", b">" + big + b"<") if name == "xl/sharedStrings.xml" else data

    path = rewrite(source, tmp_path / "prison.xlsx", enlarge)
    assert refused(path) == (
        "prison.xlsx, sheet 'Extract', row 2, column B: a cell holds 10,000,000 characters, "
        "more than the limit of 32,767 ([limits] max_cell_chars, the default; set it in a "
        "config file given with --config); the file is damaged or not an extract; check that "
        "cell"
    )


def test_ten_megabyte_cell_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_text("Surname,DOB\n" + "x" * 10_000_000 + ",01/01/1970\n")
    assert refused(path) == (
        "prison.csv, row 2: a cell is longer than 32,767 characters ([limits] max_cell_chars"
        ", the default; set it in a config file given with --config); "
        "the file is damaged or not an extract; check that row"
    )


def test_million_columns_csv(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_text("Surname,DOB" + "," * 999_998 + "\nSMITH,01/01/1970\n")
    assert refused(path) == (
        "prison.csv, row 1: 1,000,000 columns, more than the limit of 16,384; this is not an "
        "extract, or its delimiter was not recognised; check the file in a text editor"
    )


def test_csv_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_text("Surname,DOB\nSMITH,01/01/1970\n")
    assert refused(path, Config(limits=LimitsConfig(max_uncompressed_mb=0))) == (
        "prison.csv: the file is larger than the limit of 0 MB ([limits] max_uncompressed_mb); "
        "raise the limit if this really is the extract"
    )


def test_undecodable_csv(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_bytes(b"Surname,DOB\nSM\x81TH,01/01/1970\n")
    assert refused(path) == (
        "prison.csv: the text cannot be read as UTF-8 or Windows-1252 (byte 0x81 at position "
        "14); save it again as 'CSV UTF-8' from Excel, or set the encoding under [input]"
    )


@pytest.mark.parametrize(
    "part",
    [
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",  # was named as xl/workbook.xml
        "xl/sharedStrings.xml",  # these two were 'Cannot detect file format' ('damaged')
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "[Content_Types].xml",
    ],
)
def test_entity_expansion_refused(tmp_path: Path, part: str) -> None:
    source = write_xlsx(tmp_path / "source.xlsx", {"Extract": prison_sheet()})
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )

    def inject(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        return laughs + data.split(b"?>", 1)[1]

    assert refused(rewrite(source, tmp_path / "prison.xlsx", inject)) == (
        f"prison.xlsx: part {part} of the workbook declares XML entities or a DTD, which is "
        "refused as unsafe (no spreadsheet program writes them); the file may be crafted; ask "
        "for the extract to be sent again, or open it in Excel and save it again as .xlsx"
    )


def test_external_entity_in_shared_strings_refused(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "source.xlsx", {"Extract": prison_sheet()})
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def inject(name: str, data: bytes) -> bytes:
        if name != "xl/sharedStrings.xml":
            return data
        body = data.split(b"?>", 1)[1]
        return xxe + body.replace(b"<t>", b"<t>&xxe;", 1)

    message = refused(rewrite(source, tmp_path / "prison.xlsx", inject))
    assert message.startswith("prison.xlsx: part xl/sharedStrings.xml of the workbook declares")


def test_cut_off_ods_content(tmp_path: Path) -> None:
    """The ODS parser loops forever on a content.xml cut off inside the table: the content is
    checked first."""
    source = write_ods(tmp_path / "source.ods", {"Extract": prison_sheet()})

    def cut(name: str, data: bytes) -> bytes:
        if name != "content.xml":
            return data
        return data[: data.index(b"</table:table-row>") + len(b"</table:table-row>")]

    assert refused(rewrite(source, tmp_path / "prison.ods", cut)) == (
        "prison.ods: the spreadsheet content (content.xml) is damaged (no element found at line "
        "1); ask for the extract to be sent again, or open it in Excel or LibreOffice and save "
        "it again"
    )


_BOMB_ROW = (
    b'<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
    b'office:value-type="string"><text:p>x</text:p></table:table-cell><table:table-cell '
    b'table:number-columns-repeated="16382"/><table:table-cell office:value-type="string">'
    b"<text:p>y</text:p></table:table-cell></table:table-row>"
)
_EMPTY_TAIL = (  # how LibreOffice ends every sheet
    b'<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
    b'table:number-columns-repeated="16384"/></table:table-row>'
)


def _ods_with(tmp_path: Path, rows: bytes) -> Path:
    source = write_ods(tmp_path / "source.ods", {"Extract": prison_sheet()})

    def append(name: str, data: bytes) -> bytes:
        return (
            data.replace(b"</table:table>", rows + b"</table:table>")
            if name == "content.xml"
            else data
        )

    return rewrite(source, tmp_path / "prison.ods", append)


def test_ods_repeated_cells_count_against_the_cell_limit(tmp_path: Path) -> None:
    """A few bytes of ODS can repeat a row a million times, each 16,384 cells wide: a
    workbook's dimension check never saw it, and the parser took seconds and a gigabyte
    before failing with 'Cannot detect file format'."""
    assert refused(_ods_with(tmp_path, _BOMB_ROW)) == (
        "prison.ods, sheet 'Extract': the used range spans 1,000,009 rows x 16,384 columns = "
        "16,384,147,456 cells, more than the limit of 60,000,000 ([limits] max_cells"
        ", the default; set it in a config file given with --config); open "
        "it in Excel, delete the empty rows and columns outside the data and save it again"
    )


def test_ods_repeats_within_the_limit_and_empty_tail_still_read(tmp_path: Path) -> None:
    repeated = (  # two equal rows, and two equal cells in a row, as LibreOffice writes them
        b'<table:table-row table:number-rows-repeated="2"><table:table-cell '
        b'table:number-columns-repeated="2" office:value-type="string"><text:p>N</text:p>'
        b"</table:table-cell></table:table-row>"
    )
    table, _ = load_table(_ods_with(tmp_path, repeated + _EMPTY_TAIL), Role.PRISON, Config())
    assert len(table) >= len(PRISON_ROWS)
    many = repeated.replace(b'"2"', b'"100000"', 1)  # within Excel's rows, not the limit
    config = Config(limits=LimitsConfig(max_cells=500_000))
    assert refused(_ods_with(tmp_path, many), config).startswith(
        "prison.ods, sheet 'Extract': the used range spans 100,009 rows x 9 columns = "
    )


def _central_entry(data: bytes, part: str) -> int:
    """Where the central directory header of ``part`` starts."""
    at = data.index(b"PK\x01\x02")
    while True:
        name_len = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_len] == part.encode():
            return at
        extra = int.from_bytes(data[at + 30 : at + 32], "little")
        comment = int.from_bytes(data[at + 32 : at + 34], "little")
        at += 46 + name_len + extra + comment


@pytest.mark.parametrize(
    ("part", "offset", "value", "message"),
    [
        (
            "xl/sharedStrings.xml",  # was 'Cannot detect file format'
            8,
            b"\x01\x00",
            "prison.xlsx: part xl/sharedStrings.xml of the file is locked with a zip password "
            "(an unsupported zip feature; spreadsheet programs never do this); ask for the "
            "extract to be sent again without the password, or saved again from Excel",
        ),
        (
            "xl/workbook.xml",  # was 'Cannot detect file format'
            10,
            b"\x0c\x00",
            "prison.xlsx: part xl/workbook.xml of the file is compressed with zip method 12 (an "
            "unsupported zip feature; spreadsheet programs use only deflate), so the file was "
            "repacked by another program or is crafted; open it in Excel or LibreOffice and "
            "save it again",
        ),
    ],
    ids=["zip password", "bzip2"],
)
def test_zip_features_no_spreadsheet_program_writes(
    tmp_path: Path, part: str, offset: int, value: bytes, message: str
) -> None:
    source = write_xlsx(tmp_path / "source.xlsx", {"Extract": prison_sheet()})
    data = bytearray(source.read_bytes())
    at = _central_entry(bytes(data), part)
    data[at + offset : at + offset + 2] = value
    path = tmp_path / "prison.xlsx"
    path.write_bytes(bytes(data))
    assert refused(path) == message


def test_two_parts_of_one_name(tmp_path: Path) -> None:
    """The checks and the parser must not be able to read different copies of a sheet."""
    source = write_xlsx(tmp_path / "source.xlsx", {"Extract": prison_sheet()})
    path = tmp_path / "prison.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as out:
        for info in zin.infolist():
            out.writestr(info.filename, zin.read(info.filename))
        with pytest.warns(UserWarning, match="Duplicate name"):
            out.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    assert refused(path) == (
        "prison.xlsx: the file holds two parts named xl/worksheets/sheet1.xml (spreadsheet "
        "programs never write that); the file is damaged or crafted; ask for the extract to "
        "be sent again, or open it in Excel or LibreOffice and save it again"
    )


def test_reader_hang_is_stopped(tmp_path: Path) -> None:
    """Had the check above missed it, the timeout stops the parser all the same."""
    source = write_ods(tmp_path / "source.ods", {"Extract": prison_sheet()})
    data = zipfile.ZipFile(source).read("content.xml")
    cut = data[: data.index(b"</table:table-row>") + len(b"</table:table-row>")]
    path = rewrite(source, tmp_path / "prison.ods", lambda n, d: cut if n == "content.xml" else d)
    config = Config(limits=LimitsConfig(reader_timeout_s=1))
    message = ""
    try:
        run_isolated(_extract_workbook, (path, Role.PRISON, config, None), name="prison.ods",
                     timeout_s=1, memory_mb=1000)  # fmt: skip
    except InputError as exc:
        message = str(exc)
    assert message.startswith("prison.ods: reading took longer than the limit of 1 second")


def test_empty_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": []})
    assert refused(path) == (
        "prison.xlsx, sheet 'Extract': the sheet is empty; check that this is the right file "
        "and sheet ([input] in the config)"
    )


def test_empty_csv_of_blank_lines(tmp_path: Path) -> None:
    (tmp_path / "prison.csv").write_text("\n\n  \n")
    assert refused(tmp_path / "prison.csv") == (
        "prison.csv: the sheet is empty; check that this is the right file"
    )


def test_unknown_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Summary": [["x"]], "Extract": prison_sheet()})
    config = Config(input=dataclasses.replace(Config().input, prison_sheet="Extrct"))
    assert refused(path, config) == (
        "prison.xlsx: there is no sheet named 'Extrct'; the sheets are 'Summary', 'Extract'; "
        "give one of these (--prison-sheet, or prison_sheet under [input] in the config)"
    )


def test_header_only(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": [PRISON_HEADER]})
    assert refused(path) == (
        "prison.xlsx, sheet 'Extract': the header (row 1) has no data rows below it; check "
        "that this is the right file and sheet"
    )


def test_inspect_reports_the_same_errors(tmp_path: Path) -> None:
    (tmp_path / "prison.xls").write_text("<html><table></table></html>")
    with pytest.raises(InputError, match="web page"):
        inspect_file(tmp_path / "prison.xls", None, Config())


def test_reader_timeout() -> None:
    with pytest.raises(InputError) as caught:
        run_isolated(time.sleep, (30,), name="prison.xlsx", timeout_s=0.3, memory_mb=500)
    assert str(caught.value) == (
        "prison.xlsx: reading took longer than the limit of 0.3 seconds ([limits] "
        "reader_timeout_s) and was stopped; the file may be damaged or crafted; open it in "
        "Excel, save it again as .xlsx and retry, or raise the limit if you trust it"
    )


def test_reader_memory_limit() -> None:
    def greedy() -> int:
        return len(bytearray(2_000 * 1024 * 1024))

    with pytest.raises(InputError) as caught:
        run_isolated(greedy, (), name="prison.xlsx", timeout_s=30, memory_mb=200)
    assert str(caught.value) == (
        "prison.xlsx: reading this file needed more than the memory limit of 200 MB ([limits] "
        "reader_memory_mb); the file may be damaged or crafted; open it in Excel, save it "
        "again as .xlsx and retry, or raise the limit if you trust it"
    )


def test_reader_bug_is_not_hidden() -> None:
    """An unexpected exception in the reader is a bug: it must not pass for a bad file."""

    def broken() -> None:
        raise KeyError("oops")

    with pytest.raises(ReaderCrash, match="KeyError: 'oops'"):
        run_isolated(broken, (), name="prison.xlsx", timeout_s=30, memory_mb=500)


def test_reader_result_that_cannot_be_sent_back() -> None:
    with pytest.raises(ReaderCrash, match=r"PicklingError|AttributeError|TypeError"):
        run_isolated(lambda: lambda: 1, (), name="x", timeout_s=30, memory_mb=500)


def test_reader_exits_without_an_answer() -> None:
    with pytest.raises(InputError) as caught:
        run_isolated(os._exit, (3,), name="prison.xlsx", timeout_s=30, memory_mb=500)
    assert str(caught.value) == (
        "prison.xlsx: the spreadsheet reader failed on this file (it stopped with exit status "
        "3); the file may be damaged or crafted; open it in Excel, save it again as .xlsx and "
        "retry"
    )


def test_reader_returns_value() -> None:
    rows = [[1, "a", None]] * 1000
    assert run_isolated(lambda: rows, (), name="x", timeout_s=30, memory_mb=500) == rows


def test_valid_file_still_reads_with_tight_limits(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prison.xlsx", {"Extract": [PRISON_HEADER, *PRISON_ROWS]})
    limits = LimitsConfig(max_cells=100, reader_memory_mb=1000, reader_timeout_s=30)
    table, _ = load_table(path, Role.PRISON, Config(limits=limits))
    assert len(table) == 3


# Cells of up to Excel's 32,767 characters shaped to make a pattern search backtrack: runs of
# spaces, digits and separators between characters that start a match. Before the length
# guards, one such cell took 10 to 20 seconds to read as a nationality, a sentence, a date of
# birth or an alias, and a run over twelve rows of them four minutes.
_LONG_CELLS = [
    "a" + " " * 30_000 + "@",
    "c" + "1" * 30_000 + "1",
    "12/03/1980" + " " * 30_000 + "x",
    "x" + " " * 30_000 + "aka",
    "Y " + "/" * 30_000 + " N",
    "(" + " aka" * 7_500,
]


def test_long_cells_shaped_to_backtrack_are_read_in_milliseconds() -> None:
    from reconcile.normalise.dates import (
        birth_year_only,
        estimated_birth,
        parse_date,
        several_births,
    )
    from reconcile.normalise.flags import parse_yes_no, states_a_decision
    from reconcile.normalise.names import alias_split, clean_name, maybe_aliases, split_full_name
    from reconcile.normalise.nationality import parse_nationality
    from reconcile.normalise.sentence import parse_sentence

    readers: list[Callable[[str], object]] = [
        alias_split, clean_name, split_full_name, several_births, estimated_birth,
        birth_year_only, parse_date, parse_nationality, parse_sentence, parse_yes_no,
        states_a_decision, lambda text: maybe_aliases([text]),
    ]  # fmt: skip
    slowest = 0.0
    for cell in _LONG_CELLS:
        for read in readers:
            start = time.perf_counter()
            read(cell)
            slowest = max(slowest, time.perf_counter() - start)
    assert slowest < 0.5


def test_a_run_over_such_cells_takes_seconds_not_minutes(tmp_path: Path) -> None:
    import csv

    from typer.testing import CliRunner

    from reconcile.cli import app

    prison, ind = tmp_path / "prison.csv", tmp_path / "ind.csv"
    with open(prison, "w", newline="", encoding="utf-8") as fh:
        rows = csv.writer(fh)
        rows.writerow(["Prison number", "Surname", "Forenames", "Date of birth", "Nationality",
                       "Sentence", "Release date", "Court recommended deportation"])  # fmt: skip
        rows.writerow(["A1234AA", "OKAFOR", "Tunde", "23/07/1972", "Nigerian", "24",
                       "15/03/2004", "N"])  # fmt: skip
        for k, cell in enumerate(_LONG_CELLS):
            rows.writerow([f"A12{k}5AA", *[cell] * 7])
    with open(ind, "w", newline="", encoding="utf-8") as fh:
        rows = csv.writer(fh)
        rows.writerow(["HO ref", "Surname", "Forenames", "Date of birth", "Nationality",
                       "Date referral received", "Date considered", "Decision"])  # fmt: skip
        rows.writerow(["X1", "OKAFOR", "Tunde", "23/07/1972", "Nigerian", "14/01/2004", "",
                       "Pending"])  # fmt: skip
        for k, cell in enumerate(_LONG_CELLS):
            rows.writerow([f"X{k + 2}", *[cell] * 7])
    start = time.perf_counter()
    done = CliRunner().invoke(
        app, ["run", str(prison), str(ind), "-o", str(tmp_path / "out"), "--as-of", "2006-03-31"]
    )
    assert done.exit_code == 0, done.output
    assert time.perf_counter() - start < 60
    outcomes = (tmp_path / "out" / "outcomes.csv").read_text(encoding="utf-8").splitlines()
    assert len(outcomes) == 1 + 1 + len(_LONG_CELLS)  # every row accounted for


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be"])
def test_utf32_csv(tmp_path: Path, encoding: str) -> None:
    """Its byte-order mark begins with UTF-16's: a UTF-32 extract was read as UTF-16, every
    header coming out with NUL characters between its letters in a message about a header
    not found, or was called 'not a spreadsheet'."""
    path = tmp_path / "prison.csv"
    text = "\n".join(",".join(map(str, row)) for row in [PRISON_HEADER, *PRISON_ROWS])
    bom = "\ufeff" if encoding == "utf-32-be" else ""
    path.write_bytes((bom + text).encode(encoding))
    assert refused(path) == (
        "prison.csv: this text is in UTF-32, which cannot be read; save it again as 'CSV "
        "UTF-8' from Excel, or as UTF-8 from a text editor"
    )


def test_markup_like_text_in_a_comment_does_not_slow_the_formula_scan(tmp_path: Path) -> None:
    """The scan for formulas whose results were not saved ran quadratically over '<c ' not
    followed by '>' (120 KB of it in an XML comment took 33 seconds; 4 MB, past the reader's
    timeout), though such a comment is no cell at all."""
    from reconcile.read.guards import uncached_formulas

    source = write_xlsx(tmp_path / "source.xlsx", {"Extract": prison_sheet()})
    comment = b"<!-- " + b"<c " * 1_000_000 + b"<f -->"
    blank = b'<row r="50"><c r="B50"><f>1+1</f><v/></c></row>'

    def inject(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        return data.replace(b"<sheetData>", b"<sheetData>" + comment).replace(
            b"</sheetData>", blank + b"</sheetData>"
        )

    path = rewrite(source, tmp_path / "prison.xlsx", inject)
    start = time.monotonic()
    assert uncached_formulas(path, "Extract", {50}) == ["B50"]
    assert time.monotonic() - start < 2


def test_password_protected_ods(tmp_path: Path) -> None:
    """Its content is encrypted, so it read as damaged XML: 'ask for the extract to be sent
    again' rather than 'remove the password'."""
    source = write_ods(tmp_path / "source.ods", {"Extract": prison_sheet()})
    encryption = (
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" '
        b'manifest:size="2048"><manifest:encryption-data manifest:checksum-type="urn:oasis:names'
        b':tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA"><manifest:'
        b'algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
        b'manifest:initialisation-vector="AAAA"/></manifest:encryption-data>'
        b"</manifest:file-entry>"
    )

    def encrypt(name: str, data: bytes) -> bytes:
        if name == "META-INF/manifest.xml":
            return re.sub(rb'<manifest:file-entry manifest:full-path="content.xml"[^>]*/>',
                          encryption, data)  # fmt: skip
        if name == "content.xml":
            return os.urandom(2048)
        return data

    assert refused(rewrite(source, tmp_path / "prison.ods", encrypt)) == (
        "prison.ods: this spreadsheet is encrypted (password-protected); open it in "
        "LibreOffice and save it again with File > Save As, 'Save with password' unticked, or "
        "ask for it to be sent without a password"
    )


def test_ods_repeats_are_counted_for_the_table_that_holds_them(tmp_path: Path) -> None:
    """The last row of a table is settled when the next table starts: it counts for its own."""
    source = write_ods(tmp_path / "source.ods", {"Notes": [["a note"]], "Extract": prison_sheet()})

    def first_table(name: str, data: bytes) -> bytes:
        if name != "content.xml":
            return data
        return data.replace(b"</table:table>", _BOMB_ROW + b"</table:table>", 1)

    message = refused(rewrite(source, tmp_path / "prison.ods", first_table))
    assert message.startswith(
        "prison.ods, sheet 'Notes': the used range spans 1,000,001 rows x 16,384 columns"
    )
