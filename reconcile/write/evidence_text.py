"""Text and styles for the evidence PDF: safe text for the standard fonts, paragraph styles,
and table styles."""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from anyascii import anyascii
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, TableStyle

from reconcile.invisible import visible

_BASE = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle("title", parent=_BASE["Title"], fontSize=20, leading=24, spaceAfter=6),
    "subtitle": ParagraphStyle(
        "subtitle",
        parent=_BASE["Title"],
        fontSize=13,
        leading=16,
        textColor=colors.HexColor("#333333"),
    ),
    "h1": ParagraphStyle(
        "h1", parent=_BASE["Heading1"], fontSize=14, leading=17, spaceBefore=6, spaceAfter=6
    ),
    "h2": ParagraphStyle(
        "h2", parent=_BASE["Heading2"], fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
    ),
    "h3": ParagraphStyle(
        "h3", parent=_BASE["Heading3"], fontSize=9, leading=11, spaceBefore=8, spaceAfter=3
    ),
    "body": ParagraphStyle("body", parent=_BASE["BodyText"], fontSize=9, leading=11.5),
    "small": ParagraphStyle("small", parent=_BASE["BodyText"], fontSize=7, leading=8.5),
    "small_under": ParagraphStyle(  # a line under the one before it, as its part
        "small_under", parent=_BASE["BodyText"], fontSize=7, leading=8.5, leftIndent=12
    ),
    "cell": ParagraphStyle("cell", parent=_BASE["BodyText"], fontSize=6.5, leading=7.8),
    # A wrapped cell of a table set at 8 points: the same size as the plain cells beside it.
    "cell8": ParagraphStyle("cell8", parent=_BASE["BodyText"], fontSize=8, leading=9.6),
}

GRID = colors.HexColor("#9AA5B1")
HEAD = colors.HexColor("#D9E1F2")


MAX_TEXT = 1_000  # characters of one value shown in the PDF; the CSV and workbook keep more
# A linker's reason in full: two IND records' evidence side by side runs to about 1,300.
MAX_REASON = 3_000
CUT = " [...]"


def safe(text: object, limit: int = MAX_TEXT) -> str:
    """Text the PDF's standard fonts can show: characters that show nothing (direction
    controls, zero-width spaces) written as their codes ("[U+202E]", reconcile.invisible),
    characters outside Windows-1252 transliterated, and cut at ``limit`` characters so no
    table cell can outgrow a page."""
    s = "" if text is None else str(text)
    if s.isascii() and len(s) <= limit and "\t" not in s and "\r" not in s:
        return s  # the common case, at a glance
    s = visible(s)
    if len(s) > limit:
        s = s[: limit - len(CUT)] + CUT
    try:
        s.encode("cp1252")
    except UnicodeEncodeError:
        s = "".join(c if in_fonts(c) else anyascii(c) for c in s)
    return s.replace("\t", " ").replace("\r", " ")


def in_fonts(ch: str) -> bool:
    """Whether the PDF's standard fonts (Windows-1252) show the character."""
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def para(text: object, style: str = "body", limit: int = MAX_TEXT) -> Paragraph:
    """A paragraph of plain text (markup characters escaped), cut at ``limit`` characters."""
    return Paragraph(escape(safe(text, limit)), STYLES[style])


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph whose text already holds reportlab markup (callers escape their values)."""
    return Paragraph(text, STYLES[style])


class Heading(Paragraph):
    """A numbered section heading ("6.1 Never referred: ..."): when drawn it notes its page on
    the canvas (for the contents on the cover) and adds a bookmark to the PDF's outline."""

    def __init__(self, text: str, style: str) -> None:
        super().__init__(escape(safe(text)), STYLES[style])
        self.key = text.split(" ", 1)[0].rstrip(".")
        self.title = safe(text)
        self.level = self.key.count(".")

    def draw(self) -> None:
        canv = self.canv
        pages: dict[str, int] = canv.__dict__.setdefault("section_pages", {})
        pages.setdefault(self.key, canv.getPageNumber())
        name = f"section-{self.key}"
        canv.bookmarkPage(name)
        canv.addOutlineEntry(self.title, name, level=self.level)
        super().draw()


def heading(text: str, style: str = "h1") -> Heading:
    """A numbered section heading that the contents and the PDF's outline point to."""
    return Heading(text, style)


def esc(text: object) -> str:
    return escape(safe(text))


def table_style(
    font_size: float = 7, header: bool = True, total: bool = False, numbers: tuple[int, ...] = ()
) -> TableStyle:
    """The pack's table style; ``numbers``: the columns of counts, set right-aligned (heading
    too) so that their digits line up, and kept clear of the text in the next column (so
    that text copied from the page keeps them apart too)."""
    cmds: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", font_size),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *[("ALIGN", (col, 0), (col, -1), "RIGHT") for col in numbers],
        *[("RIGHTPADDING", (col, 0), (col, -1), 10) for col in numbers],
    ]
    if header:
        cmds += [
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", font_size),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ]
    if total:
        cmds += [
            ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", font_size),
            ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black),
        ]
    return TableStyle(cmds)


class Deferred(Flowable):
    """A placeholder the document replaces by the flowables ``make()`` returns when layout
    reaches it, so a story of thousands of sections does not sit in memory all at once."""

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        raise RuntimeError("a Deferred flowable must be expanded by DeferringDocTemplate")


class DeferringDocTemplate(BaseDocTemplate):
    """A document template that expands Deferred flowables just before laying them out."""

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        while flowables and isinstance(flowables[0], Deferred):
            flowables[0:1] = flowables[0].make()
        if flowables:
            super().handle_flowable(flowables)
