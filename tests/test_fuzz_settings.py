"""Hostile and odd settings files: the audit config, policy files and reviewers' decisions
files, written by hand with every key given values of every TOML type, unknown keys, keys in
the wrong table, huge and negative numbers, NaN and infinity, empty, non-ASCII and control
text, dated thresholds the wrong way round, and decisions files with keys that do not exist,
repeated or swapped, decisions in other words, formulas and numbers. Each is accepted, or
refused with a message that names the file; never a traceback or a hang, and never a value
accepted that the run cannot use.

Short runs here; for a long run on demand:
    SETTINGS_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_settings.py
"""

from __future__ import annotations

import csv
import math
import tempfile
import tomllib
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from reconcile.cli import app
from reconcile.decisions import read_decisions
from reconcile.errors import ConfigError, InputError
from reconcile.rules.loader import PRESETS, load_policy
from reconcile.settings import load_config
from tests.fuzzing import examples, fuzz

EXAMPLES = examples("SETTINGS_FUZZ_EXAMPLES", 40)
FUZZ = fuzz(EXAMPLES)
# A run of the CLI takes about a second: a few by default, more on demand.
RUNS = fuzz(max(3, EXAMPLES // 20), HealthCheck.function_scoped_fixture)
runner = CliRunner()


# --- TOML written from Python values ---------------------------------------------------


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("?")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key(key: str) -> str:
    return _string(key)


def toml(value: Any) -> str:
    """One TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        return text if any(c in text for c in ".e") else text + ".0"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def document(top: dict[str, Any], tables: dict[str, Any]) -> str:
    """Top-level keys, then each table ("columns.prison" as a dotted table name)."""
    lines = [f"{_key(k)} = {toml(v)}" for k, v in top.items()]
    for name, content in tables.items():
        if not isinstance(content, dict):
            lines.append(f"{_key(name)} = {toml(content)}")
            continue
        lines.append("[" + ".".join(_key(p) for p in name.split(".")) + "]")
        lines += [f"{_key(k)} = {toml(v)}" for k, v in content.items()]
    return "\n".join(lines) + "\n"


_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "2006",
            "2006-eea",
            "ukba-2007",
            "non_eea",
            "day-first",
            "month-first",
            "months",
            "utf-8",
            "cp1252",
            "FNP discharges",
            "NOMS No",
            "2006-03-31",
            "31/03/2006",
            "2006-02-30",
            "0o640",
            "same person",
            "é",
            "\u200b",
            "\x00",
            "a\tb",
            "policy.toml",
            "../x.toml",
            "C:\\audit\\p.toml",
        ]
    ),
    st.text(max_size=12),
    st.text(alphabet="ab\x01\x7f\u202e ", min_size=300, max_size=2000),
)
_INTS = st.one_of(
    st.sampled_from([0, 1, -1, 12, 24, 2006, 0o600, 0o777, 2**31, 2**63 - 1, -(2**63)]),
    st.integers(-(2**63), 2**63 - 1),
)
_FLOATS = st.one_of(
    st.sampled_from([0.0, -0.0, 0.5, 1.0, 1.5, -1.0, 1e308, -1e308, 5e-324]),
    st.floats(allow_nan=True, allow_infinity=True),
)
_DATES = st.one_of(
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2006, 3, 31), date(2007, 2, 1)]),
    st.dates(),
)
_DATETIMES = st.one_of(
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
)
_TIMES = st.times()
_SCALARS = st.one_of(st.booleans(), _INTS, _FLOATS, _TEXT, _DATES, _DATETIMES, _TIMES)
VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["months", "from", "until", "name", "x", ""]), inner, max_size=3
        ),
    ),
    max_leaves=6,
)


def _one_message(exc: Exception, name: str) -> None:
    text = str(exc)
    assert text.strip(), "an empty message"
    assert "Traceback" not in text
    problems = getattr(exc, "problems", [text])
    for problem in problems:
        assert name in problem or "--policy" in problem or "policy " in problem, problem


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- The audit config --------------------------------------------------------------------

_CONFIG_KEYS: dict[str, list[str]] = {
    "audit": ["name", "as_of", "seed"],
    "input": [
        "prison_sheet",
        "ind_sheet",
        "encoding",
        "encoding_from",
        "prison_date_order",
        "ind_date_order",
        "sentence_unit",
        "unreadable_limit",
        "prison_columns",
    ],
    "columns.prison": ["prison_number", "surname", "dob", "release_date", "case_ref"],
    "columns.ind": ["case_ref", "surname", "referral_date", "prison_number", "sentence"],
    "linker": [
        "link_probability",
        "review_probability",
        "ambiguity_margin",
        "em_iterations",
        "u_sample_pairs",
        "dedupe_probability",
        "block_cap",
        "referral_timing",
    ],
    "limits": [
        "max_cells",
        "max_uncompressed_mb",
        "max_compression_ratio",
        "max_cell_chars",
        "reader_timeout_s",
        "reader_memory_mb",
    ],
    "output": ["marking", "file_mode", "evidence_max_sections"],
    "policy": ["name", "base"],
    "thresholds": ["non_eea"],
    "columns.other": ["surname"],
    "audits": ["seed"],
}
_KNOWN_TABLES = ("audit", "input", "columns.prison", "columns.ind", "linker", "limits", "output")
_ALL_CONFIG_KEYS = sorted({k for keys in _CONFIG_KEYS.values() for k in keys} | {"zzz", ""})


@st.composite
def config_documents(draw: st.DrawFn) -> str:
    top: dict[str, Any] = {}
    if draw(st.booleans()):
        top["policy"] = draw(st.one_of(st.sampled_from([*PRESETS, "2007", ""]), VALUES))
    tables: dict[str, Any] = {}
    for table in draw(st.lists(st.sampled_from(sorted(_CONFIG_KEYS)), max_size=4, unique=True)):
        if table.startswith("columns.") and "columns" in tables:
            continue
        if draw(st.integers(0, 9)) == 0 and "." not in table:
            tables[table] = draw(_SCALARS)  # a table written as a value
            continue
        keys = st.one_of(st.sampled_from(_CONFIG_KEYS[table]), st.sampled_from(_ALL_CONFIG_KEYS))
        tables[table] = draw(st.dictionaries(keys, VALUES, max_size=4))
    return document(top, tables)


@FUZZ
@given(text=config_documents())
def test_config_files_are_read_or_refused_in_words(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "audit.toml", text)
        try:
            config = load_config(path)
        except ConfigError as exc:
            _one_message(exc, "audit.toml")
            event("config refused")
            return
    data = tomllib.loads(text)
    # Accepted: every table and key it gave is one the loader knows, in its place.
    known = {t.split(".")[0] for t in _CONFIG_KEYS} - {"thresholds", "audits"}
    assert set(data) <= known | {"policy"}, data
    linker = config.linker
    assert 0 < linker.review_probability < linker.link_probability <= 1
    assert math.isfinite(linker.ambiguity_margin)
    assert 0 < config.input.unreadable_limit <= 1
    assert 0o600 <= config.output.file_mode <= 0o777


# --- Policy files ---------------------------------------------------------------------

_POLICY_KEYS: dict[str, list[str]] = {
    "policy": [
        "name",
        "version",
        "title",
        "description",
        "base",
        "commencement",
        "before_commencement",
    ],
    "scope": [
        "court_recommendation",
        "british_out_of_scope",
        "unknown_nationality",
        "life_counts",
        "exclude_suspended",
        "single_sentence",
        "under_18_excluded",
    ],
    "aggregation": ["enabled", "within_years", "max_earlier", "classes"],
    "deadline": ["days_before_release", "earlier_custody_counts"],
    "thresholds": ["non_eea", "eea", "swiss", "irish", "british", "unknown"],
    "linker": ["link_probability"],
    "audit": ["seed"],
}
_ALL_POLICY_KEYS = sorted({k for keys in _POLICY_KEYS.values() for k in keys} | {"zzz"})
_CLASSES = ["non_eea", "eea", "swiss", "irish", "british"]
_MONTHS = st.one_of(
    st.sampled_from([0, 1, 12, 24, -1, -12, 0.5, 10**6, 2**63 - 1, False, True]),
    _INTS,
    _FLOATS,
)
_DAY = st.one_of(_DATES, _DATETIMES, st.sampled_from([date(2007, 2, 1), date(2004, 5, 1)]))


@st.composite
def dated_thresholds(draw: st.DrawFn) -> dict[str, Any]:
    value: dict[str, Any] = {}
    if draw(st.integers(0, 5)):
        value["months"] = draw(_MONTHS)
    start, end = draw(_DAY), draw(_DAY)
    shape = draw(st.sampled_from(["from", "until", "both", "same", "swapped", "none"]))
    if shape in ("from", "both"):
        value["from"] = start
    if shape in ("until", "both"):
        value["until"] = end
    if shape == "same":
        value["from"] = value["until"] = start
    if shape == "swapped":
        value["from"], value["until"] = max(start, end, key=str), min(start, end, key=str)
    if draw(st.integers(0, 9)) == 0:
        value[draw(st.sampled_from(["to", "since", "Months", ""]))] = draw(VALUES)
    return value


_KIND_VALUES: dict[str, Any] = {
    "name": st.one_of(st.sampled_from(["local", *PRESETS]), _TEXT),
    "version": st.one_of(st.sampled_from(["1", "2", "1-local"]), _INTS, _TEXT),
    "base": st.one_of(st.sampled_from([*PRESETS, "2007", ""]), VALUES),
    "commencement": st.one_of(_DAY, VALUES),
    "before_commencement": st.one_of(
        st.sampled_from(["out_of_scope", "in_scope", "insufficient_data", "Out_Of_Scope"]), VALUES
    ),
    "unknown_nationality": st.one_of(
        st.sampled_from(["non_eea", "out_of_scope", "insufficient_data", "NON_EEA"]), VALUES
    ),
    "within_years": st.one_of(_INTS, VALUES),
    "max_earlier": st.one_of(_INTS, VALUES),
    "days_before_release": st.one_of(_INTS, VALUES),
    "classes": st.one_of(st.lists(st.sampled_from([*_CLASSES, "EEA", ""]), max_size=3), VALUES),
}


def _policy_value(key: str, table: str) -> Any:
    if table == "thresholds":
        return st.one_of(_MONTHS, dated_thresholds(), VALUES)
    return st.one_of(_KIND_VALUES.get(key, st.booleans()), VALUES)


@st.composite
def policy_documents(draw: st.DrawFn) -> str:
    tables: dict[str, Any] = {}
    head: dict[str, Any] = {}
    if draw(st.integers(0, 9)):
        head["name"] = draw(_KIND_VALUES["name"])
    if draw(st.integers(0, 9)):
        head["version"] = draw(_KIND_VALUES["version"])
    if draw(st.booleans()):
        head["base"] = draw(_KIND_VALUES["base"])
    for key in draw(st.lists(st.sampled_from(_POLICY_KEYS["policy"]), max_size=2, unique=True)):
        head[key] = draw(_policy_value(key, "policy"))
    tables["policy"] = head
    for table in draw(st.lists(st.sampled_from(sorted(_POLICY_KEYS)), max_size=4, unique=True)):
        if table == "policy":
            continue
        if draw(st.integers(0, 14)) == 0:
            tables[table] = draw(_SCALARS)
            continue
        content: dict[str, Any] = {}
        for key in draw(
            st.lists(
                st.one_of(st.sampled_from(_POLICY_KEYS[table]), st.sampled_from(_ALL_POLICY_KEYS)),
                max_size=4,
                unique=True,
            )
        ):
            content[key] = draw(_policy_value(key, table))
        tables[table] = content
    return document({}, tables)


def _policy_or_refusal(path: Path) -> Any:
    try:
        return load_policy(str(path))
    except ConfigError as exc:
        _one_message(exc, path.name)
        event("policy refused")
        return None


@FUZZ
@given(text=policy_documents())
def test_policy_files_are_read_or_refused_in_words(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "my-policy.toml", text)
        policy = _policy_or_refusal(path)
        shown = runner.invoke(app, ["policy", "show", str(path)])
        assert shown.exit_code in (0, 2), (shown.exit_code, shown.output)
        if policy is None:
            assert shown.exit_code == 2 and "my-policy.toml" in shown.output, shown.output
            return
        assert shown.exit_code == 0, shown.output
        # Accepted: every threshold is a number of months the rules can compare with.
        for cls, months in policy.thresholds.items():
            assert math.isfinite(months) and months >= 0, (cls, months)
        for period in policy.threshold_periods.values():
            if period.start is not None and period.until is not None:
                assert period.start < period.until
        # What `policy show` prints is a policy file that reads back as the same policy.
        again = _write(Path(folder), "shown.toml", shown.output)
        back = load_policy(str(again))
        assert back.settings() == policy.settings()


# --- Decisions files -----------------------------------------------------------------------

_DECISION_WORDS = st.one_of(
    st.sampled_from(
        [
            "same person",
            "Same Person",
            "SAME",
            "not the same person",
            "Not-The-Same person",
            "no",
            "yes",
            "skip",
            "",
            "oui",
            "même personne",
            "ja",
            "=A1",
            "=1/0",
            "1",
            "TRUE",
            "same\u00a0person",
            " same  person ",
        ]
    ),
    _TEXT,
)
_KEY_TEXT = st.one_of(
    st.sampled_from(["", "P-1", "P-2", "I-1", "I-2", "=B2", "0", "1e5", "p:abc", "i:abc"]),
    _TEXT,
)
_CELL = st.one_of(_KEY_TEXT, st.integers(-(10**6), 10**6), st.floats(), st.booleans(), _DATES)


@st.composite
def decision_tables(draw: st.DrawFn, keys: Any = None) -> list[list[Any]]:
    """A decisions table: a header in any order, and lines deciding pairs drawn from ``keys``
    (pairs of prison and IND keys; by default made-up ones)."""
    header = ["prison_key", "ind_key", "Decision", "Reviewer", "Note"]
    order = draw(st.permutations(header))
    if draw(st.integers(0, 5)) == 0:  # a heading dropped, doubled or renamed
        order = [*order[:-1], draw(st.sampled_from(["Decision", "notes", "IND KEY", "x", ""]))]
    rows: list[list[Any]] = [list(order)]
    pairs = draw(
        st.lists(st.tuples(_KEY_TEXT, _KEY_TEXT) if keys is None else keys, min_size=1, max_size=3)
    )
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            rows.append([])  # a blank row
            continue
        p, i = draw(st.sampled_from(pairs))
        if kind == 1:
            p, i = i, p  # the keys swapped
        values = {
            "prison_key": p,
            "ind_key": i,
            "Decision": draw(_DECISION_WORDS),
            "Reviewer": draw(st.one_of(st.sampled_from(["J. Smith", "", "Zoë"]), _CELL)),
            "Note": draw(_CELL),
        }
        row = [values.get(h, draw(_CELL)) for h in order]
        if kind == 2:
            row = [draw(_CELL) if draw(st.booleans()) else v for v in row]
        rows.append(row)
    return rows


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _write_csv(path: Path, rows: list[list[Any]], delimiter: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows([[_text(v) for v in r] for r in rows])


def _cell_value(value: Any) -> Any:
    if isinstance(value, str):
        return "".join(c for c in value if c in "\t\n\r" or ord(c) >= 0x20)[:30_000]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _write_xlsx(path: Path, rows: list[list[Any]], extra: list[list[list[Any]]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Needs review"
    for row in rows:
        sheet.append([_cell_value(v) for v in row])
    for n, more in enumerate(extra):
        other = book.create_sheet(f"Sheet{n + 2}" if n % 2 else "Reviewer decisions")
        for row in more:
            other.append([_cell_value(v) for v in row])
    book.save(path)


def _decisions_or_refusal(path: Path) -> list[Any] | None:
    try:
        decisions, _ = read_decisions(path)
    except InputError as exc:
        _one_message(exc, path.name)
        assert "\n" not in str(exc), str(exc)
        event("decisions refused")
        return None
    return decisions


def _check_read(decisions: list[Any] | None) -> None:
    if decisions is None:
        return
    for d in decisions:
        assert d.prison_key.strip() and d.ind_key.strip() and d.reviewer.strip(), d
        assert d.decision in ("same person", "not the same person"), d
    pairs = [(d.prison_key, d.ind_key) for d in decisions]
    assert len(pairs) == len(set(pairs)), pairs


@FUZZ
@given(rows=decision_tables(), delimiter=st.sampled_from([",", ";", "\t"]))
def test_decisions_csv_are_read_or_refused_in_words(rows: list[list[Any]], delimiter: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "decisions.csv"
        _write_csv(path, rows, delimiter)
        _check_read(_decisions_or_refusal(path))


@fuzz(max(5, EXAMPLES // 4))
@given(rows=decision_tables(), extra=st.lists(decision_tables(), max_size=2))
def test_decisions_workbooks_are_read_or_refused_in_words(
    rows: list[list[Any]], extra: list[list[list[Any]]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviewed.xlsx"
        _write_xlsx(path, rows, extra)
        _check_read(_decisions_or_refusal(path))


# --- The CLI, on a small sample, with each kind of file --------------------------------


@pytest.fixture(scope="module")
def small(sample: Path) -> Path:
    return sample


def _run(sample: Path, out: Path, *extra: str) -> Any:
    return runner.invoke(
        app,
        [
            "run",
            str(sample / "prison_extract.xlsx"),
            str(sample / "ind_extract.xlsx"),
            "-o",
            str(out),
            "--force",
            *extra,
        ],
    )


def _exit_in_words(result: Any, name: str, *also: str) -> None:
    """Exit 0, or 2 with a message naming the file (or, for a setting the extracts do not
    bear out, such as a sheet they do not have, naming where the setting is made)."""
    assert result.exit_code in (0, 2), (result.exit_code, result.output)
    assert "internal error" not in result.output, result.output
    if result.exit_code == 2:
        assert any(n in result.output for n in (name, *also)), result.output


_EDGES = st.one_of(
    st.sampled_from([0, 1, 2, 255, 256, 1000, 0o600, 0o777, 10**9, 2**63 - 1, -1]),
    st.sampled_from([0.0, 5e-324, 0.5, 0.999999, 1.0, 50.0, float("nan"), float("inf")]),
    st.sampled_from([date(1880, 1, 1), date(2099, 12, 31), date(1999, 2, 1), date(2006, 3, 31)]),
    st.sampled_from(["", "x" * 5000, "\x1b[31m", "OFFICIAL \u202e", "Zoë 😀", "day-first"]),
    st.booleans(),
    VALUES,
)


_NUMBERS = st.one_of(
    st.sampled_from([0, 1, 2, 255, 256, 999, 1000, 10_000_000, 1_000_000_000, 2**63 - 1]),
    st.sampled_from([5e-324, 1e-9, 0.01, 0.5, 0.8, 0.95, 0.999999, 1.0, 50.0]),
)
_TYPED_EDGES: dict[str, Any] = {
    "text": st.sampled_from(["", " ", "x" * 5000, "\x1b[31m", "Zoë 😀", "column Z", "NOMS No"]),
    "as_of": st.one_of(st.dates(date(1880, 1, 1), date(2099, 12, 31)), _DATETIMES),
    "seed": st.sampled_from([0, 1, 2**31, 2**63 - 1]),
    "name": st.sampled_from(["", "x" * 20_000, "\x00\x1b[31m\u202e", "Zoë 😀"]),
    "marking": st.sampled_from(["", "x" * 20_000, "\x00\x7f", "OFFICIAL 😀"]),
    "file_mode": st.sampled_from([0o600, 0o640, 0o777, 0o700]),
    "evidence_max_sections": st.sampled_from([0, 1, 10**9]),
    "referral_timing": st.booleans(),
    "encoding": st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16", "ascii", "koi8-r"]),
    "prison_date_order": st.sampled_from(["day-first", "month-first"]),
    "ind_date_order": st.sampled_from(["day-first", "month-first"]),
    "sentence_unit": st.sampled_from(["", "months", "days", "weeks", "years"]),
    "unreadable_limit": st.sampled_from([5e-324, 0.01, 0.5, 1, 1.0]),
    **{
        k: _NUMBERS
        for k in (
            "link_probability",
            "review_probability",
            "dedupe_probability",
            "ambiguity_margin",
            "em_iterations",
            "u_sample_pairs",
            "block_cap",
            "max_cells",
            "max_uncompressed_mb",
            "max_compression_ratio",
            "max_cell_chars",
            "reader_timeout_s",
            "reader_memory_mb",
        )
    },
}


def _tables_of(config_text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A config's top-level keys and its tables, [columns.x] as "columns.x"."""
    data = tomllib.loads(config_text)
    top = {k: v for k, v in data.items() if not isinstance(v, dict)}
    tables: dict[str, Any] = {}
    for name, content in data.items():
        if name == "columns":
            tables.update({f"columns.{role}": m for role, m in content.items()})
        elif isinstance(content, dict):
            tables[name] = dict(content)
    return top, tables


@RUNS
@given(data=st.data())
def test_run_with_odd_config(small: Path, data: st.DataObject) -> None:
    """The sample's own config with one or two settings given an edge value or another type."""
    top, tables = _tables_of((small / "audit.toml").read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 2))):
        table = data.draw(st.sampled_from([t for t in _CONFIG_KEYS if t in _KNOWN_TABLES]))
        key = data.draw(st.sampled_from(_CONFIG_KEYS[table]))
        typed = _TYPED_EDGES.get(key, _TYPED_EDGES["text"] if "." in table else _EDGES)
        value = data.draw(st.one_of(typed, _EDGES) if data.draw(st.booleans()) else typed)
        tables.setdefault(table, {})[key] = value
    text = document(top, tables)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "odd.toml", text)
        result = _run(small, Path(folder) / "out", "--config", str(path))
        # The reader refuses what the extracts do not bear out (a sheet they lack, a
        # limit they pass) naming the setting, not the file.
        _exit_in_words(result, "odd.toml", "the config", "[limits]", "[input]")
        event(f"exit {result.exit_code}")


@st.composite
def preset_overrides(draw: st.DrawFn) -> str:
    """A policy file that starts from a preset and changes one to three settings."""
    tables: dict[str, Any] = {
        "policy": {"name": "local", "version": "1", "base": draw(st.sampled_from(PRESETS))}
    }
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(["policy", "scope", "aggregation", "deadline", "thresholds"]))
        key = draw(st.sampled_from(_POLICY_KEYS[table]))
        if table == "policy" and key in ("name", "version", "base"):
            continue
        value = draw(
            st.one_of(
                st.sampled_from([0, 1, 12, 24, 100, 1_200, 3_650, True, False]),
                _policy_value(key, table),
            )
        )
        tables.setdefault(table, {})[key] = value
    return document({}, tables)


@FUZZ
@given(text=preset_overrides())
def test_preset_overrides_are_read_or_refused_in_words(text: str) -> None:
    test_policy_files_are_read_or_refused_in_words.hypothesis.inner_test(text=text)  # type: ignore[attr-defined]


@RUNS
@given(text=st.one_of(preset_overrides(), policy_documents()))
def test_run_with_odd_policy(small: Path, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "odd-policy.toml", text)
        result = _run(
            small,
            Path(folder) / "out",
            "--config",
            str(small / "audit.toml"),
            "--policy",
            str(path),
        )
        _exit_in_words(result, "odd-policy.toml")
        event(f"exit {result.exit_code}")


@pytest.fixture(scope="module")
def first_run(small: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of a run on the sample, without decisions."""
    out = tmp_path_factory.mktemp("first-run")
    assert _run(small, out, "--config", str(small / "audit.toml")).exit_code == 0
    return out


@pytest.fixture(scope="module")
def sample_pairs(first_run: Path) -> list[tuple[str, str]]:
    """The sample's prison and IND keys, each prison key with an IND key of its own row or of
    another's (no IND key: one of the first row's)."""
    out = first_run
    with (out / "outcomes.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = [(r["prison_key"], r["ind_key"]) for r in csv.DictReader(fh)]
    ind = [i for _, i in rows if i]
    return [(p, i or ind[n % len(ind)]) for n, (p, i) in enumerate(rows)]


@RUNS
@given(data=st.data())
def test_run_with_odd_decisions(
    small: Path, sample_pairs: list[tuple[str, str]], data: st.DataObject
) -> None:
    pairs = st.one_of(
        st.sampled_from(sample_pairs),
        st.tuples(
            st.sampled_from([p for p, _ in sample_pairs]),
            st.sampled_from([i for _, i in sample_pairs]),
        ),
        st.tuples(_KEY_TEXT, _KEY_TEXT),
    )
    rows = data.draw(decision_tables(pairs))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "decided.csv"
        _write_csv(path, rows, ",")
        out = Path(folder) / "out"
        result = _run(small, out, "--config", str(small / "audit.toml"), "--decisions", str(path))
        _exit_in_words(result, "decided.csv")
        event(f"exit {result.exit_code}")
        if result.exit_code != 0:
            return
        # Each decision read is applied as decided: the pair linked, or kept apart.
        decided = read_decisions(path)[0]
        with (out / "outcomes.csv").open(encoding="utf-8-sig", newline="") as fh:
            linked = {r["prison_key"]: r["ind_key"] for r in csv.DictReader(fh)}
        for d in decided:
            if d.prison_key not in linked or d.ind_key not in {i for _, i in sample_pairs}:
                continue  # stale: its records are not in these extracts
            if d.decision == "same person":
                assert d.ind_key in linked[d.prison_key], (d, linked[d.prison_key])
            else:
                assert d.ind_key not in linked[d.prison_key], (d, linked[d.prison_key])


# --- What the fuzzing found, each kept as an example ------------------------------------


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("nan", "non_eea: expected a number of months such as 12 (or false), got nan"),
        ("inf", "non_eea: expected a number of months such as 12 (or false), got inf"),
        ("1e308", "non_eea: expected at most 1,200 months (a hundred years) (or false)"),
        ("{ months = nan }", "non_eea.months: expected a number of months such as 12, got nan"),
        ("{ months = 1201 }", "non_eea.months: expected at most 1,200 months"),
    ],
)
def test_a_threshold_that_is_not_a_usable_number_of_months_is_refused(
    tmp_path: Path, value: str, said: str
) -> None:
    path = _write(
        tmp_path,
        "p.toml",
        f'[policy]\nname = "l"\nversion = "1"\n[thresholds]\nnon_eea = {value}\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_policy(str(path))
    assert any(said in p and p.startswith("p.toml [thresholds]") for p in caught.value.problems), (
        caught.value.problems
    )


@pytest.mark.parametrize(
    ("table", "key", "most"),
    [("aggregation", "within_years", "100"), ("deadline", "days_before_release", "3,650")],
)
def test_a_count_beyond_any_date_is_refused_and_the_largest_allowed_runs(
    small: Path, tmp_path: Path, table: str, key: str, most: str
) -> None:
    """Before, within_years = 100000 or days_before_release = 2**63 - 1 ran into date
    arithmetic out of range: an internal error."""
    head = '[policy]\nname = "l"\nversion = "1"\nbase = "2006"\n[aggregation]\nenabled = true\n'
    if table == "deadline":
        head += "[deadline]\n"
    huge = _write(tmp_path, "huge.toml", f"{head}{key} = 9223372036854775807\n")
    result = _run(
        small, tmp_path / "out", "--config", str(small / "audit.toml"), "--policy", str(huge)
    )
    assert result.exit_code == 2, result.output
    assert (
        f"huge.toml [{table}] {key}: 9,223,372,036,854,775,807 is more than {most}" in result.output
    )
    largest = _write(tmp_path, "largest.toml", f"{head}{key} = {most.replace(',', '')}\n")
    result = _run(
        small, tmp_path / "out", "--config", str(small / "audit.toml"), "--policy", str(largest)
    )
    assert result.exit_code == 0, result.output


def test_dated_thresholds_at_the_ends_of_the_calendar_run(small: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "ends.toml",
        '[policy]\nname = "l"\nversion = "1"\ncommencement = 0001-01-01\n[thresholds]\n'
        "non_eea = { months = 12, from = 0001-01-01, until = 9999-12-31 }\n"
        "irish = { months = 1200, until = 0001-01-02 }\n[deadline]\ndays_before_release = 3650\n",
    )
    result = _run(
        small, tmp_path / "out", "--config", str(small / "audit.toml"), "--policy", str(path)
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("text", ["\U00010000", "Zoë 😀"])
def test_policy_show_prints_text_beyond_the_basic_plane_as_toml_that_reads_back(
    tmp_path: Path, text: str
) -> None:
    """JSON escapes such characters as surrogate pairs, which TOML refuses: what `policy show`
    printed could not be given back."""
    path = _write(
        tmp_path, "p.toml", f'[policy]\nname = "l"\nversion = {toml(text)}\ntitle = {toml(text)}\n'
    )
    shown = runner.invoke(app, ["policy", "show", str(path)])
    assert shown.exit_code == 0, shown.output
    back = load_policy(str(_write(tmp_path, "back.toml", shown.output)))
    assert back.version == text and back.title == text


@pytest.mark.parametrize(
    ("key", "text"), [("name", "a\x00b"), ("version", "1\n2"), ("title", "\x1b[31m")]
)
def test_a_control_character_in_the_policy_name_version_or_title_is_refused(
    tmp_path: Path, key: str, text: str
) -> None:
    """The outputs cite these (and `policy show` prints them in a comment line, which a line
    break or NUL would end or break)."""
    head = {"name": "l", "version": "1", key: text}
    path = _write(tmp_path, "p.toml", document({}, {"policy": head}))
    with pytest.raises(ConfigError) as caught:
        load_policy(str(path))
    assert any(
        p.startswith(f"p.toml [policy] {key}: ") and "control character (U+" in p
        for p in caught.value.problems
    ), caught.value.problems


def test_a_description_may_run_over_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "p.toml", '[policy]\nname = "l"\nversion = "1"\ndescription = """\na\n\tb\n"""\n'
    )
    assert load_policy(str(path)).description == "a b"


@pytest.mark.parametrize(
    "args",
    [
        ["--config", "{long}.toml"],
        ["--config", "{sample}/audit.toml", "--policy", "{long}"],
        ["--config", "{sample}/audit.toml", "--policy", "{long}.toml"],
        ["--config", "{sample}/audit.toml", "--decisions", "{long}.csv"],
    ],
)
def test_a_path_too_long_to_look_up_is_named_not_an_internal_error(
    small: Path, tmp_path: Path, args: list[str]
) -> None:
    long = "a" * 300  # longer than a file name may be (255 bytes on most file systems)
    given = [a.format(long=long, sample=small) for a in args]
    result = _run(small, tmp_path / "out", *given)
    assert result.exit_code == 2, result.output
    assert (
        "cannot be looked up (a name in it is longer than this computer's file system allows)"
        in result.output
    )
    assert long in result.output


def test_a_config_naming_a_policy_too_long_to_look_up_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "audit.toml", f'policy = "{"p" * 300}.toml"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "audit.toml policy" in str(caught.value) and "cannot be looked up" in str(caught.value)


def test_policy_show_of_a_name_too_long_to_look_up_is_refused() -> None:
    shown = runner.invoke(app, ["policy", "show", "b" * 300])
    assert shown.exit_code == 2, shown.output
    assert "cannot be looked up" in shown.output


@pytest.mark.parametrize("day", ["0001-01-01", "1879-12-31", "2100-01-01", "9999-12-31"])
def test_an_audit_day_outside_the_years_dates_are_read_in_is_refused(
    tmp_path: Path, day: str
) -> None:
    """Before, as_of = 0001-01-01 was taken, and every date of birth in the extracts, after
    it, was refused as unreadable: the message blamed the column, not the setting."""
    path = _write(tmp_path, "audit.toml", f"[audit]\nas_of = {day}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"audit.toml [audit].as_of: {day} is outside the years")
    assert load_config(_write(tmp_path, "ok.toml", "[audit]\nas_of = 1880-01-01\n")).audit.as_of


@pytest.mark.parametrize("day", ["0001-01-01", "2100-01-01"])
def test_an_as_of_option_outside_the_years_dates_are_read_in_is_refused(
    small: Path, tmp_path: Path, day: str
) -> None:
    result = _run(small, tmp_path / "out", "--config", str(small / "audit.toml"), "--as-of", day)
    assert result.exit_code == 2, result.output
    assert f"--as-of: {day} is outside the years reconcile reads dates in" in result.output


@pytest.mark.parametrize("role", ["prison", "ind"])
def test_columns_written_under_input_are_refused_pointing_to_their_table(
    tmp_path: Path, role: str
) -> None:
    """Before, [input] prison_columns = { surnam = "Name" } was taken unchecked (a field
    misspelt passed over), and dropped without a word when [columns.prison] was given too."""
    path = _write(
        tmp_path,
        "audit.toml",
        f'[input]\n{role}_columns = {{ surnam = "Name" }}\n[columns.{role}]\nsurname = "S"\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.problems == [
        f"audit.toml [input]: {role}_columns is not a setting here; write the columns under a "
        f'table of their own, [columns.{role}], one field = "header" a line (as in surname = '
        '"Family Name")'
    ]


def test_an_encoding_with_a_nul_is_refused_in_words(tmp_path: Path) -> None:
    """codecs.lookup raises ValueError, not LookupError, for a name holding NUL."""
    path = _write(tmp_path, "audit.toml", '[input]\nencoding = "utf\\u00008"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith("audit.toml [input].encoding: 'utf\\x008' is not a known")
    with pytest.raises(ConfigError, match=r"^--encoding: 'utf\\x008' is not a known"):
        load_config(None, encoding="utf\x008")


def test_decision_keys_swapped_are_named_not_taken_as_stale(tmp_path: Path) -> None:
    """Before, a line whose prison_key and ind_key had been swapped (pasted into each other's
    column) was read, and reported by the run as stale: records changed or gone."""
    path = tmp_path / "decided.csv"
    _write_csv(
        path,
        [
            ["prison_key", "ind_key", "Decision", "Reviewer", "Note"],
            ["P-5213EBB4E08B5869", "I-D221B84D7B4861A3", "skip", "", ""],
            ["I-D221B84D7B4861A3", "P-5213EBB4E08B5869", "same person", "J. Smith", ""],
        ],
        ",",
    )
    with pytest.raises(InputError) as caught:
        read_decisions(path)
    assert str(caught.value).startswith(
        "decided.csv, row 3: the prison_key (I-D221B84D7B4861A3) is an IND record's key and "
        "the ind_key (P-5213EBB4E08B5869) a prison record's"
    )


@pytest.mark.parametrize(
    ("mark", "encoding"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
)
def test_settings_saved_by_windows_editors_with_a_byte_order_mark_are_read(
    tmp_path: Path, mark: bytes, encoding: str
) -> None:
    """Before, a config or policy file saved by Notepad with a byte order mark was 'not a
    valid TOML file (Invalid statement (at line 1, column 1))', the mark invisible; one saved
    as Notepad's "Unicode" (UTF-16) was 'not text: a spreadsheet or another document?'."""
    config = tmp_path / "audit.toml"
    config.write_bytes(mark + '[audit]\nname = "Zoë"\nseed = 7\n'.encode(encoding))
    assert load_config(config).audit.seed == 7
    assert load_config(config).audit.name == "Zoë"
    policy = tmp_path / "p.toml"
    policy.write_bytes(
        mark
        + '[policy]\nname = "l"\nversion = "1"\nbase = "2006"\n[thresholds]\nirish = 24\n'.encode(
            encoding
        )
    )
    assert load_policy(str(policy)).name == "l"
    shown = runner.invoke(app, ["policy", "show", str(policy)])
    assert shown.exit_code == 0, shown.output
    # Named as a policy when given to --config: its tables are read through the mark.
    with pytest.raises(ConfigError, match="this is a policy file"):
        load_config(policy)


_BOOK_CELLS = st.one_of(
    _DECISION_WORDS,
    st.sampled_from(['="same person"', "=A2", "=1/0", "'same person"]),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    _DATES,
    st.none(),
)


@RUNS
@given(data=st.data())
def test_run_with_the_reviewed_workbook_edited_oddly(
    small: Path, first_run: Path, data: st.DataObject
) -> None:
    """The run's own workbook given back, its Needs review sheet filled in by hand: Decision,
    Reviewer and Note cells of any kind, lines copied, keys swapped or cleared, row numbers
    edited, a copy of the sheet added."""
    book = openpyxl.load_workbook(first_run / "reconciliation.xlsx")
    sheet = book["Needs review"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header if isinstance(name, str)}
    lines = list(range(2, sheet.max_row + 1))
    assert lines, "the sample has a line to decide"
    for row in lines:
        sheet.cell(row, col["Decision"]).value = _cell_value(data.draw(_BOOK_CELLS))
        sheet.cell(row, col["Reviewer"]).value = _cell_value(
            data.draw(st.one_of(st.sampled_from(["J. Smith", "", None]), _BOOK_CELLS))
        )
        sheet.cell(row, col["Note"]).value = _cell_value(data.draw(_BOOK_CELLS))
        change = data.draw(st.sampled_from(["none", "swap", "clear", "renumber", "copy"]))
        keys = (sheet.cell(row, col["prison_key"]), sheet.cell(row, col["ind_key"]))
        if change == "swap":
            keys[0].value, keys[1].value = keys[1].value, keys[0].value
        elif change == "clear":
            data.draw(st.sampled_from(keys)).value = None
        elif change == "renumber":
            sheet.cell(row, col["Prison row"]).value = data.draw(st.integers(-1, 10_000))
        elif change == "copy":
            sheet.append([c.value for c in sheet[row]])
    if data.draw(st.booleans()):
        copy = book.copy_worksheet(sheet)
        copy.title = data.draw(st.sampled_from(["Needs review (2)", "Sheet1", "Décisions"]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviewed.xlsx"
        book.save(path)
        result = _run(
            small,
            Path(folder) / "out",
            "--config",
            str(small / "audit.toml"),
            "--decisions",
            str(path),
        )
        _exit_in_words(result, "reviewed.xlsx")
        event(f"exit {result.exit_code}")
