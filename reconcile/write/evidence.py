"""evidence.pdf: the printable evidence pack (reportlab).

Every page carries the protective marking at the top and bottom, the run id and "Page X of Y".
The document is built with reportlab's invariant mode and fixed metadata, so the same run
gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from reconcile import __version__
from reconcile.result import RunResult
from reconcile.write.evidence_prisoner import prisoner_sections
from reconcile.write.evidence_sections import charts, cover, listings, totals_and_outcomes
from reconcile.write.evidence_text import safe

MARGIN = 18 * mm


def _numbered_canvas(marking: str, run_id: str) -> type[Canvas]:
    """A canvas that holds pages back until the end, to print "Page X of Y" on each."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = A4
            self.saveState()
            self.setFont("Helvetica-Bold", 9)
            self.drawCentredString(width / 2, height - 11 * mm, marking)
            self.drawCentredString(width / 2, 7 * mm, marking)
            self.setFont("Helvetica", 7.5)
            self.drawString(MARGIN, height - 11 * mm, f"Run {run_id}")
            self.drawString(MARGIN, 11 * mm, f"Run {run_id}")
            self.drawRightString(width - MARGIN, 11 * mm, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def write_evidence(result: RunResult, path: Path) -> int:
    """Write evidence.pdf to ``path`` (the caller makes the write atomic); return the pages."""
    cfg = result.settings.config
    marking = safe(cfg.output.marking)
    doc = BaseDocTemplate(
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
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story = [
        *cover(result),
        *totals_and_outcomes(result),
        *charts(result),
        *listings(result),
        *prisoner_sections(result),
    ]
    doc.build(story, canvasmaker=_numbered_canvas(marking, safe(result.run_id)))
    return int(doc.page)
