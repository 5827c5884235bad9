"""The run's settings and inputs as plain data (JSON-ready), for the manifest and the workbook."""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from reconcile.model import SourceInfo
from reconcile.result import RunResult


def plain(value: Any) -> Any:
    """Dataclasses, paths, dates, enums, tuples and sets as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN is not valid JSON
        return None
    return value


def settings_dict(result: RunResult) -> dict[str, Any]:
    """The settings in full: the configuration and the command's options that shape the
    results (--force and progress bars change nothing in the outputs, so they are left out and
    a rerun with --force gives the same bytes)."""
    s = result.settings
    config = plain(s.config)
    config["output"]["file_mode"] = oct(s.config.output.file_mode)
    return {
        "prison_path": str(s.prison_path),
        "ind_path": str(s.ind_path),
        "outdir": str(s.outdir),
        "as_of": s.as_of.isoformat(),
        "decisions_path": str(s.decisions_path) if s.decisions_path else None,
        "config": config,
    }


def input_dict(src: SourceInfo) -> dict[str, Any]:
    """One input as read: where it is, its hash, and how it was read."""
    return {
        "role": src.role.value,
        "path": str(src.path),
        "file": src.file,
        "sha256": src.sha256,
        "size": src.size,
        "rows": src.rows,
        "sheet": src.sheet,
        "sheet_choice": src.sheet_choice,
        "format": src.format,
        "encoding": src.encoding,
        "header_row": src.header_row,
        "mapping": dict(src.mapping),
        "unused_columns": list(src.unused_columns),
        "skipped_rows": [plain(r) for r in src.skipped],
        # Several sheets read as one extract: each sheet, its header row, and each skipped
        # row's sheet.
        **(
            {
                "sheets": list(src.sheets),
                "header_rows": list(src.sheet_headers),
                "skipped_row_sheets": list(src.skipped_sheets),
            }
            if src.sheets
            else {}
        ),
    }


def flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested data as (dotted key, value) pairs for a two-column listing; numbers stay
    numbers, everything else becomes text."""
    if isinstance(data, dict):
        if not data:
            return [(prefix, "(none)")] if prefix else []
        pairs: list[tuple[str, Any]] = []
        for key, value in data.items():
            pairs += flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return pairs
    if isinstance(data, list) and any(isinstance(v, dict | list) for v in data):
        pairs = []
        for n, value in enumerate(data, start=1):
            pairs += flatten(value, f"{prefix}[{n}]")
        return pairs
    if isinstance(data, list):
        return [(prefix, ", ".join(str(v) for v in data) or "(none)")]
    if isinstance(data, int | float) and not isinstance(data, bool):
        return [(prefix, data)]
    return [(prefix, "" if data is None else str(data))]
