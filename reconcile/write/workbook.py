"""reconciliation.xlsx: the Summary, one sheet per failure outcome and one of the rows whose
scope could not be decided, review, listings, settings.

xlsxwriter writes the document (constant-memory mode) with its created time fixed to the
as-of date; the listings' data rows, far too many to write cell by cell at national scale, are
made a column at a time and spliced into its sheets (reconcile.write.xlsx_stream), with fixed
zip timestamps, so the same run gives the same bytes. Temporary files go to the output folder,
never to a shared /tmp, and are removed whatever happens.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reconcile import __version__
from reconcile.decisions import RECORDED_SHEET
from reconcile.decisions import counts as decision_counts
from reconcile.invisible import visible
from reconcile.model import FAILURE_OUTCOMES, OUTCOME_LABELS, Outcome
from reconcile.result import RunResult
from reconcile.write import WORKBOOK_NAME, workbook_table
from reconcile.write.evidence_prisoner import evidence_notes
from reconcile.write.listing_share import Alongside
from reconcile.write.outcomes_csv import OutcomesCsv
from reconcile.write.views import (
    EXTRACTS_TEXT,
    OFFENCE_HEADINGS,
    blank_rows_text,
    control_totals,
    court_recommended_count,
    decisions_text,
    failure_counts,
    failure_rows,
    findings_by_column,
    headline_text,
    offence_table,
    outcome_counts,
    outcome_note,
    review_counts,
)
from reconcile.write.workbook_listings import PrisonListings, listing_table
from reconcile.write.workbook_review import (
    REVIEW_SHEET,
    review_groups,
    review_rows,
    write_review_sheet,
)
from reconcile.write.workbook_sheets import (
    SETTINGS_SHEET,
    failure_sheet_title,
    settings_pairs,
    write_decisions,
    write_findings,
    write_ind_unlinked,
    write_settings,
)
from reconcile.write.workbook_table import Formats, part_names, print_setup, write_cell
from reconcile.write.xlsx_stream import splice

ALL_ROWS_SHEET = "All prison rows"
# The outcomes listed on a sheet of their own, in the workbook's order: the failures, then
# the rows whose scope could not be decided (any of them could be a failure).
LISTED_OUTCOMES = (*FAILURE_OUTCOMES, Outcome.INSUFFICIENT_DATA)
UNDECIDED_SHEET = failure_sheet_title(Outcome.INSUFFICIENT_DATA)
_COUNTS = ("text", "count", "text", "count", "count")
_FINDING_KINDS = ("text", "text", "count", "text")
WRAP_CHARS = 115  # characters per line across the Summary's columns B to F
SUMMARY_WIDTHS = (50, 24, 13, 13, 13, 66)  # columns A to F
_LAST_COL = len(SUMMARY_WIDTHS) - 1
LABEL_CHARS = 55  # characters of a label that fit in column A
SPAN_CHARS_PER_WIDTH = 1.2
MAX_NAME_WIDTH = 45  # a file or sheet name longer than this is cut off on the Summary
SPLIT_NAMED = 4  # a listing split over more sheets is said to run from the first to the last
# Why the Needs review sheet's parts may hold fewer rows than the limit.
REVIEW_SPLIT = "; a prison row's candidates are kept together on one sheet"


def rows_per_sheet(max_rows: int | None = None) -> int:
    """The data rows a listing puts on one sheet: ``max_rows``, else Excel's limit (looked up
    when called, so that a test can lower it for a whole run)."""
    return workbook_table.MAX_DATA_ROWS if max_rows is None else max_rows


def _parts_text(parts: Sequence[str]) -> str:
    """The sheets of a split listing: each of a few, else the first and the last (the PDF cuts
    a note of more than 1,000 characters)."""
    if len(parts) <= SPLIT_NAMED:
        return ", ".join(parts)
    return f"{parts[0]} to {parts[-1]}"


def listing_sizes(result: RunResult) -> dict[str, int]:
    """Data rows of each listing that can outgrow a sheet, in the workbook's order."""
    linked = {i for d in result.links.decisions for i in d.ind_idxs}
    sizes = {failure_sheet_title(o): len(failure_rows(result, o)) for o in LISTED_OUTCOMES}
    sizes[REVIEW_SHEET] = sum(review_groups(result))
    sizes[RECORDED_SHEET] = len(result.decisions)
    sizes[ALL_ROWS_SHEET] = len(result.prison)
    sizes["IND records not linked"] = len(result.ind) - len(linked)
    sizes["Data quality"] = len(result.findings)
    sizes[SETTINGS_SHEET] = len(settings_pairs(result))
    return sizes


def workbook_notes(result: RunResult, max_rows: int | None = None) -> list[str]:
    """Notes for listings too long for one sheet, e.g. "All prison rows: split over 2 sheets".

    The Settings and inputs sheet lists the run's notes, a row each, these and the evidence
    pack's among them once they are added (reconcile.write.outputs): its rows are counted
    with them."""
    most = rows_per_sheet(max_rows)
    sizes = listing_sizes(result)
    settings = sizes[SETTINGS_SHEET] + sum(n not in result.notes for n in evidence_notes(result))
    groups = {REVIEW_SHEET: review_groups(result)}  # split as the sheet is: between rows

    def notes_for(extra: int) -> list[str]:
        notes = []
        for title, rows in {**sizes, SETTINGS_SHEET: settings + extra}.items():
            parts = part_names(title, rows, most, groups.get(title))
            if len(parts) > 1:
                notes.append(
                    f"{title}: {rows:,} rows exceed Excel's limit of {most:,} per sheet, so "
                    f"they are split over {len(parts)} sheets ({_parts_text(parts)})"
                    + (REVIEW_SPLIT if title in groups else "")
                )
        return notes

    notes = notes_for(0)
    # A note about the settings sheet is a row of it: counted too, until the count settles.
    while (again := notes_for(sum(n not in result.notes for n in notes))) != notes:
        notes = again
    return notes


class _Lines:
    """Writes the Summary top to bottom (constant-memory mode needs rows in order)."""

    def __init__(self, ws: Worksheet, fmt: Formats, widths: Sequence[int]) -> None:
        self.ws, self.fmt, self.row = ws, fmt, 0
        self.widths = widths

    def _span_chars(self, col: int) -> int:
        """Characters of ordinary text that fit on a line across columns ``col`` to F (a
        column's width counts digits, wider than most letters)."""
        return int(sum(self.widths[col:]) * SPAN_CHARS_PER_WIDTH)

    def put(
        self,
        *values: object,
        style: object = None,
        kinds: tuple[str, ...] = (),
        span: bool = False,
    ) -> None:
        """A row of values from column A. A label in A too long for it, with values beside
        it, wraps onto more lines; ``span``: the last value is a text spread over its column
        and those after it up to F, wrapping onto more lines if it needs them (a meaning, an
        example: never cut off by a column's edge or the printed page's). Characters that
        show nothing are written as their codes (reconcile.invisible.visible)."""
        values = tuple(visible(v) if isinstance(v, str) else v for v in values)
        last = len(values) - 1
        label = values[0] if values and isinstance(values[0], str) else ""
        lines = -(-len(label) // LABEL_CHARS) if last > 0 and style is None else 1
        spread = values[last]
        if span and isinstance(spread, str):
            lines = max(lines, -(-len(spread) // self._span_chars(last)))
        if lines > 1:
            self.ws.set_row(self.row, 15 * lines)
        for col, value in enumerate(values):
            kind = kinds[col] if col < len(kinds) else "text"
            if span and col == last and col < _LAST_COL:
                self.ws.merge_range(
                    self.row, col, self.row, _LAST_COL, value, style or self.fmt.label
                )
            elif style is not None and isinstance(value, str):
                self.ws.write_string(self.row, col, value, style)
            elif col == 0 and lines > 1 and label:
                self.ws.write_string(self.row, col, label, self.fmt.label)
            else:
                write_cell(self.ws, self.row, col, value, kind, self.fmt)  # type: ignore[arg-type]
        self.row += 1

    def link(self, sheet: str, about: str) -> None:
        """A sheet's name, which goes to it when clicked, and what it holds (columns C to F)."""
        self.ws.write_url(self.row, 1, f"internal:'{sheet}'!A1", self.fmt.link, sheet)
        self.ws.merge_range(self.row, 2, self.row, _LAST_COL, about, self.fmt.wrap)
        lines = -(-len(about) // self._span_chars(2))
        if lines > 1:
            self.ws.set_row(self.row, 15 * lines)
        self.row += 1

    def wrapped(self, label: str, text: str) -> None:
        """A label and a long text wrapped across columns B to F."""
        text = visible(text)
        lines = max(1, -(-len(text) // WRAP_CHARS))
        self.ws.set_row(self.row, 15 * lines)
        if label:  # level with the first line of its text
            self.ws.write_string(self.row, 0, label, self.fmt.wrap)
        self.ws.merge_range(self.row, 1, self.row, 5, text, self.fmt.wrap)
        self.row += 1

    def skip(self) -> None:
        self.row += 1


def sheet_about(name: str) -> str:
    """What a sheet of the workbook holds, and in what order, for the Summary's list."""
    title = re.sub(r" \(\d+\)$", "", name)  # a part of a listing split over sheets
    for outcome in FAILURE_OUTCOMES:
        if failure_sheet_title(outcome)[: len(title)] == title:
            return f"Prison rows whose outcome is {OUTCOME_LABELS[outcome]}, {_EXTRACT_ORDER}."
    return SHEET_ABOUT.get(title, "")


_EXTRACT_ORDER = "in the prison extract's order (file, sheet, row)"
SHEET_ABOUT = {
    UNDECIDED_SHEET: f"Prison rows whose outcome is {OUTCOME_LABELS[Outcome.INSUFFICIENT_DATA]}: "
    "scope could not be decided, so any could be a release never considered. The Reason says "
    f"what was missing or unreadable and what to correct; {_EXTRACT_ORDER}.",
    REVIEW_SHEET: "Doubtful links, a line per candidate IND record (best first), "
    f"{_EXTRACT_ORDER}. Choose a Decision, put your name in Reviewer, save the workbook and "
    "give it to the next run as --decisions.",
    RECORDED_SHEET: "Decisions given to this run with --decisions, in the order read, "
    "and whether each was applied. Edit or delete a row to change a decision next round.",
    ALL_ROWS_SHEET: "Every prison row once, with its outcome, reason and link evidence, "
    f"{_EXTRACT_ORDER}.",
    "IND records not linked": "IND records linked to no prison row, in the IND extract's order "
    "(file, sheet, row).",
    "Data quality": "Every value that could not be read and every row set aside, by file, "
    "sheet and row.",
    SETTINGS_SHEET: "The run's inputs (with SHA-256), settings, policy and linker "
    "parameters in full.",
}


def summary_widths(result: RunResult, by_column: Sequence[tuple[str, str, int, str]]) -> list[int]:
    """The Summary's column widths: columns B and C as wide as the inputs' file and sheet
    names and the findings' column headings (within limits), so that none is cut off by the
    value beside it."""
    widths = list(SUMMARY_WIDTHS)
    sources = (result.prison_source, result.ind_source)
    files = [src.file for src in sources]
    files += [column for _, column, _, _ in by_column]
    widths[1] = max(widths[1], min(MAX_NAME_WIDTH, max(map(len, files)) + 2))
    sheets = [len(src.sheet or "") for src in sources]
    widths[2] = max(widths[2], min(MAX_NAME_WIDTH, max(sheets) + 2))
    return widths


WAY_THROUGH = (
    "Below: the audit and its inputs, the control totals, the data-quality findings, the "
    "outcomes and the offence table; at the foot, what each sheet holds."
)


def write_summary(ws: Worksheet, fmt: Formats, result: RunResult, sheets: list[str]) -> None:
    by_column = findings_by_column(result)
    widths = summary_widths(result, by_column)
    out = _Lines(ws, fmt, widths)
    cfg = result.settings.config
    out.put("Reconciliation of prison releases with immigration casework", style=fmt.title)
    # What the workbook is and what it found, before the figures behind it.
    out.wrapped("About", f"This workbook reconciles {EXTRACTS_TEXT}. {WAY_THROUGH}")
    out.wrapped("Result", headline_text(result))
    out.put("Audit", cfg.audit.name)
    out.put("Run id", result.run_id)
    out.put("As-of date", result.as_of)
    out.put("Policy", f"{result.policy.name} (version {result.policy.version})")
    for line in result.policy.summary_lines():
        out.wrapped("", line)
    out.put("Produced by", f"reconcile {__version__}")
    out.skip()
    out.put("Inputs", "File", "Sheet", "Records", "Size (bytes)", "SHA-256", style=fmt.heading)
    for src in (result.prison_source, result.ind_source):
        label = "Prison extract" if src.role.value == "prison" else "IND extract"
        out.put(label, src.file, src.sheet, src.rows, src.size, src.sha256, kinds=_COUNTS[:5])
    out.skip()
    out.put("Control totals", "Rows", style=fmt.heading)
    for label, value in control_totals(result):
        out.put(label, value, kinds=_COUNTS)
    for text in blank_rows_text(result):  # several sheets: a row for each, indented
        for line in text.split("\n"):
            out.wrapped("", line)
    out.skip()
    if by_column:
        out.put("Data-quality findings by column (each on the Data quality sheet)", style=fmt.bold)
        out.put(
            "File",
            "Column",
            "Findings",
            "Commonest problem (an example)",
            style=fmt.heading,
            span=True,
        )
        for file, column, count, problem in by_column:
            out.put(file, column or "(the file)", count, problem, kinds=_FINDING_KINDS, span=True)
        out.skip()
    out.put("Outcome", "Rows", "Meaning", style=fmt.heading, span=True)
    by_outcome = outcome_counts(result)
    for outcome, label, count in by_outcome:
        out.put(label, count, outcome_note(result, outcome), kinds=_COUNTS, span=True)
    out.put("Total", sum(n for _, _, n in by_outcome), style=fmt.bold, kinds=_COUNTS)
    review = review_counts(result)
    if review.sheet:
        out.wrapped("", review.text())
    out.skip()
    out.put("Not considered before release, by offence", style=fmt.bold)
    out.put(*OFFENCE_HEADINGS, style=fmt.heading)
    for offence, count in offence_table(result):
        out.put(offence, count, style=fmt.bold if offence == "Total" else None, kinds=_COUNTS)
    out.skip()
    court = court_recommended_count(result)
    out.put("Of these, with a court recommendation for deportation", court, kinds=_COUNTS)
    counts = failure_counts(result)
    out.put("Number of releases (a person's rows released on the same day count as one)",
            counts.releases, kinds=_COUNTS)  # fmt: skip
    out.put("Number of people (a person's custody episodes count as one)", counts.people,
            kinds=_COUNTS)  # fmt: skip
    out.put("People with more than one such release", counts.several, kinds=_COUNTS)
    if result.settings.decisions_path is not None and not result.decisions:
        out.skip()
        out.wrapped("", decisions_text(result))
    if result.decisions:
        applied, stale = decision_counts(d.status for d in result.decisions)
        out.skip()
        out.put("Reviewer decisions applied", applied, kinds=_COUNTS)
        if stale:
            out.put("Reviewer decisions stale (not applied; see Reviewer decisions)", stale,
                    kinds=_COUNTS)  # fmt: skip
    if result.notes:
        out.skip()
        out.put("Notes", style=fmt.bold)
        for note in result.notes:
            out.wrapped("", note)
    out.skip()
    out.put("Sheets in this workbook", style=fmt.bold)
    for name in sheets:
        out.link(name, sheet_about(name))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    print_setup(ws, fmt, landscape=True, heading=False)


def write_workbook(
    result: RunResult,
    path: Path,
    tmpdir: Path | None = None,
    max_rows: int | None = None,
    csv: OutcomesCsv | None = None,
    alongside: Alongside | None = None,
) -> None:
    """Write reconciliation.xlsx to ``path`` (the caller makes the write atomic). ``csv`` is
    given every prison row's values as the listings are filled, in blocks, so that
    outcomes.csv is written from them. ``alongside``: work for a forked child, which then
    helps fill the listings (see reconcile.write.listing_share); its answer is left in it.
    ``max_rows``: data rows per sheet (Excel's limit unless given: see rows_per_sheet)."""
    # xlsxwriter's files and the rows' files go to a private folder, removed whatever happens.
    work = Path(
        tempfile.mkdtemp(prefix=f".{WORKBOOK_NAME}.", suffix=".part", dir=tmpdir or path.parent)
    )
    fmt: Formats | None = None
    try:
        most = rows_per_sheet(max_rows)
        fmt = _write_frame(result, work / WORKBOOK_NAME, work, most, csv, alongside)
        splice(work / WORKBOOK_NAME, path, fmt.streams)
    finally:
        if fmt is not None:
            for stream in fmt.streams:
                stream.close()
        shutil.rmtree(work, ignore_errors=True)


def _write_frame(
    result: RunResult,
    path: Path,
    tmpdir: Path,
    max_rows: int,
    csv: OutcomesCsv | None,
    alongside: Alongside | None,
) -> Formats:
    """The workbook as xlsxwriter writes it: everything but the listings' data rows, which
    stream to temporary files (returned in the formats' ``streams``) to be spliced in."""
    options = {
        "constant_memory": True,
        "tmpdir": str(tmpdir),
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    wb = Workbook(str(path), options)
    created = datetime.combine(result.as_of, time(0, 0))
    wb.set_properties(
        {
            "title": f"Reconciliation {result.run_id}",
            "subject": result.settings.config.audit.name,
            "author": "reconcile",
            "comments": f"reconcile {__version__}, run {result.run_id}",
            "created": created,
        }
    )
    marking = result.settings.config.output.marking.replace("&", "&&")
    run = result.run_id.replace("&", "&&")
    fmt = Formats.create(
        wb,
        header=f"&L{marking}&C&A&R{run}",
        footer=f"&L{marking}&CPage &P of &N&R{run}",
    )
    try:
        summary = wb.add_worksheet("Summary")
        failures = {
            outcome.value: listing_table(
                wb, fmt, failure_sheet_title(outcome), len(failure_rows(result, outcome)), max_rows
            )
            for outcome in LISTED_OUTCOMES
        }
        write_review_sheet(wb, fmt, result, max_rows)
        write_decisions(wb, fmt, result, max_rows)
        everything = listing_table(wb, fmt, ALL_ROWS_SHEET, len(result.prison), max_rows)
        # The child (if any) starts here: it needs the listings' tables, nothing made later.
        listings = PrisonListings(result, everything, failures, csv, alongside, tmpdir)
        write_ind_unlinked(wb, fmt, result, max_rows)
        write_findings(wb, fmt, result, max_rows)
        listings.fill()
        write_settings(wb, fmt, result, max_rows)
        sheets = [ws.get_name() for ws in wb.worksheets()]
        write_summary(summary, fmt, result, sheets[1:])
        summary.activate()
        wb.close()
    except BaseException:
        for stream in fmt.streams:
            stream.close()
        raise
    return fmt


__all__ = ["REVIEW_SHEET", "review_rows", "workbook_notes", "write_workbook"]
