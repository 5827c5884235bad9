"""manifest.json: everything needed to reproduce and verify a run, and ``verify`` to check it.

The manifest holds the inputs' and outputs' SHA-256, the settings and policy in full, tool and
library versions, the seed, counts per stage, and the start time, duration and stage timings.
Only the manifest carries times; the other outputs are the same bytes for the same run.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import platform
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from reconcile import __version__
from reconcile.decisions import counts as decision_counts
from reconcile.errors import OutputError
from reconcile.result import RunResult
from reconcile.write.settings_view import input_dict, plain, settings_dict
from reconcile.write.views import (
    blank_rows_text,
    decisions_text,
    failure_people_text,
    findings_by_column,
    review_counts,
)
from reconcile.write.workbook_review import review_rows

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "reconcile-manifest/1"
# The SHA-256 of the manifest's own text as written without this key (its last): an edit to
# the manifest is found by ``verify`` even when the outputs it lists are untouched.
CONTENT_KEY = "content_sha256"
LIBRARIES = (
    "typer",
    "rapidfuzz",
    "openpyxl",
    "tabulate",
    "python-calamine",
    "xlsxwriter",
    "reportlab",
    "anyascii",
    "defusedxml",
    "rich",
    "numpy",
)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _input_entry(src_dict: dict[str, Any], path: Path) -> dict[str, Any]:
    return {**src_dict, "resolved_path": str(path.resolve())}


def _file_entry(path: Path) -> dict[str, Any]:
    return {"file": path.name, "sha256": sha256_file(path), "size": path.stat().st_size}


def _file_entries(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """_file_entry of each path, the files hashed at once on separate threads (hashlib and
    file reads let go of the interpreter): at 200,000 rows the three outputs, 223 MB, took
    0.19 s one after another."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(_file_entry, paths))


def build_manifest(
    result: RunResult, output_paths: dict[str, Path], now: datetime | None = None
) -> dict[str, Any]:
    """The manifest as a dict; ``output_paths`` maps output name -> a file with its content."""
    finished = now or datetime.now(UTC)
    inputs = {
        src.role.value: _input_entry(input_dict(src), src.path)
        for src in (result.prison_source, result.ind_source)
    }
    extra = {"decisions": result.settings.decisions_path, "config": result.settings.config.source}
    for role, path in extra.items():
        if path is not None and path.is_file():
            inputs[role] = {
                **_file_entry(path),
                "path": str(path),
                "resolved_path": str(path.resolve()),
            }
    applied, stale = decision_counts(d.status for d in result.decisions)
    review = review_counts(result)
    return {
        "format": MANIFEST_FORMAT,
        "tool": {"name": "reconcile", "version": __version__},
        "libraries": library_versions(),
        "run_id": result.run_id,
        "as_of": result.as_of.isoformat(),
        "seed": result.settings.config.audit.seed,
        "started": result.started.isoformat(),
        "duration_s": round(max(0.0, (finished - result.started).total_seconds()), 3),
        "timings_s": {k: round(v, 3) for k, v in result.timings.items()},
        "settings": settings_dict(result),
        "policy": plain(result.policy.as_dict()),
        "inputs": inputs,
        "outputs": {
            name: {**entry, "file": name}
            for name, entry in zip(output_paths, _file_entries(output_paths.values()), strict=True)
        },
        "counts": {
            **plain(result.totals),
            "candidate_pairs": result.links.candidate_pairs,
            "review_rows": len(review_rows(result)),
            "decisions_applied": applied,
            "decisions_stale": stale,
            # Only when the policy asks the s.7 exemption: other manifests stay as they were.
            **({} if result.s7_noted is None else {"s7_noted": result.s7_noted}),
        },
        "linker": plain(result.links.parameters),
        "decisions": [plain(d) for d in result.decisions],
        "notes": list(result.notes),
        # What the printed summary says beyond the counts, for `reconcile report` to print.
        "summary": {
            "review": review.text() if review.sheet else "",
            "people": failure_people_text(result),
            "findings_by_column": [list(row) for row in findings_by_column(result)],
            "decisions": decisions_text(result),
            "blank_rows": blank_rows_text(result),
        },
    }


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def sealed(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest with the digest of its own content added as its last key."""
    body = {k: v for k, v in manifest.items() if k != CONTENT_KEY}
    return {**body, CONTENT_KEY: hashlib.sha256(manifest_bytes(body)).hexdigest()}


def write_manifest(manifest: dict[str, Any], path: Path) -> None:
    """Write the manifest, sealed, to ``path`` (the caller makes the write atomic)."""
    path.write_bytes(manifest_bytes(sealed(manifest)))


def read_manifest(outdir: Path) -> dict[str, Any]:
    path = outdir / MANIFEST_NAME
    if not path.is_file():
        raise OutputError(f"{path}: no manifest found; give the folder a run wrote its outputs to")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise OutputError(
            f"{path}: not a readable manifest (it nests deeper than any manifest does); it has "
            "been replaced or damaged since the run: recover the folder's original "
            "manifest.json, or run the audit again"
        ) from None
    except json.JSONDecodeError as exc:
        raise OutputError(
            f"{path}: not a readable manifest (its text breaks off or is garbled at line "
            f"{exc.lineno}, column {exc.colno}); it has been edited or damaged since the run: "
            "recover the folder's original manifest.json, or run the audit again"
        ) from None
    except UnicodeDecodeError:
        raise OutputError(
            f"{path}: not a readable manifest (it is not text); it has been replaced or damaged "
            "since the run: recover the folder's original manifest.json, or run the audit again"
        ) from None
    except ValueError as exc:  # a number of more digits than Python reads
        raise OutputError(
            f"{path}: not a readable manifest ({exc}); it has been edited or damaged since the "
            "run: recover the folder's original manifest.json, or run the audit again"
        ) from None
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot be read ({exc.strerror or exc}); give the user running reconcile "
            "permission to read it, or recover the folder's original manifest.json"
        ) from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise OutputError(f"{path}: not a reconcile manifest (format {MANIFEST_FORMAT} expected)")
    wrong = shape_problem(data)
    if wrong:
        raise OutputError(
            f"{path}: {wrong}, not as a run writes it; it has been edited or damaged since the "
            "run: recover the folder's original manifest.json, or run the audit again"
        )
    return data


class _Items:
    """A list of so many items, each of its own kind (a row of a table)."""

    def __init__(self, *kinds: Any) -> None:
        self.kinds = kinds


_NUMBER = (int, float)
_TEXT_OR_NONE = (str, type(None))
# The parts of the manifest that verify and report read, and what each must be: a type, a
# dict of the keys checked (others are not), {"*": ...} for every value of a dict, [...] for
# every item of a list. Keys in _REQUIRED must be there; the others may be (older manifests).
_SHAPE: dict[str, Any] = {
    "format": str,
    "tool": {"name": str, "version": str},
    "libraries": {"*": str},
    "run_id": str,
    "as_of": str,
    "seed": int,
    "started": str,
    "duration_s": _NUMBER,
    "timings_s": {"*": _NUMBER},
    "settings": {"as_of": str, "outdir": str, "config": {"audit": {"name": str}}},
    "policy": {"name": str, "version": (str, int)},
    "inputs": {"*": {"path": str, "resolved_path": str, "file": str, "sha256": str, "size": int}},
    "outputs": {"*": {"file": str, "sha256": str, "size": int}},
    "counts": {"outcomes": {"*": int}, "*": int},
    "decisions": [dict],
    "notes": [str],
    "summary": {
        "review": str,
        "people": str,
        "decisions": str,
        "blank_rows": [str],
        "findings_by_column": [_Items(str, str, int, str)],
    },
    CONTENT_KEY: str,
}
_REQUIRED = {
    "": ("run_id", "as_of", "inputs", "outputs", "counts"),
    "inputs": ("prison", "ind"),
    "counts": ("outcomes", "prison_rows_read"),
}
_KINDS: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    _NUMBER: "a number",
    dict: "a table of fields",
    list: "a list",
    (str, int): "text",
}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, float) and value != value:
        return "NaN"
    for kind, words in _KINDS.items():
        if isinstance(value, kind):
            return words
    return type(value).__name__


def shape_problem(data: Any, shape: Any = _SHAPE, where: str = "") -> str | None:
    """What in the manifest is not of the kind a run writes (the first found), or None: a
    field missing, or text where a number belongs, a number past what Python holds as a
    float, a list for a table..."""
    name = where or "the manifest"
    if isinstance(shape, dict):
        if not isinstance(data, dict):
            return f"{name} is {_kind(data)} where a table of fields belongs"
        for key in _REQUIRED.get(where, ()):
            if key not in data:
                return f"field {where + '.' if where else ''}{key} is missing"
        for key, value in data.items():
            inner = shape.get(key, shape.get("*"))
            if inner is not None:
                found = shape_problem(value, inner, f"{where}.{key}" if where else str(key))
                if found:
                    return found
        return None
    if isinstance(shape, _Items):
        if not isinstance(data, list) or len(data) != len(shape.kinds):
            return f"{name} is not a list of {len(shape.kinds)} items"
        for n, (item, kind) in enumerate(zip(data, shape.kinds, strict=True), start=1):
            found = shape_problem(item, kind, f"{where}[{n}]")
            if found:
                return found
        return None
    if isinstance(shape, list):
        if not isinstance(data, list):
            return f"{name} is {_kind(data)} where a list belongs"
        for n, item in enumerate(data, start=1):
            found = shape_problem(item, shape[0], f"{where}[{n}]")
            if found:
                return found
        return None
    # NaN, infinite, or more than any count or time could be (and than a float holds)
    bad_number = isinstance(data, int | float) and not -1e18 < data < 1e18
    if isinstance(data, bool) or not isinstance(data, shape):
        return f"{name} is {_kind(data)} where {_KINDS.get(shape, 'another kind')} belongs"
    if bad_number:
        return f"{name} is {_kind(data) if data == data else 'NaN'} past any a run records"
    return None


def _check(label: str, path: Path, entry: dict[str, Any]) -> str | None:
    if path.is_symlink():
        target = os.readlink(path)
        return (
            f"{label} {path}: is a link to {target}, not the file the run wrote; put the "
            "original file back in its place"
        )
    if path.is_dir():
        return f"{label} {path}: is a folder, not the file the run wrote; recover the file"
    if not path.is_file():
        return f"{label} {path}: missing"
    try:
        actual = sha256_file(path)
    except OSError as exc:
        return (
            f"{label} {path}: cannot be read ({exc.strerror or exc}), so it cannot be checked; "
            "give the user running reconcile permission to read it"
        )
    recorded = entry.get("sha256")
    if actual != recorded:
        return f"{label} {path}: changed since the run (SHA-256 {actual}, manifest {recorded})"
    return None


def _readable_sha256(path: Path) -> str | None:
    """The file's SHA-256, or None when it cannot be read (output_problems says so)."""
    try:
        return sha256_file(path)
    except OSError:
        return None


def verify(outdir: Path, expected_sha256: str | None = None) -> list[str]:
    """Re-hash the inputs (at their recorded paths) and the outputs, check the manifest against
    its own digest (and ``expected_sha256``, the manifest file's SHA-256 noted at the end of the
    run, when given) and its counts against outcomes.csv; list every discrepancy."""
    manifest = read_manifest(outdir)
    problems = manifest_problems(outdir, manifest) + noted_digest_problems(outdir, expected_sha256)
    for role, entry in sorted(manifest.get("inputs", {}).items()):
        path = Path(entry.get("resolved_path") or entry.get("path", ""))
        problem = _check(f"input ({role})", path, entry)
        if problem:
            problems.append(problem)
    return problems + output_problems(outdir, manifest)


def noted_digest_problems(outdir: Path, expected_sha256: str | None) -> list[str]:
    """The manifest file's SHA-256 against the one noted at the end of the run, when given."""
    if expected_sha256 is None:
        return []
    actual = sha256_file(outdir / MANIFEST_NAME)
    if actual == expected_sha256.strip().lower():
        return []
    return [
        f"{MANIFEST_NAME}: its SHA-256 is {actual}, not the {expected_sha256} given: "
        "the manifest is not the one the run wrote"
    ]


def output_problems(outdir: Path, manifest: dict[str, Any]) -> list[str]:
    """Each output the manifest lists that is missing from ``outdir`` or changed since the
    run (`reconcile report` warns of these too: it reads outcomes.csv)."""
    from reconcile.write import OUTPUT_NAMES

    problems: list[str] = []
    listed = manifest.get("outputs", {})
    for name in OUTPUT_NAMES:
        if name != MANIFEST_NAME and name not in listed:
            problems.append(
                f"{MANIFEST_NAME}: does not list the output {name}, which every run writes and "
                "lists, so it cannot be checked: the manifest has been edited since the run"
            )
    for name, entry in sorted(listed.items()):
        if entry.get("file", name) != name:
            problems.append(
                f"{MANIFEST_NAME}: lists the output {name} as the file {entry.get('file')!r}; "
                "a run lists each output under its own name: the manifest has been edited"
            )
            continue
        problem = _check(f"output ({name})", outdir / name, entry)
        if problem:
            problems.append(problem)
    return problems


def manifest_problems(outdir: Path, manifest: dict[str, Any]) -> list[str]:
    """What is wrong with the manifest itself: edited since the run (its digest), or counts
    that disagree with each other or with the outcomes.csv beside it."""
    problems: list[str] = []
    if (outdir / MANIFEST_NAME).is_symlink():
        problems.append(
            f"{MANIFEST_NAME}: is a link to {os.readlink(outdir / MANIFEST_NAME)}, not the file "
            "the run wrote; put the original manifest.json back in its place"
        )
    recorded = manifest.get(CONTENT_KEY)
    if recorded is None:
        problems.append(
            f"{MANIFEST_NAME}: carries no digest of its own content ({CONTENT_KEY}), so an "
            "edit to it cannot be detected; run the audit again to get a checkable folder"
        )
    elif sealed(manifest)[CONTENT_KEY] != recorded:
        problems.append(
            f"{MANIFEST_NAME}: edited since the run (its content no longer matches the SHA-256 "
            "it recorded of itself); do not rely on its settings or counts"
        )
    elif (outdir / MANIFEST_NAME).read_bytes() != manifest_bytes(manifest):
        problems.append(
            f"{MANIFEST_NAME}: rewritten since the run: the same fields and values, but not "
            "the text the run wrote (its layout, spacing or line endings differ), so its SHA-256 "
            "is no longer the one the run printed; recover the folder's original manifest.json"
        )
    counts = manifest.get("counts", {})
    outcomes = counts.get("outcomes", {})
    if sum(outcomes.values()) != counts.get("prison_rows_read"):
        problems.append(
            f"{MANIFEST_NAME}: its outcome counts add up to {sum(outcomes.values()):,}, not to "
            f"the {counts.get('prison_rows_read', 0):,} prison rows it says were read"
        )
    entry = manifest.get("outputs", {}).get("outcomes.csv", {})
    path = outdir / entry.get("file", "outcomes.csv")
    # Compared only with the outcomes.csv the manifest lists (a changed one is reported as such).
    if path.is_file() and _readable_sha256(path) == entry.get("sha256"):
        with open(path, encoding="utf-8", newline="") as handle:
            found = Counter(row.get("outcome", "") for row in csv.DictReader(handle))
        for outcome in sorted(set(found) | set(outcomes)):
            if found.get(outcome, 0) != outcomes.get(outcome, 0):
                problems.append(
                    f"{MANIFEST_NAME}: counts {outcomes.get(outcome, 0):,} rows with outcome "
                    f"{outcome}, {path.name} holds {found.get(outcome, 0):,}"
                )
    return problems
