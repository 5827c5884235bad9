"""The Needs review sheet: each doubtful prison row with its candidates side by side.

One line per (prison row, candidate IND record). The reviewer picks a Decision from the
drop-down and may add a Reviewer name and a Note. The hidden columns ``prison_key`` and
``ind_key`` (content keys from reconcile.keys) and the source columns let a filled-in copy be
read back and matched to the records on a later run, even when rows have moved.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reconcile.keys import ind_key, prison_key
from reconcile.link.explain import VIA_MARK, via_text
from reconcile.model import (
    OUTCOME_LABELS,
    Cell,
    IndRecord,
    LinkStatus,
    Outcome,
    PairScore,
    PrisonRecord,
    birth,
)
from reconcile.result import RunResult
from reconcile.write.views import (
    FIELD_LABELS,
    NAME_AS_GIVEN_NOTE,
    Column,
    fmt_date,
    nationality_text,
    needs_review_kind,
    starting_weight,
)
from reconcile.write.workbook_table import MAX_DATA_ROWS, Formats, TableWriter

REVIEW_SHEET = "Needs review"
DECISION_CHOICES = ("same person", "not the same person", "skip")
DECISION_HEADING = "Decision"
REVIEWER_HEADING = "Reviewer"
NOTE_HEADING = "Note"
PRISON_KEY_HEADING = "prison_key"
IND_KEY_HEADING = "ind_key"
_FIELD_ORDER = ("name", "dob", "prison_number", "nationality", "referral", "police_id")
_HIDDEN = ("prison_key", "ind_key", "prison_source", "ind_source")


def review_rows(result: RunResult) -> list[int]:
    """Prison idxs whose link is doubtful or whose outcome needs review, in idx order."""
    return [
        d.prison_idx
        for d, c in zip(result.links.decisions, result.classifications, strict=True)
        if d.status is LinkStatus.REVIEW or c.outcome is Outcome.NEEDS_REVIEW
    ]


def candidates(result: RunResult, idx: int) -> list[PairScore]:
    """The candidates shown for a doubtful row: the linker's list, else best and runner-up."""
    dec = result.links.decisions[idx]
    shown = list(dec.candidates) or [s for s in (dec.best, dec.runner_up) if s is not None]
    seen: set[int] = set()
    unique = []
    for s in shown:
        if s.ind_idx not in seen:
            seen.add(s.ind_idx)
            unique.append(s)
    return unique


def review_groups(result: RunResult) -> list[int]:
    """The review sheet's lines for each of its prison rows, in order: a line per candidate
    (at most reconcile.link.assign.MAX_CANDIDATES), or one for a row without any. A sheet
    split over parts breaks only between these (see workbook_table.part_sizes), so that a
    row's candidates are side by side on one part."""
    return [len(candidates(result, idx)) or 1 for idx in review_rows(result)]


def _fields(result: RunResult, rows: list[int]) -> list[str]:
    found = {f.field for i in rows for s in candidates(result, i) for f in s.fields}
    return [f for f in _FIELD_ORDER if f in found] + sorted(found - set(_FIELD_ORDER))


def police_ids_text(rec: PrisonRecord | IndRecord) -> str:
    """A record's PNC ID and CRO number, as many as it has, for a reviewer to compare."""
    return " / ".join(filter(None, (rec.pnc, rec.cro)))


def _numbers(rec: PrisonRecord | IndRecord) -> str:
    """A record's prison number, and the others its cell gave: "A1234CD (also FF8282)"."""
    own = rec.prison_number or ""
    return f"{own} (also {', '.join(rec.other_numbers)})" if rec.other_numbers else own


def also_known_text(rec: PrisonRecord | IndRecord) -> str:
    """A record's aliases and other dates of birth, compared as well as its own name and date
    of birth: "JONES, JOHN; 01/01/1981"."""
    names = [f"{surname}, {forenames}".strip(", ") for surname, forenames in rec.aliases]
    return "; ".join([*names, *(fmt_date(d) for d in rec.other_births)])


FROZEN = 4  # review_columns' first four: the prison row, the candidate and the names


def review_columns(
    fields: list[str], also: bool = False, through: bool = False, given: bool = False
) -> list[Column]:
    """The review sheet's columns; ``also``: a reviewed record gives aliases or other dates
    of birth, shown beside its own; ``through``: a candidate's comparison is another row's of
    the same person (the row was matched through it), said in a column of its own;
    ``given``: a reviewed record's name as the extract gives it differs from the names
    compared, shown beside them."""
    police = "police_id" in fields  # the numbers were compared: the reviewer sees them
    per_field = []
    for f in fields:
        label = FIELD_LABELS.get(f, f.replace("_", " "))
        per_field += [
            Column(f"{f}_level", f"{label[:1].upper() + label[1:]}: level"),
            Column(f"{f}_weight", f"{label[:1].upper() + label[1:]}: weight", "weight"),
        ]
    return [
        # Who and which candidate first: these stay in view while the reviewer scrolls right
        # to the evidence and the Decision (FROZEN).
        Column("prison_row", "Prison row", "int", "Row number in the prison extract."),
        Column("candidate", "Candidate", "int", "Candidates for this prison row, best first."),
        Column("surname", "Prison: surname"),
        Column("forenames", "Prison: forenames"),
        *(
            [Column("name_as_given", "Prison: name as given", note=NAME_AS_GIVEN_NOTE)]
            if given
            else []
        ),
        Column(
            "on_sheet",
            "Why on this sheet",
            note="A doubtful link, which the Decision settles; or a link not in doubt whose "
            "outcome cannot be decided from the extracts (a date that could not be read, a "
            "decision without its date, a row with no name or prison number), which no "
            "Decision can settle: see What to do.",
        ),
        Column("todo", "What to do", wrap=True),
        Column(
            "outcome",
            "Outcome now",
            note="The row's outcome as it stands. Only where it is Needs review does the "
            "decision change it; the others are decided whichever candidate is the person "
            "(or the row is not released, or out of scope).",
        ),
        Column("prison_number", "Prison number"),
        *([Column("police_ids", "Prison: PNC ID / CRO number")] if police else []),
        Column("dob", "Prison: date of birth", "date"),
        *([Column("also", "Prison: also known as / born")] if also else []),
        Column("nationality", "Prison: nationality"),
        Column("release_date", "Release date", "date"),
        Column("case_ref", "IND case reference"),
        Column("ind_row", "IND row", "int", "Row number in the IND extract."),
        Column("ind_surname", "IND: surname"),
        Column("ind_forenames", "IND: forenames"),
        *(
            [Column("ind_name_as_given", "IND: name as given", note=NAME_AS_GIVEN_NOTE)]
            if given
            else []
        ),
        Column("ind_dob", "IND: date of birth", "date"),
        *([Column("ind_also", "IND: also known as / born")] if also else []),
        Column("ind_nationality", "IND: nationality"),
        Column("ind_prison_number", "IND: prison number"),
        *([Column("ind_police_ids", "IND: PNC ID / CRO number")] if police else []),
        Column("ind_referral_date", "IND: referral received", "date"),
        *(
            [
                Column(
                    "compared",
                    "Levels and weights of",
                    note="This row, or the other row of the same person it was matched "
                    "through, whose comparison with the IND record they then are.",
                )
            ]
            if through
            else []
        ),
        Column(
            "prior_weight",
            "Starting weight",
            "weight",
            "The weight before any field is compared: how likely two records are one person "
            "before anything in them is looked at (each point doubles the odds).",
        ),
        *per_field,
        Column(
            "weight",
            "Total weight",
            "weight",
            "The starting weight plus the field weights (each point doubles the odds that "
            "they are one person).",
        ),
        Column(
            "probability",
            "Probability",
            "prob",
            "Probability that they are one person, every other candidate weighed.",
        ),
        Column("why", "Reason", wrap=True),
        Column("decision", DECISION_HEADING, note=_DECISION_NOTE),
        Column(
            "reviewer",
            REVIEWER_HEADING,
            note="Who decided (name or initials): needed with every Decision; a Decision "
            "without it stops the next run.",
        ),
        Column("note", NOTE_HEADING, note="Why, in a few words.", wrap=True),
        Column("prison_key", PRISON_KEY_HEADING, note="Content key of the prison row."),
        Column("ind_key", IND_KEY_HEADING, note="Content key of the IND record."),
        Column("prison_source", "prison_source"),
        Column("ind_source", "ind_source"),
    ]


# A prison row is linked by a decision to one IND record: "same person" on two of a row's
# candidates stops the next run (reconcile.decisions), so the sheet says so where it is chosen.
ONE_SAME = "'same person' on one candidate of a prison row at most"
_DECISION_NOTE = (
    "Choose: " + " / ".join(DECISION_CHOICES) + f" ({ONE_SAME}), and put your name in "
    "Reviewer. Then save this workbook and give it to the next run as --decisions: the "
    "decisions are applied and listed on its Reviewer decisions sheet."
)
# Room for the longest choice beside the drop-down's arrow, a name, a few words of note.
ENTRY_WIDTHS = {"decision": 22, "reviewer": 18, "note": 40}
_DECIDE = "Choose a Decision for each candidate: same person, not the same person, or skip."
_NO_IDENTITY = (
    "Find the person's IND record by hand, or add the name or prison number in the prison "
    "extract and run again: a Decision cannot help."
)
_OTHER = "See the Reason: correct the extract it names and run again; a Decision cannot help."
_DATE_RULES = (
    "outcome.consideration_unreadable",
    "outcome.referral_unreadable",
    "outcome.decision_undated",
)
_FIX_DATE = (
    "The link is not in doubt and no Decision can change this row: leave Decision blank. "
    "{fix} the date in the IND extract (IND {rows}) and run again."
)


def why_on_sheet(result: RunResult, idx: int) -> tuple[str, str]:
    """Why a row is on the review sheet and what to do about it: a doubtful link (decide it),
    or an outcome the extracts cannot decide whatever the link (correct them and run again)."""
    decision = result.links.decisions[idx]
    if decision.status is LinkStatus.REVIEW:
        return needs_review_kind("outcome.needs_review")[0], _DECIDE
    rule = result.classifications[idx].rule.rsplit("/", 1)[-1]
    why = needs_review_kind(rule)[0]
    if rule == "outcome.no_identity":
        return why, _NO_IDENTITY
    if rule not in _DATE_RULES or not decision.ind_idxs:
        return why, _OTHER
    field = "referral_date" if rule == "outcome.referral_unreadable" else "considered_date"
    recs = [result.ind[i] for i in decision.ind_idxs]
    flagged = [r for r in recs if field in r.unreadable] if rule.endswith("unreadable") else []
    rows = ", ".join(r.prov.ref for r in flagged or recs)
    fix = "Add" if rule == "outcome.decision_undated" else "Correct"
    return why, _FIX_DATE.format(fix=fix, rows=rows)


def _why(result: RunResult, idx: int) -> str:
    """The linker's doubt; for a sure link whose outcome is in doubt (a date that could not
    be read), the classification's reason."""
    decision = result.links.decisions[idx]
    if decision.status is LinkStatus.REVIEW:
        return decision.reason
    return result.classifications[idx].reason


def _line(result: RunResult, idx: int, n: int, s: PairScore | None, fields: list[str]) -> dict:
    rec = result.prison[idx]
    on_sheet, todo = why_on_sheet(result, idx)
    line: dict[str, Cell] = {
        "prison_row": rec.prov.row,
        "on_sheet": on_sheet,
        "todo": todo,
        "candidate": n if s else None,
        "prison_number": _numbers(rec),
        "police_ids": police_ids_text(rec),
        "surname": rec.surname,
        "forenames": rec.forenames,
        "name_as_given": rec.name_as_given or "",
        "dob": birth(rec),
        "also": also_known_text(rec),
        "nationality": nationality_text(rec),
        "release_date": rec.release_date,
        "outcome": OUTCOME_LABELS[result.classifications[idx].outcome],
        "why": _why(result, idx),
        "prison_key": prison_key(rec),
        "prison_source": str(rec.prov),
    }
    if s is None:
        return line
    ind = result.ind[s.ind_idx]
    line.update(
        {
            "case_ref": ind.case_ref,
            "ind_row": ind.prov.row,
            "ind_surname": ind.surname,
            "ind_forenames": ind.forenames,
            "ind_name_as_given": ind.name_as_given or "",
            "ind_dob": birth(ind),
            "ind_also": also_known_text(ind),
            "ind_nationality": nationality_text(ind),
            "ind_prison_number": _numbers(ind),
            "ind_police_ids": police_ids_text(ind),
            "ind_referral_date": ind.referral_date,
            "compared": compared_text(result, idx, s),
            "prior_weight": round(starting_weight(s), 3),
            "weight": s.weight,
            "probability": s.probability,
            "ind_key": ind_key(ind),
            "ind_source": str(ind.prov),
        }
    )
    for f in s.fields:
        line[f"{f.field}_level"] = f.level
        line[f"{f.field}_weight"] = f.weight
    return line


def compared_text(result: RunResult, idx: int, s: PairScore) -> str:
    """Whose comparison with the IND record a candidate's levels and weights are: "this row",
    or the other row of the same person the row was matched through."""
    if s.prison_idx == idx:
        return "this row"
    other, row = result.prison[s.prison_idx], result.prison[idx]
    return via_text(other, row).removeprefix(VIA_MARK)


def write_review_sheet(
    wb: Workbook, fmt: Formats, result: RunResult, max_rows: int = MAX_DATA_ROWS
) -> None:
    rows = review_rows(result)
    fields = _fields(result, rows)
    shown: list[PrisonRecord | IndRecord] = [result.prison[idx] for idx in rows]
    shown += [result.ind[s.ind_idx] for idx in rows for s in candidates(result, idx)]
    through = any(s.prison_idx != idx for idx in rows for s in candidates(result, idx))
    columns = review_columns(
        fields,
        also=any(r.aliases or r.other_births for r in shown),
        through=through,
        given=any(r.name_as_given for r in shown),
    )
    shortlists: list[list[PairScore | None]] = [
        [*candidates(result, idx)] or [None] for idx in rows
    ]
    lines = [
        _line(result, idx, n, s, fields)
        for idx, shortlist in zip(rows, shortlists, strict=True)
        for n, s in enumerate(shortlist, start=1)
    ]
    table = TableWriter(
        wb,
        fmt,
        REVIEW_SHEET,
        columns,
        len(lines),
        max_rows,
        _HIDDEN,
        ("decision", "reviewer", "note"),
        ENTRY_WIDTHS,
        FROZEN,
        (0, FROZEN - 1),
        groups=[len(shortlist) for shortlist in shortlists],  # a row's lines on one part
    )
    for line in lines:
        table.add([line.get(c.key) for c in columns])
    table.close()
    col = [c.key for c in columns].index("decision")
    for ws, count in zip(table.sheets, table.counts, strict=True):
        decision_list(ws, col, count)


def decision_list(ws: Worksheet, col: int, rows: int) -> None:
    """The Decision drop-down on the ``rows`` data rows (at least one) of column ``col``."""
    ws.data_validation(
        1,
        col,
        max(rows, 1),
        col,
        {
            "validate": "list",
            "source": list(DECISION_CHOICES),
            "input_title": "Decision",
            "input_message": f"same person / not the same person / skip ({ONE_SAME}). "
            "Put your name in Reviewer too.",
            "error_title": "Not a decision",
            "error_message": "Choose from the list.",
        },
    )
