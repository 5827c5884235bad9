"""From the sheets of a file to mapped columns: sheet choice, header, data rows, mapping.

Pure over Grids, so CSV files (read in-process) and workbooks (read in the isolated
reader process) share it. The result is kept cheap to pickle: only mapped columns,
packed (see cells.pack_column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reconcile.errors import InputError
from reconcile.model import Role, SkippedRow
from reconcile.read.cells import Packed, normalise_column, pack_column
from reconcile.read.config import InputConfig
from reconcile.read.layout import Grid, fill_merged, find_header, find_layout, row_is_blank
from reconcile.read.mapping import (
    explicit_columns,
    map_columns,
    match_index,
    missing_groups,
)
from reconcile.read.synonyms import Requirement, requirements

ROLE_NAMES = {Role.PRISON: "prison-extract", Role.IND: "IND-extract"}


@dataclass(frozen=True)
class SheetSummary:
    name: str
    rows: int  # rows in the sheet's used range
    header_row: int  # row number of the best header candidate (0: none)
    matched: int  # canonical fields the header names


@dataclass
class Extracted:
    role: Role
    role_reason: str  # why this role, when it was guessed ("" when given)
    sheet: str
    sheets: list[SheetSummary]
    sheet_choice: str
    header_row: int
    mapping: dict[str, str]
    unused: tuple[str, ...]
    row_numbers: list[int]
    columns: dict[str, Packed]
    skipped: tuple[SkippedRow, ...]
    missing: list[Requirement]


def where(name: str, sheet: str) -> str:
    return f"{name}, sheet {sheet!r}" if sheet else name


def _wanted_sheet(role: Role | None, config: InputConfig, sheets: list[str]) -> tuple[str, Role]:
    """The sheet named in the config for this role (for an unknown role: either name that the
    file has), and the role whose setting named it."""
    if role is not None:
        return (config.prison_sheet if role is Role.PRISON else config.ind_sheet), role
    named = [(s, r) for s, r in ((config.prison_sheet, Role.PRISON), (config.ind_sheet, Role.IND))]
    named = [(s, r) for s, r in named if s]
    folded = {s.strip().casefold() for s in sheets}
    present = [(s, r) for s, r in named if s.strip().casefold() in folded]
    return (present or named or [("", Role.PRISON)])[0]


def _resolve_sheet(name: str, sheets: list[str], wanted: str, role: Role) -> str:
    if wanted in sheets:
        return wanted
    folded = [s for s in sheets if s.strip().casefold() == wanted.strip().casefold()]
    if folded:
        return folded[0]
    listed = ", ".join(repr(s) for s in sheets)
    raise InputError(
        f"{name}: there is no sheet named {wanted!r}; the sheets are {listed}; give one of "
        f"these (--{role.value}-sheet, or {role.value}_sheet under [input] in the config)"
    )


def _scores(grid: Grid, roles: list[Role], indexes: dict[Role, dict[str, str]]) -> dict:
    return {r: find_header(grid, indexes[r]) for r in roles}


def _choice_text(chosen: SheetSummary, others: list[SheetSummary], role_label: str) -> str:
    text = f"its header (row {chosen.header_row}) names {chosen.matched} {role_label} columns"
    if others:
        listed = ", ".join(f"{s.name!r} {s.matched}" for s in others)
        text += f", more than any other sheet ({listed})"
    return text


def extract(
    name: str,
    sheets: list[str],
    load: Callable[[str], Grid],
    role: Role | None,
    config: InputConfig,
    require: tuple[str, ...] | None = None,
) -> Extracted:
    """Choose the sheet, find the header and the data rows, map and pack the columns."""
    roles = [role] if role is not None else [Role.PRISON, Role.IND]
    explicit = {r: explicit_columns(r, config) for r in roles}
    indexes = {r: match_index(r, explicit[r]) for r in roles}
    wanted, wanted_role = _wanted_sheet(role, config, sheets)
    if not sheets:
        raise InputError(f"{name}: the workbook has no worksheets; check the file")
    if sheets == [""]:  # a CSV file has one unnamed table
        wanted = ""
    candidates = [_resolve_sheet(name, sheets, wanted, wanted_role)] if wanted else sheets
    best: tuple[Grid, dict[Role, tuple[int, int]]] | None = None
    summaries: list[SheetSummary] = []
    best_key = (-1, 0)
    for position, sheet in enumerate(candidates):
        grid = load(sheet)
        scores = _scores(grid, roles, indexes)
        top = max(scores.values(), key=lambda s: s[1])
        summaries.append(SheetSummary(sheet, len(grid.rows), grid.first_row + top[0], top[1]))
        if top[0] < 0:
            summaries[-1] = SheetSummary(sheet, len(grid.rows), 0, 0)
        key = (top[1], -position)
        if best is None or key > best_key:
            best, best_key = (grid, scores), key
    assert best is not None
    grid, scores = best
    chosen_role = role or max(roles, key=lambda r: scores[r][1])  # ties: the prison extract
    header, matched = scores[chosen_role]
    place = where(name, grid.sheet)
    if matched == 0:
        if all(row_is_blank(row) for row in grid.rows):
            raise InputError(
                f"{place}: the sheet is empty; check that this is the right file"
                + (" and sheet ([input] in the config)" if grid.sheet else "")
            )
        looked = "'Surname', 'Date of birth', 'Prison number', 'Case reference'"
        raise InputError(
            f"{place}: no header row found in the first 40 rows (no cell names a known column "
            f"such as {looked}); check that this is the right file, or map the columns in "
            f"the config under [columns.{chosen_role.value}]"
        )
    chosen = next(s for s in summaries if s.name == grid.sheet)
    others = [s for s in summaries if s.name != grid.sheet]
    if wanted:
        choice = f"named in the settings ({wanted_role.value}_sheet)"
    elif not grid.sheet:
        choice = ""
    elif not others:
        choice = "the only sheet"
    else:
        choice = _choice_text(chosen, others, ROLE_NAMES[chosen_role])
    role_reason = ""
    if role is None:
        counts = ", ".join(f"{scores[r][1]} {ROLE_NAMES[r]}" for r in roles)
        role_reason = f"the header names {counts} columns"
    layout = find_layout(grid, header)
    fill_merged(grid, layout)
    colmap = map_columns(
        grid.rows[header],
        chosen_role,
        explicit[chosen_role],
        place,
        grid.first_row + header,
        grid.first_col,
    )
    rows = grid.rows
    columns: dict[str, Packed] = {}
    for field_name, j in colmap.columns.items():
        raw = [rows[i][j] if j < len(rows[i]) else None for i in layout.data]
        columns[field_name] = pack_column(normalise_column(raw))
    return Extracted(
        role=chosen_role,
        role_reason=role_reason,
        sheet=grid.sheet,
        sheets=summaries,
        sheet_choice=choice,
        header_row=grid.first_row + header,
        mapping=colmap.headers,
        unused=colmap.unused,
        row_numbers=[grid.first_row + i for i in layout.data],
        columns=columns,
        skipped=layout.skipped,
        missing=missing_groups(colmap.columns, requirements(chosen_role, require)),
    )
