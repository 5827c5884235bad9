"""Read a policy: a preset shipped in the package, or a TOML file.

A policy file may start from a preset (``[policy] base = "2006"``) and change only what
differs. Every problem in the file is collected and reported together, each naming the
file, the table and the key, and saying what to do.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import tomllib
import unicodedata
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from reconcile.errors import ConfigError
from reconcile.pathtext import check_path_text
from reconcile.rules.derived import dropped_dates
from reconcile.rules.membership import THRESHOLD_CLASSES
from reconcile.rules.policy import (
    BEFORE_CHOICES,
    S7_CHOICES,
    UNKNOWN_CHOICES,
    Aggregation,
    Period,
    Policy,
)
from reconcile.rules.render import toml_value

PRESETS: tuple[str, ...] = ("2006", "2006-eea", "ukba-2007")
DEFAULT_PRESET = "2006"

# table -> key -> expected kind ("text", "bool", "count", "date", "classes", or a choice tuple)
_SCHEMA: dict[str, dict[str, Any]] = {
    "policy": {
        "name": "text",
        "version": "version",
        "title": "text",
        "description": "text",
        "base": "text",
        "commencement": "date",
        "before_commencement": BEFORE_CHOICES,
    },
    "scope": {
        "court_recommendation": "bool",
        "british_out_of_scope": "bool",
        "unknown_nationality": UNKNOWN_CHOICES,
        "life_counts": "bool",
        "exclude_suspended": "bool",
        "single_sentence": "bool",
        "under_18_excluded": "bool",
        "s7_exemption": S7_CHOICES,
    },
    "aggregation": {
        "enabled": "bool",
        "within_years": "count",
        "max_earlier": "count",
        "classes": "classes",
    },
    "deadline": {"days_before_release": "count", "earlier_custody_counts": "bool"},
}
_TABLES = (*_SCHEMA, "thresholds")


def _preset_text(name: str) -> str:
    return resources.files("reconcile.rules").joinpath("presets", f"{name}.toml").read_text("utf-8")


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{where}: not a valid TOML policy file ({exc}); fix it and run again"
        ) from None


def _check_value(value: Any, kind: Any, where: str) -> str | None:
    """A problem with one value, in words, or None when it is fine."""
    if isinstance(kind, tuple):
        if value in kind:
            return None
        return f"{where}: {value!r} is not allowed; use one of {', '.join(kind)}"
    if kind == "version" and isinstance(value, int) and not isinstance(value, bool):
        return None  # version = 2 reads as "2"
    if kind in ("text", "version") and not (isinstance(value, str) and value.strip()):
        return f"{where}: expected some text in quotes, got {value!r}"
    if kind in ("text", "version") and (code := _control(value, where)) is not None:
        return f"{where}: {value!r} holds a control character ({code}); {_NO_CONTROL}"
    if kind == "bool" and not isinstance(value, bool):
        return f"{where}: expected true or false, got {value!r}"
    if kind == "count" and not (isinstance(value, int) and not isinstance(value, bool)):
        return f"{where}: expected a whole number such as 0 or 5, got {value!r}"
    if kind == "count" and value < 0:
        return f"{where}: expected zero or more, got {value!r}"
    most = _MOST.get(where.rsplit(" ", 1)[-1])
    if kind == "count" and most is not None and value > most[0]:
        return f"{where}: {value:,} is more than {most[0]:,} {most[1]}; give a smaller number"
    if kind == "date" and (isinstance(value, datetime) or not isinstance(value, date)):
        return f"{where}: expected a date written as 2008-08-01 (no quotes, no time), got {value!r}"
    if kind == "classes":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f'{where}: expected a list such as ["non_eea"], got {value!r}'
        bad = [v for v in value if v not in THRESHOLD_CLASSES]
        if bad:
            return (
                f"{where}: unknown nationality class {bad[0]!r}; use {', '.join(THRESHOLD_CLASSES)}"
            )
    return None


# The largest count a key may take, and why: dates this far apart are the most the rules
# can reach back from a release date (the extracts' dates start in 1880).
_MOST: dict[str, tuple[int, str]] = {
    "within_years": (100, "years (earlier sentences are looked for up to a century back)"),
    "days_before_release": (3_650, "days (ten years before release)"),
}
# The longest sentence threshold, in months: a hundred years.
MAX_MONTHS = 1_200

_NO_CONTROL = (
    "the outputs cite the policy by this text, so write it with letters, digits, spaces and "
    "punctuation only"
)


def _control(text: str, where: str) -> str | None:
    """The first control character of ``text`` as a code ('U+0000'), or None when there is
    none. A description may run over lines (tabs and line ends are allowed in it)."""
    allowed = "\t\n\r" if where.endswith(" description") else ""
    for ch in text:
        if unicodedata.category(ch) == "Cc" and ch not in allowed:
            return f"U+{ord(ch):04X}"
    return None


# The keys of a threshold limited in time: irish = { months = 24, until = 2007-02-01 }.
_DATED_KEYS: tuple[str, ...] = ("months", "from", "until")


def _dated_example(cls: str) -> str:
    return f"{cls} = {{ months = 24, until = 2007-02-01 }}"


def _months_problem(months: Any) -> str | None:
    """Why a threshold's months cannot be used, in words, or None when they can."""
    if isinstance(months, bool) or not isinstance(months, int | float):
        return "expected a number of months such as 12"
    if not math.isfinite(months) or months < 0:  # nan, inf, -1
        return "expected a number of months such as 12"
    if months > MAX_MONTHS:
        return f"expected at most {MAX_MONTHS:,} months (a hundred years)"
    return None


def _check_months(months: Any, where: str, problems: list[str]) -> None:
    problem = _months_problem(months)
    if problem is not None:
        problems.append(f"{where}: {problem}, got {months!r}")


def _check_dated(cls: str, table: dict[str, Any], where: str, problems: list[str]) -> None:
    """A threshold limited in time: months, and the release dates it applies to."""
    example = _dated_example(cls)
    for key in table:
        if key not in _DATED_KEYS:
            problems.append(
                f"{where} {cls}: {key!r} is not a setting of a threshold; the settings are "
                f"months, from (the first release day it applies to) and until (the day it "
                f"stops applying), as in {example}"
            )
    if "months" not in table:
        problems.append(f"{where} {cls}: months missing; write it as in {example}")
    else:
        _check_months(table["months"], f"{where} {cls}.months", problems)
    days: dict[str, date] = {}
    for key in ("from", "until"):
        value = table.get(key)
        if value is None:
            continue
        if isinstance(value, datetime) or not isinstance(value, date):
            problems.append(
                f"{where} {cls}.{key}: expected a date written as 2007-02-01 (no quotes, no "
                f"time), got {value!r}"
            )
        else:
            days[key] = value
    if "from" in days and "until" in days and days["from"] >= days["until"]:
        problems.append(
            f"{where} {cls}: from = {days['from'].isoformat()} is not before until = "
            f"{days['until'].isoformat()}; the threshold applies to releases on or after from "
            "and before until, so give from the earlier day"
        )


def _check_thresholds(table: Any, where: str, problems: list[str]) -> None:
    if not isinstance(table, dict):
        problems.append(f"{where}: must be a table of nationality class = months")
        return
    for cls, months in table.items():
        if cls not in THRESHOLD_CLASSES:
            problems.append(
                f"{where} {cls}: unknown nationality class; use {', '.join(THRESHOLD_CLASSES)}"
                " (leave a class out to keep it out of scope on sentence length)"
            )
        elif months is False:
            continue  # false: this class is not in scope on sentence length
        elif isinstance(months, dict):
            _check_dated(cls, months, where, problems)
        elif (problem := _months_problem(months)) is not None:
            problems.append(
                f"{where} {cls}: {problem} (or false), got {months!r}; a threshold for some "
                f"release dates only is written {_dated_example(cls)}"
            )


def check(data: dict[str, Any], file: str) -> list[str]:
    """Every problem in a parsed policy file."""
    problems: list[str] = []
    for table, content in data.items():
        where = f"{file} [{table}]"
        if table not in _TABLES:
            problems.append(f"{where}: unknown table; the tables are {', '.join(_TABLES)}")
        elif table == "thresholds":
            _check_thresholds(content, where, problems)
        elif not isinstance(content, dict):
            problems.append(f"{where}: must be a table, written [{table}] on its own line")
        else:
            schema = _SCHEMA[table]
            for key, value in content.items():
                if key not in schema:
                    known = ", ".join(schema)
                    problems.append(f"{where} {key}: unknown setting; the settings are {known}")
                elif (problem := _check_value(value, schema[key], f"{where} {key}")) is not None:
                    problems.append(problem)
    found = data.get("policy")
    head: dict[str, Any] = found if isinstance(found, dict) else {}
    for key in ("name", "version"):
        if key not in head:
            problems.append(f"{file} [policy] {key}: missing; every policy needs a {key}")
    base = head.get("base")
    if isinstance(base, str) and base not in PRESETS:
        problems.append(f"{file} [policy] base: {base!r} is not a preset; use {', '.join(PRESETS)}")
    return problems


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for table, content in over.items():
        if isinstance(content, dict):
            merged.setdefault(table, {}).update(content)
    return merged


def build(data: dict[str, Any], source: str) -> Policy:
    """A Policy from checked tables."""
    head, scope = data.get("policy", {}), data.get("scope", {})
    agg, deadline = data.get("aggregation", {}), data.get("deadline", {})
    thresholds: dict[str, Any] = data.get("thresholds", {})
    return Policy(
        name=head["name"],
        version=str(head["version"]),
        title=head.get("title", ""),
        description=" ".join(head.get("description", "").split()),
        commencement=head.get("commencement"),
        before_commencement=head.get("before_commencement", "out_of_scope"),
        court_recommendation=scope.get("court_recommendation", True),
        british_out_of_scope=scope.get("british_out_of_scope", True),
        unknown_nationality=scope.get("unknown_nationality", "non_eea"),
        life_counts=scope.get("life_counts", True),
        exclude_suspended=scope.get("exclude_suspended", False),
        single_sentence=scope.get("single_sentence", False),
        under_18_excluded=scope.get("under_18_excluded", False),
        s7_exemption=scope.get("s7_exemption", "off"),
        thresholds={c: float(_months(m)) for c, m in thresholds.items() if m is not False},
        threshold_periods={
            c: Period(m.get("from"), m.get("until"))
            for c, m in thresholds.items()
            if isinstance(m, dict) and (m.get("from") or m.get("until"))
        },
        aggregation=Aggregation(
            enabled=agg.get("enabled", False),
            within_years=agg.get("within_years", 5),
            max_earlier=agg.get("max_earlier", 2),
            classes=tuple(agg.get("classes", ("non_eea",))),
        ),
        deadline_days=deadline.get("days_before_release", 0),
        earlier_custody_counts=deadline.get("earlier_custody_counts", True),
        source=source,
    )


def _months(value: Any) -> Any:
    """The months of a checked threshold: 12, or the months of a dated one."""
    return value["months"] if isinstance(value, dict) else value


def _preset_data(name: str) -> dict[str, Any]:
    data = _parse(_preset_text(name), f"preset {name}")
    problems = check(data, f"preset {name}")
    if problems:  # a broken shipped preset is a fault in reconcile, not in the user's input
        raise ConfigError(problems)
    return data


def load_policy(name_or_path: str) -> Policy:
    """A preset by name ("2006", "2006-eea", "ukba-2007") or a policy TOML file by path."""
    if name_or_path in PRESETS:
        return build(_preset_data(name_or_path), f"preset {name_or_path}")
    from reconcile.settings import lookup_problem, settings_text

    path = Path(name_or_path)
    check_path_text(path, "policy file")  # the manifest and workbook record it
    if (unreachable := lookup_problem(path, "policy file")) is not None:
        raise ConfigError(unreachable)
    if not path.is_file():
        close = difflib.get_close_matches(name_or_path, PRESETS, n=1, cutoff=0.75)
        hint = f"did you mean {close[0]!r}? Otherwise " if close else ""
        raise ConfigError(
            f"policy {name_or_path!r}: neither a preset ({', '.join(PRESETS)}) nor a policy file "
            f"that exists; {hint}give a preset name or the path of a .toml policy file"
        )
    try:
        text = settings_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the policy file ({exc}); check the file") from None
    data = _parse(text, str(path))
    problems = check(data, path.name)
    if problems:
        raise ConfigError(problems)
    base = data.get("policy", {}).get("base")
    notes: list[str] = []
    if base:
        preset = _preset_data(base)
        notes = dropped_dates(preset, data, path.name, base)
        data = _merge(preset, data)
        data["policy"].pop("base", None)
    policy = dataclasses.replace(build(data, str(path)), notes=tuple(notes))
    clash = _preset_clash(policy, path.name)
    if clash is not None:
        raise ConfigError(clash)
    return policy


def policy_problems(name_or_path: str) -> list[str]:
    """Every problem with a preset name or a policy file, as load_policy would report them."""
    try:
        load_policy(name_or_path)
    except ConfigError as exc:
        return exc.problems
    return []


def _preset_clash(policy: Policy, file: str) -> str | None:
    """A policy file that calls itself a preset (same name and version) must be that preset:
    the name and version are what the outputs cite."""
    if policy.name not in PRESETS:
        return None
    preset = build(_preset_data(policy.name), f"preset {policy.name}")
    if policy.version != preset.version:
        return None
    mine, theirs = policy.settings(), preset.settings()
    changed = [
        f"[{table}] {key} = {_shown(mine.get(table, {}).get(key))} "
        f"(the preset has {_shown(theirs.get(table, {}).get(key))})"
        for table in dict.fromkeys([*theirs, *mine])
        for key in dict.fromkeys([*theirs.get(table, {}), *mine.get(table, {})])
        if mine.get(table, {}).get(key) != theirs.get(table, {}).get(key)
    ]
    if not changed:
        return None
    return (
        f'{file}: [policy] name = "{policy.name}" and version = "{policy.version}" are those of '
        f"the built-in preset {policy.name}, but this file differs from it: "
        f"{'; '.join(changed)}. The outputs cite a policy by its name and version, so give "
        f'this one another name or version (e.g. version = "{policy.version}-local") to show '
        "it is not the published rule"
    )


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):  # a dated threshold, as the file writes it
        return toml_value(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
