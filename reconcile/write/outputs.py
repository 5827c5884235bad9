"""Write every output of a run: the workbook, outcomes.csv, evidence.pdf and manifest.json.

Writers only render what the pipeline attached; they never recompute links or outcomes.
Every file is written to a temporary file in the output folder and renamed into place only
after all of them are complete (the manifest last), owner-readable only by default. The PDF
is written by a forked child process while this one writes the workbook and the CSV.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from reconcile.collector import collector_frozen
from reconcile.forked import Forked, room_to_fork
from reconcile.result import RunResult
from reconcile.write import EVIDENCE_NAME, OUTCOMES_NAME, OUTPUT_NAMES, WORKBOOK_NAME
from reconcile.write.evidence import write_evidence
from reconcile.write.evidence_prisoner import evidence_notes
from reconcile.write.listing_share import Alongside
from reconcile.write.manifest import MANIFEST_NAME, build_manifest, write_manifest
from reconcile.write.outcomes_csv import OutcomesCsv
from reconcile.write.safe import (
    atomic_group,
    check_output_paths,
    prepare_outdir,
    remove_stale_parts,
    sigterm_as_interrupt,
    write_failure,
)
from reconcile.write.workbook import workbook_notes, write_workbook

T = TypeVar("T")


def output_paths(outdir: Path) -> dict[str, Path]:
    return {name: outdir / name for name in OUTPUT_NAMES}


def _inputs(result: RunResult) -> list[Path]:
    s = result.settings
    paths = [s.prison_path, s.ind_path, result.prison_source.path, result.ind_source.path]
    if s.decisions_path is not None:
        paths.append(s.decisions_path)
    if s.config.source is not None:
        paths.append(s.config.source)
    return paths


def _timed(work: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    start = time.perf_counter()
    return work(*args, **kwargs), time.perf_counter() - start


def write_outputs(result: RunResult, outdir: Path, force: bool) -> dict[str, Path]:
    """Write all outputs into ``outdir``; return output name -> path.

    Raises OutputError (before writing anything) when an output would overwrite an input,
    or exists already and ``force`` is false. Ctrl-C or SIGTERM while writing raises
    KeyboardInterrupt after removing the temporary files, leaving the old outputs (or none).
    """
    paths = output_paths(outdir)
    check_output_paths(paths.values(), _inputs(result), force)
    prepare_outdir(outdir)
    remove_stale_parts(outdir, OUTPUT_NAMES)
    for note in [*workbook_notes(result), *evidence_notes(result)]:
        if note not in result.notes:
            result.notes.append(note)
    try:
        with collector_frozen():
            _write_all(result, outdir, paths)
    except OSError as exc:  # a full disk, say: every temporary file is gone, nothing replaced
        remove_stale_parts(outdir, OUTPUT_NAMES)
        raise write_failure(outdir, exc) from None
    except BaseException:
        # A signal can land between a temporary file's creation and the code that would
        # remove it (inside tempfile, say): whatever is left of this run's parts goes too.
        remove_stale_parts(outdir, OUTPUT_NAMES)
        raise
    return paths


def _write_all(result: RunResult, outdir: Path, paths: dict[str, Path]) -> None:
    """Each output to a temporary file, renamed into place only when all are complete."""
    mode = result.settings.config.output.file_mode
    start = time.perf_counter()
    # Renamed in this order, and only once all are complete and on disk: the manifest last.
    order = (WORKBOOK_NAME, OUTCOMES_NAME, EVIDENCE_NAME, MANIFEST_NAME)
    with sigterm_as_interrupt(), atomic_group([paths[n] for n in order], mode) as temps:
        tmp = dict(zip(order, temps, strict=True))
        tmp_manifest = tmp.pop(MANIFEST_NAME)
        # The PDF in a child process on the other core, the workbook and the CSV here, shared
        # as below. (The CSV in a third process was no faster at 200,000 rows, and the process
        # tree's peak memory rose from 986 MB to 1,185-1,252 MB.) Forked pages
        # are shared until touched; both processes touch the run's records, so the child can
        # come to copy most of them: without memory to spare, the PDF is written here, last.
        jobs: list[Forked] = []
        try:
            # The PDF is written by a child, which then helps fill the workbook's listings and
            # outcomes.csv from their last rows while this process fills them from the first
            # (reconcile.write.listing_share): each row's values are made once for both.
            pdf = Alongside(
                partial(_timed, write_evidence, result, tmp[EVIDENCE_NAME]),
                EVIDENCE_NAME,
                jobs,
                inline=not room_to_fork(),
            )
            with open(tmp[OUTCOMES_NAME], "w", encoding="utf-8", newline="") as handle:
                csv_rows = OutcomesCsv(handle)
                both = _timed(
                    write_workbook,
                    result,
                    tmp[WORKBOOK_NAME],
                    tmpdir=outdir,
                    csv=csv_rows,
                    alongside=pdf,
                )[1]
            pdf.finish()
            result.timings["write: workbook"] = both - csv_rows.seconds
            result.timings["write: outcomes.csv"] = csv_rows.seconds
            result.timings["write: evidence.pdf"] = pdf.answer[1]
            result.timings["write: listing rows made by the PDF's process"] = pdf.seconds
        finally:
            for job in jobs:
                job.stop()
        result.timings["write"] = time.perf_counter() - start
        write_manifest(build_manifest(result, tmp), tmp_manifest)
