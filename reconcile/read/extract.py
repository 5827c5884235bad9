"""From the sheets of a file to mapped columns: sheet choice, header, data rows, mapping.

Pure over Grids, so CSV files (read in-process) and workbooks (read in the isolated
reader process) share it. The result is kept cheap to pickle: only mapped columns,
packed (see cells.pack_column).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from itertools import zip_longest
from typing import Literal

from reconcile.errors import InputError
from reconcile.model import Cell, Role, SkippedRow, rows_by_sheet
from reconcile.read.cells import Packed, cell_text, is_blank, normalise_column, pack_column
from reconcile.read.config import InputConfig
from reconcile.read.layout import (
    HEADER_SCAN_FAR,
    Grid,
    Layout,
    column_letter,
    fill_merged,
    find_header,
    find_layout,
    join_header_rows,
    row_is_blank,
)
from reconcile.read.mapping import (
    duplicates_message,
    explicit_columns,
    looked_for,
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
    # The roles whose every required column the sheet's header names, with rows below it: a
    # sheet that could be read as that extract on its own.
    readable_as: frozenset[Role] = frozenset()
    data_rows: int = 0  # rows below the header that are not blank


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
    role_scores: dict[Role, int] = field(default_factory=dict)  # fields each role's header names
    # Data cells holding formulas whose results were not saved with the workbook (they read
    # as empty): their references, in file order.
    blank_formulas: tuple[str, ...] = ()
    # Data cells of mapped columns showing a formula error (#N/A), which read as empty: each
    # cell's sheet, row, field, column letter and what it shows, in row order per sheet.
    error_cells: tuple[tuple[str, int, str, str, str], ...] = ()
    # Other sheets that each hold a whole extract too, as a problem in words ("" when none):
    # the run refuses to read one of them alone (see several_extracts).
    several_extracts: str = ""
    # Read as one extract from several sheets (ALL_SHEETS): each sheet and its rows, in
    # order (empty when one sheet was read); and the sheet of each skipped row.
    parts: tuple[tuple[str, int], ...] = ()
    skipped_sheets: tuple[str, ...] = ()
    part_headers: tuple[int, ...] = ()  # then: each sheet's header row, as ``parts``
    # Then also each sheet's mapped fields' columns (as ``positions``): a sheet's columns may
    # stand in another order, or start in another column, than the first sheet's.
    part_positions: tuple[dict[str, int], ...] = ()
    # Under a pattern, the workbook's sheets it does not name, in workbook order.
    unnamed: tuple[str, ...] = ()
    # Each mapped field's column, as an index into the sheet's columns (0 = column A).
    positions: dict[str, int] = field(default_factory=dict)
    # Two columns under one header that could each be a field, as a problem in words ("" when
    # none): the run refuses to guess (mapping.duplicates_message).
    duplicates: str = ""
    # The mapped fields whose column holds no value in any data row, and the groups of
    # fields the extract requires (one of each group).
    empty: tuple[str, ...] = ()
    required: tuple[Requirement, ...] = ()
    # Columns with no header that hold values in the data rows: (sheet column index, values,
    # the header merged over it from the column to its left, or "").
    headerless: tuple[tuple[int, int, str], ...] = ()
    # A header written over two rows (layout.join_header_rows): the upper row's number (0
    # when the header is one row).
    header_above: int = 0

    def part_rows(self) -> list[tuple[str, Sequence[int]]]:
        """Each sheet read and the row numbers of its data rows, in order."""
        return rows_by_sheet(self.sheet, self.row_numbers, self.parts)


# The sheet setting that reads every sheet holding the whole extract, one after another, as
# one extract: for an extract kept as one sheet per year or region, or one too long for a
# single sheet (Excel's limit is 1,048,576 rows). Excel allows no "*" or "?" in a sheet's
# name, so a setting holding either is a pattern: "2005*" reads the sheets named like it.
ALL_SHEETS = "*"


def is_pattern(wanted: str) -> bool:
    """Whether a sheet setting names sheets by a pattern ('*', '2005*', 'FNP ?')."""
    return "*" in wanted or "?" in wanted


def _named(sheets: list[str], wanted: str) -> list[str]:
    """The sheets a setting names (letter case and outer spaces aside), in workbook order:
    those matching it when it is a pattern, else those of its name."""
    key = wanted.strip().casefold()
    if is_pattern(wanted):
        return [s for s in sheets if fnmatchcase(s.strip().casefold(), key)]
    return [s for s in sheets if s.strip().casefold() == key]


def _matching(name: str, sheets: list[str], pattern: str, role: Role) -> list[str]:
    """The sheets whose names match the pattern, in workbook order (_named); none is an
    InputError that lists the sheets."""
    matched = _named(sheets, pattern)
    if not matched:
        listed = ", ".join(repr(s) for s in sheets)
        raise InputError(
            f"{name}: no sheet's name matches {pattern!r}; the sheets are {listed}; give a "
            f"pattern that matches the extract's sheets ('*' for any characters, '?' for one), "
            f"or one sheet's name (--{role.value}-sheet, or {role.value}_sheet under [input] "
            f"in the config)"
        )
    return matched


def _every(pattern: str) -> str:
    """'every sheet' or 'every sheet named like '2005*''."""
    return "every sheet" if pattern == ALL_SHEETS else f"every sheet named like {pattern!r}"


def blank_formulas_message(place: str, refs: tuple[str, ...]) -> str:
    shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5:,} more" if len(refs) > 5 else "")
    return (
        f"{place}: {len(refs):,} cells of the data hold formulas whose results were not saved "
        f"with the file ({shown}), so they would read as empty; open the file in Excel or "
        "LibreOffice, save it, and run again"
    )


def where(name: str, sheet: str) -> str:
    return f"{name}, sheet {sheet!r}" if sheet else name


def _wanted_sheet(role: Role | None, config: InputConfig, sheets: list[str]) -> tuple[str, Role]:
    """The sheet named in the config for this role (for an unknown role: either name that the
    file has), and the role whose setting named it."""
    if role is not None:
        return (config.prison_sheet if role is Role.PRISON else config.ind_sheet), role
    named = [(s, r) for s, r in ((config.prison_sheet, Role.PRISON), (config.ind_sheet, Role.IND))]
    named = [(s, r) for s, r in named if s]
    present = [(s, r) for s, r in named if _named(sheets, s)]
    return (present or named or [("", Role.PRISON)])[0]


def _resolve_sheet(
    name: str, sheets: list[str], wanted: str, role: Role, config: InputConfig | None = None
) -> str:
    if wanted in sheets:
        return wanted
    folded = _named(sheets, wanted)
    if folded:
        return folded[0]
    listed = ", ".join(repr(s) for s in sheets)
    other = Role.IND if role is Role.PRISON else Role.PRISON
    theirs = "" if config is None else getattr(config, f"{other.value}_sheet")
    if theirs and not is_pattern(theirs) and _named(sheets, theirs):
        labels = {Role.PRISON: "prison extract", Role.IND: "IND extract"}
        raise InputError(
            f"{name}: this looks like the {labels[other]}, not the {labels[role]}: it has the "
            f"sheet {_named(sheets, theirs)[0]!r} that the config names for the "
            f"{labels[other]} ({other.value}_sheet), and no sheet named {wanted!r}; check "
            "that the files are given in the right order, the prison extract first and then "
            "the IND extract"
        )
    raise InputError(
        f"{name}: there is no sheet named {wanted!r}; the sheets are {listed}; give one of "
        f"these (--{role.value}-sheet, or {role.value}_sheet under [input] in the config)"
    )


Scores = dict[Role, tuple[int, int]]  # role -> (header row index, fields named)


def _choose_sheet(
    candidates: list[str],
    load: Callable[[str], Grid],
    indexes: dict[Role, dict[str, str]],
    roles: list[Role],
    readable: Callable[[Grid, Role, int], bool] | None = None,
) -> tuple[Grid, Scores, list[SheetSummary], Layout | None]:
    """Load each candidate sheet and keep the one whose header names most fields of `roles`
    (first wins); only the best grid stays in memory. ``readable(grid, role, header)``: whether
    the sheet's header names every column that role requires (asked when there are several
    candidates, so that a second complete extract is not passed over in silence). Also the
    chosen sheet's layout when it was found on the way (None otherwise)."""
    best: tuple[Grid, Scores, Layout | None] | None = None
    best_key = (-1, False, 0)
    summaries: list[SheetSummary] = []
    for position, sheet in enumerate(candidates):
        grid = load(sheet)
        scores = {role: find_header(grid, index) for role, index in indexes.items()}
        header, matched = max((scores[r] for r in roles), key=lambda s: s[1])
        header_row = grid.first_row + header if header >= 0 else 0
        readable_as: frozenset[Role] = frozenset()
        rows = 0
        layout = None
        if readable is not None and len(candidates) > 1 and header >= 0:
            layout = find_layout(grid, header)
            rows = len(layout.data)  # as they would be read
            if rows:
                readable_as = frozenset(
                    r for r in roles if scores[r][0] >= 0 and readable(grid, r, scores[r][0])
                )
        summaries.append(
            SheetSummary(sheet, len(grid.rows), header_row, matched, readable_as, rows)
        )
        # Of sheets whose headers name as many fields, one with rows below its header.
        key = (matched, rows > 0, -position)
        if best is None or key > best_key:
            best, best_key = (grid, scores, layout), key
    assert best is not None
    return best[0], best[1], summaries, best[2]


def several_extracts(name: str, chosen: str, summaries: list[SheetSummary], role: Role) -> str:
    """What is wrong ("" when nothing) when a sheet other than the one chosen could be read
    as the same extract: reading one sheet would leave the other's rows out without a word
    (an extract kept as one sheet per year, say)."""
    complete = [s for s in summaries if role in s.readable_as]
    if len(complete) < 2 or all(s.name == chosen for s in complete):
        return ""
    listed = ", ".join(
        f"{s.name!r} (header in row {s.header_row} naming {s.matched} columns, "
        f"{s.data_rows:,} rows below it)"
        for s in complete
    )
    what = ROLE_NAMES[role].replace("-", " ")
    return (
        f"{name}: {len(complete)} sheets each hold a whole {what}: {listed}; "
        f"reading one would leave the rows of the others out. If they are parts of one extract "
        f"(years, regions, or rows beyond one sheet's limit), read them all as one: "
        f"--{role.value}-sheet '{ALL_SHEETS}' (--sheet '{ALL_SHEETS}' for inspect, or "
        f'{role.value}_sheet = "{ALL_SHEETS}" under [input] in the config); if only one is the '
        f"extract, name it the same way (--{role.value}-sheet NAME)"
    )


def _no_header(place: str, grid: Grid, role: Role) -> InputError:
    if all(row_is_blank(row) for row in grid.rows):
        return InputError(
            f"{place}: the sheet is empty; check that this is the right file"
            + (" and sheet ([input] in the config)" if grid.sheet else "")
        )
    looked = "'Surname', 'Date of birth', 'Prison number', 'Case reference'"
    return InputError(
        f"{place}: no header row found in the first {HEADER_SCAN_FAR} rows (no cell names a "
        f"known column such as {looked}); check that this is the right file, or map the "
        f"columns in the config under [columns.{role.value}]"
    )


def _sheet_choice(grid: Grid, summaries: list[SheetSummary], wanted: str, role: Role) -> str:
    """Why this sheet, in words ("" for a CSV file)."""
    if wanted:
        return f"named in the settings ({role.value}_sheet)"
    if not grid.sheet:
        return ""
    others = [s for s in summaries if s.name != grid.sheet]
    if not others:
        return "the only sheet"
    chosen = next(s for s in summaries if s.name == grid.sheet)
    listed = ", ".join(f"{s.name!r} {s.matched}" for s in others)
    start = (
        f"its header (row {chosen.header_row}) names {chosen.matched} {ROLE_NAMES[role]} columns"
    )
    equals = [s.name for s in others if s.matched == chosen.matched]
    if not equals:
        return f"{start}, more than any other sheet ({listed})"
    before = summaries.index(chosen) < min(summaries.index(s) for s in others if s.name in equals)
    which = "it comes first" if before else "it is the first with rows below its header"
    return (
        f"{start}, as many as {len(equals)} other sheet{'s' if len(equals) > 1 else ''} "
        f"({listed}); of those {which}"
    )


def _packed_columns(
    grid: Grid, header: int, data: list[int], columns: dict[str, int]
) -> tuple[dict[str, Packed], tuple[tuple[int, int, str], ...]]:
    """The mapped columns, packed; and the columns with no header that hold values in the
    data rows (see Extracted.headerless)."""
    rows = [grid.rows[i] for i in data]
    if len({len(row) for row in rows}) <= 1:  # a rectangular grid (workbooks): transpose in C
        transposed: list[Sequence[object]] = list(zip(*rows, strict=True))
    else:  # ragged CSV records: missing cells are empty
        transposed = list(zip_longest(*rows, fillvalue=None))
    packed: dict[str, Packed] = {}
    for field_name, j in columns.items():
        column = transposed[j] if j < len(transposed) else [None] * len(rows)
        packed[field_name] = pack_column(normalise_column(column))
    titles = grid.rows[header]
    headerless = []
    mapped = set(columns.values())
    for j, column in enumerate(transposed):
        if j in mapped or (j < len(titles) and not is_blank(titles[j])):
            continue
        values = len(column) - sum(1 for v in column if is_blank(v))
        if values:
            headerless.append((grid.first_col + j, values, _merged_over(grid, header, j)))
    return packed, tuple(headerless)


def _merged_over(grid: Grid, header: int, j: int) -> str:
    """The header cell merged over column j of the header row from a column to its left, as
    "'Name' (column B)" ("" when none)."""
    for r0, c0, r1, c1 in grid.merged:
        if r0 <= header <= r1 and c0 < j <= c1 and c0 < len(grid.rows[header]):
            text = cell_text(grid.rows[header][c0])
            return f"{text!r} (column {column_letter(grid.first_col + c0)})"
    return ""


def empty_fields(columns: dict[str, Packed]) -> tuple[str, ...]:
    """The fields whose column holds no value in any data row."""
    return tuple(f for f, (values, _, _) in columns.items() if values.count(None) == len(values))


def _header_joined(
    load: Callable[[str], Grid], indexes: list[dict[str, str]]
) -> Callable[[str], Grid]:
    """``load``, each sheet's header written over two rows joined into one (join_header_rows)
    before the header is looked for."""

    def joined(sheet: str) -> Grid:
        grid = load(sheet)
        join_header_rows(grid, indexes)
        return grid

    return joined


def extract(
    name: str,
    sheets: list[str],
    load: Callable[[str], Grid],
    role: Role | None,
    config: InputConfig,
    require: tuple[str, ...] | None = None,
) -> Extracted:
    """Choose the sheet, find the header and the data rows, map and pack the columns."""
    if not sheets:
        raise InputError(f"{name}: the workbook has no worksheets; check the file")
    roles = [role] if role is not None else [Role.PRISON, Role.IND]
    explicit = {r: explicit_columns(r, config) for r in Role}
    indexes = {r: match_index(r, explicit[r]) for r in Role}
    load = _header_joined(load, list(indexes.values()))
    if sheets == [""]:  # a CSV file: one unnamed table
        wanted, wanted_role = "", Role.PRISON
    else:
        wanted, wanted_role = _wanted_sheet(role, config, sheets)
    if is_pattern(wanted):
        named = _matching(name, sheets, wanted, wanted_role)
        read = _extract_all(name, named, load, role, config, require, wanted, wanted_role)
        return replace(read, unnamed=tuple(s for s in sheets if s not in named))
    candidates = [_resolve_sheet(name, sheets, wanted, wanted_role, config)] if wanted else sheets

    def readable(grid: Grid, r: Role, header: int) -> bool:
        try:
            mapped = map_columns(grid.rows[header], r, explicit[r], name, header + 1)
        except InputError:  # a configured header this sheet lacks: not this extract
            return False
        return not missing_groups(mapped.columns, requirements(r, require))

    grid, scores, summaries, seen = _choose_sheet(candidates, load, indexes, roles, readable)
    chosen_role = role or max(roles, key=lambda r: scores[r][1])  # ties: the prison extract
    header, matched = scores[chosen_role]
    place = where(name, grid.sheet)
    if matched == 0:
        raise _no_header(place, grid, chosen_role)
    several = several_extracts(name, grid.sheet, summaries, chosen_role)
    role_reason = ""
    if role is None:
        counts = ", ".join(f"{scores[r][1]} {ROLE_NAMES[r]}" for r in roles)
        role_reason = f"the header names {counts} columns"
    # The chosen sheet's layout, unless the sheets were compared under another header row.
    layout = seen if seen is not None and seen.header == header else find_layout(grid, header)
    fill_merged(grid, layout)
    try:
        colmap = map_columns(
            grid.rows[header],
            chosen_role,
            explicit[chosen_role],
            place,
            grid.first_row + header,
            grid.first_col,
            config.config_file,
        )
    except InputError as exc:
        # A header the config names for this extract is missing: say so when the file reads
        # better as the other extract (the two files given the other way round).
        other = Role.IND if chosen_role is Role.PRISON else Role.PRISON
        if role is not None and scores[other][1] > matched:
            mine, theirs = (ROLE_NAMES[r].replace("-", " ") for r in (chosen_role, other))
            raise InputError(
                f"{place}: this looks like the {theirs}, not the {mine} (its header names "
                f"{scores[other][1]} columns of the {theirs} and only {matched} of the {mine}); "
                "check that the files are given in the right order, the prison extract first "
                "and then the IND extract"
            ) from exc
        raise
    columns, headerless = _packed_columns(grid, header, layout.data, colmap.columns)
    duplicates = ""
    if colmap.duplicates:
        duplicates = duplicates_message(
            place, chosen_role, grid.rows[header], colmap, grid.first_col
        )
    return Extracted(
        role=chosen_role,
        role_reason=role_reason,
        sheet=grid.sheet,
        sheets=summaries,
        sheet_choice=_sheet_choice(grid, summaries, wanted, wanted_role if wanted else chosen_role),
        header_row=grid.first_row + header,
        mapping=colmap.headers,
        unused=colmap.unused,
        row_numbers=[grid.first_row + i for i in layout.data],
        columns=columns,
        skipped=layout.skipped,
        missing=missing_groups(colmap.columns, requirements(chosen_role, require)),
        role_scores={r: scores[r][1] for r in Role},
        several_extracts=several,
        positions={f: grid.first_col + j for f, j in colmap.columns.items()},
        duplicates=duplicates,
        empty=empty_fields(columns),
        required=requirements(chosen_role, require),
        headerless=headerless,
        header_above=grid.first_row + header - 1 if grid.joined_header == header else 0,
    )


def _extract_all(
    name: str,
    sheets: list[str],
    load: Callable[[str], Grid],
    role: Role | None,
    config: InputConfig,
    require: tuple[str, ...] | None,
    pattern: str = ALL_SHEETS,
    setting: Role | None = None,
) -> Extracted:
    """Every sheet (of those the sheet setting's pattern names) whose header names all the
    columns the extract needs, with rows below it, read in workbook order as one extract.
    Each sheet is parsed once and kept only while its columns are taken; the sheets must map
    the same columns, and a sheet that looks like a part but lacks a column stops the run
    (_lacking). ``setting``: the role whose sheet setting gave the pattern, as messages name
    it (the extract's role when not given; inspect with no role guesses the extract's role
    from the headers, and the setting can be the other one's)."""
    one_sheet = replace(config, prison_sheet="", ind_sheet="")
    roles = [role] if role is not None else [Role.PRISON, Role.IND]
    explicit = {r: explicit_columns(r, config) for r in roles}
    indexes = {r: match_index(r, explicit[r]) for r in roles}
    load = _header_joined(load, list(indexes.values()))
    parts: list[Extracted] = []
    summaries: list[SheetSummary] = []
    partial: list[_Lacking] = []  # sheets that look like parts but lack a column
    for sheet in sheets:
        grid = load(sheet)
        if role is None:  # inspect, no role given: the first sheet with a header decides
            scores = {r: find_header(grid, indexes[r])[1] for r in roles}
            if max(scores.values()) > 0:
                role = max(roles, key=lambda r: scores[r])  # ties: the prison extract
        header, matched = find_header(grid, indexes[role or Role.PRISON])
        rows, complete = 0, False
        if header >= 0 and role is not None:
            short = _lacking(
                name, grid, header, role, explicit[role], require, pattern, setting or role
            )
            complete = short is None
            if short:
                partial.append(short)
            if complete:
                part = extract(name, [sheet], _given(grid), role, one_sheet, require)
                rows = len(part.row_numbers)
                if rows:
                    parts.append(part)
        summaries.append(
            SheetSummary(
                sheet,
                len(grid.rows),
                grid.first_row + header if header >= 0 else 0,
                matched,
                frozenset([role]) if role is not None and complete and rows else frozenset(),
                rows,
            )
        )
        del grid
    role = role or Role.PRISON
    named_by = (setting or role).value
    what = ROLE_NAMES[role].replace("-", " ")
    if partial:
        raise InputError(partial[0].refusal([p.sheet for p in parts]))
    if not parts:
        listed = ", ".join(f"{s.name!r} ({s.matched} columns named)" for s in summaries)
        raise InputError(
            f"{name}: the settings ask for {_every(pattern)} holding the {what} "
            f"({named_by}_sheet = '{pattern}'), but no such sheet's header names all the "
            f"columns it needs with rows below it ({listed}); check the file, or name the "
            f"sheet (--{named_by}-sheet NAME)"
        )
    first = parts[0]
    for part in parts[1:]:
        if set(part.mapping) != set(first.mapping):
            lacking = sorted(set(first.mapping) - set(part.mapping))
            extra = sorted(set(part.mapping) - set(first.mapping))
            said = "; ".join(
                text
                for text in (
                    f"it has no column for {', '.join(lacking)}" if lacking else "",
                    f"only it has columns for {', '.join(extra)}" if extra else "",
                )
                if text
            )
            raise InputError(
                f"{where(name, part.sheet)}: the sheets read as one {what} must have the same "
                f"columns, and this one does not match sheet {first.sheet!r} ({said}); give "
                f"the sheets the same columns, or read one sheet (--{named_by}-sheet NAME)"
            )
    columns: dict[str, Packed] = {}
    for field_name in first.columns:
        values: list[Cell] = []
        dates: list[int] = []
        stamps: list[int] = []
        for part in parts:
            part_values, part_dates, part_stamps = part.columns[field_name]
            offset = len(values)
            values.extend(part_values)
            dates.extend(i + offset for i in part_dates)
            stamps.extend(i + offset for i in part_stamps)
        columns[field_name] = (values, dates, stamps)
    choice = _all_choice(parts, role, pattern, named_by)
    if len(parts) == 1:
        return replace(first, sheets=summaries, sheet_choice=choice)
    headerless: dict[int, tuple[int, str]] = {}
    for part in parts:
        for j, count, merged in part.headerless:
            before, over = headerless.get(j, (0, ""))
            headerless[j] = (before + count, over or merged)
    return replace(
        first,
        duplicates=next((p.duplicates for p in parts if p.duplicates), ""),
        empty=empty_fields(columns),
        headerless=tuple((j, n, m) for j, (n, m) in sorted(headerless.items())),
        sheet=" + ".join(p.sheet for p in parts),
        sheets=summaries,
        sheet_choice=choice,
        row_numbers=[n for p in parts for n in p.row_numbers],
        columns=columns,
        skipped=tuple(s for p in parts for s in p.skipped),
        skipped_sheets=tuple(p.sheet for p in parts for _ in p.skipped),
        parts=tuple((p.sheet, len(p.row_numbers)) for p in parts),
        part_headers=tuple(p.header_row for p in parts),
        part_positions=tuple(p.positions for p in parts),
    )


@dataclass(frozen=True)
class _Lacking:
    """A sheet read as part of an extract whose header names most of the columns it needs,
    but not all; with rows under it."""

    sheet: str
    role: Role
    problem: str  # what it lacks, and where to look
    configured: bool  # a header the config names, rather than any of the usual headers
    rows: int
    header_row: int
    named: int
    needed: int
    pattern: str  # the sheet setting
    setting: Role  # the role whose sheet setting it is

    def refusal(self, complete: list[str]) -> str:
        """Why the run stops. When other sheets (``complete``) have the column, the fix is
        this sheet's header; when none has it, mapping it in the config mends them all."""
        what = ROLE_NAMES[self.role].replace("-", " ")
        section = f"[columns.{self.role.value}]"
        if complete:
            fix = "give the column the header the other sheets use (add it if it is missing)"
        elif self.configured:
            fix = f"correct the header under {section} in the config"
        else:
            fix = f"rename the column, or map it in the config under {section}"
        return (
            f"{self.problem}. This sheet has {self.rows:,} rows under a header (row "
            f"{self.header_row}) naming {self.named} of the {self.needed} columns the {what} "
            f"needs, so it looks like part of the extract read from {_every(self.pattern)} "
            f"({self.setting.value}_sheet = '{self.pattern}'); left out, its rows would be missing "
            f"from the run. To read it, {fix}; if it is not part of the extract, name the "
            f"extract's sheets by a pattern that leaves it out ({self._pattern_for(complete)}) "
            f"or give a copy of the workbook without it; or read one sheet "
            f"(--{self.setting.value}-sheet NAME)"
        )

    def _pattern_for(self, complete: list[str]) -> str:
        """A pattern naming the complete sheets and not this one, from their names' common
        beginning ('FNP 2004', 'FNP 2005' -> 'FNP 200*'), or an example."""
        option = f"--{self.setting.value}-sheet"
        start = _common_start([s.casefold() for s in complete])
        if len(complete) > 1 and start.strip() and not self.sheet.casefold().startswith(start):
            return f"{option} '{complete[0][: len(start)]}*'"
        return f"{option} 'FNP*', say"


def _common_start(names: list[str]) -> str:
    """The longest beginning that all the names share ('' for none)."""
    return os.path.commonprefix(names)  # noqa: RUF071 - character by character is meant


def _lacking(
    name: str,
    grid: Grid,
    header: int,
    role: Role,
    explicit: dict[str, str],
    require: tuple[str, ...] | None,
    pattern: str,
    setting: Role,
) -> _Lacking | Literal[False] | None:
    """None when a sheet's header names every column the extract needs. A sheet with rows
    whose header names at least half of them (two or more) but not all is a part of the
    extract that lacks a column (_Lacking): passed over, its rows would be missing from the
    run without a word. Any other sheet (notes, totals, a header alone) is not a part: False."""
    place = where(name, grid.sheet)
    header_row = grid.first_row + header
    groups = requirements(role, require)
    configured: InputError | None = None
    try:
        mapped = map_columns(grid.rows[header], role, explicit, place, header_row, grid.first_col)
    except InputError as exc:  # a configured header this sheet lacks
        configured = exc
        mapped = map_columns(grid.rows[header], role, {}, place, header_row, grid.first_col)
    missing = missing_groups(mapped.columns, groups)
    if not missing and configured is None:
        return None
    named = len(groups) - len(missing)
    rows = sum(1 for row in grid.rows[header + 1 :] if not row_is_blank(row))
    if rows == 0 or named < 2 or 2 * named < len(groups):
        return False
    if configured is not None:
        problem = str(configured).removesuffix("; correct the config")
    else:
        problem = f"{place}: no column for {' nor for '.join(looked_for(role, missing))}"
        if mapped.unused:
            problem += f" (columns not used: {', '.join(repr(h) for h in mapped.unused)})"
    configured_header = configured is not None
    return _Lacking(
        grid.sheet,
        role,
        problem,
        configured_header,
        rows,
        header_row,
        named,
        len(groups),
        pattern,
        setting,
    )


def _given(grid: Grid) -> Callable[[str], Grid]:
    """A loader that gives the grid already loaded."""
    return lambda _sheet: grid


def _all_choice(parts: list[Extracted], role: Role, pattern: str, named_by: str) -> str:
    listed = ", ".join(
        f"{p.sheet!r} (header in row {p.header_row}, {len(p.row_numbers):,} rows)" for p in parts
    )
    what = ROLE_NAMES[role].replace("-", " ")
    return (
        f"{_every(pattern)} holding the whole {what}, read as one ({named_by}_sheet = "
        f"'{pattern}'): {listed}"
    )
