"""Decisions typed in a column of the reviewer's own ("Decision (JS)", "My decision") while the
column headed Decision stays blank: the run stops, naming the column, instead of "0 applied"."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from reconcile.decisions import NOT_SAME, SAME, load_decisions
from reconcile.errors import InputError
from tests.test_read_corpus import write_xlsx
from tests.test_review_roundtrip import (
    invoke,
    review_sheet_rows,
    reviewed,  # noqa: F401  (the module's fixture, used by the tests below)
)

HEADER = ["Prison row", "prison_key", "ind_key", "Decision", "Reviewer", "Note"]


def _keys(n: int) -> tuple[str, str]:
    return f"P-{n:016X}", f"I-{n + 1000:016X}"


def _sheet(own: str, typed: list[str]) -> list[list[object]]:
    """The Needs review sheet with a column headed ``own`` (G) holding ``typed`` on its lines,
    the Decision column (D) blank and the Reviewer filled in."""
    return [
        [*HEADER, own],
        *([n, *_keys(n), "", "R. Jones", "", value] for n, value in enumerate(typed, start=1)),
    ]


@pytest.mark.parametrize("own", ["Decision (JS)", "Decisions", "My decision", "Reviewer decision"])
def test_decisions_in_a_column_of_ones_own_stop_the_run(tmp_path: Path, own: str) -> None:
    path = write_xlsx(
        tmp_path / "d.xlsx", {"Needs review": _sheet(own, ["Same person", "", "not the same"])}
    )
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        f"d.xlsx, sheet 'Needs review', column G ({own!r}): 2 decisions ('Same person' in row "
        "2, and others in row 4) typed in this column, with the column headed Decision (column "
        "D) blank on those lines; decisions are read only from the column headed Decision, so "
        "they would not be applied. Type them in the column headed Decision (or delete that "
        "empty column and head this one Decision), and run again"
    )


def test_one_decision_in_a_csv_is_named_by_column_number(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(_sheet("My decision", ["", "skip"]))
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value).startswith(
        "d.csv, column number 7 ('My decision'): a decision ('skip' in row 3) typed in this "
        "column, with the column headed Decision (column number 4) blank on that line;"
    )


def test_a_column_of_ones_own_beside_the_decisions_is_no_stop(tmp_path: Path) -> None:
    """Where the Decision is typed, a column of one's own (a copy, a draft) is passed over; so
    is a column headed otherwise, and one holding no decision."""
    rows = _sheet("My decision", ["same person", "not the same person", "maybe"])
    rows[1][3], rows[2][3] = "same person", "not the same person"
    rows[0].append("Checked")
    rows[1].append("yes")
    path = write_xlsx(tmp_path / "d.xlsx", {"Needs review": rows})
    found = [(d.prison_key, d.decision) for d in load_decisions(path)]
    assert found == [(_keys(1)[0], SAME), (_keys(2)[0], NOT_SAME)]


def test_the_run_stops_naming_the_column(
    reviewed: tuple[Path, Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The run's workbook with a decision typed in a column added at the right, "Decision
    (JS)": the run said "0 applied" and nothing else; now it stops, naming the column."""
    folder, first, _ = reviewed
    book = openpyxl.load_workbook(first / "reconciliation.xlsx")
    header, rows = review_sheet_rows(book)
    assert rows and not any(row[header["Decision"]] for row in rows)
    sheet = book["Needs review"]
    column = sheet.max_column + 1
    letter = openpyxl.utils.get_column_letter(column)
    sheet.cell(row=1, column=column, value="Decision (JS)")
    sheet.cell(row=2, column=column, value="not the same person")
    sheet.cell(row=2, column=header["Reviewer"] + 1, value="J. Smith")
    path = tmp_path / "own.xlsx"
    book.save(path)
    result = invoke(folder, tmp_path / "out", "--decisions", str(path))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said.startswith(
        f"error: own.xlsx, sheet 'Needs review', column {letter} ('Decision (JS)'): a decision "
        "('not the same person' in row 2) typed in this column"
    ), said
    assert not (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.parametrize("reviewer", [True, False])
def test_a_decisions_column_with_no_decision_column_is_named(
    tmp_path: Path, reviewer: bool
) -> None:
    """A CSV with the keys and a column headed "Decisions" but none headed Decision: the
    message for a file without decisions now names the column that holds them, whether a
    Reviewer column is there (no Decision, though rows name a reviewer) or not."""
    header = ["prison_key", "ind_key", "Decisions", *(["Reviewer"] if reviewer else [])]
    rows = [[*_keys(n), "same person", *(["R. Jones"] if reviewer else [])] for n in (1, 2)]
    path = tmp_path / "d.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    with pytest.raises(InputError) as raised:
        load_decisions(path)
    said = (
        "holds decisions (row 2: 'same person'): head it Decision"
        if reviewer
        else "is not read: if it holds the decisions, head it Decision"
    )
    assert str(raised.value).endswith(
        f"; the column headed 'Decisions' (column number 3) {said}"
    ), str(raised.value)
