"""Rows and sheets hidden in a workbook are read like every other, and the run says so."""

from __future__ import annotations

import json
import time
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import Role
from reconcile.read import load_table
from reconcile.read.guards import sheet_scan
from reconcile.read.hidden import HiddenRows, describe_ranges, hidden_notes
from reconcile.settings import Config
from tests.test_read_corpus import PRISON_HEADER, PRISON_ROWS, write_ods
from tests.zipparts import replace_part

runner = CliRunner()
SHEET = "FNP discharges"  # the sample prison extract's sheet; its header is on row 3


def _hide(
    source: Path, path: Path, rows: list[int], filter_rows: tuple[int, int] | None = None
) -> Path:
    """A copy of ``source`` (same file name, another folder) with ``rows`` hidden; with
    ``filter_rows``, under a filter on those rows (its heading row first) that is applied."""
    book = openpyxl.load_workbook(source)
    sheet = book[SHEET]
    for row in rows:
        sheet.row_dimensions[row].hidden = True
    if filter_rows:
        sheet.auto_filter.ref = f"A{filter_rows[0]}:J{filter_rows[1]}"
        sheet.auto_filter.add_filter_column(4, ["Jamaica"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_run_says_which_rows_were_hidden_and_reads_them(sample: Path, tmp_path: Path) -> None:
    source = sample / "prison_extract.xlsx"
    prison = _hide(source, tmp_path / "in" / "prison_extract.xlsx", [10, 11, 12, 20, 40], (3, 30))
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "run",
            str(prison),
            str(sample / "ind_extract.xlsx"),
            "--config",
            str(sample / "audit.toml"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    note = (
        f"The prison extract (prison_extract.xlsx, sheet '{SHEET}') has 5 data rows hidden in "
        "the spreadsheet: 4 by a filter (rows 10-12 and 20), 1 not by the filter (row 40): "
        "they were read like every other row. If they should not be in the audit, delete them "
        "from a copy of the file and run again."
    )
    assert note in _one_line(result.output)
    assert note in json.loads((out / "manifest.json").read_text())["notes"]
    book = openpyxl.load_workbook(out / "reconciliation.xlsx", read_only=True)
    quality = [row for row in book["Data quality"].iter_rows(values_only=True) if row[0]]
    assert ("prison_extract.xlsx", SHEET, 10) in [row[:3] for row in quality]
    # Every hidden row is carried to an outcome, as the rows around it are.
    rows = {
        int(line.split(",")[2])
        for line in (out / "outcomes.csv").read_text().splitlines()[1:]
        if line.startswith("prison_extract.xlsx,")
    }
    assert {10, 11, 12, 20, 40} <= rows


def test_hidden_rows_are_read_as_if_shown(sample: Path, tmp_path: Path) -> None:
    source = sample / "prison_extract.xlsx"
    hidden = _hide(source, tmp_path / "prison_extract.xlsx", list(range(4, 60, 2)))
    plain, plain_findings = load_table(source, Role.PRISON, Config())
    table, findings = load_table(hidden, Role.PRISON, Config())
    assert table.row_numbers == plain.row_numbers
    assert table.columns == plain.columns
    assert not plain.source.notes and not any("hidden" in f.problem for f in plain_findings)
    (note,) = table.source.notes
    assert "has 28 data rows hidden in the spreadsheet (rows 4, 6, 8, 10, 12 and 23 more)" in note
    assert [f.row for f in findings if f.problem == "rows hidden in the spreadsheet"] == [4]


def test_a_file_with_nothing_hidden_says_nothing(sample: Path) -> None:
    result = runner.invoke(app, ["inspect", str(sample / "prison_extract.xlsx")])
    assert result.exit_code == 0, result.output
    assert "hidden" not in result.output


def test_filter_mode_alone_marks_rows_as_filtered(sample: Path, tmp_path: Path) -> None:
    """Excel marks a sheet whose filter hides rows with filterMode; the filter's range
    (its heading row aside) says which rows it could hide."""
    path = tmp_path / "prison_extract.xlsx"
    book = openpyxl.load_workbook(sample / "prison_extract.xlsx")
    sheet = book[SHEET]
    sheet.sheet_properties.filterMode = True
    sheet.auto_filter.ref = "A3:J20"
    for row in (3, 7, 25):  # the header row is not data: not named
        sheet.row_dimensions[row].hidden = True
    book.save(path)
    scan = sheet_scan(path, SHEET, set(range(4, 70)))
    assert (scan.hidden, scan.filtered) == ([7, 25], [7])


def test_rows_of_a_collapsed_group_are_not_put_down_to_the_filter(
    sample: Path, tmp_path: Path
) -> None:
    """Under a filter that is applied, rows hidden in a collapsed outline group are hidden by
    the group: the note does not say the filter hid them."""
    path = _hide(sample / "prison_extract.xlsx", tmp_path / "prison_extract.xlsx", [10, 11])
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    sheet.auto_filter.ref = "A3:J100"
    sheet.auto_filter.add_filter_column(4, ["Jamaica"])
    sheet.row_dimensions.group(30, 32, outline_level=1, hidden=True)
    book.save(path)
    scan = sheet_scan(path, SHEET, set(range(4, 100)))
    assert (sorted(scan.hidden), scan.filtered) == ([10, 11, 30, 31, 32], [10, 11])
    table, _ = load_table(path, Role.PRISON, Config())
    (note,) = table.source.notes
    assert "2 by a filter (rows 10-11), 3 not by the filter (rows 30-32)" in _one_line(note)


def test_inspect_names_a_hidden_sheet(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "prison_extract.xlsx"
    book = openpyxl.load_workbook(sample / "prison_extract.xlsx")
    book[SHEET].sheet_state = "hidden"
    book.create_sheet("Cover").append(["Extract of releases, see the other sheet"])
    book.active = 1
    book.save(path)
    result = runner.invoke(app, ["inspect", str(path), "--role", "prison"])
    assert result.exit_code == 0, result.output
    assert (
        f"The prison extract (prison_extract.xlsx, sheet '{SHEET}') is read from a hidden "
        "sheet (right-click a sheet's tab in Excel and choose Unhide to see it)"
    ) in _one_line(result.output)
    assert "data rows hidden" not in result.output


def test_a_very_hidden_sheet_and_one_hidden_row() -> None:
    notes = hidden_notes([HiddenRows("Data", "very hidden", (), ((9, 9),))], Role.IND, "ind.xls")
    assert notes == [
        "The IND extract (ind.xls, sheet 'Data') is read from a sheet hidden so that Excel's "
        "Unhide does not offer it (a macro or another program hid it): whoever opens the "
        "workbook does not see it. If it is not the extract, name the sheet to read in the "
        "config ([input] ind_sheet).",
        "The IND extract (ind.xls, sheet 'Data') has 1 data row hidden in the spreadsheet "
        "(row 9): it was read like every other row. If it should not be in the audit, delete "
        "it from a copy of the file and run again.",
    ]


def test_ranges_are_named_briefly() -> None:
    assert describe_ranges(((40, 51),)) == "rows 40-51"
    assert describe_ranges(((4, 4),)) == "row 4"
    assert describe_ranges(((1, 2), (4, 4), (6, 9))) == "rows 1-2, 4 and 6-9"
    many = tuple((n, n + 1) for n in range(10, 100, 10))  # nine ranges of two rows
    assert describe_ranges(many) == "rows 10-11, 20-21, 30-31, 40-41, 50-51 and 8 more"


def _ods_hiding(tmp_path: Path, visibility: dict[int, str]) -> Path:
    """A prison extract as .ods, its last data row written once with
    table:number-rows-repeated="2" (so it stands for two rows), and the n-th table row
    (1 = the header) given table:visibility ``visibility[n]``."""
    path = write_ods(tmp_path / "prison.ods", {"Extract": [PRISON_HEADER, *PRISON_ROWS]})

    def edit(content: str) -> str:
        head, *rows = content.split("<table:table-row>")
        tags = ["<table:table-row"] * len(rows)
        tags[-1] += ' table:number-rows-repeated="2"'
        for n, kind in visibility.items():
            tags[n - 1] += f' table:visibility="{kind}"'
        return head + "".join(f"{tag}>{row}" for tag, row in zip(tags, rows, strict=True))

    return replace_part(path, "content.xml", edit)


def test_ods_rows_collapsed_or_filtered(tmp_path: Path) -> None:
    last = len(PRISON_ROWS) + 1  # the last table row: rows last and last + 1 of the sheet
    path = _ods_hiding(tmp_path, {2: "filter", 1: "visible", last: "collapsed"})
    table, _ = load_table(path, Role.PRISON, Config())
    assert table.row_numbers == list(range(2, last + 2))
    (note,) = table.source.notes
    assert (
        "The prison extract (prison.ods, sheet 'Extract') has 3 data rows hidden in the "
        f"spreadsheet: 1 by a filter (row 2), 2 not by the filter (rows {last}-{last + 1})"
    ) in note


def test_scan_ignores_what_is_not_a_hidden_row(tmp_path: Path) -> None:
    """hidden="false" (LibreOffice writes it on every row), a hidden column, and the words
    in a cell are not hidden rows; text full of hidden="1" is scanned in linear time."""
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.save(path)
    filler = 'hidden="1" ' * 200_000
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<cols><col min="1" max="1" hidden="1"/></cols><sheetData>'
        '<row r="2" hidden="false"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
        f'<row r="3"><c r="A3" t="inlineStr"><is><t>{filler}</t></is></c></row>'
        '<row r="4" spans="1:2"\nhidden="1" ht="15"><c r="A4"><v>1</v></c></row>'
        '<row hidden="true" r="5"/><row r="6" hidden="1"/>'
        "</sheetData></worksheet>"
    )
    replace_part(path, "xl/worksheets/sheet1.xml", lambda _: sheet)
    started = time.perf_counter()
    scan = sheet_scan(path, "Data", {2, 3, 4, 5})
    assert time.perf_counter() - started < 2
    assert (scan.hidden, scan.filtered) == ([4, 5], [])  # row 6 is not a data row
