"""Free heap memory handed back before a fork (reconcile.heap)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest

from reconcile.heap import give_back_free_memory


def _resident_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS line")


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_free_memory_is_handed_back() -> None:
    # Many small blocks freed leave glibc's heap holding the pages; trimming returns them.
    blocks = [bytearray(600) for _ in range(200_000)]  # above pymalloc's 512-byte limit
    keep = blocks[-1]
    del blocks
    before = _resident_kb()
    assert give_back_free_memory() is True
    after = _resident_kb()
    assert before - after > 50_000, (before, after)
    assert len(keep) == 600


def test_asking_twice_is_harmless() -> None:
    first = give_back_free_memory()
    assert give_back_free_memory() is first
