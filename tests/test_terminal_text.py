"""Text from an extract printed to the terminal cannot act on it (reconcile.terminal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.terminal import printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Surname", "Surname"),
        ("Sur\tname\nDOB", "Sur\tname\nDOB"),  # tab and line feed kept
        ("\x1b]0;owned\x07Surname", "\\x1b]0;owned\\x07Surname"),  # sets the window title
        ("\x1b[2J", "\\x1b[2J"),  # clears the screen
        ("AL\u202eIGE", "AL<U+202E>IGE"),  # right-to-left override
        ("\u2066x\u2069", "<U+2066>x<U+2069>"),
        ("SMI\u200bTH\u200f", "SMI<U+200B>TH<U+200F>"),  # zero-width space, right-to-left mark
        ("\ufeffSurname", "<U+FEFF>Surname"),
        ("caf\u00e9 \u0141\u00f3d\u017a", "caf\u00e9 \u0141\u00f3d\u017a"),  # letters as they are
        ("\x9b31m", "\\x9b31m"),  # the C1 control sequence introducer
        ("\x7f", "\\x7f"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_inspect_shows_control_characters_in_headers_as_codes(tmp_path: Path) -> None:
    """A workbook cell can hold control characters (Excel writes ESC as _x001B_): a header
    "ESC ] 0;owned BEL Surname" set the terminal's title when inspect printed it."""
    import xlsxwriter

    path = tmp_path / "prison.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    heads = ["Prison number", "\x1b]0;owned\x07Surname", "Forenames", "Date of birth"]
    for c, text in enumerate(heads):
        ws.write_string(0, c, text)
    for c, text in enumerate(["A1234BC", "SMITH", "John", "01/02/1970"]):
        ws.write_string(1, c, text)
    wb.close()
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;owned\\x07Surname" in result.output
