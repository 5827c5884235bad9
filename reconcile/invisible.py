"""Characters that show nothing: direction controls and zero-width characters.

Text pasted from another system (an Arabic or Hebrew name, a web page) can carry characters
that take no room on screen or paper: the bidirectional controls (a right-to-left override
turns "A1234CD" to display as "DC4321A"; the marks, embeddings and isolates) and the
zero-width characters (a zero-width space makes "SMITH" and "SMI\u200bTH" look the same and
differ). Planted, they make a value in the evidence read as something else than it holds.

- ``visible``: the text with each of them written as its code, "[U+202E]", so that what is
  displayed is what the cell holds, and shows that something invisible was there. The
  workbook and the evidence PDF show values so. outcomes.csv, a data file, gives the prison
  numbers, names and dates as read (without them) and other text as given.
- ``without_invisible``: the text without them, as it is read and compared.
- ``invisible_names``: which of them a text holds, in words, for a data-quality finding.

Each is quick for text that holds none: ASCII text is passed by at a glance (``str.isascii``
looks at a flag, not the characters), other text with one pattern search.
"""

from __future__ import annotations

import re

NAMES: dict[str, str] = {
    "\u00ad": "soft hyphen",
    "\u061c": "Arabic letter mark",
    "\u180e": "Mongolian vowel separator",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2060": "word joiner",
    "\u2061": "function application",
    "\u2062": "invisible times",
    "\u2063": "invisible separator",
    "\u2064": "invisible plus",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\ufeff": "byte order mark, a zero-width no-break space",
}
INVISIBLE = re.compile("[" + "".join(NAMES) + "]")
_CHARS = tuple(NAMES)
_DROP = str.maketrans(dict.fromkeys(map(ord, NAMES)))
# Longer texts (a column's cells joined) are searched a character at a time: each search is a
# plain scan, several times quicker than the pattern's over text of thousands of characters.
_LONG = 256


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds any of the characters that show nothing."""
    if text.isascii():
        return False
    if len(text) < _LONG:
        return INVISIBLE.search(text) is not None
    return any(c in text for c in _CHARS)


def code(char: str) -> str:
    """How a character that shows nothing is written instead: "[U+202E]"."""
    return f"[U+{ord(char):04X}]"


def _code(match: re.Match[str]) -> str:
    return code(match.group())


def visible(text: str) -> str:
    """``text`` with each character that shows nothing written as its code ("[U+202E]")."""
    if text.isascii() or INVISIBLE.search(text) is None:
        return text
    return INVISIBLE.sub(_code, text)


def without_invisible(text: str) -> str:
    """``text`` without the characters that show nothing."""
    if text.isascii():
        return text
    return text.translate(_DROP)


def invisible_names(text: str) -> list[str]:
    """The characters that show nothing in ``text``, each once, in order, as "U+202E
    (right-to-left override)"."""
    found = dict.fromkeys(INVISIBLE.findall(text)) if not text.isascii() else {}
    return [f"U+{ord(c):04X} ({NAMES[c]})" for c in found]
