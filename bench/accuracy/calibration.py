"""How often candidate pairs in each probability band are truly one person, and how many
errors even the best decision could not avoid if the probabilities are right.

    .venv/bin/python bench/accuracy/calibration.py [--people 20000] [--seed 7]

Two probabilities are checked: the pair's own (its weight alone) and the one the assignment
decides on (every other candidate of the prisoner weighed, reconcile.link.posterior).

The floor: for each prison row, p is the probability of its best candidate. Whatever rule
decides the row, it is wrong with probability min(p, 1 - p) (link, and the candidate is
someone else; do not link, and it was him), so when the probabilities are calibrated the sum
of min(p, 1 - p) over the rows is the number of wrong link decisions no rule can avoid with
these fields. Uses the cached data of run.py (made on first use).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from run import dataset_of_command  # noqa: E402
from tabulate import tabulate  # noqa: E402

from reconcile.link import LinkerConfig  # noqa: E402
from reconcile.link.linker import link  # noqa: E402

BANDS = ((0.0, 0.01), (0.01, 0.1), (0.1, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95),
         (0.95, 0.99), (0.99, 0.999), (0.999, 1.01))  # fmt: skip


def bands(prob: np.ndarray, same: np.ndarray) -> list[list[object]]:
    rows: list[list[object]] = []
    for lo, hi in BANDS:
        band = (prob >= lo) & (prob < hi)
        n = int(band.sum())
        rows.append([f"{lo:g}-{min(hi, 1):g}", n, same[band].mean() if n else None,
                     prob[band].mean() if n else None])  # fmt: skip
    return rows


def best_per_row(prison: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """Index of each prison row's most probable candidate pair."""
    order = np.lexsort((-prob, prison))
    first = np.ones(len(order), dtype=bool)
    first[1:] = prison[order][1:] != prison[order][:-1]
    return order[first]


def main() -> None:
    data = dataset_of_command(__doc__, 20000)
    scored = link(data.prison, data.ind, LinkerConfig(), seed=2006).scored
    same = np.asarray(data.prison_pid)[scored.prison] == np.asarray(data.ind_pid)[scored.ind]
    heads = ["probability", "pairs", "truly one person", "mean probability"]
    print("All candidate pairs, the pair's own probability (its weight alone):")
    print(tabulate(bands(scored.scores.probability, same), headers=heads, floatfmt=".4f"))
    print("\nAll candidate pairs, the probability with every other candidate weighed:")
    print(tabulate(bands(scored.probability, same), headers=heads, floatfmt=".4f"))
    best = best_per_row(scored.prison, scored.probability)
    print("\nEach prison row's best candidate, with every other candidate weighed:")
    print(tabulate(bands(scored.probability[best], same[best]), headers=heads, floatfmt=".4f"))
    p = scored.probability[best]
    floor = float(np.minimum(p, 1 - p).sum())
    rows = len(data.prison)
    print(f"\nprison rows {rows}; with a candidate {len(best)}; expected wrong link decisions "
          f"of the best possible rule {floor:.0f} ({floor / rows:.2%} of rows)")  # fmt: skip


if __name__ == "__main__":
    main()
