"""The run's first step alone: both extracts read and their records built, three ways.

    .venv/bin/python bench/scale/read_step.py                                   # 200k workbooks
    .venv/bin/python bench/scale/read_step.py --data bench/.cache/scale/people1000000_seed11_v3
    .venv/bin/python bench/scale/read_step.py --data DIR --repeat 5 --ways overlapped one-by-one

- one-by-one: each file read alone (a CSV in this process), then each file's records built;
- read-then-build: both files read at once (load_tables), then each file's records built;
- overlapped: what a run does (load_tables_built): the IND records are built while the prison
  file is still being parsed.

Each way runs in a fresh process, the ways taken in turn, and the median of each is printed.
DIR holds prison.* and ind.* (xlsx or csv) and audit.toml, as the scale data sets do
(bench/scale/generate.py, bench/scale/xlsx_parts.py).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

WAYS = ("one-by-one", "read-then-build", "overlapped")
DEFAULT = HERE.parents[0] / ".cache" / "scale" / "people200000_seed11_v3"


def _files(data: Path) -> tuple[Path, Path]:
    def one(stem: str) -> Path:
        found = sorted(p for p in data.glob(f"{stem}.*") if p.suffix in (".xlsx", ".csv"))
        if not found:
            raise SystemExit(f"{data}: no {stem}.xlsx or {stem}.csv")
        return found[0]

    return one("prison"), one("ind")


def _once(data: Path, way: str) -> float:
    """Seconds for one way, in this process (the imports done before the clock starts)."""
    from reconcile.collector import collector_paused
    from reconcile.model import Role, Table
    from reconcile.normalise.records import build_ind_records, build_prison_records
    from reconcile.read import load_table
    from reconcile.read.loader import load_tables, load_tables_built
    from reconcile.settings import load_config

    prison, ind = _files(data)
    config = load_config(data / "audit.toml")
    requests = [(prison, Role.PRISON), (ind, Role.IND)]
    as_of = date(2006, 3, 31)

    def build_prison(table: Table) -> object:
        return build_prison_records(table, reference=as_of)

    def build_ind(table: Table) -> object:
        return build_ind_records(table, reference=as_of)

    start = time.perf_counter()
    with collector_paused():
        if way == "overlapped":
            load_tables_built(requests, config, [build_prison, build_ind])
        else:
            if way == "one-by-one":
                tables = [load_table(path, role, config) for path, role in requests]
            else:
                tables = load_tables(requests, config)
            build_prison(tables[0][0])
            build_ind(tables[1][0])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ways", nargs="+", choices=WAYS, default=list(WAYS))
    parser.add_argument("--once", choices=WAYS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(_once(args.data, args.once))
        return
    prison, ind = _files(args.data)
    print(f"{prison} and {ind}, {args.repeat} runs each, ways in turn")
    times: dict[str, list[float]] = {way: [] for way in args.ways}
    for _ in range(args.repeat):
        for way in args.ways:
            command = [sys.executable, __file__, "--data", str(args.data), "--once", way]
            out = subprocess.run(command, capture_output=True, text=True, check=True)
            times[way].append(float(out.stdout))
    for way, seconds in times.items():
        shown = ", ".join(f"{s:.2f}" for s in seconds)
        print(f"{way:16} median {statistics.median(seconds):6.2f} s  ({shown})")


if __name__ == "__main__":
    main()
