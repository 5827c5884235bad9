"""The evidence PDF's side-by-side tables (a prison row beside its IND records), drawn
straight onto the page as the listings are (reconcile.write.evidence_listing).

reportlab's Table makes, styles and measures an object per cell; a national run has
thousands of these small tables, and they took most of the PDF's time. Here the cells are
plain text, measured with the font's width table and wrapped only when they do not fit, and
each table is drawn as one text object and one path of grid lines. The look is the Table's
as it was styled here (evidence_text.table_style): a shaded heading row in bold, a light
grid, text at the top of each cell, and a bold total row under a black rule; a cell can
reach down over the row below (the name's comparison covers surname and forenames).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable

from reconcile.write.evidence_listing import BOLD, FONT, LEADING, SIZE, pdf_string, wrap
from reconcile.write.evidence_text import GRID, HEAD

PAD_X, PAD_Y = 3.0, 1.5  # the listings' text and font, the side-by-side table's padding
SPANNED = 2  # the last columns a spanning row's cells reach down with


def cell_lines(text: str, width: float, font: str = FONT) -> list[str]:
    """A cell's text as lines that fit ``width`` points less the padding (its own line
    breaks kept)."""
    room = width - 2 * PAD_X
    lines: list[str] = []
    for part in text.split("\n"):
        lines += wrap(part, room, font, SIZE)
    return lines


class GridTable(Flowable):
    """A small table of plain text; splits between pages by whole rows."""

    def __init__(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        total: bool = False,
        spans: Sequence[int] = (),
        head: bool = True,
    ) -> None:
        """``rows``: the cells' texts, the heading row first (when ``head``); ``total``: the
        last row is a total; ``spans``: rows whose last SPANNED cells reach down over the
        next row (whose own cells there are empty)."""
        super().__init__()
        self.rows = [list(r) for r in rows]
        self.widths = list(widths)
        self.width = sum(self.widths)
        last = len(self.rows) - 1
        # A span needs a row below it to reach over.
        self.total, self.spans, self.head = total, frozenset(s for s in spans if s < last), head
        self.cells = [
            [
                cell_lines(text, w, BOLD if (head and r == 0) or (total and r == last) else FONT)
                for text, w in zip(row, self.widths, strict=True)
            ]
            for r, row in enumerate(self.rows)
        ]
        self.heights = self._heights()

    def _heights(self) -> list[float]:
        cols = len(self.widths)
        heights = []
        for r, row in enumerate(self.cells):
            own = row[: cols - SPANNED] if r in self.spans else row
            heights.append(max([1, *(len(c) for c in own)]) * LEADING + 2 * PAD_Y)
        for r in sorted(self.spans):  # a spanning cell taller than its two rows: the second grows
            if r + 1 < len(heights):
                need = max(len(c) for c in self.cells[r][cols - SPANNED :]) * LEADING + 2 * PAD_Y
                heights[r + 1] += max(0.0, need - heights[r] - heights[r + 1])
        return heights

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = sum(self.heights)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The rows that fit, then the rest; never the heading row alone. A spanning row
        stays with the row it covers; only when that leaves no row under the heading is the
        span cut, the first part's last row then growing to hold the spanning cells."""
        fit = 0
        while fit < len(self.heights) and sum(self.heights[: fit + 1]) <= avail_height:
            fit += 1
        least = 2 if self.head else 1  # a part holds at least one row that is not the heading
        whole = fit
        while whole > 0 and whole - 1 in self.spans:
            whole -= 1
        k = whole if whole >= least else fit
        while least <= k < len(self.heights):
            first = self._part(0, k)
            if first.wrap(avail_width, avail_height)[1] <= avail_height:
                return [first, self._part(k, len(self.rows))]
            k -= 1
        return []

    def _part(self, start: int, stop: int) -> GridTable:
        """Rows start to stop as a table of their own (the heading row only in the first
        part, the total only in the last; spans cut at the edge dropped)."""
        spans = [s - start for s in self.spans if start <= s < stop - 1]
        return GridTable(
            self.rows[start:stop],
            self.widths,
            total=self.total and stop == len(self.rows),
            spans=spans,
            head=self.head and start == 0,
        )

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        canv.saveState()
        if self.head:
            canv.setFillColor(HEAD)
            canv.rect(0, top - self.heights[0], self.width, self.heights[0], stroke=0, fill=1)
        canv.setFillColorRGB(0, 0, 0)
        canv.setFont(FONT, SIZE)  # registers the fonts with the document
        canv.setFont(BOLD, SIZE)
        names = {f: canv._doc.getInternalFontName(f) for f in (FONT, BOLD)}
        lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        last = len(self.cells) - 1
        ops = ["BT"]
        y, tops = top, []
        for r, (row, height) in enumerate(zip(self.cells, self.heights, strict=True)):
            tops.append(y)
            bold = (self.head and r == 0) or (self.total and r == last)
            ops.append(f"{names[BOLD if bold else FONT]} {SIZE} Tf")
            for x, lines in zip(lefts, row, strict=True):
                for n, line in enumerate(lines):
                    if line:
                        at = y - PAD_Y - SIZE - n * LEADING
                        ops.append(f"1 0 0 1 {x + PAD_X:.2f} {at:.2f} Tm ({pdf_string(line)}) Tj")
            y -= height
        ops.append("ET")
        bottom = y
        # The grid: a rule under each row (not across a spanning cell) and between columns.
        inner = lefts[len(self.widths) - SPANNED]
        rules = [f"0 {top:.2f} m {self.width:.2f} {top:.2f} l"]
        for r, below in enumerate([*tops[1:], bottom]):
            right = inner if r in self.spans and r < last else self.width
            rules.append(f"0 {below:.2f} m {right:.2f} {below:.2f} l")
        rules += [f"{x:.2f} {top:.2f} m {x:.2f} {bottom:.2f} l" for x in [*lefts, self.width]]
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.addLiteral("\n".join([*ops, *rules, "S"]))
        if self.total and last > 0:  # the total row's rule above it, in black
            canv.setStrokeColor(colors.black)
            canv.setLineWidth(1)
            canv.line(0, tops[last], self.width, tops[last])
        canv.restoreState()
