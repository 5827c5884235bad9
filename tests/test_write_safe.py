"""Formula neutralising, atomic writes and the guards against overwriting."""

from __future__ import annotations

import errno
import os
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.errors import OutputError
from reconcile.write import safe
from reconcile.write.safe import (
    atomic_write,
    check_output_paths,
    csv_safe,
    csv_unsafe,
    is_formula_like,
    prepare_outdir,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("O'BRIEN", "O'BRIEN"),
        ("SMITH-JONES", "SMITH-JONES"),
        ("", ""),
        (" =not first", " =not first"),
        ("'=already", "'=already"),
    ],
)
def test_csv_safe(text: str, expected: str) -> None:
    assert csv_safe(text) == expected


@given(st.text())
def test_csv_safe_never_formula_like_and_reversible(text: str) -> None:
    out = csv_safe(text)
    assert not is_formula_like(out)
    if not text.startswith("'"):
        assert csv_unsafe(out) == text


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_atomic_write_success_mode_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with atomic_write(target, 0o600) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_text("complete")
        assert not target.exists()
    assert target.read_text() == "complete"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _parts(tmp_path) == []


def test_atomic_write_other_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with atomic_write(target, 0o640) as tmp:
        tmp.write_text("x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_atomic_write_failure_keeps_old_content(tmp_path: Path, error: BaseException) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(type(error)), atomic_write(target) as tmp:
        tmp.write_text("half writ")
        raise error
    assert target.read_text() == "old"
    assert _parts(tmp_path) == []


def test_atomic_write_disk_full_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.pdf"

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe.os, "fsync", full)
    with pytest.raises(OutputError) as info, atomic_write(target) as tmp:
        tmp.write_bytes(b"%PDF")
    assert str(info.value) == (  # was the bare OSError: an internal error for `reconcile match`
        f"{tmp_path}: out.pdf could not be written (No space left on device: the disk is full); "
        "out.pdf was not replaced; free some space on that disk, or choose another place with "
        "-o, and run again"
    )
    assert not target.exists()
    assert _parts(tmp_path) == []


def test_atomic_write_missing_folder_is_output_error(tmp_path: Path) -> None:
    with (
        pytest.raises(OutputError, match="cannot create files"),
        atomic_write(tmp_path / "nope" / "x.csv"),
    ):
        pass


def test_guard_refuses_input_by_path(tmp_path: Path) -> None:
    inp = tmp_path / "outcomes.csv"
    inp.write_text("input")
    with pytest.raises(OutputError, match="would overwrite the input file"):
        check_output_paths([tmp_path / "sub" / ".." / "outcomes.csv"], [inp], force=True)


def test_guard_refuses_input_by_inode(tmp_path: Path) -> None:
    inp = tmp_path / "prison.xlsx"
    inp.write_text("input")
    out = tmp_path / "out"
    out.mkdir()
    os.link(inp, out / "reconciliation.xlsx")
    with pytest.raises(OutputError, match="would overwrite the input file"):
        check_output_paths([out / "reconciliation.xlsx"], [inp], force=True)


def test_guard_refuses_symlink_to_input(tmp_path: Path) -> None:
    inp = tmp_path / "ind.xlsx"
    inp.write_text("input")
    (tmp_path / "evidence.pdf").symlink_to(inp)
    with pytest.raises(OutputError, match="would overwrite the input file"):
        check_output_paths([tmp_path / "evidence.pdf"], [inp], force=True)


def test_guard_existing_outputs_need_force(tmp_path: Path) -> None:
    (tmp_path / "outcomes.csv").write_text("old")
    outs = [tmp_path / "outcomes.csv", tmp_path / "evidence.pdf"]
    with pytest.raises(OutputError) as info:
        check_output_paths(outs, [], force=False)
    assert str(info.value) == (
        f"{tmp_path}: outputs already exist (outcomes.csv); "
        "use --force to replace them or -o to write elsewhere"
    )
    check_output_paths(outs, [], force=True)


def test_guard_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "evidence.pdf").mkdir()
    with pytest.raises(OutputError, match="a folder has this output's name"):
        check_output_paths([tmp_path / "evidence.pdf"], [], force=True)


def test_prepare_outdir(tmp_path: Path) -> None:
    new = tmp_path / "a" / "b"
    prepare_outdir(new)
    assert new.is_dir()
    assert stat.S_IMODE(new.stat().st_mode) & 0o077 == 0
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(OutputError, match="is not a folder"):
        prepare_outdir(afile)


def test_atomic_group_disk_full_on_a_later_file_replaces_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk found while flushing the second file leaves the first file's old content
    too: nothing is renamed until every file is on disk."""
    targets = [tmp_path / "a.xlsx", tmp_path / "b.csv"]
    for target in targets:
        target.write_text("old")
    real, calls = os.fsync, []

    def full_on_second(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(safe.os, "fsync", full_on_second)
    with pytest.raises(OSError), safe.atomic_group(targets) as temps:
        for tmp in temps:
            tmp.write_text("new")
    assert [t.read_text() for t in targets] == ["old", "old"]
    assert _parts(tmp_path) == []


def _ctrl_c() -> None:
    """Ctrl-C as Python acts on it: the SIGINT handler in place, called in the main thread
    (where Python runs every signal handler, whichever thread the kernel handed the signal
    to). Called directly, so that when it runs does not depend on the machine's load."""
    handler = signal.getsignal(signal.SIGINT)
    assert callable(handler), handler
    assert handler is not signal.default_int_handler, "not held back during the renames"
    handler(signal.SIGINT, None)


def _group_written(targets: list[Path]) -> KeyboardInterrupt | None:
    """Write "new" to each of ``targets`` through atomic_group; the interrupt it raised."""
    try:
        with safe.atomic_group(targets) as temps:
            for tmp in temps:
                tmp.write_text("new")
    except KeyboardInterrupt as exc:
        return exc
    return None


@pytest.fixture
def interrupt_on_first_rename(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Ctrl-C (see _ctrl_c) during the first of a group's renames, with Python's own SIGINT
    handler in place beforehand, as in a run started from a terminal: a process started in
    the background by a non-interactive shell (`cmd &`, as some CI runners do) has SIGINT
    ignored, and these tests then saw nothing raised. Yields what was seen, for the message."""
    seen: list[str] = []
    real = os.replace

    def interrupted(src: Path, dst: Path) -> None:
        if not seen:
            seen.append(f"{threading.current_thread().name}: {signal.getsignal(signal.SIGINT)!r}")
            _ctrl_c()
        real(src, dst)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    monkeypatch.setattr(safe.os, "replace", interrupted)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGINT, previous)


def test_atomic_group_ctrl_c_during_the_renames_waits_until_all_are_in_place(
    tmp_path: Path, interrupt_on_first_rename: list[str]
) -> None:
    targets = [tmp_path / "a.xlsx", tmp_path / "b.csv", tmp_path / "manifest.json"]
    for target in targets:
        target.write_text("old")
    # Told apart from an interrupt that stopped the writing: the command then says the
    # outputs are complete, not that none were written.
    raised = _group_written(targets)
    assert isinstance(raised, safe.InterruptedAfterWriting), (raised, interrupt_on_first_rename)
    assert [t.read_text() for t in targets] == ["new", "new", "new"]
    assert _parts(tmp_path) == []
    for target in targets:
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_atomic_group_failed_rename_names_what_was_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = [tmp_path / "a.xlsx", tmp_path / "b.csv"]
    real = os.replace

    def refuse_second(src: Path, dst: Path) -> None:
        if dst == targets[1]:
            raise OSError(errno.EACCES, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(safe.os, "replace", refuse_second)
    message = r"b\.csv: could not be put in place \(Permission denied\); a\.xlsx already replaced"
    with pytest.raises(OutputError, match=message), safe.atomic_group(targets) as temps:
        for tmp in temps:
            tmp.write_text("new")
    assert _parts(tmp_path) == []


def test_write_failure_says_the_disk_is_full(tmp_path: Path) -> None:
    error = safe.write_failure(tmp_path, OSError(errno.ENOSPC, "No space left on device"))
    assert str(error) == (
        f"{tmp_path}: the outputs could not be written (No space left on device: the disk is "
        "full); no output was replaced; free some space on that disk, or choose another "
        "place with -o, and run again"
    )


def test_atomic_group_ctrl_c_caught_by_another_thread_still_waits(
    tmp_path: Path, interrupt_on_first_rename: list[str]
) -> None:
    """The kernel may hand a signal sent to the process to any thread that does not block
    it (a library's worker thread); Python then runs its handler in the main thread at once.
    Masking the signal in the main thread alone let it through in the middle of the renames:
    Python's handler itself must wait."""
    targets = [tmp_path / "a.xlsx", tmp_path / "b.csv", tmp_path / "manifest.json"]
    for target in targets:
        target.write_text("old")
    raised = _group_written(targets)
    assert isinstance(raised, KeyboardInterrupt), (raised, interrupt_on_first_rename)
    assert [t.read_text() for t in targets] == ["new", "new", "new"]
    assert _parts(tmp_path) == []
