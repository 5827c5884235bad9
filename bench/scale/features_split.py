"""The linker's features step, both files in turn against the IND file's and the prison file's
second half in forked children.

    .venv/bin/python bench/scale/features_split.py                  # the 200k data set
    .venv/bin/python bench/scale/features_split.py --data DIR --repeat 5

The records are read once (reconcile.extracts); each way then runs in a process forked from
this one, the ways taken in turn, so that both start from the same memory. Printed per run:
the way, its wall and CPU seconds (the CPU of the process that builds the prison file's
features and translates; the child's is not counted), and whether and how long the child's
features were translated. Both ways must give the same features: the script checks the vocabulary's
size and every column's sum against building in turn.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from forked_runs import forked, records_once  # noqa: E402

DEFAULT = HERE.parent / ".cache" / "scale" / "people200000_seed11_v3"
WAYS = ("in turn", "two cores")


def _build(way: str, records: tuple[Any, Any], queue: Any) -> None:
    from reconcile.link import encode
    from reconcile.link.features import Features, Vocabulary

    prison, ind = records
    spent = {"translate": 0.0, "calls": 0}
    real = encode.translate

    def timed(*args: Any) -> Any:
        start = time.perf_counter()
        try:
            return real(*args)
        finally:
            spent["translate"] += time.perf_counter() - start
            spent["calls"] += 1

    encode.translate = timed
    encode.TWO_CORES_FROM = 1  # the prison file in halves (encode.halves) either way
    vocab = Vocabulary()
    start, cpu = time.perf_counter(), time.process_time()
    p, i = encode.encode_files(prison, ind, vocab, spare=way == "two cores")
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    sums = [int(getattr(f, c).sum()) for f in (p, i) for c in Features.__dataclass_fields__]
    queue.put(
        {
            "way": way,
            "wall s": round(wall, 2),
            "cpu s": round(cpu, 2),
            "translate s": round(spent["translate"], 2),
            "translated": spent["calls"] > 0,
            "strings": len(vocab.strings),
            "check": hash(tuple(sums)),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    prison, ind, _ = records_once(args.data)
    checks = set()
    for _ in range(args.repeat):
        for way in WAYS:
            line = forked(_build, way, (prison, ind))
            checks.add((line.pop("strings"), line.pop("check")))
            print(json.dumps(line), flush=True)
    if len(checks) != 1:
        raise SystemExit("the two ways gave different features")


if __name__ == "__main__":
    main()
