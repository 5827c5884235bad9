"""What one random lookup costs on this machine, in tables the size of 200k and 1M people.

    .venv/bin/python bench/scale/memory_access.py

The stages that grow a little faster than their input at 1M (building the features, the
assignment, scoring) do the same work per row or per pair at both sizes; what changes is the
size of the tables they look things up in. This times the same lookups at both sizes, medians
of 5: a value from an array, a row of six name-word ids from an array (as scoring fetches the
IND side's words), and a (surname, forenames) key in a Python dictionary (as the features are
built once per distinct name).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial

import numpy as np

SIZES = (204_000, 1_020_000)  # IND records at 200k and 1M people
LOOKUPS = 4_000_000
DICT_LOOKUPS = 1_000_000


def median_seconds(work: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def look_up(table: dict[tuple[str, str], int], keys: list[tuple[str, str]]) -> list[int]:
    return list(map(table.__getitem__, keys))


def main() -> None:
    rng = np.random.default_rng(1)
    for n in SIZES:
        values = rng.random(n)
        words = rng.integers(1, 10**6, size=(n, 6))
        at = rng.integers(0, n, LOOKUPS)
        keys = [(f"S{k}", f"F{k}") for k in range(n)]
        table = dict(zip(keys, range(n), strict=True))
        probe = [keys[k] for k in at[:DICT_LOOKUPS].tolist()]
        value_ns = median_seconds(partial(np.take, values, at, axis=0)) / LOOKUPS * 1e9
        row_ns = median_seconds(partial(np.take, words, at, axis=0)) / LOOKUPS * 1e9
        dict_ns = median_seconds(partial(look_up, table, probe)) / DICT_LOOKUPS * 1e9
        print(
            f"{n:>9,} entries: array value {value_ns:.2f} ns, row of 6 words {row_ns:.1f} ns, "
            f"dictionary of name pairs {dict_ns:.0f} ns per random lookup"
        )


if __name__ == "__main__":
    main()
