"""Text that is UTF-8 read as Windows text ("JOSÃ‰" for "JOSÉ"), in any extract's cells.

A UTF-8 CSV file opened by a program that took it for Windows (cp1252) text, and saved
again (as .xlsx, or as CSV), holds each letter beyond ASCII as two or three others. Read as
it is, such a name matches nothing in the other extract. No encoding is guessed here: a run
of characters is taken as garbled only when its cp1252 bytes are, strictly decoded, one
UTF-8 letter, symbol or punctuation mark, which text written by hand almost never is. Each such
cell is a finding with its file, sheet, row and column, and the extract gets a note saying
what to do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from reconcile.model import Cell, Finding, Role
from reconcile.read.extract import Extracted, where
from reconcile.read.layout import column_letter

# The text fields a garbled character would spoil.
TEXT_FIELDS = ("surname", "forenames", "full_name", "nationality", "offence")
# What cp1252 (or Latin-1) makes of a UTF-8 continuation byte, 0x80 to 0xBF.
_TAIL = (
    "[\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039"
    "\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
    "\u0153\u017e\u0178]"
)
_GARBLED = re.compile(
    f"[\u00c2-\u00df]{_TAIL}|[\u00e0-\u00ef]{_TAIL}{{2}}|[\u00f0-\u00f4]{_TAIL}{{3}}"
)
# What the characters read again must be: letters, symbols (£, €), punctuation (’, –), a
# space; not a combining mark or a control character, which hand-typed text does make.
_PLAUSIBLE = "LSPZ"
_LISTED = 3  # cells named in the note
_EXTRACT = {Role.PRISON: "prison extract", Role.IND: "IND extract"}


def _as_bytes(run: str) -> bytes | None:
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))  # Latin-1's reading of 0x81, 0x8d, 0x8f, 0x90, 0x9d
    return bytes(out)


def repaired(text: str) -> str | None:
    """The text with each run of garbled characters read again as UTF-8 ('JOSÃ‰' ->
    'JOSÉ'); None when none is garbled."""
    if text.isascii():
        return None
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        data = _as_bytes(match.group())
        if data is None:
            return match.group()
        try:
            again = data.decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        if unicodedata.category(again)[0] not in _PLAUSIBLE:  # 'Ö’' is no Hebrew accent
            return match.group()
        changed = True
        return again

    fixed = _GARBLED.sub(fix, text)
    return fixed if changed else None


def garbled_cells(ex: Extracted, columns: dict[str, list[Cell]]) -> list[tuple[str, int, str, str]]:
    """(field, index of the row, the text, the text read again) of each garbled cell of the
    text fields, in the order of the fields and then the rows."""
    found: list[tuple[str, int, str, str]] = []
    for field in TEXT_FIELDS:
        for k, value in enumerate(columns.get(field, ())):
            if isinstance(value, str) and not value.isascii():
                fixed = repaired(value)
                if fixed is not None:
                    found.append((field, k, value, fixed))
    return found


def _sheets(ex: Extracted) -> list[str]:
    """Each data row's sheet, in order."""
    return [sheet for sheet, rows in ex.part_rows() for _ in rows]


def _column(ex: Extracted, field: str) -> str:
    position = ex.positions.get(field)
    header = ex.mapping.get(field, field)
    if position is None:
        return header
    return f"{header} (column {column_letter(position)})"


_WHAT_TO_DO = (
    "the file was most likely a UTF-8 CSV opened by a program that took it for Windows "
    "text, and saved again; open the original CSV choosing UTF-8 (Excel: Data > From "
    "Text/CSV, File origin '65001: Unicode (UTF-8)'; LibreOffice: Character set "
    "'Unicode (UTF-8)'), save it again and run again, or ask for the extract again"
)


def garbled_notes(
    ex: Extracted, name: str, found: Sequence[tuple[str, int, str, str]]
) -> list[str]:
    """One note for the extract naming the first garbled cells and saying what to do."""
    if not found:
        return []
    sheets = _sheets(ex)
    listed = "; ".join(
        f"{f'sheet {sheets[k]!r}, ' if ex.parts else ''}row {ex.row_numbers[k]:,}, "
        f"{_column(ex, field)}: {value!r}, most likely {fixed!r}"
        for field, k, value, fixed in found[:_LISTED]
    )
    more = f" (and {len(found) - _LISTED:,} more)" if len(found) > _LISTED else ""
    cells = "a cell" if len(found) == 1 else f"{len(found):,} cells"
    return [
        f"The {_EXTRACT[ex.role]} ({where(name, ex.sheet)}) has {cells} of text that read "
        f"as UTF-8 taken for Windows text: {listed}{more}. Names so garbled match nothing in "
        f"the other extract; {_WHAT_TO_DO}."
    ]


def garbled_findings(
    ex: Extracted, name: str, found: Sequence[tuple[str, int, str, str]]
) -> list[Finding]:
    """A finding for each garbled cell."""
    sheets = _sheets(ex) if found else []
    return [
        Finding(
            file=name,
            sheet=sheets[k],
            row=ex.row_numbers[k],
            column=ex.mapping.get(field, field),
            field=field,
            raw=value,
            problem=f"the text reads as UTF-8 taken for Windows text: most likely {fixed!r}",
            consequence="kept as given, so it will not match the other extract; " + _WHAT_TO_DO,
        )
        for field, k, value, fixed in found
    ]
