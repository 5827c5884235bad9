"""How often candidate pairs in each probability band are truly one person.

    .venv/bin/python bench/accuracy/calibration.py [--people 20000] [--seed 7]

Uses the cached data of run.py (made on first use).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from run import dataset  # noqa: E402
from tabulate import tabulate  # noqa: E402

from reconcile.link import LinkerConfig  # noqa: E402
from reconcile.link.linker import link  # noqa: E402

BANDS = ((0.0, 0.01), (0.01, 0.1), (0.1, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95),
         (0.95, 0.99), (0.99, 0.999), (0.999, 1.01))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    data, _ = dataset(args.people, args.seed)
    scored = link(data.prison, data.ind, LinkerConfig(), seed=2006).scored
    same = np.asarray(data.prison_pid)[scored.prison] == np.asarray(data.ind_pid)[scored.ind]
    prob = scored.scores.probability
    rows = []
    for lo, hi in BANDS:
        band = (prob >= lo) & (prob < hi)
        n = int(band.sum())
        rows.append([f"{lo:g}-{min(hi, 1):g}", n, same[band].mean() if n else None,
                     prob[band].mean() if n else None])  # fmt: skip
    print(tabulate(rows, headers=["probability", "pairs", "truly one person", "mean probability"],
                   floatfmt=".4f"))  # fmt: skip


if __name__ == "__main__":
    main()
