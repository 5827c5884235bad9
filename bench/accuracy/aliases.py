"""Aliases in the prison extract's name cells: a share of prisoners recorded under a new name
with the name the IND file knows given as an alias ("NEWNAME (aka OLDNAME)"), run end to end.

    .venv/bin/python bench/accuracy/aliases.py [--people 20000] [--seed 7] [--share 0.03]

Unlike the other scripts here, this one works on the workbooks `reconcile sample` writes (an
alias is something the reader finds in a cell), made once per size and seed and kept in
bench/.cache/aliases (named for the generator's source). From the sample's prison workbook it
writes an aliased copy, where two shares (--share each, drawn with the seed) of the prison
rows whose person truly has an IND record, and whose surname and forenames cells are both
given (a surname cell without a comma), have a name changed:

- "(aka X)": the surname cell becomes "NEWSURNAME (aka ORIGINAL)", NEWSURNAME another row's
  surname cell (a row whose given and family names the generator did not swap);
- any marker the reader knows ("(aka X)", "aka X", "alias X", "@ X"), each equally likely,
  in the surname cell or (half the rows) in the forenames cell, there with another row's
  forenames cell as the new name ("Johnny aka John").

Everything else in the workbook is as the sample wrote it (openpyxl rewrites the file). Runs the
whole pipeline (reconcile.pipeline.run, as bench/outcome_accuracy.py) on the sample and on the
aliased copy with the same IND file, and prints for each: outcome accuracy and the flagged
list's precision and completeness against truth.csv (flagged = never referred + referred not
considered + considered after release), and, on the changed rows alone, how many have their
true outcome and how many are linked to one of their true IND records. Also prints how many
rows have each form, and in how many the run's reader found the alias as written (a finding
on that cell naming the original text).

A second experiment, other dates of birth: a Home Office age assessment gives an asylum
seeker a new date of birth, often 1 January of another year, and the casework record keeps
both, the assessed one first. Of the IND records whose person truly is in prison (truth.csv's
"ind" rows with same-person prison rows) and whose date-of-birth cell the reader reads as a
full date, a share (--share, drawn with the seed) have that cell rewritten as "ASSESSED;
ORIGINAL": ASSESSED 1 January of a year 2 to 6 years after or before the original's (before
when after would pass the audit's as_of date), written as the cell writes its date (a date
value, Excel's number included, becomes dd/mm/yyyy text, ASSESSED and ORIGINAL both);
the separator "; ", " or " or a newline. Runs the pipeline on the sample's prison file with
the changed IND file (the run on the original files is the alias experiment's) and prints the
same measures, on the prison rows whose true IND records include a changed one, and also how
many of those are linked to a changed record itself; and per separator how many changed
cells the run's reader read as several dates (a finding "gives N dates of birth" on it).

A third experiment, alias rows: NOMIS keeps an alias as a row of its own, with the prison
number and the custody (sentence and release) dates of the prisoner's main row, under the
other name. Of the prison rows whose person truly has an IND record and whose prison-number
and release-date cells are both given (not blank), a share (--share, drawn with the seed) are
copied to new rows at the foot of the data, one copy each, in the source rows' order: the
copy's surname cell becomes another row's surname cell (drawn as the alias experiment draws
new names) and, for half of them (drawn with the seed), its forenames cell another row's
forenames cell too; every other cell (number, dates of birth, custody dates, offence, ...)
is the source row's. The new rows go below the last record, the totals and notes rows below
the data moved down under them unchanged, so every record keeps its row number and
truth.csv still holds for it. An appended row's truth is its source row's (the same
custody episode of the same person): its true outcome the source row's and its true IND
records the source row's (extend_truth). Runs the pipeline on the prison file with the
appended rows and the sample's IND file (the run on the original files is the alias
experiment's) and prints for both: outcome accuracy and the flagged list's precision and
completeness over all their rows (the appended ones scored by that truth); on the appended
rows, how many have their true outcome, how many are linked to a true IND record and how
many the run made one person with their source row; and on the source rows, how many have
their true outcome and how many are linked to a true IND record. Also prints, per names
changed (the surname, or the surname and the forenames), how many rows were appended, how
many of their source rows the run on the original files linked to a true IND record, and
the appended rows' measures above; and how many of the source rows with their true outcome
on the original files keep it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from metrics import _ratio  # noqa: E402
from outcome_accuracy import FLAGGED  # noqa: E402
from tabulate import tabulate  # noqa: E402

from reconcile.app import build_settings  # noqa: E402
from reconcile.model import LinkStatus  # noqa: E402
from reconcile.normalise.dates import parse_date  # noqa: E402
from reconcile.pipeline import run  # noqa: E402
from reconcile.result import RunResult  # noqa: E402

CACHE = ROOT / "bench" / ".cache" / "aliases"
PRISON, IND, CONFIG, TRUTH = "prison_extract.xlsx", "ind_extract.xlsx", "audit.toml", "truth.csv"
# The alias forms written, as the marker with X for the alias; "{new}" and "{old}" filled in.
MARKERS = {
    "(aka X)": "{new} (aka {old})",
    "aka X": "{new} aka {old}",
    "alias X": "{new} alias {old}",
    "@ X": "{new} @ {old}",
}
FIRST_FORM = "(aka X)"  # the first share's form, always in the surname cell
# The other-dates-of-birth experiment's separators, by the name its table gives each.
SEPARATORS = {"; ": "semicolon", " or ": "or", "\n": "newline"}
# A text date's format, as strftime writes it, by the pattern of the text (the formats
# `reconcile sample` writes); any other text gets dd/mm/yyyy.
TEXT_FORMATS = (
    (re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), "%d/%m/%Y"),
    (re.compile(r"\d{4}-\d{1,2}-\d{1,2}"), "%Y-%m-%d"),
    (re.compile(r"\d{1,2}-[A-Za-z]{3}-\d{4}"), "%d-%b-%Y"),
    (re.compile(r"\d{8}"), "%Y%m%d"),
    (re.compile(r"\d{1,2}\.\d{1,2}\.\d{2}"), "%d.%m.%y"),
)


@dataclass(frozen=True)
class TruthRow:
    """A prison row's truth: its outcome, its person's IND records (spreadsheet rows) and
    the generator's corruptions of the row ("name:order": given and family names swapped)."""

    outcome: str
    ind_rows: frozenset[int]
    corruptions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Change:
    """One name cell rewritten: the row as the sheet shows it, the field ("surname" or
    "forenames"), the marker form, and the cell's text before (the alias) and after."""

    row: int
    field: str
    form: str
    before: str
    after: str


@dataclass(frozen=True)
class BirthChange:
    """One IND date-of-birth cell rewritten: the row as the sheet shows it, whether the cell
    held a date value or text, the separator, the assessed year less the original's, the
    cell's text before (the original date as the cell wrote it) and after, and the two dates."""

    row: int
    kind: str
    separator: str
    years: int
    before: str
    after: str
    assessed: date
    original: date


@dataclass(frozen=True)
class AliasRow:
    """One row appended to the prison sheet: its row and its source row as the sheet shows
    them, the names changed ("surname", or "surname and forenames"), and the surname and
    forenames cells before (the source row's) and after (the appended row's; a cell's text,
    or None when blank)."""

    row: int
    source: int
    changed: str
    surname_before: str | None
    surname_after: str
    forenames_before: str | None
    forenames_after: str | None


@dataclass(frozen=True)
class Score:
    """One run against the truth (see score)."""

    outcome_accuracy: float
    flagged_precision: float
    flagged_completeness: float
    changed_true_outcome: int
    changed_linked_true: int


def sample(people: int, seed: int, cache: Path = CACHE) -> Path:
    """The folder of a `reconcile sample` of ``people`` and ``seed``, made on first use and
    named for the generator's source (another generator, another sample)."""
    source = hashlib.sha256()
    for path in sorted((ROOT / "reconcile" / "synth").glob("*.py")):
        source.update(path.read_bytes())
    folder = cache / f"people{people}_seed{seed}_{source.hexdigest()[:12]}"
    if (folder / TRUTH).exists():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        made = Path(tmp) / "sample"
        command = [sys.executable, "-m", "reconcile", "sample", "-o", str(made)]
        command += ["--people", str(people), "--seed", str(seed)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        shutil.rmtree(folder, ignore_errors=True)
        made.rename(folder)
    return folder


def read_truth(folder: Path) -> dict[int, TruthRow]:
    """truth.csv's prison rows by spreadsheet row (as bench/outcome_accuracy.py reads it)."""
    with (folder / TRUTH).open(encoding="utf-8", newline="") as fh:
        return {
            int(r["row"]): TruthRow(
                r["outcome"],
                frozenset(int(x) for x in r["same_person_ind_rows"].split(";") if x),
                frozenset(x for x in r["corruptions"].split(";") if x),
            )
            for r in csv.DictReader(fh)
            if r["role"] == "prison"
        }


def _text(value: object) -> str | None:
    """A cell's text when it is a non-blank string, else None."""
    return value if isinstance(value, str) and value.strip() else None


def _other(old: str, drawn: list[str]) -> str:
    """The first of ``drawn`` (other rows' cells, drawn as often as they occur) that is not
    ``old`` in another case."""
    new = next((d for d in drawn if d.casefold() != old.casefold()), None)
    if new is None:
        raise ValueError(f"no other name than {old!r} drawn: too few people")
    return new


def write_aliased(
    folder: Path, truth: dict[int, TruthRow], share: float, seed: int, out: Path
) -> tuple[list[Change], int]:
    """Write the aliased copy of the sample's prison workbook to ``out`` (see the module's
    docstring); return the cells changed, in row order, and how many rows could have been."""
    config = tomllib.loads((folder / CONFIG).read_text(encoding="utf-8"))
    headers = config["columns"]["prison"]
    wb = openpyxl.load_workbook(folder / PRISON)
    ws = wb[config["input"]["prison_sheet"]]
    wanted = {headers["surname"], headers["forenames"]}
    header_row = next(r[0].row for r in ws.iter_rows(max_row=20) if wanted <= {c.value for c in r})
    column = {c.value: c.column for c in ws[header_row] if c.value in wanted}
    cols = {"surname": column[headers["surname"]], "forenames": column[headers["forenames"]]}
    names: dict[int, tuple[str, str]] = {}  # row -> (surname cell, forenames cell), both plain
    for r in range(header_row + 1, ws.max_row + 1):
        sur = _text(ws.cell(r, cols["surname"]).value)
        fore = _text(ws.cell(r, cols["forenames"]).value)
        if sur is not None and fore is not None and "," not in sur:
            names[r] = (sur, fore)
    eligible = sorted(r for r in names if r in truth and truth[r].ind_rows)
    rng = random.Random(seed)
    k = round(share * len(eligible))
    picked = rng.sample(eligible, min(2 * k, len(eligible)))
    # New names come from rows whose cells hold the name each column is for.
    plain_rows = sorted(r for r in names if "name:order" not in truth[r].corruptions)
    changes = []
    for n, r in enumerate(picked):
        if n < k:
            form, field = FIRST_FORM, "surname"
        else:
            form = rng.choice(list(MARKERS))
            field = rng.choice(("surname", "forenames"))
        at = 0 if field == "surname" else 1
        old = names[r][at]
        new = _other(old, [names[x][at] for x in rng.choices(plain_rows, k=100)])
        after = MARKERS[form].format(new=new, old=old)
        ws.cell(r, cols[field]).value = after
        changes.append(Change(r, field, form, old, after))
    wb.save(out)
    return sorted(changes, key=lambda c: c.row), len(eligible)


def read_ind_truth(folder: Path) -> dict[int, frozenset[int]]:
    """truth.csv's IND records by spreadsheet row: the prison rows of the record's person
    (none when the person was never in prison)."""
    with (folder / TRUTH).open(encoding="utf-8", newline="") as fh:
        return {
            int(r["row"]): frozenset(int(x) for x in r["same_person_prison_rows"].split(";") if x)
            for r in csv.DictReader(fh)
            if r["role"] == "ind"
        }


def _written_like(text: str, day: date, reference: date) -> str:
    """``day`` written in the format of the text date ``text`` (see TEXT_FORMATS), or as
    dd/mm/yyyy when the format is another or would not read back as ``day``."""
    for pattern, fmt in TEXT_FORMATS:
        if pattern.fullmatch(text.strip()):
            written = day.strftime(fmt)
            if parse_date(written, birth=True, reference=reference)[0] == day:
                return written
            break
    return f"{day:%d/%m/%Y}"


def write_births(
    folder: Path, ind_truth: Mapping[int, frozenset[int]], share: float, seed: int, out: Path
) -> tuple[list[BirthChange], int]:
    """Write the copy of the sample's IND workbook with other dates of birth to ``out`` (see
    the module's docstring); return the cells changed, in row order, and how many records
    could have been."""
    config = tomllib.loads((folder / CONFIG).read_text(encoding="utf-8"))
    header = config["columns"]["ind"]["dob"]
    reference = config["audit"]["as_of"]
    wb = openpyxl.load_workbook(folder / IND)
    ws = wb[config["input"]["ind_sheet"]]
    header_row, col = next(
        (c.row, c.column) for r in ws.iter_rows(max_row=20) for c in r if c.value == header
    )
    births: dict[int, tuple[Any, date]] = {}  # row -> (cell, its date), the date full
    for r in range(header_row + 1, ws.max_row + 1):
        value = ws.cell(r, col).value
        # Blank, or not a date the reader reads in full (bool is no date: parse_date says so).
        found = parse_date(value, birth=True, reference=reference)[0] if ind_truth.get(r) else None
        if found is not None:
            births[r] = (value, found)
    eligible = sorted(births)
    rng = random.Random(f"births{seed}")
    picked = sorted(rng.sample(eligible, round(share * len(eligible))))
    changes = []
    for r in picked:
        value, original = births[r]
        separator = rng.choice(list(SEPARATORS))
        years = rng.randint(2, 6) * rng.choice((1, -1))
        if date(original.year + years, 1, 1) > reference:
            years = -years
        assessed = date(original.year + years, 1, 1)
        if isinstance(value, str):
            kind, before, first = "text", value, _written_like(value, assessed, reference)
        else:
            kind, before, first = "date value", f"{original:%d/%m/%Y}", f"{assessed:%d/%m/%Y}"
        after = f"{first}{separator}{before}"
        ws.cell(r, col).value = after
        changes.append(BirthChange(r, kind, separator, years, before, after, assessed, original))
    wb.save(out)
    return changes, len(eligible)


SURNAME_ONLY, BOTH_NAMES = "surname", "surname and forenames"  # AliasRow.changed


def _given(value: object) -> bool:
    """Whether a cell is given: neither empty nor blank text."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def write_alias_rows(
    folder: Path, truth: dict[int, TruthRow], share: float, seed: int, out: Path
) -> tuple[list[AliasRow], int]:
    """Write the copy of the sample's prison workbook with alias rows appended to ``out`` (see
    the module's docstring); return the rows appended, in row order, and how many rows could
    have been their source."""
    config = tomllib.loads((folder / CONFIG).read_text(encoding="utf-8"))
    headers = config["columns"]["prison"]
    wb = openpyxl.load_workbook(folder / PRISON)
    ws = wb[config["input"]["prison_sheet"]]
    keys = ("surname", "forenames", "prison_number", "release_date")
    wanted = {headers[k] for k in keys}
    header_row = next(r[0].row for r in ws.iter_rows(max_row=20) if wanted <= {c.value for c in r})
    column = {c.value: c.column for c in ws[header_row] if c.value in wanted}
    cols = {k: column[headers[k]] for k in keys}
    names: dict[int, tuple[str, str]] = {}  # row -> (surname cell, forenames cell), both plain
    eligible = []
    for r in range(header_row + 1, ws.max_row + 1):
        sur = _text(ws.cell(r, cols["surname"]).value)
        fore = _text(ws.cell(r, cols["forenames"]).value)
        if sur is not None and fore is not None and "," not in sur:
            names[r] = (sur, fore)
        given = all(_given(ws.cell(r, cols[k]).value) for k in ("prison_number", "release_date"))
        if given and r in truth and truth[r].ind_rows:
            eligible.append(r)
    rng = random.Random(f"rows{seed}")
    sources = sorted(rng.sample(eligible, round(share * len(eligible))))
    both = set(rng.sample(sources, len(sources) // 2))
    # New names come from rows whose cells hold the name each column is for (as write_aliased).
    plain_rows = sorted(r for r in names if "name:order" not in truth[r].corruptions)
    last = max(truth)  # the last record: the totals and notes rows below it move down
    ws.insert_rows(last + 1, amount=len(sources))
    added = []
    for row, source in enumerate(sources, start=last + 1):
        for c in range(1, ws.max_column + 1):
            cell, copy = ws.cell(source, c), ws.cell(row, c)
            copy.value, copy.number_format = cell.value, cell.number_format
        sur = _text(ws.cell(source, cols["surname"]).value)
        fore = _text(ws.cell(source, cols["forenames"]).value)
        new_sur = _other(sur or "", [names[x][0] for x in rng.choices(plain_rows, k=100)])
        ws.cell(row, cols["surname"]).value = new_sur
        new_fore = fore
        if source in both:
            new_fore = _other(fore or "", [names[x][1] for x in rng.choices(plain_rows, k=100)])
            ws.cell(row, cols["forenames"]).value = new_fore
        changed = BOTH_NAMES if source in both else SURNAME_ONLY
        added.append(AliasRow(row, source, changed, sur, new_sur, fore, new_fore))
    wb.save(out)
    return added, len(eligible)


def extend_truth(truth: dict[int, TruthRow], added: list[AliasRow]) -> dict[int, TruthRow]:
    """``truth`` with the appended rows': each the same as its source row's (the same custody
    episode of the same person, so the same outcome and the same IND records; the
    generator's corruptions of the row, copied with it, too)."""
    return truth | {a.row: truth[a.source] for a in added}


def run_audit(prison: Path, folder: Path, ind: Path | None = None) -> RunResult:
    """The whole pipeline on ``prison`` and the sample's IND file (or ``ind``), with the
    sample's audit.toml."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = build_settings(
            prison, ind or folder / IND, outdir=Path(tmp), config_path=folder / CONFIG
        )
        return run(settings)


Timed = tuple[RunResult, float]  # a run and its wall time in seconds


def timed_audit(prison: Path, folder: Path, ind: Path | None = None) -> Timed:
    """run_audit and how long it took."""
    start = time.perf_counter()
    result = run_audit(prison, folder, ind)
    return result, time.perf_counter() - start


def score(result: RunResult, truth: dict[int, TruthRow], changed: Collection[int]) -> Score:
    """Outcome accuracy and the flagged list against the truth (as bench/outcome_accuracy.py
    counts them), and on the ``changed`` rows: true outcomes and links to a true IND record."""
    agree = true_outcome = linked_true = 0
    found_flag: set[int] = set()
    for rec, c, d in zip(
        result.prison, result.classifications, result.links.decisions, strict=True
    ):
        row, found = rec.prov.row, c.outcome.value
        t = truth[row]
        agree += t.outcome == found
        if found in FLAGGED:
            found_flag.add(row)
        if row in changed:
            true_outcome += t.outcome == found
            rows = {result.ind[i].prov.row for i in d.ind_idxs}
            linked_true += d.status == LinkStatus.LINKED and bool(rows & t.ind_rows)
    true_flag = {r for r, t in truth.items() if t.outcome in FLAGGED}
    hit = len(true_flag & found_flag)
    return Score(
        agree / max(1, len(truth)),
        _ratio(hit, len(found_flag)),
        _ratio(hit, len(true_flag)),
        true_outcome,
        linked_true,
    )


def read_as_written(result: RunResult, changes: list[Change]) -> set[int]:
    """The changed rows whose cell the run's reader found to give the original text as its
    alias (a finding on that row and field naming it)."""
    named = {(f.row, f.field, f.problem) for f in result.findings if f.field}
    return {
        c.row
        for c in changes
        if any(r == c.row and fl == c.field and repr(c.before) in p for r, fl, p in named)
    }


SEVERAL_BIRTHS = re.compile(r"gives (\d+) dates of birth")


def read_as_several(result: RunResult, changes: list[BirthChange], ind: Path) -> set[int]:
    """The changed IND rows whose date-of-birth cell the run's reader read as several dates
    (a finding "gives N dates of birth", N at least 2, on that cell of ``ind``)."""
    rows = {c.row for c in changes}
    return {
        f.row
        for f in result.findings
        if f.file == ind.name and f.field == "dob" and f.row in rows
        and (m := SEVERAL_BIRTHS.search(f.problem)) and int(m[1]) >= 2
    }  # fmt: skip


def both_kept(result: RunResult, changes: list[BirthChange]) -> set[int]:
    """The changed IND rows whose record in the run has the assessed date as its date of
    birth and the original among its other dates of birth (compared as well)."""
    by_row = {c.row: c for c in changes}
    return {
        i.prov.row
        for i in result.ind
        if (c := by_row.get(i.prov.row)) and i.dob == c.assessed and c.original in i.other_births
    }


def row_hits(
    result: RunResult, truth: Mapping[int, TruthRow], rows: Collection[int]
) -> tuple[set[int], set[int]]:
    """Of ``rows``, those with their true outcome in the run and those linked to one of their
    true IND records (as score counts them)."""
    true_outcome: set[int] = set()
    linked_true: set[int] = set()
    for rec, c, d in zip(
        result.prison, result.classifications, result.links.decisions, strict=True
    ):
        if (row := rec.prov.row) in rows:
            t = truth[row]
            if t.outcome == c.outcome.value:
                true_outcome.add(row)
            linked = {result.ind[i].prov.row for i in d.ind_idxs}
            if d.status == LinkStatus.LINKED and linked & t.ind_rows:
                linked_true.add(row)
    return true_outcome, linked_true


def one_person(result: RunResult, added: list[AliasRow]) -> set[int]:
    """The appended rows the run made one person with their source row."""
    person = {
        rec.prov.row: p for rec, p in zip(result.prison, result.links.prison_person, strict=True)
    }
    return {a.row for a in added if person[a.row] == person[a.source]}


def linked_to(result: RunResult, targets: Mapping[int, frozenset[int]]) -> int:
    """How many of the prison rows ``targets`` names (row -> IND rows) are linked to one of
    their IND rows there."""
    n = 0
    for rec, d in zip(result.prison, result.links.decisions, strict=True):
        if (want := targets.get(rec.prov.row)) and d.status == LinkStatus.LINKED:
            n += bool(want & {result.ind[i].prov.row for i in d.ind_idxs})
    return n


@dataclass(frozen=True)
class Measured:
    """What main prints: the changes, how many rows could have been changed (of how many),
    the forms' table and the runs' table (one row per prison file)."""

    changes: list[Change]
    eligible: int
    prison_rows: int
    forms: list[list[Any]]
    runs: list[list[Any]]


def measure(
    people: int, seed: int, share: float, cache: Path = CACHE, original: Timed | None = None
) -> Measured:
    """Make (or reuse) the sample, write its aliased copy beside it, run and score both
    (``original``: the run on the sample's own files, when made already)."""
    folder = sample(people, seed, cache)
    truth = read_truth(folder)
    aliased = folder / f"prison_extract_aliased_share{share}_seed{seed}.xlsx"
    changes, eligible = write_aliased(folder, truth, share, seed, aliased)
    changed = {c.row for c in changes}
    runs: list[list[Any]] = []
    found: set[int] = set()
    for label, prison in (("original", folder / PRISON), ("aliased", aliased)):
        if label == "original" and original is not None:
            result, seconds = original
        else:
            result, seconds = timed_audit(prison, folder)
        s = score(result, truth, changed)
        if label == "aliased":
            found = read_as_written(result, changes)
        runs.append([label, s.outcome_accuracy, s.flagged_precision, s.flagged_completeness,
                     s.changed_true_outcome, s.changed_linked_true, seconds])  # fmt: skip
    forms = Counter((c.field, c.form) for c in changes)
    cut = Counter((c.field, c.form) for c in changes if c.row in found)
    table: list[list[Any]] = [[f, m, n, cut[(f, m)]] for (f, m), n in sorted(forms.items())]
    table.append(["all", "", len(changes), len(found)])
    return Measured(changes, eligible, len(truth), table, runs)


@dataclass(frozen=True)
class MeasuredBirths:
    """What main prints of the other-dates-of-birth experiment: the changes, how many IND
    records could have been changed (of how many), the prison rows whose true IND records
    include a changed one (row -> those changed records), the changed rows read as several
    dates and those whose record keeps both dates (see both_kept), how many changed records
    give a prison number (which links them whatever their dates of birth), the separators'
    table and the runs' table (one row per IND file)."""

    changes: list[BirthChange]
    eligible: int
    ind_records: int
    affected: dict[int, frozenset[int]]
    several: set[int]
    kept: set[int]
    with_prison_number: int
    forms: list[list[Any]]
    runs: list[list[Any]]


def measure_births(
    people: int, seed: int, share: float, cache: Path = CACHE, original: Timed | None = None
) -> MeasuredBirths:
    """Make (or reuse) the sample, write its IND copy with other dates of birth beside it,
    run the original files (unless given ``original``) and the changed IND file, and score
    both on the prison rows whose true IND records include a changed one."""
    folder = sample(people, seed, cache)
    truth, ind_truth = read_truth(folder), read_ind_truth(folder)
    changed_ind = folder / f"ind_extract_births_share{share}_seed{seed}.xlsx"
    changes, eligible = write_births(folder, ind_truth, share, seed, changed_ind)
    rows = {c.row for c in changes}
    affected = {r: t.ind_rows & rows for r, t in truth.items() if t.ind_rows & rows}
    runs: list[list[Any]] = []
    several: set[int] = set()
    kept: set[int] = set()
    numbered = 0
    for label, ind in (("original", folder / IND), ("other dates of birth", changed_ind)):
        if label == "original" and original is not None:
            result, seconds = original
        else:
            result, seconds = timed_audit(folder / PRISON, folder, ind)
        s = score(result, truth, affected)
        if ind == changed_ind:
            several = read_as_several(result, changes, changed_ind)
            kept = both_kept(result, changes)
            numbered = sum(1 for i in result.ind if i.prov.row in rows and i.prison_number)
        runs.append([label, s.outcome_accuracy, s.flagged_precision, s.flagged_completeness,
                     s.changed_true_outcome, s.changed_linked_true, linked_to(result, affected),
                     seconds])  # fmt: skip
    forms = Counter((SEPARATORS[c.separator], c.kind) for c in changes)
    cut = Counter((SEPARATORS[c.separator], c.kind) for c in changes if c.row in several)
    both = Counter((SEPARATORS[c.separator], c.kind) for c in changes if c.row in kept)
    table: list[list[Any]] = [
        [sep, k, n, cut[(sep, k)], both[(sep, k)]] for (sep, k), n in sorted(forms.items())
    ]
    table.append(["all", "", len(changes), len(several), len(kept)])
    return MeasuredBirths(
        changes, eligible, len(ind_truth), affected, several, kept, numbered, table, runs
    )


@dataclass(frozen=True)
class MeasuredRows:
    """What main prints of the alias-rows experiment: the rows appended, how many prison rows
    could have been their source (of how many), and per run (ORIGINAL, WITH_ROWS) the source
    rows with their true outcome and those linked to a true IND record; in the run with alias
    rows, the appended rows it read as prison records, those with their true outcome, those
    linked to a true IND record and those made one person with their source row; the
    names-changed table and the runs' table (one row per prison file)."""

    added: list[AliasRow]
    eligible: int
    prison_rows: int
    source_true_outcome: dict[str, set[int]]
    source_linked: dict[str, set[int]]
    read: set[int]
    true_outcome: set[int]
    linked: set[int]
    joined: set[int]
    forms: list[list[Any]]
    runs: list[list[Any]]


ORIGINAL, WITH_ROWS = "original", "with alias rows"  # the alias-rows experiment's runs


def measure_rows(
    people: int, seed: int, share: float, cache: Path = CACHE, original: Timed | None = None
) -> MeasuredRows:
    """Make (or reuse) the sample, write its prison copy with alias rows appended beside it,
    run the original files (unless given ``original``) and the copy, and score both (the
    copy's appended rows by their source rows' truth: extend_truth)."""
    folder = sample(people, seed, cache)
    truth = read_truth(folder)
    appended = folder / f"prison_extract_alias_rows_share{share}_seed{seed}.xlsx"
    added, eligible = write_alias_rows(folder, truth, share, seed, appended)
    extended = extend_truth(truth, added)
    rows, sources = {a.row for a in added}, {a.source for a in added}
    source_true_outcome: dict[str, set[int]] = {}
    source_linked: dict[str, set[int]] = {}
    read: set[int] = set()
    true_outcome: set[int] = set()
    linked: set[int] = set()
    joined: set[int] = set()
    runs: list[list[Any]] = []
    for label, prison in ((ORIGINAL, folder / PRISON), (WITH_ROWS, appended)):
        if label == ORIGINAL and original is not None:
            result, seconds = original
        else:
            result, seconds = timed_audit(prison, folder)
        held = truth if label == ORIGINAL else extended
        s = score(result, held, rows)
        source_true_outcome[label], source_linked[label] = row_hits(result, held, sources)
        added_cells: list[int | None] = [None, None, None]  # no appended rows in the original
        if label == WITH_ROWS:
            read = rows & {rec.prov.row for rec in result.prison}
            true_outcome, linked = row_hits(result, held, rows)
            joined = one_person(result, added)
            added_cells = [len(true_outcome), len(linked), len(joined)]
        runs.append([label, s.outcome_accuracy, s.flagged_precision, s.flagged_completeness,
                     *added_cells, len(source_true_outcome[label]), len(source_linked[label]),
                     seconds])  # fmt: skip
    was_linked = source_linked[ORIGINAL]
    forms: list[list[Any]] = []
    for changed in (SURNAME_ONLY, BOTH_NAMES, "all"):
        these = [a for a in added if changed in (a.changed, "all")]
        forms.append([changed, len(these), sum(a.source in was_linked for a in these),
                      sum(a.row in joined for a in these),
                      sum(a.row in true_outcome for a in these),
                      sum(a.row in linked for a in these)])  # fmt: skip
    return MeasuredRows(
        added, eligible, len(truth), source_true_outcome, source_linked, read, true_outcome,
        linked, joined, forms, runs,
    )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--share", type=float, default=0.03, help="of each form's kind")
    ap.add_argument("--cache", type=Path, default=CACHE, help="where samples are kept")
    args = ap.parse_args()
    folder = sample(args.people, args.seed, args.cache)
    original = timed_audit(folder / PRISON, folder)  # the same for every experiment
    m = measure(args.people, args.seed, args.share, args.cache, original)
    n = len(m.changes)
    print(
        f"{args.people:,} people, seed {args.seed}: {m.prison_rows:,} prison rows, {m.eligible:,} "
        f"of them a person with IND records and both name cells given; {n:,} changed "
        f"(share {args.share} twice)"
    )
    print(tabulate(m.forms, headers=["cell", "form", "rows", "alias read as written"]))
    head = ["prison file", "outcome accuracy", "flagged precision", "flagged completeness",
            f"changed rows: true outcome (of {n})",
            f"changed rows: linked to a true IND record (of {n})", "seconds"]  # fmt: skip
    print()
    print(tabulate(m.runs, headers=head, floatfmt=[".5f"] * 6 + [".1f"]))

    b = measure_births(args.people, args.seed, args.share, args.cache, original)
    n, a = len(b.changes), len(b.affected)
    print()
    print(
        f"Other dates of birth: {b.ind_records:,} IND records, {b.eligible:,} of them a person "
        f"in prison with a full date of birth; {n:,} changed (share {args.share}, "
        f"{b.with_prison_number:,} of them giving a prison number), the true IND records of "
        f"{a:,} prison rows"
    )
    cols = ["separator", "cell held", "cells", "read as several dates", "both dates kept"]
    print(tabulate(b.forms, headers=cols))
    head = ["IND file", "outcome accuracy", "flagged precision", "flagged completeness",
            f"affected rows: true outcome (of {a})",
            f"affected rows: linked to a true IND record (of {a})",
            f"affected rows: linked to a changed IND record (of {a})", "seconds"]  # fmt: skip
    print()
    print(tabulate(b.runs, headers=head, floatfmt=[".5f"] * 7 + [".1f"]))

    r = measure_rows(args.people, args.seed, args.share, args.cache, original)
    n = len(r.added)
    kept = r.source_true_outcome[ORIGINAL] & r.source_true_outcome[WITH_ROWS]
    print()
    print(
        f"Alias rows: {r.prison_rows:,} prison rows, {r.eligible:,} of them a person with IND "
        f"records and both the prison number and the release date given; {n:,} appended "
        f"(share {args.share}), copies of those rows under another name; the source rows "
        f"with their true outcome on the original files keeping it: {len(kept):,} of "
        f"{len(r.source_true_outcome[ORIGINAL]):,}"
    )
    cols = ["names changed", "rows appended", "source row linked to a true IND record "
            "(original files)", "one person with the source row", "true outcome",
            "linked to a true IND record"]  # fmt: skip
    print(tabulate(r.forms, headers=cols))
    head = ["prison file", "outcome accuracy", "flagged precision", "flagged completeness",
            f"appended rows: true outcome (of {n})",
            f"appended rows: linked to a true IND record (of {n})",
            f"appended rows: one person with the source row (of {n})",
            f"source rows: true outcome (of {n})",
            f"source rows: linked to a true IND record (of {n})", "seconds"]  # fmt: skip
    print()
    print(tabulate(r.runs, headers=head, floatfmt=[".5f"] * 9 + [".1f"]))


if __name__ == "__main__":
    main()
