"""Time each writer on a synthetic run of N prison rows (tests.factories.make_large_result:
N prison rows and N IND records, half of the prison rows listed failures).

    python bench/write_scale.py --rows 200000                 # each writer, then all outputs
    python bench/write_scale.py --rows 200000 --writer pdf --repeat 3

Each measurement runs in a fresh process, so its peak memory is its own: the line printed
gives wall seconds (median of --repeat runs), CPU seconds (children included), the peak
resident memory of the largest process, the peak proportional memory of the process tree
(pages shared after a fork counted once; sampled every 0.1 s), both including the synthetic
run itself (shown as "before"), and for the PDF its pages.
"outputs" is reconcile.write.write_outputs: workbook, CSV, PDF and manifest as a run writes
them (the workbook and the PDF concurrently).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WRITERS = ("workbook", "csv", "pdf", "outputs")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _measure(writer: str, rows: int, queue: multiprocessing.Queue) -> None:
    from reconcile.write.evidence import write_evidence
    from reconcile.write.outcomes_csv import write_outcomes_csv
    from reconcile.write.outputs import write_outputs
    from reconcile.write.workbook import write_workbook
    from tests.factories import make_large_result

    result = make_large_result(rows)
    before = _rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        usage0 = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        pages = None
        if writer == "workbook":
            write_workbook(result, out / "r.xlsx")
        elif writer == "csv":
            write_outcomes_csv(result, out / "o.csv")
        elif writer == "pdf":
            pages = write_evidence(result, out / "e.pdf")
        else:
            write_outputs(result, out / "run", force=False)
        wall = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        sizes = {p.name: p.stat().st_size for p in out.rglob("*") if p.is_file()}
    cpu = usage.ru_utime + usage.ru_stime - usage0.ru_utime - usage0.ru_stime
    queue.put(
        {
            "wall": wall,
            "cpu": cpu + children.ru_utime + children.ru_stime,
            "peak_mb": max(usage.ru_maxrss, children.ru_maxrss) / 1024,
            "before_mb": before,
            "pages": pages,
            "bytes": sizes,
        }
    )


def _tree_pss_mb(root: int) -> float:
    """Proportional set size of ``root`` and its children (pages they share counted once)."""
    total = 0
    pids = [root]
    children = Path(f"/proc/{root}/task/{root}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_once(writer: str, rows: int) -> dict:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(writer, rows, queue))
    proc.start()
    peak_pss = 0.0
    while True:
        try:
            answer = queue.get(timeout=0.1)
            break
        except Exception:  # queue.Empty: still writing
            peak_pss = max(peak_pss, _tree_pss_mb(proc.pid or 0))
    proc.join()
    return {**answer, "peak_pss_mb": peak_pss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--writer", choices=WRITERS, action="append")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="one JSON line per run as well")
    args = parser.parse_args()
    for writer in args.writer or WRITERS:
        runs = [run_once(writer, args.rows) for _ in range(args.repeat)]
        if args.json:
            for r in runs:
                print(json.dumps({"writer": writer, "rows": args.rows, **r}), flush=True)
        walls = [r["wall"] for r in runs]
        last = runs[-1]
        pages = f", {last['pages']:,} pages" if last["pages"] else ""
        print(
            f"{writer:9} {args.rows:>9,} rows: median {statistics.median(walls):6.1f} s wall "
            f"(runs {', '.join(f'{w:.1f}' for w in walls)}), {last['cpu']:.1f} s CPU, "
            f"peak RSS {max(r['peak_mb'] for r in runs):,.0f} MB, peak PSS of the process tree "
            f"{max(r['peak_pss_mb'] for r in runs):,.0f} MB (before {last['before_mb']:,.0f} MB)"
            f"{pages}, sizes {last['bytes']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
