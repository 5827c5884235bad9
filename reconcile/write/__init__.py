"""write stage: render a RunResult as reconciliation.xlsx, outcomes.csv, evidence.pdf and
manifest.json, print summaries, and verify an output folder.

Writers only render what the pipeline attached; they never recompute links or outcomes.
The functions below import their modules when called, so importing ``reconcile.write.config``
(as the settings module does) stays cheap and free of import cycles.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reconcile.result import RunResult

WORKBOOK_NAME = "reconciliation.xlsx"
OUTCOMES_NAME = "outcomes.csv"
EVIDENCE_NAME = "evidence.pdf"
MANIFEST_NAME = "manifest.json"
OUTPUT_NAMES = (WORKBOOK_NAME, OUTCOMES_NAME, EVIDENCE_NAME, MANIFEST_NAME)


def write_outputs(result: RunResult, outdir: Path, force: bool) -> dict[str, Path]:
    """Write every output into ``outdir`` atomically (the manifest last); return name -> path.

    Raises OutputError, before anything is written, when an output would overwrite an input
    or already exists and ``force`` is false.
    """
    from reconcile.write.outputs import write_outputs as _write

    return _write(result, outdir, force)


def render_summary(result: RunResult, fmt: str = "text") -> str:
    """Outcome counts, control totals and the offence table (fmt: text, markdown or grid)."""
    from reconcile.write.summary import render_summary as _render

    return _render(result, fmt)


def render_report(source: Path | dict[str, Any], fmt: str = "text") -> str:
    """The summary and listings read back from an output folder (or a manifest dict)."""
    from reconcile.write.summary import render_report as _render

    return _render(source, fmt)


def verify(outdir: Path) -> list[str]:
    """Re-hash inputs and outputs against the folder's manifest; list the discrepancies."""
    from reconcile.write.manifest import verify as _verify

    return _verify(outdir)
