"""A Needs review sheet split over several sheets breaks only between prison rows: a row's
candidate lines are all on one part, no part holds more than the limit, the notes name the
parts there are, and decisions made on every part are read back."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from reconcile.decisions import NOT_SAME, SAME, load_decisions
from reconcile.keys import ind_key, prison_key
from reconcile.model import LinkStatus
from reconcile.result import RunResult
from reconcile.write.workbook import REVIEW_SPLIT, workbook_notes, write_workbook
from reconcile.write.workbook_review import REVIEW_SHEET
from reconcile.write.workbook_table import part_names, part_sizes
from tests.factories import make_large_result

PEOPLE = 36  # every sixth row is held for review: 6 rows
CANDIDATES = 3  # each with 3 candidates: 18 lines
ROWS = 8  # per sheet: by line count alone, parts of 8, 8 and 2 lines, a row across the first two
PARTS = ["Needs review (1)", "Needs review (2)", "Needs review (3)"]  # of 6 lines each


def _result() -> RunResult:
    """make_large_result's rows, each doubtful one with CANDIDATES candidates (its own IND
    record and the next ones)."""
    result = make_large_result(PEOPLE)
    decisions = result.links.decisions
    for k, d in enumerate(decisions):
        if d.status is LinkStatus.REVIEW:
            assert d.best is not None
            shortlist = tuple(
                dataclasses.replace(d.best, ind_idx=(k + j) % PEOPLE) for j in range(CANDIDATES)
            )
            decisions[k] = dataclasses.replace(d, candidates=shortlist)
    return result


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunResult, Path]:
    result = _result()
    path = tmp_path_factory.mktemp("review") / "reconciliation.xlsx"
    write_workbook(result, path, max_rows=ROWS)
    return result, path


def _review_lines(path: Path) -> dict[str, list[dict[str, object]]]:
    """Each Needs review part -> its lines (heading -> value)."""
    book = openpyxl.load_workbook(path, read_only=True)
    parts = {}
    for name in book.sheetnames:
        if name.startswith(REVIEW_SHEET):
            rows = list(book[name].iter_rows(values_only=True))
            parts[name] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return parts


def test_part_sizes_break_between_groups_only() -> None:
    # One line a row: the limit on every part but the last, as ever.
    assert part_sizes(30, 12) == [12, 12, 6]
    assert part_sizes(0, 12) == [0]
    assert part_sizes(30, 12, [1] * 30) == [12, 12, 6]
    # Groups: a part ends before a group that would take it past the limit.
    assert part_sizes(18, 8, [3] * 6) == [6, 6, 6]
    assert part_sizes(11, 8, [5, 3, 1, 2]) == [8, 3]
    assert part_sizes(11, 8, [2, 5, 4]) == [7, 4]
    # A group longer than a whole part starts one of its own and runs on, no part over.
    assert part_sizes(25, 8, [2, 19, 4]) == [2, 8, 8, 7]
    assert part_sizes(18, 8, [16, 2]) == [8, 8, 2]
    with pytest.raises(ValueError, match="groups of 5 rows"):
        part_sizes(6, 8, [2, 3])
    assert part_names("Needs review", 18, 8, [3] * 6) == PARTS


def test_every_row_s_candidates_are_on_one_part(split: tuple[RunResult, Path]) -> None:
    result, path = split
    parts = _review_lines(path)
    assert list(parts) == PARTS
    assert [len(lines) for lines in parts.values()] == [6, 6, 6]
    where: dict[object, set[str]] = defaultdict(set)
    for name, lines in parts.items():
        for line in lines:
            where[line["prison_key"]].add(name)
    assert len(where) == PEOPLE // 6
    assert all(len(names) == 1 for names in where.values()), where
    # Every candidate of every row, once, in order.
    lines = [line for part in parts.values() for line in part]
    assert [line["Candidate"] for line in lines] == [1, 2, 3] * (PEOPLE // 6)
    wanted = [
        (prison_key(result.prison[d.prison_idx]), ind_key(result.ind[s.ind_idx]))
        for d in result.links.decisions
        for s in d.candidates
        if d.status is LinkStatus.REVIEW
    ]
    assert [(line["prison_key"], line["ind_key"]) for line in lines] == wanted


def test_notes_name_the_parts_there_are(split: tuple[RunResult, Path]) -> None:
    result, path = split
    notes = [n for n in workbook_notes(result, max_rows=ROWS) if n.startswith(REVIEW_SHEET)]
    assert notes == [
        f"Needs review: 18 rows exceed Excel's limit of {ROWS} per sheet, so they are split "
        "over 3 sheets (Needs review (1), Needs review (2), Needs review (3))" + REVIEW_SPLIT
    ]
    book = openpyxl.load_workbook(path, read_only=True)
    assert [n for n in book.sheetnames if n.startswith(REVIEW_SHEET)] == PARTS


def test_decisions_on_every_part_are_read_back(
    split: tuple[RunResult, Path], tmp_path: Path
) -> None:
    _, path = split
    book = openpyxl.load_workbook(path)
    made = []
    for name in book.sheetnames:
        if not name.startswith(REVIEW_SHEET):
            continue
        ws = book[name]
        heading = [c.value for c in ws[1]]
        col = {h: heading.index(h) for h in ("Candidate", "Decision", "Reviewer", "ind_key")}
        for row in ws.iter_rows(min_row=2):
            choice = SAME if row[col["Candidate"]].value == 1 else NOT_SAME
            row[col["Decision"]].value = choice
            row[col["Reviewer"]].value = "A. Reviewer"
            key = row[heading.index("prison_key")].value
            made.append((name, key, row[col["ind_key"]].value, choice))
    filled = tmp_path / "decided.xlsx"
    book.save(filled)
    decisions = load_decisions(filled)
    got = [
        (d.source.split("sheet '")[1].split("'")[0], d.prison_key, d.ind_key, d.decision)
        for d in decisions
    ]
    assert got == made
    assert {name for name, *_ in got} == set(PARTS)
