"""Work in a forked child process, so that two things are done at once on two cores.

The writers write the evidence PDF in a child while this process writes the workbook (the
child then helps with the workbook's listings: reconcile.write.listing_share); the
linker finds the candidate pairs in a child while this process learns the model, and the
people within each file while this process compares and scores the pairs. The child shares
the run's data with the parent (fork copies pages only as they change) and sends its answer
back pickled. A writer's child that fails or dies becomes one OutputError in the parent,
which then removes every temporary file as usual, so nothing half-written is kept; the
linker's work is done again here instead (``redo``), with the same result. Without fork
(Windows), or without memory to spare for the pages a child may come to copy
(room_to_fork), the work runs in the calling process when it is waited for.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reconcile.errors import OutputError, ReconcileError
from reconcile.heap import give_back_free_memory

_ADVICE = "no output was replaced; run again, and report it if it happens again"
_STOPS = {signal.SIGINT, signal.SIGTERM}


def room_to_fork(factor: float = 1.5) -> bool:
    """Whether the machine's available memory is at least ``factor`` times this process's
    resident size: a child touching the run's data, while this process touches it too, can
    come to copy most of those pages. True where that cannot be told (no /proc)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        resident = pages * os.sysconf("SC_PAGE_SIZE")
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024 >= factor * resident
    except (OSError, ValueError, IndexError):
        pass
    return True


_PR_SET_PDEATHSIG = 1  # prctl option (Linux): the signal a child gets when its parent dies


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed as soon as ``parent`` dies (Linux), so that a run killed
    outright (SIGTERM to the parent alone, SIGKILL) leaves no child holding the run's data;
    exit at once if it has died already. Elsewhere only the second part."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(70)


def _child(write_fd: int, work: Callable[[], Any]) -> int:  # pragma: no cover - in the child
    try:
        answer: tuple[str, Any] = ("ok", work())
        status = 0
    except ReconcileError as exc:
        answer, status = ("known", str(exc)), 1
    except KeyboardInterrupt:
        answer, status = ("interrupted", ""), 1
    except OSError as exc:
        answer, status = ("os", exc.strerror or str(exc)), 1
    except BaseException as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
        answer, status = ("error", f"{type(exc).__name__}: {exc}{where}"), 1
    try:
        data = pickle.dumps(answer)
    except Exception as exc:
        data, status = pickle.dumps(("error", f"unreadable answer ({exc})")), 1
    with os.fdopen(write_fd, "wb") as pipe:
        pipe.write(data)
    return status


def alongside(here: Callable[[], Any], there: Callable[[], Any], name: str) -> tuple[Any, Any]:
    """``(here(), there())``, ``there()`` made in a forked child while ``here()`` runs in this
    process; if the child fails or dies, ``there()`` is made here afterwards (the same answer,
    later). The child is stopped whatever happens."""
    jobs: list[Forked] = []
    try:
        other = Forked(there, name, jobs, redo=True)
        mine = here()
        return mine, other.wait()
    finally:
        for job in jobs:
            job.stop()


class Forked:
    """``work()`` started in a forked child; ``wait()`` gives its answer (picklable) here."""

    def __init__(
        self,
        work: Callable[[], Any],
        name: str,
        jobs: list[Forked],
        inline: bool = False,
        redo: bool = False,
    ) -> None:
        """Start ``work()`` (``inline``: run it here when waited for, with no child; ``redo``:
        if the child fails or dies, run it here when waited for instead of raising); the job
        is added to ``jobs`` before the child exists, so that a ``finally`` stopping every job
        there can never miss it."""
        self.name, self._work, self._redo = name, work, redo
        self._pid, self._read_fd, self._frozen = 0, -1, False
        jobs.append(self)
        if inline or not hasattr(os, "fork"):
            return
        read_fd, write_fd = os.pipe()
        self._read_fd = read_fd
        # Ctrl-C and SIGTERM wait until the child's pid is kept (and cannot reach the child
        # before it has its own handlers).
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
        parent = os.getpid()
        try:
            # The child's garbage collector then leaves the shared objects alone. Objects a
            # caller had frozen already stay frozen when this job is done.
            self._frozen = gc.get_freeze_count() == 0
            gc.freeze()
            give_back_free_memory()  # else counted again in the child's share
            try:
                pid = os.fork()
            except OSError:  # no room for another process: do the work here when waited for
                os.close(write_fd)
                self.stop()
                return
            if pid == 0:  # pragma: no cover - the child; coverage cannot follow it
                status = 70
                try:
                    os.close(read_fd)
                    die_with_parent(parent)
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                    status = _child(write_fd, work)
                finally:
                    os._exit(status)
            self._pid = pid
            os.close(write_fd)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    @property
    def pid(self) -> int:
        """The child's process id; 0 when the work runs here."""
        return self._pid

    def wait(self) -> Any:
        """The child's answer; OutputError if it failed or died (KeyboardInterrupt if it was
        interrupted)."""
        if not self._pid:
            return self._work()
        try:
            with os.fdopen(self._read_fd, "rb") as pipe:
                self._read_fd = -1
                data = pipe.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0  # reaped: never to be signalled again
        finally:
            self.stop()
        if not data:
            if self._redo:
                return self._work()
            if os.WIFSIGNALED(status):
                how = f"it was stopped by {signal.Signals(os.WTERMSIG(status)).name}"
            else:
                how = f"it stopped with exit status {os.waitstatus_to_exitcode(status)}"
            raise OutputError(f"{self.name}: the process writing it ended early ({how}); {_ADVICE}")
        kind, value = pickle.loads(data)
        if kind == "ok":
            return value
        if kind == "interrupted":
            raise KeyboardInterrupt(f"interrupted while making {self.name}")
        if self._redo:
            return self._work()
        if kind == "known":
            raise OutputError(value)
        if kind == "os":
            raise OutputError(
                f"{self.name}: could not be written ({value}); check the output folder's free "
                "space and permissions or choose another with -o; no output was replaced"
            )
        raise OutputError(f"{self.name}: could not be written ({value}); {_ADVICE}")

    def stop(self) -> None:
        """Stop the child if it is still running (after an error elsewhere) and reap it."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        pid, self._pid = self._pid, 0
        if pid:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        if self._read_fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._read_fd)
            self._read_fd = -1
