"""evidence.pdf: the printable evidence pack (reportlab).

Every page carries the protective marking at the top and bottom, the run id and "Page X of Y".
The document is built with reportlab's invariant mode and fixed metadata, so the same run
gives the same bytes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from reconcile import __version__
from reconcile.model import FAILURE_OUTCOMES, OUTCOME_LABELS
from reconcile.result import RunResult
from reconcile.write.evidence_method import method_section
from reconcile.write.evidence_prisoner import EVIDENCE_NUMBER, EVIDENCE_TITLE, prisoner_sections
from reconcile.write.evidence_sections import (
    UNDECIDED_NUMBER,
    charts,
    cover,
    listings,
    totals_and_outcomes,
    undecided_listing,
    undecided_title,
)
from reconcile.write.evidence_text import DeferringDocTemplate, para, safe

MARGIN = 18 * mm


PAGE_TOTAL_FORM = "pagetotal"
_SMALL = 7.5


def section_form(key: str) -> str:
    """The name of the form holding the page a section ("6.1") starts on."""
    return "section" + key.replace(".", "_")


class TotalCanvas(Canvas):
    """A canvas that writes the page total once, at the end, as a form every page refers to,
    so "Page X of Y" needs neither a second pass nor every page held in memory; the contents'
    page numbers are forms written at the end the same way. ``created``: the date the
    document's properties give as its creation and modification date (the workbook's too:
    the run's as-of date), where reportlab's invariant mode would give 1 January 2000."""

    def __init__(self, *args: Any, created: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if created is not None:
            stamp = f"D:{created:%Y%m%d}000000+00'00'"
            self.setDateFormatter(lambda *_: stamp)

    def save(self) -> None:
        total = self.getPageNumber() - 1  # the last page has been shown
        self.beginForm(PAGE_TOTAL_FORM)
        self.setFont("Helvetica", _SMALL)
        self.drawString(0, 0, str(total))
        self.endForm()
        pages: dict[str, int] = self.__dict__.get("section_pages", {})
        for key in sorted(self.__dict__.get("contents_keys", ())):
            # Drawn leftwards from the form's origin: its box must reach there.
            self.beginForm(section_form(key), lowerx=-60, lowery=-4, upperx=1, uppery=12)
            self.setFont("Helvetica", 8)
            self.drawRightString(0, 0, str(pages.get(key, "-")))
            self.endForm()
        if pages:
            self.showOutline()
        super().save()


class Contents(Flowable):
    """The pack's sections, each with the page it starts on (filled in when the pack is
    complete, as the page total is)."""

    LEADING = 11.0

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        super().__init__()
        self.entries = entries  # (key, title): ("6.1", "6.1 Never referred")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(avail_width, 130 * mm)
        return self.width, self.LEADING * len(self.entries)

    def draw(self) -> None:
        canv = self.canv
        keys: set[str] = canv.__dict__.setdefault("contents_keys", set())
        y = self.LEADING * (len(self.entries) - 1) + 2
        for key, title in self.entries:
            keys.add(key)
            indent = 10.0 * key.count(".")
            canv.setFont("Helvetica", 8)
            canv.drawString(indent, y, title)
            canv.saveState()
            canv.translate(self.width, y)
            canv.doForm(section_form(key))
            canv.restoreState()
            y -= self.LEADING


def contents(result: RunResult) -> list[Flowable]:
    """The contents: every numbered section and listing, with its first page."""
    counts = result.totals.outcomes
    entries = [
        ("1", "1. Control totals"),
        ("2", "2. Outcomes"),
        ("3", "3. Not considered before release, by offence"),
        ("4", "4. How the records were linked"),
        ("5", "5. Charts"),
        ("6", "6. Listings of prison rows not considered before release"),
        *[
            (f"6.{n}", f"6.{n} {OUTCOME_LABELS[o]}: {counts.get(o, 0):,}")
            for n, o in enumerate(FAILURE_OUTCOMES, start=1)
        ],
        (UNDECIDED_NUMBER, undecided_title(result)),
        (EVIDENCE_NUMBER, EVIDENCE_TITLE),
    ]
    return [Spacer(1, 6 * mm), para("Contents", "h2"), Contents(entries)]


def _decorate(marking: str, run_id: str) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Draw the marking, the run id and "Page X of Y" on a page as it starts."""

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 9)
        canvas.drawCentredString(width / 2, height - 11 * mm, marking)
        canvas.drawCentredString(width / 2, 7 * mm, marking)
        canvas.setFont("Helvetica", _SMALL)
        canvas.drawString(MARGIN, height - 11 * mm, f"Run {run_id}")
        canvas.drawString(MARGIN, 11 * mm, f"Run {run_id}")
        label = f"Page {canvas.getPageNumber()} of "
        x = width - MARGIN - 24 * mm
        canvas.drawString(x, 11 * mm, label)
        canvas.translate(x + stringWidth(label, "Helvetica", _SMALL), 11 * mm)
        canvas.doForm(PAGE_TOTAL_FORM)
        canvas.restoreState()

    return on_page


def write_evidence(result: RunResult, path: Path) -> int:
    """Write evidence.pdf to ``path`` (the caller makes the write atomic); return the pages."""
    cfg = result.settings.config
    marking = safe(cfg.output.marking)
    doc = DeferringDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=17 * mm,
        title=safe(f"Reconciliation evidence: {cfg.audit.name}"),
        author="reconcile",
        subject=f"Run {result.run_id}, as of {result.as_of.isoformat()}",
        creator=f"reconcile {__version__}",
        producer=f"reconcile {__version__}",
        keywords=[marking],
        invariant=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    on_page = _decorate(marking, safe(result.run_id))
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    story = [
        *cover(result, contents(result)),
        *totals_and_outcomes(result),
        *method_section(result, "4."),
        *charts(result),
        *listings(result),
        *undecided_listing(result),
        *prisoner_sections(result),
    ]
    with _binary_streams():
        doc.build(story, canvasmaker=partial(TotalCanvas, created=result.as_of))
    return int(doc.page)


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Page streams compressed but not also ASCII85-encoded: reportlab's encoder is pure Python
    without its optional accelerator and took half the time of a 2,600-page pack; the file
    is smaller too."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before
