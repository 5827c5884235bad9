"""Reviewers' decisions on links, read from a filled-in workbook or CSV, applied by content key.

A decision names a pair by the content keys of its two records (reconcile.keys), so it survives a
rerun on slightly changed inputs; a decision whose records have changed or gone is reported as
stale, never silently applied.

The file is read as the extracts are (reconcile.read): checked and sniffed by content first, a
workbook (.xlsx, .xlsm, .xls or .ods) parsed in the isolated reader process, a CSV decoded and
split in this process. Two kinds of sheet hold decisions:

- a sheet to decide on (the Needs review sheet, or a CSV): columns prison_key, ind_key, Decision,
  Reviewer and Note;
- a record of decisions already taken (the Reviewer decisions sheet of an earlier run's
  workbook): columns Prison record key, IND record key, Decision, Reviewer, Note and From. These
  carry forward, so a workbook given back round after round keeps every decision made in it.

A pair decided differently in two places stops the run, naming both; so does a decision without
a reviewer's name, and one typed beside the Decision where it is not read (in a column of the
reviewer's own, the Note or the Reviewer; see reconcile.decisions_beside). What a Decision may
say is reconcile.decision_words'.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reconcile.decision_words import DECIDING as _DECIDING
from reconcile.decision_words import NOT_SAME as NOT_SAME
from reconcile.decision_words import SAME, SKIP, leading
from reconcile.decision_words import VALUES as _VALUES
from reconcile.decision_words import normal as _normal
from reconcile.decisions_beside import OWN_DECISION, check_beside
from reconcile.decisions_beside import column_name as _column_name
from reconcile.decisions_beside import place as _place
from reconcile.decisions_beside import rows_text as _rows_text
from reconcile.errors import InputError, ReconcileError
from reconcile.invisible import visible
from reconcile.keys import ind_key, prison_key
from reconcile.model import IndRecord, LinkOverrides, PrisonRecord, Role
from reconcile.read.cells import cell_text
from reconcile.read.config import LimitsConfig
from reconcile.read.csvfile import decode, detect_delimiter, parse
from reconcile.read.guards import MB, ErrorCell, check_zip, sheet_scan
from reconcile.read.isolate import run_isolated
from reconcile.read.layout import column_letter
from reconcile.read.sniff import TEXT_FORMATS, check_path, sniff_format
from reconcile.read.synonyms import header_key
from reconcile.read.xlsrecords import xls_error_cells
from reconcile.result import AppliedDecision

APPLIED = "applied"
RECORDED_SHEET = "Reviewer decisions"
REVIEW_SHEET = "Needs review"  # as reconcile.write.workbook_review names it

GIVE = (
    "give the reviewed reconciliation.xlsx (or a copy saved as .xls or .ods), or a CSV with the "
    "columns prison_key, ind_key, Decision, Reviewer and Note"
)
_EXTRACT_ADVICE = (  # the readers' advice for an extract, and what fits this file instead
    ("ask for the extract as .xlsx or .csv", GIVE),
    ("ask for the extract to be sent again, or open", "open"),
    ("ask for the extract to be sent again", GIVE),
    (", or set the encoding under [input]", ""),
)
_MADE_AT = re.compile(r"\(first made at (.+)\)$")
_SOURCE_ROW = re.compile(r", row (\d+)$")  # the end of a record's source: "..., row 15"


@dataclass(frozen=True)
class Decision:
    source: str  # "file, sheet 'X', row N"; "(first made at ...)" when carried forward
    prison_key: str
    ind_key: str
    decision: str  # SAME or NOT_SAME
    reviewer: str
    note: str
    carried: bool = False  # read from the record of an earlier run's decisions
    # The records as the decisions file showed them ("row 35: SMITH, JOHN", "B1234567 (row
    # 12)"): what a stale decision was about, once its records are gone; "" when not shown.
    prison_shown: str = ""
    ind_shown: str = ""
    # The prison surname and forenames, the IND surname and forenames shown beside the
    # Decision (None: no such column); () when the file shows none (a CSV made by hand).
    names: tuple[str | None, ...] = ()


# Header (as header_key folds it) -> field. A sheet to decide on names the keys prison_key and
# ind_key; the record of decisions taken names them "Prison record key" and "IND record key".
_TO_DECIDE = {
    "prisonkey": "prison_key",
    "indkey": "ind_key",
    # What the Needs review sheet shows of each line's records, in view and hidden: checked
    # against each other, so a sort that left the hidden key columns behind is caught.
    "prisonrow": "prison_row",
    "indrow": "ind_row",
    "prisonsource": "prison_source",
    "indsource": "ind_source",
    # What the reviewer saw of the records: named on the Reviewer decisions sheet, so that a
    # decision gone stale still says whom it was about.
    "prisonsurname": "prison_surname",
    "prisonforenames": "prison_forenames",
    "indcasereference": "case_ref",
    "indsurname": "ind_surname",
    "indforenames": "ind_forenames",
}
# The names a line shows beside its Decision, checked against the records of its keys.
_NAME_FIELDS = ("prison_surname", "prison_forenames", "ind_surname", "ind_forenames")
_RECORDED = {
    "prisonrecordkey": "prison_key",
    "indrecordkey": "ind_key",
    "from": "from",
    "prisonrow": "prison_shown",
    "indrecord": "ind_shown",
}
_COMMON = {"decision": "decision", "reviewer": "reviewer", "note": "note", "notes": "note"}
_NEEDED = {"prison_key", "ind_key", "decision"}
_KEYS = {"prison_key", "ind_key"}
# Fields two columns of one sheet may not both give: which of them would hold the decision?
_ONE_COLUMN = ("decision", "reviewer", "prison_key", "ind_key")
# A record the extracts no longer hold, on the Reviewer decisions sheet and in the PDF, with
# what the decisions file showed of it.
MISSING = "not in these extracts"
_MISSING_SHOWN = re.compile(r"^not in these extracts \(was (.+)\)$")


def missing_text(shown: str) -> str:
    """'not in these extracts (was row 35: SMITH, JOHN)'; without ``shown``, the first part."""
    return f"{MISSING} (was {shown})" if shown else MISSING


def _header(values: Sequence[str]) -> tuple[dict[str, int], bool] | None:
    """(field -> column index, whether the sheet records decisions taken) when the row is a
    decisions header, else None. A row headed Decision and Reviewer whose key columns are
    missing (deleted with the hidden columns beside them), or headed with both keys and
    Reviewer but no Decision (its heading renamed), is one too, without those columns: its
    decisions cannot be applied, and are not passed over as if there were none."""
    partial: tuple[dict[str, int], bool] | None = None
    for names, recorded in ((_TO_DECIDE, False), (_RECORDED, True)):
        index = {**names, **_COMMON}
        found: dict[str, int] = {}
        for i, value in enumerate(values):
            field = index.get(header_key(value))
            if field is not None and field not in found:
                found[field] = i
        if found.keys() >= _NEEDED:
            return found, recorded
        # Of the two kinds, the one that knows more of the row's other headers.
        some = found.keys() >= {"decision", "reviewer"} or found.keys() >= {
            "prison_key",
            "ind_key",
            "reviewer",
        }
        if some and (partial is None or _own(found) > _own(partial[0])):
            partial = found, recorded
    if partial is None:
        # Both keys, neither Decision nor Reviewer: a run's outcomes.csv or a listing sheet,
        # read for its header alone (see _table).
        found = {}
        for i, value in enumerate(values):
            field = _TO_DECIDE.get(header_key(value))
            if field in _KEYS and field not in found:
                found[field] = i
        if found.keys() >= _KEYS:
            return found, False
    return partial


def _own(found: dict[str, int]) -> int:
    """How many of a header's fields are its kind's own, not Decision, Reviewer or Note."""
    return len(found.keys() - {*_COMMON.values()})


def keys_only(columns: dict[str, int]) -> bool:
    """A table with the two keys and neither a Decision nor a Reviewer column."""
    return not columns.keys() & {"decision", "reviewer"}


@dataclass(frozen=True)
class Table:
    """A sheet (or a CSV) that holds decisions: its header and the rows below it."""

    sheet: str  # "" for a CSV
    header_row: int
    columns: dict[str, int]
    recorded: bool
    rows: list[tuple[int, list[str]]]  # (row number in the sheet, cell texts)
    # Further columns under a heading already in ``columns`` (a copied Decision column):
    # field -> their indexes.
    twins: dict[str, list[int]] = field(default_factory=dict)
    header: tuple[str, ...] = ()  # the header row's texts
    first_col: int = 0  # the sheet's column of index 0 (0 for column A)
    # The rows above the header that hold a prison key and an IND key: lines of the table
    # that a sort with the header row taken for data put above it (see _above_header). With
    # no header row found (header_row 0, no columns), the keyed lines holding a decision
    # (see _headerless).
    above: list[tuple[int, list[str]]] = field(default_factory=list)
    # Cells of the Decision, Reviewer and Note columns (and their twins) below the header
    # that show a formula error (#N/A), which the parser reads as empty: (row, index into
    # the row, what the cell shows), in row order.
    errors: tuple[ErrorCell, ...] = ()


# A decisions header is looked for in a sheet's first rows only: a given-back workbook's other
# sheets (All prison rows: 215,000 rows at 200,000 people) are passed over without turning
# every cell into text.
HEADER_SEARCH_ROWS = 50
# A record's content key as reconcile.keys makes it: "P-" or "I-" and 16 hexadecimal digits.
_KEY_SHAPE = re.compile(r"^[PI]-[0-9A-F]{16}$")


def _keyed(texts: list[str]) -> bool:
    """Whether a row holds a prison key and an IND key: a line of a decisions table."""
    shapes = {t[0] for t in texts if _KEY_SHAPE.match(t)}
    return shapes >= {"P", "I"}


def _table(
    sheet: str, rows: Iterable[tuple[int, list[object]]], first_col: int = 0
) -> Table | None:
    """The sheet's decisions table: the first row (of the first HEADER_SEARCH_ROWS) that is a
    decisions header, and every row below it, as text; None when no row is one. Where rows
    above the header hold a prison key and an IND key (a sort took the header row for data
    and moved it down), the header is looked for further down too, and those rows are kept
    (Table.above) to be checked for decisions."""
    found: tuple[dict[str, int], bool] | None = None
    header_row = 0
    header: list[str] = []
    body: list[tuple[int, list[str]]] = []
    above: list[tuple[int, list[str]]] = []
    for seen, (number, values) in enumerate(rows):
        if found is None and seen >= HEADER_SEARCH_ROWS and not above:
            return None
        texts = [cell_text(v) for v in values]
        if found is None:
            found, header_row, header = _header(texts), number, texts
            if found is None:
                if _keyed(texts):
                    above.append((number, texts))
            elif keys_only(found[0]):
                break  # no decision in it: its rows are not read (All prison rows)
        else:
            body.append((number, texts))
    if found is None:
        # Lines with both keys and a decision but no header row at all (deleted): their
        # decisions cannot be read, and are not passed over as if there were none.
        decided = [(n, t) for n, t in above if any(_normal(x) in _DECIDING for x in t)]
        return (
            Table(sheet, 0, {}, False, [], first_col=first_col, above=decided) if decided else None
        )
    columns, recorded = found
    names = {**(_RECORDED if recorded else _TO_DECIDE), **_COMMON}
    twins: dict[str, list[int]] = {}
    for i, text in enumerate(header):
        name = names.get(header_key(text))
        if name is not None and columns.get(name, i) != i:
            twins.setdefault(name, []).append(i)
    return Table(sheet, header_row, columns, recorded, body, twins, tuple(header), first_col, above)


def _spread_down(rows: list[list[object]], merged: Iterable[tuple[int, int, int, int]]) -> None:
    """Each range merged over several rows with its value in the rows below its first too, in
    its first column: a Decision, Reviewer or Note typed once in cells merged over a prison
    row's lines is what each of those lines shows. Ranges are (first row, first column, last
    row, last column) in ``rows``. No more cells are visited than the sheet has (a crafted
    file's ranges may overlap without end)."""
    budget = sum(map(len, rows))
    for r0, c0, r1, _ in merged:
        if not (0 <= r0 < len(rows) and c0 >= 0) or r1 <= r0 or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        below = rows[r0 + 1 : min(r1, len(rows) - 1) + 1]
        budget -= len(below)
        if budget < 0:
            return
        for row in below:
            if c0 < len(row) and (row[c0] is None or row[c0] == ""):
                row[c0] = value


# The fields whose cells a reviewer types: a formula error in one would read as empty.
_TYPED = ("decision", "reviewer", "note")


def _with_errors(table: Table, cells: Iterable[ErrorCell]) -> Table:
    """The table with those of ``cells`` (row, sheet column counted from 0, what it shows)
    that lie in its rows and in a column a reviewer types in (_TYPED)."""
    rows = {number for number, _ in table.rows}
    typed = {table.columns[f] for f in _TYPED if f in table.columns}
    typed |= {i for f in _TYPED for i in table.twins.get(f, [])}
    found = sorted(
        (row, col - table.first_col, shown)
        for row, col, shown in cells
        if row in rows and col - table.first_col in typed
    )
    return replace(table, errors=tuple(found)) if found else table


def _workbook_tables(
    path: Path,
    limits: LimitsConfig,
    ods_merged: dict[str, list[tuple[int, int, int, int]]],
    book_errors: dict[str, list[ErrorCell]] | None = None,
    fmt: str = "",
) -> list[Table]:
    """Runs in the isolated reader process: the decisions tables of every worksheet.
    ``ods_merged``: an ODS file's merged cells by sheet, counted from the sheet's cell A1,
    which the parser does not give (guards.OdsRanges finds them); ``book_errors``: its cells
    showing a formula error, which the parser reads as empty (an xlsx sheet's are found by
    guards.sheet_scan, an xls (``fmt``) sheet's in its records, here)."""
    from reconcile.read.workbook import Workbook

    book = Workbook(path, limits)
    if fmt == "xls":
        book_errors = xls_error_cells(path, limits.max_uncompressed_mb)
    tables = []
    for sheet in book.sheet_names:
        grid = book.grid(sheet)
        top, left = grid.first_row - 1, grid.first_col
        from_ods = [
            (a - top, b - left, c - top, d - left) for a, b, c, d in ods_merged.get(sheet, [])
        ]
        _spread_down(grid.rows, [*grid.merged, *from_ods])
        table = _table(sheet, enumerate(grid.rows, start=grid.first_row), grid.first_col)
        if table is not None and table.columns.keys() & set(_TYPED):
            if book_errors is not None:
                cells = book_errors.get(sheet, [])
            else:  # an xlsx sheet's part is scanned
                cells = sheet_scan(path, sheet, {number for number, _ in table.rows}).errors
            table = _with_errors(table, cells)
        if table is not None:
            tables.append(table)
    return tables


def _csv_table(path: Path, limits: LimitsConfig) -> list[Table]:
    name = path.name
    if path.stat().st_size > limits.max_uncompressed_mb * MB:
        raise InputError(
            f"{name}: the decisions file is larger than the limit of "
            f"{limits.max_uncompressed_mb:,} MB ({limits.where('max_uncompressed_mb')}); {GIVE}"
        )
    text, _ = decode(path.read_bytes(), name)
    index = {k: v for k, v in {**_TO_DECIDE, **_RECORDED, **_COMMON}.items() if k != "from"}
    rows = parse(text, detect_delimiter(text, index), name, limits)
    table = _table("", enumerate(rows, start=1))
    return [] if table is None else [table]


def read_tables(path: Path, limits: LimitsConfig | None = None) -> list[Table]:
    """Every decisions table in the file, read with the extracts' checks and guarded reader.
    InputError (file, what is wrong, what to do) when it cannot be read."""
    limits = limits or LimitsConfig()
    path = Path(path)
    name = path.name or str(path)
    try:
        check_path(path)
        fmt = sniff_format(path)
        if fmt in TEXT_FORMATS:
            return _csv_table(path, limits)
        ods_merged, ods_errors = {}, {}
        if fmt in ("xlsx", "xlsm", "ods"):
            facts = check_zip(path, fmt, limits)
            ods_merged, ods_errors = facts.ods_merged, facts.ods_errors
        tables: list[Table] = run_isolated(
            _workbook_tables,
            (path, limits, ods_merged, ods_errors if fmt == "ods" else None, fmt),
            name=name,
            timeout_s=limits.reader_timeout_s,
            memory_mb=limits.reader_memory_mb,
            where=limits.where,
        )
        return tables
    except InputError as exc:
        message = str(exc)
        for advice, instead in _EXTRACT_ADVICE:
            message = message.replace(advice, instead)
        raise InputError(message) from None


def _where(name: str, sheet: str, row: int) -> str:
    return _place(name, sheet) + f"row {row}"


def _decided(rows: Iterable[tuple[int, Sequence[str]]], i: int) -> list[int]:
    """The row numbers of ``rows`` whose column ``i`` holds a decision, skip aside."""
    return [
        number
        for number, values in rows
        if i < len(values) and _VALUES.get(_normal(values[i])) != SKIP
    ]


def _keyless(name: str, table: Table) -> None:
    """A table headed Decision and Reviewer without its key columns: nothing when none of its
    rows holds a decision, else InputError saying the keys are gone and what to do."""
    decided = _decided(table.rows, table.columns["decision"])
    if not decided:
        return
    keys = ("Prison record key", "IND record key") if table.recorded else ("prison_key", "ind_key")
    missing = [k for k, f in zip(keys, ("prison_key", "ind_key"), strict=True)
               if f not in table.columns]  # fmt: skip
    columns = " and ".join(missing) + (" columns" if len(missing) > 1 else " column")
    them, say = ("them", "say") if len(missing) > 1 else ("it", "says")
    some = f"{len(decided):,} decision" + ("s" if len(decided) > 1 else "")
    if not table.sheet:  # a CSV: made by hand, or saved from a sheet without its keys
        raise InputError(
            f"{name}, row {table.header_row}: the file has {some} but no {columns}, which "
            f"{say} which records each decision is about, so its decisions cannot be applied; "
            f"add the {columns} (the Needs review sheet and outcomes.csv give each record's "
            "key), or give the reviewed reconciliation.xlsx instead, and run again"
        )
    place = f"{name}, sheet {table.sheet!r}, "
    raise InputError(
        f"{place}row {table.header_row}: the sheet has {some} but no {columns}, which {say} "
        f"which records each decision is about (the run writes {them} at the right of the "
        f"sheet{', hidden' if not table.recorded else ''}), so its decisions cannot be applied; "
        f"copy the {columns} back from the workbook as the run wrote it, or fill in the "
        "decisions again there, and run again"
    )


def _no_decision_column(name: str, table: Table) -> None:
    """A table with both keys and Reviewer but no Decision column: nothing when no row names a
    reviewer, else InputError saying the Decision column is gone and what to do."""
    i = table.columns["reviewer"]
    named = [number for number, values in table.rows if i < len(values) and values[i].strip()]
    if not named:
        return
    place = _place(name, table.sheet)
    verb = "names" if len(named) == 1 else "name"
    raise InputError(
        f"{place}row {table.header_row}: no column headed Decision, though "
        f"{_rows_text(named)} {verb} a reviewer, so no decision can be read; decisions are "
        "read from the column headed Decision (same person, not the same person or skip): "
        "give the column of decisions that heading again and run again"
        + _decisions_elsewhere(table)
    )


def _above_header(name: str, table: Table) -> None:
    """InputError when lines above the header row hold a Decision: they would be passed over,
    as only the rows below a header are read. A sort that took the header row for data (in
    LibreOffice, Data > Sort with "Range contains column labels" unticked; in Excel, "My data
    has headers" unticked) moves the header down among the lines."""
    i = table.columns["decision"]
    decided = _decided(table.above, i)
    if not decided:
        return
    one = len(decided) == 1
    place = _place(name, table.sheet)
    heading = table.header[i].strip() or "Decision"
    raise InputError(
        f"{place}{_rows_text(decided)}, column {_column_name(table, i)} ({heading}): "
        f"{'a decision' if one else 'decisions'} above the header row (row "
        f"{table.header_row}), where {'it' if one else 'they'} would not be read; the sheet "
        "was sorted with its header row taken for a line (sort with the option that the "
        "range has column labels or headers ticked), or lines were moved above it. Undo the "
        "sort, or move the header row back to the top of the table, and run again"
    )


_RETYPE = {
    "decision": "type the decision as text in place of the formula (same person, not the "
    "same person or skip)",
    "reviewer": "type the reviewer's name as text in place of the formula",
    "note": "type the note as text in place of the formula, or clear the cell",
}


def _formula_errors(name: str, table: Table) -> None:
    """InputError naming the first cell of the Decision, Reviewer or Note columns that shows
    a formula error (#N/A, #DIV/0!): it reads as an empty cell, so a Decision showing one
    would be passed over and a Reviewer showing one taken for no name."""
    if not table.errors:
        return
    row, i, shown = table.errors[0]
    fields = {j: f for f, j in table.columns.items()}
    fields.update({j: f for f, twins in table.twins.items() for j in twins})
    kind = fields.get(i, "decision")
    heading = table.header[i].strip() if i < len(table.header) else kind.title()
    ref = f"{column_letter(table.first_col + i)}{row}"
    others = [f"{column_letter(table.first_col + j)}{r}" for r, j, _ in table.errors[1:]]
    more = ""
    if others:
        listed = _and([*others[:5], f"{len(others) - 5:,} more"] if len(others) > 5 else others)
        more = f" (and so {'does' if len(others) == 1 else 'do'} {listed})"
    raise InputError(
        f"{name}, sheet {table.sheet!r}, cell {ref} (column {heading}): the cell shows "
        f"{shown}, a formula error{more}, which reads as an empty cell, so what it was meant "
        f"to hold would be lost; {_RETYPE[kind]}, and run again"
    )


def _decisions_elsewhere(table: Table) -> str:
    """For a table with no column headed Decision: "; the column headed 'Decisions' (column
    C) holds decisions (row 4: 'same person'): head it Decision" when a column headed like one
    holds them (or, for a table whose rows were not kept, "... is not read: if it holds the
    decisions, head it Decision"), else ""."""
    for i, heading in enumerate(table.header):
        if i in table.columns.values() or not OWN_DECISION.search(header_key(heading)):
            continue
        found = [
            (number, values[i].strip())
            for number, values in table.rows
            if i < len(values) and values[i].strip() and _normal(values[i]) in _VALUES
        ]
        column = "column" if table.sheet else "column number"
        named = f"the column headed {heading.strip()!r} ({column} {_column_name(table, i)})"
        if found:
            number, first = found[0]
            return f"; {named} holds decisions (row {number}: {first!r}): head it Decision"
        if not table.rows:  # a table read for its header alone: its values are not at hand
            return f"; {named} is not read: if it holds the decisions, head it Decision"
    return ""


def _and(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _one_column_each(name: str, table: Table) -> None:
    """InputError when a second column under the heading of the Decision, the Reviewer or a
    key holds anything: one of them is read, and the other's entries would be passed over."""
    for field_name in _ONE_COLUMN:
        others = table.twins.get(field_name, [])
        used = [i for i in others if any(i < len(v) and v[i].strip() for _, v in table.rows)]
        if not used:
            continue
        first = table.columns[field_name]
        heading = table.header[first].strip() if first < len(table.header) else field_name
        at = [_column_name(table, i) for i in (first, *others)]
        full = [_column_name(table, i) for i in used]
        one, many = ("column", "columns") if table.sheet else ("column number", "column numbers")
        place = _place(name, table.sheet)
        holds = f"{one} {full[0]} holds" if len(full) == 1 else f"{many} {_and(full)} hold"
        raise InputError(
            f"{place}row {table.header_row}: {len(at)} columns are headed {heading!r} "
            f"({many} {_and(at)}), and {holds} entries, but only the first of them "
            f"({at[0]}) is read, so those entries would be passed over; keep one column "
            f"headed {heading!r}, with every entry in it (rename or delete the others), and "
            "run again"
        )


def _shown(table: Table, cell: Callable[[str], str]) -> tuple[str, str]:
    """The line's prison row and IND record as the file shows them: "row 35: SMITH, JOHN"
    and "B1234567 (row 12)", as the Reviewer decisions sheet names them; "" when not shown."""
    if table.recorded:
        found = [_MISSING_SHOWN.match(cell(f)) for f in ("prison_shown", "ind_shown")]
        texts = [
            m.group(1) if m else "" if cell(f) == MISSING else cell(f)
            for m, f in zip(found, ("prison_shown", "ind_shown"), strict=True)
        ]
        return texts[0], texts[1]
    prow = cell("prison_row").removesuffix(".0")
    named = ", ".join(filter(None, (cell("prison_surname"), cell("prison_forenames"))))
    prison = f"row {prow}: {named}" if prow and named else f"row {prow}" if prow else named
    irow, ref = cell("ind_row").removesuffix(".0"), cell("case_ref")
    ind = f"{ref} (row {irow})" if ref and irow else ref or (f"row {irow}" if irow else "")
    return prison, ind


def _decisions_of(name: str, table: Table, notes: list[str] | None = None) -> list[Decision]:
    """The table's decisions; ``notes`` is given a note of its lines with a Reviewer or Note
    but no Decision, which are passed over."""
    if keys_only(table.columns):
        return []  # no decision in it (load_decisions says so when no table has one)
    _one_column_each(name, table)
    if "decision" not in table.columns:
        _no_decision_column(name, table)
        return []
    if not table.columns.keys() >= {"prison_key", "ind_key"}:
        _keyless(name, table)
        return []
    _above_header(name, table)
    _formula_errors(name, table)
    check_beside(name, table)
    decisions: list[Decision] = []
    unnamed: list[int] = []
    moved: list[int] = []
    undecided: list[int] = []  # a Reviewer or Note, the Decision blank
    for number, values in table.rows:

        def cell(field: str, values: list[str] = values) -> str:
            i = table.columns.get(field)
            return values[i].strip() if i is not None and i < len(values) else ""

        def note(values: list[str] = values) -> str:
            """The Note, and any further column headed Note or Notes, joined."""
            at = [
                i
                for i in (table.columns.get("note"), *table.twins.get("note", []))
                if i is not None
            ]
            texts = [values[i].strip() for i in at if i < len(values) and values[i].strip()]
            return "; ".join(dict.fromkeys(texts))

        where = _where(name, table.sheet, number)
        value = _normal(cell("decision"))
        if value not in _VALUES:
            raise InputError(_not_a_decision(where, cell("decision")))
        if _VALUES[value] == SKIP:
            if not value and (cell("reviewer") or note()):
                undecided.append(number)
            continue
        pkey, ikey = cell("prison_key"), cell("ind_key")
        if not pkey and not ikey and not table.recorded:
            hidden = (
                " (the run writes them, hidden, at the right of each candidate's line; a line "
                "typed or pasted in has none)"
                if table.sheet
                else ""
            )
            raise InputError(
                f"{where}, column Decision: {cell('decision')!r} on a line with no prison_key "
                f"and no ind_key{hidden}, so it is not known which records it is about; put "
                "the Decision on the line of the candidate it is about, or clear it, and run "
                "again"
            )
        if pkey and not ikey and not table.recorded:
            raise InputError(
                f"{where}, column Decision: this line has no IND record to decide on (its "
                "ind_key is empty), so a Decision cannot settle it; set the Decision to 'skip' "
                "or clear it, see the What to do column of the Needs review sheet, and run again"
            )
        if not pkey or not ikey:
            keys = (
                "Prison record key and IND record key"
                if table.recorded
                else "prison_key and ind_key"
            )
            raise InputError(
                f"{where}: a decision needs both {keys}; copy them from the Needs review sheet"
            )
        if pkey.startswith("I-") and ikey.startswith("P-"):
            headings = (
                ("Prison record key", "IND record key")
                if table.recorded
                else ("prison_key", "ind_key")
            )
            raise InputError(
                f"{where}: the {headings[0]} ({pkey}) is an IND record's key and the {headings[1]} "
                f"({ikey}) a prison record's (prison keys start P-, IND keys I-), so the two "
                "were swapped; put each key back under its own heading, as the run wrote "
                "them, and run again"
            )
        if not table.recorded and _moved(cell):
            moved.append(number)
            continue
        reviewer = cell("reviewer")
        if not reviewer:
            unnamed.append(number)
            continue
        source = where
        if table.recorded:
            made = cell("from")
            match = _MADE_AT.search(made)
            origin = match.group(1) if match else made
            source = f"{where} (first made at {origin})" if origin else where
        prison_shown, ind_shown = _shown(table, cell)
        names: tuple[str | None, ...] = ()
        if not table.recorded and table.columns.keys() & set(_NAME_FIELDS):
            names = tuple(cell(f) if f in table.columns else None for f in _NAME_FIELDS)
        decisions.append(
            Decision(
                source,
                pkey,
                ikey,
                _VALUES[value],
                reviewer,
                note(),
                table.recorded,
                prison_shown,
                ind_shown,
                names,
            )
        )
    place = _place(name, table.sheet)
    if moved:
        raise InputError(
            f"{place}{_rows_text(moved)}: the Prison row or IND row shown is not the row the "
            "line's hidden prison_key and ind_key were made for, so the Decision there would "
            "be applied to other records than the ones shown; the sheet was sorted, or rows "
            "were pasted, without its hidden columns, or a row number was edited. Undo that "
            "(put the number back, or sort the whole sheet, hidden columns included), check the "
            "decisions still sit beside the right records, and run again"
        )
    if unnamed:
        if "reviewer" not in table.columns:
            raise InputError(
                f"{place.rstrip(', ')}: no Reviewer column; the evidence must say who decided "
                "each link, so add a column headed Reviewer with a name on every decided row "
                "and run again"
            )
        what = "a decision" if len(unnamed) == 1 else "decisions"
        them = "it" if len(unnamed) == 1 else "them"
        raise InputError(
            f"{place}{_rows_text(unnamed)}, column Reviewer: {what} without the name of the "
            f"reviewer who made {them}; the evidence must say who decided each link, so fill "
            "in the Reviewer column (or set the Decision to 'skip') and run again"
        )
    if undecided and notes is not None:
        one = len(undecided) == 1
        notes.append(
            f"{place}{_rows_text(undecided)}: {'a line' if one else 'lines'} with a Reviewer or "
            f"Note but no Decision, so nothing was applied for {'it' if one else 'them'}; where "
            "a link was decided, choose the Decision there (same person or not the same person) "
            "and run again"
        )
    return decisions


def quoted(typed: str) -> str:
    """A cell's text in quotes as the message shows it, with any character that shows nothing
    written as its code ("[U+200B]"), so that the reader sees why it was not read."""
    return f"'{visible(typed)}'"


def _not_a_decision(where: str, typed: str) -> str:
    """The message for a Decision cell that holds no decision; for one that holds a decision
    with a comment after it ("not the same person - different DOB"), saying to choose the
    decision alone there and put the comment in the Note."""
    found = leading(typed)
    shown = quoted(typed)
    if found is None:
        return (
            f"{where}, column Decision: {shown} is not a decision; use 'same person', 'not "
            "the same person' or 'skip' and run again"
        )
    decision, comment = found
    return (
        f"{where}, column Decision: {shown} is not a decision alone (the Decision holds "
        f"only 'same person', 'not the same person' or 'skip'); choose {decision!r} there "
        f"and put the rest ({comment!r}) in the Note, and run again"
    )


def _moved(cell: Callable[[str], str]) -> bool:
    """Whether a line's shown row numbers disagree with its hidden sources (both written by
    the run beside each other): the line's key columns were moved apart from the rest."""
    for shown, source in (("prison_row", "prison_source"), ("ind_row", "ind_source")):
        row, found = cell(shown), _SOURCE_ROW.search(cell(source))
        if row and found and row.removesuffix(".0") != found.group(1):
            return True
    return False


def _extract_it_is(path: Path) -> str:
    """The extract a file given for decisions reads as ("prison extract", "IND extract"): an
    easy slip, the input given instead of the reviewed workbook; "" when it reads as neither."""
    from reconcile.read.files import read_file  # the extracts' reader, only on this path
    from reconcile.settings import Config

    try:
        ex = read_file(path, None, Config()).extracted
    except ReconcileError:
        return ""
    if ex.missing:
        return ""
    return "prison extract" if ex.role is Role.PRISON else "IND extract"


def load_decisions(path: Path, limits: LimitsConfig | None = None) -> list[Decision]:
    """Every decision in the file: those on sheets to decide on (the Needs review sheet, a
    CSV) and those recorded by an earlier run (its Reviewer decisions sheet), which carry
    forward. InputError naming the file, sheet, row and column when one cannot be used."""
    return read_decisions(path, limits)[0]


def read_decisions(
    path: Path, limits: LimitsConfig | None = None
) -> tuple[list[Decision], list[str]]:
    """load_decisions' decisions, and notes for the run's summary about lines passed over (a
    Reviewer or Note with the Decision left blank)."""
    path = Path(path)
    name = path.name or str(path)
    tables = read_tables(path, limits)
    if not tables:
        extract = _extract_it_is(path)
        what = f"this looks like the {extract}, not the reviewed workbook: " if extract else ""
        raise InputError(
            f"{name}: {what}no sheet with the columns prison_key, ind_key and Decision; {GIVE}"
        )
    if all(keys_only(t.columns) for t in tables):
        # Named on the Needs review sheet when the file has one (its headings renamed).
        review = [t for t in tables if t.sheet == REVIEW_SHEET]
        _no_decisions_in(name, (review or tables)[0])
    for table in tables:
        if not table.header_row:
            _headerless(name, table)
    notes: list[str] = []
    decisions = [d for table in tables for d in _decisions_of(name, table, notes)]
    return _once_each(decisions, notes), notes


def _headerless(name: str, table: Table) -> None:
    """InputError for a sheet whose lines hold both keys and a decision under no header row:
    which column is the Decision, and who made it, cannot be told."""
    number, texts = table.above[0]
    i = next(i for i, text in enumerate(texts) if _normal(text) in _DECIDING)
    one = len(table.above) == 1
    place = _place(name, table.sheet)
    column = f"column {_column_name(table, i)}" if table.sheet else f"column number {i + 1}"
    raise InputError(
        f"{place}{_rows_text([n for n, _ in table.above])}: {'a line' if one else 'lines'} "
        f"with a prison key, an IND key and a decision ({texts[i].strip()!r} in row {number}, "
        f"{column}) but no header row above {'it' if one else 'them'} (the row of headings "
        "such as Decision, Reviewer and Note), so it cannot be told which column holds the "
        "Decision or who made it; put the header row back at the top of the table (copy it "
        "from the workbook as the run wrote it) and run again"
    )


def _no_decisions_in(name: str, table: Table) -> None:
    """InputError for a file whose only tables have the keys and no Decision column: most
    often a run's outcomes.csv, or its workbook without the Needs review sheet."""
    place = _place(name, table.sheet)
    here = "on this sheet" if table.sheet else "to this file"
    raise InputError(
        f"{place}row {table.header_row}: the header has columns prison_key and ind_key but "
        "none headed "
        "Decision or Reviewer, so there is no decision to read (a run's outcomes.csv or "
        "listing sheet, not the reviewed workbook?); give the reviewed reconciliation.xlsx, "
        f"or add columns headed Decision and Reviewer {here}, fill them in on the rows you "
        "decide ('same person', 'not the same person' or 'skip', and your name), and run again"
        + _decisions_elsewhere(table)
    )


def _once_each(decisions: list[Decision], notes: list[str]) -> list[Decision]:
    """The decisions, each pair's first only. InputError when a pair is decided two ways (see
    also _check_one_link). A pair decided the same way twice (a copied sheet, a line pasted
    twice) is kept once, at its first place, with a note naming the repeats: applied and
    counted twice, it would swell the decisions applied."""
    first: dict[tuple[str, str], Decision] = {}
    repeats: list[str] = []
    for d in decisions:
        earlier = first.setdefault((d.prison_key, d.ind_key), d)
        if earlier is d:
            continue
        if earlier.decision != d.decision:
            fix = "keep one decision per pair"
            if earlier.carried or d.carried:
                fix = (
                    f"a decision taken in an earlier run is changed on the {RECORDED_SHEET} "
                    "sheet (or its row deleted there), not decided again; keep one decision per "
                    "pair"
                )
            raise InputError(
                f"{d.source}: this pair was already decided differently at {earlier.source} "
                f"({earlier.decision!r} against {d.decision!r}); {fix}"
            )
        repeats.append(f"{d.source} repeats {earlier.source}")
    if not repeats:
        return decisions
    some = "; ".join(repeats[:3]) + (f"; and {len(repeats) - 3:,} more" if len(repeats) > 3 else "")
    lines = "1 decision repeats" if len(repeats) == 1 else f"{len(repeats):,} decisions repeat"
    notes.append(
        f"{lines} one made on the same pair the same way ({some}): each pair's decision is "
        "applied and counted once, from its first place"
    )
    return list(first.values())


def _folded(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split()).casefold()


def _check_beside(
    decisions: list[Decision],
    prison: dict[str, PrisonRecord],
    ind: dict[str, IndRecord],
) -> None:
    """InputError when the names a line shows beside its Decision are not those of the
    records its hidden keys are for: the shown columns were sorted or pasted apart from the
    keys (the Prison row and IND row columns deleted, so _moved could not tell), or edited.
    A key names a record's names, so a record found by its key has the names it had when
    the sheet was written."""
    wrong: list[tuple[Decision, str]] = []
    for d in decisions:
        if not d.names:
            continue
        ps, pf, is_, if_ = d.names
        p, i = prison[d.prison_key], ind[d.ind_key]
        for shown, rec in (((ps, pf), p), ((is_, if_), i)):
            actual = (rec.surname, rec.forenames)
            pairs = zip(shown, actual, strict=True)
            if any(s is not None and _folded(s) != _folded(a) for s, a in pairs):
                side = "prison" if rec is p else "IND"
                was = ", ".join(filter(None, shown)) or "no name"
                named = ", ".join(filter(None, actual)) or "no name"
                wrong.append((d, f"shown: {was}; its {side} key is for {rec.prov.ref}, {named}"))
                break
    if not wrong:
        return
    first, what = wrong[0]
    others = len(wrong) - 1
    more = f" (and {others:,} more line{'s' if others > 1 else ''} likewise)" if others else ""
    raise InputError(
        f"{first.source}{more}: the names shown beside the Decision are not those of the "
        f"records the line's hidden prison_key and ind_key were made for ({what}), so the "
        "Decision would be applied to other records than the ones shown; the sheet was sorted, "
        "or rows were pasted, without its hidden columns, or names were edited. Undo that (or "
        "sort the whole sheet, hidden columns included), check the decisions still sit beside "
        "the right records, and run again"
    )


def _check_one_link(decisions: list[Decision]) -> None:
    """InputError when a prison row is decided 'same person' with two IND records. Only the
    decisions that apply are given: a stale one (its IND record corrected since) does not
    stand in the way of the row being decided again with the record as it now is."""
    linked: dict[str, Decision] = {}  # prison key -> its first "same person" decision
    for d in decisions:
        first_same = linked.get(d.prison_key) if d.decision == SAME else None
        if first_same is not None and first_same.ind_key != d.ind_key:
            # The linker links a row a reviewer decided to one IND record (and that IND
            # person's other records): a second "same person" would be dropped unsaid.
            earlier_run = (
                f" (a decision taken in an earlier run is changed on the {RECORDED_SHEET} sheet)"
                if first_same.carried or d.carried
                else ""
            )
            raise InputError(
                f"{d.source}: this prison row is decided 'same person' with another IND record "
                f"at {first_same.source} as well; a decision links a prison row to one IND "
                "record (with the other records IND holds for that person), so keep 'same "
                "person' on one and set the other to 'not the same person' or 'skip'"
                f"{earlier_run}, then run again"
            )
        if d.decision == SAME:
            linked.setdefault(d.prison_key, d)


def counts(statuses: Iterable[str]) -> tuple[int, int]:
    """(applied, stale) among the statuses of a run's decisions."""
    listed = list(statuses)
    done = sum(1 for status in listed if status == APPLIED)
    return done, len(listed) - done


def summary_line(statuses: Iterable[str]) -> str:
    """'Reviewer decisions: 3 applied, 1 stale (not applied: ...); see the ... sheet'."""
    done, stale = counts(statuses)
    text = f"Reviewer decisions: {done:,} applied"
    if stale:
        made = "it was" if stale == 1 else "they were"
        text += (
            f", {stale:,} stale (not applied: the records {made} made about changed or are no "
            "longer in the extracts)"
        )
    if stale and not done:  # most often a decisions file from a run on other extracts
        text += (
            "; not one could be applied: check that the decisions file was reviewed from a run "
            "on these extracts"
        )
    return text + f"; see the {RECORDED_SHEET} sheet of reconciliation.xlsx"


def _who(d: Decision) -> str:
    """The reviewer, the note and where the decision was made, as the row's reason and link
    explanation give them: "J. Smith: paper file; reviewed.xlsx, sheet 'Needs review', row 4".
    One carried forward is named where it was first made, so that a row's text stays the same
    round after round while its decision does."""
    named = f"{d.reviewer or 'unnamed reviewer'}: {d.note}".rstrip(": ")
    made = _MADE_AT.search(d.source)
    return f"{named}; {made.group(1) if made else d.source}"


def resolve(
    decisions: list[Decision], prison: list[PrisonRecord], ind: list[IndRecord]
) -> tuple[LinkOverrides, list[AppliedDecision]]:
    """Map decisions to record pairs by content key; report those whose records are gone.
    InputError when a prison row is decided 'same person' with two IND records both here."""
    prison_by_key: dict[str, list[int]] = {}
    prison_rec: dict[str, PrisonRecord] = {}  # a key's first record, for _check_beside
    for rec in prison:
        key = prison_key(rec)
        prison_by_key.setdefault(key, []).append(rec.idx)
        prison_rec.setdefault(key, rec)
    ind_by_key: dict[str, list[int]] = {}
    ind_rec: dict[str, IndRecord] = {}
    for irec in ind:
        key = ind_key(irec)
        ind_by_key.setdefault(key, []).append(irec.idx)
        ind_rec.setdefault(key, irec)
    here = [d for d in decisions if d.prison_key in prison_by_key and d.ind_key in ind_by_key]
    _check_beside(here, prison_rec, ind_rec)
    _check_one_link(here)
    same: set[tuple[int, int]] = set()
    not_same: set[tuple[int, int]] = set()
    who: dict[tuple[int, int], str] = {}
    applied: list[AppliedDecision] = []
    for d in decisions:
        pidx = prison_by_key.get(d.prison_key, [])
        iidx = ind_by_key.get(d.ind_key, [])
        if not pidx or not iidx:
            gone = [
                what for what, found in (("prison record", pidx), ("IND record", iidx)) if not found
            ]
            where = "extracts" if len(gone) == 2 else f"{gone[0].split()[0]} extract"
            status = (
                f"stale: the {' and the '.join(gone)} it was made about changed or "
                f"{'are' if len(gone) == 2 else 'is'} no longer in the {where}; not applied"
            )
        else:
            status = APPLIED
            target = same if d.decision == SAME else not_same
            for p in pidx:
                for i in iidx:
                    target.add((p, i))
                    who[(p, i)] = _who(d)
        applied.append(
            AppliedDecision(
                source=d.source,
                prison_key=d.prison_key,
                ind_key=d.ind_key,
                decision=d.decision,
                reviewer=d.reviewer,
                note=d.note,
                status=status,
                prison_shown=d.prison_shown,
                ind_shown=d.ind_shown,
            )
        )
    overrides = LinkOverrides(same=frozenset(same), not_same=frozenset(not_same), reviewer=who)
    return overrides, applied
