"""Scale benchmark: `reconcile run` end to end at 20k, 200k and 1M people, and Splink 5.

    .venv/bin/python bench/scale/run.py [--people 20000 200000 1000000] [--repeat 3]
        [--no-splink] [--splink-timeout 1200]

For each size: the cached data (generate.py), then the full `reconcile run` (both extracts
in; workbook, outcomes.csv, evidence PDF and manifest out) as a separate process, timed
(measure.py) with its stage timings from manifest.json. Sizes up to 200,000 people are
timed --repeat times and the medians reported; larger sizes once. Peak memory comes from one
more run: reading each process's proportional set size (/proc/<pid>/smaps_rollup) every 50 ms
walks its page tables and slowed a 200k run by about 3 s (28.3 s against 25.1 s), so the timed
runs read only the cheap resident sizes. Then Splink 5 on the same extracts: reading them
(splink_read.py, openpyxl) and linking (bench/accuracy/splink_link.py in its own
environment). Before and after each size's runs, probe.py times a fixed piece of work, so
that timings taken on different days can be compared (the machines' speed varies; see its
docstring). Prints the tables and writes bench/out/scale/results.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from tabulate import tabulate

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Measured, measure  # noqa: E402
from probe import machine_seconds  # noqa: E402


def _sibling(name: str) -> ModuleType:
    """bench/scale/<name>.py as module scale_<name> (bench/accuracy has a generate.py too)."""
    spec = importlib.util.spec_from_file_location(f"scale_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_generate = _sibling("generate")
CACHE: Path = _generate.CACHE
ScaleData = _generate.ScaleData
dataset = _generate.dataset

ACCURACY = HERE.parent / "accuracy"
SPLINK_PYTHON = ACCURACY / ".venv-splink" / "bin" / "python"
RECONCILE = Path(sys.executable).parent / "reconcile"
STAGES = ("read", "normalise", "link", "classify", "write")


class RunFailed(RuntimeError):
    pass


def _check(m: Measured, what: str) -> None:
    if m.returncode != 0 and not (m.timed_out or m.over_memory):
        raise RunFailed(f"{what} failed ({m.returncode}): {m.stderr.strip()[-2000:]}")


def reconcile_once(data: ScaleData, out: Path, pss: bool = False) -> dict[str, Any]:
    """One `reconcile run`: wall, peak memory (proportional set sizes only when ``pss``), stage
    seconds and counts from its manifest."""
    cmd = [str(RECONCILE), "run", str(data.prison), str(data.ind), "-c", str(data.config),
           "-o", str(out), "--force"]  # fmt: skip
    m = measure(cmd, pss=pss)
    _check(m, "reconcile run")
    manifest = json.loads((out / "manifest.json").read_text())
    return {
        "wall_s": m.seconds,
        "cpu_s": m.cpu_s,
        "peak_pss_mb": m.peak_pss_mb,
        "peak_rss_mb": m.peak_rss_mb,
        "stages": manifest["timings_s"],
        "candidate_pairs": manifest["counts"]["candidate_pairs"],
        "review_rows": manifest["counts"]["review_rows"],
    }


def reconcile_measured(data: ScaleData, out: Path, repeat: int) -> dict[str, Any]:
    """Medians of ``repeat`` timed runs, with the peak memory of one more run that reads the
    proportional set sizes (its own wall time is kept apart as memory_run_wall_s)."""
    timed = median_run([reconcile_once(data, out) for _ in range(repeat)])
    memory = reconcile_once(data, out, pss=True)
    return {
        **timed,
        "peak_pss_mb": memory["peak_pss_mb"],
        "peak_rss_mb": max(timed["peak_rss_mb"], memory["peak_rss_mb"]),
        "memory_run_wall_s": memory["wall_s"],
    }


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Field by field medians of several runs (stage by stage for the timings)."""
    out = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "stages"}
    names = list(dict.fromkeys(k for r in runs for k in r["stages"]))  # in the order timed
    out["stages"] = {k: statistics.median(r["stages"].get(k, 0.0) for r in runs) for k in names}
    out["runs"] = len(runs)
    return out


def splink_once(
    data: ScaleData, work: Path, timeout: float, max_memory_mb: float
) -> dict[str, Any]:
    """Splink as a user runs it: read the extracts, then link; each step timed apart. Linking
    is stopped after ``timeout`` seconds or at ``max_memory_mb`` (the row then says so). Each
    step is one process sharing no pages with another, so its resident size is its memory:
    sampled without the costly proportional sizes, and reported as the peak."""
    read = measure([sys.executable, str(HERE / "splink_read.py"), str(data.prison),
                    str(data.ind), str(work)], pss=False)  # fmt: skip
    _check(read, "reading for Splink")
    links = work / "splink_links.csv"
    link = measure([str(SPLINK_PYTHON), str(ACCURACY / "splink_link.py"), str(work),
                    str(links), "0.9"], timeout=timeout, max_memory_mb=max_memory_mb,
                   pss=False)  # fmt: skip
    _check(link, "Splink")
    return {
        "wall_s": read.seconds + link.seconds,
        "cpu_s": read.cpu_s + link.cpu_s,
        "peak_pss_mb": max(read.peak_rss_mb, link.peak_rss_mb),
        "peak_rss_mb": max(read.peak_rss_mb, link.peak_rss_mb),
        "stages": {"read": read.seconds, "link": link.seconds},
        "stopped": "timed out" if link.timed_out else "memory cap" if link.over_memory else "",
        "runs": 1,
    }


def _probe(rounds: int) -> float | None:
    """The machine's speed now (probe.py): seconds the fixed work takes, or None if not
    asked for."""
    return round(machine_seconds(rounds), 2) if rounds > 0 else None


def ratio(now: dict[str, Any], before: dict[str, Any] | None, key: str) -> float | None:
    """now[key] / before[key], or None when there is nothing to compare with."""
    if before is None or not before.get(key) or now.get(key) is None:
        return None
    return float(now[key]) / float(before[key])


def table(results: list[dict[str, Any]]) -> str:
    head = ["people", "prison rows", "IND rows", "tool", "runs", "wall s", "CPU s", "peak MB",
            *STAGES, "candidate pairs", "wall x prev", "CPU x prev", "pairs x prev",
            "probe s"]  # fmt: skip
    rows, previous = [], {}
    for r in results:
        before = previous.get(r["tool"])
        rows.append([
            r["people"], r["prison_rows"], r["ind_rows"],
            r["tool"] + (f" (stopped: {r['stopped']})" if r.get("stopped") else ""), r["runs"],
            r["wall_s"], r["cpu_s"], r["peak_pss_mb"],
            *(r["stages"].get(s) for s in STAGES),
            r.get("candidate_pairs"), ratio(r, before, "wall_s"), ratio(r, before, "cpu_s"),
            ratio(r, before, "candidate_pairs"), _probe_text(r),
        ])  # fmt: skip
        previous[r["tool"]] = r
    return tabulate(rows, headers=head, floatfmt=".1f", intfmt=",", missingval="")


def _probe_text(r: dict[str, Any]) -> str:
    """'1.31 / 1.35': the probe before and after the size's runs."""
    if r.get("probe_before_s") is None:
        return ""
    return f"{r['probe_before_s']:.2f} / {r['probe_after_s']:.2f}"


def stage_table(results: list[dict[str, Any]]) -> str:
    """Every stage the manifest timed (the linker's and writers' parts included)."""
    mine = [r for r in results if r["tool"] == "reconcile"]
    names = list(dict.fromkeys(k for r in mine for k in r["stages"]))
    rows = [[k, *(r["stages"].get(k) for r in mine)] for k in names]
    return tabulate(rows, headers=["stage (s)", *(f"{r['people']:,}" for r in mine)],
                    floatfmt=".2f", missingval="")  # fmt: skip


def _save(results: list[dict[str, Any]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1))


def compile_package() -> None:
    """Byte-compile the reconcile package that `reconcile run` will import (the installed one,
    or the one PYTHONPATH names), as an installed package is: where PYTHONDONTWRITEBYTECODE is
    set (as on some build machines) the interpreter never writes its bytecode cache, and each
    run compiled the package's sources anew, about 0.4 s of every run's start."""
    where = subprocess.run(
        [sys.executable, "-c", "import reconcile, os; print(os.path.dirname(reconcile.__file__))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    subprocess.run([sys.executable, "-m", "compileall", "-q", where], check=True)


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, nargs="+", default=[20_000, 200_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--repeat", type=int, default=3, help="runs at sizes up to 200,000 people")
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument("--splink-timeout", type=float, default=1200.0)
    ap.add_argument("--splink-max-gb", type=float, default=12.0, help="stop Splink at this RSS")
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument(
        "--probe-rounds", type=int, default=3,
        help="timings of the fixed work (probe.py) before and after each size's runs; 0: none",
    )  # fmt: skip
    ap.add_argument("--out", type=Path, default=HERE.parent / "out" / "scale")
    args = ap.parse_args(argv)
    results: list[dict[str, Any]] = []
    compile_package()
    for n in args.people:
        data = dataset(n, args.seed, args.cache)
        size = {"people": n, "prison_rows": data.prison_rows, "ind_rows": data.ind_rows}
        out = args.out / f"people{n}"
        repeat = args.repeat if n <= 200_000 else 1
        before = _probe(args.probe_rounds)
        measured = reconcile_measured(data, out / "reconcile", repeat)
        probe = {"probe_before_s": before, "probe_after_s": _probe(args.probe_rounds)}
        results.append({**size, "tool": "reconcile", **measured, **probe})
        print(table(results[-1:]), flush=True)
        _save(results, args.out)
        if not args.no_splink and SPLINK_PYTHON.exists():
            limit = args.splink_max_gb * 1024
            spl = splink_once(data, out / "splink", args.splink_timeout, limit)
            results.append({**size, "tool": "splink 5", **spl})
            print(table(results[-1:]), flush=True)
            _save(results, args.out)
    print("\n" + table(results))
    print("\n" + stage_table(results))
    return results


if __name__ == "__main__":
    main()
