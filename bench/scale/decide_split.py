"""The linker's first round of decisions on two cores against one, on the same records.

    .venv/bin/python bench/scale/decide_split.py                     # the 1M CSV data set
    .venv/bin/python bench/scale/decide_split.py --data DIR --repeat 2

The records are read once (reconcile.extracts); each link then runs in a process forked from
this one, the two ways taken in turn, so that both start from the same memory. Printed per
link: the assignment's seconds (wall and CPU of the linking process), the first round's
seconds (reconcile.link.linker._decide_on_two_cores, whichever way it runs), the seconds of
all the decision calls made in the linking process (its share of the first round and the
later rounds), the CPU seconds of the linking process's children (the candidate pairs, the
people within each file and, on two cores, the decisions' child) and the minor page faults
of the linking process and of its children (after a fork, the pages either process writes to
are copied).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from forked_runs import forked, records_once  # noqa: E402

DEFAULT = HERE.parent / ".cache" / "scale" / "people1000000_seed11_v3"
WAYS = ("two cores", "one core")


def _link(way: str, records: tuple[Any, Any, Any], queue: Any) -> None:
    import reconcile.link.linker as linker

    prison, ind, config = records
    if way == "one core":
        linker.TWO_CORES_FROM = 1 << 62
    spent = {"first round": 0.0, "decision calls": 0.0}
    decide, first_round = linker._Round.decide, linker._decide_on_two_cores

    def timed(key: str, real: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - start

        return run

    linker._Round.decide = timed("decision calls", decide)  # type: ignore[method-assign]
    linker._decide_on_two_cores = timed("first round", first_round)
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    linked = linker.link(prison, ind, config.linker, config.audit.seed)
    own2 = resource.getrusage(resource.RUSAGE_SELF)
    kids2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    laps = linked.timings
    queue.put(
        {
            "way": way,
            "assign s": round(laps["assign"], 2),
            "assign cpu s": round(laps["assign cpu"], 2),
            **{f"{k} s": round(v, 2) for k, v in spent.items()},
            "children cpu s": round(
                kids2.ru_utime + kids2.ru_stime - kids.ru_utime - kids.ru_stime, 1
            ),
            "page faults": own2.ru_minflt - own.ru_minflt,
            "children's page faults": kids2.ru_minflt - kids.ru_minflt,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    records = records_once(args.data)
    for _ in range(args.repeat):
        for way in WAYS:
            print(json.dumps(forked(_link, way, records)), flush=True)


if __name__ == "__main__":
    main()
