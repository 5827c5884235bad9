"""IND records left out of a link: candidates of another IND person than the one linked.

    .venv/bin/python bench/accuracy/left_out.py [--people 200000] [--seed 7]

For every linked prison row, each candidate whose IND record belongs to a person other than
the ones linked is counted by: whether the within-file step judged the two IND people
compatible (they may be one), whether the pair has enough evidence to link, its own
probability band, and whether it is truly the prisoner. For the strong ones (enough
evidence, probability 0.5 or more, not compatible) the date-of-birth level against the
linked record is counted too, true and false apart: the question is whether any rule on
these fields could add the true ones without the false.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from metrics import truth  # noqa: E402
from run import dataset_of_command  # noqa: E402
from tabulate import tabulate  # noqa: E402

import reconcile.link.linker as linker  # noqa: E402
from reconcile.link import LinkerConfig  # noqa: E402
from reconcile.link.compare import DOB, compare_one  # noqa: E402


def main() -> None:
    data = dataset_of_command(__doc__, 200000)
    people: list[linker.People] = []
    within = linker._within_file

    def keep(*a: object, **k: object) -> linker.People:
        found = within(*a, **k)  # type: ignore[arg-type]
        people.append(found)
        return found

    linker._within_file = keep  # type: ignore[assignment]
    linker.room_to_fork = lambda: False  # type: ignore[assignment]  # keep runs in this process
    linked = linker.link(data.prison, data.ind, LinkerConfig(), seed=2006)
    ind_people = people[1]
    person, compatible = ind_people.person, ind_people.compatible
    decisions, scored = linked.result.decisions, linked.scored
    true = truth(data)
    starts = np.searchsorted(scored.prison, np.arange(len(data.prison) + 1))
    kinds: Counter[tuple[str, str, str, str]] = Counter()
    dobs: Counter[tuple[str, str]] = Counter()
    for k, d in enumerate(decisions):
        if d.status.value != "linked":
            continue
        group = {int(person[i]) for i in d.ind_idxs}
        want = set(true.links[k])
        for pos in range(starts[k], starts[k + 1]):
            y = int(scored.ind[pos])
            other = int(person[y])
            if other in group:
                continue
            compat = any((min(other, g), max(other, g)) in compatible for g in group)
            own = float(scored.scores.probability[pos])
            band = "0.5 or more" if own >= 0.5 else ("0.1 to 0.5" if own >= 0.1 else "below 0.1")
            enough = bool(scored.linkable[pos])
            is_true = "prisoner" if y in want else "someone else"
            kinds[("yes" if compat else "no", "yes" if enough else "no", band, is_true)] += 1
            if enough and own >= 0.5 and not compat:
                level = compare_one(data.ind[d.ind_idxs[0]], data.ind[y])[DOB.name]
                dobs[(level, is_true)] += 1
    head = ["compatible", "enough to link", "own probability", "truly", "candidates"]
    print(tabulate([[*key, n] for key, n in sorted(kinds.items())], headers=head, intfmt=","))
    print()
    levels = sorted({level for level, _ in dobs}, key=lambda x: -dobs[(x, "prisoner")])
    rows = [[lv, dobs[(lv, "prisoner")], dobs[(lv, "someone else")]] for lv in levels]
    head = ["date of birth against the linked record", "prisoner", "someone else"]
    print(tabulate(rows, headers=head, intfmt=","))


if __name__ == "__main__":
    main()
