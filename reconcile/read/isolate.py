"""Run a parser in a child process with a memory limit and a timeout.

A native parser can abort the whole interpreter on a crafted file (an attempted
allocation of hundreds of gigabytes ends in SIGABRT, which Python cannot catch).
In a forked child, that death becomes a clear InputError for the caller. The
result comes back pickled through a pipe; callers keep it small and cheap to
pickle (lists of plain values).
"""

from __future__ import annotations

import faulthandler
import math
import os
import pickle
import select
import signal
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from reconcile.errors import InputError, ReconcileError
from reconcile.forked import die_with_parent

T = TypeVar("T")
MB = 1024 * 1024
_FIX = "open it in Excel, save it again as .xlsx and retry"


def _setting(key: str) -> str:
    """A limit as messages name it when the caller does not say where it was set."""
    return f"[limits] {key}"


class ReaderCrash(RuntimeError):
    """An unexpected exception inside the reader process (a bug): carries its traceback."""


def _address_space() -> int:
    """Bytes of address space this process uses now (0 when unknown)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(extra_mb: int) -> None:
    """Allow the child `extra_mb` megabytes of address space on top of what it inherits."""
    import resource

    limit = _address_space() + extra_mb * MB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _quiet_stderr() -> None:
    """A native parser that aborts prints its own report; the caller gives a clear one."""
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _bind_to_parent(parent: int, timeout_s: float) -> None:
    """Make sure this reader dies with the process that started it, and never outlives its
    timeout: the timeout is the parent's to enforce, so a parent killed outright (SIGTERM,
    SIGKILL) would otherwise leave the reader running with the extract's data, holding
    gigabytes for as long as a crafted file keeps it busy."""
    die_with_parent(parent)  # Linux: killed as soon as the parent dies
    # Elsewhere, and in any case: SIGALRM ends the process a little after the timeout.
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(max(1, math.ceil(timeout_s)) + 5)


def _child(
    write_fd: int,
    memory_mb: int,
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    parent: int = 0,
    timeout_s: float = 0,
) -> int:
    """Run fn and write its pickled outcome; the exit status to leave with."""
    outcome: tuple[str, Any]
    try:
        if parent:
            _bind_to_parent(parent, timeout_s)
        _quiet_stderr()
        _limit_memory(memory_mb)
        outcome = ("ok", fn(*args))
    except InputError as exc:
        outcome = ("input", str(exc))
    except ReconcileError as exc:
        outcome = ("error", exc)
    except MemoryError:
        outcome = ("memory", "")
    except BaseException:
        outcome = ("bug", traceback.format_exc())
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory", ""))
    except BaseException:
        data = pickle.dumps(("bug", traceback.format_exc()))
    view = memoryview(data)
    while view:
        written = os.write(write_fd, view[:MB])
        view = view[written:]
    return 0


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes, or None when the deadline passes first."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 4 * MB)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _death(name: str, status: int, memory_mb: int, where: Callable[[str], str]) -> InputError:
    if os.WIFSIGNALED(status):
        signame = signal.Signals(os.WTERMSIG(status)).name
        cause = (
            f"it stopped with {signame}, most likely by needing more than the memory limit of "
            f"{memory_mb:,} MB ({where('reader_memory_mb')})"
        )
        advice = f"{_FIX}, or raise the limit if you trust it"
    else:
        cause = f"it stopped with exit status {os.waitstatus_to_exitcode(status)}"
        advice = _FIX
    return InputError(
        f"{name}: the spreadsheet reader failed on this file ({cause}); the file may be "
        f"damaged or crafted; {advice}"
    )


class Isolated:
    """A reader child started by start_isolated; result() waits for it, kill() abandons it.
    ``where`` names a limit in messages and says where its value was set."""

    def __init__(
        self,
        pid: int,
        read_fd: int,
        name: str,
        timeout_s: float,
        memory_mb: int,
        where: Callable[[str], str] = _setting,
    ):
        self.pid, self.read_fd, self.name = pid, read_fd, name
        self.timeout_s, self.memory_mb, self.where = timeout_s, memory_mb, where
        self.deadline = time.monotonic() + timeout_s
        self.reaped = False

    def kill(self) -> None:
        """Stop the child if it still runs and close the pipe (safe to call twice)."""
        if not self.reaped:
            self.reaped = True
            os.close(self.read_fd)
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)

    def _collect(self) -> bytes:
        data = _read_all(self.read_fd, self.deadline)
        if data is None:
            self.kill()
            unit = "second" if self.timeout_s == 1 else "seconds"
            raise InputError(
                f"{self.name}: reading took longer than the limit of {self.timeout_s:g} {unit} "
                f"({self.where('reader_timeout_s')}) and was stopped; the file may be damaged "
                f"or crafted; {_FIX}, or raise the limit if you trust it"
            )
        _, status = os.waitpid(self.pid, 0)
        self.reaped = True
        os.close(self.read_fd)
        if not data or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            raise _death(self.name, status, self.memory_mb, self.where)
        return data

    def result(self) -> Any:
        """The child's answer; its InputError is re-raised here, its death becomes one."""
        try:
            data = self._collect()
        finally:
            self.kill()
        return _answer(self.name, data, self.memory_mb, self.where)


def _answer(name: str, data: bytes, memory_mb: int, where: Callable[[str], str]) -> Any:
    try:
        kind, value = pickle.loads(data)
    except Exception as exc:
        raise ReaderCrash(f"{name}: the reader's answer could not be read back ({exc})") from None
    if kind == "ok":
        return value
    if kind == "input":
        raise InputError(value)
    if kind == "error":
        raise value
    if kind == "memory":
        raise InputError(
            f"{name}: reading this file needed more than the memory limit of {memory_mb:,} MB "
            f"({where('reader_memory_mb')}); the file may be damaged or crafted; {_FIX}, or "
            "raise the limit if you trust it"
        )
    raise ReaderCrash(f"{name}: unexpected error while reading:\n{value}")


def start_isolated(
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    name: str,
    timeout_s: float,
    memory_mb: int,
    where: Callable[[str], str] = _setting,
) -> Isolated:
    """Start fn(*args) in a forked child and return at once, so that several files can be
    parsed at the same time (one child each); the timeout runs from now. ``where`` names a
    limit ("reader_timeout_s") in messages, saying where it was set (LimitsConfig.where)."""
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage cannot follow it
        status = 70
        try:
            os.close(read_fd)
            status = _child(write_fd, memory_mb, fn, args, parent, timeout_s)
        finally:
            os._exit(status)
    os.close(write_fd)
    return Isolated(pid, read_fd, name, timeout_s, memory_mb, where)


def can_isolate() -> bool:
    return hasattr(os, "fork")


def run_isolated(
    fn: Callable[..., T],
    args: tuple[Any, ...],
    *,
    name: str,
    timeout_s: float,
    memory_mb: int,
    where: Callable[[str], str] = _setting,
) -> T:
    """fn(*args) in a forked child; its InputError is re-raised here, its death becomes one."""
    if not can_isolate():  # no fork (Windows): the cheap checks have run; read in-process
        return fn(*args)
    child = start_isolated(
        fn, args, name=name, timeout_s=timeout_s, memory_mb=memory_mb, where=where
    )
    result: T = child.result()
    return result
