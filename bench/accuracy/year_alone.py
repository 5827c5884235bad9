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

from run import dataset_of_command, print_variants, variant_row  # noqa: E402

from reconcile.model import IndRecord  # noqa: E402


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
        rows.append(variant_row(label, replace(data, ind=ind)))
    note = f"; {changed:,} IND records born on a 1 January"
    print_variants(data, rows, "IND 1 January birthdays", note)


if __name__ == "__main__":
    main()
