"""Extracts as auditors receive them, re-saved by colleagues: readings that would garble
names or rows without a word are refused or reported, naming the file, row and column."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.csvfile import decode
from reconcile.read.mojibake import repaired
from reconcile.settings import Config

HEADER = "Surname,Forenames,DOB,Nationality,Release date,Sentence,Offence\n"
ROWS = "JOSÉ,Renée,1/1/70,Spanish,1/1/05,12,Theft of £500\nSMITH,John,2/2/71,Greek,2/2/05,6,Arson\n"
runner = CliRunner()


def _with(encoding: str) -> Config:
    return Config(input=dataclasses.replace(Config().input, encoding=encoding))


def test_utf8_file_with_one_cp1252_byte_is_refused_not_garbled(tmp_path: Path) -> None:
    """One '£' typed in a Windows program into a UTF-8 file made the whole file cp1252, so
    every UTF-8 name turned into mojibake ('JOSÉ' into 'JOSÃ‰') without a word."""
    data = (HEADER + ROWS).encode("utf-8").replace("£".encode(), "£".encode("cp1252"))
    path = tmp_path / "prison.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        load_table(path, Role.PRISON, Config())
    message = str(caught.value)
    assert message.startswith("prison.csv, row 2, column G: the byte 0xa3 in 'Theft of \\xa3500'")
    assert "the first in 'JOSÉ' (row 2, column A)" in message
    assert "('É' as 'Ã‰')" in message
    assert 'set encoding = "cp1252" under [input]' in message
    # the escape for a file that really is cp1252 throughout: read as asked
    table, _ = load_table(path, Role.PRISON, _with("cp1252"))
    assert table.columns["offence"] == ["Theft of £500", "Arson"]


def test_cp1252_file_is_still_read_as_cp1252() -> None:
    data = (HEADER + ROWS).encode("cp1252")
    assert decode(data, "f.csv") == (HEADER + ROWS, "cp1252")


@pytest.mark.parametrize("override", ["cp1252", "latin-1", "cp1250"])
def test_utf8_file_read_with_a_single_byte_encoding_is_refused(
    tmp_path: Path, override: str
) -> None:
    """A UTF-8 file read with encoding = "cp1252" (set in the config for other files) gave
    'JOSÃ‰' in the names, and the run went on."""
    path = tmp_path / "prison.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_table(path, Role.PRISON, _with(override))
    message = str(caught.value)
    assert message.startswith("prison.csv, row 2, column A: the file is UTF-8 (all its 3 ")
    assert f"says it is {override}" in message
    assert "'JOSÉ' would read 'JOS" in message
    assert 'set encoding = "utf-8" there' in message


def test_utf8_with_the_option_names_the_option(tmp_path: Path) -> None:
    prison, ind = tmp_path / "prison.csv", tmp_path / "ind.csv"
    prison.write_text(HEADER + ROWS, encoding="utf-8")
    ind.write_text(
        "Case ref,Family name,Given names,DOB,Date referral received,Date considered\n"
        "A1,SMITH,John,2/2/71,1/1/05,\n",
        encoding="utf-8",
    )
    out = str(tmp_path / "o")
    result = runner.invoke(app, ["run", str(prison), str(ind), "--encoding", "cp1252", "-o", out])
    assert result.exit_code == 2
    assert "the --encoding option says it is cp1252" in result.output
    assert "give --encoding utf-8, or leave the option out" in result.output
    assert "Traceback" not in result.output


def test_utf8_override_and_ascii_files_pass(tmp_path: Path) -> None:
    assert decode((HEADER + ROWS).encode(), "f.csv", "utf-8")[1] == "utf-8"
    assert decode(b"Surname\nSMITH\n", "f.csv", "cp1252") == ("Surname\nSMITH\n", "cp1252")


def test_utf16_file_read_with_cp1252_is_refused(tmp_path: Path) -> None:
    """Excel's 'Unicode text' (UTF-16 with its mark) read with encoding = "cp1252" gave
    'no header row found', which sent the user looking at the headers."""
    data = (HEADER + ROWS).replace(",", "\t").encode("utf-16")
    with pytest.raises(
        InputError, match=r"starts with the mark of UTF-16 text .*encoding = \"utf-16\""
    ):
        decode(data, "f.txt", "cp1252")
    assert decode(data, "f.txt", "utf-16")[0] == (HEADER + ROWS).replace(",", "\t")


_PRISON = (
    "Prison number,Surname,Forenames,DOB,Nationality,Sentence,Offence,Release date,Court rec\n"
    "A1234BC,SMITH,John,1/1/70,Greek,12,Arson,1/1/05,N\n"
    "B2345CD,KOZLOWSKI,Mateusz,15/11/1974,Polish,84,R\n"
    "ape,10/7/01,N\n"
    "C3456DE,JONES,Ann,2/2/71,Greek,6,Theft,2/2/05,N\n"
)


def test_record_broken_over_two_lines_is_refused(tmp_path: Path) -> None:
    """An offence typed with a line break and no quotes split one record in two: the first
    piece was read with no release date (insufficient data), the second as a prisoner whose
    prison number was 'ape', and the run went on."""
    path = tmp_path / "prison.csv"
    path.write_text(_PRISON, encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert result.exit_code == 2
    assert result.output.startswith(
        "error: prison.csv, rows 3 to 4 (lines 3 to 4): one record seems broken over 2 lines: "
        "they hold 7 + 3 values, which make the file's usual 9 once the value broken at the "
        "line's end is joined again (line 3 ends 'R', line 4 starts 'ape')."
    )
    assert "join the lines (or put the value in quotes)" in result.output


def test_short_rows_that_do_not_add_up_pass(tmp_path: Path) -> None:
    """Rows with trailing empty cells left out, a quoted line break, a totals line and a
    note below the data are not broken records."""
    path = tmp_path / "prison.csv"
    path.write_text(
        "Extract of 3 April 2006,by HMPS\n"
        "Prison number,Surname,Forenames,DOB,Nationality,Sentence,Offence,Release date,Court rec\n"
        "A1234BC,SMITH,John,1/1/70,Greek,12,Arson,1/1/05,N\n"
        "B2345CD,KOZLOWSKI,Mateusz,15/11/1974,Polish,84,Rape,10/7/01\n"
        'D4567EF,BROWN,"Kirk\nJunior",3/3/72,Jamaican,24,Drugs,3/3/05,N\n'
        "C3456DE,JONES,Ann,2/2/71,Greek,6,Theft,2/2/05,N\n"
        "Total,,,,,,,,\n"
        "Rows,4,\n"
        "Source: prison service,,,,,,,\n",
        encoding="utf-8",
    )
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.columns["surname"] == ["SMITH", "KOZLOWSKI", "BROWN", "JONES"]


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("JOSÃ‰", "JOSÉ"),
        ("Theft of Â£500", "Theft of £500"),
        ("Oâ€™BRIEN", "O’BRIEN"),
        ("Ð¡ÐµÑ€Ð³ÐµÐ¹", "Сергей"),
        ("JOSÉ", None),
        ("SÃO PAULO", None),  # Portuguese, as typed
        ("GÖ’S", None),  # its bytes are UTF-8 only for a combining Hebrew accent
        ("Müller", None),
    ],
)
def test_garbled_text_is_read_again(text: str, meant: str | None) -> None:
    assert repaired(text) == meant


def test_garbled_names_are_findings_and_a_note(tmp_path: Path) -> None:
    """A UTF-8 CSV opened as Windows text and saved again (LibreOffice's default on this
    machine turned the sample's 'JOSÉ' into 'JOSÃ‰' in the .xlsx) was read without a word;
    such a name links to nothing."""
    path = tmp_path / "prison.csv"
    garbled = (HEADER + ROWS).encode("utf-8").decode("cp1252")
    path.write_text(garbled, encoding="utf-8")
    table, findings = load_table(path, Role.PRISON, Config())
    assert table.columns["surname"][0] == "JOSÃ‰"  # kept as given
    found = [(f.row, f.column, f.raw) for f in findings if "Windows text" in f.problem]
    assert found == [
        (2, "Surname", "JOSÃ‰"),
        (2, "Forenames", "RenÃ©e"),
        (2, "Offence", "Theft of Â£500"),
    ]
    assert "most likely 'JOSÉ'" in findings[0].problem + "".join(f.problem for f in findings)
    (note,) = [n for n in table.source.notes if "Windows text" in n]
    assert note.startswith(
        "The prison extract (prison.csv) has 3 cells of text that read as UTF-8 taken for "
        "Windows text: row 2, Surname (column A): 'JOSÃ‰', most likely 'JOSÉ';"
    )
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert result.exit_code == 0
    assert "3 cells of text that read as UTF-8 taken for Windows text" in result.output
    path.write_text(HEADER + ROWS, encoding="utf-8")
    table, findings = load_table(path, Role.PRISON, Config())
    assert not [f for f in findings if "Windows text" in f.problem]
