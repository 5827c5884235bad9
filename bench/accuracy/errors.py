"""Why rows are wrongly flagged: what the linker decided, and what the true pair looked like.

    .venv/bin/python bench/accuracy/errors.py [--people 200000] [--seed 7]

A row is wrongly flagged when its true IND records show a consideration before release but
the records it was linked to (if any) do not. For each such row: the decision (no link,
needs review, linked to another person, linked to only some of the person's records) and
the comparison levels of its best true pair (or "not a candidate" when blocking missed it).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from metrics import FLAGGED, outcome, truth  # noqa: E402
from run import dataset  # noqa: E402

from reconcile.link import LinkerConfig  # noqa: E402
from reconcile.link.compare import DOB, NAME  # noqa: E402
from reconcile.link.linker import link  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args()
    data, _ = dataset(args.people, args.seed)
    linked = link(data.prison, data.ind, LinkerConfig(), seed=2006)
    decisions, scored = linked.result.decisions, linked.scored
    true = truth(data)
    codes = scored.prison * len(data.ind) + scored.ind
    causes: Counter[str] = Counter()
    evidence: Counter[str] = Counter()
    for k, rec in enumerate(data.prison):
        right = outcome(rec, [data.ind[i] for i in true.links[k]], False)
        found = outcome(rec, [data.ind[i] for i in decisions[k].ind_idxs], False)
        if found not in FLAGGED or right in FLAGGED:
            continue
        got, want = set(decisions[k].ind_idxs), set(true.links[k])
        if not got:
            causes[decisions[k].status.value] += 1
        elif got & want:
            causes["linked to some of the person's IND records"] += 1
        else:
            causes["linked to another person"] += 1
        best = None
        for i in want:
            pos = int(np.searchsorted(codes, k * len(data.ind) + i))
            hit = pos < len(codes) and codes[pos] == k * len(data.ind) + i
            if hit and (best is None or scored.scores.weight[pos] > scored.scores.weight[best]):
                best = pos
        if best is None:
            evidence["not a candidate"] += 1
        else:
            name, dob = NAME.labels[scored.levels[best, 0]], DOB.labels[scored.levels[best, 1]]
            evidence[f"name {name}, date of birth {dob}"] += 1
    print(f"wrongly flagged rows: {sum(causes.values())}")
    for cause, n in causes.most_common():
        print(f"  {n:6d}  {cause}")
    print("best true pair:")
    for text, n in evidence.most_common(args.top):
        print(f"  {n:6d}  {text}")


if __name__ == "__main__":
    main()
