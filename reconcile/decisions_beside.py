"""Decisions typed beside a line's Decision, where they are not read.

Only the column headed Decision is read. A reviewer also types decisions elsewhere on a line:
in a column of their own headed like it ("Decision (JS)", "My decision"), in the Note ("not
the same person - different DOB"), in the Reviewer column. Passed over, such a decision would
go unapplied ("0 applied") or, beside a Decision that says otherwise, a committee would be
shown an outcome the reviewer did not mean, with a note saying the opposite. So each stops
the run, naming the file, sheet, rows, both columns and what they hold, and what to do.

A column of one's own is taken for one that may hold decisions by its heading, and a cell
there for a decision by any word a Decision may hold ("yes", "skip"), alone or with a comment
after it; the Note and the Reviewer only by the words that can mean nothing else ("same
person", "not the same person"), so that notes are not mistaken for decisions. Where the
Decision says the same, nothing is said.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reconcile.decision_words import VALUES, normal, stated
from reconcile.errors import InputError
from reconcile.read.layout import column_letter
from reconcile.read.synonyms import header_key

if TYPE_CHECKING:
    from reconcile.decisions import Table

# A heading of a column of the reviewer's own that may hold decisions ("Decision (JS)",
# "Decisions", "My decision", "Reviewer decision"), as header_key folds it.
OWN_DECISION = re.compile(r"decision|decided")
_LISTED = 10  # rows named in one message; the rest are counted


def rows_text(numbers: list[int]) -> str:
    """'row 4', 'rows 4, 7 and 9', 'rows 4, 5, ... and 12 more'."""
    shown = [str(n) for n in numbers[:_LISTED]]
    more = len(numbers) - len(shown)
    if more:
        return f"rows {', '.join(shown)} and {more:,} more"
    if len(shown) == 1:
        return f"row {shown[0]}"
    return f"rows {', '.join(shown[:-1])} and {shown[-1]}"


def place(name: str, sheet: str) -> str:
    """Where a message's cells are: "d.xlsx, sheet 'Needs review', " ("d.csv, " for a CSV)."""
    return f"{name}, " + (f"sheet {sheet!r}, " if sheet else "")


def column_name(table: Table, i: int) -> str:
    """A column as the user finds it: its letter in a sheet, its number in a CSV."""
    return column_letter(table.first_col + i) if table.sheet else str(i + 1)


def _beside(table: Table) -> list[tuple[int, str]]:
    """The columns beside the Decision that may state one, in the sheet's order, each with
    its kind: "own" (a column of the reviewer's own headed like a Decision), "note" (the Note
    and any further column headed Note) or "reviewer"."""
    taken = {*table.columns.values(), *(i for t in table.twins.values() for i in t)}
    notes = {table.columns.get("note"), *table.twins.get("note", [])}
    found: list[tuple[int, str]] = []
    for i, heading in enumerate(table.header):
        if i in notes:
            found.append((i, "note"))
        elif i == table.columns.get("reviewer"):
            found.append((i, "reviewer"))
        elif i not in taken and OWN_DECISION.search(header_key(heading)):
            found.append((i, "own"))
    return found


def check_beside(name: str, table: Table) -> None:
    """InputError for the first column beside the Decision (see _beside) that states a
    decision on a line where the Decision is blank, or another decision than the Decision
    ("same person" against "not the same person", "skip" against "same person"); for the
    Reviewer column, one that holds a decision at all. A Note's decision beside a blank
    Decision counts only on a line with both keys (a line the run wrote): a note typed below
    the table is about no pair."""
    decision = table.columns["decision"]
    keys = [table.columns[k] for k in ("prison_key", "ind_key") if k in table.columns]
    for i, kind in _beside(table):
        alone: list[tuple[int, str]] = []  # (row, what the cell holds): the Decision blank
        differ: list[tuple[int, str, str]] = []  # (row, the Decision, what the cell holds)
        for number, values in table.rows:
            typed = values[i].strip() if i < len(values) else ""
            said = stated(typed, loose=kind == "own")
            if said is None:
                continue
            chosen = values[decision].strip() if decision < len(values) else ""
            if kind == "reviewer" or (not chosen and kind == "own"):
                alone.append((number, typed))
            elif not chosen:
                if all(k < len(values) and values[k].strip() for k in keys):
                    alone.append((number, typed))
            elif VALUES.get(normal(chosen), said) != said:
                differ.append((number, chosen, typed))
        if alone:
            raise InputError(_alone_text(name, table, i, kind, alone))
        if differ:
            raise InputError(_differ_text(name, table, i, kind, differ))


def _where(name: str, table: Table, i: int) -> tuple[str, str]:
    """("file, sheet 'X', column G ('Decision (JS)')", "column D"): the column ``i`` named in
    full, and the Decision column."""
    where = place(name, table.sheet)
    column = "column" if table.sheet else "column number"
    heading = table.header[i].strip()
    decision = f"{column} {column_name(table, table.columns['decision'])}"
    return f"{where}{column} {column_name(table, i)} ({heading!r})", decision


def _alone_text(name: str, table: Table, i: int, kind: str, found: list[tuple[int, str]]) -> str:
    """The message for decisions typed in column ``i`` and not in the Decision."""
    one = len(found) == 1
    number, first = found[0]
    it = "it" if one else "them"
    where, decision = _where(name, table, i)
    what = (
        f"{'a decision' if one else f'{len(found):,} decisions'} ({first!r} in row "
        f"{number}{'' if one else ', and others in ' + rows_text([n for n, _ in found[1:]])})"
    )
    if kind == "reviewer":
        return (
            f"{where}: {what} typed where the name of the reviewer who decided goes; decisions "
            f"are read only from the column headed Decision ({decision}), and the evidence "
            f"must say who decided each link. Put {'the decision' if one else 'each decision'} "
            "in the column headed Decision and the reviewer's name in this column, and run again"
        )
    if kind == "note":
        fix = (
            f"Choose {it} in the column headed Decision (the note may stay as it is), or "
            f"reword the note where it is no decision, and run again"
        )
    else:
        fix = (
            f"Type {it} in the column headed Decision (or delete that empty column and head "
            "this one Decision), and run again"
        )
    return (
        f"{where}: {what} typed in this column, with the column headed Decision ({decision}) "
        f"blank on {'that line' if one else 'those lines'}; decisions are read only from the "
        f"column headed Decision, so {'it' if one else 'they'} would not be applied. {fix}"
    )


def _differ_text(
    name: str, table: Table, i: int, kind: str, found: list[tuple[int, str, str]]
) -> str:
    """The message for lines whose column ``i`` states another decision than the Decision."""
    one = len(found) == 1
    where, decision = _where(name, table, i)
    listed = "; ".join(
        f"row {number}: {chosen!r} in the Decision, {typed!r} here"
        for number, chosen, typed in found[:_LISTED]
    )
    if len(found) > _LISTED:
        listed += f"; and {len(found) - _LISTED:,} more"
    if kind == "note":
        fix = (
            "Make the two agree: correct the Decision where the note is right, or the note "
            "where the Decision is, and run again"
        )
    else:
        fix = (
            "Make the two agree: put the decision to apply in the column headed Decision, and "
            f"correct or clear this column's entry on {'that line' if one else 'those lines'} "
            "(where this column holds a draft or a second reviewer's view, clear it, delete it "
            "or head it without the word 'decision'), and run again"
        )
    lines = "a line" if one else f"{len(found):,} lines"
    return (
        f"{where}: this column and the column headed Decision ({decision}) say different "
        f"decisions on {lines} ({listed}); decisions are read only from the column headed "
        f"Decision, so {'that line' if one else 'those lines'} would be decided as the Decision "
        f"says, not as this column does. {fix}"
    )
