"""Checks on a CSV file's text that the csv module lets pass: a NUL character, a quoted
value that runs on over lines and swallows the records after it (a stray quote mark), and a
record broken over lines by a line break in a value that is not in quotes.

Both would otherwise lose or merge rows without a word; each stops the read, naming the
lines.
"""

from __future__ import annotations

from collections import Counter
from operator import not_

import numpy as np

from reconcile.errors import InputError
from reconcile.read.sniff import looks_like_utf16

_FIX_QUOTES = (
    "open the file in a text editor, correct the quote marks on that line (a value holding a "
    'quote mark is written in quotes, with the quote mark doubled: "O""BRIEN"), and run again'
)


def check_nul(data: bytes, name: str) -> None:
    """InputError for a NUL (zero) byte in a CSV file's bytes, naming its line and byte: no
    spreadsheet program writes one in a CSV file, and a reader would cut or drop the value.
    UTF-16 text, whose every other byte is zero, is not checked."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_like_utf16(data):
        return
    at = data.find(b"\x00")
    if at < 0:
        return
    line = data.count(b"\n", 0, at) + 1
    start = data.rfind(b"\n", 0, at) + 1
    before = data[max(start, at - 30) : at].decode("utf-8", "replace").strip()
    count = data.count(b"\x00")
    after = f", after {before!r}" if before else ", at the start of the line"
    also = f"; {count:,} such bytes in all" if count > 1 else ""
    raise InputError(
        f"{name}, line {line:,}, character {at - start + 1:,}: the file holds a NUL "
        f"character (a zero byte, at byte offset {at:,}){after}{also}. No spreadsheet program "
        "writes one in a CSV file: the file "
        "is damaged, or text from another program was pasted into it. Open it in a text "
        "editor that shows such characters and delete them, or ask for the extract to be sent "
        "again; then run again"
    )


def _breaks(text: str) -> int:
    """Line breaks in a value ('\\r\\n' is one)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " / ".join(part.strip() for part in text.splitlines())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def check_runaway_quotes(rows: list[list[str]], lines: int, delimiter: str, name: str) -> None:
    """InputError when a quoted value runs on over lines and takes in what looks like more
    records: a value holding a line break and the delimiter, in a record whose number of
    values is not the file's usual one (or that holds the delimiter as often as a record
    would). A value that truly holds a line break (an address, notes) keeps the record's
    shape and passes. ``lines``: line breaks in the file, so that a file without any value
    running over lines is passed over without a look at its values."""
    if lines <= len(rows):
        return
    modal = Counter(map(len, rows)).most_common(1)[0][0]
    found: list[tuple[int, int, str]] = []
    line = 1
    for record in rows:
        spread = sum(_breaks(v) for v in record if "\n" in v or "\r" in v)
        if spread:
            for value in record:
                if not (("\n" in value or "\r" in value) and delimiter in value):
                    continue
                if len(record) != modal or value.count(delimiter) >= max(2, modal // 2):
                    found.append((line, line + spread, value))
                    break
        line += 1 + spread
    if not found:
        return
    first, last, value = found[0]
    more = ""
    if len(found) > 1:
        others = ", ".join(f"{a:,} to {b:,}" for a, b, _ in found[1:6])
        more = f" (and at lines {others}{', ...' if len(found) > 6 else ''})"
    raise InputError(
        f"{name}, lines {first:,} to {last:,}: a value opening with a quote mark runs on over "
        f"{last - first + 1} lines and takes in what look like further records "
        f"({_excerpt(value)!r}){more}, so rows would be merged or lost; a quote mark on line "
        f"{first:,} is most likely missing or stray: {_FIX_QUOTES}"
    )


# A record is taken as broken over lines only in a file where most rows have one width.
_BROKEN_MIN_WIDTH = 4
_BROKEN_SHARE = 0.5


def _first_lines(rows: list[list[str]], upto: int) -> list[int]:
    """Each row's first line in the file, for the rows up to and with ``upto``."""
    line = 1
    lines: list[int] = []
    for record in rows[: upto + 1]:
        lines.append(line)
        line += 1 + sum(_breaks(v) for v in record if "\n" in v or "\r" in v)
    return lines


def check_broken_records(rows: list[list[str]], name: str) -> None:
    """InputError when a record is broken over two or more lines: consecutive rows, each
    shorter than the file's usual width (the width of most rows), whose cells add up to that
    width once the pieces of the broken value are counted as one (6 cells and 5 in a file of
    10 columns). A line break in a value that is not in quotes does this; read as it is, the
    first piece would be a row with its last values missing and the next a row of values in
    the wrong columns. Rows short for another reason (trailing empty cells left out) do not
    add up so, and pass. A break in a record's first or last value is looked for too
    (_check_broken_edges)."""
    n = len(rows)
    lens = np.fromiter(map(len, rows), dtype=np.int64, count=n)
    # a row holding nothing but blanks, told in C: its cells joined are blank
    blank = np.fromiter(map(not_, map(str.strip, map("".join, rows))), dtype=bool, count=n)
    widths = Counter(lens[~blank].tolist())
    if not widths:
        return
    usual, count = widths.most_common(1)[0]
    if usual < _BROKEN_MIN_WIDTH or count < _BROKEN_SHARE * sum(widths.values()):
        return
    # only among the records: between the first row of the usual width (the header, most
    # likely) and the last, so title, totals and notes lines around them are not taken
    full = np.flatnonzero(lens == usual)
    lo, hi = int(full[0]), int(full[-1])
    short = np.flatnonzero((lens > 1) & (lens < usual) & ~blank)  # few rows, if any
    found: list[tuple[int, int]] = []
    after = lo + 1  # the first row a broken record may start at
    for k in short[(short >= after) & (short < hi)].tolist():
        if k < after:
            continue
        # The pieces after the first; an empty line (or one of spaces) between two is a
        # blank line in the broken value ("Greek", "", "x,12,..." for "Greek\n\nx"), no piece
        cells, end, piece, parts = int(lens[k]), k, k, 1
        while cells < usual + parts - 1 and end + 1 < n:
            width = int(lens[end + 1])
            if blank[end + 1] and width <= 1:
                end += 1
                continue
            if not 0 < width < usual or blank[end + 1]:
                break
            end = piece = end + 1
            cells += width
            parts += 1
        if parts > 1 and cells == usual + parts - 1:
            found.append((k, piece))
            after = piece + 1
    if not found:
        _check_broken_edges(rows, name, lens, blank, usual, lo, hi)
        return
    lines = _first_lines(rows, found[0][1])
    first, last = found[0]
    within = [j for j in range(first, last + 1) if j == first or not blank[j]]
    pieces = " + ".join(str(len(rows[j])) for j in within)
    ends, starts = rows[first][-1], rows[within[1]][0]
    more = ""
    if len(found) > 1:
        others = ", ".join(f"{a + 1:,} to {b + 1:,}" for a, b in found[1:6])
        more = f" (and rows {others}{', ...' if len(found) > 6 else ''})"
    raise InputError(
        f"{name}, rows {first + 1:,} to {last + 1:,} (lines {lines[first]:,} to "
        f"{lines[last]:,}): one record seems broken over {last - first + 1} lines{more}: "
        f"they hold {pieces} values, which make the file's usual {usual} once the value "
        f"broken at the line's end is joined again (line {lines[first]:,} ends "
        f"{_excerpt(ends)!r}, line {lines[within[1]]:,} starts {_excerpt(starts)!r}). A "
        "value holding a line break that is not in quotes does this; read as it is, the "
        "first line would be a row with its last values missing and the next a row of values "
        "in the wrong columns. Open the file in a text editor, join the lines (or put the value in "
        "quotes), and run again"
    )


def _words(value: str) -> bool:
    """Whether a value holds a space or a colon: words, as a heading's ("HMP Brixton",
    "Year: 2005"), which the reading of the layout sets aside, with a note, as a heading
    among the data."""
    text = value.strip()
    return " " in text or ":" in text or "\t" in text


def _check_broken_edges(
    rows: list[list[str]],
    name: str,
    lens: np.ndarray,
    blank: np.ndarray,
    usual: int,
    lo: int,
    hi: int,
) -> None:
    """InputError for a record broken over lines in its first or last value. Broken in its
    last value ("...,Not" and "known"), the record's first line keeps the usual number of
    values and the rest of the value stands alone on the next line; broken in its first
    ("A1234" and "BC,SMITH,..."), the start of the value stands alone and the next line has
    the usual number. A break at the value's very end (a cell pasted with its line break) leaves
    the record's first value empty on the next line; one at the very start of the last value
    leaves that value empty. What shows is a line of one value next to a record of the usual
    width.

    Such a line is taken as a broken record only where it cannot be a record or a heading:
    among the records (not above the first or below the last), in a file whose every other
    line among them has the usual number of values (a program that leaves out a record's
    trailing empty values writes lines of one value for records, and lines of other widths
    too), and a value without a space or a colon (one with words may be a heading among the
    data, "HMP Brixton", which the reading of the layout sets aside and names). A line of one
    value with words is not caught here: set aside as a heading, it is named in a note."""
    inner = slice(lo, hi + 1)
    ones = np.flatnonzero((lens[inner] == 1) & ~blank[inner]) + lo
    if not len(ones) or np.any((lens[inner] != usual) & (lens[inner] != 1) & ~blank[inner]):
        return  # none; or records of other widths, and a line of one value may be one
    found: list[tuple[int, int, str]] = []  # first and last row alone, and which side
    run: list[int] = []
    for k in [*ones[(ones > lo) & (ones < hi)].tolist(), -2]:
        if run and (k != run[-1] + 1 or k < 0):
            side = _side(rows, lens, usual, lo, run[0], run[-1])
            if side:
                found.append((run[0], run[-1], side))
            run = []
        if k >= 0 and not _words(rows[k][0]):
            run.append(k)
    if not found:
        return
    first, last, side = found[0]
    lines = _first_lines(rows, last + 1)
    alone = " / ".join(_excerpt(rows[j][0], 30) for j in range(first, last + 1))
    where = (
        f"row {first + 1:,} (line {lines[first]:,})"
        if first == last
        else f"rows {first + 1:,} to {last + 1:,} (lines {lines[first]:,} to {lines[last]:,})"
    )
    held = "the line holds one value" if first == last else "the lines each hold one value"
    each, the = ("the line", "the") if first == last else ("each line", "a")
    above, below = lines[first] - 1, lines[last + 1]  # row ``last`` is above the last record
    # The record of the usual width on the side the lines belong to (_side); the other side's
    # neighbour may be a blank line, of no values
    ends = rows[first - 1][-1] if rows[first - 1] else ""
    starts = rows[last + 1][0] if last + 1 < len(rows) and rows[last + 1] else ""
    if side == "above":
        ending = f"which ends {_excerpt(ends)!r}" if ends.strip() else "whose last value is empty"
        belongs = (
            f"the end of the record on line {above:,} ({ending}), broken by a line break in its "
            "last value"
        )
        join = f"join {'the line' if first == last else 'the lines'} to line {above:,}"
        cut = "that record's last value would be cut short"
    elif side == "below":
        starting = (
            f"which starts {_excerpt(starts)!r}" if starts.strip() else "whose first value is empty"
        )
        belongs = (
            f"the start of the record on line {below:,} ({starting}), broken by a line break in "
            "its first value"
        )
        join = f"join line {below:,} to {'it' if first == last else 'them'}"
        cut = "that record's first value would be cut short"
    else:
        belongs = (
            f"the end of the record on line {above:,} (its last value, {_excerpt(ends)!r}) "
            f"or the start of the one on line {below:,} (its first, {_excerpt(starts)!r}), "
            "broken by a line break in that value"
        )
        join = "join the lines of the record it belongs to"
        cut = "that record's value would be cut short"
    more = ""
    if len(found) > 1:
        others = ", ".join(
            f"{a + 1:,}" if a == b else f"{a + 1:,} to {b + 1:,}" for a, b, _ in found[1:6]
        )
        more = f" (and rows {others}{', ...' if len(found) > 6 else ''})"
    raise InputError(
        f"{name}, {where}: {held} ({alone!r}) among records of {usual} values{more}: "
        f"most likely {belongs} that is not in quotes. Read as it is, {cut} and {each} would be "
        f"read as a record of its own. Open the file in a text editor, {join} (or put the value "
        f"in quotes), and run again; if {the} line is no part of a record, delete it"
    )


def _side(rows: list[list[str]], lens: np.ndarray, usual: int, lo: int, a: int, b: int) -> str:
    """Which record the lines of one value from row ``a`` to row ``b`` most likely belong to:
    "above" (the end of its last value), "below" (the start of its first), "either", or ""
    when neither neighbour is a record of the usual width. A value broken at its very end or
    start leaves the piece in the record empty: the record whose edge value is empty is the
    one, when the other's is not."""
    up = a - 1 > lo and lens[a - 1] == usual  # the header (row lo) is no record to join
    down = b + 1 < len(rows) and lens[b + 1] == usual
    if not (up or down):
        return ""
    if up and down:
        up_empty, down_empty = not rows[a - 1][-1].strip(), not rows[b + 1][0].strip()
        if up_empty != down_empty:
            return "above" if up_empty else "below"
        return "either"
    return "above" if up else "below"
