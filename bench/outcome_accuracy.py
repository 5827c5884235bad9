"""Score a full audit run against a generated sample's ground truth (truth.csv).

    python bench/outcome_accuracy.py samples            # the committed samples
    python bench/outcome_accuracy.py DIR --show 20      # any folder made by `reconcile sample`

Prints the confusion of true against found outcomes, the flagged list's precision and
completeness (flagged = never referred + referred not considered + considered after release),
and the first rows that disagree with their reasons.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections import Counter
from pathlib import Path

from tabulate import tabulate

from reconcile.app import build_settings
from reconcile.model import FAILURE_OUTCOMES
from reconcile.pipeline import run

FLAGGED = {o.value for o in FAILURE_OUTCOMES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show", type=int, default=10, help="disagreeing rows to print")
    args = parser.parse_args()
    folder: Path = args.folder
    with tempfile.TemporaryDirectory() as tmp:
        settings = build_settings(
            folder / "prison_extract.xlsx",
            folder / "ind_extract.xlsx",
            outdir=Path(tmp),
            config_path=folder / "audit.toml",
        )
        result = run(settings)
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as fh:
        truth = {int(r["row"]): r for r in csv.DictReader(fh) if r["role"] == "prison"}
    pairs = Counter()
    wrong = []
    for rec, c in zip(result.prison, result.classifications, strict=True):
        t = truth[rec.prov.row]["outcome"]
        pairs[(t, c.outcome.value)] += 1
        if t != c.outcome.value:
            wrong.append((rec.prov.row, t, c.outcome.value, truth[rec.prov.row], c.reason))
    rows = sorted({t for t, _ in pairs})
    cols = sorted({f for _, f in pairs})
    table = [[t, *[pairs.get((t, f), 0) or "" for f in cols]] for t in rows]
    print(tabulate(table, headers=["truth \\ found", *cols]))
    true_flag = {r for r, t in truth.items() if t["outcome"] in FLAGGED}
    found_flag = {
        rec.prov.row
        for rec, c in zip(result.prison, result.classifications, strict=True)
        if c.outcome.value in FLAGGED
    }
    hit = len(true_flag & found_flag)
    print(
        f"\nrows {len(truth)}; agree {sum(v for (t, f), v in pairs.items() if t == f)}; "
        f"flagged: true {len(true_flag)}, found {len(found_flag)}, "
        f"precision {hit / max(1, len(found_flag)):.4f}, "
        f"completeness {hit / max(1, len(true_flag)):.4f}"
    )
    for row, t, f, trow, reason in wrong[: args.show]:
        print(f"\nrow {row}: truth {t}, found {f}; corruptions {trow.get('corruptions', '')}")
        print(f"  {reason}")


if __name__ == "__main__":
    main()
