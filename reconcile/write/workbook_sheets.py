"""The workbook's listing sheets: prison rows, IND records not linked, data quality, settings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from xlsxwriter.workbook import Workbook

from reconcile.decisions import RECORDED_SHEET, missing_text
from reconcile.model import OUTCOME_LABELS, Cell, Finding, LinkStatus, Outcome, birth
from reconcile.result import RunResult
from reconcile.write.prison_rows import decided_records
from reconcile.write.settings_view import flatten, input_dict, plain, settings_dict
from reconcile.write.views import (
    NAME_AS_GIVEN_NOTE,
    OUTCOME_NOTES,
    PRISON_COLUMNS,
    Column,
    nationality_text,
)
from reconcile.write.workbook_review import ENTRY_WIDTHS, decision_list
from reconcile.write.workbook_table import MAX_DATA_ROWS, Formats, TableWriter

# The workbook shows the outcome and the link status in words; outcomes.csv keeps the codes.
_OUTCOME_WORDS: dict[Cell, str] = {o.value: OUTCOME_LABELS[o] for o in Outcome}
_LINK_WORDS: dict[Cell, str] = {
    LinkStatus.LINKED.value: "Linked",
    LinkStatus.REVIEW.value: "Held for review",
    LinkStatus.NONE.value: "Not linked",
}
_OUTCOME_NOTE = "\n".join(f"{OUTCOME_LABELS[o]}: {OUTCOME_NOTES[o]}" for o in Outcome) + (
    "\noutcomes.csv gives each as a code (never_referred, ...)."
)
_LINK_NOTE = (
    "Linked; Held for review (a doubtful link: see the Needs review sheet); Not linked. "
    "outcomes.csv gives the codes linked, needs_review, no_link."
)
LISTING_COLUMNS = tuple(
    Column(c.key, c.title, c.kind, _OUTCOME_NOTE, _OUTCOME_WORDS)
    if c.key == "outcome"
    else Column(c.key, c.title, c.kind, _LINK_NOTE, _LINK_WORDS)
    if c.key == "link_status"
    else c
    for c in PRISON_COLUMNS
)


SETTINGS_SHEET = "Settings and inputs"


def failure_sheet_title(outcome: Outcome) -> str:
    """A listing's sheet is named as its outcome is everywhere else ("Referred, not
    considered"): Excel takes the comma in a sheet name."""
    return OUTCOME_LABELS[outcome]


IND_COLUMNS = (
    Column("file", "Source file"),
    Column("sheet", "Sheet"),
    Column("row", "Row", "int", "Row number as the spreadsheet shows it."),
    Column("case_ref", "Case reference"),
    Column("surname", "Family name"),
    Column("forenames", "Given names"),
    Column("name_as_given", "Name as given", note=NAME_AS_GIVEN_NOTE),
    Column("dob", "Date of birth", "date"),
    Column("nationality", "Nationality"),
    Column("prison_number", "Prison number"),
    Column("referral_date", "Referral received", "date"),
    Column("considered_date", "Date considered", "date"),
    Column("decision", "Decision"),
)


def write_ind_unlinked(
    wb: Workbook, fmt: Formats, result: RunResult, max_rows: int = MAX_DATA_ROWS
) -> None:
    """IND records not linked to any prison row (people never in the prison extract, or
    records the linker could not place)."""
    linked = {i for d in result.links.decisions for i in d.ind_idxs}
    recs = [r for r in result.ind if r.idx not in linked]
    table = TableWriter(wb, fmt, "IND records not linked", IND_COLUMNS, len(recs), max_rows)
    for r in recs:
        table.add(
            [
                r.prov.file,
                r.prov.sheet,
                r.prov.row,
                r.case_ref,
                r.surname,
                r.forenames,
                r.name_as_given or "",
                birth(r),
                nationality_text(r),
                r.prison_number or "",
                r.referral_date,
                r.considered_date,
                r.decision,
            ]
        )
    table.close()


FINDING_COLUMNS = (
    Column("file", "File"),
    Column("sheet", "Sheet"),
    Column("row", "Row", "int", "0 = the file as a whole."),
    Column("column", "Column", note="The column heading as it appears in the file."),
    Column("raw", "Raw value", note="The value exactly as found."),
    Column("problem", "Problem", wrap=True),
    Column("consequence", "Consequence", note="What the run did about it.", wrap=True),
)


def findings_in_order(findings: Sequence[Finding]) -> list[Finding]:
    """The findings as an auditor reads down an extract: by file and sheet (in the order the
    run met them: the prison extract first), then row (0, the file as a whole, first); a row's
    findings in the order found. The run finds them a check at a time, so that, for instance,
    rows that appear to be the same person come after every other finding, in no row order."""
    files: dict[str, int] = {}
    sheets: dict[tuple[str, str], int] = {}
    for f in findings:
        files.setdefault(f.file, len(files))
        sheets.setdefault((f.file, f.sheet), len(sheets))
    return sorted(findings, key=lambda f: (files[f.file], sheets[(f.file, f.sheet)], f.row))


def write_findings(
    wb: Workbook, fmt: Formats, result: RunResult, max_rows: int = MAX_DATA_ROWS
) -> None:
    table = TableWriter(wb, fmt, "Data quality", FINDING_COLUMNS, len(result.findings), max_rows)
    for f in findings_in_order(result.findings):
        table.add([f.file, f.sheet, f.row, f.column, f.raw, f.problem, f.consequence])
    table.close()


DECISION_COLUMNS = (
    Column(
        "prison_row",
        "Prison row",
        note="The prison row the decision is about, and its name; for a row these extracts no "
        "longer hold, as the decisions file showed it.",
    ),
    Column(
        "ind_record",
        "IND record",
        note="The IND record: its case reference and row; for a record these extracts no "
        "longer hold, as the decisions file showed it.",
    ),
    Column("decision", "Decision"),
    Column("reviewer", "Reviewer"),
    Column("note", "Note", wrap=True),
    Column(
        "status",
        "Status",
        note="applied, or stale: the records it was made about changed.",
        wrap=True,
    ),
    Column("source", "From", note="The decisions file, sheet and row it came from."),
    # Not headed prison_key / ind_key: a workbook given back as a decisions file reads this
    # sheet as decisions already taken, carried forward (reconcile.decisions), and the Needs
    # review sheet as new ones.
    Column("prison_key", "Prison record key"),
    Column("ind_key", "IND record key"),
)


def write_decisions(
    wb: Workbook, fmt: Formats, result: RunResult, max_rows: int = MAX_DATA_ROWS
) -> None:
    """Reviewers' decisions from a --decisions file and what became of each."""
    rows = result.decisions
    table = TableWriter(
        wb, fmt, RECORDED_SHEET, DECISION_COLUMNS, len(rows), max_rows, min_widths=ENTRY_WIDTHS
    )
    prison, ind = decided_records(result)
    for d in rows:
        table.add(
            [
                # A record gone: as the decisions file showed it, so a stale decision still
                # says whom it was about, round after round.
                prison.get(d.prison_key) or missing_text(d.prison_shown),
                ind.get(d.ind_key) or missing_text(d.ind_shown),
                d.decision,
                d.reviewer,
                d.note,
                d.status,
                d.source,
                d.prison_key,
                d.ind_key,
            ]
        )
    table.close()
    # A decision is changed here, for the next round: from the same choices as on Needs review.
    at = [c.key for c in DECISION_COLUMNS].index("decision")
    for ws, count in zip(table.sheets, table.counts, strict=True):
        decision_list(ws, at, count)


# Where the files lay on the machine that ran is the manifest's to record (reconcile verify
# re-reads the inputs from there). The workbook names the files and leaves their folders and
# the output folder out, so that the same inputs and settings give the same workbook from
# any folder, on any machine.
_FOLDERS_LEFT_OUT = {("Settings", "outdir")}
_NAMES_ONLY = {
    ("Settings", "prison_path"),
    ("Settings", "ind_path"),
    ("Settings", "decisions_path"),
    ("Settings", "config.source"),
    ("Settings", "config.policy"),  # a preset's name, or a policy file
    ("Policy", "source"),  # "preset 2006", or a policy file
}


def _named(section: str, pairs: list[tuple[str, Cell]]) -> list[tuple[str, str, Cell]]:
    """``pairs`` under ``section``, each file given by its name alone (see _NAMES_ONLY)."""
    return [
        (section, k, PurePath(v).name if (section, k) in _NAMES_ONLY and isinstance(v, str) else v)
        for k, v in pairs
        if (section, k) not in _FOLDERS_LEFT_OUT
    ]


def settings_pairs(result: RunResult) -> list[tuple[str, str, Cell]]:
    """(section, setting, value) rows: inputs, settings, policy, linker parameters, decisions."""
    rows: list[tuple[str, str, Cell]] = [
        ("Run", "run id", result.run_id),
        ("Run", "as-of date", result.as_of.isoformat()),
    ]
    for src in (result.prison_source, result.ind_source):
        entry = {k: v for k, v in input_dict(src).items() if k != "path"}  # "file" names it
        rows += [(f"Input: {src.role.value}", k, v) for k, v in flatten(entry)]
    rows += _named("Settings", flatten(settings_dict(result)))
    rows += _named("Policy", flatten(plain(result.policy.as_dict())))
    rows += [("Linker", k, v) for k, v in flatten(plain(result.links.parameters))]
    rows.append(("Linker", "candidate pairs", result.links.candidate_pairs))
    for n, d in enumerate(result.decisions, start=1):
        rows += [(f"Reviewer decision {n}", k, v) for k, v in flatten(plain(d))]
    rows += [("Notes", f"note {n}", text) for n, text in enumerate(result.notes, start=1)]
    return rows


def write_settings(
    wb: Workbook, fmt: Formats, result: RunResult, max_rows: int = MAX_DATA_ROWS
) -> None:
    columns = (
        Column("section", "Section"),
        Column("setting", "Setting", wrap=True),
        Column("value", "Value", wrap=True),
    )
    pairs = settings_pairs(result)
    table = TableWriter(wb, fmt, SETTINGS_SHEET, columns, len(pairs), max_rows)
    for row in pairs:
        table.add(list(row))
    table.close()
