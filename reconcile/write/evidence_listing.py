"""The evidence PDF's listings of prisoners: a light table drawn straight onto the page.

A national run lists tens of thousands of prisoners. reportlab's Table lays out and styles
every cell as an object, which takes minutes at that size; here each block of rows is one
flowable whose cells are measured with the font's width table, wrapped only when they do not
fit, and drawn as one text object per page with a grid of lines. The heading row repeats on
every page, and a block splits between pages at row boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable

from reconcile.result import RunResult
from reconcile.write.evidence_text import GRID, HEAD, safe
from reconcile.write.views import fmt_date, sentence_text

HEADINGS = (
    "Row",
    "Prison no.",
    "Name",
    "Born",
    "Nat.",
    "Sentence",
    "Offence",
    "Released",
    "Referred",
    "Considered",
    "IND case",
)
WIDTHS = tuple(x * mm for x in (9, 14, 33, 15, 8, 12, 22, 15, 15, 15, 16))
FONT, BOLD, SIZE, LEADING, PAD = "Helvetica", "Helvetica-Bold", 6.5, 7.8, 3.0
CELL_CHARS = 150  # characters of one value shown; the workbook has the full text
_GLYPHS: dict[str, list[int]] = {}


def text_width(text: str, font: str = FONT, size: float = SIZE) -> float:
    """Width in points of text the standard fonts can show (see evidence_text.safe)."""
    widths = _GLYPHS.get(font)
    if widths is None:
        widths = _GLYPHS[font] = list(getFont(font).widths)
    return sum(map(widths.__getitem__, text.encode("cp1252"))) * size / 1000


def pdf_string(text: str) -> str:
    """Text as the inside of a PDF string in the standard fonts' encoding."""
    if text.isascii() and text.isprintable() and not any(c in text for c in "()\\"):
        return text
    return escapePDF(text.encode("cp1252"))


def wrap(text: str, width: float, font: str = FONT) -> list[str]:
    """Lines of at most ``width`` points: words kept whole where they fit, else broken."""
    if text_width(text, font) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if text_width(trial, font) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:  # a word wider than the column is broken where it reaches the edge
            if line and text_width(line + ch, font) > width:
                lines.append(line)
                line = ""
            line += ch
    lines.append(line)
    return lines


def listing_values(result: RunResult, idxs: Sequence[int]) -> list[list[str]]:
    """The text of each listed prison row, one list per row in HEADINGS order."""
    rows = []
    for idx in idxs:
        rec = result.prison[idx]
        inds = [result.ind[i] for i in result.links.decisions[idx].ind_idxs]
        refs = [i.referral_date for i in inds if i.referral_date]
        cons = [i.considered_date for i in inds if i.considered_date]
        values = [
            str(rec.prov.row),
            rec.prison_number or "",
            f"{rec.surname}, {rec.forenames}".strip(", "),
            fmt_date(rec.dob),
            rec.nationality or rec.nationality_raw,
            sentence_text(rec),
            rec.offence or "Not available",
            fmt_date(rec.release_date),
            fmt_date(min(refs) if refs else None),
            fmt_date(min(cons) if cons else None),
            " ".join(i.case_ref for i in inds),
        ]
        rows.append([safe(v, CELL_CHARS) for v in values])
    return rows


class ListingBlock(Flowable):
    """Rows of a listing with the heading row on top; splits between pages by whole rows."""

    def __init__(self, cells: list[list[list[str]]], heights: list[float]) -> None:
        super().__init__()
        self.cells, self.heights = cells, heights  # per row: per column, its lines
        self.width = sum(WIDTHS)
        self.head_height = LEADING + PAD

    @classmethod
    def of(cls, rows: list[list[str]]) -> ListingBlock:
        room = [w - 2 * PAD for w in WIDTHS]
        # Most values repeat (dates, offences, nationalities): each is wrapped once.
        seen: dict[tuple[str, float], list[str]] = {}

        def lines(value: str, width: float) -> list[str]:
            got = seen.get((value, width))
            if got is None:
                got = seen[(value, width)] = wrap(value, width)
            return got

        cells = [[lines(v, w) for v, w in zip(row, room, strict=True)] for row in rows]
        heights = [max(len(c) for c in row) * LEADING + PAD for row in cells]
        return cls(cells, heights)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = self.head_height + sum(self.heights)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room, used, k = avail_height - self.head_height, 0.0, 0
        while k < len(self.heights) and used + self.heights[k] <= room:
            used += self.heights[k]
            k += 1
        if k == 0:
            return []
        if k == len(self.heights):
            return [self]
        return [
            ListingBlock(self.cells[:k], self.heights[:k]),
            ListingBlock(self.cells[k:], self.heights[k:]),
        ]

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        canv.saveState()
        canv.setFillColor(HEAD)
        canv.rect(0, top - self.head_height, self.width, self.head_height, stroke=0, fill=1)
        canv.setFillColorRGB(0, 0, 0)
        canv.setFont(FONT, SIZE)  # registers the fonts with the document
        canv.setFont(BOLD, SIZE)
        names = {f: canv._doc.getInternalFontName(f) for f in (FONT, BOLD)}
        ops = ["BT", f"{names[BOLD]} {SIZE} Tf"]
        lefts = [sum(WIDTHS[:i]) for i in range(len(WIDTHS))]
        baseline = top - PAD / 2 - SIZE
        for x, heading in zip(lefts, HEADINGS, strict=True):
            ops.append(f"1 0 0 1 {x + PAD:.2f} {baseline:.2f} Tm ({pdf_string(heading)}) Tj")
        ops.append(f"{names[FONT]} {SIZE} Tf")
        y = top - self.head_height
        rules = [y]
        for row, height in zip(self.cells, self.heights, strict=True):
            for x, lines in zip(lefts, row, strict=True):
                for n, line in enumerate(lines):
                    if line:
                        at = y - PAD / 2 - SIZE - n * LEADING
                        text = pdf_string(line)
                        ops.append(f"1 0 0 1 {x + PAD:.2f} {at:.2f} Tm ({text}) Tj")
            y -= height
            rules.append(y)
        ops.append("ET")
        canv.addLiteral("\n".join(ops))
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        grid = [(0.0, r, self.width, r) for r in [top, *rules]]
        grid += [(x, top, x, y) for x in [*lefts, self.width]]
        canv.lines(grid)
        canv.restoreState()
