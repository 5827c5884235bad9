"""Accuracy benchmark: reconcile's linker and Splink 5 on the same generated data, same run.

    .venv/bin/python bench/accuracy/run.py [--people 2000 20000 200000] [--seed 7]
        [--no-splink] [--splink-threshold 0.9]

For each size: generate people and records with ground truth (cached in
bench/accuracy/.cache), write the CSV files, link with reconcile (timed, median of --repeat
runs), link with Splink in its own environment (bench/accuracy/.venv-splink), and score both
the same way (metrics.py). Prints a table and writes bench/accuracy/out/results-SIZES.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import pickle
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

import numpy as np  # noqa: E402
from generate import VERSION as GENERATOR_VERSION  # noqa: E402
from generate import Dataset, generate, write_csv  # noqa: E402
from metrics import Prediction, score, truth  # noqa: E402
from tabulate import tabulate  # noqa: E402

from reconcile.link import LinkerConfig  # noqa: E402
from reconcile.link.linker import link  # noqa: E402
from reconcile.model import LinkDecision, LinkResult, LinkStatus  # noqa: E402
from reconcile.rules.classify import (  # noqa: E402
    candidate_people,
    candidate_records,
    ind_members,
    link_threshold,
    together_probability,
)
from reconcile.rules.outcome import no_candidate_referred, same_whichever  # noqa: E402

SPLINK_PYTHON = HERE / ".venv-splink" / "bin" / "python"


def dataset(people: int, seed: int) -> tuple[Dataset, Path]:
    """The generated data, made once and kept as a pickle named for the record model's source
    (records pickled by another model would load without the fields it added)."""
    folder = HERE / ".cache" / f"v{GENERATOR_VERSION}_people{people}_seed{seed}"
    model = hashlib.sha256((HERE.parents[1] / "reconcile" / "model.py").read_bytes())
    cache = folder / f"dataset-{model.hexdigest()[:12]}.pkl"
    if cache.exists():
        with open(cache, "rb") as fh:
            return pickle.load(fh), folder
    data = generate(people, seed)
    write_csv(data, folder)
    with open(cache, "wb") as fh:
        pickle.dump(data, fh)
    return data, folder


def dataset_of_command(doc: str, people: int) -> Dataset:
    """The cached data a one-dataset script's command line names (--people, default
    ``people``; --seed, default 7); ``doc``: the script's docstring, for its --help."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--people", type=int, default=people)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    return dataset(args.people, args.seed)[0]


# The measures a script that links variants of one dataset prints for each (year_alone.py,
# police_ids.py).
VARIANT_COLUMNS = ("pair_precision", "pair_recall", "pair_f1", "flagged_precision",
                   "flagged_completeness", "outcome_accuracy", "review_rows")  # fmt: skip


def variant_row(label: str, data: Dataset) -> list[Any]:
    """Link one variant of the data with the default settings: its label and VARIANT_COLUMNS."""
    result = link(data.prison, data.ind, LinkerConfig(), seed=2006).result
    metrics = score(data, predicted(result, ind_members(result), data))
    return [label, *(metrics[c] for c in VARIANT_COLUMNS)]


def print_variants(data: Dataset, rows: list[list[Any]], first: str, note: str = "") -> None:
    """How many people the data holds, then the variants' table (``first``: its first heading)."""
    people = len(set(data.prison_pid) | set(data.ind_pid))
    print(f"{people:,} people in either file{note}")
    print(tabulate(rows, headers=[first, *VARIANT_COLUMNS], floatfmt=".5f"))


def run_reconcile(data: Dataset, repeat: int) -> tuple[Prediction, dict[str, float]]:
    """Link (median time of ``repeat`` runs); also how many true pairs blocking found."""
    times = []
    stages: dict[str, list[float]] = defaultdict(list)
    linked = None
    for _ in range(repeat):
        start = time.perf_counter()
        linked = link(data.prison, data.ind, LinkerConfig(), seed=2006)
        times.append(time.perf_counter() - start)
        for stage, seconds in linked.timings.items():
            stages[stage].append(seconds)
    assert linked is not None
    result = linked.result
    members = ind_members(result)
    pred = predicted(result, members, data)
    pp, ip = np.asarray(data.prison_pid), np.asarray(data.ind_pid)
    found = int(np.count_nonzero(pp[linked.scored.prison] == ip[linked.scored.ind]))
    total = sum(len(x) for x in truth(data).links)
    medians = {f"stage {k}": statistics.median(v) for k, v in stages.items()}
    core = ("compare", "score", "people within each file", "assign")
    return pred, {
        **medians,
        "compare+score+assign": sum(medians[f"stage {k}"] for k in core),
        "compare+score+assign cpu": sum(medians[f"stage {k} cpu"] for k in core),
        "seconds": statistics.median(times),
        "candidate_pairs": float(result.candidate_pairs),
        "pair_completeness": found / total if total else 1.0,
    }


def predicted(result: LinkResult, members: dict[int, list[int]], data: Dataset) -> Prediction:
    """reconcile's answer as the metrics read it (see held_for_review)."""
    held, on = [], []
    for d in result.decisions:
        hold, records = held_for_review(d, result, members, data)
        held.append(hold)
        on.append(records if records is not None else d.ind_idxs)
    return Prediction([d.ind_idxs for d in result.decisions], held, on)


def held_for_review(
    d: LinkDecision, result: LinkResult, members: dict[int, list[int]], data: Dataset
) -> tuple[bool, tuple[int, ...] | None]:
    """Whether a row whose link needs review is held back, and the IND records its outcome
    rests on when it is not, as classify decides it: not held when no candidate's IND records
    show a referral ("never referred" whichever is the person, or none), nor when the person
    is one of the candidates as surely as a link needs and every candidate gives the same
    outcome (then the best candidate's records stand for all; the deadline is the release
    date, as in metrics.outcome). ``members``: ind_members(result)."""
    if d.status != LinkStatus.REVIEW:
        return False, None
    candidates = candidate_records(d, result, members, data.ind)
    if no_candidate_referred(candidates):
        return False, None
    p = data.prison[d.prison_idx]
    together = together_probability(d, result)
    if p.release_date is None or together < link_threshold(result):
        return True, None
    if same_whichever(candidates, p.release_date, 0) is None:
        return True, None
    return False, tuple(members[candidate_people(d, result)[0]])


def run_splink(folder: Path, threshold: float, n_prison: int) -> tuple[Prediction, float]:
    out = folder / "splink_links.csv"
    start = time.perf_counter()
    subprocess.run(
        [str(SPLINK_PYTHON), str(HERE / "splink_link.py"), str(folder), str(out), str(threshold)],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    links: dict[int, list[tuple[float, int]]] = defaultdict(list)
    with open(out, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            links[int(row["prison_idx"])].append((-float(row["probability"]), int(row["ind_idx"])))
    pred = Prediction(
        [tuple(i for _, i in sorted(links.get(p, []))) for p in range(n_prison)],
        [False] * n_prison,
    )
    return pred, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, nargs="+", default=[2000, 20000, 200000])
    ap.add_argument(
        "--seed", type=int, nargs="+", default=[7],
        help="one dataset per seed; with several, the spread of each measure is printed too",
    )  # fmt: skip
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument("--splink-threshold", type=float, default=0.9)
    args = ap.parse_args()
    results = []
    for people in args.people:
        for seed in args.seed:
            data, folder = dataset(people, seed)
            pred, info = run_reconcile(data, args.repeat)
            row = {"people": people, "seed": seed, "prison_rows": len(data.prison),
                   "ind_rows": len(data.ind)}  # fmt: skip
            results.append({**row, "linker": "reconcile", **info, **score(data, pred)})
            if not args.no_splink and SPLINK_PYTHON.exists():
                spred, seconds = run_splink(folder, args.splink_threshold, len(data.prison))
                splink = {"linker": "splink 5", "seconds": seconds, **score(data, spred)}
                results.append({**row, **splink})
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    name = "results-" + "-".join(str(n) for n in args.people)
    if args.seed != [7]:
        name += "-seed" + "-".join(str(n) for n in args.seed)
    (out / f"{name}.json").write_text(json.dumps(results, indent=1))
    cols = [
        "people", "seed", "linker", "candidate_pairs", "pair_completeness", "pair_precision",
        "pair_recall", "pair_f1", "flagged_precision", "flagged_completeness",
        "listed_precision", "listed_completeness", "outcome_accuracy", "review_rows", "seconds",
    ]  # fmt: skip
    print(tabulate([[r.get(c, "") for c in cols] for r in results], headers=cols, floatfmt=".4f"))
    mine = [r for r in results if r["linker"] == "reconcile"]
    stages = [k for k in mine[0] if k.startswith("stage ") and not k.endswith(" cpu")]
    stages += ["compare+score+assign", "compare+score+assign cpu", "seconds"]
    print(f"\nreconcile, seconds per stage (median of {args.repeat} runs):")
    print(tabulate([[r["people"], *(r[k] for k in stages)] for r in mine],
                   headers=["people", *(k.removeprefix("stage ") for k in stages)],
                   floatfmt=".2f"))  # fmt: skip
    if len(args.seed) > 1:
        print(f"\nspread over {len(args.seed)} seeds: mean (lowest to highest)")
        print(spread_table(results, cols[3:-1]))


def spread_table(results: list[dict[str, Any]], measures: list[str]) -> str:
    """Each measure's mean over the seeds, with its lowest and highest, per size and linker."""
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        groups[(r["people"], r["linker"])].append(r)
    rows = []
    for (people, linker), runs in groups.items():
        cells = []
        for m in measures:
            values = [float(r[m]) for r in runs if m in r]
            if not values:
                cells.append("")
                continue
            fmt = ".0f" if m in ("candidate_pairs", "review_rows") else ".4f"
            mean = statistics.fmean(values)
            cells.append(f"{mean:{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})")
        rows.append([people, linker, *cells])
    return tabulate(rows, headers=["people", "linker", *measures])


if __name__ == "__main__":
    main()
