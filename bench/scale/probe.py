"""How fast the machine is running now: a fixed piece of work timed, to print beside the scale
benchmark's timings.

The machines these numbers come from are shared, and their speed has been seen to halve from
one day to the next: the same code's 200,000-person run took 27.0 s on one day and 50 to 52 s
two days later. A timing is only comparable with another taken when the probe read the same.

The work mixes what a run spends its time on: Python building, counting and sorting short
strings (the reading, normalising, deciding and classifying), numpy sorting integers (the
blocking), gathering from an array far larger than the processor's caches (the linker's
lookups by record, which wait on memory), and deflating XML text (the workbook). It is the
same work every time (fixed seeds), takes about two seconds, and is timed three times; the
median is reported.

    .venv/bin/python bench/scale/probe.py
"""

from __future__ import annotations

import random
import statistics
import time

import numpy as np
from zlib_ng import zlib_ng

ROUNDS = 3


def _python_part() -> int:
    rng = random.Random(7)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    words = ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(200_000)]
    counts: dict[str, int] = {}
    for word in words:
        key = word.lower()[::-1]
        counts[key] = counts.get(key, 0) + 1
    return len(sorted(counts)) + sum(len(f"{w}, {i}") for i, w in enumerate(words))


def _numpy_part() -> int:
    keys = np.random.default_rng(7).integers(-(2**62), 2**62, 1_000_000)
    return int(np.argsort(keys)[0]) + int(np.argsort(keys, kind="stable")[-1])


def _memory_part() -> int:
    table = np.arange(40_000_000, dtype=np.int64)  # 320 MB
    at = np.random.default_rng(7).integers(0, len(table), 8_000_000)
    return int(table[at].sum())


def _deflate_part() -> int:
    rng = random.Random(7)
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{rng.randrange(10**9)}</t></is></c></row>'
        for n in range(150_000)
    ).encode()
    return len(zlib_ng.compress(rows, 2))


def once() -> float:
    """Seconds the fixed work takes, once."""
    start = time.perf_counter()
    _python_part()
    _numpy_part()
    _memory_part()
    _deflate_part()
    return time.perf_counter() - start


def machine_seconds(rounds: int = ROUNDS) -> float:
    """The median of ``rounds`` timings of the fixed work."""
    return statistics.median(once() for _ in range(rounds))


if __name__ == "__main__":
    print(f"machine probe: {machine_seconds():.2f} s (median of {ROUNDS})")
