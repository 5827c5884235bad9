"""write_outputs end to end: files, modes, guards, interruption; manifest, verify, report."""

from __future__ import annotations

import json
import re
import stat
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reconcile.errors import ConfigError, OutputError
from reconcile.write import OUTPUT_NAMES, render_report, render_summary, verify, write_outputs
from reconcile.write import outputs as outputs_module
from reconcile.write.manifest import build_manifest, manifest_bytes, read_manifest, sealed
from tests.factories import make_result


@pytest.fixture
def run(tmp_path: Path) -> tuple[Path, Path]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    outdir = tmp_path / "out"
    write_outputs(make_result(inputs), outdir, force=False)
    return inputs, outdir


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_every_output_owner_only(run: tuple[Path, Path]) -> None:
    _, outdir = run
    assert _files(outdir) == sorted(OUTPUT_NAMES)
    for name in OUTPUT_NAMES:
        assert stat.S_IMODE((outdir / name).stat().st_mode) == 0o600, name


def test_manifest_records_everything(run: tuple[Path, Path]) -> None:
    inputs, outdir = run
    m = read_manifest(outdir)
    assert m["run_id"] == "R-0123456789AB" and m["seed"] == 2006 and m["as_of"] == "2006-03-31"
    assert m["tool"] == {"name": "reconcile", "version": "0.1.0"}
    assert {"python", "xlsxwriter", "reportlab"} <= set(m["libraries"])
    assert m["inputs"]["prison"]["resolved_path"] == str((inputs / "prison.xlsx").resolve())
    assert m["inputs"]["prison"]["mapping"]["prison_number"] == "Prison No"
    assert m["inputs"]["ind"]["header_row"] == 1
    assert set(m["outputs"]) == {"reconciliation.xlsx", "outcomes.csv", "evidence.pdf"}
    assert m["outputs"]["outcomes.csv"]["file"] == "outcomes.csv"
    assert m["counts"]["prison_rows_read"] == 10
    assert m["counts"]["outcomes"]["never_referred"] == 1
    assert m["counts"]["review_rows"] == 1
    assert m["policy"]["non_eea_min_months"] == 12
    assert m["settings"]["config"]["output"]["file_mode"] == "0o600"
    assert m["started"] == "2026-01-02T03:04:05+00:00"
    assert "write" in m["timings_s"]
    assert m["decisions"][0]["reviewer"] == "A. Auditor"


def test_build_manifest_duration() -> None:
    result = make_result()
    later = datetime(2026, 1, 2, 3, 5, 0, tzinfo=UTC)
    assert build_manifest(result, {}, now=later)["duration_s"] == 55.0


def test_verify_clean_then_catches_changes(run: tuple[Path, Path]) -> None:
    inputs, outdir = run
    assert verify(outdir) == []
    (inputs / "prison.xlsx").write_bytes(b"edited")
    (outdir / "outcomes.csv").write_text("tampered")
    (outdir / "evidence.pdf").unlink()
    problems = verify(outdir)
    assert len(problems) == 3
    assert problems[0].startswith(f"input (prison) {(inputs / 'prison.xlsx').resolve()}: changed")
    assert problems[1] == f"output (evidence.pdf) {outdir / 'evidence.pdf'}: missing"
    assert problems[2].startswith(f"output (outcomes.csv) {outdir / 'outcomes.csv'}: changed")


def _edit_manifest(outdir: Path, edit: Callable[[dict[str, Any]], None], seal: bool) -> None:
    path = outdir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.chmod(0o600)
    path.write_bytes(manifest_bytes(sealed(manifest) if seal else manifest))


def test_verify_catches_an_edited_manifest(run: tuple[Path, Path]) -> None:
    _, outdir = run

    def more_rows(m: dict[str, Any]) -> None:
        m["counts"]["prison_rows_read"] += 1

    def other_policy(m: dict[str, Any]) -> None:
        m["policy"]["non_eea_min_months"] = 6

    _edit_manifest(outdir, more_rows, seal=False)
    assert verify(outdir) == [
        "manifest.json: edited since the run (its content no longer matches the SHA-256 it "
        "recorded of itself); do not rely on its settings or counts",
        "manifest.json: its outcome counts add up to 10, not to the 11 prison rows it says were "
        "read",
    ]
    report = render_report(outdir)
    assert "edited since the run" not in report  # render_report is the pipeline API's text
    _edit_manifest(outdir, lambda m: m["counts"].__setitem__("prison_rows_read", 10), seal=True)
    assert verify(outdir) == []
    _edit_manifest(outdir, other_policy, seal=False)
    assert [p.split(" (")[0] for p in verify(outdir)] == ["manifest.json: edited since the run"]
    _edit_manifest(outdir, lambda m: m.pop("content_sha256"), seal=False)
    assert verify(outdir)[0].startswith("manifest.json: carries no digest of its own content")


def test_verify_compares_the_counts_with_outcomes_csv(run: tuple[Path, Path]) -> None:
    _, outdir = run

    def moved(m: dict[str, Any]) -> None:  # one row moved between outcomes, manifest resealed
        m["counts"]["outcomes"]["never_referred"] -= 1
        m["counts"]["outcomes"]["out_of_scope"] += 1

    _edit_manifest(outdir, moved, seal=True)
    assert verify(outdir) == [
        "manifest.json: counts 0 rows with outcome never_referred, outcomes.csv holds 1",
        "manifest.json: counts 3 rows with outcome out_of_scope, outcomes.csv holds 2",
    ]


def test_verify_without_manifest(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="no manifest found"):
        verify(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(OutputError, match="not a readable manifest"):
        verify(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(OutputError, match="not a reconcile manifest"):
        verify(tmp_path)


def test_refuses_existing_outputs_unless_forced(run: tuple[Path, Path]) -> None:
    inputs, outdir = run
    hashed = ("reconciliation.xlsx", "outcomes.csv", "evidence.pdf")
    before = {n: (outdir / n).read_bytes() for n in hashed}
    with pytest.raises(OutputError, match="use --force"):
        write_outputs(make_result(inputs), outdir, force=False)
    result = make_result(inputs)
    result.settings = replace(result.settings, force=True)
    write_outputs(result, outdir, force=True)
    assert {n: (outdir / n).read_bytes() for n in hashed} == before  # same run, same bytes
    assert _files(outdir) == sorted(OUTPUT_NAMES)


def test_never_writes_over_an_input(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    victim = tmp_path / "outcomes.csv"
    victim.write_text("an input that happens to share the name")
    result.settings = replace(result.settings, ind_path=victim)
    with pytest.raises(OutputError, match="would overwrite the input file"):
        write_outputs(result, tmp_path, force=True)
    assert victim.read_text() == "an input that happens to share the name"


@pytest.mark.parametrize(
    ("error", "raised", "message"),
    [
        (KeyboardInterrupt(), KeyboardInterrupt, None),
        (
            OSError(28, "No space left on device"),
            OutputError,
            r"^evidence\.pdf: could not be written \(No space left on device\); .* no output was",
        ),
        (
            ValueError("a bug"),
            OutputError,
            r"^evidence\.pdf: could not be written \(ValueError: a bug at .*test_write_outputs",
        ),
    ],
)
def test_interrupted_run_leaves_old_outputs_and_no_temp_files(
    run: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    raised: type[BaseException],
    message: str | None,
) -> None:
    """The PDF is written by a child process: its failure surfaces here as one clear error."""
    inputs, outdir = run
    before = {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES}

    def fail(result: object, path: Path) -> int:
        path.write_bytes(b"%PDF-1.4 half")
        raise error

    monkeypatch.setattr(outputs_module, "write_evidence", fail)
    with pytest.raises(raised, match=message):
        write_outputs(make_result(inputs), outdir, force=True)
    assert _files(outdir) == sorted(OUTPUT_NAMES)
    assert {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES} == before


def test_interrupted_first_run_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    def fail(result: object, path: Path) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs_module, "write_evidence", fail)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(make_result(), tmp_path / "out", force=False)
    assert _files(tmp_path / "out") == []


def test_summary_formats() -> None:
    result = make_result()
    text = render_summary(result, "text")
    assert re.search(r"\nNever referred +1\n", text)
    assert "With a court recommendation for deportation: 1" in text
    md = render_summary(result, "markdown")
    assert "## Outcomes" in md and "| Not available |" in md.replace("   ", " ").replace("  ", " ")
    assert "+====" in render_summary(result, "grid")
    with pytest.raises(ConfigError, match="unknown format 'html'"):
        render_summary(result, "html")


def test_report_reads_back_the_folder(run: tuple[Path, Path]) -> None:
    _, outdir = run
    report = render_report(outdir, "text")
    assert "R-0123456789AB" in report
    assert "Referred, not considered (2)" in report
    assert '=HYPERLINK("http://x")' in report  # shown as written, quote prefix removed
    assert re.search(r"\n  prison rows read as records +10\n", report)
    lines = [ln for ln in report.splitlines() if ln.startswith("Not available")]
    assert lines and lines[0].split()[-1] == "1"
    assert render_report(
        read_manifest(outdir) | {"settings": {"outdir": str(outdir)}}, "markdown"
    ).startswith("## Run")


def test_nothing_written_outside_the_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    shared_tmp = tmp_path / "shared-tmp"
    shared_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared_tmp))
    monkeypatch.setenv("TMPDIR", str(shared_tmp))
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_outputs(make_result(inputs), tmp_path / "out", force=False)
    assert list(shared_tmp.iterdir()) == []
    assert _files(inputs) == ["ind.xlsx", "prison.xlsx"]
    assert _files(tmp_path / "out") == sorted(OUTPUT_NAMES)


def test_evidence_section_cap_is_noted(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    cfg = result.settings.config
    result.settings = replace(
        result.settings,
        config=replace(cfg, output=replace(cfg.output, evidence_max_sections=2)),
    )
    write_outputs(result, tmp_path / "out", force=False)
    note = (
        "Evidence PDF: sections for 2 of 4 prison rows not considered before release, the first "
        "of each outcome in turn (output.evidence_max_sections); every one of them is in the "
        "listings and the workbook"
    )
    assert result.notes == [note]
    assert read_manifest(tmp_path / "out")["notes"] == [note]
    write_outputs(result, tmp_path / "out", force=True)
    assert result.notes == [note]  # not added twice


def _signalled_midway(signum: int) -> Callable[[object, Path], int]:
    """A PDF writer that writes half a file, then sends ``signum`` to the process writing
    the outputs (the PDF's own is a child) and waits to be stopped."""
    import os

    main = os.getpid()

    def writer(result: object, path: Path) -> int:
        path.write_bytes(b"%PDF-1.4 half")
        os.kill(main, signum)
        time.sleep(30)  # stopped by then
        return 0

    return writer


def test_sigterm_while_writing_leaves_old_outputs(
    run: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    inputs, outdir = run
    before = {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES}
    handler = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(outputs_module, "write_evidence", _signalled_midway(signal.SIGTERM))
    with pytest.raises(KeyboardInterrupt, match="terminated while writing outputs"):
        write_outputs(make_result(inputs), outdir, force=True)
    assert {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES} == before
    assert _files(outdir) == sorted(OUTPUT_NAMES)
    assert signal.getsignal(signal.SIGTERM) is handler


def test_interrupt_inside_a_writers_own_temporary_files_leaves_none(
    run: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signal can land after a writer made a temporary file or folder and before it could
    remove it (found as a rare failure of the test above): none may stay behind."""
    inputs, outdir = run
    before = {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES}

    def interrupted(result: object, path: Path, **kwargs: object) -> None:
        (outdir / ".reconciliation.xlsx.x1y2z3.part").mkdir()
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs_module, "write_workbook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(make_result(inputs), outdir, force=True)
    assert {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES} == before
    assert _files(outdir) == sorted(OUTPUT_NAMES)


def test_pdf_writer_dying_is_an_error_and_replaces_nothing(
    run: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    inputs, outdir = run
    before = {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES}

    def dies(result: object, path: Path) -> int:
        path.write_bytes(b"%PDF-1.4 half")
        os.kill(os.getpid(), signal.SIGKILL)  # the child writing the PDF, e.g. out of memory
        return 0

    monkeypatch.setattr(outputs_module, "write_evidence", dies)
    with pytest.raises(
        OutputError,
        match=r"^evidence\.pdf: the process writing it ended early "
        r"\(it was stopped by SIGKILL\); no output was replaced",
    ):
        write_outputs(make_result(inputs), outdir, force=True)
    assert {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES} == before
    assert _files(outdir) == sorted(OUTPUT_NAMES)


def test_stale_parts_from_a_killed_run_are_removed(run: tuple[Path, Path]) -> None:
    inputs, outdir = run
    stale = outdir / ".evidence.pdf.abc123.part"
    stale.write_bytes(b"left by kill -9")
    other = outdir / "notes.txt"
    other.write_text("the auditor's own file")
    write_outputs(make_result(inputs), outdir, force=True)
    assert not stale.exists() and other.exists()


def test_config_and_decisions_files_are_hashed_and_verified(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    config = tmp_path / "audit.toml"
    config.write_text('[audit]\nname = "FNP release audit 2006"\n')
    decisions = tmp_path / "reviewed.csv"
    decisions.write_text("prison_key,ind_key,decision\n")
    result.settings = replace(
        result.settings,
        decisions_path=decisions,
        config=replace(result.settings.config, source=config),
    )
    outdir = tmp_path / "out"
    write_outputs(result, outdir, force=False)
    inputs = read_manifest(outdir)["inputs"]
    assert sorted(inputs) == ["config", "decisions", "ind", "prison"]
    assert inputs["config"]["file"] == "audit.toml"
    config.write_text('[audit]\nname = "edited"\n')
    assert [p.split(":")[0] for p in verify(outdir)] == [f"input (config) {config.resolve()}"]


def test_without_memory_to_spare_the_pdf_is_written_in_process(
    run: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reconcile import forked

    inputs, outdir = run
    before = {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES}

    def no_fork() -> int:
        raise AssertionError("no child process may be started")

    monkeypatch.setattr(outputs_module, "room_to_fork", lambda: False)
    monkeypatch.setattr(forked.os, "fork", no_fork)
    write_outputs(make_result(inputs), outdir, force=True)
    for name in OUTPUT_NAMES:  # the same bytes as when the PDF was written by a child
        if name != "manifest.json":
            assert (outdir / name).read_bytes() == before[name], name
    assert verify(outdir) == []


@pytest.mark.parametrize(("available_kb", "room"), [(10**9, True), (1, False)])
def test_room_to_fork_compares_available_memory_with_this_process(
    monkeypatch: pytest.MonkeyPatch, available_kb: int, room: bool
) -> None:
    from reconcile import forked

    real = Path.read_text

    def fake(path: Path, *args: object, **kwargs: object) -> str:
        if str(path) == "/proc/meminfo":
            return f"MemTotal: 99 kB\nMemAvailable: {available_kb} kB\n"
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forked.Path, "read_text", fake)
    assert forked.room_to_fork() is room


def test_findings_by_column_count_each_column_and_name_its_commonest_problem() -> None:
    """Per file (in the order their findings come) and column (most findings first), the
    count and an example of the commonest problem, told apart without quoted values and
    numbers ("row 34" and "row 90" are one problem)."""
    from types import SimpleNamespace

    from reconcile.model import Finding
    from reconcile.write.views import findings_by_column

    def f(file: str, column: str, raw: str, problem: str) -> Finding:
        quoted = f"'{raw}' " if raw else ""
        return Finding(file, "S", 2, column, "x", raw, f"{column or 'row'} {quoted}{problem}", "")

    findings = [
        f("p.xlsx", "DOB", "31/02/1980", "is not a real date"),
        f("p.xlsx", "DOB", "1975", "gives only the year of birth (1975), not a full date"),
        f("p.xlsx", "DOB", "1981", "gives only the year of birth (1981), not a full date"),
        f("p.xlsx", "", "", "appears to be the same person as row 34"),
        f("i.xlsx", "Prison No", "AO123BC", "looks like a NOMS number"),
        f("p.xlsx", "Nationality", "Kurdish", "is not recognised"),
        f("p.xlsx", "Nationality", "Elvish", "is not recognised"),
    ]
    assert findings_by_column(SimpleNamespace(findings=findings)) == [  # type: ignore[arg-type]
        ("p.xlsx", "DOB", 3, "DOB gives only the year of birth (1975), not a full date"),
        ("p.xlsx", "Nationality", 2, "Nationality is not recognised"),
        ("p.xlsx", "", 1, "row appears to be the same person as row 34"),
        ("i.xlsx", "Prison No", 1, "Prison No looks like a NOMS number"),
    ]
    assert findings_by_column(SimpleNamespace(findings=[])) == []  # type: ignore[arg-type]


def test_findings_by_column_is_worked_out_once_a_run_and_given_as_a_copy() -> None:
    from dataclasses import replace

    from reconcile.write.views import findings_by_column

    result = make_result()
    first = findings_by_column(result)
    first.append(("changed", "by the caller", 0, ""))
    assert findings_by_column(result) == first[:-1]
    other = replace(result, findings=result.findings[:1])
    assert len(findings_by_column(other)) == 1 != len(first[:-1])


@pytest.mark.parametrize("where", ["manifest", "flush"])
def test_disk_full_while_writing_is_a_clear_error_and_keeps_every_old_output(
    run: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A full disk met in this process (not the PDF's) was an internal error with a
    traceback hint; and found when flushing a later output, it left the earlier ones
    already replaced beside old ones."""
    import errno
    import os

    from reconcile.write import safe

    inputs, outdir = run
    before = {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES}
    full = OSError(errno.ENOSPC, "No space left on device")
    if where == "manifest":

        def fail(*args: object) -> None:
            raise full

        monkeypatch.setattr(outputs_module, "write_manifest", fail)
    else:
        real, calls = os.fsync, []

        def fsync(fd: int) -> None:
            calls.append(fd)
            if len(calls) == 2:  # the second output flushed
                raise full
            real(fd)

        monkeypatch.setattr(safe.os, "fsync", fsync)
    with pytest.raises(OutputError) as info:
        write_outputs(make_result(inputs), outdir, force=True)
    assert str(info.value) == (
        f"{outdir}: the outputs could not be written (No space left on device: the disk is "
        "full); no output was replaced; free some space on that disk, or choose another "
        "place with -o, and run again"
    )
    assert _files(outdir) == sorted(OUTPUT_NAMES)
    assert {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES} == before


def test_hangup_while_writing_leaves_old_outputs_and_no_temporary_files(
    run: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the terminal (or losing the remote session) sends SIGHUP: it killed the run
    outright, leaving the four temporary files, which hold all the outputs' data, in the
    output folder."""
    import signal

    inputs, outdir = run
    before = {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES}
    # As run from a terminal: under nohup, or started in the background by a shell that
    # ignores SIGHUP, the writers leave it ignored (the next test), and this one has no
    # hangup to meet.
    ignored = signal.signal(signal.SIGHUP, signal.SIG_DFL)
    handler = signal.getsignal(signal.SIGHUP)
    monkeypatch.setattr(outputs_module, "write_evidence", _signalled_midway(signal.SIGHUP))
    try:
        with pytest.raises(KeyboardInterrupt, match="terminated while writing outputs"):
            write_outputs(make_result(inputs), outdir, force=True)
        assert {n: (outdir / n).read_bytes() for n in OUTPUT_NAMES} == before
        assert _files(outdir) == sorted(OUTPUT_NAMES)
        assert signal.getsignal(signal.SIGHUP) is handler
    finally:
        signal.signal(signal.SIGHUP, ignored)


def test_hangup_ignored_under_nohup_stays_ignored(tmp_path: Path) -> None:
    import signal

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        write_outputs(make_result(), tmp_path / "out", force=False)  # as under nohup
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        from reconcile.write.safe import sigterm_as_interrupt

        with sigterm_as_interrupt():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
