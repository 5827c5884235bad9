"""Run settings: frozen dataclasses, loaded from a TOML file and the command line.

Every problem in a config file is collected and reported together, each naming
the file, the table and the key.
"""

from __future__ import annotations

import calendar
import codecs
import dataclasses
import difflib
import encodings.aliases
import errno
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reconcile.errors import ConfigError
from reconcile.link.config import LinkerConfig
from reconcile.model import IND_FIELDS, PRISON_FIELDS
from reconcile.normalise.dates import MAX_YEAR, MIN_YEAR
from reconcile.pathtext import check_path_text
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
    # Where as_of was set, for messages: "the --as-of option", "[audit] as_of in audit.toml".
    as_of_from: str = ""


@dataclass(frozen=True)
class Span:
    """The values a numeric setting may take: lo..hi, each end included unless open."""

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    note: str = ""  # what the ends mean, added to the message

    def holds(self, value: float) -> bool:
        if self.lo is not None and (value <= self.lo if self.lo_open else value < self.lo):
            return False
        return self.hi is None or (value < self.hi if self.hi_open else value <= self.hi)

    def text(self) -> str:
        """In words: 'above 0 and at most 1', '1 to 1,000', '0 or more'."""
        lo = None if self.lo is None else _number(self.lo)
        hi = None if self.hi is None else _number(self.hi)
        if hi is None:
            return f"above {lo}" if self.lo_open else f"{lo} or more"
        if lo is None:
            return f"below {hi}" if self.hi_open else f"at most {hi}"
        if not self.lo_open and not self.hi_open:
            return f"{lo} to {hi}"
        low = f"above {lo}" if self.lo_open else f"at least {lo}"
        high = f"below {hi}" if self.hi_open else f"at most {hi}"
        return f"{low} and {high}"


def _number(value: float) -> str:
    """1000 -> '1,000', 0.5 -> '0.5'."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


_PROBABILITY = Span(0, 1, lo_open=True)
# table -> key -> the values it may take (checked in config files; the defaults all hold).
RANGES: dict[str, dict[str, Span]] = {
    "audit": {"seed": Span(0)},
    "linker": {
        "link_probability": _PROBABILITY,
        "review_probability": Span(0, 1, lo_open=True, hi_open=True),
        "dedupe_probability": _PROBABILITY,
        "ambiguity_margin": Span(0, 50),
        "em_iterations": Span(1, 1_000),
        "u_sample_pairs": Span(1_000, 10_000_000),
        "block_cap": Span(1, 1_000_000),
    },
    "limits": {
        "max_cells": Span(1),
        "max_uncompressed_mb": Span(1),
        "max_compression_ratio": Span(1),
        "max_cell_chars": Span(1, 1_000_000_000),
        "reader_timeout_s": Span(1),
        "reader_memory_mb": Span(256),
    },
    "output": {"evidence_max_sections": Span(0)},
}
# Settings of the dataclasses that a config file cannot set (filled in by the program).
_NOT_IN_FILES = {"encoding_from", "config_file"}


def did_you_mean(word: str, known: typing.Iterable[str]) -> str:
    """'; did you mean 'surname'?' when a known word is close, else ''."""
    close = difflib.get_close_matches(word.casefold(), list(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def encoding_problem(value: str, where: str) -> str | None:
    """The problem with an encoding name, saying where it was set, or None when it is known."""
    try:
        codecs.lookup(value)
        return None
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        pass
    names = {n.replace("_", "-") for n in encodings.aliases.aliases}
    close = difflib.get_close_matches(value.casefold().replace("_", "-"), names, n=1, cutoff=0.75)
    guess = f"did you mean {close[0]!r}? Otherwise " if close else ""
    return (
        f"{where}: {value!r} is not a known encoding; {guess}use cp1252 for a CSV saved by "
        "Excel or another Windows program in the UK, or utf-8"
    )


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def missing_day(text: str) -> str | None:
    """Why a date written YYYY-MM-DD does not exist ('February 2006 has 28 days, so there is no
    day 30'), or None when the text is not in that form or is a real date."""
    found = _ISO_DATE.fullmatch(text)
    if found is None:
        return None
    year, month, day = (int(g) for g in found.groups())
    if year < 1:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month} (the month comes second, 01 to 12)"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{calendar.month_name[month]} {year} has {last} days, so there is no day {day}"
    return None


_SLASHED_DATE = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*")


def _real(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def slashed_date_advice(text: str) -> str | None:
    """For a date written as on paper (31/03/2006, 03/31/2006, 31.03.2006), the date to write
    instead as YYYY-MM-DD (both readings when it could be either); None for any other text."""
    found = _SLASHED_DATE.fullmatch(text)
    if found is None:
        return None
    first, second, year = (int(g) for g in found.groups())
    day_first, month_first = _real(year, second, first), _real(year, first, second)
    if day_first and month_first and day_first != month_first:
        return (
            f"{day_first.isoformat()} if it is written day first, {month_first.isoformat()} "
            "if month first"
        )
    if day_first or month_first:
        meant = day_first or month_first
        assert meant is not None
        return meant.isoformat()
    return None


def parse_date(text: str, where: str) -> date:
    """A day to audit as of, written YYYY-MM-DD, in the years an extract's dates are read in;
    a ConfigError naming ``where`` and saying what is wrong."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        pass
    else:
        problem = as_of_problem(day, where)
        if problem is not None:
            raise ConfigError(problem)
        return day
    reason = missing_day(text)
    if reason is not None:
        raise ConfigError(f"{where} {text!r}: {reason}; give a date that exists, as YYYY-MM-DD")
    advice = slashed_date_advice(text)
    if advice is not None:
        raise ConfigError(f"{where} {text!r} is not a date; write it as YYYY-MM-DD: {advice}")
    raise ConfigError(f"{where} {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2006-03-31")


_TYPE_WORDS: dict[Any, str] = {int: "a whole number", float: "a number", str: "text in quotes"}


def _type_name(tp: Any) -> str:
    """What a setting of type ``tp`` must be, in words ("a whole number", as in seed = 7)."""
    return _TYPE_WORDS.get(tp) or str(getattr(tp, "__name__", tp))


def _convert(value: Any, tp: Any, where: str, problems: list[str]) -> Any:
    """Convert a TOML value to the annotated type, or record a problem and return None."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(value, args[0], where, problems) if len(args) == 1 else value
    if tp is bool:
        if isinstance(value, bool):
            return value
        problems.append(f"{where}: expected true or false, got {value!r}")
        return None
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
                reason = missing_day(value)
                if reason is not None:
                    problems.append(f"{where}: {value!r}: {reason}; give a date that exists")
                    return None
        advice = slashed_date_advice(value) if isinstance(value, str) else None
        if advice is not None:  # written as on paper: the date to write instead
            problems.append(f"{where}: {value!r} is not a date; write it as YYYY-MM-DD: {advice}")
            return None
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
    """Build a frozen dataclass from a TOML table; unknown keys, bad types and values out of
    range become problems (the default is kept for each)."""
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)} - _NOT_IN_FILES
    table = where.rsplit("[", 1)[-1].rstrip("]")
    spans = RANGES.get(table, {})
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            known = ", ".join(sorted(names))
            hint = did_you_mean(key, names)
            problems.append(f"{where}: unknown setting {key!r}{hint} (known: {known})")
            continue
        converted = _convert(value, hints[key], f"{where}.{key}", problems)
        if converted is None:
            continue
        span = spans.get(key)
        if span is not None and not span.holds(converted):
            note = f"; {span.note}" if span.note else ""
            problems.append(
                f"{where}.{key}: {value!r} is outside the allowed range ({span.text()}{note})"
            )
            continue
        kwargs[key] = converted
    return cls(**kwargs)


def _check_relations(
    name: str, linker: LinkerConfig, data: dict[str, Any], problems: list[str]
) -> None:
    """The linker's thresholds against one another (those the file gave and were in range)."""
    where = f"{name} [linker]"

    def taken(*keys: str) -> bool:
        return all(k not in data or data[k] == getattr(linker, k) for k in keys)

    if linker.review_probability >= linker.link_probability and taken(
        "review_probability", "link_probability"
    ):
        problems.append(
            f"{where}: review_probability ({linker.review_probability:g}) must be below "
            f"link_probability ({linker.link_probability:g}): a pair at or above "
            "link_probability is linked, one from review_probability up to it goes to review"
        )
    if linker.dedupe_probability < linker.review_probability and taken(
        "dedupe_probability", "review_probability"
    ):
        problems.append(
            f"{where}: dedupe_probability ({linker.dedupe_probability:g}) must be at least "
            f"review_probability ({linker.review_probability:g}): rows of one file taken as "
            "one person need at least the certainty of a link held for review"
        )


def as_of_problem(day: date, where: str) -> str | None:
    """The day of the audit must fall in the years an extract's dates are read in: before
    them, every date in the extracts would be after it and read as a mistake."""
    if MIN_YEAR <= day.year <= MAX_YEAR:
        return None
    return (
        f"{where}: {day.isoformat()} is outside the years reconcile reads dates in "
        f"({MIN_YEAR} to {MAX_YEAR}); give the day the audit is as of, e.g. 2006-03-31, or "
        "leave it out for today"
    )


def as_of_origin(config: Config, option: date | None) -> str:
    """Where the audit's as-of date comes from, as messages name it."""
    if option is not None:
        return "the --as-of option"
    if config.audit.as_of is not None:
        name = config.source.name if config.source is not None else "the config file"
        return f"[audit] as_of in {name}"
    return "today's date, as no [audit] as_of or --as-of is given"


def _check_as_of(name: str, audit: AuditConfig, problems: list[str]) -> None:
    if audit.as_of is not None:
        problem = as_of_problem(audit.as_of, f"{name} [audit].as_of")
        if problem is not None:
            problems.append(problem)


def _check_file_mode(name: str, output: OutputConfig, data: Any, problems: list[str]) -> None:
    mode = output.file_mode
    if isinstance(data, dict) and "file_mode" in data and not (0o600 <= mode <= 0o777):
        problems.append(
            f"{name} [output].file_mode: {data['file_mode']!r} is out of range; use an octal "
            "mode from 0o600 to 0o777 (the owner must be able to read and write the outputs)"
        )
    elif isinstance(data, dict) and "file_mode" in data and mode & 0o600 != 0o600:
        problems.append(
            f"{name} [output].file_mode: {oct(mode)} does not let the owner read and write "
            "the outputs; use e.g. 0o600 or 0o640"
        )


def _resolve_policy(value: str, base: Path | None) -> str:
    """A policy path written in a config file is relative to that file."""
    if base is not None and value.endswith(".toml"):
        candidate = base / value
        if lookup_problem(candidate, "policy file") is None and candidate.exists():
            return str(candidate.resolve())
    return value


# Tables only an audit config has, and tables only a policy file has: a file with the one
# and none of the other, given where the other is wanted, is named for what it is.
_CONFIG_ONLY = frozenset({"audit", "input", "columns", "linker", "limits", "output"})
_POLICY_ONLY = frozenset({"scope", "aggregation", "deadline", "thresholds"})


def _toml_tables(path: Path) -> set[str]:
    """The top-level tables of a TOML file; empty when it cannot be read as TOML."""
    try:
        data = tomllib.loads(settings_text(path))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()
    return {k for k, v in data.items() if isinstance(v, dict)}


def _tables_named(tables: set[str]) -> str:
    """'[audit], [columns] and [input]'."""
    names = [f"[{t}]" for t in sorted(tables)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def config_given_as_policy(value: str, where: str) -> str | None:
    """The problem in words when the file named for a policy is an audit config file; else
    None."""
    from reconcile.rules.loader import PRESETS

    tables = _toml_tables(Path(value))
    if not tables & _CONFIG_ONLY or tables & _POLICY_ONLY:
        return None
    return (
        f"{where}: {value!r} is an audit config file (it has "
        f"{_tables_named(tables & _CONFIG_ONLY)}), not a policy; give it with --config, and "
        f"for the policy a preset ({', '.join(PRESETS)}) or a policy file (`reconcile policy "
        "show 2006` prints one to edit)"
    )


def _policy_problems(value: str, where: str) -> list[str]:
    """Every problem with the policy named: unknown preset or missing file, or the file's own."""
    from reconcile.rules.loader import PRESETS, policy_problems

    if value in PRESETS:
        return policy_problems(value)
    if (unreachable := lookup_problem(Path(value), f"policy file given as {where}")) is not None:
        return [unreachable]
    if Path(value).is_file():
        mistaken = config_given_as_policy(value, where)
        return [mistaken] if mistaken else policy_problems(value)
    if value.lower().endswith(".toml") or "/" in value or "\\" in value:
        return [f"{where}: policy file {value!r} not found; check the path"]
    hint = did_you_mean(value, PRESETS)
    return [
        f"{where}: {value!r} is neither a preset ({', '.join(PRESETS)}) nor a policy file "
        f"that exists{hint}"
    ]


def load_config(
    path: Path | None, *, policy: str | None = None, encoding: str | None = None
) -> Config:
    """Read a config file (or take the defaults), with the command's --policy and --encoding
    options over it. Raises ConfigError listing every problem of the file and the options."""
    problems: list[str] = []
    sections: dict[str, Any] = {}
    if path is not None:
        check_path_text(path, "config file")  # the manifest and workbook record it
        sections = _read_file(path, problems)
    name = path.name if path is not None else ""
    chosen = sections.get("policy", Config.policy)
    if policy is not None:
        chosen = policy
        problems += _policy_problems(policy, "--policy")
    elif "policy" in sections:
        chosen = _resolve_policy(chosen, path.parent if path is not None else None)
        problems += _policy_problems(chosen, f"{name} policy")
    sections["policy"] = chosen
    reading: InputConfig = sections.get("input", InputConfig())
    if encoding is not None:
        found = encoding_problem(encoding, "--encoding")
        reading = dataclasses.replace(
            reading, encoding=encoding, encoding_from="the --encoding option"
        )
    elif reading.encoding:
        where = f"{name} [input].encoding"
        found = encoding_problem(reading.encoding, where)
        reading = dataclasses.replace(reading, encoding_from=f"{where} in the config file")
    else:
        found = None
    if found is not None:
        problems.append(found)
    sections["input"] = reading
    if problems:
        raise ConfigError(problems)
    if path is not None:  # messages about these settings name the file they are in
        sections["input"] = dataclasses.replace(reading, config_file=name)
        limits = sections.get("limits", LimitsConfig())
        sections["limits"] = dataclasses.replace(limits, config_file=name)
    return Config(source=path.resolve() if path is not None else None, **sections)


_TABLE_CLASSES: dict[str, Any] = {
    "audit": AuditConfig,
    "linker": LinkerConfig,
    "limits": LimitsConfig,
    "output": OutputConfig,
}
_TABLES = ("audit", "policy", "input", "columns", "linker", "limits", "output")


_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv")


def backslash_hint(path: Path) -> str:
    """For a path not found that holds backslashes (typed as on Windows), what to write
    instead, starting '; '; "" for any other path."""
    text = str(path)
    if "\\" not in text:
        return ""
    forward = Path(text.replace("\\", "/"))
    if forward.exists():
        return f"; on this computer folders are separated by '/', not '\\': give {forward}"
    return (
        "; on this computer folders are separated by '/', not '\\' (and there are no drive "
        "letters such as C:): write the path with '/'"
    )


def settings_text(path: Path) -> str:
    """The text of a settings file written by hand: UTF-8, with or without the byte order
    mark Notepad and other Windows editors put first, or UTF-16 with its mark (Notepad's
    "Unicode"). UnicodeDecodeError when it is none of these."""
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def lookup_problem(path: Path, what: str) -> str | None:
    """Why ``path`` cannot even be looked up on this computer (a name in it longer than the
    file system allows), in words naming it as ``what``; None when it can be."""
    try:
        path.exists()
    except OSError as exc:
        why = (
            "a name in it is longer than this computer's file system allows"
            if exc.errno == errno.ENAMETOOLONG
            else exc.strerror or type(exc).__name__
        )
        return f"{path}: the {what} cannot be looked up ({why}); check the path and run again"
    return None


def _read_file(path: Path, problems: list[str]) -> dict[str, Any]:
    """The tables of a config file, each problem added to ``problems`` (naming the file, the
    table and the key); a file that cannot be read at all raises at once."""
    if (unreachable := lookup_problem(path, "config file")) is not None:
        raise ConfigError(unreachable)
    if path.is_dir():
        raise ConfigError(
            f"{path}: is a folder, not a file; give --config the path of the .toml config file"
        )
    if not path.is_file():
        hint = backslash_hint(path) or "; check the path given to --config"
        raise ConfigError(f"{path}: config file not found{hint}")
    if path.suffix.lower() in _SPREADSHEET_SUFFIXES:
        raise ConfigError(
            f"{path}: this is a spreadsheet, not a config file; give --config the .toml "
            "settings file (the two extracts come first: reconcile run PRISON IND --config "
            "FILE)"
        )
    try:
        data = tomllib.loads(settings_text(path))
    except UnicodeDecodeError:
        raise ConfigError(
            f"{path}: this is not a config file (it is not text: a spreadsheet or another "
            "document?); give --config the .toml settings file"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not a valid TOML file ({exc}); fix it and run again") from None
    name = path.name
    tables = {k for k, v in data.items() if isinstance(v, dict)}
    if tables & _POLICY_ONLY and not tables & _CONFIG_ONLY:
        raise ConfigError(
            f"{path}: this is a policy file (it has {_tables_named(tables & _POLICY_ONLY)}), "
            f"not an audit config; give it with --policy, or name it in the config file as "
            f'policy = "{name}"'
        )
    sections: dict[str, Any] = {}
    for key, value in data.items():
        if key in _TABLE_CLASSES:
            if not isinstance(value, dict):
                problems.append(f"{name}: [{key}] must be a table")
                continue
            sections[key] = build_dataclass(_TABLE_CLASSES[key], value, f"{name} [{key}]", problems)
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
            hint = did_you_mean(key, _TABLES)
            problems.append(f"{name}: unknown table [{key}]{hint} (known: {', '.join(_TABLES)})")
    input_data = dict(data.get("input", {})) if isinstance(data.get("input"), dict) else {}
    if "input" in data and not isinstance(data["input"], dict):
        problems.append(f"{name}: [input] must be a table")
    for key in _NOT_IN_FILES & set(input_data):
        problems.append(f"{name} [input]: unknown setting {key!r}")
        del input_data[key]
    for role in ("prison", "ind"):
        # The mappings are written as tables of their own, where each field is checked.
        if f"{role}_columns" in input_data:
            del input_data[f"{role}_columns"]
            problems.append(
                f"{name} [input]: {role}_columns is not a setting here; write the columns "
                f'under a table of their own, [columns.{role}], one field = "header" a line '
                f'(as in surname = "Family Name")'
            )
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        problems.append(f"{name}: [columns] must hold [columns.prison] and [columns.ind]")
        columns = {}
    for role in columns:
        if role not in ("prison", "ind"):
            hint = did_you_mean(role, ("prison", "ind"))
            problems.append(f"{name}: unknown table [columns.{role}]{hint} (known: prison, ind)")
    for role, fields in (("prison", PRISON_FIELDS), ("ind", IND_FIELDS)):
        mapping = columns.get(role)
        if mapping is None:
            continue
        if not isinstance(mapping, dict):
            problems.append(f'{name}: [columns.{role}] must be a table of field = "header"')
            continue
        for key in mapping:
            if key not in fields:
                hint = did_you_mean(key, fields)
                problems.append(
                    f"{name} [columns.{role}]: unknown field {key!r}{hint} "
                    f"(known: {', '.join(fields)})"
                )
        input_data[f"{role}_columns"] = {k: v for k, v in mapping.items() if k in fields}
    _check_input_choices(name, input_data, problems)
    sections["input"] = build_dataclass(InputConfig, input_data, f"{name} [input]", problems)
    if "audit" in sections:
        _check_as_of(name, sections["audit"], problems)
    if "linker" in sections:
        _check_relations(name, sections["linker"], data["linker"], problems)
    if "output" in sections:
        _check_file_mode(name, sections["output"], data.get("output"), problems)
    return sections


def _check_input_choices(name: str, input_data: dict[str, Any], problems: list[str]) -> None:
    """[input] settings that take one of a few words."""
    unit = input_data.get("sentence_unit")
    if isinstance(unit, str) and unit not in ("", *SENTENCE_UNITS):
        hint = did_you_mean(unit, SENTENCE_UNITS)
        problems.append(
            f"{name} [input]: sentence_unit must be one of "
            f"{', '.join(map(repr, SENTENCE_UNITS))}, not {unit!r}{hint}"
        )
    limit = input_data.get("unreadable_limit")
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int | float) or not 0 < limit <= 1
    ):
        # One message for the one mistake: the value is not also checked as a number.
        del input_data["unreadable_limit"]
        given = str(limit).lower() if isinstance(limit, bool) else repr(limit)
        problems.append(
            f"{name} [input]: unreadable_limit must be a share above 0 and at most 1 (0.5: "
            f"stop when over half a column cannot be read; 1: never stop), not {given}; "
            "write a number such as 0.5 or 1"
        )
    for key in ("prison_date_order", "ind_date_order"):
        order = input_data.get(key)
        if isinstance(order, str) and order not in DATE_ORDERS:
            hint = did_you_mean(order, DATE_ORDERS)
            problems.append(
                f"{name} [input]: {key} must be one of {', '.join(map(repr, DATE_ORDERS))}, "
                f"not {order!r}{hint}"
            )
