"""Plain-table printouts (tabulate): the run summary, and a report read back from an output
folder (manifest.json and outcomes.csv), with no recomputation."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from tabulate import tabulate

from reconcile.decisions import summary_line
from reconcile.errors import ConfigError, OutputError
from reconcile.invisible import visible
from reconcile.model import FAILURE_OUTCOMES, OUTCOME_LABELS, Outcome
from reconcile.result import RunResult
from reconcile.write.manifest import read_manifest
from reconcile.write.outcomes_csv import CSV_COLUMNS
from reconcile.write.safe import csv_unsafe
from reconcile.write.views import (
    OFFENCE_HEADINGS,
    blank_rows_text,
    control_totals,
    control_totals_from,
    court_recommended_count,
    decisions_text,
    failure_people_text,
    findings_by_column,
    further_counts,
    further_counts_from,
    offence_table,
    outcome_counts,
    review_counts,
    tabulate_offences,
)

FORMATS = {"text": "simple", "markdown": "github", "grid": "grid"}
OUTCOMES_CSV = "outcomes.csv"


def _tablefmt(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return FORMATS[fmt]


def _heading(text: str, fmt: str) -> str:
    return f"## {text}" if fmt == "markdown" else f"{text}\n{'=' * len(text)}"


def _block(title: str, rows: list[Any], headers: list[str], fmt: str, numbers: bool = True) -> str:
    table = tabulate(
        rows, headers=headers, tablefmt=_tablefmt(fmt), intfmt=",", disable_numparse=not numbers
    )
    return f"{_heading(title, fmt)}\n\n{table}"


def _totals_block(totals: list[tuple[str, int]], fmt: str) -> str:
    """The control totals as the workbook and the PDF give them: each file's lines indented
    under its first, so that its "set aside" is told from the other file's."""
    table = tabulate(
        [[label, n] for label, n in totals],
        headers=["", "Count"],
        tablefmt=_tablefmt(fmt),
        intfmt=",",
        preserve_whitespace=True,
    )
    return f"{_heading('Control totals', fmt)}\n\n{table}"


def _facts_block(title: str, rows: list[Any], fmt: str) -> str:
    """Label and value rows, with no heading row (a Markdown table must have one: blank)."""
    if fmt == "markdown":
        return _block(title, rows, ["", ""], fmt, numbers=False)
    style = "plain" if fmt == "text" else _tablefmt(fmt)
    return f"{_heading(title, fmt)}\n\n{tabulate(rows, tablefmt=style, disable_numparse=True)}"


def _join(blocks: list[str]) -> str:
    return "\n\n".join(blocks) + "\n"


def render_summary(result: RunResult, fmt: str = "text") -> str:
    """Outcome counts, control totals and the offence table of the not-considered prisoners."""
    _tablefmt(fmt)
    head = (
        f"Run {result.run_id}, as of {result.as_of.isoformat()}, policy "
        f"{result.policy.name} (version {result.policy.version})"
    )
    outcomes = [[label, n] for _, label, n in outcome_counts(result)]
    outcomes.append(["Total", sum(n for _, _, n in outcome_counts(result))])
    blocks = [
        head,
        _block("Outcomes", outcomes, ["Outcome", "Rows"], fmt),
        *_review_lines(result),
        _totals_block(control_totals(result), fmt),
        *blank_rows_text(result),
        _block("Other counts", further_counts(result), ["", "Count"], fmt),
        *_findings_block(result, fmt),
        _block(
            "Not considered before release, by offence",
            offence_table(result),
            list(OFFENCE_HEADINGS),
            fmt,
        ),
        f"With a court recommendation for deportation: {court_recommended_count(result):,}",
        failure_people_text(result),
        *([decided] if (decided := decisions_text(result)) else []),
    ]
    blocks += [f"Note: {n}" for n in result.notes]
    return _join(blocks)


def _review_lines(result: RunResult) -> list[str]:
    """What the review numbers count (views.ReviewCounts), when any row is for review."""
    review = review_counts(result)
    return [review.text()] if review.sheet else []


def _findings_block(result: RunResult, fmt: str) -> list[str]:
    """Data-quality findings per column (the Data quality sheet lists each one)."""
    return _findings_table(findings_by_column(result), fmt)


def _findings_table(by_column: list[Any], fmt: str) -> list[str]:
    rows = [[file, column or "(the file)", n, _cut(problem, 70)]
            for file, column, n, problem in by_column]  # fmt: skip
    if not rows:
        return []
    headers = ["File", "Column", "Findings", "Commonest problem (an example)"]
    return [_block("Data-quality findings by column", rows, headers, fmt)]


def _cut(text: str, width: int) -> str:
    """At most ``width`` characters, cut between words (the Data quality sheet has it all)."""
    if len(text) <= width:
        return text
    return text[: width - 3].rsplit(" ", 1)[0].rstrip(" ,;:") + "..."


# outcomes.csv's columns as runs wrote them before it gave the name as given: their listings
# are shown with that column empty.
_BEFORE_NAME_AS_GIVEN = tuple(c for c in CSV_COLUMNS if c != "name_as_given")


def read_outcomes(path: Path) -> list[dict[str, str]]:
    """outcomes.csv as dicts, for display: formula quote-prefixes removed, and characters that
    show nothing written as their codes ("[U+202E]"), as the workbook and the PDF show them."""
    if not path.is_file():
        raise OutputError(
            f"{path}: outcomes.csv not found; the run's listings come from it: recover the "
            "file from the folder the run wrote, or run the audit again"
        )
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = tuple(reader.fieldnames or ())
            if columns not in (CSV_COLUMNS, _BEFORE_NAME_AS_GIVEN):
                raise OutputError(
                    f"{path}: not an outcomes.csv written by this version of reconcile (its "
                    "columns differ); recover the file the run wrote, or run the audit again"
                )
            rows = []
            for row in reader:
                if None in row:  # more values than the header has columns
                    raise OutputError(
                        f"{path}: line {reader.line_num:,} has more values than the file has "
                        "columns: it has been edited since the run; recover the file the run "
                        "wrote, or run the audit again"
                    )
                rows.append(
                    {
                        "name_as_given": "",
                        **{k: visible(csv_unsafe(v or "")) for k, v in row.items()},
                    }
                )
            return rows
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot be read ({exc.strerror or exc}); give the user running reconcile "
            "permission to read it, or recover the file the run wrote"
        ) from None
    except (UnicodeDecodeError, csv.Error):
        raise OutputError(
            f"{path}: not readable as the outcomes.csv a run writes (it is not UTF-8 CSV "
            "text: saved again by another program, or damaged); recover the file the run "
            "wrote, or run the audit again"
        ) from None


LISTING = (
    "source_row",
    "prison_number",
    "surname",
    "forenames",
    "name_as_given",
    "release_date",
    "ind_case_refs",
    "reason",
)


def render_report(source: Path | dict[str, Any], fmt: str = "text") -> str:
    """The summary and the listings of each failure outcome and of the rows whose scope could
    not be decided, from an output folder (or a manifest dict, whose recorded output folder
    holds outcomes.csv)."""
    _tablefmt(fmt)
    if isinstance(source, dict):
        manifest, outdir = source, Path(source["settings"]["outdir"])
    else:
        manifest, outdir = read_manifest(source), source
    rows = read_outcomes(outdir / OUTCOMES_CSV)
    settings = manifest.get("settings", {})
    policy = manifest.get("policy", {})
    audit = settings.get("config", {}).get("audit", {}).get("name", "")
    head = [
        [k, v]
        for k, v in (
            ("Audit", audit),
            ("Run id", manifest.get("run_id")),
            ("As-of date", manifest.get("as_of")),
            (
                "Policy",
                f"{policy.get('name', '')} (version {policy.get('version', '')})",
            ),
            ("Started", manifest.get("started")),
        )
    ]
    for role, entry in manifest.get("inputs", {}).items():
        head.append([f"Input ({role})", f"{entry.get('file')} sha256 {entry.get('sha256')}"])
    counts = Counter(r["outcome"] for r in rows)
    outcomes = [[OUTCOME_LABELS[o], counts.get(o.value, 0)] for o in Outcome]
    outcomes.append(["Total", len(rows)])
    failures = {o.value for o in FAILURE_OUTCOMES}
    failed = [r for r in rows if r["outcome"] in failures]
    said = manifest.get("summary", {})  # a run's printed sentences (manifests since 2026-11)
    blocks = [
        _facts_block("Run", head, fmt),
        _block("Outcomes", outcomes, ["Outcome", "Rows"], fmt),
        *([said["review"]] if said.get("review") else []),
        _totals_block(control_totals_from(manifest.get("counts", {})), fmt),
        *said.get("blank_rows", []),
        _block("Other counts", further_counts_from(manifest.get("counts", {})), ["", "Count"], fmt),
        *_findings_table(said.get("findings_by_column", []), fmt),
        _block(
            "Not considered before release, by offence",
            tabulate_offences(r["offence"] for r in failed),
            list(OFFENCE_HEADINGS),
            fmt,
        ),
        "With a court recommendation for deportation: "
        f"{sum(1 for r in failed if r['court_recommended'] == 'Y'):,}",
        *([said["people"]] if said.get("people") else []),
    ]
    if "decisions" in said:  # manifests since 2026-11: as the run printed it
        blocks += [said["decisions"]] if said["decisions"] else []
    elif manifest.get("decisions"):
        blocks.append(summary_line(str(d.get("status", "")) for d in manifest["decisions"]))
    blocks += [f"Note: {n}" for n in manifest.get("notes", [])]
    # The failures, then the rows whose scope could not be decided, as the evidence pack.
    for outcome in (*FAILURE_OUTCOMES, Outcome.INSUFFICIENT_DATA):
        listed = [[r[k] for k in LISTING] for r in rows if r["outcome"] == outcome.value]
        blocks.append(
            _block(
                f"{OUTCOME_LABELS[outcome]} ({len(listed):,})",
                listed,
                [
                    "Row",
                    "Prison no.",
                    "Surname",
                    "Forenames",
                    "Name as given",
                    "Released",
                    "IND case",
                    "Reason",
                ],
                fmt,
                numbers=False,
            )
        )
    return _join(blocks)
