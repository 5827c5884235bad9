"""The evidence PDF's listings of prisoners: a light table drawn straight onto the page.

A national run lists tens of thousands of prisoners. reportlab's Table lays out and styles
every cell as an object, which takes minutes at that size; here each block of rows is one
flowable whose cells are measured with the font's width table, wrapped only when they do not
fit, and drawn as one text object per page with a grid of lines. The heading row repeats on
every page, and a block splits between pages at row boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable

from reconcile.result import RunResult
from reconcile.write.evidence_text import GRID, HEAD, safe
from reconcile.write.views import fmt_birth, fmt_date, sentence_text

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
WIDTHS = tuple(x * mm for x in (11.5, 14, 33, 15, 8, 12, 19.5, 15, 15, 15, 16))  # 174 mm
FONT, BOLD, SIZE, LEADING, PAD = "Helvetica", "Helvetica-Bold", 6.5, 7.8, 3.0
CELL_CHARS = 150  # characters of one value shown; the workbook has the full text
_GLYPHS: dict[str, dict[str, int]] = {}
_NEEDS_ESCAPE = re.compile(r"[^\x20-\x7e]|[()\\]")  # all else goes into a PDF string as it is


def glyph_widths(font: str) -> dict[str, int]:
    """Each Windows-1252 character's width in the font, in thousandths of the font size."""
    table = _GLYPHS.get(font)
    if table is None:
        widths = getFont(font).widths
        table = {}
        for code in range(256):
            try:
                table[bytes([code]).decode("cp1252")] = widths[code]
            except UnicodeDecodeError:
                continue
        _GLYPHS[font] = table
    return table


def text_width(text: str, font: str = FONT, size: float = SIZE) -> float:
    """Width in points of text the standard fonts can show (see evidence_text.safe)."""
    table = _GLYPHS.get(font) or glyph_widths(font)
    return sum(map(table.__getitem__, text)) * size / 1000


def pdf_string(text: str) -> str:
    """Text as the inside of a PDF string in the standard fonts' encoding."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return escapePDF(text.encode("cp1252"))


_QUARTERS: dict[str, bytes] = {}


def width_bound(text: str, font: str = FONT, size: float = SIZE) -> float:
    """An upper bound of ``text_width`` (each glyph rounded up to 4/1000 of the size), worked
    out in C: most cells fit, and this says so without measuring them glyph by glyph."""
    table = _QUARTERS.get(font)
    if table is None:
        widths = getFont(font).widths
        table = _QUARTERS[font] = bytes(-(-widths[code] // 4) for code in range(256))
    return sum(text.encode("cp1252").translate(table)) * 4 * size / 1000


def wrap(text: str, width: float, font: str = FONT, size: float = SIZE) -> list[str]:
    """Lines of at most ``width`` points: words kept whole where they fit, else broken."""
    if width_bound(text, font, size) <= width or text_width(text, font, size) <= width:
        return [text]
    glyphs = _GLYPHS.get(font) or glyph_widths(font)
    space = text_width(" ", font, size)
    lines: list[str] = []
    line, used = "", 0.0
    for word in text.split(" "):
        need = text_width(word, font, size)
        if line and used + space + need <= width:
            line, used = f"{line} {word}", used + space + need
            continue
        if line:
            lines.append(line)
        line, used = word, need
        if need > width:  # a word wider than the column is broken where it reaches the edge
            line, used = "", 0.0
            for ch in word:
                step = glyphs[ch] * size / 1000
                if line and used + step > width:
                    lines.append(line)
                    line, used = "", 0.0
                line, used = line + ch, used + step
    lines.append(line)
    return lines


# The Nat. column holds a two-letter code; a value not recognised as a nationality is shown as
# written only where it fits ("N/K", "UNK"), else as "?" rather than broken into letters.
NATIONALITY_ROOM = WIDTHS[HEADINGS.index("Nat.")] - 2 * PAD
NOT_SHOWN = "?"


def _as_written(text: str, room: float) -> str:
    text = safe(text.strip(), CELL_CHARS)
    return text if text_width(text) <= room else NOT_SHOWN


def listing_values(result: RunResult, idxs: Sequence[int]) -> list[list[str]]:
    """The text of each listed prison row, one list per row in HEADINGS order."""
    rows = []
    day = fmt_date  # remembers the dates it has shown
    for idx in idxs:
        rec = result.prison[idx]
        inds = [result.ind[i] for i in result.links.decisions[idx].ind_idxs]
        refs = [i.referral_date for i in inds if i.referral_date]
        cons = [i.considered_date for i in inds if i.considered_date]
        values = [
            str(rec.prov.row),
            rec.prison_number or "",
            f"{rec.surname}, {rec.forenames}".strip(", "),
            day(rec.dob) if rec.birth_year is None else fmt_birth(rec),
            rec.nationality or _as_written(rec.nationality_raw, NATIONALITY_ROOM),
            sentence_text(rec),
            rec.offence or "Not available",
            day(rec.release_date),
            day(min(refs) if refs else None),
            day(min(cons) if cons else None),
            " ".join(i.case_ref for i in inds),
        ]
        rows.append([safe(v, CELL_CHARS) for v in values])
    return rows


# The listing of rows whose scope could not be decided: the values scope rests on, as read,
# and what was missing or unreadable, with what to do.
UNDECIDED_HEADINGS = (
    "Row",
    "Prison no.",
    "Name",
    "Born",
    "Nationality",
    "Sentence",
    "Released",
    "Missing or unreadable, and what to do",
)
UNDECIDED_WIDTHS = tuple(x * mm for x in (11.5, 14, 30, 15, 16, 14, 16, 57.5))  # 174 mm
UNREADABLE = "(unreadable)"
REASON_CHARS = 400  # the longest reasons name a sentence, a nationality and a court's say
# Each reason begins "Scope cannot be decided under policy 2006 v1: ", which the listing's
# heading and lead say once.
_UNDECIDED = re.compile(r"^Scope cannot be decided under policy .*?: ")


def _as_read(shown: str, unreadable: dict[str, str], field: str) -> str:
    """A date as shown, else the value as written and that it could not be read, else ""."""
    if shown:
        return shown
    raw = unreadable.get(field, "").strip()
    return f"{raw} {UNREADABLE}" if raw else ""


def undecided_reason(reason: str) -> str:
    """A reason without its opening "Scope cannot be decided under policy ...: ", capitalised."""
    text = _UNDECIDED.sub("", reason, count=1)
    return text[:1].upper() + text[1:]


def undecided_values(result: RunResult, idxs: Sequence[int]) -> list[list[str]]:
    """The text of each prison row whose scope could not be decided, in UNDECIDED_HEADINGS
    order: the values as read (one that could not be read as written, and said so)."""
    rows = []
    day = fmt_date
    for idx in idxs:
        rec = result.prison[idx]
        born = day(rec.dob) if rec.birth_year is None else fmt_birth(rec)
        values = [
            str(rec.prov.row),
            rec.prison_number or "",
            f"{rec.surname}, {rec.forenames}".strip(", "),
            _as_read(born, rec.unreadable, "dob"),
            rec.nationality_raw.strip(),
            sentence_text(rec),
            _as_read(day(rec.release_date), rec.unreadable, "release_date"),
        ]
        reason = undecided_reason(result.classifications[idx].reason)
        rows.append([*(safe(v, CELL_CHARS) for v in values), safe(reason, REASON_CHARS)])
    return rows


class ListingBlock(Flowable):
    """Rows of a listing with the heading row on top; splits between pages by whole rows."""

    def __init__(
        self,
        cells: list[list[list[str]]],
        heights: list[float],
        headings: Sequence[str] = HEADINGS,
        widths: Sequence[float] = WIDTHS,
    ) -> None:
        super().__init__()
        self.cells, self.heights = cells, heights  # per row: per column, its lines
        self.headings, self.widths = headings, widths
        self.width = sum(widths)
        self.head_height = LEADING + PAD

    @classmethod
    def of(
        cls,
        rows: list[list[str]],
        headings: Sequence[str] = HEADINGS,
        widths: Sequence[float] = WIDTHS,
    ) -> ListingBlock:
        """A block of ``rows`` under ``headings``, the columns ``widths`` wide (in points)."""
        room = [w - 2 * PAD for w in widths]
        # Most values repeat (dates, offences, nationalities): each is wrapped once.
        seen: dict[tuple[str, float], list[str]] = {}

        def lines(value: str, width: float) -> list[str]:
            got = seen.get((value, width))
            if got is None:
                got = seen[(value, width)] = wrap(value, width)
            return got

        cells = [[lines(v, w) for v, w in zip(row, room, strict=True)] for row in rows]
        heights = [max(len(c) for c in row) * LEADING + PAD for row in cells]
        return cls(cells, heights, headings, widths)

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
        columns = (self.headings, self.widths)
        return [
            ListingBlock(self.cells[:k], self.heights[:k], *columns),
            ListingBlock(self.cells[k:], self.heights[k:], *columns),
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
        lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        xs = [f"{x + PAD:.2f}" for x in lefts]
        ops = ["BT", f"{names[BOLD]} {SIZE} Tf"]
        baseline = f"{top - PAD / 2 - SIZE:.2f}"
        for x, heading in zip(xs, self.headings, strict=True):
            ops.append(f"1 0 0 1 {x} {baseline} Tm ({pdf_string(heading)}) Tj")
        ops.append(f"{names[FONT]} {SIZE} Tf")
        y = top - self.head_height
        rules = [top, y]
        for row, height in zip(self.cells, self.heights, strict=True):
            ys = [f"{y - PAD / 2 - SIZE - n * LEADING:.2f}" for n in range(len(max(row, key=len)))]
            for x, lines in zip(xs, row, strict=True):
                for at, line in zip(ys, lines, strict=False):  # ys: the row's tallest cell
                    if line:
                        ops.append(f"1 0 0 1 {x} {at} Tm ({pdf_string(line)}) Tj")
            y -= height
            rules.append(y)
        ops.append("ET")
        # The grid: a line under each row and between the columns, stroked at once.
        right = f"{self.width:.2f}"
        ops += [f"0 {r:.2f} m {right} {r:.2f} l" for r in rules]
        ops += [f"{x:.2f} {top:.2f} m {x:.2f} {y:.2f} l" for x in [*lefts, self.width]]
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.addLiteral("\n".join([*ops, "S"]))
        canv.restoreState()
