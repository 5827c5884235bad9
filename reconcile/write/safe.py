"""Writing outputs safely: no formulas from input text, no half-written files, no overwrites.

Formula injection (OWASP "CSV injection"): a text value whose first character is one of
``= + - @``, a tab or a carriage return could be taken as a formula by a spreadsheet program.
- In CSV such a value is written with a single quote ``'`` put in front of it, so ``=SUM(A1)``
  becomes ``'=SUM(A1)``; every other value is written unchanged.
- In the workbook such a value is written as a text cell (never a formula) with Excel's
  "quote prefix" style, so it stays text even when someone edits the cell; the value itself is
  not changed.
Numbers and dates are written as numbers and dates and are never affected.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType

from reconcile.errors import OutputError
from reconcile.pathtext import path_text_problem

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGERS = frozenset(FORMULA_TRIGGERS)


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program could read this text as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def any_formula_like(texts: Sequence[str]) -> bool:
    """Whether any of the texts is formula-like (their first characters checked at once)."""
    return not _TRIGGERS.isdisjoint([t[:1] for t in texts])


def csv_safe(text: str) -> str:
    """The text as it should appear in a CSV cell: quote-prefixed when formula-like."""
    return "'" + text if is_formula_like(text) else text


def csv_unsafe(text: str) -> str:
    """Undo ``csv_safe`` when reading a CSV back for display."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_write(path: Path, mode: int = 0o600) -> Iterator[Path]:
    """Yield a temporary path in the same folder; on success move it to ``path``.

    The writer writes the temporary file by name. When the block completes, the file is
    flushed to disk, given ``mode`` and renamed over ``path`` in one step, so ``path`` holds
    either its old content or the complete new content. On any error, KeyboardInterrupt
    included, the temporary file is removed and the error propagates.
    """
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{folder}: cannot create files in the output folder ({exc.strerror}); "
            "check that it exists and that you may write to it"
        ) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, mode)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_dir(folder)
    except OSError as exc:  # a full disk, say: a clear error, not a fault
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise write_failure(folder, exc, path.name, f"{path.name} was not replaced") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def _stops_deferred() -> Iterator[None]:
    """Hold back Ctrl-C and SIGTERM until the block is done, then act on the first one:
    InterruptedAfterWriting where Python would have raised (the block's work is complete), the
    default action where it is the default; an error in the block goes on as it is. Python's
    own handlers take their place for the block: masking the signals in this thread alone is
    not enough, as the kernel may hand a signal sent to the process to another thread (a
    library's worker), whose handler then raises here."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stops = (signal.SIGINT, signal.SIGTERM)
    held: list[int] = []
    previous = {s: signal.getsignal(s) for s in stops}
    for s in stops:
        signal.signal(s, lambda signum, frame: held.append(signum))
    try:
        yield
    except BaseException:
        held.clear()  # the block's own error goes on: it says what was and was not replaced
        raise
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if held:
        handler = previous[signal.Signals(held[0])]
        if callable(handler):
            raise InterruptedAfterWriting()
        if handler == signal.SIG_DFL:
            os.kill(os.getpid(), held[0])  # as it would have been: the default action


class InterruptedAfterWriting(KeyboardInterrupt):
    """Ctrl-C or SIGTERM held back while a group of outputs was put in place: every one of
    them is complete and in place."""


@contextlib.contextmanager
def atomic_group(paths: Sequence[Path], mode: int = 0o600) -> Iterator[list[Path]]:
    """Yield a temporary path in its folder for each of ``paths``; on success move them all
    into place, in the order given.

    Unlike one ``atomic_write`` per file, nothing is renamed until every file is complete and
    on disk: a full disk found while flushing any of them (or any other error, Ctrl-C
    included) removes every temporary file and leaves every old file as it was. The renames
    then run with Ctrl-C and SIGTERM held back, so a signal cannot leave new files beside old
    ones; it is delivered once all are in place. Should a rename itself fail, OutputError
    names the files already replaced.
    """
    temps: list[Path] = []
    try:
        for path in paths:
            try:
                fd, name = tempfile.mkstemp(
                    prefix=f".{path.name}.", suffix=".part", dir=path.parent
                )
            except OSError as exc:
                raise OutputError(
                    f"{path.parent}: cannot create files in the output folder ({exc.strerror}); "
                    "check that it exists and that you may write to it"
                ) from None
            os.close(fd)
            temps.append(Path(name))
        yield list(temps)
        for tmp in temps:
            os.chmod(tmp, mode)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
    except BaseException:
        for tmp in temps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise
    done: list[str] = []
    with _stops_deferred():
        for tmp, path in zip(temps, paths, strict=True):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                for left in temps[len(done) :]:
                    with contextlib.suppress(FileNotFoundError):
                        left.unlink()
                state = (
                    f"{', '.join(done)} already replaced, so the folder mixes this run's "
                    "files with older ones"
                    if done
                    else "no output was replaced"
                )
                raise OutputError(
                    f"{path}: could not be put in place ({exc.strerror}); {state}; check the "
                    "folder's permissions, or choose another with -o, and run again"
                ) from None
            done.append(path.name)
        for folder in dict.fromkeys(p.parent for p in paths):
            _fsync_dir(folder)


def write_failure(
    folder: Path, exc: OSError, what: str = "the outputs", kept: str = "no output was replaced"
) -> OutputError:
    """The one-line error for an OSError met while writing ``what`` into ``folder`` (every
    temporary file removed, no output replaced)."""
    reason = exc.strerror or str(exc)
    if exc.filename and not Path(exc.filename).resolve().is_relative_to(folder.resolve()):
        reason = f"{reason}: {exc.filename}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "free some space on that disk, or choose another place with -o"
        reason = f"{reason}: the disk is full"
    else:
        advice = "check the folder's permissions and free space, or choose another with -o"
    return OutputError(
        f"{folder}: {what} could not be written ({reason}); {kept}; {advice}, and run again"
    )


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links too); False when either cannot be
    looked at."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def check_output_paths(outputs: Iterable[Path], inputs: Iterable[Path], force: bool) -> None:
    """Refuse to write over an input file, or over an existing output without ``force``."""
    outs = list(outputs)
    ins = [p for p in inputs if p is not None]
    existing: list[str] = []
    for out in outs:
        # A folder name made on another system: no output could record it.
        problem = path_text_problem(
            out.parent, "output folder", "rename it, or choose another with -o"
        )
        if problem is not None:
            raise OutputError(problem)
        for inp in ins:
            if same_file(out, inp):
                raise OutputError(
                    f"{out}: this output would overwrite the input file {inp}; "
                    "choose another output folder with -o"
                )
        if out.is_dir():
            raise OutputError(f"{out}: a folder has this output's name; remove it or use -o")
        if out.exists() or out.is_symlink():
            existing.append(out.name)
    if existing and not force:
        folder = outs[0].parent
        raise OutputError(
            f"{folder}: outputs already exist ({', '.join(existing)}); "
            "use --force to replace them or -o to write elsewhere"
        )


def prepare_outdir(outdir: Path) -> None:
    """Create the output folder (owner-only when new) or fail with a clear message."""
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: exists and is not a folder; give a folder with -o")
    try:
        outdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise OutputError(
            f"{outdir}: cannot create the output folder ({exc.strerror}); choose another with -o"
        ) from None


def remove_stale_parts(outdir: Path, names: Iterable[str]) -> list[Path]:
    """Remove temporary files an earlier run left behind when it was killed outright."""
    removed = []
    for name in names:
        for part in outdir.glob(f".{name}.*.part"):
            with contextlib.suppress(FileNotFoundError):
                if part.is_dir() and not part.is_symlink():  # the workbook's working folder
                    shutil.rmtree(part)
                else:
                    part.unlink()
                removed.append(part)
    return removed


class Terminated(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM, or SIGHUP) while writing outputs."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated("terminated while writing outputs")


def _stop_signals() -> list[signal.Signals]:
    """SIGTERM (``kill``), and SIGHUP (the terminal or the remote session closed) unless it
    is ignored, as under ``nohup``, where the run is meant to go on."""
    stops = [signal.SIGTERM]
    hangup = getattr(signal, "SIGHUP", None)
    if hangup is not None and signal.getsignal(hangup) is not signal.SIG_IGN:
        stops.append(hangup)
    return stops


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While writing, turn SIGTERM (``kill``) and SIGHUP (a closed terminal) into an
    exception so temporary files, which hold the outputs' data, are removed and the old
    outputs stay in place; the previous handlers are restored afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {stop: signal.signal(stop, _on_sigterm) for stop in _stop_signals()}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
