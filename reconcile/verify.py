"""`reconcile verify`: check an output folder against its manifest, wherever the folder and
the inputs now lie, and optionally run the audit again to show the outputs are what the
recorded inputs and settings give.

The inputs are looked for where the run read them, then by name in the folders given with
``--inputs`` (an archive, say); a file is taken as the input only when its SHA-256 is the one
the manifest recorded. A rerun writes into a temporary folder, removed afterwards, and
compares the workbook, outcomes.csv and evidence.pdf byte for byte with the folder's, and the
manifest apart from the fields that name times and places (README, Security and data
handling).
"""

from __future__ import annotations

import csv
import dataclasses
import filecmp
import io
import json
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from reconcile import __version__
from reconcile.errors import InputError, ReconcileError
from reconcile.settings import RunSettings

ROLE_WORDS = {
    "prison": "prison extract",
    "ind": "IND extract",
    "config": "config file",
    "decisions": "decisions file",
}
COMPARED = ("reconciliation.xlsx", "outcomes.csv", "evidence.pdf")
# The manifest's fields that differ between two runs of the same inputs and settings (the
# README lists them): when the run started and how long it took, and where the files lay.
VARYING = ("started", "duration_s", "timings_s", "content_sha256")
VARYING_AT = {
    "settings": ("prison_path", "ind_path", "decisions_path", "outdir"),
    "settings.config": ("source", "policy"),
    "policy": ("source",),
    "inputs.prison": ("path", "resolved_path"),
    "inputs.ind": ("path", "resolved_path"),
    "inputs.config": ("path", "resolved_path"),
    "inputs.decisions": ("path", "resolved_path"),
}
MOST_LISTED = 12


@dataclass(frozen=True)
class Located:
    """Where one input of the run was found: ``path`` is a file with the recorded SHA-256
    (None when there is none); ``problem`` says why not; ``note`` that it lay elsewhere."""

    role: str
    name: str
    path: Path | None
    problem: str | None = None
    note: str | None = None
    missing: bool = False  # not found at all (rather than found changed)


def input_folders(given: Sequence[str | Path]) -> list[Path]:
    """The folders given with --inputs, each option's value split at the path separator (':'
    here) unless it names a folder as a whole; a folder that does not exist is refused."""
    folders: list[Path] = []
    for value in given:
        text = str(value)
        parts = [text] if Path(text).is_dir() else [p for p in text.split(os.pathsep) if p]
        for part in parts:
            folder = Path(part)
            if folder.is_file():
                raise InputError(
                    f"--inputs {folder}: is a file, not a folder; give the folder that holds "
                    f"the inputs (here {folder.parent}): they are looked for by name"
                )
            if not folder.is_dir():
                raise InputError(
                    f"--inputs {folder}: folder not found; give the folder where the run's "
                    "input files now lie (an archive's copy, say)"
                )
            if folder not in folders:
                folders.append(folder)
    return folders


def _named_in(folder: Path, name: str) -> Iterator[Path]:
    """Files called ``name`` in ``folder``: directly in it first, then in its subfolders."""
    direct = folder / name
    if direct.is_file():
        yield direct
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        if Path(root) != folder and name in files:
            yield Path(root) / name


def _where(folders: Sequence[Path]) -> str:
    return ", ".join(str(f) for f in folders)


def _looked(recorded: str | Path | None, folders: Sequence[Path]) -> str:
    """'not at PATH, where the run read it, nor in DIR (or a folder in it)'."""
    looked = f"not at {recorded}, where the run read it" if recorded else "no path recorded"
    if folders:
        them = "them" if len(folders) > 1 else "it"
        looked += f", nor in {_where(folders)} (or a folder in {them})"
    return looked


def locate(
    role: str, name: str, recorded: Sequence[str], sha256: str | None, folders: Sequence[Path]
) -> Located:
    """Find the input called ``name`` with the SHA-256 recorded: at the path the run read it
    from, else in ``folders`` (and their subfolders). A file of another name is not taken."""
    from reconcile.write.manifest import sha256_file

    label = f"{ROLE_WORDS.get(role, role)} {name}"
    at = [Path(p) for p in dict.fromkeys(recorded) if p]
    seen: set[Path] = set()
    mismatched: list[tuple[Path, str]] = []
    unreadable: list[str] = []
    places = [*at, *(p for folder in folders for p in _named_in(folder, name))]
    for path in places:
        if not path.is_file() or path.resolve() in seen:
            continue
        seen.add(path.resolve())
        try:
            actual = sha256_file(path)
        except OSError as exc:
            unreadable.append(f"{path} cannot be read ({exc.strerror or exc})")
            continue
        if actual != sha256:
            mismatched.append((path, actual))
            continue
        if path in at:
            return Located(role, name, path)
        where = f"not at {at[0]}, where the run read it" if at else "no path recorded"
        if mismatched:
            first, digest = mismatched[0]
            where = f"{first} has changed since the run (SHA-256 {digest})"
        return Located(role, name, path, note=f"{label}: {where}; found unchanged at {path}")
    looked = _looked(at[0] if at else None, folders)
    if unreadable and not mismatched:
        return Located(
            role,
            name,
            None,
            problem=(
                f"{label}: {'; '.join(unreadable)}, so it cannot be checked: give the user "
                "running reconcile permission to read it, or give the folder of a readable "
                "copy with --inputs"
            ),
        )
    if mismatched:
        found = "; ".join(f"{p} has SHA-256 {d}" for p, d in mismatched)
        return Located(
            role,
            name,
            None,
            problem=(
                f"{label}: changed since the run: {found}, but the run read a file with "
                f"SHA-256 {sha256}. It is not the file the run read: find the original (a "
                "copy kept with the outputs, say) and give its folder with --inputs"
            ),
        )
    return Located(
        role,
        name,
        None,
        problem=(
            f"{label}: not found: {looked}. Give the folder that now holds it with --inputs "
            "FOLDER (it is looked for by this name; a copy under another name is not used)"
        ),
        missing=True,
    )


def locate_inputs(manifest: dict[str, Any], folders: Sequence[Path]) -> dict[str, Located]:
    """Each input the manifest lists (extracts, config file, decisions file), by role."""
    found: dict[str, Located] = {}
    listed = manifest.get("inputs", {})
    order = [*(r for r in ROLE_WORDS if r in listed), *sorted(set(listed) - set(ROLE_WORDS))]
    for role, entry in ((r, listed[r]) for r in order):
        if not isinstance(entry, dict):
            continue
        # The path as given is relative to where the run was started: only the resolved
        # one says where the run read the file.
        recorded = str(entry.get("resolved_path") or entry.get("path") or "")
        name = str(entry.get("file") or PurePath(recorded).name)
        found[role] = locate(role, name, [recorded], entry.get("sha256"), folders)
    return found


# --- the rerun ----------------------------------------------------------------------------


def _config_from(recorded: dict[str, Any], source: Path | None) -> Any:
    """The run's Config rebuilt from the settings the manifest recorded in full (the config
    file and the command's options over it, as the run applied them)."""
    from reconcile.errors import ConfigError
    from reconcile.link.config import LinkerConfig
    from reconcile.read.config import InputConfig, LimitsConfig
    from reconcile.settings import AuditConfig, Config, build_dataclass
    from reconcile.write.config import OutputConfig

    problems: list[str] = []

    def table(cls: Any, key: str, **extra: Any) -> Any:
        data = {k: v for k, v in dict(recorded.get(key) or {}).items() if v is not None}
        data.update(extra)
        fixed = {k: data.pop(k) for k in ("encoding_from", "config_file") if k in data}
        built = build_dataclass(cls, data, f"manifest.json settings.config.{key}", problems)
        return dataclasses.replace(built, **fixed)

    mode = (recorded.get("output") or {}).get("file_mode", "0o600")
    output = table(OutputConfig, "output", file_mode=int(str(mode), 8))
    config = Config(
        audit=table(AuditConfig, "audit"),
        policy=str(recorded.get("policy") or Config.policy),
        input=table(InputConfig, "input"),
        linker=table(LinkerConfig, "linker"),
        limits=table(LimitsConfig, "limits"),
        output=output,
        source=source.resolve() if source is not None else None,
    )
    if problems:
        raise ConfigError(problems)
    return config


def _policy_file(
    manifest: dict[str, Any], value: str, folders: Sequence[Path]
) -> tuple[Path | None, str | None]:
    """The policy file the run read, found by name and checked against the policy the
    manifest recorded in full (its file's hash is not recorded, its content is)."""
    from reconcile.rules import load_policy
    from reconcile.write.settings_view import plain

    name = PurePath(value).name
    wanted = {k: v for k, v in (manifest.get("policy") or {}).items() if k != "source"}
    places = [Path(value), *(p for folder in folders for p in _named_in(folder, name))]
    other: list[Path] = []
    for path in places:
        if not path.is_file():
            continue
        try:
            read = plain(load_policy(str(path)).as_dict())
        except ReconcileError:
            other.append(path)
            continue
        if {k: v for k, v in read.items() if k != "source"} == wanted:
            return path, None
        other.append(path)
    looked = _looked(value, folders)
    if other:
        return None, (
            f"policy file {name}: changed since the run: {', '.join(map(str, other))} does not "
            "hold the policy the manifest recorded; find the original and give its folder "
            "with --inputs"
        )
    return None, (
        f"policy file {name}: not found: {looked}. Give the folder that now holds it with "
        "--inputs FOLDER (it is looked for by this name; a copy under another name is not used)"
    )


def run_folder(manifest: dict[str, Any]) -> Path | None:
    """The folder the run was started in, where an input was given by a relative path (its
    path as given, and as resolved, record it); None when no input says."""
    for entry in (manifest.get("inputs") or {}).values():
        if not isinstance(entry, dict):
            continue
        given = PurePath(str(entry.get("path") or ""))
        resolved = PurePath(str(entry.get("resolved_path") or ""))
        n = len(given.parts)
        relative = n and not given.is_absolute() and ".." not in given.parts
        if relative and resolved.is_absolute() and resolved.parts[-n:] == given.parts:
            return Path(*resolved.parts[:-n])
    return None


def rerun_settings(
    manifest: dict[str, Any], found: dict[str, Located], folders: Sequence[Path], outdir: Path
) -> tuple[RunSettings | None, list[str]]:
    """The settings to run the audit again with, from the manifest and the inputs as found;
    or None and what is missing. Raises ConfigError when the recorded settings cannot be
    read back (an edited manifest)."""
    from reconcile.errors import ConfigError
    from reconcile.rules import PRESETS

    missing = [f.problem for f in found.values() if f.problem]
    for role in ("prison", "ind"):
        if role not in found:
            missing.append(f"manifest.json: records no {ROLE_WORDS[role]}")
    recorded = manifest.get("settings") or {}
    config_data = recorded.get("config") or {}
    policy = str(config_data.get("policy") or "")
    if policy and policy not in PRESETS:
        # --policy given by a relative path is recorded as given: relative to the folder the
        # run was started in, not to wherever verify is run from.
        started = run_folder(manifest) if not PurePath(policy).is_absolute() else None
        where = str(started / policy) if started is not None else policy
        path, problem = _policy_file(manifest, where, folders)
        if problem:
            missing.append(problem)
        elif path is not None:
            config_data = {**config_data, "policy": str(path.resolve())}
    if missing:
        return None, missing
    config_file = found.get("config")
    decisions = found.get("decisions")
    prison, ind = found["prison"].path, found["ind"].path
    assert prison is not None and ind is not None
    try:
        config = _config_from(config_data, config_file.path if config_file else None)
        as_of = date.fromisoformat(str(recorded.get("as_of") or manifest.get("as_of")))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"manifest.json: its recorded settings cannot be read back ({exc}); it has been "
            "edited since the run: recover the folder's original manifest.json"
        ) from None
    settings = RunSettings(
        prison_path=prison,
        ind_path=ind,
        outdir=outdir,
        config=config,
        as_of=as_of,
        decisions_path=decisions.path if decisions else None,
    )
    return settings, []


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> the sheet's name as Excel shows it, from the workbook's own index."""
    from defusedxml import ElementTree

    try:
        sheets = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): str(r.get("Target", "")).lstrip("/") for r in rels}
    names: dict[str, str] = {}
    for sheet in sheets.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        if target:
            part = target if target.startswith("xl/") else f"xl/{target}"
            names[part] = str(sheet.get("name", ""))
    return names


_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)


def _cells_differing(old: bytes, new: bytes) -> str:
    """', cells B4 and C7': the cells of a sheet part that differ (the first few), or ''."""
    before = {m.group(1): m.group(0) for m in _CELL.finditer(old)}
    after = {m.group(1): m.group(0) for m in _CELL.finditer(new)}
    refs = [r.decode() for r in [*before, *(r for r in after if r not in before)]]
    differ = [r for r in refs if before.get(r.encode()) != after.get(r.encode())]
    if not differ:
        return ""
    shown = ", ".join(differ[:5]) + (f" and {len(differ) - 5:,} more" if len(differ) > 5 else "")
    return f", cell{'s' if len(differ) > 1 else ''} {shown}"


def workbook_differences(archived: Path, rerun: Path) -> list[str]:
    """The parts of the workbook that differ, each sheet named as Excel shows it."""
    try:
        with zipfile.ZipFile(archived) as old, zipfile.ZipFile(rerun) as new:
            old_parts, new_parts = set(old.namelist()), set(new.namelist())
            sheets = {**_sheet_parts(new), **_sheet_parts(old)}
            differ = [
                n
                for n in sorted(old_parts & new_parts)
                if old.read(n) != new.read(n)  # parts of a few MB at most, one at a time
            ]
            cells = {n: _cells_differing(old.read(n), new.read(n)) for n in differ if n in sheets}
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"is not a readable workbook any more ({exc})"]

    def named(part: str) -> str:
        if part in sheets:
            return f"sheet {sheets[part]!r} ({part}{cells.get(part, '')})"
        if part == "xl/sharedStrings.xml":
            return f"the text of the cells, which every sheet shares ({part})"
        return part

    found = [named(p) for p in differ]
    found += [f"{named(p)} only in the archived workbook" for p in sorted(old_parts - new_parts)]
    found += [f"{named(p)} only in the rerun's" for p in sorted(new_parts - old_parts)]
    return found or ["the same parts, packed differently (the zip's dates or compression)"]


def _short(text: str, most: int = 60) -> str:
    return repr(text if len(text) <= most else text[: most - 1] + "…")


def csv_differences(archived: Path, rerun: Path) -> str:
    """Where outcomes.csv differs from the rerun's: the first line and column, and how many
    lines differ."""
    old_text = archived.read_bytes().decode("utf-8", errors="replace")
    new_text = rerun.read_bytes().decode("utf-8", errors="replace")
    old_rows = list(csv.reader(io.StringIO(old_text, newline="")))
    new_rows = list(csv.reader(io.StringIO(new_text, newline="")))
    header = new_rows[0] if new_rows else []
    differing = [
        n
        for n in range(max(len(old_rows), len(new_rows)))
        if (old_rows[n] if n < len(old_rows) else None)
        != (new_rows[n] if n < len(new_rows) else None)
    ]
    if not differing:
        return "the same rows and values, written differently (line endings or quoting)"
    first = differing[0]
    lines = "1 line differs" if len(differing) == 1 else f"{len(differing):,} lines differ"
    if len(old_rows) != len(new_rows):
        lines += f" (it has {len(old_rows):,} lines, the rerun's {len(new_rows):,})"
    if first >= len(old_rows) or first >= len(new_rows):
        return f"{lines}; the first at line {first + 1:,}, present in only one of them"
    old, new = old_rows[first], new_rows[first]
    cells = [
        f"column {header[c] if c < len(header) else c + 1}: "
        f"{_short(old[c]) if c < len(old) else 'nothing'} archived, "
        f"{_short(new[c]) if c < len(new) else 'nothing'} in the rerun"
        for c in range(max(len(old), len(new)))
        if (old[c] if c < len(old) else None) != (new[c] if c < len(new) else None)
    ]
    return f"{lines}; the first is line {first + 1:,}, {'; '.join(cells[:3])}"


def _without_varying(manifest: dict[str, Any]) -> dict[str, Any]:
    data = json.loads(json.dumps(manifest))
    for key in VARYING:
        data.pop(key, None)
    for where, keys in VARYING_AT.items():
        entry: Any = data
        for part in where.split("."):
            entry = entry.get(part) if isinstance(entry, dict) else None
        if isinstance(entry, dict):
            for key in keys:
                entry.pop(key, None)
    return data


def manifest_differences(archived: Any, rerun: Any, prefix: str = "") -> list[str]:
    """The dotted names of the fields that differ (a list's items numbered from 1)."""
    if isinstance(archived, dict) and isinstance(rerun, dict):
        found: list[str] = []
        for key in [*archived, *(k for k in rerun if k not in archived)]:
            where = f"{prefix}.{key}" if prefix else str(key)
            if key not in rerun:
                found.append(f"{where} (only in the archived manifest)")
            elif key not in archived:
                found.append(f"{where} (only in the rerun's)")
            else:
                found += manifest_differences(archived[key], rerun[key], where)
        return found
    if isinstance(archived, list) and isinstance(rerun, list) and len(archived) == len(rerun):
        return [
            d
            for n, (a, b) in enumerate(zip(archived, rerun, strict=True), start=1)
            for d in manifest_differences(a, b, f"{prefix}[{n}]")
        ]
    return [] if archived == rerun else [prefix or "(the whole manifest)"]


def compare_outputs(outdir: Path, fresh: Path) -> list[str]:
    """Each way the archived outputs differ from the rerun's, one line each."""
    from reconcile.write.manifest import MANIFEST_NAME

    differences: list[str] = []
    for name in COMPARED:
        old, new = outdir / name, fresh / name
        if not old.is_file():
            differences.append(f"{name}: missing from {outdir}, so it cannot be compared")
            continue
        if filecmp.cmp(old, new, shallow=False):  # read in blocks, not whole
            continue
        if name == "reconciliation.xlsx":
            parts = workbook_differences(old, new)
            differences.append(f"{name}: differs from the rerun's in {'; '.join(parts)}")
        elif name == "outcomes.csv":
            differences.append(f"{name}: differs from the rerun's: {csv_differences(old, new)}")
        else:
            differences.append(
                f"{name}: differs from the rerun's ({old.stat().st_size:,} bytes archived, "
                f"{new.stat().st_size:,} in the rerun)"
            )
    try:
        archived = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [*differences, f"{MANIFEST_NAME}: not readable, so it cannot be compared"]
    rerun = json.loads((fresh / MANIFEST_NAME).read_text(encoding="utf-8"))
    fields = manifest_differences(_without_varying(archived), _without_varying(rerun))
    if fields:
        more = f" and {len(fields) - MOST_LISTED:,} more" if len(fields) > MOST_LISTED else ""
        counted = "1 field differs" if len(fields) == 1 else f"{len(fields):,} fields differ"
        differences.append(
            f"{MANIFEST_NAME}: {counted} "
            "from the rerun's, beyond its times and paths: "
            f"{', '.join(fields[:MOST_LISTED])}{more}"
        )
    return differences


def versions_note(manifest: dict[str, Any]) -> list[str]:
    """What differs between the versions the run recorded and those installed here: a
    reason, then, for the outputs to differ."""
    from reconcile.write.manifest import library_versions

    lines: list[str] = []
    then = (manifest.get("tool") or {}).get("version")
    if then != __version__:
        lines.append(
            f"Note: the run was made with reconcile {then}, this is reconcile {__version__}: "
            "the rerun may differ for that reason alone."
        )
    recorded = manifest.get("libraries") or {}
    now = library_versions()
    changed = [
        f"{name} {recorded.get(name)} then, {version} now"
        for name, version in now.items()
        if recorded.get(name) != version
    ]
    if changed:
        lines.append(
            "Note: libraries differ from the run's (" + "; ".join(changed) + "): the rerun may "
            "differ for that reason alone."
        )
    return lines


def rerun(outdir: Path, settings: RunSettings, progress: bool = False) -> list[str]:
    """Run the audit again into a temporary folder (removed afterwards) and compare its
    outputs with those in ``outdir``; with ``progress``, a bar per stage on stderr, as the
    run shows them."""
    from reconcile.pipeline import run
    from reconcile.progress import StageProgress
    from reconcile.write import write_outputs

    with (
        tempfile.TemporaryDirectory(prefix="reconcile-rerun-") as scratch,
        StageProgress(enabled=progress) as stages,
    ):
        fresh = Path(scratch) / "out"
        result = run(dataclasses.replace(settings, outdir=fresh), on_stage=stages.stage)
        stages.stage("write")
        write_outputs(result, fresh, force=False)
        stages.stage("compare")
        return compare_outputs(outdir, fresh)


# --- the command ----------------------------------------------------------------------------


def verify_outdir(
    outdir: Path,
    manifest_sha256: str | None = None,
    inputs: Sequence[str | Path] = (),
    rerun_run: bool = False,
    progress: bool = False,
) -> tuple[bool, str]:
    """`reconcile verify`: (everything unchanged, and reproduced when asked?, the text to
    print). ``progress``: while rerunning, say so on stderr (how long the run took) and show
    a bar per stage, as `reconcile run` does."""
    from reconcile.app import _check_run_folder
    from reconcile.write.manifest import (
        manifest_problems,
        noted_digest_problems,
        output_problems,
        read_manifest,
    )

    _check_run_folder(outdir)
    if manifest_sha256 is not None and not re.fullmatch(
        r"[0-9a-fA-F]{64}", manifest_sha256.strip()
    ):
        raise InputError(
            f"--manifest-sha256 {manifest_sha256!r}: not a SHA-256 digest; give the 64 hex "
            "characters the run printed after 'manifest.json SHA-256'"
        )
    folders = input_folders(inputs)
    manifest = read_manifest(outdir)
    problems = manifest_problems(outdir, manifest) + noted_digest_problems(outdir, manifest_sha256)
    found = locate_inputs(manifest, folders)
    problems += [f.problem for f in found.values() if f.problem]
    problems += output_problems(outdir, manifest)
    lines = [*versions_note(manifest)] if rerun_run else []
    moved = [f"  {f.note}" for f in found.values() if f.note]
    if moved:
        moved.insert(0, "Inputs not where the run read them, found by name and SHA-256:")
    if not problems:
        checked = " and the manifest is the one noted" if manifest_sha256 else ""
        lines.append(
            f"{outdir}: all inputs and outputs match the manifest, the manifest matches its own "
            f"digest and its counts agree with outcomes.csv{checked}."
        )
        lines += moved
    else:
        counted = "1 difference" if len(problems) == 1 else f"{len(problems)} differences"
        lines.append(f"{outdir}: {counted} from the manifest:")
        lines += [f"  - {p}" for p in problems]
        lines += moved
        if all(any(p == f.problem for f in found.values() if f.missing) for p in problems):
            lines.append(
                "The outputs and the manifest are as the run left them, but the inputs could "
                "not be checked: give the folder that now holds them (the archive's copy, say) "
                "with --inputs."
            )
        else:
            lines.append(
                "This folder is not as the run left it: do not rely on it. Recover the "
                "original files (or the input files the run read, giving their folder with "
                "--inputs), or run the audit again on the same inputs with the same --as-of."
            )
    lines += unlisted_note(outdir, manifest)
    if not rerun_run:
        return not problems, "\n".join(lines)
    reproduced, text = _rerun_text(outdir, manifest, found, folders, problems, progress)
    return not problems and reproduced, "\n".join([*lines, *text])


def unlisted_note(outdir: Path, manifest: dict[str, Any]) -> list[str]:
    """A note of what else the folder holds: files the manifest does not list, not written by
    the run (or there before it: a run may be given a folder that is not empty), not checked."""
    from reconcile.write import OUTPUT_NAMES

    known = {*OUTPUT_NAMES, *manifest.get("outputs", {})}
    try:
        others = sorted(p.name for p in outdir.iterdir() if p.name not in known)
    except OSError:
        return []
    if not others:
        return []
    more = f" and {len(others) - 5:,} more" if len(others) > 5 else ""
    return [
        f"Note: {outdir} also holds {', '.join(map(repr, others[:5]))}{more}, which the "
        "manifest does not list: not written by the run (or there before it), and not checked. "
        "The run's files are those the manifest lists."
    ]


def _rerunning_text(manifest: dict[str, Any]) -> str:
    """What the terminal shows while the rerun runs: what it is doing and about how long the
    archived run took."""
    took = manifest.get("duration_s")
    took_text = ""
    if isinstance(took, int | float) and not isinstance(took, bool) and 0 <= took < 1e9:
        # Whole seconds, or tenths under 10 s (a run of the small samples takes under 1 s).
        took_text = (
            f"; the archived run took {took:,.0f} s"
            if took >= 10
            else f"; the archived run took {took:.1f} s"
        )
    return (
        f"Running the audit {manifest.get('run_id', '?')} again in a temporary folder, to "
        f"compare its outputs with these{took_text}."
    )


def _rerun_text(
    outdir: Path,
    manifest: dict[str, Any],
    found: dict[str, Located],
    folders: Sequence[Path],
    listed: Sequence[str],
    progress: bool = False,
) -> tuple[bool, list[str]]:
    """Run again (when every input is at hand) and say whether the outputs are reproduced."""
    run_id = manifest.get("run_id", "?")
    try:
        settings, missing = rerun_settings(manifest, found, folders, outdir)
    except ReconcileError as exc:
        return False, [f"Rerun of {run_id}: not possible: {exc}"]
    if settings is None:
        new = [m for m in missing if m not in listed]
        said = " (see above)" if len(new) < len(missing) else ""
        return False, [
            f"Rerun of {run_id}: not possible, the run's inputs are not all at hand{said}"
            + (":" if new else "; give the folders that hold them with --inputs."),
            *(f"  - {m}" for m in new),
        ]
    if progress:
        print(_rerunning_text(manifest), file=sys.stderr, flush=True)
    try:
        differences = rerun(outdir, settings, progress)
    except ReconcileError as exc:
        return False, [f"Rerun of {run_id}: stopped: {exc}"]
    as_of = manifest.get("as_of", "?")
    if not differences:
        return True, [
            f"Rerun of {run_id} (as of {as_of}) from the inputs and settings the manifest "
            "records: reproduced: identical (reconciliation.xlsx, outcomes.csv and evidence.pdf "
            "byte for byte; manifest.json but for its times and paths)."
        ]
    counted = "1 difference" if len(differences) == 1 else f"{len(differences)} differences"
    return False, [
        f"Rerun of {run_id} (as of {as_of}) from the inputs and settings the manifest records: "
        f"not reproduced, {counted}:",
        *(f"  - {d}" for d in differences),
        "The outputs in this folder are not what the run's inputs and settings give: they "
        "have been altered since the run (or were made by another version; see any note "
        "above). Do not rely on them; run the audit again from the inputs.",
    ]
