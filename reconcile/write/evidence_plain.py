"""Plain paragraphs for the evidence PDF's sections: one font, left aligned, no markup.

A national run's pack has thousands of prisoner sections, each with a few lines of reasons.
reportlab's Paragraph parses markup and breaks lines glyph run by glyph run, and each section's
paragraphs are laid out more than once (kept together with the section's table); here the
lines are broken once per width with the font's width table and drawn as one text object.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from reconcile.write.evidence_listing import wrap
from reconcile.write.evidence_text import MAX_TEXT, STYLES, safe


class PlainPara(Flowable):
    """A paragraph of plain text in ``style``'s font, size, leading and spacing; it splits
    between pages at line boundaries."""

    def __init__(self, text: str, style: ParagraphStyle, lines: list[str] | None = None) -> None:
        super().__init__()
        self.text, self.style = text, style
        self._lines = lines
        self._for_width = -1.0

    def _wrapped(self, width: float) -> list[str]:
        if self._lines is None or width != self._for_width:
            s = self.style
            self._lines = wrap(self.text, width, s.fontName, s.fontSize) if self.text else []
            self._for_width = width
        return self._lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = len(self._wrapped(avail_width)) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self._wrapped(avail_width)
        fit = int(avail_height // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return []
        first = PlainPara(" ".join(lines[:fit]), self.style, lines[:fit])
        rest = PlainPara(" ".join(lines[fit:]), self.style, lines[fit:])
        first._for_width = rest._for_width = avail_width
        return [first, rest]

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        s = self.style
        canvas: Canvas = self.canv
        text = canvas.beginText(0, self.height - s.fontSize)
        text.setFont(s.fontName, s.fontSize, s.leading)
        for line in self._lines or ():
            text.textLine(line)
        canvas.drawText(text)


def plain(text: object, style: str = "small", limit: int = MAX_TEXT) -> PlainPara:
    """A plain paragraph of ``text``, cut at ``limit`` characters (see evidence_text.safe)."""
    return PlainPara(" ".join(safe(text, limit).split()), STYLES[style])
