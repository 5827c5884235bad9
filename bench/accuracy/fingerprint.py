"""Timings and a fingerprint of the linker's results on the cached benchmark data.

    .venv/bin/python bench/accuracy/fingerprint.py [--people 200000] [--seed 7] [--repeat 3]

Links the cached generated data (see run.py) ``--repeat`` times and prints, for each run,
the seconds per stage (wall and CPU) and two hashes: one of every decision's status, IND
records and weight rounded to 6 places, and one of the whole result (every decision's full
text, the people within each file, the findings, the candidate pairs and the learnt
parameters). A change to the linker that should leave results alone must leave both hashes
as they were; the medians per stage close the output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from run import dataset  # noqa: E402

from reconcile.link import LinkerConfig  # noqa: E402
from reconcile.link.linker import link  # noqa: E402
from reconcile.model import LinkResult  # noqa: E402


def decisions_hash(result: LinkResult) -> str:
    """Status, IND records and rounded weight of every decision."""
    h = hashlib.sha256()
    for d in result.decisions:
        weight = round(d.best.weight, 6) if d.best is not None else None
        h.update(repr((d.prison_idx, d.status.value, d.ind_idxs, weight)).encode())
    return h.hexdigest()[:16]


def full_hash(result: LinkResult) -> str:
    """Everything the linker returns, decisions in full."""
    h = hashlib.sha256()
    for d in result.decisions:
        h.update(repr(d).encode())
    h.update(repr((result.prison_person, result.ind_person, result.candidate_pairs)).encode())
    h.update(repr(result.findings).encode())
    h.update(json.dumps(result.parameters, sort_keys=True, default=repr).encode())
    return h.hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data, _ = dataset(args.people, args.seed)
    stages: dict[str, list[float]] = defaultdict(list)
    for run in range(args.repeat):
        linked = link(data.prison, data.ind, LinkerConfig(), seed=2006)
        total = sum(v for k, v in linked.timings.items() if not k.endswith(" cpu"))
        for stage, seconds in linked.timings.items():
            stages[stage].append(seconds)
        stages["total"].append(total)
        laps = " ".join(f"{k}={v:.2f}" for k, v in linked.timings.items())
        hashes = f"decisions {decisions_hash(linked.result)} full {full_hash(linked.result)}"
        print(f"run {run + 1}: {hashes} total {total:.2f}s | {laps}", flush=True)
    print("medians: " + " ".join(f"{k}={statistics.median(v):.2f}" for k, v in stages.items()))


if __name__ == "__main__":
    main()
