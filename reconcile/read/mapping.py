"""Header cells -> canonical fields, by the config's explicit mapping first, then by synonyms."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from reconcile.errors import ConfigError, InputError
from reconcile.model import IND_FIELDS, PRISON_FIELDS, Role
from reconcile.read.cells import cell_text
from reconcile.read.config import InputConfig
from reconcile.read.layout import column_letter
from reconcile.read.synonyms import (
    FIELD_LABELS,
    SYNONYMS,
    Requirement,
    describe_group,
    header_key,
    synonym_index,
    synonym_rank,
)

ROLE_FIELDS: dict[Role, tuple[str, ...]] = {Role.PRISON: PRISON_FIELDS, Role.IND: IND_FIELDS}


@dataclass(frozen=True)
class ColumnMap:
    columns: dict[str, int]  # canonical field -> position in the row
    headers: dict[str, str]  # canonical field -> header text in the file
    unused: tuple[str, ...]  # headers of the columns no field took
    # Fields that two or more columns under the same header could each be, with the
    # positions of those columns (the first took the field): reading either would be a
    # guess (duplicates_message).
    duplicates: tuple[tuple[str, tuple[int, ...]], ...] = ()


# A config value naming a column by its letter rather than its header ("column F"): the one
# way to choose between two columns under the same header.
_BY_LETTER = re.compile(r"^\s*column\s+([a-z]{1,3})\s*$", re.I)


def letter_index(letters: str) -> int:
    """'A' -> 0, 'Z' -> 25, 'AA' -> 26 (column_letter's inverse)."""
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def explicit_columns(role: Role, config: InputConfig) -> dict[str, str]:
    """The config's [columns.<role>] mapping, checked against the role's fields."""
    mapping = config.prison_columns if role is Role.PRISON else config.ind_columns
    fields = ROLE_FIELDS[role]
    unknown = [f for f in mapping if f not in fields]
    if unknown:
        raise ConfigError(
            [
                f"[columns.{role.value}]: unknown field {f!r} (known: {', '.join(fields)})"
                for f in unknown
            ]
        )
    return {f: h for f, h in mapping.items() if h.strip()}


def match_index(role: Role, explicit: dict[str, str]) -> dict[str, str]:
    """Header key -> field: the synonyms, plus the explicitly mapped headers."""
    return {**synonym_index(role), **{header_key(h): f for f, h in explicit.items()}}


def _label(value: object, position: int) -> str:
    text = cell_text(value)
    return text if text else f"(column {column_letter(position)})"


def _lettered(value: object, position: int) -> str:
    """A header with its column's letter: "'Surname' (column K)"."""
    return f"{cell_text(value)!r} (column {column_letter(position)})"


def map_columns(
    header: list[object],
    role: Role,
    explicit: dict[str, str],
    where: str,
    header_row: int,
    first_col: int = 0,
    config_file: str = "",
) -> ColumnMap:
    """Map a header row; a configured header that the row lacks is an InputError, naming
    ``config_file`` (the config file's name as given) when there is one."""
    texts = [cell_text(v) for v in header]
    keys = [header_key(t) for t in texts]
    columns: dict[str, int] = {}
    duplicates: list[tuple[str, tuple[int, ...]]] = []
    for field_name, wanted in explicit.items():
        exact = [j for j, t in enumerate(texts) if t.casefold() == wanted.strip().casefold()]
        loose = [j for j, k in enumerate(keys) if k and k == header_key(wanted)]
        found = (exact or loose)[:1]
        letter = _BY_LETTER.match(wanted)
        if not found and letter:
            position = letter_index(letter.group(1)) - first_col
            if 0 <= position < len(texts):
                found = [position]
        if not found:
            raise InputError(
                _not_found(
                    where,
                    role,
                    field_name,
                    wanted,
                    texts,
                    header_row,
                    first_col,
                    letter,
                    config_file,
                )
            )
        columns[field_name] = found[0]
        alike = exact or loose
        if not letter and len(alike) > 1:  # the header names two columns: either could be it
            duplicates.append((field_name, tuple(alike)))
    taken = set(columns.values())
    explicit_taken = set(columns)
    index = synonym_index(role)
    # Columns in order of how plainly their header names a field ("Date referral received"
    # before a "Referred" flag column), then left to right.
    ranked = sorted(range(len(keys)), key=lambda j: (synonym_rank(role, keys[j]), j))
    alike_columns: dict[str, list[int]] = {}
    for j in ranked:
        synonym = index.get(keys[j])
        if j in taken or synonym is None:
            continue
        if synonym in columns:
            # The same header twice (not a plainer and a lesser name for one field): which
            # column is the field is anyone's guess.
            if synonym not in explicit_taken and keys[columns[synonym]] == keys[j]:
                alike_columns.setdefault(synonym, [columns[synonym]]).append(j)
            continue
        columns[synonym] = j
        taken.add(j)
    duplicates += [(f, tuple(positions)) for f, positions in alike_columns.items()]
    order = {f: i for i, f in enumerate(ROLE_FIELDS[role])}
    columns = dict(sorted(columns.items(), key=lambda item: order[item[0]]))
    headers = {f: _label(header[j], first_col + j) for f, j in columns.items()}
    repeated = {k for k, n in Counter(keys).items() if k and n > 1}
    unused = tuple(
        _lettered(header[j], first_col + j)
        if keys[j] in repeated
        else _label(header[j], first_col + j)
        for j in range(len(header))
        if j not in taken and texts[j]
    )
    return ColumnMap(columns, headers, unused, tuple(duplicates))


def _section(role: Role, config_file: str) -> str:
    """The config table a column mapping is under, and the file it is in when known."""
    if config_file:
        return f"([columns.{role.value}] in {config_file})"
    return f"([columns.{role.value}])"


def _not_found(
    where: str,
    role: Role,
    field_name: str,
    wanted: str,
    texts: list[str],
    header_row: int,
    first_col: int,
    letter: re.Match[str] | None,
    config_file: str = "",
) -> str:
    """Why a configured header is not in the header row: a letter past the sheet's last
    column, or a header the row lacks, with the header it is closest to (a typing slip)."""
    start = f"{where}: the config maps {field_name} to "
    section = _section(role, config_file)
    if letter:
        last = column_letter(first_col + len(texts) - 1) if texts else "none"
        return (
            f"{start}{wanted!r} {section} but the sheet's columns run from "
            f"{column_letter(first_col)} to {last}; correct the letter in the config"
        )
    listed = ", ".join(repr(t) for t in texts if t) or "none"
    keys = {header_key(t): t for t in texts if t}
    close = difflib.get_close_matches(header_key(wanted), list(keys), n=1, cutoff=0.75)
    hint = f"; did you mean {keys[close[0]]!r}?" if close else ""
    return (
        f"{start}the header {wanted!r} {section} but the header row (row "
        f"{header_row}) has no such column{hint}; its headers are {listed}; correct the config"
    )


def duplicates_message(
    where: str, role: Role, header: list[object], found: ColumnMap, first_col: int = 0
) -> str:
    """Why the run stops when two columns under one header could each be a field, and how to
    choose: remove or rename one, or map the one to use by its letter in the config."""
    parts = []
    for field_name, positions in found.duplicates:
        listed = " and ".join(_lettered(header[j], first_col + j) for j in positions)
        label = FIELD_LABELS.get(field_name, field_name)
        count = "two" if len(positions) == 2 else f"{len(positions)}"
        parts.append(f"{count} columns could each be the {label}: {listed}")
    field_name, positions = found.duplicates[0]
    letter = column_letter(first_col + positions[0])
    return (
        f"{where}: {'; '.join(parts)}; reading one would be a guess. Remove the column not "
        f"wanted or rename it, or name the one to use by its letter in the config under "
        f'[columns.{role.value}], e.g. {field_name} = "column {letter}"'
    )


def missing_groups(mapped: set[str] | dict[str, int], groups: tuple[Requirement, ...]) -> list:
    """The requirement groups none of whose fields is mapped."""
    return [g for g in groups if not any(f in mapped for f in g)]


def _looked_for(role: Role, group: Requirement) -> str:
    names: list[str] = []
    for field_name in group:
        synonyms = SYNONYMS[role].get(field_name, (field_name,))
        names.extend(repr(s) for s in synonyms[:2])
    return ", ".join(names) + ", ..."


def _as_config(group: Requirement) -> str:
    return " or ".join(f'{f} = "<header>"' for f in group)


def looked_for(role: Role, missing: list[Requirement]) -> list[str]:
    """Each missing group and the headers looked for: "release date (looked for ...)"."""
    return [f"{describe_group(g)} (looked for {_looked_for(role, g)})" for g in missing]


def missing_message(
    where: str, role: Role, missing: list[Requirement], unused: tuple[str, ...] = ()
) -> str:
    """One line naming every missing required column and how to map it, and the headers no
    field took (one of them is often the column wanted, under a name not recognised)."""
    parts = looked_for(role, missing)
    section = f"[columns.{role.value}]"
    if len(missing) == 1:
        text = (
            f"{where}: no column for {parts[0]}; rename the column or map it in the config "
            f"under {section} as {_as_config(missing[0])}"
        )
    else:
        text = (
            f"{where}: no column for {' nor for '.join(parts)}; rename the columns or map them "
            f"in the config under {section}, e.g. {_as_config(missing[0])}"
        )
    if unused:
        text += f" (columns not used: {', '.join(repr(h) for h in unused)})"
    return text
