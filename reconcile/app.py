"""The application layer: what each command does, called by the CLI with plain values.

Builds the settings once, runs the pipeline, hands the result to the writers and returns the
text the CLI prints. Raises the project's errors; never prints or exits.
"""

from __future__ import annotations

import dataclasses
import gc
import re
from datetime import date
from pathlib import Path
from typing import Any

from reconcile.errors import ConfigError, InputError, OutputError
from reconcile.model import LinkStatus, Role
from reconcile.settings import (
    Config,
    RunSettings,
    as_of_origin,
    backslash_hint,
    load_config,
    lookup_problem,
)

SUMMARY_FORMATS = ("text", "markdown", "grid")


def _check_format(fmt: str) -> None:
    if fmt not in SUMMARY_FORMATS:
        raise ConfigError(
            f"--format {fmt!r} is not known; use one of: {', '.join(SUMMARY_FORMATS)}"
        )


# Files an auditor may give by mistake in place of a spreadsheet, by their extension.
_NOT_SPREADSHEETS = {
    ".toml": "a settings file, not a spreadsheet: give it with --config (or --policy)",
    ".json": "a JSON file, not a spreadsheet",
    ".pdf": "a PDF document, not a spreadsheet",
    ".docx": "a Word document, not a spreadsheet",
    ".doc": "a Word document, not a spreadsheet",
}


def _lock_owner(path: Path) -> str:
    """For Excel's or LibreOffice's lock file ('~$name.xlsx', '.~lock.name.xlsx#'), the name
    of the workbook it stands for; "" for any other file."""
    name = path.name
    if name.startswith("~$") and len(name) > 2:
        return name[2:]
    if name.startswith(".~lock.") and name.endswith("#"):
        return name[len(".~lock.") : -1]
    return ""


_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv")


def _held(folder: Path, most: int = 5) -> str:
    """' (the folder holds a.xlsx, b.csv)': the spreadsheets in a folder given for a file."""
    try:
        names = sorted(
            p.name
            for p in folder.iterdir()
            if p.suffix.lower() in _SPREADSHEETS and p.is_file() and not _lock_owner(p)
        )
    except OSError:
        return ""
    if not names:
        return ""
    more = f" and {len(names) - most:,} more" if len(names) > most else ""
    return f" (the folder holds {', '.join(names[:most])}{more})"


def _earlier_output(path: Path, what: str) -> str:
    """Why ``path`` cannot be the ``what`` ("" when it may be): a file a run wrote (its
    folder holds the run's manifest), or a copy of an outcomes.csv (by its header)."""
    import json

    from reconcile.write import OUTPUT_NAMES

    manifest = path.parent / "manifest.json"
    if path.name in OUTPUT_NAMES and manifest.is_file():
        read = ""
        try:
            inputs = json.loads(manifest.read_text(encoding="utf-8")).get("inputs", {})
            role = "prison" if what == "prison extract" else "ind"
            source = inputs.get(role, {}).get("path")
            if isinstance(source, str) and source:
                read = f" (the run that wrote it read {source})"
        except (OSError, ValueError, AttributeError):
            read = ""
        return (
            f"{path}: this is an output of an earlier reconcile run, not the {what}; give the "
            f"{what} itself{read}"
        )
    try:
        with path.open("rb") as handle:
            start = handle.read(64)
    except OSError:
        return ""
    if start.lstrip(b"\xef\xbb\xbf").startswith(b"source_file,source_sheet,source_row,"):
        return (
            f"{path}: this is the outcomes.csv of an earlier reconcile run, not the {what}; "
            f"give the {what} itself"
        )
    return ""


def _near(path: Path) -> str:
    """' (did you mean X?)': a file in the same folder whose name is close to a name not
    found; "" when there is none (or the folder does not exist)."""
    import difflib

    folder = path.parent
    try:
        names = [p.name for p in folder.iterdir() if p.is_file() and not _lock_owner(p)]
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.8)
    return f" (did you mean {folder / close[0]}?)" if close else ""


def _check_input(path: Path, what: str) -> None:
    owner = _lock_owner(path)
    if owner:
        raise InputError(
            f"{path}: this is the small lock file Excel (or LibreOffice) leaves beside a "
            f"workbook while it is open, not the {what}; give {owner} instead, after saving "
            "and closing it"
        )
    if (unreachable := lookup_problem(path, what)) is not None:
        raise InputError(unreachable)
    if not path.exists():
        if hint := backslash_hint(path):
            raise InputError(f"{path}: {what} not found{hint}")
        raise InputError(f"{path}: {what} not found; check the path and the file name{_near(path)}")
    if path.is_dir():
        raise InputError(
            f"{path}: is a folder, not a file; give the path of the {what}{_held(path)}"
        )
    if what in ("prison extract", "IND extract") and (earlier := _earlier_output(path, what)):
        raise InputError(earlier)
    kind = _NOT_SPREADSHEETS.get(path.suffix.lower())
    if kind is not None:
        raise InputError(
            f"{path}: this is {kind}; in its place give the {what} (.xlsx, .xls, .ods, .csv "
            "or .tsv)"
        )


def _check_out(path: Path, option: str = "-o") -> None:
    """Refuse an output path written with backslashes, as on Windows, that does not exist:
    here it would make one folder with backslashes in its name."""
    text = str(path)
    if "\\" in text and not path.exists():
        raise InputError(
            f"{option} {text}: on this computer folders are separated by '/', not '\\'; "
            f"give {text.replace(chr(92), '/')}"
        )


def _same_content(first: Path, second: Path) -> bool:
    """Whether two paths are one file (the same path, a link to it) or a copy of it."""
    if first.resolve() == second.resolve():
        return True
    try:
        return first.samefile(second) or (
            first.stat().st_size == second.stat().st_size
            and first.read_bytes() == second.read_bytes()
        )
    except OSError:
        return False


def _check_distinct(first: Path, second: Path, first_what: str, second_what: str) -> None:
    """Refuse one file given twice (the same path, or a copy with the same content)."""
    if _same_content(first, second):
        copy = "" if first.resolve() == second.resolve() else f" ({second} is a copy of it)"
        raise InputError(
            f"{first}: the same file was given as both the {first_what} and the "
            f"{second_what}{copy}; give the {first_what} first, then the {second_what}"
        )


def build_settings(
    prison_file: Path,
    ind_file: Path,
    *,
    outdir: Path,
    config_path: Path | None = None,
    as_of: date | None = None,
    policy: str | None = None,
    decisions: Path | None = None,
    prison_sheet: str | None = None,
    ind_sheet: str | None = None,
    encoding: str | None = None,
    force: bool = False,
    progress: bool = False,
) -> RunSettings:
    """Combine the config file and the command's options (options win) into RunSettings."""
    _check_input(prison_file, "prison extract")
    _check_input(ind_file, "IND extract")
    _check_distinct(prison_file, ind_file, "prison extract", "IND extract")
    _check_out(outdir)
    # Every problem of the config file and of the --policy and --encoding options, at once.
    config = load_config(config_path, policy=policy, encoding=encoding)
    options = {"prison_sheet": prison_sheet, "ind_sheet": ind_sheet}
    changes: dict[str, Any] = {k: v for k, v in options.items() if v is not None}
    if changes:
        config = dataclasses.replace(config, input=dataclasses.replace(config.input, **changes))
    when = as_of or config.audit.as_of or date.today()
    if decisions is not None:
        _check_input(decisions, "decisions file")
    return RunSettings(
        prison_path=prison_file,
        ind_path=ind_file,
        outdir=outdir,
        config=config,
        as_of=when,
        as_of_from=as_of_origin(config, as_of),
        force=force,
        decisions_path=decisions,
        progress=progress,
    )


def audit_run(settings: RunSettings, fmt: str = "text") -> str:
    """`reconcile run`: returns the summary to print."""
    from reconcile.pipeline import run
    from reconcile.progress import StageProgress
    from reconcile.write import render_summary, write_outputs
    from reconcile.write.manifest import sha256_file
    from reconcile.write.outputs import output_paths
    from reconcile.write.safe import check_output_paths

    _check_format(fmt)
    # Refuse before the work, not after it.
    inputs = [settings.prison_path, settings.ind_path]
    if settings.decisions_path is not None:
        inputs.append(settings.decisions_path)
    check_output_paths(output_paths(settings.outdir).values(), inputs, settings.force)
    with StageProgress(enabled=settings.progress) as stages:
        result = run(settings, on_stage=stages.stage)
        stages.stage("write")
        # The run's objects stay out of the collector's sight from here to the end of the
        # process: they hold no reference cycles (reference counting still frees them), and
        # one full collection walking them all, while writing, printing the summary or at
        # exit, cost 0.55 s at 200,000 rows a side. (write_outputs freezes them anyway,
        # for callers of the pipeline API, and unfreezes only what it froze.)
        gc.freeze()
        paths = write_outputs(result, settings.outdir, force=settings.force)
    text = render_summary(result, fmt)
    lines = [text, "", f"Outputs in {settings.outdir}:"]
    lines += [f"  {path.name}" for path in paths.values()]
    manifest = paths.get("manifest.json")
    if manifest is not None:
        # Noted in the working papers, it lets `reconcile verify` show the folder's manifest
        # is the one this run wrote.
        lines += [f"manifest.json SHA-256: {sha256_file(manifest)}"]
    return "\n".join(lines)


# The most people `reconcile sample` invents: its lists of names run out between 50,000 and
# 100,000 people (--people 100000 stopped, after a minute's work, at person 79,556).
SAMPLE_MAX_PEOPLE = 50_000


def _check_sample_args(outdir: Path, people: int) -> None:
    """Refuse, before the work, a --people the sample cannot be made of and a folder the
    sample cannot be written into (a missing one is created)."""
    import os
    import tempfile

    from reconcile.synth.scenario import MIN_PEOPLE

    if not MIN_PEOPLE <= people <= SAMPLE_MAX_PEOPLE:
        raise ConfigError(
            f"--people {people}: a sample holds from {MIN_PEOPLE} people (fewer cannot carry "
            f"the published 2006 figures, scaled down) to {SAMPLE_MAX_PEOPLE:,} (more would run "
            f"out of distinct names); give a number from {MIN_PEOPLE} to {SAMPLE_MAX_PEOPLE:,}"
        )
    if outdir.exists() and not outdir.is_dir():
        return  # generate_sample says so, in its own words
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".reconcile-sample.", suffix=".part", dir=outdir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            f"{outdir}: cannot write the sample there ({exc.strerror}); check that you may "
            "write to that folder, or choose another with -o"
        ) from None


def make_sample(outdir: Path, people: int | None, seed: int, force: bool = False) -> str:
    """`reconcile sample`: returns what was written."""
    from reconcile.synth import DEFAULT_PEOPLE, generate_sample

    people = DEFAULT_PEOPLE if people is None else people
    _check_out(outdir)
    _check_sample_args(outdir, people)
    try:
        files = generate_sample(outdir, people=people, seed=seed, overwrite=force)
    except OSError as exc:
        raise OutputError(
            f"{outdir}: could not write the sample ({exc.strerror}); check the space free on "
            "the disk and that you may write to that folder, or choose another with -o"
        ) from None
    return (
        f"Wrote a sample of {files.people:,} people ({files.prison_rows:,} prison rows, "
        f"{files.ind_rows:,} IND records; {files.failures:,} truly not considered):\n"
        + "\n".join(f"  {p}" for p in (files.prison, files.ind, files.audit, files.truth))
        + f"\nTry: reconcile run {files.prison} {files.ind} --config {files.audit}"
    )


# Names a spreadsheet program opens as a workbook: links.csv is CSV text, which Excel refuses
# to open under one of them ("the file format or extension is not valid").
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def _prepare_links_output(out: Path, inputs: list[Path], force: bool, option: str = "-o") -> None:
    """Refuse, before any reading, an output ``match`` could not or should not write: a
    workbook's name, an input, a folder, an existing file without ``force``, or a folder it
    cannot write into. A missing folder is created, as `run` creates its output folder.
    ``option`` is the option that named it, as the messages say what to give instead."""
    import os
    import tempfile

    from reconcile.write.safe import same_file

    if out.suffix.lower() in _WORKBOOK_SUFFIXES:
        what = "the links are" if option == "-o" else "the rows not linked are"
        raise OutputError(
            f"{out}: {what} written as CSV, which a spreadsheet program will not open under "
            f"a {out.suffix} name; give a name ending .csv, e.g. {option} {out.with_suffix('.csv')}"
        )
    for inp in inputs:
        if same_file(out, inp):
            raise OutputError(
                f"{out}: this output would overwrite the input file {inp}; "
                f"choose another output file with {option}"
            )
    if out.is_dir():
        name = "links.csv" if option == "-o" else "unlinked.csv"
        raise OutputError(
            f"{out}: is a folder; give the CSV file to write, e.g. {option} {out / name}"
        )
    if (out.exists() or out.is_symlink()) and not force:
        raise OutputError(
            f"{out}: already exists; use --force to replace it or {option} to write elsewhere"
        )
    folder = out.parent
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"{folder}: is a file, not a folder, so {out.name} cannot be written in it; "
            f"choose another output file with {option}"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, probe = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            f"{folder}: cannot write the output file there ({exc.strerror}); check that you "
            f"may write to that folder, or choose another output file with {option}"
        ) from None


def _totals_lines(rows: list[tuple[str, int | None]]) -> list[str]:
    """Label and count lines, the counts aligned (a heading has no count)."""
    width = max(len(label) for label, _ in rows) + 2
    return [label if n is None else f"{label:<{width}}{n:>9,}" for label, n in rows]


def _findings_lines(lists: list[list[Any]], most: int = 12) -> list[str]:
    """The lists' data-quality findings (one list of findings per list of people) by list and
    column, the commonest first, each with its first example: where to look when a row's
    value is missing from the links file. Counted per list, not per file name: two lists may
    be one file given twice, or two files of one name in different folders."""
    from collections import Counter

    findings = [(n, f) for n, group in enumerate(lists) for f in group]
    if not findings:
        return []
    counts: Counter[tuple[int, str, str]] = Counter((n, f.file, f.column) for n, f in findings)
    first: dict[tuple[int, str, str], Any] = {}
    for n, f in findings:
        first.setdefault((n, f.file, f.column), f)
    order = sorted(counts, key=lambda k: (k[0], -counts[k], k[2], k[1]))
    lines = [
        "",
        f"Data-quality findings: {len(findings):,} (values that could not be read, or were "
        "read with a doubt; a value not read counts as missing when rows are compared)",
    ]
    named = {n: f"{'first' if n == 0 else 'second'} list, " for n, _ in findings}
    if len({f.file for _, f in findings}) == len(named):
        named = dict.fromkeys(named, "")  # the file names tell the lists apart
    for key in order[:most]:
        f = first[key]
        where = f"row {f.row}" + (f" of sheet {f.sheet!r}" if f.sheet else "")
        lines.append(
            f"  {named[key[0]]}{f.file}, {f.column or '(the file)'}: {counts[key]:,}; "
            f"e.g. {where}: {f.problem}"
        )
    if len(order) > most:
        lines.append(f"  and {len(order) - most:,} more columns with findings")
    return lines


def _same_list_note(left: Path, right: Path, rows: Any, all_candidates: bool) -> list[str]:
    """What the links mean when one list was given twice: each row is linked to itself, and
    only a link between two different rows says anything (the rows are taken for one
    person: duplicates within the list)."""
    between = {
        frozenset(((one[1], one[2]), (other[1], other[2])))
        for one, other, _, labels, _ in rows
        if labels[-1] == "linked" and (one[1], one[2]) != (other[1], other[2])
    }
    copy = "" if left.resolve() == right.resolve() else f" ({right.name} is a copy of {left.name})"
    n = len(between)
    lines = [
        f"Both lists are the same file{copy}: every row is linked to itself, which says "
        f"nothing. {n:,} pair{'' if n == 1 else 's'} of different rows {'is' if n == 1 else 'are'} "
        "linked (left_row differs from right_row; a pair may show once each way): rows taken "
        "for one person, duplicates within the list."
    ]
    if all_candidates:
        lines.append(
            "Each row's best candidate is the row itself, so its other candidates show a lower "
            "probability than they would against another list."
        )
    return lines


def _without_dob_lines(lists: list[tuple[str, Any, list[Any]]]) -> list[str]:
    """What the summary says when a list has no date of birth on any row (no column for it,
    or a column holding none): the links rest on names and identifiers alone. ``lists``:
    per list, "first" or "second", its source and its records."""
    from reconcile.model import birth

    lacking = [
        (side, source)
        for side, source, records in lists
        if records and all(birth(r) is None for r in records)
    ]
    if not lacking:
        return []
    lines = [""]
    for side, source in lacking:
        column = source.mapping.get("dob")
        what = (
            f"its date of birth column ({column!r}) holds no date in any row"
            if column
            else "it has no date of birth column"
        )
        lines.append(f"No date of birth in the {side} list ({source.place}): {what}.")

    # What both lists hold some value of, as the model weighs them (training.lacking): a
    # column mapped but empty in either list counts for nothing.
    def held(field: str) -> bool:
        return all(any(getattr(r, field) for r in records) for _, _, records in lists)

    ids = (
        "names and the prison number"
        if held("prison_number")
        else "names (the two lists do not both hold prison numbers)"
    )
    also = ", with nationality where given" if held("nationality") else ""
    lines.append(
        f"Links rest on {ids} alone{also}: weaker evidence than "
        "with dates of birth, so two people of the same name are told apart only by those, "
        'and more rows are held for review. The dob_level column reads "not weighed" '
        "for every pair weighed. Check the links before relying on them."
    )
    return lines


def _not_weighed_lines(parameters: dict[str, object]) -> list[str]:
    """The fields weighed at nothing because a list holds none of them, each with why as the
    model's m_source says it (the date of birth's is said by _without_dob_lines); and the
    PNC / CRO field when it was weighed within one list only, as its m_source says it
    ("within the first list only (the second list has no PNC ID or CRO number)")."""
    from reconcile.link.explain import FIELD_WORDS
    from reconcile.link.training import model_sources, within_lists
    from reconcile.write.evidence_method import not_weighed

    said = [
        f"  {field} ({why})"
        for field, why in not_weighed(parameters)
        if why.startswith("not weighed: ") and field != FIELD_WORDS["dob"]
    ]
    lines = ["", "Not weighed in any pair (a list holds none of it):", *said] if said else []
    within = within_lists(model_sources(parameters).get("police_id", ""))
    if within:
        lines += [
            "",
            "Weighed only between two rows of one list, not across the lists:",
            f"  {FIELD_WORDS['police_id']}: {within}",
        ]
    return lines


def match_files(
    left: Path,
    right: Path,
    out: Path,
    config_path: Path | None,
    all_candidates: bool,
    force: bool,
    *,
    left_sheet: str | None = None,
    right_sheet: str | None = None,
    encoding: str | None = None,
    unlinked: Path | None = None,
) -> str:
    """`reconcile match`: link two people lists and write one CSV row per link (or per scored
    candidate pair), and with ``unlinked`` one per row of either list not linked; returns the
    summary to print, with each list's control totals."""
    from reconcile.extracts import read_records
    from reconcile.link import match_rows
    from reconcile.write.links_csv import (
        LinkCounts,
        unlinked_rows,
        write_links_csv,
        write_unlinked_csv,
    )

    _check_input(left, "first list")
    _check_input(right, "second list")
    _check_out(out)
    config = load_config(config_path, encoding=encoding)
    sheets = {"prison_sheet": left_sheet, "ind_sheet": right_sheet}
    changes: dict[str, Any] = {k: v for k, v in sheets.items() if v is not None}
    if changes:
        config = dataclasses.replace(config, input=dataclasses.replace(config.input, **changes))
    # Refuse before the work, not after it (as `run` does).
    _prepare_links_output(out, [left, right], force)
    if unlinked is not None:
        _check_out(unlinked, "--unlinked")
        if unlinked.resolve() == out.resolve():
            raise OutputError(
                f"{unlinked}: is the links file too (-o); give --unlinked another file, e.g. "
                f"--unlinked {out.with_name(out.stem + '-unlinked.csv')}"
            )
        _prepare_links_output(unlinked, [left, right], force, "--unlinked")
    same = _same_content(left, right)
    # Both lists read at once, the second's records built while the first is still parsed.
    # Two-digit birth years are judged against the audit date, as `run` judges them. The
    # lists are read first as needing a date of birth, as ever (a sheet without one is then
    # not taken for a list); only when that cannot be done, as needing a name alone: a list
    # without a date of birth is linked on names and identifiers (the summary and the links
    # file say so).
    when, origin = config.audit.as_of, as_of_origin(config, None)
    try:
        read = read_records(
            left, right, config, reference=when, reference_from=origin, require=("name", "dob")
        )
    except InputError:
        read = read_records(
            left, right, config, reference=when, reference_from=origin, require=("name",)
        )
    left_records, right_records = read.prison.records, read.ind.records
    rows = match_rows(
        left_records,
        right_records,
        config.linker,
        config.audit.seed,
        all_candidates=all_candidates,
    )
    counts = LinkCounts()
    written = write_links_csv(out, rows.columns, rows, mode=config.output.file_mode, counts=counts)
    n_left, n_right = len(left_records), len(right_records)
    left_aside, right_aside = len(read.prison.source.skipped), len(read.ind.source.skipped)
    what = "candidate pair" if all_candidates else "link"
    head = f"{written:,} {what}{'' if written == 1 else 's'} written to {out}"
    linked, right_linked = len(counts.left_linked), len(counts.right_linked)
    totals: list[tuple[str, int | None]] = [
        (f"First list: {read.prison.source.place}", None),
        ("  data rows found", n_left + left_aside),
        ("  set aside (not people: totals, notes, headings, repeated headers)", left_aside),
        ("  rows read", n_left),
        ("  linked", linked),
    ]
    review = rows.decided[LinkStatus.REVIEW.value]
    if all_candidates:
        # By the linker's decisions, as --unlinked lists the rows: a row's best candidate may
        # be another row's pair (a record of the same person), not a pair of the file's own.
        decisions = rows.linked.result.decisions if rows.linked is not None else []
        weak = sum(1 for d in decisions if d.status == LinkStatus.NONE and d.best is not None)
        totals += [
            ("  held for review as doubtful (needs_review)", review),
            ("  not linked, best candidate not good enough (no_link)", weak),
            ("  not linked, no candidate near enough to weigh", n_left - linked - review - weak),
        ]
    else:
        totals += [
            ("  held for review as doubtful (not in the file)", review),
            ("  not linked, no candidate good enough", n_left - linked - review),
        ]
    totals += [
        (f"Second list: {read.ind.source.place}", None),
        ("  data rows found", n_right + right_aside),
        ("  set aside (not people: totals, notes, headings, repeated headers)", right_aside),
        ("  rows read", n_right),
        ("  linked to a row of the first list", right_linked),
        ("  not linked", n_right - right_linked),
    ]
    lines = [head]
    if unlinked is not None and rows.linked is not None:
        left_out = unlinked_rows(left_records, right_records, rows.linked)
        n_out = write_unlinked_csv(unlinked, left_out, mode=config.output.file_mode)
        lines.append(
            f"{n_out:,} row{'' if n_out == 1 else 's'} not linked (of either list) written to "
            f"{unlinked}"
        )
    lines += ["", *_totals_lines(totals)]
    lines += _without_dob_lines(
        [("first", read.prison.source, left_records), ("second", read.ind.source, right_records)]
    )
    if rows.linked is not None:
        lines += _not_weighed_lines(rows.linked.result.parameters)
    if same:
        lines += ["", *_same_list_note(left, right, rows, all_candidates)]
    lines += _findings_lines(
        [
            [*read.prison.read_findings, *read.prison.findings],
            [*read.ind.read_findings, *read.ind.findings],
        ]
    )
    if not all_candidates:
        lines += [
            "",
            "A row held for review as doubtful is not a link: --all-candidates writes every "
            "candidate pair weighed, each with its status.",
        ]
    return "\n".join(lines)


def inspect_path(
    file: Path,
    role: str | None,
    config_path: Path | None,
    sheet: str | None,
    encoding: str | None = None,
    *,
    every: bool = False,
) -> str:
    """`reconcile inspect`: how a file will be read (a CSV file in ``encoding`` when given, as
    `run --encoding` reads it); ``every``: each kind of finding in cells with all its cells."""
    from reconcile.read import inspect_file, render_inspection

    _check_input(file, "spreadsheet")
    config: Config = load_config(config_path, encoding=encoding)
    chosen: Role | None = None
    if role is not None:
        try:
            chosen = Role(role.lower())
        except ValueError:
            raise ConfigError(f"--role {role!r} is not known; use prison or ind") from None
    if sheet is not None:
        key = "ind_sheet" if chosen is Role.IND else "prison_sheet"
        changes: dict[str, Any] = (
            {key: sheet} if chosen else {"prison_sheet": sheet, "ind_sheet": sheet}
        )
        config = dataclasses.replace(config, input=dataclasses.replace(config.input, **changes))
    try:
        inspection = inspect_file(file, chosen, config)
    except InputError as exc:
        # The reader names `run`'s options (--prison-sheet, --ind-sheet); inspect's is --sheet.
        text = str(exc)
        if "for inspect" not in text:
            said = re.sub(r"--(?:prison|ind)-sheet\b", "--sheet", text)
            if said != text:
                raise InputError(said) from None
        raise
    return render_inspection(inspection, every)


def show_policy(name: str) -> str:
    """`reconcile policy show`: a preset or a policy file, in full."""
    from reconcile.rules import PRESETS, load_policy, render_policy

    if name not in PRESETS and (unreachable := lookup_problem(Path(name), "policy")):
        raise ConfigError(unreachable)
    if Path(name).is_dir():
        raise ConfigError(
            f"policy {name!r}: is a folder; give a preset name ({', '.join(PRESETS)}) or the "
            "path of a .toml policy file"
        )
    if name not in PRESETS and Path(name).is_file():
        from reconcile.settings import config_given_as_policy

        mistaken = config_given_as_policy(name, "policy")
        if mistaken:
            raise ConfigError(mistaken)
    return render_policy(load_policy(name))


def _check_run_folder(outdir: Path) -> None:
    """Refuse, saying what to give instead, a path that is not a run's output folder: one
    that does not exist, a file, or a folder without manifest.json (the manifest is written
    last, so a folder holding other outputs without it is from a run that did not finish,
    or has lost its manifest)."""
    from reconcile.write import OUTPUT_NAMES

    give = "give the output folder of a `reconcile run` (its -o folder, reconcile-out unless set)"
    if not outdir.exists():
        raise InputError(f"{outdir}: folder not found; check the path, or {give}")
    if not outdir.is_dir():
        hint = f", here {outdir.parent}" if outdir.name in OUTPUT_NAMES else ""
        raise InputError(f"{outdir}: is a file, not a folder; {give}{hint}")
    if (outdir / "manifest.json").is_file():
        return
    found = [name for name in OUTPUT_NAMES if (outdir / name).exists()]
    if found:
        raise InputError(
            f"{outdir}: holds {', '.join(found)} but no manifest.json, which a run writes last: "
            "the run that wrote this folder did not finish, or its manifest has been deleted; "
            "run the audit again (with --force to replace these files)"
        )
    try:
        runs = sorted(p.name for p in outdir.iterdir() if (p / "manifest.json").is_file())
    except OSError:
        runs = []
    if runs:
        more = f" and {len(runs) - 5:,} more" if len(runs) > 5 else ""
        raise InputError(
            f"{outdir}: no manifest.json here, so this is not a run's output folder, but "
            f"these folders in it are: {', '.join(runs[:5])}{more}; give one of them"
        )
    raise InputError(
        f"{outdir}: no manifest.json here, so this is not a run's output folder; {give}"
    )


def report_outdir(outdir: Path, fmt: str) -> str:
    """`reconcile report`: the summary and listings of a finished run as plain tables."""
    from reconcile.write.summary import render_report

    _check_format(fmt)
    _check_run_folder(outdir)
    from reconcile.write.manifest import manifest_problems, output_problems, read_manifest

    manifest = read_manifest(outdir)
    # The outputs too: the listings come from outcomes.csv, which may have been edited, and
    # a missing or changed workbook or PDF no longer agrees with what is printed.
    problems = manifest_problems(outdir, manifest) + output_problems(outdir, manifest)
    text = render_report(outdir, fmt)
    if not problems:
        return text
    warning = [
        f"WARNING: {outdir} is not as the run left it, so this report may not agree with the "
        "run's workbook and evidence pack (`reconcile verify` checks the whole folder):"
    ]
    return "\n".join([*warning, *(f"  - {p}" for p in problems), "", text])
