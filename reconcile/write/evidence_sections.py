"""The evidence PDF's parts as flowables: cover, totals, tables, charts and listings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    LongTable,
    PageBreak,
    Spacer,
    Table,
)

from reconcile import __version__
from reconcile.decisions import missing_text
from reconcile.model import FAILURE_OUTCOMES, OUTCOME_LABELS, Outcome
from reconcile.result import RunResult
from reconcile.write.evidence_charts import (
    match_weights,
    not_considered_by_offence,
    outcomes_by_year,
)
from reconcile.write.evidence_listing import (
    NOT_SHOWN,
    UNDECIDED_HEADINGS,
    UNDECIDED_WIDTHS,
    UNREADABLE,
    ListingBlock,
    listing_values,
    undecided_values,
)
from reconcile.write.evidence_prisoner import sections_text
from reconcile.write.evidence_text import Deferred, esc, heading, markup, para, safe, table_style
from reconcile.write.prison_rows import decided_records
from reconcile.write.views import (
    EXTRACTS_TEXT,
    OFFENCE_HEADINGS,
    blank_rows_text,
    control_totals,
    court_recommended_count,
    decisions_text,
    failure_people_text,
    failure_rows,
    findings_by_column,
    fmt_date,
    headline_text,
    offence_table,
    outcome_counts,
    outcome_note,
    review_counts,
)


def _size(n: int) -> str:
    if n < 10_000:
        return f"{n:,} bytes"
    if n < 1_048_576:
        return f"{n:,} bytes ({n / 1024:.0f} KB)"
    return f"{n:,} bytes ({n / 1_048_576:.1f} MB)"


def cover(result: RunResult, contents: list[Flowable] | None = None) -> list[Flowable]:
    cfg = result.settings.config
    parts: list[Flowable] = [
        Spacer(1, 18 * mm),
        para("Reconciliation evidence", "title"),
        para(cfg.audit.name, "subtitle"),
        Spacer(1, 5 * mm),
        para(headline_text(result)),  # the result first, then what it rests on
        Spacer(1, 4 * mm),
    ]
    facts = [
        ["Run id", result.run_id],
        ["As-of date", fmt_date(result.as_of)],
        ["Policy", para(f"{result.policy.name} (version {result.policy.version})", "small")],
        ["", [para(line, "small") for line in result.policy.summary_lines()]],
        ["Produced by", f"reconcile {__version__}"],
    ]
    sections = sections_text(result)
    if sections:
        facts.append(["Evidence", para(f"This pack has {sections}.", "small")])
    t = Table(facts, colWidths=[32 * mm, 138 * mm])
    t.setStyle(table_style(8, header=False))
    parts += [
        t,
        Spacer(1, 6 * mm),
        para("Inputs", "h2"),
        para(f"The prison extract and the IND extract: {EXTRACTS_TEXT}.", "small"),
        Spacer(1, 1 * mm),
    ]
    rows: list[list[object]] = [["Extract", "File and sheet", "Records", "Size", "SHA-256"]]
    for src in (result.prison_source, result.ind_source):
        rows.append(
            [
                "Prison" if src.role.value == "prison" else "IND",
                para(
                    src.place if src.sheets else f"{src.file}, sheet {src.sheet or '(CSV)'}", "cell"
                ),
                f"{src.rows:,}",
                para(_size(src.size), "cell"),
                markup(f'<font name="Courier" size="6">{esc(src.sha256)}</font>', "cell"),
            ]
        )
    t = Table(rows, colWidths=[14 * mm, 42 * mm, 16 * mm, 24 * mm, 74 * mm])
    t.setStyle(table_style(7))
    parts += [t, Spacer(1, 10 * mm), para("Sign-off", "h2")]
    sign = [
        ["", "Name", "Signature", "Date"],
        ["Prepared by", "", "", ""],
        ["Reviewed by", "", "", ""],
    ]
    t = Table(sign, colWidths=[30 * mm, 55 * mm, 55 * mm, 30 * mm], rowHeights=[12, 28, 28])
    t.setStyle(table_style(8))
    parts += [t, *(contents or []), PageBreak()]
    return parts


def totals_and_outcomes(result: RunResult) -> list[Flowable]:
    parts: list[Flowable] = [
        heading("1. Control totals"),
        para(
            "Every prison row read is given exactly one outcome; the run checks that the outcomes "
            "add up to the rows read before any evidence is written.",
            "small",
        ),
    ]
    rows = [["", "Rows"], *[[safe(k), f"{v:,}"] for k, v in control_totals(result)]]
    t = Table(rows, colWidths=[110 * mm, 25 * mm], hAlign="LEFT")
    t.setStyle(table_style(8, numbers=(1,)))
    parts.append(KeepTogether([t]))
    parts += [  # an extract read from several sheets: a line for each sheet, under its sums
        para(line.strip(), "small_under" if line.startswith(" ") else "small")
        for text in blank_rows_text(result)
        for line in text.split("\n")
    ]
    by_column = findings_by_column(result)
    if by_column:
        rows = [["File", "Column", "Findings", "Commonest problem (an example)"]]
        rows += [
            [para(safe(file), "cell8"), para(safe(column or "(the file)"), "cell8"), f"{n:,}",
             para(safe(problem, 200), "cell8")]
            for file, column, n, problem in by_column
        ]  # fmt: skip
        t = LongTable(rows, colWidths=[40 * mm, 35 * mm, 18 * mm, 77 * mm], hAlign="LEFT",
                      repeatRows=1)  # fmt: skip
        t.setStyle(table_style(8, numbers=(2,)))
        parts += [
            Spacer(1, 3 * mm),
            para("Data-quality findings by column (each is listed in the workbook)", "h2"),
            t,
        ]
    if result.notes:
        # What the extracts lacked and what then rests on less: read with the totals.
        parts += [
            para("Notes on the extracts and this run", "h2"),
            *[para(_sentence_end(n), "small") for n in result.notes],
        ]
    parts.append(heading("2. Outcomes"))
    rows = [["Outcome", "Rows", "Meaning"]]
    rows += [
        [label, f"{n:,}", para(outcome_note(result, o), "cell8")]
        for o, label, n in outcome_counts(result)
    ]
    rows.append(["Total", f"{sum(result.totals.outcomes.values()):,}", ""])
    t = Table(rows, colWidths=[45 * mm, 18 * mm, 107 * mm], hAlign="LEFT")
    t.setStyle(table_style(8, total=True, numbers=(1,)))
    parts.append(KeepTogether([t]))  # its Total never alone on a page
    review = review_counts(result)
    if review.sheet:
        parts += [Spacer(1, 2 * mm), para(review.text(), "small")]
    parts += decisions_tables(result)
    rows = [list(OFFENCE_HEADINGS), *[[safe(k, 80), f"{v:,}"] for k, v in offence_table(result)]]
    t = LongTable(rows, colWidths=[80 * mm, 25 * mm], hAlign="LEFT", repeatRows=1)
    t.setStyle(table_style(8, total=True, numbers=(1,)))
    section: list[Flowable] = [
        heading("3. Not considered before release, by offence"),
        t,
        Spacer(1, 3 * mm),
        para(
            f"Of the {result.totals.not_considered:,} not considered before release, "
            f"{court_recommended_count(result):,} had a court recommendation for deportation. "
            + failure_people_text(result)
        ),
    ]
    # Keep the published-style table on one page unless it is longer than a page.
    parts += [KeepTogether(section)] if len(rows) < 45 else section
    return parts


def _sentence_end(text: str) -> str:
    """The text ending in a full stop."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def decisions_tables(result: RunResult) -> list[Flowable]:
    """The reviewers' decisions: those applied, then the stale ones (not applied) under their
    own heading, each with the prison row and IND record it is about, its reviewer, note and
    source."""
    if not result.decisions:
        said = decisions_text(result)  # a decisions file given, with none in it
        return [para(f"{said}.")] if said else []
    prison, ind = decided_records(result)
    applied = [d for d in result.decisions if d.status == "applied"]
    stale = [d for d in result.decisions if d.status != "applied"]
    parts: list[Flowable] = []
    for title, rows, lead in (
        (
            "Reviewer decisions applied",
            applied,
            "Each decision says whether the prison row and the IND record are the same person; "
            "the linker took it as given.",
        ),
        (
            "Reviewer decisions not applied (stale)",
            stale,
            "The records these decisions were made about changed or are no longer in the "
            "extracts, so they were not applied; the links of these rows are the linker's own. "
            "Review the rows again on the Needs review sheet if they are doubtful.",
        ),
    ):
        if not rows:
            continue
        # The heading and its lead kept with the table's first rows.
        parts += [
            CondPageBreak(35 * mm),
            para(f"{title} ({len(rows):,})", "h2"),
            para(lead, "small"),
        ]
        head: list[object] = ["Prison row", "IND record", "Decision", "Reviewer", "Note"]
        if rows is stale:
            head.append("Why not applied")
            widths = [30 * mm, 22 * mm, 18 * mm, 20 * mm, 32 * mm, 26 * mm]
        else:
            widths = [34 * mm, 24 * mm, 18 * mm, 24 * mm, 46 * mm]
        head.append("From")
        widths.append(170 * mm - sum(widths))
        table: list[list[object]] = [head]
        for d in rows:
            line: list[object] = [
                para(prison.get(d.prison_key) or missing_text(d.prison_shown), "cell"),
                para(ind.get(d.ind_key) or missing_text(d.ind_shown), "cell"),
                para(d.decision, "cell"),
                para(d.reviewer, "cell"),
                para(d.note, "cell"),
            ]
            if rows is stale:
                line.append(para(why_not_applied(d.status), "cell"))
            line.append(para(d.source, "cell"))
            table.append(line)
        t = LongTable(table, colWidths=widths, repeatRows=1)
        t.setStyle(table_style(7))
        parts.append(t)
    return parts


def why_not_applied(status: str) -> str:
    """A stale decision's status as its "Why not applied" cell: the reason alone, the column's
    heading saying it was not applied."""
    why = status.removeprefix("stale: ").removesuffix("; not applied")
    return _sentence_end(why[:1].upper() + why[1:])


def charts(result: RunResult) -> list[Flowable]:
    return [
        PageBreak(),
        heading("5. Charts"),
        outcomes_by_year(result),
        Spacer(1, 4 * mm),
        not_considered_by_offence(result),
        Spacer(1, 4 * mm),
        match_weights(result),
    ]


LISTING_CHUNK = 1_000  # rows prepared at a time, when the layout reaches them


def listing(result: RunResult, outcome: Outcome, number: str) -> list[Flowable]:
    idxs = failure_rows(result, outcome)
    noun = "prison row" if len(idxs) == 1 else "prison rows"
    title = f"{number} {OUTCOME_LABELS[outcome]}: {len(idxs):,} {noun}"
    parts: list[Flowable] = [
        CondPageBreak(40 * mm),
        heading(title, "h2"),
        para(outcome_note(result, outcome), "small"),
    ]
    if not idxs:
        return [*parts, para("None.", "small")]
    return parts + _blocks(result, idxs, _listing_block)


def _blocks(
    result: RunResult, idxs: list[int], block: Callable[[RunResult, list[int]], list[Flowable]]
) -> list[Flowable]:
    """Blocks of rows, each prepared only when the layout reaches it (memory stays small);
    each page a block runs onto repeats the heading row."""
    return [
        Deferred(partial(block, result, idxs[start : start + LISTING_CHUNK]))
        for start in range(0, len(idxs), LISTING_CHUNK)
    ]


def _listing_block(result: RunResult, idxs: list[int]) -> list[Flowable]:
    return [ListingBlock.of(listing_values(result, idxs))]


def _undecided_block(result: RunResult, idxs: list[int]) -> list[Flowable]:
    return [ListingBlock.of(undecided_values(result, idxs), UNDECIDED_HEADINGS, UNDECIDED_WIDTHS)]


# How the listings show names: the PDF's fonts have Latin letters only, so a name written in
# another script is shown transliterated, and the reader is told so where the names are.
LISTED_NAMES = (
    "Names are shown as they were compared: in capitals, with accents and other marks taken "
    "off, and a name written in another script (Arabic, Chinese, Cyrillic and others) in "
    "Latin letters; the workbook's Name as given column shows each name as the extract "
    "writes it."
)


def listings(result: RunResult) -> list[Flowable]:
    parts: list[Flowable] = [
        CondPageBreak(70 * mm),
        heading("6. Listings of prison rows not considered before release"),
        para(
            "Row is the row's number in the prison extract. Each row is one release of one "
            "prisoner: a prisoner released more than once may be listed more than once. "
            f"{LISTED_NAMES} Nat. is the "
            "nationality's ISO country code, or the extract's value where it is not a "
            f"recognised nationality; {NOT_SHOWN} where that value does not fit the column (the "
            "workbook shows it in full). Sentence is the length in months (or Life). Referred and "
            "Considered are the linked IND record's dates.",
            "small",
        ),
    ]
    for n, outcome in enumerate(FAILURE_OUTCOMES, start=1):
        parts += listing(result, outcome, f"6.{n}")
    return parts


UNDECIDED_NUMBER = "7"


def undecided_title(result: RunResult) -> str:
    """The heading of the listing of rows whose scope could not be decided (and its entry in
    the contents)."""
    n = result.totals.outcomes.get(Outcome.INSUFFICIENT_DATA, 0)
    rows = "prison row" if n == 1 else "prison rows"
    label = OUTCOME_LABELS[Outcome.INSUFFICIENT_DATA]
    return f"{UNDECIDED_NUMBER}. {label}: {n:,} {rows} whose scope could not be decided"


def undecided_listing(result: RunResult) -> list[Flowable]:
    """The prison rows whose outcome is Insufficient data: counted in the control totals, in
    scope or not for want of a value, so any of them could be a release never considered.
    Each with the values scope rests on, as read, and what was missing or unreadable."""
    idxs = failure_rows(result, Outcome.INSUFFICIENT_DATA)
    title = heading(undecided_title(result))
    if not idxs:
        return [CondPageBreak(40 * mm), title, para("None.", "small")]
    return [
        CondPageBreak(70 * mm),
        title,
        para(
            f"The policy, {result.policy.name} (version {result.policy.version}), could not be "
            "applied to these rows: a value that decides whether a row is in scope (the release "
            "date, the sentence, the nationality or a court recommendation) is missing from the "
            "prison extract or could not be read. They are counted in the control totals but in "
            "none of the listings above, and have no evidence section: any of them could be a "
            "prisoner released without consideration.",
            "small",
        ),
        para(
            "Row is the row's number in the prison extract. Names are shown as in section 6. "
            "Born, Nationality, Sentence and Released are the values as read; a value that "
            f"could not be read is shown as written, marked {UNREADABLE}, and a blank is a "
            "value missing. The last column "
            "says what was missing or unreadable and what to correct in the prison extract "
            "before running again. The workbook's Insufficient data sheet lists the same rows "
            "with every column.",
            "small",
        ),
        *_blocks(result, idxs, _undecided_block),
    ]
