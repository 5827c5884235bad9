"""What a year of birth given alone is worth: the benchmark's data with the IND file's
1 January placeholders written as the year alone ("1975"), as some casework systems export
a birthday they do not know, linked three ways.

    .venv/bin/python bench/accuracy/year_alone.py [--people 20000] [--seed 7]

- "1 January": the data as generated (the placeholder as a date);
- "year read": each such record gives only its year (birth_year), as reconcile now reads it;
- "year lost": each such record has no date of birth at all, as reconcile read "1975" before
  it kept years given alone.

Prints pair precision, recall and F1, flagged precision and completeness, outcome accuracy
and rows held for review for each. Uses the cached data of run.py (made on first use).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from metrics import score  # noqa: E402
from run import dataset_of_command, predicted  # noqa: E402
from tabulate import tabulate  # noqa: E402

from reconcile.link import LinkerConfig  # noqa: E402
from reconcile.link.linker import link  # noqa: E402
from reconcile.model import IndRecord  # noqa: E402
from reconcile.rules.classify import ind_members  # noqa: E402

COLUMNS = ("pair_precision", "pair_recall", "pair_f1", "flagged_precision",
           "flagged_completeness", "outcome_accuracy", "review_rows")  # fmt: skip


def rewritten(ind: list[IndRecord], keep_year: bool) -> tuple[list[IndRecord], int]:
    """The IND records with every 1 January birthday given as its year alone (``keep_year``)
    or as no date of birth; and how many were changed."""
    out, changed = [], 0
    for rec in ind:
        if rec.dob is not None and (rec.dob.month, rec.dob.day) == (1, 1):
            rec = replace(rec, dob=None, birth_year=rec.dob.year if keep_year else None)
            changed += 1
        out.append(rec)
    return out, changed


def main() -> None:
    data = dataset_of_command(__doc__, 20000)
    rows = []
    changed = 0
    for label, keep in (("1 January", None), ("year read", True), ("year lost", False)):
        ind = data.ind
        if keep is not None:
            ind, changed = rewritten(data.ind, keep)
        variant = replace(data, ind=ind)
        result = link(variant.prison, variant.ind, LinkerConfig(), seed=2006).result
        metrics = score(variant, predicted(result, ind_members(result), variant))
        rows.append([label, *(metrics[c] for c in COLUMNS)])
    people = len(set(data.prison_pid) | set(data.ind_pid))
    print(f"{people:,} people in either file; {changed:,} IND records born on a 1 January")
    print(tabulate(rows, headers=["IND 1 January birthdays", *COLUMNS], floatfmt=".5f"))


if __name__ == "__main__":
    main()
