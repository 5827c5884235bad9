"""The prison rows whose scope could not be decided (outcome Insufficient data): listed in the
evidence PDF (section 7) and on the workbook's Insufficient data sheet, the same rows as
outcomes.csv gives that outcome, each with what was missing or unreadable."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Outcome
from reconcile.write import workbook_table
from reconcile.write.evidence_listing import UNREADABLE, undecided_reason, undecided_values
from reconcile.write.views import failure_rows
from tests.factories import make_result
from tests.pdftext import pdf_text

runner = CliRunner()
SHEET = "Insufficient data"


def _run(folder: Path, prison: Path, out: Path) -> None:
    args = ["run", str(prison), str(folder / "ind_extract.xlsx")]
    args += ["--config", str(folder / "audit.toml"), "-o", str(out), "--force"]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output


def _pdf_text(out: Path) -> str:
    return pdf_text(out / "evidence.pdf")


def _section(pdf: str) -> str:
    """Section 7 of the pack, from its heading to the next section's (past the contents)."""
    start = pdf.rindex("7. Insufficient data: ")
    return pdf[start : pdf.index("8. Evidence for each prison row listed", start)]


def _undecided(out: Path) -> list[dict[str, str]]:
    with open(out / "outcomes.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r["outcome"] == Outcome.INSUFFICIENT_DATA.value]


def _sheet(out: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)[SHEET]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]  # type: ignore[arg-type]


def test_the_listing_and_the_sheet_hold_the_rows_outcomes_csv_gives_that_outcome(
    sample: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(sample, sample / "prison_extract.xlsx", out)
    wanted = _undecided(out)
    assert wanted  # the sample has such rows, else this shows nothing
    # The workbook's sheet: the same rows, in order, with the same reasons.
    sheet = _sheet(out)
    assert [(r["Row"], r["Prison number"] or "") for r in sheet] == [
        (int(r["source_row"]), r["prison_number"]) for r in wanted
    ]
    assert [r["Reason"] for r in sheet] == [r["reason"] for r in wanted]
    # The PDF's listing: a line starting with each row's number and prison number.
    section = _section(_pdf_text(out))
    listed = re.findall(r"^ {0,12}(\d+) {2,}(\S+)", section, re.M)
    assert listed == [(r["source_row"], r["prison_number"]) for r in wanted]
    flat = " ".join(section.split())
    heading = f"7. Insufficient data: {len(wanted):,} prison row"
    assert flat.startswith(heading)
    # What was missing or unreadable, and what to do, for each row.
    for row in wanted:
        reason = undecided_reason(row["reason"])
        assert reason.split(";")[0] in flat, reason
    # In the contents, with its page, and no evidence section for any of the rows.
    contents = _pdf_text(out).split("\f", 1)[0]
    assert re.search(rf"^ *{re.escape(heading)}.* \d+$", contents, re.M)
    assert "Insufficient data" not in _pdf_text(out).split("8. Evidence for each")[-1]


def test_the_sheet_is_split_over_parts_like_the_other_listings(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More rows than a sheet holds (here 1): numbered parts, each row once, in order, and
    the split said in the run's notes and on the Summary."""
    monkeypatch.setattr(workbook_table, "MAX_DATA_ROWS", 1)
    out = tmp_path / "out"
    _run(sample, sample / "prison_extract.xlsx", out)
    wanted = [int(r["source_row"]) for r in _undecided(out)]
    assert len(wanted) > 1
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    parts = [f"{SHEET} ({k})" for k in range(1, len(wanted) + 1)]
    assert [n for n in book.sheetnames if n.startswith(SHEET)] == parts
    names = book.sheetnames

    def first(title: str) -> int:
        return next(k for k, n in enumerate(names) if n.startswith(title))

    # After the failure sheets, before Needs review.
    assert first("Considered after release") < names.index(parts[0])
    assert names.index(parts[-1]) < first("Needs review")
    got = [r[2] for p in parts for r in list(book[p].iter_rows(values_only=True))[1:]]
    assert got == wanted
    named = ", ".join(parts) if len(parts) <= 4 else f"{parts[0]} to {parts[-1]}"
    note = (
        f"{SHEET}: {len(wanted):,} rows exceed Excel's limit of 1 per sheet, so they are "
        f"split over {len(parts)} sheets ({named})"
    )
    summary = {v for row in book["Summary"].iter_rows(values_only=True) for v in row if v}
    assert note in summary


def test_a_run_with_no_such_rows_says_none(sample: Path, tmp_path: Path) -> None:
    """The release dates corrected, as the listing asks: section 7 says "None." rather than
    drawing a table with no rows, and the sheet has its headings only."""
    first = tmp_path / "first"
    _run(sample, sample / "prison_extract.xlsx", first)
    rows = {int(r["source_row"]) for r in _undecided(first)}
    assert rows
    book = openpyxl.load_workbook(sample / "prison_extract.xlsx")
    ws = book.worksheets[0]
    head = next(r for r in ws.iter_rows() if any(c.value == "Discharge Date" for c in r))
    column = next(c.column for c in head if c.value == "Discharge Date")
    for row in rows:
        ws.cell(row, column, "01/06/2003")
    fixed = tmp_path / "prison_extract.xlsx"
    book.save(fixed)
    out = tmp_path / "out"
    _run(sample, fixed, out)
    assert _undecided(out) == []  # every such row was for want of a release date
    assert _sheet(out) == []
    section = " ".join(_section(_pdf_text(out)).split())
    said = "7. Insufficient data: 0 prison rows whose scope could not be decided None. "
    assert section.startswith(said)  # and no table, nor a lead about rows there are not
    assert "Missing or unreadable" not in section


def test_values_are_shown_as_read_and_the_reason_without_its_preamble() -> None:
    result = make_result()
    idxs = failure_rows(result, Outcome.INSUFFICIENT_DATA)
    assert idxs
    rec = result.prison[idxs[0]]
    rec.unreadable["release_date"] = "31/02/2003"
    result.classifications[idxs[0]] = result.classifications[idxs[0]].__class__(
        idxs[0],
        Outcome.INSUFFICIENT_DATA,
        "Scope cannot be decided under policy 2006 v1: release date could not be read "
        "('31/02/2003'); correct the release date in the prison extract and run again.",
        "insufficient.release_date",
        "2006 v1",
        None,
    )
    [values] = undecided_values(result, idxs)
    assert values[0] == str(rec.prov.row)
    assert values[4] == rec.nationality_raw.strip()
    assert values[6] == f"31/02/2003 {UNREADABLE}"
    assert values[7] == (
        "Release date could not be read ('31/02/2003'); correct the release date in the "
        "prison extract and run again."
    )


def test_report_lists_them_after_the_failures(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(sample, sample / "prison_extract.xlsx", out)
    wanted = _undecided(out)
    assert wanted
    done = runner.invoke(app, ["report", str(out)])
    assert done.exit_code == 0, done.output
    listing = done.output.split(f"Insufficient data ({len(wanted):,})", 1)[1]
    assert "Considered after release (" in done.output.split(listing)[0]
    listed = re.findall(r"^ *(\d+) +(\S+)", listing, re.M)
    assert listed == [(r["source_row"], r["prison_number"]) for r in wanted]
