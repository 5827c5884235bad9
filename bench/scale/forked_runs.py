"""What the scripts timing one part of a run on its own share: the records of a scale data set
read once, and each measured way run in a process forked from the one holding them, so that
every way starts from the same memory.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def files(data: Path) -> tuple[Path, Path]:
    """The prison and IND extracts of a data set folder (workbooks, else CSV files)."""
    kind = "xlsx" if (data / "prison.xlsx").exists() else "csv"
    return data / f"prison.{kind}", data / f"ind.{kind}"


def records_once(data: Path) -> tuple[Any, Any, Any]:
    """The prison and IND records of a data set, and its config, read as a run reads them
    (the collector kept off them, as in a run)."""
    from reconcile.extracts import read_records
    from reconcile.settings import load_config

    config = load_config(data / "audit.toml")
    gc.disable()
    started = time.perf_counter()
    read = read_records(*files(data), config)
    print(f"records read in {time.perf_counter() - started:.1f} s", flush=True)
    return read.prison.records, read.ind.records, config


def forked(work: Callable[..., None], *args: Any) -> dict[str, Any]:
    """``work(*args, queue)`` in a forked process; the dict it puts on the queue."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=work, args=(*args, queue))
    process.start()
    answer: dict[str, Any] = queue.get()
    process.join()
    return answer
