"""Decisions typed beside the Decision, in the Note or the Reviewer column, and a Decision with
a comment after it: each was passed over or applied against what the line said; now the run
stops, naming the column, the rows and what they hold."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from reconcile.decisions import NOT_SAME, SAME, load_decisions, read_decisions
from reconcile.errors import InputError
from tests.test_read_corpus import write_xlsx
from tests.test_review_roundtrip import (
    invoke,
    review_sheet_rows,
    reviewed,  # noqa: F401  (the module's fixture, used by the tests below)
)

HEADER = ["Prison row", "prison_key", "ind_key", "Decision", "Reviewer", "Note"]
RECORDED = [
    "Prison row",
    "IND record",
    "Decision",
    "Reviewer",
    "Note",
    "Status",
    "From",
    "Prison record key",
    "IND record key",
]


def _keys(n: int) -> tuple[str, str]:
    return f"P-{n:016X}", f"I-{n + 1000:016X}"


def _line(n: int, decision: str, reviewer: str, note: str) -> list[object]:
    return [n, *_keys(n), decision, reviewer, note]


def _write(path: Path, rows: list[list[object]]) -> Path:
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
        return path
    return write_xlsx(path, {"Needs review": rows})


@pytest.mark.parametrize("name", ["d.xlsx", "d.csv"])
def test_a_decision_typed_in_the_note_alone_stops_the_run(tmp_path: Path, name: str) -> None:
    """The Decision left blank and 'Not the same person - different DOB' typed in the Note:
    the line was passed over with a note among the run's others; now the run stops."""
    rows = [
        HEADER,
        _line(1, "same person", "R. Jones", "checked the paper file"),
        _line(2, "", "R. Jones", "Not the same person - different DOB"),
        _line(3, "", "R. Jones", "different person"),
    ]
    path = _write(tmp_path / name, rows)
    with pytest.raises(InputError) as info:
        load_decisions(path)
    place, note, decision = (
        ("d.xlsx, sheet 'Needs review', ", "column F", "column D")
        if name.endswith("xlsx")
        else ("d.csv, ", "column number 6", "column number 4")
    )
    assert str(info.value) == (
        f"{place}{note} ('Note'): 2 decisions ('Not the same person - different DOB' in row 3, "
        f"and others in row 4) typed in this column, with the column headed Decision "
        f"({decision}) blank on those lines; decisions are read only from the column headed "
        "Decision, so they would not be applied. Choose them in the column headed Decision "
        "(the note may stay as it is), or reword the note where it is no decision, and run again"
    )


@pytest.mark.parametrize("name", ["d.xlsx", "d.csv"])
def test_a_note_that_says_the_opposite_of_the_decision_stops_the_run(
    tmp_path: Path, name: str
) -> None:
    """'same person' in the Decision, 'Not the same person - different DOB' in the Note: the
    pair was linked, and the evidence showed the note saying the opposite."""
    rows = [HEADER, _line(1, "same person", "R. Jones", "Not the same person - different DOB")]
    path = _write(tmp_path / name, rows)
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert "('Note'): this column and the column headed Decision" in str(info.value)
    assert str(info.value).endswith(
        "say different decisions on a line (row 2: 'same person' in the Decision, 'Not the same "
        "person - different DOB' here); decisions are read only from the column headed "
        "Decision, so that line would be decided as the Decision says, not as this column "
        "does. Make the two agree: correct the Decision where the note is right, or the note "
        "where the Decision is, and run again"
    ), str(info.value)


@pytest.mark.parametrize(
    ("decision", "note"),
    [
        ("same person", "Same person: PNC and DOB match"),
        ("not the same person", "Not the same person - different DOB"),
        ("No", "different person (another man)"),
        ("not the same person", "Same person as candidate 2"),
        ("same person", "not the same DOB, but PNC matches"),
        ("same person", "Same person?"),
        ("not the same person", "no"),
        ("same person", "yes, same person"),
        ("skip", "same DOB, different name"),
        ("", "need the paper file"),
    ],
)
def test_notes_that_agree_or_decide_nothing_are_read_as_notes(
    tmp_path: Path, decision: str, note: str
) -> None:
    path = _write(tmp_path / "d.xlsx", [HEADER, _line(1, decision, "R. Jones", note)])
    decisions, _ = read_decisions(path)
    expected = {"": [], "skip": []}.get(decision)
    if expected is None:
        expected = [(NOT_SAME if decision.lower() in ("no", "not the same person") else SAME, note)]
    assert [(d.decision, d.note) for d in decisions] == expected


def test_a_note_typed_below_the_table_is_no_decision(tmp_path: Path) -> None:
    """A line the run did not write (no keys) decides nothing, whatever its Note says."""
    rows = [
        HEADER,
        _line(1, "same person", "R. Jones", ""),
        [None, None, None, None, None, "Same person: rows 2 to 5 checked with the paper files"],
    ]
    (only,) = load_decisions(_write(tmp_path / "d.xlsx", rows))
    assert only.decision == SAME


@pytest.mark.parametrize("decision", ["", "same person"])
def test_a_decision_in_the_reviewer_column_stops_the_run(tmp_path: Path, decision: str) -> None:
    """'not the same person' typed in the Reviewer column: with the Decision blank it was
    passed over; with a Decision, the evidence named 'not the same person' as who decided."""
    path = _write(tmp_path / "d.csv", [HEADER, _line(1, decision, "not the same person", "")])
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "d.csv, column number 5 ('Reviewer'): a decision ('not the same person' in row 2) "
        "typed where the name of the reviewer who decided goes; decisions are read only from "
        "the column headed Decision (column number 4), and the evidence must say who decided "
        "each link. Put the decision in the column headed Decision and the reviewer's name in "
        "this column, and run again"
    )


@pytest.mark.parametrize(
    ("typed", "decision", "rest"),
    [
        ("Not the same person - different DOB", "not the same person", "different DOB"),
        ("Same person (PNC matches)", "same person", "PNC matches"),
        ("No: another man", "not the same person", "another man"),
    ],
)
def test_a_decision_with_a_comment_says_to_put_the_comment_in_the_note(
    tmp_path: Path, typed: str, decision: str, rest: str
) -> None:
    path = _write(tmp_path / "d.xlsx", [HEADER, _line(1, typed, "R. Jones", "")])
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        f"d.xlsx, sheet 'Needs review', row 2, column Decision: {typed!r} is not a decision "
        "alone (the Decision holds only 'same person', 'not the same person' or 'skip'); "
        f"choose {decision!r} there and put the rest ({rest!r}) in the Note, and run again"
    )


def test_a_recorded_decision_changed_against_its_note_stops_the_run(tmp_path: Path) -> None:
    """An earlier round's decision changed on the Reviewer decisions sheet (as the README
    says to), its note left saying the opposite: the changed decision was carried forward
    with the note beside it."""
    rows = [
        RECORDED,
        [
            "row 4: SMITH, JOHN",
            "B1234567 (row 12)",
            "same person",
            "R. Jones",
            "Not the same person - different DOB",
            "applied",
            "reviewed.xlsx, sheet 'Needs review', row 2",
            *_keys(1),
        ],
    ]
    path = write_xlsx(tmp_path / "d.xlsx", {"Reviewer decisions": rows})
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value).startswith(
        "d.xlsx, sheet 'Reviewer decisions', column E ('Note'): this column and the column "
        "headed Decision (column C) say different decisions on a line (row 2: 'same person' in "
        "the Decision, 'Not the same person - different DOB' here);"
    ), str(info.value)


def test_the_run_stops_on_a_decision_typed_in_the_note(
    reviewed: tuple[Path, Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The run's workbook with a decision typed in the Note of a line and the Decision left
    blank: the run applied the others and noted the line among its notes; now it stops."""
    folder, _, decisions = reviewed
    book = openpyxl.load_workbook(decisions)
    header, _ = review_sheet_rows(book)
    sheet = book["Needs review"]
    sheet.cell(row=3, column=header["Decision"] + 1).value = None
    sheet.cell(row=3, column=header["Note"] + 1, value="not the same person, DOB differs")
    path = tmp_path / "note.xlsx"
    book.save(path)
    result = invoke(folder, tmp_path / "out", "--decisions", str(path))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    note = openpyxl.utils.get_column_letter(header["Note"] + 1)
    assert said.startswith(
        f"error: note.xlsx, sheet 'Needs review', column {note} ('Note'): a decision ('not the "
        "same person, DOB differs' in row 3) typed in this column"
    ), said
    assert not (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.parametrize(
    ("typed", "decision"),
    [
        ("Same person\u200b", SAME),  # a zero-width space pasted with it
        ("not the sa\u00adme person", NOT_SAME),  # a soft hyphen
        ("\uff33\uff41\uff4d\uff45 \uff50\uff45\uff52\uff53\uff4f\uff4e", SAME),  # full-width
        ("not\u2013the\u2013same\u2013person", NOT_SAME),  # en dashes for hyphens
        ("Not\u00a0the same person", NOT_SAME),  # a no-break space
        ("\u2060same person\u2060", SAME),  # word joiners
    ],
)
@pytest.mark.parametrize("name", ["d.xlsx", "d.csv"])
def test_a_decision_as_the_cell_shows_it_is_read(
    tmp_path: Path, typed: str, decision: str, name: str
) -> None:
    """Pasted text carries characters that show nothing, and other systems write letters and
    hyphens in other forms: the Decision reads as what the cell shows."""
    (only,) = load_decisions(_write(tmp_path / name, [HEADER, _line(1, typed, "R. Jones", "")]))
    assert only.decision == decision


def test_a_cell_that_is_no_decision_shows_what_it_holds_that_shows_nothing(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path / "d.xlsx", [HEADER, _line(1, "Same\u202eperson", "R. Jones", "")])
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert "column Decision: 'Same[U+202E]person' is not a decision;" in str(info.value)
