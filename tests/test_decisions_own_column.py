"""Decisions typed in a column of the reviewer's own ("Decision (JS)", "My decision") while the
column headed Decision stays blank: the run stops, naming the column, instead of "0 applied"."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from reconcile.decisions import NOT_SAME, SAME, load_decisions
from reconcile.errors import InputError
from tests.test_read_corpus import write_ods, write_xlsx
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


# A column of one's own whose decisions disagree with the Decision on the same line: only the
# Decision was read and nothing was said, so the outcome applied was not the one the column
# showed; now the run stops, naming each line, both columns and what they hold.


def _both(own: str, pairs: list[tuple[str, str]]) -> list[list[object]]:
    """The Needs review sheet with the Decision (D) and a column headed ``own`` (G) filled in
    on each line as ``pairs`` (Decision, own column) say."""
    rows = _sheet(own, [typed for _, typed in pairs])
    for row, (decision, _) in zip(rows[1:], pairs, strict=True):
        row[3] = decision
    return rows


@pytest.mark.parametrize(
    ("decision", "typed"),
    [
        ("same person", "not the same person"),
        ("Not the same person.", "Same"),
        ("skip", "yes"),
        ("same person", "skip"),
        ("same person", "No - different DOB"),
    ],
)
def test_a_column_of_ones_own_that_disagrees_stops_the_run(
    tmp_path: Path, decision: str, typed: str
) -> None:
    path = write_xlsx(
        tmp_path / "d.xlsx",
        {
            "Needs review": _both(
                "Decision (JS)", [("same person", "same person"), (decision, typed)]
            )
        },
    )
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "d.xlsx, sheet 'Needs review', column G ('Decision (JS)'): this column and the column "
        f"headed Decision (column D) say different decisions on a line (row 3: {decision!r} in "
        f"the Decision, {typed!r} here); decisions are read only from the column headed "
        "Decision, so that line would be decided as the Decision says, not as this column "
        "does. Make the two agree: put the decision to apply in the column headed Decision, "
        "and correct or clear this column's entry on that line (where this column holds a "
        "draft or a second reviewer's view, clear it, delete it or head it without the word "
        "'decision'), and run again"
    )


def test_disagreeing_lines_of_a_csv_are_each_named(tmp_path: Path) -> None:
    """Every disagreeing line is named with both values, up to ten, the rest counted; lines
    that agree, or whose own column is blank, are not."""
    pairs = [("same person", "same person"), ("not the same person", "")]
    pairs += [("same person", "not the same person")] * 11 + [("not the same person", "yes")]
    path = tmp_path / "d.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(_both("My decision", pairs))
    with pytest.raises(InputError) as info:
        load_decisions(path)
    listed = "; ".join(
        f"row {n}: 'same person' in the Decision, 'not the same person' here" for n in range(4, 14)
    )
    assert str(info.value).startswith(
        "d.csv, column number 7 ('My decision'): this column and the column headed Decision "
        f"(column number 4) say different decisions on 12 lines ({listed}; and 2 more); "
        "decisions are read only from the column headed Decision, so those lines would be "
        "decided as the Decision says, not as this column does. Make the two agree:"
    ), str(info.value)


def test_a_disagreeing_column_in_an_ods_copy_stops_the_run(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "d.ods",
        {"Needs review": _both("Decisions", [("not the same person", "Same person")])},
    )
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value).startswith(
        "d.ods, sheet 'Needs review', column G ('Decisions'): this column and the column "
        "headed Decision (column D) say different decisions on a line (row 2: 'not the same "
        "person' in the Decision, 'Same person' here);"
    ), str(info.value)


@pytest.mark.parametrize(
    ("own", "decision", "typed"),
    [
        ("Decision (JS)", "same person", "Yes"),
        ("Decision (JS)", "Not the same person.", "no"),
        ("Decision (JS)", "same person", "Same person - PNC matches"),
        ("Decision (JS)", "skip", "Skip"),
        ("Decision (JS)", "not the same person", ""),
        # Notes under a heading that names a decision: no decision in them.
        ("Reason for decision", "same person", "PNC and DOB match"),
        ("My decision notes", "not the same person", "same DOB, another name"),
        ("Decision (JS)", "same person", "Same person?"),
        # A second view kept under a heading that is no decision's.
        ("Draft (JS)", "same person", "not the same person"),
    ],
)
def test_a_column_that_agrees_or_holds_no_decision_is_no_stop(
    tmp_path: Path, own: str, decision: str, typed: str
) -> None:
    rows = _both(own, [(decision, typed)])
    for path in (tmp_path / "d.csv", tmp_path / "d.xlsx"):
        if path.suffix == ".csv":
            with path.open("w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows(rows)
        else:
            write_xlsx(path, {"Needs review": rows})
        found = [d.decision for d in load_decisions(path)]
        expected = {"skip": []}.get(decision, [NOT_SAME if "not" in decision.lower() else SAME])
        assert found == expected, path.name


def test_a_decision_with_a_comment_in_ones_own_column_is_not_passed_over(tmp_path: Path) -> None:
    """'Not the same person - different DOB' typed in a column of one's own, the Decision
    blank: it was passed over (only a note, "a line with a Reviewer or Note but no
    Decision"); now it is a decision typed in that column, as 'not the same person' is."""
    path = write_xlsx(
        tmp_path / "d.xlsx",
        {"Needs review": _sheet("My decision", ["Not the same person - different DOB"])},
    )
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value).startswith(
        "d.xlsx, sheet 'Needs review', column G ('My decision'): a decision ('Not the same "
        "person - different DOB' in row 2) typed in this column, with the column headed "
        "Decision (column D) blank on that line;"
    ), str(info.value)


def test_the_run_stops_on_a_column_that_disagrees(
    reviewed: tuple[Path, Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The reviewed workbook, every line decided, with a column "Decision (JS)" added that
    agrees on the first line and says the opposite on the second: the run applied the
    Decision column alone and said nothing; now it stops, naming the second line."""
    folder, _, decisions = reviewed
    book = openpyxl.load_workbook(decisions)
    header, rows = review_sheet_rows(book)
    assert len(rows) >= 2
    sheet = book["Needs review"]
    column = sheet.max_column + 1
    letter = openpyxl.utils.get_column_letter(column)
    sheet.cell(row=1, column=column, value="Decision (JS)")
    first, second = rows[0][header["Decision"]], rows[1][header["Decision"]]
    opposite = "same person" if second == "not the same person" else "not the same person"
    sheet.cell(row=2, column=column, value=first)
    sheet.cell(row=3, column=column, value=opposite)
    path = tmp_path / "two.xlsx"
    book.save(path)
    result = invoke(folder, tmp_path / "out", "--decisions", str(path))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    decision = openpyxl.utils.get_column_letter(header["Decision"] + 1)
    assert said.startswith(
        f"error: two.xlsx, sheet 'Needs review', column {letter} ('Decision (JS)'): this "
        f"column and the column headed Decision (column {decision}) say different decisions "
        f"on a line (row 3: {second!r} in the Decision, {opposite!r} here);"
    ), said
    assert not (tmp_path / "out" / "manifest.json").exists()
