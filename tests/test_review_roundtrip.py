"""Clerical review round trip: decide doubtful links in the workbook, rerun, decisions honoured."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from reconcile.cli import app
from reconcile.synth import generate_sample
from tests.test_read_corpus import convert

runner = CliRunner()


def invoke(folder: Path, out: Path, *extra: str) -> Result:
    return runner.invoke(
        app,
        [
            "run",
            str(folder / "prison_extract.xlsx"),
            str(folder / "ind_extract.xlsx"),
            "-c",
            str(folder / "audit.toml"),
            "-o",
            str(out),
            "--force",
            *extra,
        ],
    )


def run_cli(folder: Path, out: Path, *extra: str) -> str:
    result = invoke(folder, out, *extra)
    assert result.exit_code == 0, result.output
    return result.output


def outcomes(out: Path) -> dict[int, dict[str, str]]:
    with (out / "outcomes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {int(r["source_row"]): r for r in rows}


# Where a reviewer's decision was read, as a decided row's reason and explanation cite it.
_CITED = re.compile(r"; [\w.\-]+\.(?:xlsx|xls|ods|csv), (?:sheet '[^']*', )?row \d+\)")


def outcomes_as_decided(out: Path) -> dict[int, dict[str, str]]:
    """outcomes.csv without the citations of the decisions file: the same decisions read from
    another copy of it (or another row of it) give the same outcomes."""
    return {
        row: {k: _CITED.sub(")", v) for k, v in values.items()}
        for row, values in outcomes(out).items()
    }


def truth_pairs(folder: Path) -> set[tuple[int, int]]:
    """(prison row, IND row) pairs that truly are the same person."""
    pairs = set()
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["role"] == "prison" and row["same_person_ind_rows"]:
                for ind_row in row["same_person_ind_rows"].split(";"):
                    pairs.add((int(row["row"]), int(ind_row)))
    return pairs


def review_sheet_rows(book: openpyxl.Workbook) -> tuple[dict[str, int], list[tuple]]:
    sheet = book["Needs review"]
    rows = list(sheet.iter_rows(values_only=True))
    header = {name: i for i, name in enumerate(rows[0])}
    return header, rows[1:]


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A run with doubtful links, and a copy of its workbook filled in as a reviewer would."""
    folder = tmp_path_factory.mktemp("review")
    generate_sample(folder, people=600, seed=8)
    # A cautious audit: link only near-certain pairs, so a reviewer has doubtful ones to decide.
    with (folder / "audit.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[linker]\nlink_probability = 0.9999\nreview_probability = 0.5\n")
    first = folder / "first"
    run_cli(folder, first)
    truth = truth_pairs(folder)
    book = openpyxl.load_workbook(first / "reconciliation.xlsx")
    header, rows = review_sheet_rows(book)
    assert rows, "the scenario should leave some links doubtful"
    sheet = book["Needs review"]
    for n, row in enumerate(rows, start=2):
        pair = (row[header["Prison row"]], row[header["IND row"]])
        decision = "same person" if pair in truth else "not the same person"
        sheet.cell(row=n, column=header["Decision"] + 1, value=decision)
        sheet.cell(row=n, column=header["Reviewer"] + 1, value="A. Reviewer")
        sheet.cell(row=n, column=header["Note"] + 1, value="checked against the paper file")
    reviewed_path = folder / "reviewed.xlsx"
    book.save(reviewed_path)
    return folder, first, reviewed_path


def test_decisions_settle_every_doubtful_row(reviewed: tuple[Path, Path, Path]) -> None:
    folder, first, decisions = reviewed
    second = folder / "second"
    run_cli(folder, second, "--decisions", str(decisions))
    before, after = outcomes(first), outcomes(second)
    doubtful = [row for row, r in before.items() if r["outcome"] == "needs_review"]
    assert doubtful
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as fh:
        truth = {int(r["row"]): r["outcome"] for r in csv.DictReader(fh) if r["role"] == "prison"}
    settled = [row for row in doubtful if after[row]["outcome"] != "needs_review"]
    assert len(settled) == len(doubtful)
    assert all(after[row]["outcome"] == truth[row] for row in settled)
    # Rows nobody reviewed keep their outcome; control totals still add up.
    assert all(after[r]["outcome"] == before[r]["outcome"] for r in before if r not in doubtful)
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    recorded = manifest["decisions"]
    assert recorded and all(d["status"] == "applied" for d in recorded)
    assert all(d["reviewer"] == "A. Reviewer" for d in recorded)
    assert sum(manifest["counts"]["outcomes"].values()) == len(after)


def test_reviewer_recorded_in_outputs(reviewed: tuple[Path, Path, Path]) -> None:
    folder, _, decisions = reviewed
    out = folder / "third"
    run_cli(folder, out, "--decisions", str(decisions))
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    text = " ".join(
        str(v)
        for name in book.sheetnames
        for row in book[name].iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    assert "A. Reviewer" in text
    assert "reviewed.xlsx" in text
    # Each row a decision linked says, in outcomes.csv, where that decision was read.
    decided = [r for r in outcomes(out).values() if "by a reviewer" in r["link_explanation"]]
    assert decided
    assert all(
        re.search(r"\(A\. Reviewer: [^;]+; reviewed\.xlsx, sheet 'Needs review', row \d+\)", r[f])
        for r in decided
        for f in ("link_explanation", "reason")
        if "by a reviewer" in r[f]
    )


def test_stale_decision_is_reported(reviewed: tuple[Path, Path, Path], tmp_path: Path) -> None:
    folder, _, decisions = reviewed
    changed = tmp_path / "changed"
    shutil.copytree(folder, changed, ignore=shutil.ignore_patterns("first", "second", "third"))
    book = openpyxl.load_workbook(decisions)
    header, rows = review_sheet_rows(book)
    target_row = rows[0][header["Prison row"]]
    prison = openpyxl.load_workbook(changed / "prison_extract.xlsx")
    sheet = prison.worksheets[0]
    surname_col = next(
        c.column for c in sheet[3] if str(c.value).strip().lower() in ("surname", "family name")
    )
    sheet.cell(row=target_row, column=surname_col, value="CHANGEDNAME")
    prison.save(changed / "prison_extract.xlsx")
    out = changed / "out"
    printed = run_cli(changed, out, "--decisions", str(decisions))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stale = [d for d in manifest["decisions"] if d["status"].startswith("stale")]
    assert len(stale) >= 1
    assert "prison record it was made about changed" in stale[0]["status"]
    applied = len(manifest["decisions"]) - len(stale)
    assert (manifest["counts"]["decisions_applied"], manifest["counts"]["decisions_stale"]) == (
        applied,
        len(stale),
    )
    line = (
        f"Reviewer decisions: {applied:,} applied, {len(stale):,} stale (not applied: the records "
    )
    assert line in printed
    summary = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)["Summary"]
    counted = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if len(row) > 1}
    assert counted["Reviewer decisions applied"] == applied
    assert counted["Reviewer decisions stale (not applied; see Reviewer decisions)"] == len(stale)
    # Each decision says which prison row and IND record it is about; a stale one's prison
    # row is no longer in the extract as it was.
    recorded = openpyxl.load_workbook(out / "reconciliation.xlsx")["Reviewer decisions"]
    lines = list(recorded.iter_rows(values_only=True))
    heads = list(lines[0])
    assert heads[:3] == ["Prison row", "IND record", "Decision"]
    by_status = [(line[0], line[heads.index("Status")]) for line in lines[1:]]
    assert all(str(row).startswith("row ") for row, status in by_status if status == "applied")
    # ... and is named as the decisions file showed it, so that it can be reviewed again.
    was = ", ".join(rows[0][header[h]] for h in ("Prison: surname", "Prison: forenames"))
    stale_rows = [row for row, status in by_status if status.startswith("stale")]
    assert f"not in these extracts (was row {target_row}: {was})" in stale_rows
    (drop_down,) = recorded.data_validations.dataValidation
    assert str(drop_down.sqref).startswith("C2")  # on the Decision column
    reported = runner.invoke(app, ["report", str(out)])
    assert reported.exit_code == 0, reported.output
    assert line in reported.output
    assert re.search(rf"Reviewer decisions stale \(not applied\) +{len(stale)}\n", reported.output)
    if shutil.which("pdftotext"):  # stale decisions have their own heading in the PDF
        pdf = subprocess.run(
            ["pdftotext", str(out / "evidence.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        assert f"Reviewer decisions applied ({applied:,})" in pdf
        assert f"Reviewer decisions not applied (stale) ({len(stale):,})" in pdf


def test_an_auditor_can_overrule_any_link(reviewed: tuple[Path, Path, Path]) -> None:
    """Keys from outcomes.csv, in a decisions CSV, overrule a confident link."""
    folder, first, _ = reviewed
    before = outcomes(first)
    row, linked = next((n, r) for n, r in sorted(before.items()) if r["link_status"] == "linked")
    decisions = folder / "overrule.csv"
    with decisions.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["prison_key", "ind_key", "Decision", "Reviewer", "Note"])
        writer.writerow(
            [linked["prison_key"], linked["ind_key"], "not the same person", "B. Auditor", "PNC"]
        )
    out = folder / "overruled"
    run_cli(folder, out, "--decisions", str(decisions))
    after = outcomes(out)[row]
    first_case = linked["ind_case_refs"].split("; ")[0]
    assert first_case not in after["ind_case_refs"].split("; ")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(d["reviewer"], d["status"]) for d in manifest["decisions"]] == [
        ("B. Auditor", "applied")
    ]


def test_decisions_carry_forward_round_after_round(reviewed: tuple[Path, Path, Path]) -> None:
    """The workbook of a run made with decisions, given back as the decisions file, keeps them:
    they are read from its Reviewer decisions sheet, and the outcomes do not move."""
    folder, _, decisions = reviewed
    round1, round2 = folder / "round1", folder / "round2"
    printed1 = run_cli(folder, round1, "--decisions", str(decisions))
    printed2 = run_cli(folder, round2, "--decisions", str(round1 / "reconciliation.xlsx"))
    first = json.loads((round1 / "manifest.json").read_text(encoding="utf-8"))["decisions"]
    second = json.loads((round2 / "manifest.json").read_text(encoding="utf-8"))["decisions"]
    assert first and len(second) == len(first)
    assert [d["status"] for d in second] == ["applied"] * len(first)
    assert [(d["prison_key"], d["ind_key"], d["decision"], d["reviewer"]) for d in second] == [
        (d["prison_key"], d["ind_key"], d["decision"], d["reviewer"]) for d in first
    ]
    assert all(
        d2["source"].startswith("reconciliation.xlsx, sheet 'Reviewer decisions', row ")
        and d2["source"].endswith(f"(first made at {d1['source']})")
        for d1, d2 in zip(first, second, strict=True)
    )
    assert outcomes(round2) == outcomes(round1)
    line = f"Reviewer decisions: {len(first):,} applied; see the Reviewer decisions sheet"
    assert line in printed1 and line in printed2


def test_a_reviewed_workbook_saved_as_ods_is_read(
    reviewed: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    folder, _, decisions = reviewed
    ods = convert(decisions, "ods", tmp_path)
    run_cli(folder, folder / "from_xlsx", "--decisions", str(decisions))
    run_cli(folder, folder / "from_ods", "--decisions", str(ods))
    assert outcomes_as_decided(folder / "from_ods") == outcomes_as_decided(folder / "from_xlsx")
    assert outcomes(folder / "from_ods") != outcomes(folder / "from_xlsx")  # each cites its own


def test_a_decision_without_a_reviewer_stops_the_run(
    reviewed: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    folder, _, decisions = reviewed
    book = openpyxl.load_workbook(decisions)
    header, _ = review_sheet_rows(book)
    book["Needs review"].cell(row=2, column=header["Reviewer"] + 1).value = None
    unnamed = tmp_path / "unnamed.xlsx"
    book.save(unnamed)
    result = invoke(folder, tmp_path / "out", "--decisions", str(unnamed))
    assert result.exit_code == 2
    assert result.output.startswith(
        "error: unnamed.xlsx, sheet 'Needs review', row 2, column Reviewer: a decision without "
        "the name of the reviewer who made it"
    )
    assert not (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("reviewed.xlsx", b"%PDF-1.4", "reviewed.xlsx: this is a PDF document, not a spreadsheet"),
        ("reviewed.ods", b"PK\x03\x04" + b"\0" * 64, "reviewed.ods: the file is damaged"),
        ("d.csv", b"prison_key,ind_key\n\x81\n", "d.csv: the text cannot be read as UTF-8"),
    ],
)
def test_an_unreadable_decisions_file_is_a_clear_error(
    reviewed: tuple[Path, Path, Path], tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    folder, _, _ = reviewed
    path = tmp_path / name
    path.write_bytes(content)
    result = invoke(folder, tmp_path / "out", "--decisions", str(path))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {says}")
    assert "internal error" not in result.output


def _sorted_copy(decisions: Path, out: Path, last_heading: str | None) -> Path:
    """The reviewed workbook with its Needs review lines in reverse order, moved in the
    columns up to ``last_heading`` only (a sort of the shown columns that leaves the hidden
    key columns behind) or, when None, in every column (a sort of the whole sheet)."""
    book = openpyxl.load_workbook(decisions)
    header, rows = review_sheet_rows(book)
    width = header[last_heading] + 1 if last_heading else len(header)
    sheet = book["Needs review"]
    for n, row in enumerate(reversed(rows), start=2):
        for col in range(width):
            sheet.cell(row=n, column=col + 1, value=row[col])
    book.save(out)
    return out


def test_a_sort_that_left_the_hidden_keys_behind_stops_the_run(
    reviewed: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """Sorting the shown columns only puts each Decision beside another line's keys: it would
    be applied to records other than those the reviewer saw, so the run stops, naming the
    rows; a sort of the whole sheet is read as before."""
    folder, _, decisions = reviewed
    _, rows = review_sheet_rows(openpyxl.load_workbook(decisions, read_only=True))
    assert len(rows) >= 3
    shown_only = _sorted_copy(decisions, tmp_path / "sorted.xlsx", "Note")
    result = invoke(folder, tmp_path / "out", "--decisions", str(shown_only))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: sorted.xlsx, sheet 'Needs review', rows 2, 3")
    assert "is not the row the line's hidden prison_key and ind_key were made for" in (
        " ".join(result.output.split())
    )
    assert not (tmp_path / "out" / "manifest.json").exists()
    whole = _sorted_copy(decisions, tmp_path / "whole.xlsx", None)
    run_cli(folder, tmp_path / "whole", "--decisions", str(whole))
    run_cli(folder, tmp_path / "as_given", "--decisions", str(decisions))
    assert outcomes_as_decided(tmp_path / "whole") == outcomes_as_decided(tmp_path / "as_given")


def test_one_prison_row_decided_same_person_with_two_records_stops_the_run(
    reviewed: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A decision links a prison row to one IND record; a second 'same person' for the row
    with another record was dropped while both were reported as applied. Now the run stops,
    naming both decisions."""
    folder, first, _ = reviewed
    rows = [r for _, r in sorted(outcomes(first).items()) if r["ind_key"]]
    mine, other = rows[0], next(r for r in rows if r["ind_key"] != rows[0]["ind_key"])
    decisions = write_rows(
        tmp_path / "two.csv",
        [
            ["prison_key", "ind_key", "Decision", "Reviewer", "Note"],
            [mine["prison_key"], other["ind_key"], "same person", "C. Reviewer", ""],
            [mine["prison_key"], mine["ind_key"], "Same person", "C. Reviewer", ""],
        ],
    )
    result = invoke(folder, tmp_path / "out", "--decisions", str(decisions))
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()).startswith(
        "error: two.csv, row 3: this prison row is decided 'same person' with another IND "
        "record at two.csv, row 2 as well;"
    )
    assert not (tmp_path / "out" / "manifest.json").exists()
    # Ruling the other record out instead is read.
    fixed = write_rows(
        tmp_path / "fixed.csv",
        [
            ["prison_key", "ind_key", "Decision", "Reviewer", "Note"],
            [mine["prison_key"], other["ind_key"], "not the same person", "C. Reviewer", ""],
            [mine["prison_key"], mine["ind_key"], "same person", "C. Reviewer", ""],
        ],
    )
    run_cli(folder, tmp_path / "fixed", "--decisions", str(fixed))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_decisions_whose_key_columns_were_deleted_stop_the_run(
    reviewed: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """Deleting the hidden columns (with the ones beside them) leaves decisions that cannot be
    tied to records: the run stops, saying so, rather than reading the file as holding none."""
    folder, _, decisions = reviewed
    book = openpyxl.load_workbook(decisions)
    header, rows = review_sheet_rows(book)
    book["Needs review"].delete_cols(header["prison_key"] + 1, len(header) - header["prison_key"])
    keyless = tmp_path / "keyless.xlsx"
    book.save(keyless)
    result = invoke(folder, tmp_path / "out", "--decisions", str(keyless))
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()).startswith(
        f"error: keyless.xlsx, sheet 'Needs review', row 1: the sheet has {len(rows):,} "
        "decisions but no prison_key and ind_key columns, which say which records each "
        "decision is about (the run writes them at the right of the sheet, hidden), so its "
        "decisions cannot be applied;"
    )
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_the_review_sheet_says_same_person_is_for_one_candidate(
    reviewed: tuple[Path, Path, Path],
) -> None:
    """Where a Decision is chosen (its drop-down's prompt and the column's note), the sheet
    says what the next run insists on: 'same person' for one candidate of a row at most."""
    _, first, _ = reviewed
    sheet = openpyxl.load_workbook(first / "reconciliation.xlsx")["Needs review"]
    header = {cell.value: cell for cell in sheet[1]}
    said = "'same person' on one candidate of a prison row at most"
    (drop_down,) = sheet.data_validations.dataValidation
    assert said in drop_down.prompt
    assert said in header["Decision"].comment.text


def test_decisions_under_a_renamed_heading_stop_the_run(
    reviewed: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A Decision column given another heading was passed over, and the run said the file
    held no decisions; now it stops, saying which heading it reads."""
    folder, _, decisions = reviewed
    book = openpyxl.load_workbook(decisions)
    header, _ = review_sheet_rows(book)
    book["Needs review"].cell(row=1, column=header["Decision"] + 1, value="Decision (AR)")
    renamed = tmp_path / "renamed.xlsx"
    book.save(renamed)
    result = invoke(folder, tmp_path / "out", "--decisions", str(renamed))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said.startswith(
        "error: renamed.xlsx, sheet 'Needs review', row 1: no column headed Decision, though "
        "rows 2, 3"
    )
    assert re.search(
        r"name a reviewer, so no decision can be read; decisions are read from the column "
        r"headed Decision \(same person, not the same person or skip\): give the column of "
        r"decisions that heading again and run again; the column headed 'Decision \(AR\)' "
        r"\(column [A-Z]{1,2}\) holds decisions \(row \d+: '[^']+'\): head it Decision$",
        said,
    ), said
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_line_with_a_reviewer_but_no_decision_is_noted(
    reviewed: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A reviewer who wrote their name and a note but left the Decision blank has decided
    nothing: the line is passed over, and the run says so, naming it, rather than silently."""
    folder, _, decisions = reviewed
    book = openpyxl.load_workbook(decisions)
    header, _ = review_sheet_rows(book)
    book["Needs review"].cell(row=3, column=header["Decision"] + 1).value = None
    blank = tmp_path / "blank.xlsx"
    book.save(blank)
    out = tmp_path / "out"
    printed = " ".join(run_cli(folder, out, "--decisions", str(blank)).split())
    note = (
        "blank.xlsx, sheet 'Needs review', row 3: a line with a Reviewer or Note but no "
        "Decision, so nothing was applied for it; where a link was decided, choose the "
        "Decision there (same person or not the same person) and run again"
    )
    assert f"Note: {note}" in printed
    assert note in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["notes"]
