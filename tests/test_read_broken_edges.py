"""A CSV record broken over lines by a line break, not in quotes, in its first or last value:
the piece left alone on a line is refused, naming its row and line and the record it most
likely belongs to; lines that may be a heading, a note or a record of a file that leaves out
trailing empty values are not (reconcile.read.textchecks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.errors import InputError
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.settings import Config

runner = CliRunner()

HEADER = "Prison number,Surname,Forenames,DOB,Nationality,Sentence,Offence,Release date,Court rec\n"
FIRST = "A1234BC,SMITH,John,1/1/70,Greek,12,Arson,1/1/05,N\n"
LAST = "C3456DE,JONES,Ann,2/2/71,Greek,6,Theft,2/2/05,\n"  # the last value empty, as often
KOZ = "B2345CD,KOZLOWSKI,Mateusz,15/11/1974,Polish,84,Rape,10/7/01,"


def _refused(tmp_path: Path, text: str) -> str:
    path = tmp_path / "prison.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_table(path, Role.PRISON, Config())
    return " ".join(str(caught.value).split())


def _read(tmp_path: Path, text: str) -> list[object]:
    path = tmp_path / "prison.csv"
    path.write_text(text, encoding="utf-8")
    table, _ = load_table(path, Role.PRISON, Config())
    return table.columns["prison_number"]


def test_a_break_at_the_start_of_the_last_value_is_refused(tmp_path: Path) -> None:
    """The court recommendation typed after a line break: the record's line keeps its 9
    values, the last empty, and 'N' stands alone on the next line. Read, the record had no
    recommendation and 'N' was a prisoner whose prison number was N."""
    message = _refused(tmp_path, HEADER + FIRST + KOZ + "\nN\n" + LAST)
    assert message == (
        "prison.csv, row 4 (line 4): the line holds one value ('N') among records of 9 "
        "values: most likely the end of the record on line 3 (whose last value is empty), "
        "broken by a line break in its last value that is not in quotes. Read as it is, that "
        "record's last value would be cut short and the line would be read as a record of its "
        "own. Open the file in a text editor, join the line to line 3 (or put the value in "
        "quotes), and run again; if the line is no part of a record, delete it"
    )


def test_a_prison_number_pasted_with_its_line_break_is_refused(tmp_path: Path) -> None:
    """A first value pasted with a line break after it: the number alone on a line, the rest
    of the record on the next with its first value empty."""
    message = _refused(tmp_path, HEADER + FIRST + "B2345CD\n," + KOZ[8:] + "N\n" + LAST)
    assert message.startswith(
        "prison.csv, row 3 (line 3): the line holds one value ('B2345CD') among records of 9 "
        "values: most likely the start of the record on line 4 (whose first value is empty), "
        "broken by a line break in its first value that is not in quotes."
    )
    assert "join line 4 to it (or put the value in quotes)" in message


def test_a_break_inside_an_edge_value_names_both_records(tmp_path: Path) -> None:
    """'Not known' broken in the middle over two lines: the piece alone could end the record
    above or start the one below; both are named, and the other breaks are counted."""
    text = HEADER + FIRST + KOZ + "Not\nknown\n" + LAST + FIRST[:-2] + "Y\ne\ns\n" + LAST
    message = _refused(tmp_path, text)
    assert message.startswith(
        "prison.csv, row 4 (line 4): the line holds one value ('known') among records of 9 "
        "values (and rows 7 to 8): most likely the end of the record on line 3 (its last "
        "value, 'Not') or the start of the one on line 5 (its first, 'C3456DE'), broken by a "
        "line break in that value that is not in quotes."
    )


def test_inspect_stops_on_it_too(tmp_path: Path) -> None:
    path = tmp_path / "prison.csv"
    path.write_text(HEADER + FIRST + KOZ + "\nN\n" + LAST, encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert result.exit_code == 2
    assert result.output.startswith("error: prison.csv, row 4 (line 4): the line holds one")


def test_empty_edge_values_headings_and_short_records_pass(tmp_path: Path) -> None:
    """No false alarm: a last column mostly empty, a first value empty, a heading among the
    data (set aside by the layout, with a note), and, in a file that leaves out a record's
    trailing empty values, a record of one value."""
    empty_first = "," + FIRST.split(",", 1)[1]
    text = HEADER + FIRST + LAST + LAST.replace("C3456DE", "D4567EF") + empty_first + LAST
    assert _read(tmp_path, text) == ["A1234BC", "C3456DE", "D4567EF", None, "C3456DE"]
    heading = HEADER + FIRST + "HMP Brixton\n" + LAST
    assert _read(tmp_path, heading) == ["A1234BC", "C3456DE"]
    trimmed = HEADER + FIRST + "B2345CD,KOZLOWSKI,Mateusz\nE5678FG\n" + LAST
    assert _read(tmp_path, trimmed) == ["A1234BC", "B2345CD", "E5678FG", "C3456DE"]


def test_the_last_record_broken_in_its_last_value_is_not_told_from_a_note(
    tmp_path: Path,
) -> None:
    """The boundary: below the last record a line of one value may be a note, and is not
    refused; the layout sets it aside and names it, so it is not passed over in silence."""
    path = tmp_path / "prison.csv"
    path.write_text(HEADER + FIRST + LAST + KOZ + "Not\nknown\n", encoding="utf-8")
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.columns["prison_number"] == ["A1234BC", "C3456DE", "B2345CD"]
    assert [s.text for s in table.source.skipped] == ["known"]
