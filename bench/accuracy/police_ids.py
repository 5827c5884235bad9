"""What PNC IDs are worth: the benchmark's data with each person given one PNC ID, written on
a share of each file's records (some with a digit mistyped), linked four ways.

    .venv/bin/python bench/accuracy/police_ids.py [--people 20000] [--seed 7]

- "none": the data as generated (no PNC IDs, as in every other benchmark here);
- "prison file only": 74% of prison rows carry the person's PNC ID (the prison system of the
  time lacked it on 26% of records), 2% of those with one digit mistyped;
- "both files": as "prison file only", and 40% of IND records carry it too (an assumed share:
  no figure for the casework system was found), 2% mistyped;
- "both, one in eight wrong": as "both files", but one in eight numbers on IND records is
  another person's (keyed from the wrong file), to show what wrong numbers cost.

A mistyped digit leaves the check letter wrong, so reconcile compares such a number as one
character away from the right one. Prints pair precision, recall and F1, flagged precision
and completeness, outcome accuracy and rows held for review for each. Uses the cached data of
run.py (made on first use); the PNC IDs are drawn with a seeded generator of their own.
"""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from generate import Dataset  # noqa: E402
from run import dataset_of_command, print_variants, variant_row  # noqa: E402

from reconcile.model import IndRecord, PrisonRecord  # noqa: E402
from reconcile.normalise.police_ids import check_letter  # noqa: E402

PRISON_SHARE, IND_SHARE, TYPO_SHARE = 0.74, 0.40, 0.02
R = TypeVar("R", PrisonRecord, IndRecord)


def person_pnc(pid: int, rng: random.Random) -> str:
    year = f"{rng.randrange(75, 106) % 100:02d}"
    serial = f"{rng.randrange(10_000_000):07d}"
    return f"{year}/{serial}{check_letter(year, serial)}"


def mistyped(number: str, rng: random.Random) -> str:
    """One serial digit changed: the check letter no longer matches."""
    at = rng.randrange(3, 10)
    digit = str((int(number[at]) + rng.randrange(1, 10)) % 10)
    return number[:at] + digit + number[at + 1 :]


def numbered(
    records: list[R], pids: list[int], numbers: dict[int, str], share: float,
    wrong: float, rng: random.Random,
) -> list[R]:  # fmt: skip
    everyone = sorted(numbers)
    out = []
    for rec, pid in zip(records, pids, strict=True):
        if rng.random() < share:
            number = numbers[pid]
            if rng.random() < wrong:
                number = numbers[rng.choice(everyone)]
            elif rng.random() < TYPO_SHARE:
                number = mistyped(number, rng)
            rec = replace(rec, pnc=number)
        out.append(rec)
    return out


def variant(data: Dataset, ind_share: float, wrong: float) -> Dataset:
    rng = random.Random(2006)
    pids = sorted(set(data.prison_pid) | set(data.ind_pid))
    numbers = {pid: person_pnc(pid, rng) for pid in pids}
    prison = numbered(data.prison, data.prison_pid, numbers, PRISON_SHARE, 0.0, rng)
    ind = numbered(data.ind, data.ind_pid, numbers, ind_share, wrong, rng)
    return replace(data, prison=prison, ind=ind)


def main() -> None:
    data = dataset_of_command(__doc__, 20000)
    rows = []
    for label, shares in (
        ("none", None),
        ("prison file only", (0.0, 0.0)),
        ("both files", (IND_SHARE, 0.0)),
        ("both, one in eight wrong", (IND_SHARE, 0.125)),
    ):
        rows.append(variant_row(label, data if shares is None else variant(data, *shares)))
    print_variants(data, rows, "PNC IDs")


if __name__ == "__main__":
    main()
