"""Charts for the evidence PDF (reportlab.graphics): outcomes by year of release,
not-considered prisoners by offence, and the distribution of match weights."""

from __future__ import annotations

import math
from collections import Counter

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from reconcile.model import Outcome
from reconcile.result import RunResult
from reconcile.write.evidence_text import safe
from reconcile.write.views import fmt_weight, offence_table, release_years

WIDTH = 480
SERIES: tuple[tuple[str, tuple[Outcome, ...], colors.Color], ...] = (
    ("Considered before release", (Outcome.CONSIDERED_BEFORE_RELEASE,), colors.HexColor("#4E79A7")),
    ("Considered after release", (Outcome.CONSIDERED_AFTER_RELEASE,), colors.HexColor("#F28E2B")),
    ("Referred, not considered", (Outcome.REFERRED_NOT_CONSIDERED,), colors.HexColor("#E15759")),
    ("Never referred", (Outcome.NEVER_REFERRED,), colors.HexColor("#B07AA1")),
    (
        "Other outcomes",
        (
            Outcome.NEEDS_REVIEW,
            Outcome.INSUFFICIENT_DATA,
            Outcome.NOT_RELEASED,
            Outcome.OUT_OF_SCOPE,
        ),
        colors.HexColor("#BAB0AC"),
    ),
)


def _title(d: Drawing, text: str) -> None:
    d.add(String(0, d.height - 12, text, fontName="Helvetica-Bold", fontSize=10))


def _nice_max(value: float) -> float:
    if value <= 5:
        return 5
    step = 10 ** math.floor(math.log10(value))
    return math.ceil(value / step) * step


def outcomes_by_year(result: RunResult) -> Drawing:
    years = release_years(result)
    d = Drawing(WIDTH, 230)
    _title(d, "Prison rows by year of release and outcome")
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, 300, 170
    cats = [str(y) for y in years] or ["(none)"]
    data = [[sum(c[o] for o in outs) for c in years.values()] or [0] for _, outs, _ in SERIES]
    chart.data = data
    chart.categoryAxis.categoryNames = cats
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 45 if len(cats) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(cats) > 8 else "n"
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin = 0
    totals = [sum(col) for col in zip(*data, strict=True)]
    chart.valueAxis.valueMax = _nice_max(max(totals, default=0))
    chart.valueAxis.labels.fontSize = 7
    for n, (_, _, colour) in enumerate(SERIES):
        chart.bars[n].fillColor = colour
        chart.bars[n].strokeColor = None
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = 355, 190
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = len(SERIES)
    legend.deltay = 12
    legend.colorNamePairs = [(c, name) for name, _, c in SERIES]
    d.add(legend)
    return d


# Bars in the offence chart at most: a free-text offence column can hold a thousand kinds, and
# a bar each made a chart taller than a page, which the PDF cannot lay out. The offence table
# beside it lists every kind.
MAX_OFFENCE_BARS = 24


def offence_bars(rows: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], int]:
    """The offence table's rows as bars: all of them when they fit, else the commonest
    (ties in the table's order) in the table's order, and one bar for the rest; and how
    many kinds that bar holds (0 when none)."""
    if len(rows) <= MAX_OFFENCE_BARS:
        return rows, 0
    keep = MAX_OFFENCE_BARS - 1
    order = sorted(range(len(rows)), key=lambda n: (-rows[n][1], n))
    kept = sorted(order[:keep])
    rest = order[keep:]
    other = (f"{len(rest):,} other kinds", sum(rows[n][1] for n in rest))
    return [rows[n] for n in kept] + [other], len(rest)


def not_considered_by_offence(result: RunResult) -> Drawing:
    rows, folded = offence_bars([(k, v) for k, v in offence_table(result) if k != "Total"])
    height = max(90, 14 * len(rows) + 50)
    d = Drawing(WIDTH, height)
    title = "Not considered before release, by offence"
    _title(d, f"{title} (the commonest; the table lists all)" if folded else title)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 20, 300, height - 50
    chart.data = [[v for _, v in reversed(rows)] or [0]]
    chart.categoryAxis.categoryNames = [safe(k)[:32] for k, _ in reversed(rows)] or ["(none)"]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max((v for _, v in rows), default=0))
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#E15759")
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 6
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return d


def weight_of(probability: float) -> float:
    """The match weight (log2 odds) at which the probability is reached."""
    p = min(max(probability, 1e-9), 1 - 1e-9)
    return math.log2(p / (1 - p))


def none_weight(parameters: dict[str, object]) -> float:
    """log2 of the weight of "none of the candidates" the linker learnt (0 when absent): a
    candidate without rivals reaches probability p at weight_of(p) + this."""
    found = parameters.get("candidates")
    mass = found.get("none_of_the_candidates") if isinstance(found, dict) else None
    return math.log2(mass) if isinstance(mass, int | float) and mass > 0 else 0.0


def match_weights(result: RunResult, bin_width: float = 2.0) -> Drawing:
    """Histogram of each prison row's best candidate weight, with the weights at which a
    candidate without rivals reaches the link and review probabilities."""
    weights = [d.best.weight for d in result.links.decisions if d.best is not None]
    linker = result.settings.config.linker
    shift = none_weight(result.links.parameters)
    marks = [
        ("link", weight_of(linker.link_probability) + shift, colors.HexColor("#59A14F")),
        ("review", weight_of(linker.review_probability) + shift, colors.HexColor("#F28E2B")),
    ]
    d = Drawing(WIDTH, 240)
    _title(d, "Best candidate's match weight per prison row (thresholds for a lone candidate)")
    x0, y0, w, h = 40, 30, 420, 160
    lo = math.floor(min([*weights, *(m for _, m, _ in marks)]) / bin_width) * bin_width
    hi = math.ceil(max([*weights, *(m for _, m, _ in marks)]) / bin_width) * bin_width
    hi = max(hi, lo + bin_width)
    bins = Counter(
        min(int((wt - lo) // bin_width), int((hi - lo) / bin_width) - 1) for wt in weights
    )
    nbins = int((hi - lo) / bin_width)
    top = _nice_max(max(bins.values(), default=0) * 1.05)
    scale_x, scale_y = w / (hi - lo), h / top
    d.add(Line(x0, y0, x0 + w, y0, strokeWidth=0.5))
    d.add(Line(x0, y0, x0, y0 + h, strokeWidth=0.5))
    for k in range(nbins):
        count = bins.get(k, 0)
        if count:
            d.add(
                Rect(
                    x0 + k * bin_width * scale_x,
                    y0,
                    bin_width * scale_x - 1,
                    count * scale_y,
                    fillColor=colors.HexColor("#4E79A7"),
                    strokeColor=None,
                )
            )
    step = max(1, nbins // 10)
    for k in range(0, nbins + 1, step):
        x = x0 + k * bin_width * scale_x
        d.add(String(x, y0 - 10, f"{lo + k * bin_width:g}", fontSize=6, textAnchor="middle"))
    for frac in (0.5, 1.0):
        d.add(String(x0 - 4, y0 + h * frac - 2, f"{top * frac:g}", fontSize=6, textAnchor="end"))
    for n, (label, mark, colour) in enumerate(marks):
        x = x0 + (mark - lo) * scale_x
        d.add(Line(x, y0, x, y0 + h, strokeColor=colour, strokeWidth=1.2, strokeDashArray=[3, 2]))
        d.add(
            String(
                x + (2 if n == 0 else -2),
                y0 + h + 4 + 9 * n,
                f"{label} threshold ({fmt_weight(mark)})",
                fontSize=6,
                fillColor=colour,
                textAnchor="start" if n == 0 else "end",
            )
        )
    d.add(
        String(
            x0 + w / 2,
            y0 - 22,
            "match weight (each point doubles the odds)",
            fontSize=7,
            textAnchor="middle",
        )
    )
    return d
