"""run(settings) -> RunResult: read, normalise, link, classify. No printing, no exiting."""

from __future__ import annotations

import gc
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

from reconcile import __version__
from reconcile.collector import collector_paused
from reconcile.decisions import read_decisions, resolve
from reconcile.extracts import read_records
from reconcile.link.encode import FeaturesAhead
from reconcile.link.linker import link
from reconcile.model import Finding, LinkOverrides, SourceInfo
from reconcile.read.coverage import missing_column_notes
from reconcile.result import AppliedDecision, ControlTotals, RunResult
from reconcile.rules import classify, load_policy
from reconcile.rules.classify import as_of_note, ind_extract_end_note, planned_release_note
from reconcile.rules.s7 import noted_rows, s7_run_notes
from reconcile.settings import RunSettings

StageHook = Callable[[str], None]


class _Timer:
    def __init__(self, hook: StageHook | None) -> None:
        self.timings: dict[str, float] = {}
        self.hook = hook

    def announce(self, name: str) -> None:
        """A stage begins (for the progress display); its time is recorded by the caller."""
        if self.hook:
            self.hook(name)

    @contextmanager
    def stage(self, name: str, *, report: bool = True) -> Iterator[None]:
        """Time a stage; ``report=False`` for a part of one (timed, not shown as a stage)."""
        if self.hook and report:
            self.hook(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector from reading to the control totals.

    The tables, records, links and outcomes made there live until the run ends (the tables
    until the records are built) and hold no cycles:
    each collection would only walk them again (measured at 200,000 rows a side: 0.9 s of
    collections, in normalise, at the end of linking and throughout classify). When the run
    is done they are moved to the oldest generation in one step (freeze, then unfreeze),
    so the first collection after the pause does not scan them either.
    """
    frozen_before = gc.get_freeze_count()
    with collector_paused():
        try:
            yield
        finally:
            if frozen_before == 0:  # leave a caller's own frozen objects alone
                gc.freeze()
                gc.unfreeze()


def run_id_for(settings: RunSettings, prison_sha: str, ind_sha: str, policy_json: str) -> str:
    """A short id that depends only on the inputs and the settings that shape the results:
    the decisions file by its content, as the extracts, not by where it lies (the same
    reviewed workbook given from another folder is the same run)."""
    cfg = settings.config
    decisions = ""
    if settings.decisions_path is not None:
        with settings.decisions_path.open("rb") as fh:
            decisions = hashlib.file_digest(fh, "sha256").hexdigest()
    material = json.dumps(
        {
            "version": __version__,
            "prison": prison_sha,
            "ind": ind_sha,
            "as_of": settings.as_of.isoformat(),
            "policy": policy_json,
            "linker": repr(cfg.linker),
            "input": repr(cfg.input),
            "seed": cfg.audit.seed,
            "decisions": decisions,
        },
        sort_keys=True,
    )
    return "R-" + hashlib.sha256(material.encode()).hexdigest()[:12].upper()


def run(settings: RunSettings, on_stage: StageHook | None = None) -> RunResult:
    started = datetime.now(UTC).replace(microsecond=0)
    timer = _Timer(on_stage)
    cfg = settings.config
    with timer.stage("policy"):
        policy = load_policy(cfg.policy)
    with _collector_paused(), FeaturesAhead() as ahead:
        # Both extracts read and their records built, the IND records while the prison
        # workbook is still being parsed: "normalise" is the time spent building records,
        # "read" the rest of the wait. Two-digit birth years are judged against the audit
        # date, so reruns agree.
        timer.announce("read")
        start = time.perf_counter()
        read = read_records(
            settings.prison_path,
            settings.ind_path,
            cfg,
            reference=settings.as_of,
            reference_from=settings.as_of_from,
            on_last_build=lambda: timer.announce("normalise"),
            on_ind_built=ahead.start,
            on_started=_import_writers,
        )
        timer.timings["read"] = time.perf_counter() - start - read.building_s
        timer.timings["normalise"] = read.building_s
        prison_source, prison_read_findings = read.prison.source, read.prison.read_findings
        prison, prison_findings = read.prison.records, read.prison.findings
        ind_source, ind_read_findings = read.ind.source, read.ind.read_findings
        ind, ind_findings = read.ind.records, read.ind.findings
        del read
        # The records hold everything the later stages need: the raw cells were dropped as
        # each extract's records were built (at 200,000 rows a side they are about a quarter
        # of the memory the run peaks at).
        overrides: LinkOverrides | None = None
        applied: list[AppliedDecision] = []
        decision_notes: list[str] = []
        if settings.decisions_path is not None:
            with timer.stage("decisions"):
                decisions, decision_notes = read_decisions(settings.decisions_path, cfg.limits)
                overrides, applied = resolve(decisions, prison, ind)
        with timer.stage("link"):
            linked = link(prison, ind, cfg.linker, cfg.audit.seed, overrides, ahead)
        links = linked.result
        timer.timings.update({f"link: {part}": s for part, s in linked.timings.items()})
        del linked  # the scored pairs are not needed past this point
        with timer.stage("classify"):
            classifications = classify(prison, ind, links, policy, settings.as_of)
        findings = [
            *prison_read_findings,
            *prison_findings,
            *ind_read_findings,
            *ind_findings,
            *_with_columns(links.findings, prison_source, ind_source),
        ]
        with timer.stage("totals", report=False):
            totals = ControlTotals.compute(
                prison,
                ind,
                prison_source,
                ind_source,
                links,
                classifications,
                findings,
            )
    run_id = run_id_for(
        settings,
        prison_source.sha256,
        ind_source.sha256,
        # The policy by its content: a policy file's path says where it lies, not what it is.
        json.dumps(
            {k: v for k, v in policy.as_dict().items() if k != "source"},
            sort_keys=True,
            default=str,
        ),
    )
    return RunResult(
        run_id=run_id,
        settings=settings,
        as_of=settings.as_of,
        policy=policy,
        prison_source=prison_source,
        ind_source=ind_source,
        prison=prison,
        ind=ind,
        findings=findings,
        links=links,
        classifications=classifications,
        totals=totals,
        started=started,
        timings=timer.timings,
        decisions=applied,
        s7_noted=(
            None if policy.s7_exemption == "off" else noted_rows(prison, classifications, policy)
        ),
        notes=[
            *(f"{note}." for note in policy.notes),
            *as_of_note(prison, classifications, settings.as_of, settings.as_of_from),
            *planned_release_note(prison, ind, settings.as_of, settings.as_of_from),
            *ind_extract_end_note(prison, ind, settings.as_of),
            *(f"{note}." for note in s7_run_notes(policy, prison_source)),
            *missing_column_notes(prison_source),
            *missing_column_notes(ind_source),
            *decision_notes,
        ],
    )


def _import_writers() -> None:
    """Import the writers' modules (reportlab, xlsxwriter and the rest: about 0.16 s) while
    the extracts are parsed in child processes and this process would only wait; the write
    stage would import them otherwise, before its work can be shared between two cores."""
    import reconcile.write.outputs
    import reconcile.write.summary  # noqa: F401


def _with_columns(findings: list[Finding], prison: SourceInfo, ind: SourceInfo) -> list[Finding]:
    """The linker's findings about a field, with the column's header as the file shows it."""
    out = []
    for f in findings:
        mapping = ind.mapping if f.file == ind.file else prison.mapping
        column = mapping.get(f.field, "") if f.field and not f.column else f.column
        out.append(replace(f, column=column) if column != f.column else f)
    return out
