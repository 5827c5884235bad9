"""The linker's parts at two sizes, on their own: how each grows per unit of its input.

    .venv/bin/python bench/scale/link_growth.py                     # 200k and 1M, 3 runs each
    .venv/bin/python bench/scale/link_growth.py --people 200000 400000 --repeat 2

A whole `reconcile run` times the linker's parts after reading and normalising, in a process
that already holds the read tables' and records' memory; this links the same records alone,
each run in a fresh process, the sizes taken in turn, and prints each part's median and its
cost per unit of input against the smallest size (rows for the features and the assignment,
candidate pairs for comparing and scoring). The records come from `bench/write_scale.py`'s
saved result of the scale data set (made by the pipeline once, then kept).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import pickle
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))

from write_scale import real_result_path  # noqa: E402

PARTS = ("features", "train", "block", "compare", "score", "assign")
PER_PAIR = {"compare", "score"}


def _link_once(saved: Path, queue: multiprocessing.Queue) -> None:
    import gc

    from reconcile.link.config import LinkerConfig
    from reconcile.link.linker import link

    with open(saved, "rb") as handle:
        result = pickle.load(handle)  # our own cache file, made by write_scale
    prison, ind, seed = result.prison, result.ind, result.settings.config.audit.seed
    config: LinkerConfig = result.settings.config.linker
    del result
    gc.collect()
    linked = link(prison, ind, config, seed)
    queue.put(
        {
            "rows": len(prison) + len(ind),
            "pairs": linked.result.candidate_pairs,
            **{part: linked.timings.get(part, 0.0) for part in PARTS},
        }
    )


def run_once(saved: Path) -> dict:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_link_once, args=(saved, queue))
    proc.start()
    answer = queue.get()
    proc.join()
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cache = HERE.parent / ".cache" / "scale"
    saved = {n: real_result_path(cache / f"people{n}_seed{args.seed}_v3") for n in args.people}
    runs: dict[int, list[dict]] = {n: [] for n in args.people}
    for _ in range(args.repeat):
        for n in args.people:  # the sizes in turn, so that the machine's phases fall on each
            runs[n].append(run_once(saved[n]))
            print(json.dumps({"people": n, **runs[n][-1]}), flush=True)
    base = args.people[0]
    median = {n: {p: statistics.median(r[p] for r in runs[n]) for p in PARTS} for n in runs}
    print(f"\nmedians of {args.repeat}; per unit of input against {base:,} people")
    for n in args.people:
        first = runs[n][0]
        unit_rows = first["rows"] / runs[base][0]["rows"]
        unit_pairs = first["pairs"] / runs[base][0]["pairs"]
        cells = []
        for p in PARTS:
            grown = median[n][p] / median[base][p] if median[base][p] else float("nan")
            unit = unit_pairs if p in PER_PAIR else unit_rows
            cells.append(f"{p} {median[n][p]:.2f} s (x{grown / unit:.2f})")
        print(
            f"{n:>9,} people ({first['rows']:,} rows x{unit_rows:.2f}, {first['pairs']:,} "
            f"pairs x{unit_pairs:.2f}): " + ", ".join(cells)
        )


if __name__ == "__main__":
    main()
