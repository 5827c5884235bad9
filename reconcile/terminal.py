"""Text from the extracts as a terminal may safely show it.

A header or a file name can hold control characters: an escape sequence (ESC ] ... BEL sets
the terminal's title; others move the cursor or clear the screen), a right-to-left override,
which shows "AL\u202eIGE" reversed, or a zero-width space, which shows nothing. Printed as they
are, they act on the terminal instead of being read. ``printable`` shows each as its code
("\\x1b", "<U+202E>") instead.
"""

from __future__ import annotations

import re

from reconcile.invisible import NAMES

# C0 controls but tab and line feed, DEL and the C1 controls; the characters that show
# nothing (reconcile.invisible: the bidirectional overrides, embeddings, isolates and marks,
# the zero-width characters), which the workbook and the PDF show as their codes too.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(NAMES) + "]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def printable(text: str) -> str:
    """``text`` with every control character shown as its code; the rest as it is."""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text
