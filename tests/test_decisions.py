"""Reviewers' decisions: read from CSV or workbook, keyed by content, stale ones reported."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from reconcile.decisions import NOT_SAME, SAME, load_decisions, resolve, summary_line
from reconcile.errors import InputError
from reconcile.keys import ind_key, prison_key
from reconcile.model import IndRecord, PrisonRecord, Provenance
from tests.test_read_corpus import convert, write_ods, write_xlsx


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
    assert overrides.reviewer[(0, 0)] == "J Smith: checked PNC; d.csv, row 2"
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


def test_a_stale_decision_says_which_records_are_gone(tmp_path: Path) -> None:
    gone_prison = prison_rec(0, "OKAFOR", date(1970, 5, 2))
    gone_ind = ind_rec(0, "OKAFOR", date(1970, 5, 2))
    path = write_csv(
        tmp_path / "d.csv",
        [
            HEADER,
            [prison_key(gone_prison), ind_key(IND[0]), "same person", "A", ""],
            [prison_key(PRISON[0]), ind_key(gone_ind), "same person", "A", ""],
            [prison_key(gone_prison), ind_key(gone_ind), "not the same person", "A", ""],
        ],
    )
    _, applied = resolve(load_decisions(path), PRISON, IND)
    assert [d.status for d in applied] == [
        "stale: the prison record it was made about changed or is no longer in the prison "
        "extract; not applied",
        "stale: the IND record it was made about changed or is no longer in the IND extract; "
        "not applied",
        "stale: the prison record and the IND record it was made about changed or are no longer "
        "in the extracts; not applied",
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [HEADER, ["P-1", "I-1", "maybe", "", ""]],
            "d.csv, row 2, column Decision: 'maybe' is not a decision; use 'same person', "
            "'not the same person' or 'skip' and run again",
        ),
        (
            [HEADER, ["P-1", "I-1", "same person", "R", ""], ["P-1", "I-1", "not same", "R", ""]],
            "d.csv, row 3: this pair was already decided differently at d.csv, row 2 "
            "('same person' against 'not the same person'); keep one decision per pair",
        ),
        (
            [["Decision", "Reviewer", "Note"], ["same person", "R", ""], ["skip", "", ""]],
            "d.csv, row 1: the file has 1 decision but no prison_key and ind_key columns, which "
            "say which records each decision is about, so its decisions cannot be applied; add "
            "the prison_key and ind_key columns (the Needs review sheet and outcomes.csv give "
            "each record's key), or give the reviewed reconciliation.xlsx instead, and run again",
        ),
        (
            [HEADER, ["P-1", "", "not the same person", "R", ""]],
            "d.csv, row 2, column Decision: this line has no IND record to decide on (its "
            "ind_key is empty), so a Decision cannot settle it; set the Decision to 'skip' or "
            "clear it, see the What to do column of the Needs review sheet, and run again",
        ),
        (
            [HEADER, ["", "I-1", "same person", "R", ""]],
            "d.csv, row 2: a decision needs both prison_key and ind_key; copy them from the "
            "Needs review sheet",
        ),
        (
            [["a", "b"], ["1", "2"]],
            "d.csv: no sheet with the columns prison_key, ind_key and Decision; give the reviewed "
            "reconciliation.xlsx (or a copy saved as .xls or .ods), or a CSV with the columns "
            "prison_key, ind_key, Decision, Reviewer and Note",
        ),
        (
            [HEADER, ["P-1", "I-1", "same person", " ", "checked"]],
            "d.csv, row 2, column Reviewer: a decision without the name of the reviewer who made "
            "it; the evidence must say who decided each link, so fill in the Reviewer column (or "
            "set the Decision to 'skip') and run again",
        ),
        (
            [
                HEADER,
                ["P-1", "I-1", "same person", "", ""],
                ["P-2", "I-2", "skip", "", ""],
                ["P-3", "I-3", "not the same person", "R", ""],
                ["P-4", "I-4", "no", "", ""],
            ],
            "d.csv, rows 2 and 5, column Reviewer: decisions without the name of the reviewer "
            "who made them; the evidence must say who decided each link, so fill in the Reviewer "
            "column (or set the Decision to 'skip') and run again",
        ),
        (
            [["prison_key", "ind_key", "Decision"], ["P-1", "I-1", "same person"]],
            "d.csv: no Reviewer column; the evidence must say who decided each link, so add a "
            "column headed Reviewer with a name on every decided row and run again",
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


def test_a_header_is_looked_for_in_a_sheet_s_first_rows_only(tmp_path: Path) -> None:
    from reconcile.decisions import HEADER_SEARCH_ROWS

    row = [prison_key(PRISON[0]), ind_key(IND[0]), "same person", "R", "ok"]
    filler = [[f"note {n}"] for n in range(HEADER_SEARCH_ROWS - 1)]
    near = write_xlsx(tmp_path / "near.xlsx", {"Mine": [*filler, HEADER, row]})
    assert len(load_decisions(near)) == 1
    far = write_xlsx(tmp_path / "far.xlsx", {"Mine": [*filler, ["one more"], HEADER, row]})
    with pytest.raises(InputError, match="no sheet with the columns prison_key, ind_key"):
        load_decisions(far)


def needs_review(*rows: list[object]) -> list[list[object]]:
    return [["Needs review"], ["Prison row", *HEADER], *[[5, *row] for row in rows]]


RECORDED_HEADER = [
    "Decision",
    "Reviewer",
    "Note",
    "Status",
    "From",
    "Prison record key",
    "IND record key",
]


def test_ods_and_xls_workbooks_are_read(tmp_path: Path) -> None:
    """A reviewed workbook saved from LibreOffice (.ods) or as Excel 97-2003 (.xls) is read
    through the same guarded reader as the extracts."""
    rows = needs_review(["P-1", "I-1", "Same Person ", "R. Jones", "PNC checked"])
    ods = write_ods(tmp_path / "reviewed.ods", {"Summary": [["Run"]], "Needs review": rows})
    xls = convert(write_xlsx(tmp_path / "reviewed.xlsx", {"Needs review": rows}), "xls", tmp_path)
    for path in (ods, xls):
        [d] = load_decisions(path)
        assert (d.source, d.prison_key, d.ind_key, d.decision, d.reviewer, d.note) == (
            f"{path.name}, sheet 'Needs review', row 3",
            "P-1",
            "I-1",
            SAME,
            "R. Jones",
            "PNC checked",
        )


def test_semicolon_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("prison_key;ind_key;Decision;Reviewer\nP-1;I-1;no;R\n", encoding="utf-8")
    assert [(d.prison_key, d.decision) for d in load_decisions(path)] == [("P-1", NOT_SAME)]


GIVE = (
    "give the reviewed reconciliation.xlsx (or a copy saved as .xls or .ods), or a CSV with the "
    "columns prison_key, ind_key, Decision, Reviewer and Note"
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "d.xlsx",
            b"%PDF-1.4 not a workbook",
            f"d.xlsx: this is a PDF document, not a spreadsheet; {GIVE}",
        ),
        (
            "d.csv",
            b"prison_key,ind_key,Decision,Reviewer\nP-1,I-1,same,R\x81\n",
            "d.csv: the text cannot be read as UTF-8 or Windows-1252 (byte 0x81 at position 51); "
            "save it again as 'CSV UTF-8' from Excel",
        ),
        (
            "d.xlsx",
            b"PK\x03\x04" + b"\0" * 40,
            "d.xlsx: the file is damaged (a truncated or corrupt zip archive: File is not a zip "
            "file); open it in Excel and save it again",
        ),
        ("d.csv", b"", f"d.csv: the file is empty (0 bytes); {GIVE}"),
    ],
)
def test_unreadable_files_name_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == message


def test_decisions_recorded_by_an_earlier_run_carry_forward(tmp_path: Path) -> None:
    """The Reviewer decisions sheet of a run's workbook is read with its Needs review sheet:
    decisions taken in earlier rounds are kept, and say where they were first made."""
    path = write_xlsx(
        tmp_path / "round2.xlsx",
        {
            "Needs review": needs_review(["P-3", "I-3", "same person", "B. New", ""]),
            "Reviewer decisions": [
                RECORDED_HEADER,
                ["same person", "A. Old", "paper file", "applied", "r.xlsx, row 2", "P-1", "I-1"],
                [
                    "not the same person",
                    "A. Old",
                    "",
                    "stale: the prison record ...",
                    "round1.xlsx, sheet 'Reviewer decisions', row 3 (first made at d.csv, row 9)",
                    "P-2",
                    "I-2",
                ],
            ],
        },
    )
    got = [(d.source, d.prison_key, d.decision, d.reviewer) for d in load_decisions(path)]
    assert got == [
        ("round2.xlsx, sheet 'Needs review', row 3", "P-3", SAME, "B. New"),
        (
            "round2.xlsx, sheet 'Reviewer decisions', row 2 (first made at r.xlsx, row 2)",
            "P-1",
            SAME,
            "A. Old",
        ),
        (
            "round2.xlsx, sheet 'Reviewer decisions', row 3 (first made at d.csv, row 9)",
            "P-2",
            NOT_SAME,
            "A. Old",
        ),
    ]


def test_a_pair_decided_again_differently_stops_the_run(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "round2.xlsx",
        {
            "Needs review": needs_review(["P-1", "I-1", "not the same person", "B. New", ""]),
            "Reviewer decisions": [
                RECORDED_HEADER,
                ["same person", "A. Old", "", "applied", "r.xlsx, row 2", "P-1", "I-1"],
            ],
        },
    )
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "round2.xlsx, sheet 'Reviewer decisions', row 2 (first made at r.xlsx, row 2): this "
        "pair was already decided differently at round2.xlsx, sheet 'Needs review', row 3 "
        "('not the same person' against 'same person'); a decision taken in an earlier run is "
        "changed on the Reviewer decisions sheet (or its row deleted there), not decided again; "
        "keep one decision per pair"
    )


def test_a_recorded_decision_without_a_reviewer_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "round2.xlsx",
        {
            "Reviewer decisions": [
                RECORDED_HEADER,
                ["same person", None, "", "applied", "r.xlsx, row 4", "P-1", "I-1"],
            ]
        },
    )
    with pytest.raises(InputError, match=r"^round2.xlsx, sheet 'Reviewer decisions', row 2, col"):
        load_decisions(path)


@pytest.mark.parametrize(
    ("statuses", "line"),
    [
        (["applied"], "Reviewer decisions: 1 applied; see the Reviewer decisions sheet of "
         "reconciliation.xlsx"),
        (
            ["applied", "stale: the prison record ...", "applied", "applied"],
            "Reviewer decisions: 3 applied, 1 stale (not applied: the records it was made about "
            "changed or are no longer in the extracts); see the Reviewer decisions sheet of "
            "reconciliation.xlsx",
        ),
        (
            ["stale: a", "stale: b"],
            "Reviewer decisions: 0 applied, 2 stale (not applied: the records they were made "
            "about changed or are no longer in the extracts); not one could be applied: check "
            "that the decisions file was reviewed from a run on these extracts; see the Reviewer "
            "decisions sheet of reconciliation.xlsx",
        ),
    ],
)  # fmt: skip
def test_summary_line(statuses: list[str], line: str) -> None:
    assert summary_line(statuses) == line


def test_a_row_linked_again_to_another_record_names_the_earlier_decision(tmp_path: Path) -> None:
    p1, i1, i2 = prison_key(PRISON[0]), ind_key(IND[0]), ind_key(IND[1])
    path = write_xlsx(
        tmp_path / "round2.xlsx",
        {
            "Needs review": needs_review([p1, i2, "same person", "B. New", ""]),
            "Reviewer decisions": [
                RECORDED_HEADER,
                ["same person", "A. Old", "", "applied", "r.xlsx, row 2", p1, i1],
            ],
        },
    )
    decisions = load_decisions(path)
    with pytest.raises(InputError) as info:
        resolve(decisions, PRISON, IND)
    assert str(info.value) == (
        "round2.xlsx, sheet 'Reviewer decisions', row 2 (first made at r.xlsx, row 2): this "
        "prison row is decided 'same person' with another IND record at round2.xlsx, sheet "
        "'Needs review', row 3 as well; a decision links a prison row to one IND record (with "
        "the other records IND holds for that person), so keep 'same person' on one and set "
        "the other to 'not the same person' or 'skip' (a decision taken in an earlier run is "
        "changed on the Reviewer decisions sheet), then run again"
    )


def test_a_record_of_decisions_without_its_key_column_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "round2.xlsx",
        {
            "Reviewer decisions": [
                RECORDED_HEADER[:-1],
                ["same person", "A. Old", "", "applied", "r.xlsx, row 2", "P-1"],
                ["skip", "", "", "", "", "P-2"],
            ],
            "Needs review": needs_review(["P-3", "I-3", "", "", ""]),
        },
    )
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value) == (
        "round2.xlsx, sheet 'Reviewer decisions', row 1: the sheet has 1 decision but no IND "
        "record key column, which says which records each decision is about (the run writes it "
        "at the right of the sheet), so its decisions cannot be applied; copy the IND record key "
        "column back from the workbook as the run wrote it, or fill in the decisions again "
        "there, and run again"
    )


@pytest.mark.parametrize(
    ("name", "said"),
    [("ind_extract.xlsx", "IND extract"), ("prison_extract.xlsx", "prison extract")],
)
def test_an_extract_given_as_decisions_is_named_as_such(name: str, said: str) -> None:
    """An easy slip: the input given to --decisions instead of the reviewed workbook."""
    samples = Path(__file__).resolve().parents[1] / "samples"
    with pytest.raises(InputError) as info:
        load_decisions(samples / name)
    assert str(info.value).startswith(
        f"{name}: this looks like the {said}, not the reviewed workbook: no sheet with the "
        "columns prison_key, ind_key and Decision"
    )


def test_a_file_of_neither_kind_is_not_called_an_extract(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Topic,Comment\nscope,checked\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(info.value).startswith("notes.csv: no sheet with the columns prison_key")
