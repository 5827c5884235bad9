"""Run settings: frozen dataclasses, loaded from a TOML file and the command line.

Every problem in a config file is collected and reported together, each naming
the file, the table and the key.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reconcile.errors import ConfigError
from reconcile.link.config import LinkerConfig
from reconcile.read.config import DATE_ORDERS, SENTENCE_UNITS, InputConfig, LimitsConfig
from reconcile.write.config import OutputConfig


@dataclass(frozen=True)
class AuditConfig:
    name: str = "Foreign national prisoner reconciliation"
    as_of: date | None = None  # None = today
    seed: int = 2006


@dataclass(frozen=True)
class Config:
    """Everything a config file can say. Tables: [audit], [policy], [input], [columns.prison],
    [columns.ind], [linker], [limits], [output]."""

    audit: AuditConfig = field(default_factory=AuditConfig)
    policy: str = "2006"  # preset name, or a path to a policy TOML file
    input: InputConfig = field(default_factory=InputConfig)
    linker: LinkerConfig = field(default_factory=LinkerConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    source: Path | None = None  # the config file, if any


@dataclass(frozen=True)
class RunSettings:
    prison_path: Path
    ind_path: Path
    outdir: Path
    config: Config
    as_of: date
    force: bool = False
    decisions_path: Path | None = None
    progress: bool = False  # show progress bars (stderr, terminals only)


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


def _convert(value: Any, tp: Any, where: str, problems: list[str]) -> Any:
    """Convert a TOML value to the annotated type, or record a problem and return None."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(value, args[0], where, problems) if len(args) == 1 else value
    if tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tp is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif tp is str:
        if isinstance(value, str):
            return value
    elif tp is date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        problems.append(f"{where}: expected a date such as 2006-03-31, got {value!r}")
        return None
    elif origin is dict:
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return dict(value)
        problems.append(f"{where}: expected a table of text values")
        return None
    else:
        return value
    problems.append(f"{where}: expected {_type_name(tp)}, got {value!r}")
    return None


def build_dataclass(cls: Any, data: dict[str, Any], where: str, problems: list[str]) -> Any:
    """Build a frozen dataclass from a TOML table; unknown keys and bad types become problems."""
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            known = ", ".join(sorted(names))
            problems.append(f"{where}: unknown setting {key!r} (known: {known})")
            continue
        converted = _convert(value, hints[key], f"{where}.{key}", problems)
        if converted is not None:
            kwargs[key] = converted
    return cls(**kwargs)


def load_config(path: Path | None) -> Config:
    """Read a config file (or return the defaults). Raises ConfigError listing every problem."""
    if path is None:
        return Config()
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found; check the path given to --config")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid TOML file ({exc}); fix it and run again") from None
    problems: list[str] = []
    name = path.name
    sections: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("audit", "linker", "limits", "output"):
            if not isinstance(value, dict):
                problems.append(f"{name}: [{key}] must be a table")
                continue
            cls = {
                "audit": AuditConfig,
                "linker": LinkerConfig,
                "limits": LimitsConfig,
                "output": OutputConfig,
            }[key]
            sections[key] = build_dataclass(cls, value, f"{name} [{key}]", problems)
        elif key == "policy":
            if isinstance(value, str):
                sections["policy"] = value
            elif isinstance(value, dict) and isinstance(value.get("name"), str):
                sections["policy"] = value["name"]
            else:
                problems.append(f"{name}: policy must be a preset name or a file path")
        elif key in ("input", "columns"):
            continue
        else:
            problems.append(
                f"{name}: unknown table [{key}] (known: audit, policy, input, columns, "
                "linker, limits, output)"
            )
    input_data = dict(data.get("input", {})) if isinstance(data.get("input"), dict) else {}
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        problems.append(f"{name}: [columns] must hold [columns.prison] and [columns.ind]")
        columns = {}
    for role in columns:
        if role not in ("prison", "ind"):
            problems.append(f"{name}: unknown table [columns.{role}] (known: prison, ind)")
    for role in ("prison", "ind"):
        if role in columns:
            input_data[f"{role}_columns"] = columns[role]
    sections["input"] = build_dataclass(InputConfig, input_data, f"{name} [input]", problems)
    unit = input_data.get("sentence_unit")
    if unit is not None and unit not in ("", *SENTENCE_UNITS):
        problems.append(
            f"{name} [input]: sentence_unit must be one of "
            f"{', '.join(map(repr, SENTENCE_UNITS))}, not {unit!r}"
        )
    limit = input_data.get("unreadable_limit")
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int | float) or not 0 < limit <= 1
    ):
        problems.append(
            f"{name} [input]: unreadable_limit must be a share above 0 and at most 1 (0.5: "
            f"stop when over half a column cannot be read; 1: never stop), not {limit!r}"
        )
    for key in ("prison_date_order", "ind_date_order"):
        order = input_data.get(key)
        if order is not None and order not in DATE_ORDERS:
            problems.append(
                f"{name} [input]: {key} must be one of {', '.join(map(repr, DATE_ORDERS))}, "
                f"not {order!r}"
            )
    if problems:
        raise ConfigError(problems)
    # A relative policy path is relative to the config file.
    policy = sections.get("policy")
    if isinstance(policy, str) and policy.endswith(".toml"):
        candidate = (path.parent / policy).resolve()
        if candidate.exists():
            sections["policy"] = str(candidate)
    return Config(source=path.resolve(), **sections)
