"""Rows, columns and sheets hidden in a workbook: read like every other, and said to be so.

A workbook can come with rows hidden, by hand or by a filter left on, with columns hidden,
or with the extract on a hidden sheet. Whoever looks at it in Excel sees only the rest, and
may take the extract to be that; the run reads every row and every column it maps, as the
file is the evidence, and says which were hidden so that no one is surprised by what the
results count or rest on.

Found in .xlsx and .xlsm workbooks by the scan of each sheet read (guards.sheet_scan; its tags
written with a namespace prefix or without), in an .xls workbook in its records, which the
parser (python-calamine) does not give (xlsrecords.py: hidden ROW and COLINFO records, the
sheet's FILTERMODE or AUTOFILTER records and its _FilterDatabase name, read in the one walk
that finds the cells showing a formula error), in an .ods file by the check of its content
before parsing (guards.OdsRanges, with the column styles of content.xml and of styles.xml); a
hidden sheet from the parser's own list of sheets (every workbook format). A hidden column is
named only when it holds something in the rows read, its header or values (a sheet often
hides the empty columns right of the table).

A sheet may hide by default every row that has no row of its own in the file: an .xlsx sheet
whose <sheetFormatPr> says zeroHeight="1", an .xls sheet whose DEFAULTROWHEIGHT record says
fDyZero. That is not looked at, as it hides no row read: a row holding data has its own <row>
in an .xlsx sheet (its cells stand in it), shown unless it says hidden="1" (ECMA-376 has the
rows not hidden written out and the others left to the default; LibreOffice shows every <row>
that does not say hidden, and writes hidden="true" on each hidden one); in .xls the default is
for empty rows only (MS-XLS 2.4.87), and a row holding data is shown unless its ROW record
hides it, even with no ROW record (LibreOffice shows it). An ODS table has no such default:
each row's visibility is written on the row (a row style no higher than nothing does not hide
it: LibreOffice shows the row). Tested in tests/test_read_hidden_default.py.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reconcile.model import Finding, Role
from reconcile.read.cells import cell_text
from reconcile.read.extract import where
from reconcile.read.layout import column_letter
from reconcile.read.synonyms import FIELD_LABELS

Ranges = tuple[tuple[int, int], ...]

_EXTRACT = {Role.PRISON: "prison extract", Role.IND: "IND extract"}
SHOWN_RANGES = 5  # ranges of rows named in a note; then "and N more rows"


@dataclass(frozen=True)
class HiddenColumn:
    """A column hidden in the spreadsheet that holds its header or values in the rows read."""

    letter: str  # "F"
    header: str  # its header as written ("" when it has none)
    field: str  # the field the run reads from it, or "" when it is not read


@dataclass(frozen=True)
class HiddenRows:
    """One sheet read: whether the sheet itself is hidden, and its data rows and the columns
    holding something that are."""

    sheet: str
    state: str = ""  # "hidden", "very hidden" (not offered by Excel's Unhide), or "" (shown)
    filtered: Ranges = ()  # data rows hidden by the sheet's filter
    other: Ranges = ()  # data rows hidden otherwise (by hand, or in a collapsed group)
    columns: tuple[HiddenColumn, ...] = ()  # in sheet order

    def __bool__(self) -> bool:
        return bool(self.state or self.filtered or self.other or self.columns)


def hidden_columns(
    ranges: Iterable[tuple[int, int]],
    header: Sequence[object],
    first_col: int,
    fields: Mapping[int, str],
    valued: Iterable[int],
) -> tuple[HiddenColumn, ...]:
    """The columns in ``ranges`` (column numbers, 1 = column A, first and last) that hold
    something in the rows read: a header (``header``, the header row's cells from sheet
    column index ``first_col`` on), a field read from them (``fields``: sheet column index
    -> field), or values under no header (``valued``: sheet column indexes). Only those
    columns are looked at, so a range over every empty column to the sheet's edge costs
    nothing."""
    # Joined and sorted, so that each column is looked up by bisection: a sheet may hide
    # thousands of ranges (every other column), and hold thousands of columns
    spans = _joined(sorted(ranges))
    if not spans:
        return ()
    firsts = [first for first, _ in spans]
    held = {first_col + j for j, cell in enumerate(header) if cell_text(cell).strip()}
    held |= set(fields) | set(valued)
    found = []
    for j in sorted(held):
        at = bisect_right(firsts, j + 1) - 1
        if at >= 0 and j + 1 <= spans[at][1]:
            k = j - first_col
            text = cell_text(header[k]).strip() if 0 <= k < len(header) else ""
            found.append(HiddenColumn(column_letter(j), text, fields.get(j, "")))
    return tuple(found)


def row_ranges(rows: Iterable[int]) -> Ranges:
    """Row numbers as runs: [5, 6, 7, 9] -> ((5, 7), (9, 9))."""
    runs: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return tuple(runs)


def _joined(ranges: Sequence[tuple[int, int]]) -> Ranges:
    """Sorted ranges with those that meet joined: ((5, 7), (8, 9)) -> ((5, 9),)."""
    runs: list[tuple[int, int]] = []
    for first, last in ranges:
        if runs and runs[-1][1] >= first - 1:
            runs[-1] = (runs[-1][0], max(last, runs[-1][1]))
        else:
            runs.append((first, last))
    return tuple(runs)


def ods_rows(
    ranges: Sequence[tuple[int, int, str]], rows: Sequence[int]
) -> tuple[list[int], list[int]]:
    """The data rows (``rows``, ascending) lying in an ODS table's hidden ranges: those a
    filter hides, and the others."""
    filtered: list[int] = []
    other: list[int] = []
    for first, last, kind in ranges:
        inside = rows[bisect_left(rows, first) : bisect_right(rows, last)]
        (filtered if kind == "filter" else other).extend(inside)
    return filtered, other


def count(ranges: Ranges) -> int:
    return sum(last - first + 1 for first, last in ranges)


def describe_ranges(ranges: Ranges) -> str:
    """'rows 40-51, 60 and 75-80', or the first SHOWN_RANGES of them 'and 14 more rows'."""
    shown = [f"{a:,}" if a == b else f"{a:,}-{b:,}" for a, b in ranges[:SHOWN_RANGES]]
    more = count(ranges[SHOWN_RANGES:])
    rows = "row" if count(ranges) == 1 else "rows"
    if more:
        return f"{rows} {', '.join(shown)} and {more:,} more"
    if len(shown) > 1:
        return f"{rows} {', '.join(shown[:-1])} and {shown[-1]}"
    return f"{rows} {shown[0]}"


def _rows(n: int) -> str:
    return f"{n:,} data row" + ("" if n == 1 else "s")


def _what_is_hidden(sheet: HiddenRows) -> str:
    """'12 data rows hidden in the spreadsheet, by a filter (rows 40-51)'; with rows hidden
    otherwise too, both counts."""
    filtered, other = count(sheet.filtered), count(sheet.other)
    hidden = f"{_rows(filtered + other)} hidden in the spreadsheet"
    if not other:
        return f"{hidden}, by a filter ({describe_ranges(sheet.filtered)})"
    if not filtered:
        return f"{hidden} ({describe_ranges(sheet.other)})"
    return (
        f"{hidden}: {filtered:,} by a filter ({describe_ranges(sheet.filtered)}), "
        f"{other:,} not by the filter ({describe_ranges(sheet.other)})"
    )


_SHEET_STATES = {
    "hidden": "a hidden sheet (right-click a sheet's tab in Excel and choose Unhide to see it)",
    "very hidden": (
        "a sheet hidden so that Excel's Unhide does not offer it (a macro or another program "
        "hid it)"
    ),
}


_READ_ALL = (
    "they were read like every other row. If they should not be in the audit, delete them "
    "from a copy of the file and run again."
)
_READ_ONE = (
    "it was read like every other row. If it should not be in the audit, delete it from a "
    "copy of the file and run again."
)


SHOWN_COLUMNS = 10  # hidden columns named in a note; then "and N more"


def _column_words(column: HiddenColumn) -> str:
    """ "F 'Date of Birth' (read as the date of birth)", "K (no header, not read)"."""
    header = f" {column.header!r}" if column.header else ""
    if column.field:
        read = f"read as the {FIELD_LABELS.get(column.field, column.field)}"
    else:
        read = "not read"
    return f"{column.letter}{header} ({read if header else 'no header, ' + read})"


def _columns_note(label: str, place: str, columns: Sequence[HiddenColumn], ods: bool) -> str:
    """'The prison extract (x.xlsx, sheet 'Data') has 2 hidden columns: F 'Date of Birth'
    (read as the date of birth) and K 'Notes' (not read): ...'."""
    words = [_column_words(c) for c in columns[:SHOWN_COLUMNS]]
    more = len(columns) - len(words)
    if more:
        listed = f"{', '.join(words)} and {more:,} more"
    elif len(words) > 1:
        listed = f"{', '.join(words[:-1])} and {words[-1]}"
    else:
        listed = words[0]
    one = len(columns) == 1
    some = "a hidden column" if one else f"{len(columns):,} hidden columns"
    them = "it" if one else "them"
    program = (
        "LibreOffice (select the columns either side, right-click a column heading, Show Columns)"
        if ods
        else "Excel (select the columns either side, right-click, Unhide)"
    )
    seen = "what was used" if any(c.field for c in columns) else "all the sheet holds"
    return (
        f"The {label} ({place}) has {some}: {listed}: hidden columns are read like the "
        f"others. Unhide {them} in {program} to see {seen}."
    )


def hidden_notes(hidden: Sequence[HiddenRows], role: Role, name: str) -> list[str]:
    """A note for each sheet read that is hidden, or has data rows or columns holding
    something hidden."""
    notes = []
    label = _EXTRACT[role]
    setting = f"{role.value}_sheet"
    for sheet in hidden:
        place = where(name, sheet.sheet)
        if sheet.state:
            notes.append(
                f"The {label} ({place}) is read from {_SHEET_STATES[sheet.state]}: whoever "
                f"opens the workbook does not see it. If it is not the extract, name the sheet "
                f"to read in the config ([input] {setting})."
            )
        if sheet.filtered or sheet.other:
            notes.append(
                f"The {label} ({place}) has {_what_is_hidden(sheet)}: "
                + (_READ_ONE if count(sheet.filtered + sheet.other) == 1 else _READ_ALL)
            )
        if sheet.columns:
            ods = name.lower().endswith((".ods", ".fods"))
            notes.append(_columns_note(label, place, sheet.columns, ods))
    return notes


def hidden_findings(hidden: Sequence[HiddenRows], name: str) -> list[Finding]:
    """A finding for each sheet read with data rows hidden, at its first hidden row; and one
    for each hidden column holding something (for the whole file, as a column is)."""
    findings = []
    for sheet in hidden:
        findings += [
            Finding(
                file=name,
                sheet=sheet.sheet,
                row=0,
                column=column.header or f"(column {column.letter})",
                field=column.field,
                raw=f"column {column.letter}, hidden",
                problem="a column hidden in the spreadsheet",
                consequence="read like every other column"
                if column.field
                else "not read: no field is taken from it",
            )
            for column in sheet.columns
        ]
        ranges = sorted(sheet.filtered + sheet.other)
        if not ranges:
            continue
        by = "hidden by a filter" if not sheet.other else "hidden"
        findings.append(
            Finding(
                file=name,
                sheet=sheet.sheet,
                row=ranges[0][0],
                column="",
                field="",
                raw=f"{_rows(count(sheet.filtered) + count(sheet.other))} {by}: "
                f"{describe_ranges(_joined(ranges))}",
                problem="rows hidden in the spreadsheet",
                consequence="read like every other row",
            )
        )
    return findings
