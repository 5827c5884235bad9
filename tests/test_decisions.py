"""Reviewers' decisions: read from CSV or workbook, keyed by content, stale ones reported."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from reconcile.decisions import NOT_SAME, SAME, load_decisions, resolve
from reconcile.errors import InputError
from reconcile.keys import ind_key, prison_key
from reconcile.model import IndRecord, PrisonRecord, Provenance


def prison_rec(idx: int, surname: str, dob: date) -> PrisonRecord:
    return PrisonRecord(
        idx=idx,
        prov=Provenance("prison.xlsx", "Extract", idx + 2),
        prison_number=f"AB{1000 + idx}",
        surname=surname,
        forenames="ALI",
        dob=dob,
        nationality="NG",
        nationality_raw="Nigerian",
        sentence_months=18.0,
        sentence_life=False,
        sentence_raw="18",
        offence="Robbery",
        sentence_start=date(2003, 1, 1),
        release_date=date(2004, 1, 1),
        court_recommended=False,
    )


def ind_rec(idx: int, surname: str, dob: date) -> IndRecord:
    return IndRecord(
        idx=idx,
        prov=Provenance("ind.xlsx", "Cases", idx + 2),
        case_ref=f"B{1000000 + idx}",
        surname=surname,
        forenames="ALI",
        dob=dob,
        nationality="NG",
        nationality_raw="Nigeria",
        prison_number=None,
        referral_date=None,
        considered_date=None,
        decision="",
    )


PRISON = [prison_rec(0, "OKAFOR", date(1970, 5, 1)), prison_rec(1, "ADEYEMI", date(1980, 2, 3))]
IND = [ind_rec(0, "OKAFOR", date(1970, 5, 1)), ind_rec(1, "ADEYEMI", date(1980, 3, 2))]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


HEADER = ["prison_key", "ind_key", "Decision", "Reviewer", "Note"]


def test_csv_decisions_apply_by_key(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "d.csv",
        [
            HEADER,
            [prison_key(PRISON[0]), ind_key(IND[0]), "Same person", "J Smith", "checked PNC"],
            [prison_key(PRISON[1]), ind_key(IND[1]), "not the same person", "J Smith", ""],
            [prison_key(PRISON[1]), ind_key(IND[0]), "skip", "", ""],
            [prison_key(PRISON[0]), ind_key(IND[1]), "", "", ""],
        ],
    )
    decisions = load_decisions(path)
    assert [d.decision for d in decisions] == [SAME, NOT_SAME]
    assert decisions[0].source == "d.csv, row 2"
    overrides, applied = resolve(decisions, PRISON, IND)
    assert overrides.same == {(0, 0)}
    assert overrides.not_same == {(1, 1)}
    assert overrides.reviewer[(0, 0)] == "J Smith: checked PNC"
    assert [a.status for a in applied] == ["applied", "applied"]


def test_stale_decision_is_reported_not_applied(tmp_path: Path) -> None:
    changed = prison_rec(0, "OKAFOR", date(1970, 5, 2))  # the DOB was corrected since review
    path = write_csv(
        tmp_path / "d.csv",
        [HEADER, [prison_key(changed), ind_key(IND[0]), "same person", "A", ""]],
    )
    overrides, applied = resolve(load_decisions(path), PRISON, IND)
    assert overrides.same == frozenset()
    assert applied[0].status.startswith("stale: the prison record it was made about changed")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [HEADER, ["P-1", "I-1", "maybe", "", ""]],
            "d.csv, row 2, column Decision: 'maybe' is not a decision; use 'same person', "
            "'not the same person' or 'skip'",
        ),
        (
            [HEADER, ["P-1", "I-1", "same person", "", ""], ["P-1", "I-1", "not same", "", ""]],
            "d.csv, row 3: this pair was already decided differently at d.csv, row 2 "
            "('same person' against 'not the same person'); keep one decision per pair",
        ),
        (
            [HEADER, ["", "I-1", "same person", "", ""]],
            "d.csv, row 2: a decision needs both prison_key and ind_key; copy them from the "
            "Needs review sheet",
        ),
        (
            [["a", "b"], ["1", "2"]],
            "d.csv: no sheet with the columns prison_key, ind_key and Decision; give the reviewed "
            "reconciliation.xlsx, or a CSV with those columns",
        ),
    ],
)
def test_bad_decisions_name_the_row(tmp_path: Path, rows: list[list[str]], message: str) -> None:
    path = write_csv(tmp_path / "d.csv", rows)
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == message


def test_workbook_decisions_name_the_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Needs review"
    sheet.append(["Needs review"])
    sheet.append(["Prison row", *HEADER])
    sheet.append([5, prison_key(PRISON[0]), ind_key(IND[0]), "same person", "R", "ok"])
    sheet.append([6, prison_key(PRISON[1]), ind_key(IND[1]), "perhaps", "R", ""])
    path = tmp_path / "reviewed.xlsx"
    book.save(path)
    with pytest.raises(InputError, match=r"reviewed.xlsx, sheet 'Needs review', row 4, column"):
        load_decisions(path)
