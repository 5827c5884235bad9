"""Characters that show nothing: direction controls and zero-width characters.

Text pasted from another system (an Arabic or Hebrew name, a web page) can carry characters
that take no room on screen or paper: the bidirectional controls (a right-to-left override
turns "A1234CD" to display as "DC4321A"; the marks, embeddings and isolates) and the
zero-width characters (a zero-width space makes "SMITH" and "SMI\u200bTH" look the same and
differ). Planted, they make a value in the evidence read as something else than it holds.

- ``visible``: the text with each of them written as its code, "[U+202E]", so that what is
  displayed is what the cell holds, and shows that something invisible was there. The
  workbook and the evidence PDF show values so. outcomes.csv, a data file, gives the prison
  numbers, names and dates as read (without them) and other text, the name as given
  (``name_as_given``) among it, as given.
- ``without_invisible``: the text without them, as it is read and compared.
- ``invisible_names``: which of them a text holds, in words, for a data-quality finding.

The zero-width non-joiner and joiner (U+200C, U+200D) are part of correct spelling in the
scripts that join their letters or build conjuncts: Persian, Urdu, Kurdish and Pashto written
in the Arabic script (the non-joiner between the two parts of a Persian name such as
Mohammad-Reza), Syriac, and Devanagari and the other Indic scripts. One standing between two
letters (or marks) of such a script is left as it is by ``visible`` and not named by
``invisible_names``: no finding for a name spelt right. It is still left out by
``without_invisible``, so the value compares as before. One anywhere else (between Latin
letters, at either end, next to a space or a digit) is treated as the others.

Each is quick for text that holds none: ASCII text is passed by at a glance (``str.isascii``
looks at a flag, not the characters), other text with one pattern search.
"""

from __future__ import annotations

import re
import unicodedata

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
_JOINERS = frozenset("\u200c\u200d")
# The blocks of the scripts whose spelling uses them: Arabic, Syriac, Arabic Supplement and
# Extended; Devanagari to Sinhala (the Indic blocks); the Arabic presentation forms.
_JOINING_BLOCKS = (
    (0x0600, 0x08FF),
    (0x0900, 0x0DFF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Their letters and marks (a vowel sign, a virama): what may stand either side of a joiner.
_JOINING = frozenset(
    chr(c)
    for first, last in _JOINING_BLOCKS
    for c in range(first, last + 1)
    if unicodedata.category(chr(c))[0] in "LM"
)
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


def in_spelling(text: str, at: int) -> bool:
    """Whether the character at ``at`` in ``text`` is a zero-width non-joiner or joiner
    between two letters (or marks) of a script whose spelling uses them: part of the word."""
    return (
        text[at] in _JOINERS
        and 0 < at < len(text) - 1
        and text[at - 1] in _JOINING
        and text[at + 1] in _JOINING
    )


def _code(match: re.Match[str]) -> str:
    if in_spelling(match.string, match.start()):
        return match.group()
    return code(match.group())


def visible(text: str) -> str:
    """``text`` with each character that shows nothing written as its code ("[U+202E]"); a
    joiner that is part of the spelling (``in_spelling``) is left as it is."""
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
    (right-to-left override)"; but for joiners that are part of the spelling
    (``in_spelling``)."""
    if text.isascii():
        return []
    found = dict.fromkeys(
        m.group() for m in INVISIBLE.finditer(text) if not in_spelling(text, m.start())
    )
    return [f"U+{ord(c):04X} ({NAMES[c]})" for c in found]
