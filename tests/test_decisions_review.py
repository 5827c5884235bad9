"""A reviewer's workbook as reviewers leave it: a copied column, a file without decisions, a
line typed in below the table, a decision whose records have gone (named as it was shown)."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from reconcile.decisions import load_decisions, missing_text, read_decisions, resolve
from reconcile.errors import InputError
from reconcile.keys import ind_key, prison_key
from tests.test_decisions import IND, PRISON
from tests.test_read_corpus import write_xlsx

# The Needs review sheet's columns the decisions are read from, as the run heads them.
REVIEW = [
    "Prison row",
    "Prison: surname",
    "Prison: forenames",
    "IND case reference",
    "IND row",
    "Decision",
    "Reviewer",
    "Note",
    "prison_key",
    "ind_key",
]
P0, I0 = prison_key(PRISON[0]), ind_key(IND[0])
P1, I1 = prison_key(PRISON[1]), ind_key(IND[1])


def review_line(decision: str, reviewer: str = "A. Reviewer", note: str = "") -> list[object]:
    return [2, "OKAFOR", "ALI", "B1000000", 2, decision, reviewer, note, P0, I0]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_a_second_decision_column_with_entries_stops_the_run(tmp_path: Path) -> None:
    """A reviewer who copied the Decision column and decided in the copy: only one column is
    read, so the decisions in the other would be passed over without a word."""
    line = [*review_line(""), "same person"]
    path = write_xlsx(tmp_path / "r.xlsx", {"Needs review": [[*REVIEW, "Decision"], line]})
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "r.xlsx, sheet 'Needs review', row 1: 2 columns are headed 'Decision' (columns F and "
        "K), and column K holds entries, but only the first of them (F) is read, so those "
        "entries would be passed over; keep one column headed 'Decision', with every entry in "
        "it (rename or delete the others), and run again"
    )


def test_two_reviewer_columns_in_a_csv_are_named_by_number(tmp_path: Path) -> None:
    rows = [
        ["prison_key", "ind_key", "Decision", "Reviewer", "Reviewer"],
        [P0, I0, "same person", "", "B. Second"],
    ]
    path = write_csv(tmp_path / "d.csv", rows)
    with pytest.raises(InputError, match=r"^d.csv, row 1: 2 columns are headed 'Reviewer' "):
        load_decisions(path)
    with pytest.raises(InputError, match=r"column numbers 4 and 5\), and column number 5 holds"):
        load_decisions(path)


def test_an_empty_copy_of_a_column_is_harmless_and_notes_are_joined(tmp_path: Path) -> None:
    """A second Decision column left empty is no obstacle; a Notes column added beside the
    Note column is read with it."""
    header = [*REVIEW, "Decision", "Notes"]
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"Needs review": [header, [*review_line("same person", note="paper file"), "", "PNC"]]},
    )
    [decision] = load_decisions(path)
    assert (decision.decision, decision.note) == ("same person", "paper file; PNC")


def test_outcomes_csv_given_as_decisions_says_what_it_is_and_what_to_do(tmp_path: Path) -> None:
    """A run's outcomes.csv has the keys but no Decision: it was not read as an extract."""
    rows = [
        ["source_file", "source_row", "surname", "forenames", "outcome", "prison_key", "ind_key"],
        ["prison.xlsx", 2, "OKAFOR", "ALI", "never_referred", P0, ""],
    ]
    path = write_csv(tmp_path / "outcomes.csv", rows)
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "outcomes.csv, row 1: the header has columns prison_key and ind_key but none headed "
        "Decision or Reviewer, so there is no decision to read (a run's outcomes.csv or listing "
        "sheet, not the reviewed workbook?); give the reviewed reconciliation.xlsx, or add "
        "columns headed Decision and Reviewer to this file, fill them in on the rows you decide "
        "('same person', 'not the same person' or 'skip', and your name), and run again"
    )


def test_a_workbook_whose_decision_headings_were_renamed_names_its_needs_review_sheet(
    tmp_path: Path,
) -> None:
    listing = ["Prison row", "Surname", "prison_key", "ind_key"]
    renamed = [h.replace("Decision", "Verdict").replace("Reviewer", "By") for h in REVIEW]
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "Never referred": [listing, [2, "OKAFOR", P0, ""]],
            "Needs review": [renamed, review_line("same person")],
        },
    )
    with pytest.raises(InputError, match=r"^r.xlsx, sheet 'Needs review', row 1: the header"):
        load_decisions(path)


def test_a_decision_typed_below_the_table_says_it_has_no_records(tmp_path: Path) -> None:
    blank_line = [None] * 5 + ["same person", "A. Reviewer", None, None, None]
    path = write_xlsx(
        tmp_path / "r.xlsx", {"Needs review": [REVIEW, review_line(""), [], blank_line]}
    )
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "r.xlsx, sheet 'Needs review', row 4, column Decision: 'same person' on a line with no "
        "prison_key and no ind_key (the run writes them, hidden, at the right of each "
        "candidate's line; a line typed or pasted in has none), so it is not known which "
        "records it is about; put the Decision on the line of the candidate it is about, or "
        "clear it, and run again"
    )


def test_a_stale_decision_keeps_the_records_as_they_were_shown(tmp_path: Path) -> None:
    """A decision whose records have gone is named as the Needs review sheet showed them, and
    keeps that name when the Reviewer decisions sheet carries it to the next round."""
    path = write_xlsx(tmp_path / "r1.xlsx", {"Needs review": [REVIEW, review_line("same person")]})
    [first] = load_decisions(path)
    assert (first.prison_shown, first.ind_shown) == ("row 2: OKAFOR, ALI", "B1000000 (row 2)")
    _, [gone] = resolve([first], PRISON[1:], IND)  # the prison row is no longer there
    assert gone.status.startswith("stale")
    recorded_row = missing_text(gone.prison_shown)
    assert recorded_row == "not in these extracts (was row 2: OKAFOR, ALI)"
    # The next round reads it back from the Reviewer decisions sheet, as the run wrote it.
    recorded = [
        ["Prison row", "IND record", "Decision", "Reviewer", "Note", "Status", "From"],
        [recorded_row, "B1000000 (row 2)", "same person", "A. Reviewer", "", gone.status],
        ["row 3: ADEYEMI, ALI", missing_text(""), "not the same person", "B", "", ""],
    ]
    keys = [["Prison record key", "IND record key"], [P0, I0], [P1, I1]]
    sources = [[], [gone.source], ["r1.xlsx, row 9"]]
    rows = [[*a, *b, *c] for a, b, c in zip(recorded, sources, keys, strict=True)]
    round2 = write_xlsx(tmp_path / "r2.xlsx", {"Reviewer decisions": rows})
    carried = load_decisions(round2)
    assert [(d.prison_shown, d.ind_shown) for d in carried] == [
        ("row 2: OKAFOR, ALI", "B1000000 (row 2)"),
        ("row 3: ADEYEMI, ALI", ""),
    ]


def test_a_stale_decision_does_not_stop_the_row_being_decided_again(tmp_path: Path) -> None:
    """Round 1 linked a prison row to an IND record whose name IND has corrected since: that
    decision is stale, and the row, doubtful again, is decided with the record as it now is.
    The stale decision was taken for a second 'same person' on the row, and stopped the run."""
    corrected = IND[0]
    before = dataclasses.replace(corrected, forenames="ALY")  # as round 1 saw it
    recorded = ["Decision", "Reviewer", "Note", "Status", "From"]
    path = write_xlsx(
        tmp_path / "round2.xlsx",
        {
            "Needs review": [REVIEW, review_line("same person", "B. New")],
            "Reviewer decisions": [
                [*recorded, "Prison record key", "IND record key"],
                ["same person", "A. Old", "", "applied", "r1.xlsx, row 2", P0, ind_key(before)],
            ],
        },
    )
    overrides, applied = resolve(load_decisions(path), PRISON, IND)
    assert [(d.reviewer, d.status.split(":")[0]) for d in applied] == [
        ("B. New", "applied"),
        ("A. Old", "stale"),
    ]
    assert overrides.same == {(PRISON[0].idx, corrected.idx)}
    # Both decisions applying: the row is linked to one IND record only, and the run stops.
    both = write_xlsx(
        tmp_path / "both.xlsx",
        {
            "Needs review": [REVIEW, review_line("same person", "B. New")],
            "Reviewer decisions": [
                [*recorded, "Prison record key", "IND record key"],
                ["same person", "A. Old", "", "applied", "r1.xlsx, row 2", P0, I1],
            ],
        },
    )
    with pytest.raises(InputError, match="decided 'same person' with another IND record"):
        resolve(load_decisions(both), PRISON, IND)


def test_a_row_decided_by_a_reviewer_says_where_the_decision_was_read(tmp_path: Path) -> None:
    """The row's reason and link explanation name the reviewer, the note and the file, sheet
    and row the decision came from; one carried forward, where it was first made."""
    recorded = ["Decision", "Reviewer", "Note", "Status", "From"]
    path = write_xlsx(
        tmp_path / "round2.xlsx",
        {
            "Needs review": [REVIEW, review_line("same person", "B. New", "paper file")],
            "Reviewer decisions": [
                [*recorded, "Prison record key", "IND record key"],
                ["no", "A. Old", "", "applied", "r1.xlsx, sheet 'Needs review', row 7", P1, I1],
            ],
        },
    )
    overrides, _ = resolve(load_decisions(path), PRISON, IND)
    assert overrides.reviewer == {
        (PRISON[0].idx, IND[0].idx): "B. New: paper file; round2.xlsx, sheet 'Needs review', row 2",
        (PRISON[1].idx, IND[1].idx): "A. Old; r1.xlsx, sheet 'Needs review', row 7",
    }


def test_lines_with_a_reviewer_or_note_but_no_decision_are_noted(tmp_path: Path) -> None:
    rows = [
        REVIEW,
        review_line("", "A. Reviewer"),
        review_line("skip", "A. Reviewer", "asked IND"),  # skipped on purpose: no note
        review_line("", "", "phoned the prison"),
        review_line("", ""),
    ]
    path = write_xlsx(tmp_path / "r.xlsx", {"Needs review": rows})
    decisions, notes = read_decisions(path)
    assert decisions == []
    assert notes == [
        "r.xlsx, sheet 'Needs review', rows 2 and 4: lines with a Reviewer or Note but no "
        "Decision, so nothing was applied for them; where a link was decided, choose the "
        "Decision there (same person or not the same person) and run again"
    ]


def test_names_shown_beside_a_decision_must_be_its_records_names(tmp_path: Path) -> None:
    """With the Prison row and IND row columns deleted, a sort of the shown columns alone
    put each Decision beside another line's hidden keys unseen; the names shown are checked
    against the records the keys are for."""
    header = ["Prison: surname", "Prison: forenames", "IND: surname", "IND: forenames"]
    header += ["Decision", "Reviewer", "Note", "prison_key", "ind_key"]
    okafor = ["OKAFOR", "ALI", "OKAFOR", "ALI"]
    adeyemi = ["ADEYEMI", "ALI", "ADEYEMI", "ALI"]
    right = [
        header,
        [*okafor, "same person", "R", "", P0, I0],
        [*adeyemi, "not the same person", "R", "", P1, I1],
    ]
    path = write_xlsx(tmp_path / "right.xlsx", {"Needs review": right})
    _, applied = resolve(load_decisions(path), PRISON, IND)
    assert [d.status for d in applied] == ["applied", "applied"]
    # The shown columns sorted Z to A, the hidden keys left where they were.
    swapped = [header, [*adeyemi, *right[2][4:7], P0, I0], [*okafor, *right[1][4:7], P1, I1]]
    path = write_xlsx(tmp_path / "sorted.xlsx", {"Needs review": swapped})
    with pytest.raises(InputError) as info:
        resolve(load_decisions(path), PRISON, IND)
    assert str(info.value) == (
        "sorted.xlsx, sheet 'Needs review', row 2 (and 1 more line likewise): the names shown "
        "beside the Decision are not those of the records the line's hidden prison_key and "
        "ind_key were made for (shown: ADEYEMI, ALI; its prison key is for row 2, OKAFOR, ALI), "
        "so the Decision would be applied to other records than the ones shown; the sheet was "
        "sorted, or rows were pasted, without its hidden columns, or names were edited. Undo "
        "that (or sort the whole sheet, hidden columns included), check the decisions still "
        "sit beside the right records, and run again"
    )
    # Capitals and spacing are not a difference; a decisions file showing no names is not
    # checked (a CSV made by hand).
    loose = [header, [" okafor", "Ali ", "Okafor", "ali", "same person", "R", "", P0, I0]]
    path = write_xlsx(tmp_path / "loose.xlsx", {"Needs review": loose})
    assert resolve(load_decisions(path), PRISON, IND)[1][0].status == "applied"


def test_a_decision_repeated_on_a_copied_sheet_is_applied_and_counted_once(
    tmp_path: Path,
) -> None:
    """A reviewer who copied the Needs review sheet and decided on both: the pair is decided
    once, from its first place, and a note names the repeat (counted twice, it swelled the
    decisions applied)."""
    sheet = [REVIEW, review_line("same person")]
    path = write_xlsx(tmp_path / "r.xlsx", {"Needs review": sheet, "Needs review (2)": sheet})
    decisions, notes = read_decisions(path)
    assert [d.source for d in decisions] == ["r.xlsx, sheet 'Needs review', row 2"]
    assert notes == [
        "1 decision repeats one made on the same pair the same way (r.xlsx, sheet 'Needs "
        "review (2)', row 2 repeats r.xlsx, sheet 'Needs review', row 2): each pair's "
        "decision is applied and counted once, from its first place"
    ]
    _, applied = resolve(decisions, PRISON, IND)
    assert [a.status for a in applied] == ["applied"]


def test_a_row_number_edited_beside_a_decision_stops_the_run_and_says_so(tmp_path: Path) -> None:
    """The shown IND row no longer the row the hidden source names: the line was sorted apart
    from its hidden columns, or the number was edited. Either way the decision would go to
    records other than the ones shown."""
    header = [*REVIEW, "prison_source", "ind_source"]
    line = review_line("same person")
    line[REVIEW.index("IND row")] = 7  # the hidden source says row 2
    sources = ["prison.xlsx, sheet 'Extract', row 2", "ind.xlsx, sheet 'Cases', row 2"]
    path = write_xlsx(tmp_path / "r.xlsx", {"Needs review": [header, [*line, *sources]]})
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "r.xlsx, sheet 'Needs review', row 2: the Prison row or IND row shown is not the row "
        "the line's hidden prison_key and ind_key were made for, so the Decision there would "
        "be applied to other records than the ones shown; the sheet was sorted, or rows were "
        "pasted, without its hidden columns, or a row number was edited. Undo that (put the "
        "number back, or sort the whole sheet, hidden columns included), check the decisions "
        "still sit beside the right records, and run again"
    )
