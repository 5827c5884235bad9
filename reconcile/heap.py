"""Giving the C heap's free memory back to the system before a fork.

The stages before the writers build and drop a great deal (the read cells, the linker's
candidate pairs and their comparisons). Python returns that memory to the C library's
allocator, which keeps much of it mapped for reuse: at 200,000 people a side, some 300 MB
of the run's 950 MB resident at the start of writing was free memory of this kind.
Resident but unused, it is counted once more in every forked child's share of the machine
until one of them reuses it. glibc's ``malloc_trim`` hands such pages back (23 ms there).
Elsewhere (another C library, no ctypes, no ``malloc_trim``) nothing is done.
"""

from __future__ import annotations

import functools
from collections.abc import Callable


@functools.cache
def _trim() -> Callable[[int], int] | None:
    try:
        import ctypes
        import ctypes.util

        name = ctypes.util.find_library("c")
        if name is None:
            return None
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (ImportError, OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]  # type: ignore[attr-defined]
    trim.restype = ctypes.c_int  # type: ignore[attr-defined]
    return trim


def give_back_free_memory() -> bool:
    """Hand the C heap's free pages back to the system; whether that could be asked."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
