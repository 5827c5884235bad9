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


def check_broken_records(rows: list[list[str]], name: str) -> None:
    """InputError when a record is broken over two or more lines: consecutive rows, each
    shorter than the file's usual width (the width of most rows), whose cells add up to that
    width once the pieces of the broken value are counted as one (6 cells and 5 in a file of
    10 columns). A line break in a value that is not in quotes does this; read as it is, the
    first piece would be a row with its last values missing and the next a row of values in
    the wrong columns. Rows short for another reason (trailing empty cells left out) do not
    add up so, and pass."""
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
        cells, end = int(lens[k]), k
        while cells < usual + (end - k) and end + 1 < n:
            width = int(lens[end + 1])
            if not 0 < width < usual or blank[end + 1]:
                break
            end += 1
            cells += width
        if end > k and cells == usual + (end - k):
            found.append((k, end))
            after = end + 1
    if not found:
        return
    line = 1
    lines: list[int] = []  # each row's first line in the file
    for record in rows[: found[0][1] + 1]:
        lines.append(line)
        line += 1 + sum(_breaks(v) for v in record if "\n" in v or "\r" in v)
    first, last = found[0]
    pieces = " + ".join(str(len(rows[j])) for j in range(first, last + 1))
    ends, starts = rows[first][-1], rows[first + 1][0]
    more = ""
    if len(found) > 1:
        others = ", ".join(f"{a + 1:,} to {b + 1:,}" for a, b in found[1:6])
        more = f" (and rows {others}{', ...' if len(found) > 6 else ''})"
    raise InputError(
        f"{name}, rows {first + 1:,} to {last + 1:,} (lines {lines[first]:,} to "
        f"{lines[last]:,}): one record seems broken over {last - first + 1} lines{more}: "
        f"they hold {pieces} values, which make the file's usual {usual} once the value "
        f"broken at the line's end is joined again (line {lines[first]:,} ends "
        f"{_excerpt(ends)!r}, line {lines[first + 1]:,} starts {_excerpt(starts)!r}). A "
        "value holding a line break that is not in quotes does this; read as it is, the "
        "first line would be a row with its last values missing and the next a row of values "
        "in the wrong columns. Open the file in a text editor, join the lines (or put the value in "
        "quotes), and run again"
    )
