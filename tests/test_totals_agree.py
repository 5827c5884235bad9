"""Every output of a run gives the same numbers: the printed summary, `reconcile report`, the
workbook's Summary and sheets, the PDF, the manifest and outcomes.csv, on messy generated
extracts (totals and notes below the data, a repeated header, duplicate and blank rows,
unreadable dates, rows with no name), with many links held for review."""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.model import FAILURE_OUTCOMES, OUTCOME_LABELS, Outcome
from reconcile.write import render_summary, write_outputs
from tests.factories import make_result
from tests.pdftext import pdf_text

runner = CliRunner()


def _mess(src: Path, dst: Path, seed: int) -> None:
    """A copy of a sample extract made messy, keeping its first sheet's layout."""
    rnd = random.Random(seed)
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if sum(isinstance(v, str) for v in r) >= 4)
    header, data = rows[head], rows[head + 1 :]
    cols = {str(h): j for j, h in enumerate(header) if h}
    names = [cols[h] for h in ("Surname", "Forename(s)", "Family Name", "Given Names") if h in cols]
    numbers = [cols[h] for h in ("NOMS No", "Prison No") if h in cols]
    dates = [j for h, j in cols.items() if "Date" in h and "Birth" not in h]
    out: list[list[Any]] = []
    for k, row in enumerate(data):
        x = rnd.random()
        if x < 0.03 and dates:
            row[rnd.choice(dates)] = "31/02/2003"
        elif x < 0.05:
            for j in names:
                row[j] = None
        elif x < 0.06:
            for j in names + numbers:
                row[j] = None
        out.append(row)
        if rnd.random() < 0.02:
            out.append(list(row))
        if rnd.random() < 0.01:
            out.append([None] * len(header))
        if k == len(data) // 2:
            out.append(list(header))
    width = len(header)
    out += [
        [None] * width,
        ["TOTAL", len(data), *[None] * (width - 2)],
        ["Note: taken for the audit only", *[None] * (width - 1)],
    ]
    ws.delete_rows(head + 2, ws.max_row)
    for row in out:
        ws.append(row)
    wb.save(dst)


@dataclass
class Run:
    outdir: Path
    printed: str


def _run(folder: Path, name: str, *extra: str) -> Run:
    outdir = folder / name
    args = ["run", str(folder / "prison.xlsx"), str(folder / "ind.xlsx")]
    args += ["--config", str(folder / "audit.toml"), "-o", str(outdir), "--force", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return Run(outdir, result.output)


def _decide(workbook: Path, dst: Path) -> None:
    """Fill in some Decisions on the Needs review sheet, as a reviewer would."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Needs review"]
    head = [c.value for c in ws[1]]
    decision, reviewer = head.index("Decision") + 1, head.index("Reviewer") + 1
    key = head.index("ind_key") + 1
    for row in range(2, ws.max_row + 1, 2):
        if not ws.cell(row, key).value:
            continue
        ws.cell(row, decision, "same person" if row % 4 else "not the same person")
        ws.cell(row, reviewer, "A Reviewer")
    wb.save(dst)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    made: list[Run] = []
    for seed, policy in ((7, "2006"), (19, "ukba-2007")):
        folder = tmp_path_factory.mktemp(f"messy{seed}")
        sample = runner.invoke(
            app, ["sample", "-o", str(folder), "--people", "300", "--seed", str(seed)]
        )
        assert sample.exit_code == 0, sample.output
        _mess(folder / "prison_extract.xlsx", folder / "prison.xlsx", seed)
        _mess(folder / "ind_extract.xlsx", folder / "ind.xlsx", seed + 1)
        config = folder / "audit.toml"
        config.write_text(
            config.read_text() + "\n[linker]\nlink_probability = 0.9999\nreview_probability = 0.5\n"
        )
        first = _run(folder, "out", "--policy", policy)
        made.append(first)
        if seed == 7:
            _decide(first.outdir / "reconciliation.xlsx", folder / "reviewed.xlsx")
            made.append(_run(folder, "decided", "--decisions", str(folder / "reviewed.xlsx")))
    return made


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _text_table(text: str, title: str) -> list[tuple[str, int]]:
    """A titled table of label and number in the printed summary or the report."""
    block = text.split(f"{title}\n{'=' * len(title)}\n\n", 1)[1].split("\n\n", 1)[0]
    lines = block.splitlines()[2:]  # the heading and its rule
    rows = [re.fullmatch(r"(.*?\S)\s{2,}([\d,]+)", line) for line in lines]
    return [(m.group(1).rstrip(), _number(m.group(2))) for m in rows if m]


def _summary_sheet(run: Run) -> list[list[Any]]:
    wb = openpyxl.load_workbook(run.outdir / "reconciliation.xlsx", read_only=True)
    rows = [[v for v in r if v is not None] for r in wb["Summary"].iter_rows(values_only=True)]
    return [r for r in rows if r]


def _sheet_rows(run: Run, name: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(run.outdir / "reconciliation.xlsx", read_only=True)
    return list(wb[name].iter_rows(values_only=True))[1:]


def _workbook_totals(run: Run) -> list[tuple[str, int]]:
    rows = _summary_sheet(run)
    start = next(i for i, r in enumerate(rows) if r[0] == "Control totals") + 1
    found = []
    for row in rows[start:]:
        if len(row) != 2 or not isinstance(row[1], int):
            break
        found.append((str(row[0]), row[1]))
    return found


def _pdf_text(run: Run) -> str:
    return pdf_text(run.outdir / "evidence.pdf")


def _report(run: Run) -> str:
    result = runner.invoke(app, ["report", str(run.outdir)])
    assert result.exit_code == 0, result.output
    return result.output


def _manifest(run: Run) -> dict[str, Any]:
    return json.loads((run.outdir / "manifest.json").read_text(encoding="utf-8"))


def _csv(run: Run) -> list[dict[str, str]]:
    with open(run.outdir / "outcomes.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_report_gives_the_control_totals_the_run_printed(runs: list[Run]) -> None:
    for run in runs:
        printed = _text_table(run.printed, "Control totals")
        assert printed == _workbook_totals(run)
        assert _text_table(_report(run), "Control totals") == printed
        assert printed[0][0] == "Prison extract: data rows found"
        assert printed[1][0].startswith("  set aside")  # under its file, not beside it


def _offences_text(text: str) -> tuple[str, int]:
    """The offence table's count heading and its Total, from the printed summary or report."""
    title = "Not considered before release, by offence"
    block = text.split(f"{title}\n{'=' * len(title)}\n\n", 1)[1].split("\n\n", 1)[0]
    heading = re.split(r"\s{2,}", block.splitlines()[0].strip())[1]
    total = re.search(r"^Total\s+([\d,]+)$", block, re.M)
    assert total
    return heading, _number(total.group(1))


def test_offence_table_says_it_counts_prison_rows(runs: list[Run]) -> None:
    """The table counts rows (releases), which the people sentence beside it tells apart
    from people: headed "Prisoners", its total read as a number of people."""
    for run in runs:
        rows = _csv(run)
        failed = sum(1 for r in rows if r["outcome"] in {o.value for o in FAILURE_OUTCOMES})
        assert _offences_text(run.printed) == ("Prison rows", failed)
        assert _offences_text(_report(run)) == ("Prison rows", failed)
        sheet = _summary_sheet(run)
        assert ["Offence", "Prison rows"] in sheet
        assert ["Total", failed] in sheet
        pdf = _pdf_text(run)
        assert re.search(r"^\s*Offence\s{2,}Prison rows\s*$", pdf, re.M)
        assert f"The {failed:,} not considered before release are" in run.printed


def test_workbook_outcome_table_has_its_total(runs: list[Run]) -> None:
    """The Summary sheet's outcome counts end with their total, as the printed summary's and
    the PDF's do: the rows read."""
    for run in runs:
        sheet = _summary_sheet(run)
        start = sheet.index(["Outcome", "Rows", "Meaning"]) + 1
        outcomes = sheet[start : start + len(Outcome)]
        assert [r[0] for r in outcomes] == [OUTCOME_LABELS[o] for o in Outcome]
        read = _manifest(run)["counts"]["prison_rows_read"]
        assert sheet[start + len(Outcome)] == ["Total", read]
        assert sum(r[1] for r in outcomes) == read == len(_csv(run))
        assert ("Total", read) in _text_table(run.printed, "Outcomes")


def test_report_gives_the_other_counts_the_run_printed(runs: list[Run]) -> None:
    """The Needs review sheet's rows, the candidate pairs and the reviewers' decisions applied
    and stale, in the same lines in the printed summary and in the report."""
    for run in runs:
        printed = _text_table(run.printed, "Other counts")
        assert _text_table(_report(run), "Other counts") == printed
        counts = _manifest(run)["counts"]
        assert (
            dict(printed)["Prison rows on the Needs review sheet (doubtful link or outcome)"]
            == (counts["review_rows"])
        )
        decided = counts["decisions_applied"] + counts["decisions_stale"]
        assert ("Reviewer decisions applied" in dict(printed)) == bool(decided)


def test_a_decisions_file_with_none_is_said_in_every_output(runs: list[Run]) -> None:
    """The printed summary says a decisions file held no decision; the report, the workbook
    and the PDF say so too, rather than nothing (as if no file had been given)."""
    folder = runs[0].outdir.parent
    run = _run(folder, "none", "--decisions", str(runs[0].outdir / "reconciliation.xlsx"))
    said = (
        "Reviewer decisions: none in reconciliation.xlsx (every Decision cell is blank or "
        "'skip'); no link was changed"
    )
    assert said in run.printed
    assert said in _report(run)
    assert [said] in _summary_sheet(run)
    assert said in re.sub(r"\s+", " ", _pdf_text(run))
    assert _manifest(run)["counts"]["decisions_applied"] == 0


def test_review_sentence_gives_the_sheets_lines_as_well_as_its_rows(tmp_path: Path) -> None:
    """The Needs review sheet has a line for each candidate IND record: a row with two
    candidates takes two lines. An auditor counting the sheet's lines finds the number the
    sentence gives, beside the prison rows."""
    result = make_result()
    outdir = tmp_path / "out"
    write_outputs(result, outdir, force=False)
    run = Run(outdir, render_summary(result))
    lines = _sheet_rows(run, "Needs review")
    rows = {line[0] for line in lines}
    assert len(lines) > len(rows)  # the factory's doubtful row has two candidates
    said = (
        f"lists {len(rows)} prison row{'' if len(rows) == 1 else 's'} on {len(lines)} lines "
        "(a line for each candidate IND record)"
    )
    assert said in run.printed
    assert said in _manifest(run)["summary"]["review"]
    assert any(said in str(r[0]) for r in _summary_sheet(run))
    assert said in re.sub(r"\s+", " ", _pdf_text(run))


def test_control_totals_nest_what_adds_up(runs: list[Run]) -> None:
    """Under the prison rows read come the three parts that add up to them; the not
    considered come under those in scope, being some of them, not a fourth part."""
    for run in runs:
        for totals in (_text_table(run.printed, "Control totals"), _workbook_totals(run)):
            labels = [label for label, _ in totals]
            read = labels.index("  prison rows read as records")
            end = labels.index("  outcomes assigned (must equal rows read)")
            parts = [(label, n) for label, n in totals[read + 1 : end] if label.startswith("    ")]
            whole = [n for label, n in parts if not label.startswith("      ")]
            assert len(whole) == 3 and sum(whole) == totals[read][1]
            assert parts[-1][0] == "      of which not considered before release"
            assert parts[-1][1] <= parts[-2][1]  # of those in scope
            # The IND records read, in the two parts that add up to them.
            ind = labels.index("  IND records read")
            linked, unlinked = totals[ind + 1], totals[ind + 2]
            assert (linked[0], unlinked[0]) == ("    linked to a prison row", "    not linked")
            assert linked[1] + unlinked[1] == totals[ind][1]


def _pdf_number(pdf: str, label: str) -> int:
    found = re.search(rf"^\s*{re.escape(label)}\s{{2,}}([\d,]+)(?:\s{{2,}}|\s*$)", pdf, re.M)
    assert found, label
    return _number(found.group(1))


def test_every_output_gives_the_same_counts(runs: list[Run]) -> None:
    """What an auditor cross-checks: each count as the printed summary, the report, the
    workbook, the PDF and the manifest give it, and as a pivot of outcomes.csv finds it."""
    for run in runs:
        counts = _manifest(run)["counts"]
        rows = _csv(run)
        pivot = Counter(r["outcome"] for r in rows)
        report, pdf, sheet = _report(run), _pdf_text(run), _summary_sheet(run)
        # Outcomes, everywhere.
        expected = [(OUTCOME_LABELS[o], pivot.get(o.value, 0)) for o in Outcome]
        assert [(OUTCOME_LABELS[o], counts["outcomes"][o.value]) for o in Outcome] == expected
        total = [*expected, ("Total", len(rows))]
        assert _text_table(run.printed, "Outcomes") == total
        assert _text_table(report, "Outcomes") == total
        start = sheet.index(["Outcome", "Rows", "Meaning"]) + 1
        assert [tuple(r[:2]) for r in sheet[start : start + len(total)]] == total
        assert [(label, _pdf_number(pdf, label)) for label, _ in total] == total
        # The control totals in the PDF, line for line (pdftotext lays out the indent anew).
        printed = _text_table(run.printed, "Control totals")
        section = pdf.split("1. Control totals\n Every prison row read", 1)[1]
        lines = [re.fullmatch(r"\s*(\S.*?\S)\s{2,}([\d,]+)\s*", ln) for ln in section.splitlines()]
        in_pdf = [(m.group(1), _number(m.group(2))) for m in lines if m][: len(printed)]
        assert in_pdf == [(label.strip(), n) for label, n in printed]
        assert [n for _, n in printed] == [
            int(str(r[1])) for r in sheet[sheet.index(["Control totals", "Rows"]) + 1 :][:14]
        ]
        # Rows read, the listings and the sheets that list rows.
        assert counts["prison_rows_read"] == len(rows) == len(_sheet_rows(run, "All prison rows"))
        for outcome in FAILURE_OUTCOMES:
            label, n = OUTCOME_LABELS[outcome], pivot.get(outcome.value, 0)
            assert len(_sheet_rows(run, label)) == n
            assert re.search(rf"^\s*6\.\d {re.escape(label)}: {n:,}\s", pdf, re.M)
        # The rows whose scope could not be decided: the control total, the sheet and the
        # PDF's listing (its heading in the contents and over the section, and its rows).
        undecided = [r["source_row"] for r in rows if r["outcome"] == "insufficient_data"]
        assert undecided
        assert dict(printed)["    scope could not be decided (insufficient data)"] == len(undecided)
        assert len(_sheet_rows(run, "Insufficient data")) == len(undecided)
        noun = "prison row" if len(undecided) == 1 else "prison rows"
        heading = f"7. Insufficient data: {len(undecided):,} {noun} whose scope"
        assert len(re.findall(rf"^\s*{re.escape(heading)}", pdf, re.M)) == 2
        start = pdf.rindex(heading)
        section = pdf[start : pdf.index("8. Evidence for each", start)]
        assert re.findall(r"^ {0,12}(\d+) {2,}", section, re.M) == undecided
        # IND records linked and not linked.
        linked = {x for r in rows for x in re.split(r"[;,\s]+", r["ind_source_rows"]) if x}
        assert counts["ind_linked"] == len(linked)
        assert counts["ind_unlinked"] == len(_sheet_rows(run, "IND records not linked"))
        assert counts["ind_linked"] + counts["ind_unlinked"] == counts["ind_rows_read"]
        # Findings.
        assert counts["findings"] == len(_sheet_rows(run, "Data quality"))
        by_column = _manifest(run)["summary"]["findings_by_column"]
        assert sum(n for _, _, n, _ in by_column) == counts["findings"]
        # Review: the sheet's prison rows, the outcome, the links held.
        review = _sheet_rows(run, "Needs review")
        held = Counter(r["link_status"] for r in rows)["needs_review"]
        on_sheet = sum(
            1 for r in rows if r["outcome"] == "needs_review" or r["link_status"] == "needs_review"
        )
        assert len({line[0] for line in review}) == on_sheet == counts["review_rows"]
        assert _pdf_number(pdf, "link held for review (doubtful; see section 2)") == held
        assert (
            _pdf_number(pdf, "linked to IND records")
            == Counter(r["link_status"] for r in rows)["linked"]
        )
        flat = re.sub(r"\s+", " ", pdf)
        assert f"({counts['candidate_pairs']:,} pairs in this run)" in flat
        failed = sum(pivot.get(o.value, 0) for o in FAILURE_OUTCOMES)
        assert (
            f"{failed:,} sections, in the order of the prison extract: one for each prison row "
            "listed as Never referred; Referred, not considered; or Considered after release, "
            "the outcomes mixed."
        ) in flat
        # Decisions.
        decided = counts["decisions_applied"] + counts["decisions_stale"]
        assert len(_sheet_rows(run, "Reviewer decisions")) == decided
        # The inputs' records.
        assert [r[3] for r in sheet if r[0] in ("Prison extract", "IND extract")] == [
            counts["prison_rows_read"],
            counts["ind_rows_read"],
        ]


def _rows_below_header(path: Path) -> tuple[int, int, int]:
    """(first row below the header, last row with a value, blank rows between) of a sheet."""
    rows = list(
        openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    head = next(i for i, r in enumerate(rows) if sum(isinstance(v, str) for v in r) >= 4)
    filled = [i for i, r in enumerate(rows) if any(v is not None for v in r)]
    blank = sum(1 for r in rows[head + 1 : filled[-1] + 1] if all(v is None for v in r))
    return head + 2, filled[-1] + 1, blank


def test_blank_rows_are_counted_so_the_sheet_adds_up(runs: list[Run]) -> None:
    """Blank rows among the data are passed over without a finding; every output says how
    many, so that the rows below the header in the file add up to the data rows found."""
    run = runs[0]
    folder = run.outdir.parent
    totals = dict(_text_table(run.printed, "Control totals"))
    flat_pdf = re.sub(r"\s+", " ", _pdf_text(run))
    report, sheet = _report(run), _summary_sheet(run)
    for name, file, sheet_name, found in (
        ("Prison extract", "prison.xlsx", "FNP discharges", "Prison extract: data rows found"),
        ("IND extract", "ind.xlsx", "CCT cases", "IND extract: data rows found"),
    ):
        first, last, blank = _rows_below_header(folder / file)
        assert blank > 0
        assert last - first + 1 == totals[found] + blank
        said = (
            f"{name}: rows {first:,} to {last:,} of sheet {sheet_name!r}, below the header, are "
            f"the {totals[found]:,} data rows found and {blank:,} blank "
            f"row{'' if blank == 1 else 's'}, passed over."
        )
        assert said in run.printed
        assert said in report
        assert [said] in sheet
        assert said in flat_pdf


def _split_with_blanks(source: Path, target: Path) -> list[tuple[str, int, int, int, int]]:
    """The prison extract with its data split over two sheets (the second with its header
    in row 1) and blank rows among the data of each; per sheet: (name, first row below the
    header, last row with a value, data rows, blank rows between)."""
    book = openpyxl.load_workbook(source)
    first = book.worksheets[0]
    rows = [list(r) for r in first.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r and "NOMS No" in r)
    header = rows[head]
    data = [r for r in rows[head + 1 :] if sum(v is not None for v in r) >= 3]  # no totals
    half = len(data) // 2
    blank = [None] * len(header)
    parts = (
        (first, rows[: head + 1], [*data[:3], blank, *data[3:8], blank, blank, *data[8:half]]),
        (book.create_sheet("Later"), [header], [*data[half : half + 4], blank, *data[half + 4 :]]),
    )
    first.delete_rows(1, first.max_row)
    said = []
    for sheet, top, below in parts:
        for row in [*top, *below]:
            sheet.append(row)
        said.append(
            (
                sheet.title,
                len(top) + 1,
                len(top) + len(below),
                sum(r is not blank for r in below),
                sum(r is blank for r in below),
            )
        )
    book.save(target)
    return said


def test_blank_rows_are_counted_on_each_sheet_of_an_extract_read_from_several(
    sample: Path, tmp_path: Path
) -> None:
    """An extract read from several sheets, each under its own header, with blank rows among
    the data of both: every output gives the sums and, under them, each sheet's rows, data
    rows and blank rows, which add up to the data rows found in the control totals."""
    split = tmp_path / "prison.xlsx"
    sheets = _split_with_blanks(sample / "prison_extract.xlsx", split)
    shutil.copy(sample / "ind_extract.xlsx", tmp_path / "ind.xlsx")
    shutil.copy(sample / "audit.toml", tmp_path / "audit.toml")
    run = _run(tmp_path, "out", "--prison-sheet", "*")
    totals = dict(_text_table(run.printed, "Control totals"))
    found = totals["Prison extract: data rows found"]
    assert found == sum(n for *_, n, _ in sheets)
    blank = sum(b for *_, b in sheets)
    assert all(b > 0 for *_, b in sheets)
    lines = [
        f"Prison extract: the rows below the headers of its 2 sheets, up to the last one read "
        f"on each, are the {found:,} data rows found and {blank:,} blank rows, passed over:",
        *(
            f"  sheet {name!r}: rows {first:,} to {last:,}, below its header, are the {n:,} "
            f"data rows found and {b:,} blank row{'' if b == 1 else 's'}{end}"
            for (name, first, last, n, b), end in zip(sheets, (";", "."), strict=True)
        ),
    ]
    said = "\n".join(lines)
    assert said in run.printed
    assert said in _report(run)
    manifest = _manifest(run)
    assert manifest["summary"]["blank_rows"] == [said]
    prison = manifest["inputs"]["prison"]
    assert prison["sheets"] == [s[0] for s in sheets]
    assert prison["header_rows"] == [s[1] - 1 for s in sheets]
    summary = _summary_sheet(run)
    at = summary.index([lines[0]])
    assert summary[at : at + 3] == [[line] for line in lines]
    pdf = re.sub(r"\s+", " ", _pdf_text(run))
    assert " ".join(line.strip() for line in lines) in pdf
