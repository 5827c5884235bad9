"""Wall time and peak memory of a command and every process it starts (Linux /proc).

    m = measure(["reconcile", "run", ...])   # -> Measured(seconds, peak_rss_mb, peak_pss_mb, ...)

Memory is sampled every ``interval`` seconds over the whole process tree (the reader parses
workbooks in a forked child, so the parent alone would undercount):
- peak_rss_mb: the largest sum of resident set sizes seen. Pages a forked child shares with
  its parent are counted twice, so this is an upper bound.
- peak_pss_mb: the largest sum of proportional set sizes (shared pages split between the
  processes sharing them): what the tree really holds.
A peak shorter than the interval can be missed.
cpu_s is the user and system time of the command and all the processes it started and waited
for: unlike wall time, it hardly changes when other work shares the machine.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_s: float  # user + system time of the command and every process it started
    peak_rss_mb: float
    peak_pss_mb: float
    returncode: int  # -9 when stopped at the timeout
    stdout: str
    stderr: str
    timed_out: bool = False
    over_memory: bool = False  # stopped on reaching max_memory_mb


def parent_of(stat_line: str) -> int:
    """The parent pid from a /proc/<pid>/stat line (the command name may hold spaces)."""
    return int(stat_line.rsplit(")", 1)[1].split()[1])


def tree(root: int) -> list[int]:
    """``root`` and all its live descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            line = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        children.setdefault(parent_of(line), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _kb(path: str, key: str) -> int:
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def sample(root: int, pss: bool = True) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in kB over the tree under ``root``; PSS 0 unless ``pss``."""
    rss = total_pss = 0
    for pid in tree(root):
        rss += _kb(f"/proc/{pid}/status", "VmRSS:")
        if pss:
            total_pss += _kb(f"/proc/{pid}/smaps_rollup", "Pss:")
    return rss, total_pss


def measure(
    cmd: Sequence[str],
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    interval: float = 0.05,
    timeout: float | None = None,
    max_memory_mb: float | None = None,
    pss: bool = True,
) -> Measured:
    """Run ``cmd`` to completion, or stop its whole tree after ``timeout`` seconds or once its
    resident memory reaches ``max_memory_mb`` (to spare a shared machine); its wall time, CPU
    time, peak tree memory, exit code and output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
        )
        peak_rss = peak_pss = 0
        timed_out = over_memory = False
        while proc.poll() is None:
            rss, shared = sample(proc.pid, pss)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, shared)
            timed_out = timeout is not None and time.perf_counter() - start > timeout
            over_memory = max_memory_mb is not None and rss / 1024 >= max_memory_mb
            if timed_out or over_memory:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                break
            time.sleep(interval)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        out.seek(0)
        err.seek(0)
        return Measured(
            seconds,
            cpu,
            peak_rss / 1024,
            peak_pss / 1024,
            proc.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            timed_out,
            over_memory,
        )
