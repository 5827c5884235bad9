"""Listings too long for one sheet, split over several: no row lost or repeated, every part a
complete sheet (heading, frozen pane, filter, widths, drop-down), listed and linked on the
Summary, and said to be split in the Summary, the PDF and the manifest.

Excel's limit (1,048,576 rows) is lowered for the run so that a small sample splits every
listing; a decisions file made from the split Needs review sheet is then given back. The limit
is one at which the Needs review sheet, split by line count alone, would put a prison row's
candidates on two sheets: it is split between rows instead.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.synth import generate_sample
from reconcile.write import workbook_table
from reconcile.write.workbook import REVIEW_SPLIT
from tests.factories import WORKBOOK_SHEETS
from tests.mistakes import run as run_args
from tests.pdftext import have_pdftotext, pdf_text

ROWS = 29  # data rows per sheet in these runs
SPLIT = re.compile(r"^(.*) \((\d+)\)$")
LISTINGS = tuple(WORKBOOK_SHEETS[1:])  # every sheet after the Summary
DROP_DOWN = ("Needs review", "Reviewer decisions")  # the Decision column has one

runner = CliRunner()


def _run(folder: Path, out: Path, *extra: str) -> None:
    prison, ind = folder / "prison_extract.xlsx", folder / "ind_extract.xlsx"
    args = [*run_args(prison, ind, folder / "audit.toml", out), "--force", *extra]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output


def _fill_review(book: Path, filled: Path) -> int:
    """Decide every line with an IND record on every part of the Needs review sheet."""
    wb = openpyxl.load_workbook(book)
    n = 0
    for name in wb.sheetnames:
        if not name.startswith("Needs review"):
            continue
        ws = wb[name]
        heading = [c.value for c in ws[1]]
        decision, reviewer, key = (heading.index(h) for h in ("Decision", "Reviewer", "ind_key"))
        for row in ws.iter_rows(min_row=2):
            if row[key].value:
                row[decision].value = "not the same person"
                row[reviewer].value = "A. Reviewer"
                n += 1
    wb.save(filled)
    return n


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A run whose every listing is split (a cautious linker, so that many links are doubtful),
    and a second run given its Needs review parts filled in, whose decisions are split too."""
    folder = tmp_path_factory.mktemp("split")
    generate_sample(folder, people=600, seed=8)
    with (folder / "audit.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[linker]\nlink_probability = 0.999999\nreview_probability = 0.0001\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(workbook_table, "MAX_DATA_ROWS", ROWS)
        _run(folder, folder / "first")
        decided = _fill_review(folder / "first" / "reconciliation.xlsx", folder / "decided.xlsx")
        _run(folder, folder / "second", "--decisions", str(folder / "decided.xlsx"))
        # The second run's workbook given back: its decisions, on a split Reviewer decisions
        # sheet, carry forward.
        again = folder / "second" / "reconciliation.xlsx"
        _run(folder, folder / "third", "--decisions", str(again))
    return {
        "first": folder / "first",
        "second": folder / "second",
        "third": folder / "third",
        "decided": decided,
    }


def _parts(book: openpyxl.Workbook) -> dict[str, list[str]]:
    """Each sheet's listing (a part's name without its number) -> its sheets, in order."""
    parts: dict[str, list[str]] = {}
    for name in book.sheetnames:
        found = SPLIT.match(name)
        parts.setdefault(found.group(1) if found else name, []).append(name)
    return parts


def _rows(book: openpyxl.Workbook, sheets: list[str]) -> list[tuple[object, ...]]:
    return [r for s in sheets for r in book[s].iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("which", ["first", "second"])
def test_sheet_names_valid_unique_and_in_order(runs: dict[str, object], which: str) -> None:
    book = openpyxl.load_workbook(Path(str(runs[which])) / "reconciliation.xlsx", read_only=True)
    names = book.sheetnames
    assert len(set(names)) == len(names)
    assert all(0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    parts = _parts(book)
    for title, sheets in parts.items():
        if len(sheets) > 1:
            assert sheets == [f"{title} ({k})" for k in range(1, len(sheets) + 1)]
    split = {t for t, s in parts.items() if len(s) > 1}
    wanted = set(LISTINGS) - {"Reviewer decisions" if which == "first" else "Needs review"}
    # Too few rows here to split (tests/test_write_undecided.py splits them).
    wanted.discard("Insufficient data")
    assert wanted <= split


@pytest.mark.parametrize("which", ["first", "second"])
def test_every_split_listing_is_said_to_be_split(runs: dict[str, object], which: str) -> None:
    out = Path(str(runs[which]))
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    notes = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["notes"]
    summary = {v for row in book["Summary"].iter_rows(values_only=True) for v in row if v}
    for title, sheets in _parts(book).items():
        if len(sheets) == 1:
            continue
        rows = len(_rows(book, sheets))
        named = ", ".join(sheets) if len(sheets) <= 4 else f"{sheets[0]} to {sheets[-1]}"
        note = (
            f"{title}: {rows:,} rows exceed Excel's limit of {ROWS:,} per sheet, so they are "
            f"split over {len(sheets)} sheets ({named})"
            + (REVIEW_SPLIT if title == "Needs review" else "")
        )
        assert note in notes, title
        assert note in summary, title
    if have_pdftotext():
        text = pdf_text(out / "evidence.pdf")
        flat = " ".join(text.split())
        for note in notes:
            if "rows exceed Excel's limit" in note:
                assert note in flat


def test_no_row_lost_or_repeated_across_parts(runs: dict[str, object]) -> None:
    out = Path(str(runs["first"]))
    with (out / "outcomes.csv").open(encoding="utf-8", newline="") as fh:
        listed = list(csv.DictReader(fh))
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    parts = _parts(book)
    row = [c.value for c in book[parts["All prison rows"][0]][1]].index("Row")
    everything = _rows(book, parts["All prison rows"])
    assert [r[row] for r in everything] == [int(r["source_row"]) for r in listed]
    for title, code in (
        ("Never referred", "never_referred"),
        ("Referred, not considered", "referred_not_considered"),
        ("Considered after release", "considered_after_release"),
        ("Insufficient data", "insufficient_data"),
    ):
        got = [r[row] for r in _rows(book, parts[title])]
        assert got == [int(r["source_row"]) for r in listed if r["outcome"] == code], title
    # Needs review: a line per candidate; every row whose outcome needs review is on it.
    heading = [c.value for c in book[parts["Needs review"][0]][1]]
    lines = _rows(book, parts["Needs review"])
    pairs = Counter((r[heading.index("prison_key")], r[heading.index("ind_key")]) for r in lines)
    assert max(pairs.values()) == 1
    # A prison row's lines are all on one sheet, each sheet within the limit; at this limit
    # that takes a break before it somewhere (else this test shows nothing).
    key = heading.index("prison_key")
    sheets_of: dict[object, set[str]] = {}
    for name in parts["Needs review"]:
        for r in book[name].iter_rows(min_row=2, values_only=True):
            sheets_of.setdefault(r[key], set()).add(name)
    assert all(len(sheets) == 1 for sheets in sheets_of.values())
    sizes = [len(_rows(book, [name])) for name in parts["Needs review"]]
    assert max(sizes) <= ROWS and min(sizes[:-1]) < ROWS
    review = {r["prison_key"] for r in listed if r["outcome"] == "needs_review"}
    assert review <= {p for p, _ in pairs}
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert len(_rows(book, parts["IND records not linked"])) == counts["ind_unlinked"]
    assert len(_rows(book, parts["Data quality"])) == counts["findings"]


def test_every_part_is_a_whole_sheet(runs: dict[str, object]) -> None:
    for which in ("first", "second"):
        book = openpyxl.load_workbook(Path(str(runs[which])) / "reconciliation.xlsx")
        for title, sheets in _parts(book).items():
            if title == "Summary":
                continue
            first = book[sheets[0]]
            heading = [c.value for c in first[1]]
            notes = [c.comment.text if c.comment else None for c in first[1]]
            for name in sheets:
                ws = book[name]
                assert [c.value for c in ws[1]] == heading, name
                assert [c.comment.text if c.comment else None for c in ws[1]] == notes, name
                assert ws.freeze_panes == first.freeze_panes and ws.freeze_panes, name
                last = max(ws.max_row, 2)
                assert re.fullmatch(rf"A1:[A-Z]+{last}", ws.auto_filter.ref or ""), name
                assert ws.print_title_rows == "$1:$1", name
                widths = ws.column_dimensions
                assert all(widths[c.column_letter].width for c in ws[1]), name
                if title in DROP_DOWN:
                    col = first.cell(1, heading.index("Decision") + 1).column_letter
                    ranges = [
                        (str(v.sqref), v.formula1) for v in ws.data_validations.dataValidation
                    ]
                    rows = max(ws.max_row, 2)
                    assert ranges == [
                        (f"{col}2:{col}{rows}" if rows > 2 else f"{col}2",
                         '"same person,not the same person,skip"')
                    ], name  # fmt: skip


@pytest.mark.parametrize("which", ["first", "second"])
def test_summary_lists_and_links_every_part(runs: dict[str, object], which: str) -> None:
    book = openpyxl.load_workbook(Path(str(runs[which])) / "reconciliation.xlsx")
    links = [
        (c.value, c.hyperlink.location)
        for row in book["Summary"].iter_rows()
        for c in row
        if c.hyperlink is not None
    ]
    assert [name for name, _ in links] == book.sheetnames[1:]
    assert all(to == f"'{name}'!A1" for name, to in links)


def test_decisions_from_every_part_are_read_back(runs: dict[str, object]) -> None:
    out = Path(str(runs["second"]))
    decisions = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["decisions"]
    assert len(decisions) == runs["decided"]
    assert {d["status"] for d in decisions} == {"applied"}
    first = openpyxl.load_workbook(Path(str(runs["first"])) / "reconciliation.xlsx", read_only=True)
    review = _parts(first)["Needs review"]
    assert len(review) > 2
    sheets = {re.search(r"sheet '([^']+)'", d["source"]).group(1) for d in decisions}  # type: ignore[union-attr]
    assert sheets == set(review)
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    recorded = _parts(book)["Reviewer decisions"]
    assert len(recorded) > 1
    assert len(_rows(book, recorded)) == len(decisions)


def test_decisions_carried_forward_from_every_part(runs: dict[str, object]) -> None:
    book = openpyxl.load_workbook(Path(str(runs["second"])) / "reconciliation.xlsx", read_only=True)
    recorded = _parts(book)["Reviewer decisions"]
    third = Path(str(runs["third"])) / "manifest.json"
    decisions = json.loads(third.read_text(encoding="utf-8"))["decisions"]
    assert len(decisions) == runs["decided"]
    assert {d["status"] for d in decisions} == {"applied"}
    sheets = {re.search(r"sheet '([^']+)'", d["source"]).group(1) for d in decisions}  # type: ignore[union-attr]
    assert sheets == set(recorded)
