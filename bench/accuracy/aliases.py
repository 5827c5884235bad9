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
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
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


def run_audit(prison: Path, folder: Path) -> RunResult:
    """The whole pipeline on ``prison`` and the sample's IND file, with its audit.toml."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = build_settings(
            prison, folder / IND, outdir=Path(tmp), config_path=folder / CONFIG
        )
        return run(settings)


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


@dataclass(frozen=True)
class Measured:
    """What main prints: the changes, how many rows could have been changed (of how many),
    the forms' table and the runs' table (one row per prison file)."""

    changes: list[Change]
    eligible: int
    prison_rows: int
    forms: list[list[Any]]
    runs: list[list[Any]]


def measure(people: int, seed: int, share: float, cache: Path = CACHE) -> Measured:
    """Make (or reuse) the sample, write its aliased copy beside it, run and score both."""
    folder = sample(people, seed, cache)
    truth = read_truth(folder)
    aliased = folder / f"prison_extract_aliased_share{share}_seed{seed}.xlsx"
    changes, eligible = write_aliased(folder, truth, share, seed, aliased)
    changed = {c.row for c in changes}
    runs: list[list[Any]] = []
    found: set[int] = set()
    for label, prison in (("original", folder / PRISON), ("aliased", aliased)):
        start = time.perf_counter()
        result = run_audit(prison, folder)
        seconds = time.perf_counter() - start
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--share", type=float, default=0.03, help="of each form's kind")
    ap.add_argument("--cache", type=Path, default=CACHE, help="where samples are kept")
    args = ap.parse_args()
    m = measure(args.people, args.seed, args.share, args.cache)
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


if __name__ == "__main__":
    main()
