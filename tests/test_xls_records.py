"""The scan of an .xls workbook's BIFF records (reconcile.read.xlsrecords, biff) for cells
showing a formula error and for rows and columns hidden and a filter, on streams built here
record by record: what it finds in a well-formed one, and that a cut-off, overlong or crafted
one gives what can be read and never an exception."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.read.biff import filter_range, read_globals
from reconcile.read.guards import ErrorCell
from reconcile.read.xlsrecords import XlsSheet, biff_error_cells, biff_sheets, xls_error_cells

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


# --- Rows and columns hidden, and a filter (reconcile.read.xlsrecords, biff) ----------------

DIMENSIONS = rec(0x0200, struct.pack("<IIHHH", 0, 20, 0, 9, 0))
FILTERMODE = rec(0x009B, b"")
AUTOFILTER = rec(0x009E, struct.pack("<HH", 4, 0) + b"\0" * 20)


def row(number: int, flags: int, size: int = 16) -> bytes:
    """A ROW record for the row ``number`` (from 0) with ``flags`` in its options' low byte
    (bits 0-2 the outline level, 4 collapsed, 5 hidden, 6 a height of its own), as
    LibreOffice writes them (then 1, then the format 15)."""
    body = struct.pack("<HHHHHHI", number, 0, 9, 300, 0, 0, 0x000F0100 | flags)
    return rec(0x0208, body[:size])


def colinfo(first: int, last: int, width: int, options: int, size: int = 12) -> bytes:
    """A COLINFO record: columns ``first`` to ``last`` (from 0), ``width`` in 1/256 of a
    character, format 15, ``options`` (bit 0 hidden, bits 8-10 the outline level)."""
    return rec(0x007D, struct.pack("<HHHHHH", first, last, width, 15, options, 0)[:size])


def filter_name(
    itab: int, first: int, last: int, *, token: int = 0x3B, biff8: bool = True, **kw: int
) -> bytes:
    """The body of a NAME record: the sheet ``itab``'s _FilterDatabase (built-in 0x0D) over
    rows ``first`` to ``last`` (from 0), columns A to I, one token (PtgArea3d 0x3B, PtgArea
    0x25, in any class); ``kw`` overrides flags (0x21: hidden, built-in), length, builtin,
    wide (BIFF8: the name in UTF-16)."""
    flags, length, builtin = kw.get("flags", 0x21), kw.get("length", 1), kw.get("builtin", 0x0D)
    area3d = token & 0x1F == 0x1B
    if biff8:
        name = bytes([1, builtin, 0]) if kw.get("wide") else bytes([0, builtin])
        rows = struct.pack("<HHHH", first, last, 0, 8)
        formula = bytes([token]) + (b"\0\0" if area3d else b"") + rows
    else:  # the rows with their relative flags set (bits 14 and 15), the columns one byte each
        name = bytes([builtin])
        rows = struct.pack("<HHBB", first | 0xC000, last | 0xC000, 0, 8)
        formula = bytes([token]) + (b"\xff\xff" + b"\0" * 12 if area3d else b"") + rows
    head = struct.pack("<HBBHHH", flags, 0, length, len(formula), 0, itab) + b"\0" * 4
    return head + name + formula


@pytest.mark.parametrize(
    ("flags", "size", "found"),
    [
        (0x20, 16, {5: False}),  # hidden
        (0x60, 16, {5: False}),  # hidden, with a height of its own
        (0x21, 16, {5: True}),  # hidden in a collapsed outline group (level 1)
        (0x27, 16, {5: True}),  # level 7
        (0x00, 16, None),
        (0x10, 16, None),  # the row after a collapsed group, which shows its button: shown
        (0x40, 16, None),  # a height of its own
        (0x01, 16, None),  # in a group that is open
        (0x20, 14, None),  # not the length of a ROW record: not read as one
    ],
)
def test_a_row_record_says_whether_its_row_is_hidden(
    flags: int, size: int, found: dict[int, bool] | None
) -> None:
    """The row counted from 1 (row 4 from 0 is row 5), and whether it is in a group."""
    sheets = biff_sheets(stream([("FNP", [DIMENSIONS, row(4, flags, size), number(4, 0, 1.0)])]))
    assert (sheets["FNP"].hidden_rows if found else sheets) == (found or {})


@pytest.mark.parametrize(
    ("records", "found"),
    [
        ([colinfo(2, 2, 3328, 1)], [(3, 3)]),  # column C hidden (LibreOffice keeps its width)
        ([colinfo(5, 9, 0, 0)], [(6, 10)]),  # F to J, 0 wide: shown as hidden
        ([colinfo(0, 3, 2186, 0)], []),
        ([colinfo(2, 2, 3328, 0x0100)], []),  # in an outline group, shown
        ([colinfo(2, 2, 3328, 0x1001)], [(3, 3)]),  # hidden in a collapsed group
        ([colinfo(4, 2, 3328, 1)], [(5, 5)]),  # its last column before its first
        ([colinfo(255, 0xFFFF, 0, 1)], [(256, 65536)]),
        ([colinfo(2, 2, 3328, 1, size=10)], [(3, 3)]),  # without its last, unused, bytes
        ([colinfo(2, 2, 3328, 1, size=9)], []),  # too short for its options
        ([rec(0x007D, struct.pack("<HHHHHH", 2, 2, 0, 15, 1, 0) + b"\0")], []),  # too long
        ([colinfo(1, 1, 0, 1), colinfo(3, 4, 3328, 1)], [(2, 2), (4, 5)]),
    ],
)
def test_a_colinfo_record_says_whether_its_columns_are_hidden(
    records: list[bytes], found: list[tuple[int, int]]
) -> None:
    """Columns counted from 1 (A), first and last, in the order of the records, which stand
    before the sheet's DIMENSIONS; one after it, among the cells, is not a sheet's column."""
    sheets = biff_sheets(stream([("FNP", [*records, DIMENSIONS, number(1, 0, 1.0)])]))
    assert (sheets["FNP"].hidden_columns if found else sheets) == (found or {})
    after = biff_sheets(stream([("FNP", [DIMENSIONS, *records, number(1, 0, 1.0)])]))
    assert after == {}


def test_the_hidden_columns_kept_are_bounded() -> None:
    records = [colinfo(k % 256, k % 256, 0, 1) for k in range(20_000)]
    (sheet,) = biff_sheets(stream([("FNP", [*records, DIMENSIONS])])).values()
    assert len(sheet.hidden_columns) == 16_384


@pytest.mark.parametrize(
    ("body", "biff8", "found"),
    [
        (filter_name(1, 1, 9), True, (1, (1, 9))),
        (filter_name(3, 0, 65535), True, (3, (0, 65535))),
        (filter_name(1, 1, 9, token=0x5B), True, (1, (1, 9))),  # the token's value class
        (filter_name(1, 1, 9, token=0x7B), True, (1, (1, 9))),  # array class
        (filter_name(1, 1, 9, token=0x25), True, (1, (1, 9))),  # PtgArea: no sheet named
        (filter_name(1, 1, 9, wide=1), True, (1, (1, 9))),  # the name's character in UTF-16
        (filter_name(2, 1, 9, biff8=False), False, (2, (1, 9))),  # Excel 95: flags masked
        (filter_name(2, 1, 9, biff8=False, token=0x25), False, (2, (1, 9))),
        (filter_name(2, 1, 9, biff8=False), True, None),  # read as the other version's
        (filter_name(1, 1, 9), False, None),
        (filter_name(1, 1, 9, flags=0x0001), True, None),  # not a built-in name
        (filter_name(1, 1, 9, builtin=0x06), True, None),  # Print_Area
        (filter_name(0, 1, 9), True, None),  # a name of the whole workbook
        (filter_name(1, 1, 9, length=2), True, None),
        (filter_name(1, 1, 9, token=0x3A), True, None),  # one cell (PtgRef3d)
        (filter_name(1, 1, 9)[:-1], True, None),  # the formula cut short
        (filter_name(1, 1, 9) + b"\x2a", True, (1, (1, 9))),  # text after the formula
        (filter_name(1, 1, 9)[:15], True, None),
        (b"", True, None),
    ],
)
def test_a_name_record_gives_a_sheets_filter_range(
    body: bytes, biff8: bool, found: tuple[int, tuple[int, int]] | None
) -> None:
    """The sheet's place among the BOUNDSHEET records (from 1), its range's first and last
    rows (from 0)."""
    assert filter_range(body, biff8) == found


def test_a_filter_range_is_its_sheets_by_place() -> None:
    """The sheets counted as their BOUNDSHEET records stand, a chart's among them: the
    third is 'Data'; a place beyond the last sheet is no sheet's."""
    names = [rec(0x0018, filter_name(3, 1, 9)), rec(0x0018, filter_name(9, 1, 2))]
    data = stream([("Cover", []), ("Chart", []), ("Data", [])], before=names, dts=[0, 2, 0])
    book = read_globals(data)
    assert book is not None
    assert book.filters == {"Data": (1, 9)}
    assert sorted(n for names in book.sheets.values() for n in names) == ["Chart", "Cover", "Data"]


def _filtered(*records: bytes) -> XlsSheet:
    """A sheet under a filter over rows 2 to 10 (from 1: heading row 2), ``records`` before
    its DIMENSIONS, rows 3 (hidden), 4 (hidden in a group), 2 (the heading, hidden) and 12
    (hidden, below the range) after."""
    names = [rec(0x0018, filter_name(1, 1, 9))]
    cells = [row(2, 0x20), row(3, 0x21), row(1, 0x20), row(11, 0x20)]
    return biff_sheets(stream([("FNP", [*records, DIMENSIONS, *cells])], before=names))["FNP"]


def test_rows_a_filter_hides() -> None:
    """Of the data rows (3 to 12 here) hidden, those a filter that is on hides: in its range
    below its heading row, and in no outline group (a collapsed group hides its rows whatever
    the filter does). A FILTERMODE record, or the condition of a column (AUTOFILTER), says it
    is on; without either the rows are hidden otherwise."""
    data_rows = set(range(3, 13))
    for records in ([FILTERMODE], [AUTOFILTER], [FILTERMODE, AUTOFILTER]):
        sheet = _filtered(*records)
        assert (sheet.filter_on, sheet.filter_rows) == (True, range(3, 11))
        scan = sheet.scan(data_rows)
        assert (scan.hidden, scan.filtered) == ([3, 4, 12], [3])
    sheet = _filtered()
    assert sheet.filter_on is False
    assert (sheet.scan(data_rows).hidden, sheet.scan(data_rows).filtered) == ([3, 4, 12], [])


def test_a_sheet_scan_of_xls_records_gives_what_an_xlsx_scan_gives() -> None:
    sheet = XlsSheet([(4, 1, "#N/A")], {3: False, 9: True}, [(2, 2)], True, range(3, 9))
    scan = sheet.scan({3, 4, 5})
    assert (scan.blank_formulas, scan.hidden, scan.filtered) == ([], [3], [3])
    assert (scan.hidden_columns, scan.errors) == ([(2, 2)], [(4, 1, "#N/A")])


HIDING = stream(
    [("FNP", [FILTERMODE, colinfo(2, 2, 0, 1), DIMENSIONS, row(2, 0x20), row(3, 0x21),
              formula(3, 1, error_result(0x2A))])],
    before=[rec(0x0018, filter_name(1, 1, 9))],
)  # fmt: skip


@given(st.binary(max_size=400), st.integers(min_value=0, max_value=len(HIDING)))
def test_any_bytes_spliced_into_a_hiding_stream_never_raise(junk: bytes, at: int) -> None:
    """Whatever is put into, or over, a stream with rows and a column hidden and a filter,
    the scan ends, each row, column and range it gives in the form of one."""
    for data in (HIDING[:at] + junk + HIDING[at:], HIDING[:at] + junk + HIDING[at + len(junk) :]):
        for sheet in biff_sheets(data).values():
            assert all(1 <= r <= 65536 for r in sheet.hidden_rows)
            assert all(1 <= a <= b <= 65536 for a, b in sheet.hidden_columns)
            assert len(sheet.hidden_columns) <= 16_384
            assert sheet.filter_rows.step == 1 and sheet.filter_rows.start >= 2


def test_a_walk_of_the_well_formed_hiding_stream() -> None:
    assert biff_sheets(HIDING) == {
        "FNP": XlsSheet([(4, 1, "#N/A")], {3: False, 4: True}, [(3, 3)], True, range(3, 11))
    }
