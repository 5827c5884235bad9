"""Time each writer on a synthetic run of N prison rows (tests.factories.make_large_result:
N prison rows and N IND records, half of the prison rows listed failures), or on the real
run of a scale benchmark data set (--data: the pipeline runs once, its result is kept in
bench/.cache/write/ and reused; --rebuild to run it again after the pipeline changed).

    python bench/write_scale.py --rows 200000                 # each writer, then all outputs
    python bench/write_scale.py --rows 200000 --writer pdf --repeat 3
    python bench/write_scale.py --data bench/.cache/scale/people200000_seed11_v2 --repeat 3

Each measurement runs in a fresh process, so its peak memory is its own: the line printed
gives wall seconds (median of --repeat runs), CPU seconds (children included), the peak
resident memory of the largest process, the peak proportional memory of the process tree
(pages shared after a fork counted once; sampled every 0.1 s), both including the synthetic
run itself (shown as "before"), and for the PDF its pages.
"outputs" is reconcile.write.write_outputs: workbook, CSV, PDF and manifest as a run writes
them (the PDF in a forked child while the workbook and the CSV are written in one pass); its
line also gives each writer's own time from the run's timings.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import pickle
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WRITERS = ("workbook", "csv", "pdf", "outputs")
CACHE = Path(__file__).resolve().parent / ".cache" / "write"


def real_result_path(data: Path, rebuild: bool = False) -> Path:
    """The pickled RunResult of the pipeline on a scale data set (prison and ind, .xlsx or
    .csv, and audit.toml in ``data``), made once (in a separate process) and kept in CACHE."""
    path = CACHE / f"{data.resolve().name}.pickle"
    if rebuild or not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        ctx = multiprocessing.get_context("fork")
        proc = ctx.Process(target=_build, args=(data, path))
        proc.start()
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"the pipeline failed on {data}")
    return path


def _build(data: Path, path: Path) -> None:
    from reconcile.app import build_settings
    from reconcile.pipeline import run

    kind = "xlsx" if (data / "prison.xlsx").exists() else "csv"  # 1M people: CSV files
    settings = build_settings(
        data / f"prison.{kind}",
        data / f"ind.{kind}",
        outdir=CACHE / "unused",
        config_path=data / "audit.toml",
    )
    result = run(settings)
    part = path.with_suffix(".part")
    with open(part, "wb") as handle:
        pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    part.replace(path)


def _load(rows: int, real: Path | None):  # -> RunResult
    if real is not None:
        import gc

        with open(real, "rb") as handle:
            result = pickle.load(handle)  # our own cache file, made by _build
        gc.collect()
        gc.freeze()  # as the pipeline leaves its results: out of the collector's way
        return result
    from tests.factories import make_large_result

    return make_large_result(rows)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _measure(
    writer: str, rows: int, queue: multiprocessing.Queue, real: Path | None = None
) -> None:
    from reconcile.write.evidence import write_evidence
    from reconcile.write.outcomes_csv import write_outcomes_csv
    from reconcile.write.outputs import write_outputs
    from reconcile.write.workbook import write_workbook

    result = _load(rows, real)
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
        writers = {k: v for k, v in result.timings.items() if k.startswith("write: ")}
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
            "writers": writers if writer == "outputs" else {},
            "rows": len(result.prison),
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


def run_once(writer: str, rows: int, real: Path | None = None) -> dict:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(writer, rows, queue, real))
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
    parser.add_argument("--data", type=Path, help="a scale data set: time its real run instead")
    parser.add_argument("--rebuild", action="store_true", help="run the pipeline on --data again")
    args = parser.parse_args()
    real = real_result_path(args.data, args.rebuild) if args.data else None
    for writer in args.writer or WRITERS:
        runs = [run_once(writer, args.rows, real) for _ in range(args.repeat)]
        if args.json:
            for r in runs:
                print(json.dumps({"writer": writer, **r}), flush=True)
        walls = [r["wall"] for r in runs]
        last = runs[-1]
        pages = f", {last['pages']:,} pages" if last["pages"] else ""
        each = [
            f"{name[7:]} {statistics.median(r['writers'][name] for r in runs):.1f} s"
            for name in last["writers"]
        ]
        pages += f", each writer (median): {', '.join(each)}" if each else ""
        print(
            f"{writer:9} {last['rows']:>9,} rows: median {statistics.median(walls):6.1f} s wall "
            f"(runs {', '.join(f'{w:.1f}' for w in walls)}), {last['cpu']:.1f} s CPU, "
            f"peak RSS {max(r['peak_mb'] for r in runs):,.0f} MB, peak PSS of the process tree "
            f"{max(r['peak_pss_mb'] for r in runs):,.0f} MB (before {last['before_mb']:,.0f} MB)"
            f"{pages}, sizes {last['bytes']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
