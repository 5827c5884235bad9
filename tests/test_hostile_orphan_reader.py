"""A reader process must not outlive the run that started it: killed outright (SIGTERM,
SIGKILL), the run cannot stop its reader, which held the extract's data and, on a crafted
file, gigabytes of memory for as long as the file kept it busy."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

from reconcile.read.isolate import start_isolated


def _gone(pid: int) -> bool:
    """True once ``pid`` has ended (a zombie waiting for whoever adopted it counts)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state in ("Z", "X")


def test_reader_dies_with_the_run_that_started_it() -> None:
    read_fd, write_fd = os.pipe()
    run = os.fork()
    if run == 0:  # pragma: no cover - the run, in a child of the test
        try:
            os.close(read_fd)
            reader = start_isolated(
                time.sleep, (60,), name="prison.xlsx", timeout_s=60, memory_mb=500
            )
            os.write(write_fd, str(reader.pid).encode())
            os.close(write_fd)
            time.sleep(60)
        finally:
            os._exit(0)
    os.close(write_fd)
    reader_pid = int(os.read(read_fd, 64))  # not to the end: the reader holds the pipe too
    os.close(read_fd)
    _kill_and_expect_gone(run, reader_pid, "the reader process")


def _kill_and_expect_gone(run: int, child: int, what: str) -> None:
    """Kill the run outright (as `kill -9`, or the machine's out-of-memory killer) and expect
    its ``child`` to end within 3 seconds."""
    try:
        assert child and not _gone(child)
        os.kill(run, signal.SIGKILL)
        os.waitpid(run, 0)
        deadline = time.monotonic() + 3
        while not _gone(child) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _gone(child), f"{what} outlived the run that started it"
    finally:
        for pid in (run, child):
            if pid and not _gone(pid):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(run, 0)


def test_a_forked_writer_dies_with_the_run_that_started_it() -> None:
    """The evidence PDF is written in a forked child (reconcile.forked): a run killed outright
    left it running for as long as its work took, holding the run's data."""
    from reconcile.forked import Forked

    read_fd, write_fd = os.pipe()
    run = os.fork()
    if run == 0:  # pragma: no cover - the run, in a child of the test
        try:
            os.close(read_fd)
            job = Forked(lambda: time.sleep(60), "the evidence PDF", [])
            os.write(write_fd, str(job.pid).encode())
            os.close(write_fd)
            time.sleep(60)
        finally:
            os._exit(0)
    os.close(write_fd)
    child_pid = int(os.read(read_fd, 64))
    os.close(read_fd)
    _kill_and_expect_gone(run, child_pid, "the forked child")
