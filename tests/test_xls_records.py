"""The scan of an .xls workbook's BIFF records for cells showing a formula error
(reconcile.read.xlserrors), on streams built here record by record: what it finds in a
well-formed one, and that a cut-off, overlong or crafted one gives what can be read and
never an exception."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.read.guards import ErrorCell
from reconcile.read.xlserrors import biff_error_cells, xls_error_cells

XLS = Path(__file__).parent / "xls"
BIFF8, BIFF5 = 0x0600, 0x0500


def rec(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def bof(substream: int, version: int = BIFF8) -> bytes:
    """A BOF record: 0x0005 the workbook's globals, 0x0010 a worksheet, 0x0020 a chart."""
    return rec(0x0809, struct.pack("<HHHHII", version, substream, 0x0DBB, 0x07CC, 0, 6))


EOF = rec(0x000A, b"")


def formula(row: int, col: int, result: bytes) -> bytes:
    """A FORMULA record whose saved result is ``result`` (8 bytes), its formula =NA()."""
    return rec(0x0006, struct.pack("<HHH", row, col, 15) + result + b"\0" * 6 + b"\x01\0\x1c\x2a")


def error_result(code: int) -> bytes:
    return bytes([2, 0, code, 0, 0, 0, 0xFF, 0xFF])


def boolerr(row: int, col: int, value: int, is_error: int = 1) -> bytes:
    return rec(0x0205, struct.pack("<HHHBB", row, col, 15, value, is_error))


def number(row: int, col: int, value: float) -> bytes:
    return rec(0x0203, struct.pack("<HHHd", row, col, 15, value))


def boundsheet(offset: int, name: str, dt: int = 0, version: int = BIFF8) -> bytes:
    if version == BIFF5:
        text = bytes([len(name)]) + name.encode("cp1251")
    elif all(ord(c) < 256 for c in name):
        text = bytes([len(name), 0]) + name.encode("latin-1")
    else:
        text = bytes([len(name), 1]) + name.encode("utf-16-le")
    return rec(0x0085, struct.pack("<IBB", offset, 0, dt) + text)


def stream(
    sheets: list[tuple[str, list[bytes]]],
    version: int = BIFF8,
    before: list[bytes] | None = None,
    dts: list[int] | None = None,
) -> bytes:
    """A Workbook stream: the globals (``before``, then a BOUNDSHEET per sheet), then each
    sheet's records between its BOF and EOF."""
    dts = dts or [0] * len(sheets)
    head = bof(0x0005, version) + b"".join(before or [])
    size = len(head) + sum(
        len(boundsheet(0, n, d, version)) for (n, _), d in zip(sheets, dts, strict=True)
    )
    offset = size + len(EOF)
    bodies, pointers = [], []
    for (name, records), dt in zip(sheets, dts, strict=True):
        body = bof(0x0020 if dt == 2 else 0x0010, version) + b"".join(records) + EOF
        pointers.append(boundsheet(offset, name, dt, version))
        bodies.append(body)
        offset += len(body)
    return head + b"".join(pointers) + EOF + b"".join(bodies)


def test_each_error_code_and_only_errors_are_found() -> None:
    """Numbers, text (FFFF, byte 0 is 0), booleans (byte 0 is 1) and an empty string (3) are
    not errors; a BOOLERR holding TRUE is not one. Rows count from 1, columns from 0 (A)."""
    codes = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
             0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA", 0x99: "an error"}  # fmt: skip
    records = [formula(k, 2, error_result(code)) for k, code in enumerate(codes)]
    records += [
        formula(20, 0, struct.pack("<d", 2.5)),
        formula(21, 0, bytes([0, 0, 0, 0, 0, 0, 0xFF, 0xFF])),
        formula(22, 0, bytes([1, 0, 1, 0, 0, 0, 0xFF, 0xFF])),
        formula(23, 0, bytes([3, 0, 0, 0, 0, 0, 0xFF, 0xFF])),
        formula(24, 0, bytes([2, 0, 0x2A, 0, 0, 0, 0xFF, 0x7F])),  # a number (a NaN's bytes)
        boolerr(25, 4, 1, is_error=0),
        boolerr(26, 255, 0x2A),
        number(27, 0, 1.0),
    ]
    found = biff_error_cells(stream([("FNP", records)]))
    expected = [(k + 1, 2, shown) for k, shown in enumerate(codes.values())]
    assert found == {"FNP": [*expected, (27, 255, "#N/A")]}


def test_each_sheet_has_its_own_cells() -> None:
    """A chart sheet (dt 2) is not read; a name in UTF-16 is read as such."""
    data = stream(
        [
            ("Prison extract", [formula(3, 1, error_result(0x2A))]),
            ("Chart", [formula(1, 1, error_result(0x07))]),
            ("Ünïcødé 名前", [boolerr(65535, 3, 0x07)]),
            ("Empty", [number(0, 0, 1.0)]),
        ],
        dts=[0, 2, 0, 0],
    )
    assert biff_error_cells(data) == {
        "Prison extract": [(4, 1, "#N/A")],
        "Ünïcødé 名前": [(65536, 3, "#DIV/0!")],
    }


def test_an_excel_95_workbook_names_its_sheets_in_its_code_page() -> None:
    """BIFF5 (a Book stream): one byte a character, in the CODEPAGE record's code page
    (Windows-1251 here); a name cut short is no name."""
    page = rec(0x0042, struct.pack("<H", 1251))
    data = stream([("Выписка", [boolerr(1, 1, 0x2A)])], version=BIFF5, before=[page])
    assert biff_error_cells(data) == {"Выписка": [(2, 1, "#N/A")]}
    at = data.index(b"\x85\x00") + 10  # the name's character count
    assert biff_error_cells(data[:at] + b"\x08" + data[at + 1 :]) == {}


def test_a_chart_kept_inside_a_sheet_is_passed_over() -> None:
    """An embedded chart's records (BOF to EOF) inside the sheet's: the sheet's cells after
    it are read, the chart's not."""
    chart = [bof(0x0020), formula(9, 9, error_result(0x2A)), EOF]
    data = stream([("FNP", [*chart, formula(2, 0, error_result(0x17))])])
    assert biff_error_cells(data) == {"FNP": [(3, 0, "#REF!")]}


def test_two_sheets_pointing_at_the_same_records_each_have_them() -> None:
    pointers = len(bof(0x0005)) + 2 * len(boundsheet(0, "FNP")) + len(EOF)
    head = bof(0x0005) + boundsheet(pointers, "FNP") + boundsheet(pointers, "XYZ") + EOF
    data = head + bof(0x0010) + formula(2, 0, error_result(0x2A)) + EOF
    assert biff_error_cells(data) == {"FNP": [(3, 0, "#N/A")], "XYZ": [(3, 0, "#N/A")]}


GOOD = stream([("FNP", [formula(1, 0, error_result(0x2A)), boolerr(5, 1, 0x07)])])
SHEET = GOOD.index(bof(0x0010))  # where the sheet's records start (its BOF)
FIRST = SHEET + len(bof(0x0010))  # the FORMULA record
SECOND = len(GOOD) - len(EOF) - len(boolerr(5, 1, 0x07))  # the BOOLERR record
POINTER = GOOD.index(boundsheet(SHEET, "FNP"))


def _with_offset(data: bytes, offset: int) -> bytes:
    at = data.index(b"\x85\x00") + 4
    return data[:at] + struct.pack("<I", offset) + data[at + 4 :]


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (GOOD, {"FNP": [(2, 0, "#N/A"), (6, 1, "#DIV/0!")]}),
        # the stream cut off inside the second cell's record: the first is kept
        (GOOD[: SECOND + 6], {"FNP": [(2, 0, "#N/A")]}),
        # cut off inside its header
        (GOOD[: SECOND + 2], {"FNP": [(2, 0, "#N/A")]}),
        # the second record's length runs past the stream's end
        (GOOD[: SECOND + 2] + b"\xff\xff" + GOOD[SECOND + 4 :], {"FNP": [(2, 0, "#N/A")]}),
        # the first record's length runs past the end: nothing after it can be read
        (GOOD[: FIRST + 2] + b"\xff\xff" + GOOD[FIRST + 4 :], {}),
        # records too short for what they declare: a FORMULA of 10 bytes, a BOOLERR of 6
        (stream([("FNP", [rec(0x0006, b"\0" * 10), rec(0x0205, b"\0" * 6)])]), {}),
        # the sheet's place past the stream's end, or not at a BOF, or at the globals' own
        (_with_offset(GOOD, len(GOOD) + 1000), {}),
        (_with_offset(GOOD, 0xFFFFFFFF), {}),
        (_with_offset(GOOD, SHEET + 2), {}),
        (_with_offset(GOOD, 0), {}),
        # a BOUNDSHEET too short for the name it declares (10 characters), or for anything
        (GOOD[: POINTER + 10] + b"\x0a" + GOOD[POINTER + 11 :], {}),
        (GOOD[:POINTER] + rec(0x0085, b"\0\0\0") + GOOD[POINTER + 15 :], {}),
        # no globals: not a workbook's stream
        (b"", {}),
        (b"\x09\x08", {}),
        (GOOD[SHEET:], {}),
        (bof(0x0005, 0x0400) + GOOD[20:], {}),  # BIFF4: not a version this reads
        (b"\0" * 4096, {}),
        # encrypted (FILEPASS): its records' bodies cannot be read
        (stream([("FNP", [boolerr(1, 1, 0x2A)])], before=[rec(0x002F, b"\1\0" + b"\0" * 52)]), {}),
    ],
)
def test_a_damaged_or_crafted_stream_gives_what_can_be_read(
    data: bytes, found: dict[str, list[ErrorCell]]
) -> None:
    assert biff_error_cells(data) == found


@given(st.binary(max_size=400), st.integers(min_value=0, max_value=len(GOOD)))
def test_any_bytes_spliced_into_a_stream_never_raise(junk: bytes, at: int) -> None:
    """Bytes put into, or over, a well-formed stream anywhere: the scan ends, each cell it
    gives in the form of one."""
    for data in (GOOD[:at] + junk + GOOD[at:], GOOD[:at] + junk + GOOD[at + len(junk) :]):
        for name, found in biff_error_cells(data).items():
            assert isinstance(name, str)
            assert all(r >= 1 and 0 <= c < 65536 and shown for r, c, shown in found)


@given(st.binary(max_size=2000))
def test_any_bytes_after_the_globals_bof_never_raise(junk: bytes) -> None:
    biff_error_cells(bof(0x0005) + junk)


def test_a_file_that_is_no_workbook_gives_nothing(tmp_path: Path) -> None:
    """Not a compound file; one cut in half; one whose Workbook stream is renamed away."""
    data = (XLS / "prison_errors.xls").read_bytes()
    name = "Workbook".encode("utf-16-le")
    assert data.count(name) == 1
    files = {
        "text.xls": b"Prison No,Surname\n",
        "half.xls": data[: len(data) // 2],
        "renamed.xls": data.replace(name, "Notebook".encode("utf-16-le")),
        "no_root.xls": data[:512],
    }
    for file, content in files.items():
        path = tmp_path / file
        path.write_bytes(content)
        assert xls_error_cells(path, 2_000) == {}, file


def test_a_workbook_stream_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = XLS / "prison_errors.xls"
    assert xls_error_cells(path, 2_000) == {
        "FNP": [(1, 2, "#N/A"), (3, 11, "#N/A"), (4, 3, "#N/A"), (5, 1, "#DIV/0!")]
    }
    assert xls_error_cells(path, 0) == {}
