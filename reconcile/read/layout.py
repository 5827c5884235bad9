"""Where the table is on a sheet: the header row, the data rows, the rows to set aside.

Works on a Grid of raw cells from any reader. Title rows and blank rows above the
header are passed over; below the data, totals and notes rows, and a small table set off
by a blank row (counts by nationality, say), are skipped and reported; so are totals rows
among the data (a total's label and numbers only); fully blank rows are skipped silently
without ending the data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, repeat
from operator import eq, not_

from reconcile.errors import InputError
from reconcile.model import Role, SkippedRow
from reconcile.read.cells import cell_text, is_blank
from reconcile.read.config import LimitsConfig
from reconcile.read.synonyms import header_key, synonym_index

HEADER_SCAN_ROWS = 40
HEADER_SCAN_FAR = 400
# A table below the data: at most this many rows, each filling at most SMALL_CELLS cells
# where the records above fill at least twice as many.
SMALL_ROWS, SMALL_CELLS = 60, 3
_DATE_TEXT = re.compile(
    r"\d{1,4}[-/. ]\d{1,2}[-/. ]\d{1,4}|\d{1,2}[-/ ]?[a-z]{3,9}[-/ ]?\d{2,4}", re.I
)
_NUMBER_TEXT = re.compile(r"[-+]?[\d,]*\.?\d+%?")

_TRAILER = re.compile(
    r"^(?:(?:grand\s+)?(?:sub\s*)?totals?|sources?|notes?|n\.?b|footnotes?|key|count|"
    r"number of (?:records|rows|cases|prisoners)|records|rows|prepared by|produced by|"
    r"compiled by|extracted|extract(?:ed)? (?:on|date|run)|report (?:run|date|generated)|"
    r"run date|printed|date printed|page \d+|end of (?:report|data|extract|file))\b"
    r"|^(?:\*|©|\(c\))",
    re.I,
)


# A totals row within the data ("TOTAL", "2003 subtotal", "Sub-total 2003: 58"): a text cell
# naming a total, whose other words say only what is counted.
_TOTAL_WORD = re.compile(r"(?<![^\W\d_])(?:sub\s*-?\s*)?totals?(?![^\W\d_])", re.I)
_TOTAL_FILLER = re.compile(
    r"(?<![^\W\d_])(?:grand|sub|totals?|subtotals?|for|in|year|month|all|overall|of|"
    r"records?|rows?|cases?|prisoners?|people|releases?|number|no)(?![^\W\d_])|[\W\d_]",
    re.I,
)
MID_TOTAL = "a totals row within the data (words of a total and numbers only: no name, no date)"


@dataclass
class Grid:
    """A sheet's used range as raw cells; rows[0] is spreadsheet row `first_row`."""

    sheet: str
    rows: list[list[object]]
    first_row: int = 1
    first_col: int = 0  # 0-based index of the sheet column that rows[i][0] is in
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    # A header written over two rows and joined into the lower (join_header_rows): the two
    # rows as written, which an export printed page by page repeats on each page.
    header_parts: list[list[object]] = field(default_factory=list)
    joined_header: int = -1  # then: the index of the row holding the joined header
    # A row under a one-row header naming the columns again (see _header_echo): its index.
    header_echo: int = -1


@dataclass(frozen=True)
class Layout:
    header: int  # index into grid.rows
    data: list[int]  # indexes of data rows, in order
    skipped: tuple[SkippedRow, ...]


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_is_blank(row: list[object]) -> bool:
    first = row[0] if row else None
    if type(first) is str and first.strip():  # most rows: no need to look further
        return False
    return all(value == "" or value is None or is_blank(value) for value in row)


def header_score(row: list[object], index: Mapping[str, str]) -> int:
    """How many distinct canonical fields the row's cells name."""
    found = {index[key] for key in (header_key(v) for v in row if type(v) is str) if key in index}
    return len(found)


def find_header(grid: Grid, index: Mapping[str, str]) -> tuple[int, int]:
    """(row index, score) of the row among the first rows that names most fields; first wins.
    The first HEADER_SCAN_ROWS rows are looked at, and when no row among them names two
    fields, the rows on to HEADER_SCAN_FAR (a long block of notes above the header)."""
    best, best_score = -1, 0
    for i, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        score = header_score(row, index)
        if score > best_score:
            best, best_score = i, score
    if best_score < 2:
        for i, row in enumerate(grid.rows[HEADER_SCAN_ROWS:HEADER_SCAN_FAR], HEADER_SCAN_ROWS):
            score = header_score(row, index)
            if score > best_score:
                best, best_score = i, score
    return best, best_score


def _header_words(row: list[object]) -> bool:
    """Whether a row could be part of a header: text only, none of it a date or a number."""
    filled = _filled(row)
    return bool(filled) and all(
        isinstance(v, str) and not _is_date(v) and not _is_number(v) for v in filled
    )


def _spread_merged(grid: Grid, i: int) -> list[object]:
    """Row i with each range merged across it holding its value in every column it covers."""
    row = list(grid.rows[i])
    for r0, c0, r1, c1 in grid.merged:
        if r0 <= i <= r1 and 0 <= c0 < len(row):
            for c in range(c0 + 1, min(c1, len(row) - 1) + 1):
                if is_blank(row[c]):
                    row[c] = row[c0]
    return row


def _joined(top: list[object], bottom: list[object], index: Mapping[str, str]) -> list[object]:
    """The header one column at a time from a header written over two rows ("Date of" above
    "Birth", "Name" merged above "Surname" and "Forename(s)"): the two words together, else
    the lower, else the upper, whichever names a column; else the words as written."""
    joined: list[object] = []
    for j in range(max(len(top), len(bottom))):
        upper = cell_text(top[j]) if j < len(top) and isinstance(top[j], str) else ""
        lower = cell_text(bottom[j]) if j < len(bottom) and isinstance(bottom[j], str) else ""
        both = f"{upper} {lower}".strip()
        known = next((t for t in (both, lower, upper) if t and header_key(t) in index), None)
        joined.append(known if known is not None else both)
    return joined


def _header_like(top: list[object], bottom: list[object], index: Mapping[str, str]) -> bool:
    """Whether at least half the lower row's words name a column, alone or after the upper
    row's: a header's second row, not a record of text alone under a header with gaps."""
    words = helped = 0
    for j, value in enumerate(bottom):
        if not isinstance(value, str) or not value.strip():
            continue
        words += 1
        upper = cell_text(top[j]) if j < len(top) and isinstance(top[j], str) else ""
        if header_key(value) in index or header_key(f"{upper} {value}") in index:
            helped += 1
    return words > 0 and 2 * helped >= words


HEADER_ECHO = (
    "a second header row under the header, naming the columns again in other words, not a record"
)


def _header_echo(grid: Grid, indexes: Iterable[Mapping[str, str]]) -> None:
    """A row under a one-row header that names the columns again ("Family name" under
    "Surname", "Date of birth (dd/mm/yyyy)" under "DOB"): text alone, at least half its words
    naming a column. Kept in grid.header_echo for find_layout to set aside, and among the
    header's rows (grid.header_parts) to set aside where a page break repeats it."""
    scored = [(find_header(grid, index), index) for index in indexes]
    if not scored:
        return
    (found, score), index = max(scored, key=lambda s: s[0][1])
    below = found + 1
    if found < 0 or score < 2 or below >= len(grid.rows):
        return
    row = grid.rows[below]
    if row == grid.rows[found] or not _header_words(row):
        return
    if _header_like(grid.rows[found], row, index):
        grid.header_echo = below
        grid.header_parts = [list(grid.rows[found]), list(row)]


def join_header_rows(grid: Grid, indexes: Iterable[Mapping[str, str]]) -> int | None:
    """A header written over two rows, each row naming fewer columns than the two together:
    the lower row is rewritten as the header the two make (see _joined), so that it is found
    as the header row and the upper row is passed over as a title. Returns the index of the
    rewritten row, or None when no header is split so."""
    best: tuple[int, int, list[object]] | None = None  # gain, lower row, joined header
    for index in indexes:
        found, score = find_header(grid, index)
        if found < 0:
            continue
        for upper in (found - 1, found):
            lower = upper + 1
            if upper < 0 or lower >= len(grid.rows):
                continue
            if not _header_words(grid.rows[upper]) or not _header_words(grid.rows[lower]):
                continue
            top = _spread_merged(grid, upper)
            joined = _joined(top, grid.rows[lower], index)
            gain = header_score(joined, index) - score
            if not _header_like(top, grid.rows[lower], index):
                continue
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, lower, joined)
    if best is None:
        _header_echo(grid, indexes)
        return None
    _, lower, joined = best
    grid.header_parts = [list(grid.rows[lower - 1]), list(grid.rows[lower])]
    grid.joined_header = lower
    grid.rows[lower] = joined
    return lower


def _filled(row: list[object]) -> list[object]:
    return [v for v in row if not is_blank(v)]


TRAILER = "totals or notes row below the data"


def trailer_reason(row: list[object]) -> str | None:
    """Why a row below the data is a totals or notes row, or None if it may be a record."""
    filled = _filled(row)
    if not filled:
        return None
    first = filled[0]
    if isinstance(first, str) and _TRAILER.match(first.strip()):
        others = filled[1:]
        texts = sum(1 for v in others if isinstance(v, str))
        dates = any(isinstance(v, date) for v in others)
        if texts <= 1 and not dates:  # numbers, or one more note: not a person's record
            return TRAILER
    if len(filled) == 1 and isinstance(first, str):
        return "a single text cell below the data (a note, not a record)"
    return None


def _total_text(value: object) -> bool:
    """Whether a cell is a total's label: 'TOTAL', '2003 subtotal', 'Grand total: 58'."""
    return (
        isinstance(value, str)
        and _TOTAL_WORD.search(value) is not None
        and not _TOTAL_FILLER.sub("", value)
    )


def totals_row(row: list[object]) -> bool:
    """Whether a row among the data is a totals row, not a record: a total's label and
    numbers, nothing else (a person's record has a name and a date of birth)."""
    filled = _filled(row)
    if not filled or not _total_text(filled[0]):
        return False
    return all(_total_text(v) or (_is_number(v) and not _is_date(v)) for v in filled[1:])


def _totals_within(rows: list[list[object]], data: list[int]) -> list[int]:
    """The totals rows (totals_row) among the data rows. Only rows whose first filled cell
    names a total are looked at closely."""
    found = []
    for i in data:
        row = rows[i]
        first = row[0] if row else None
        if type(first) is not str or not first.strip():
            filled = _filled(row)
            first = filled[0] if filled else None
            if type(first) is not str:
                continue
        if "total" in first.lower() and totals_row(row):
            found.append(i)
    return found


# Headers of name columns: a name alone in one is a record with little in it, not a heading.
_NAME_KEYS = frozenset(
    key
    for role in Role
    for key, field_name in synonym_index(role).items()
    if field_name in ("surname", "forenames", "full_name")
)
# A heading among the data: one cell, in a table whose records fill at least this many.
HEADING_WIDTH = 4


def _headings_within(rows: list[list[object]], data: list[int], header: int) -> list[str | None]:
    """For each data row, why it is a heading among the data rather than a record, or None:
    a single text cell of several words ("HMP Brixton", "Year: 2003") where the records fill
    at least HEADING_WIDTH cells, not under a name column (a name alone may be a record
    with little in it) and not a date or a number."""
    lone = [
        i
        for i in data
        if rows[i].count("") + rows[i].count(None) >= len(rows[i]) - 1  # counted in C
    ]
    if not lone:
        return [None] * len(data)
    alone = set(lone)
    sample = [len(_filled(rows[i])) for i in data[:400] if i not in alone][:200]
    if not sample:
        return [None] * len(data)
    typical = sorted(sample)[len(sample) // 2]
    if typical < HEADING_WIDTH:
        return [None] * len(data)
    titles = rows[header]
    why: dict[int, str] = {}
    for i in lone:
        row = rows[i]
        cells = [(j, v) for j, v in enumerate(row) if not is_blank(v)]
        if len(cells) != 1:
            continue
        j, value = cells[0]
        if not isinstance(value, str) or _is_date(value) or _is_number(value):
            continue
        text = value.strip()
        if " " not in text and ":" not in text:
            continue
        title = titles[j] if j < len(titles) else None
        if header_key(title) in _NAME_KEYS:
            continue
        under = (
            f"under {cell_text(title)!r}" if not is_blank(title) else "in a column with no header"
        )
        why[i] = (
            f"a heading among the data (one text cell, {under}, where the records fill "
            f"{typical} cells: the title of the rows below it, not a record)"
        )
    return [why.get(i) for i in data]


# A cell of a row under the header that says how to fill the column in, not a value:
# "dd/mm/yyyy", "Y/N", "months", "e.g. A1234BC", "(optional)".
_FORMAT_HINT = re.compile(
    r"\(?(?:(?:[dmy]{1,4}[/.\- ]?){2,3}|y\s*/\s*n|yes\s*/\s*no|y or n|(?:in\s+)?(?:months?|"
    r"mths?|days?|weeks?|years?|yrs?)|text|free text|date|number|numeric|optional|mandatory|"
    r"required|(?:e\.?g\.?|example|format)\b.*)\)?",
    re.I,
)
FORMAT_ROW = (
    "a row under the header saying how each column is written (formats, units), not a record"
)


def _format_rows(rows: list[list[object]], data: list[int]) -> list[int]:
    """The first data rows, while each is text that only says how its columns are written
    (_FORMAT_HINT in every filled cell): a row of formats or units under the header."""
    found = []
    for i in data[:3]:
        filled = _filled(rows[i])
        if not all(isinstance(v, str) and _FORMAT_HINT.fullmatch(v.strip()) for v in filled):
            break
        found.append(i)
    return found


def _is_date(value: object) -> bool:
    return isinstance(value, date) or (isinstance(value, str) and bool(_DATE_TEXT.search(value)))


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(_NUMBER_TEXT.fullmatch(value.strip()))


def small_table_reason(block: list[list[object]], records: list[list[object]]) -> str | None:
    """Why the rows of ``block`` (below the data, after a blank row) are a small table of
    their own rather than records, or None: a few rows of at most SMALL_CELLS cells with a
    number among them and no date, where the ``records`` above fill at least twice as many
    cells (a person's row has a date of birth or a release date; a count by nationality
    does not)."""
    if not block or len(block) > SMALL_ROWS or not records:
        return None
    cells = [_filled(row) for row in block]
    widest = max(len(c) for c in cells)
    widths = sorted(len(_filled(row)) for row in records)
    typical = widths[len(widths) // 2]
    if widest > SMALL_CELLS or typical < 2 * widest:
        return None
    values = [v for c in cells for v in c]
    if any(_is_date(v) for v in values) or not any(_is_number(v) for v in values):
        return None
    return (
        f"a small table below the data, after a blank row (at most {widest} cells a row, where "
        f"the records fill {typical})"
    )


def _trailing_block(blank: list[bool], header: int, end: int) -> tuple[int, int] | None:
    """(start, gap): the last run of non-blank rows before ``end`` and the first of the
    blank rows above it, when blank rows part it from data rows under the header (blank
    rows at the very end are passed over). ``blank`` says which rows are blank."""
    while end - 1 > header and blank[end - 1]:
        end -= 1
    below = blank[header + 1 : end]
    if True not in below:  # no blank row parts the data (found in C, not row by row)
        return None
    i = header + len(below) - below[::-1].index(True)  # the last blank row before end
    start = i + 1
    while i > header and blank[i]:
        i -= 1
    return (start, i + 1) if i > header else None


def _trailers(grid: Grid, header: int, end: int) -> tuple[int, list[SkippedRow]]:
    """The totals and notes rows at the bottom of rows[:end], and where the data then ends."""
    rows, skipped = grid.rows, []
    i = end - 1
    while i > header:
        if row_is_blank(rows[i]):
            i -= 1
            continue
        reason = trailer_reason(rows[i])
        if reason is None:
            break
        skipped.append(SkippedRow(grid.first_row + i, row_text(rows[i]), reason))
        end = i
        i -= 1
    return end, skipped


def _small_table(
    grid: Grid, blank: list[bool], header: int, end: int
) -> tuple[int, list[SkippedRow]] | None:
    """A small table at the bottom of rows[:end] (small_table_reason): where the data then
    ends, and its rows; None if there is none."""
    rows = grid.rows
    found = _trailing_block(blank, header, end)
    if found is None:
        return None
    start, gap = found
    above = [rows[k] for k in range(max(header + 1, gap - 200), gap) if not blank[k]]
    reason = small_table_reason(rows[start:end], above)
    if reason is None:
        return None
    return start, [
        SkippedRow(grid.first_row + k, row_text(rows[k]), reason)
        for k in range(start, end)
        if not blank[k]
    ]


def row_text(row: list[object], limit: int = 200) -> str:
    text = " | ".join(cell_text(v) for v in row if not is_blank(v))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def find_layout(grid: Grid, header: int) -> Layout:
    """The data rows under the header, with trailing totals, notes and small tables set
    aside."""
    rows = grid.rows
    blank = list(map(row_is_blank, rows))  # each row judged once
    end, skipped = _trailers(grid, header, len(rows))
    while (table := _small_table(grid, blank, header, end)) is not None:
        end, found = table
        skipped += found
        end, found = _trailers(grid, header, end)
        skipped += found
    kept = list(map(not_, blank[header + 1 : end]))
    same = list(map(eq, repeat(rows[header]), rows[header + 1 : end]))  # the header again
    for part in grid.header_parts:  # or a row of a header written over two rows
        again = list(map(eq, repeat(part), rows[header + 1 : end]))
        if True in again:
            same = [a or b for a, b in zip(same, again, strict=True)]
    if True in same:
        repeats = list(compress(range(header + 1, end), same))
        skipped += [SkippedRow(grid.first_row + i, row_text(rows[i]),
                               HEADER_ECHO if i == grid.header_echo else "the header repeated")
                    for i in repeats]  # fmt: skip
        kept = [k and not r for k, r in zip(kept, same, strict=True)]
        for i in _page_titles(rows, blank, header, repeats):
            kept[i - header - 1] = False
            skipped.append(SkippedRow(grid.first_row + i, row_text(rows[i]), PAGE_TITLE))
    data = list(compress(range(header + 1, end), kept))
    if formats := _format_rows(rows, data):
        skipped += [SkippedRow(grid.first_row + i, row_text(rows[i]), FORMAT_ROW) for i in formats]
        data = data[len(formats) :]
    totals = _totals_within(rows, data)
    if totals:
        skipped += [SkippedRow(grid.first_row + i, row_text(rows[i]), MID_TOTAL) for i in totals]
        set_aside = set(totals)
        data = [i for i in data if i not in set_aside]
    headings = _headings_within(rows, data, header)
    if any(headings):
        skipped += [SkippedRow(grid.first_row + i, row_text(rows[i]), why)
                    for i, why in zip(data, headings, strict=True) if why]  # fmt: skip
        data = [i for i, why in zip(data, headings, strict=True) if not why]
    skipped.sort(key=lambda s: s.row)
    return Layout(header, data, tuple(skipped))


PAGE_TITLE = (
    "a title or notes row at a page break, just above the header repeated (a page's heading "
    "or footing, not a record)"
)
_DIGITS = re.compile(r"\d+")


def _page_key(row: list[object]) -> str:
    """A row's text with its numbers left out: "FNP extract page 2" as page 3's heading."""
    return _DIGITS.sub("#", row_text(row, 1000)).casefold()


def _page_titles(
    rows: list[list[object]], blank: list[bool], header: int, repeats: list[int]
) -> list[int]:
    """The rows just above each repeated header (an export printed page by page) that are a
    page's heading or the page before's footing, blank rows passed over: a totals or notes
    row ("Page 1 of 7", "Printed 03/04/2006"), or a single text cell that is a heading
    because it comes again, numbers apart, at another page break or above the first header
    ("FNP extract page 2"; a name alone, written once, may be a record)."""
    near: list[tuple[int, str | None]] = []  # each row and why it may be no record
    for r in repeats:
        i = r - 1
        while i > header and (blank[i] or (reason := trailer_reason(rows[i])) is not None):
            if not blank[i] and i not in repeats:
                near.append((i, reason))
            i -= 1
    if not near:
        return []
    keys = Counter(_page_key(rows[i]) for i, _ in set(near))
    above = {_page_key(row) for row in rows[:header]}
    return sorted(
        {
            i
            for i, reason in near
            if reason == TRAILER or keys[_page_key(rows[i])] > 1 or _page_key(rows[i]) in above
        }
    )


def fill_merged(grid: Grid, layout: Layout) -> None:
    """Copy each merged range's value into the range's other cells, within the data rows."""
    if not grid.merged or not layout.data:
        return
    top, bottom = layout.header + 1, layout.data[-1]
    budget = sum(len(r) for r in grid.rows)
    for r0, c0, r1, c1 in grid.merged:
        r0, r1 = max(r0, 0), min(r1, len(grid.rows) - 1)
        if r0 < top or r1 > bottom:
            continue
        value = grid.rows[r0][c0] if c0 < len(grid.rows[r0]) else ""
        for r in range(r0, r1 + 1):
            row = grid.rows[r]
            for c in range(max(c0, 0), min(c1, len(row) - 1) + 1):
                budget -= 1
                if budget < 0:
                    return
                if row[c] == "" or row[c] is None:
                    row[c] = value


def check_cell_sizes(grid: Grid, name: str, limits: LimitsConfig) -> None:
    """InputError for a cell longer than [limits] max_cell_chars (Excel's own limit by
    default), naming where that limit was set."""
    limit = limits.max_cell_chars
    for i, row in enumerate(grid.rows):
        for j, value in enumerate(row):
            if type(value) is str and len(value) > limit:
                where = f"{name}, sheet {grid.sheet!r}" if grid.sheet else name
                column = column_letter(grid.first_col + j)
                raise InputError(
                    f"{where}, row {grid.first_row + i}, column {column}: a cell holds "
                    f"{len(value):,} characters, more than the limit of {limit:,} "
                    f"({limits.where('max_cell_chars')}); the file is damaged or not an "
                    "extract; check that cell"
                )
