"""Charts as SVG made at build time: readable without JavaScript, titled and described for
screen readers, drawn with theme colours through CSS classes, and honest about precision.

Precision is drawn, not only written: an approximate figure is a hollow, dashed marker; "at
least" and "up to" carry an arrow; a range is a bar from its low to its high end. Undisclosed
figures are counted in the description but never drawn as zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from roundbook.addresses import round_anchor
from roundbook.model.money import Money
from roundbook.model.records import Organization
from roundbook.schema.values import PartialDate
from roundbook.text import compact, counted, date_text, money_text, plural, total_text


@dataclass(frozen=True)
class Point:
    """One figure on the company chart: when, which series, and the dollar money."""

    date: PartialDate
    series: str  # amount or valuation
    money: Money
    anchor: str  # the round's anchor: its row of the rounds table lists the figure


def _middle(date: PartialDate) -> dt.date:
    """A partial date is drawn in the middle of the period it may mean."""
    return date.earliest + (date.latest - date.earliest) / 2


def _nice_max(value: Decimal) -> Decimal:
    """A round top for the axis: 1, 2, 2.5 or 5 times a power of ten, at or above the value."""
    if value <= 0:
        return Decimal(1)
    exponent = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _high(money: Money) -> Decimal:
    return money.max if money.precision == "range" else money.value


def chart_points(organization: Organization) -> tuple[list[Point], int]:
    """Figures that can be drawn, and how many reported figures cannot (undisclosed or unconverted)."""
    points, not_drawn = [], 0
    for funding_round in organization.rounds:
        for series, original, dollars in (
            ("amount", funding_round.amount, funding_round.amount_usd),
            ("valuation", funding_round.valuation, funding_round.valuation_usd),
        ):
            if original is None:
                continue
            if dollars is None or not dollars.disclosed:
                not_drawn += 1
                continue
            points.append(Point(funding_round.announced, series, dollars, round_anchor(funding_round.id)))
    return points, not_drawn


class _Frame:
    """Maps dates and dollars to pixel positions inside the plot area."""

    left, right, top, bottom = 64, 24, 20, 40  # top: room for a valuation's label above the highest

    def __init__(self, width: int, height: int, first: dt.date, last: dt.date, top_value: Decimal):
        self.width, self.height = width, height
        pad = max((last - first).days * 0.08, 45)
        self.first = first - dt.timedelta(days=pad)
        self.span = max((last - first).days + 2 * pad, 1)
        self.top_value = top_value

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.first).days / self.span * (self.width - self.left - self.right)

    def y(self, value: Decimal) -> float:
        plot = self.height - self.top - self.bottom
        return self.top + plot - float(value / self.top_value) * plot


def _n(value: float) -> str:
    """A coordinate to a tenth of a pixel, without a trailing zero: `240`, `197.6`."""
    return f"{value:.1f}".removesuffix(".0")


def _marker(frame: _Frame, point: Point) -> str:
    money, x = point.money, frame.x(_middle(point.date))
    shape_class = f"rb-chart-{point.series}" + (
        "" if money.precision == "exact" else f" rb-precision-{money.precision}"
    )
    parts = []
    if money.precision == "range":
        y_low, y_high = frame.y(money.min), frame.y(money.max)
        parts.append(
            f'<line class="{shape_class} rb-chart-range" x1="{_n(x)}" y1="{_n(y_low)}" x2="{_n(x)}" y2="{_n(y_high)}"/>'
        )
        y = (y_low + y_high) / 2
    else:
        y = frame.y(money.value)
    if point.series == "amount":
        parts.append(f'<rect class="{shape_class}" x="{_n(x - 5)}" y="{_n(y - 5)}" width="10" height="10"/>')
    else:
        parts.append(f'<circle class="{shape_class}" cx="{_n(x)}" cy="{_n(y)}" r="5.5"/>')
    if money.precision in ("at-least", "up-to"):
        direction = -1 if money.precision == "at-least" else 1
        tip = y + direction * 16
        parts.append(
            f'<path class="{shape_class} rb-chart-arrow" d="M{_n(x)} {_n(y + direction * 7)}V{_n(tip)}'
            f'M{_n(x - 4)} {_n(tip - direction * 5)}L{_n(x)} {_n(tip)}L{_n(x + 4)} {_n(tip - direction * 5)}"/>'
        )
    label_y = y - 10 if point.series == "valuation" else y + 18
    parts.append(f'<text class="rb-chart-label" x="{_n(x + 8)}" y="{_n(label_y)}">{escape(money_text(money))}</text>')
    return "".join(parts)


def _divisions(top_value: Decimal) -> int:
    """Gridlines at round figures: 2 splits in 4 (0.5 each), 1, 2.5, 5 and 10 split in 5."""
    mantissa = top_value / Decimal(10) ** (len(str(int(top_value))) - 1)
    return 4 if mantissa == 2 else 5


def _axes(frame: _Frame, first_year: int, last_year: int) -> str:
    """Gridlines and year ticks as one path each, their labels in a group that aligns them: every
    profile has a chart, so its markup is kept short."""
    grid, values, ticks, years = [], [], [], []
    divisions = _divisions(frame.top_value)
    for step in range(divisions + 1):
        value = frame.top_value * step / divisions
        y = frame.y(value)
        grid.append(f"M{frame.left} {_n(y)}H{frame.width - frame.right}")
        label = compact(value, "USD") if value else "$0"
        values.append(f'<text x="{frame.left - 6}" y="{_n(y + 4)}">{escape(label)}</text>')
    for year in range(first_year, last_year + 2):
        x = frame.x(dt.date(year, 1, 1))
        if frame.left <= x <= frame.width - frame.right:
            ticks.append(f"M{_n(x)} {frame.height - frame.bottom}v5")
            years.append(f'<text x="{_n(x)}" y="{frame.height - frame.bottom + 18}">{year}</text>')
    axes = f'<path class="rb-chart-grid" d="{"".join(grid)}"/><g text-anchor="end">{"".join(values)}</g>'
    if ticks:
        axes += f'<path class="rb-chart-tick" d="{"".join(ticks)}"/><g text-anchor="middle">{"".join(years)}</g>'
    return axes


# The key to the markers, as text above the chart rather than inside it: it stays readable when
# the chart is scaled down to a phone's width, and its swatches are drawn by roundbook.css. The
# caption says the same in words, so screen readers skip it.
_KEY = (
    '<p class="rb-chart-key" aria-hidden="true"><span class="rb-key-amount">Amount raised</span> '
    '<span class="rb-key-valuation">Valuation</span> <span class="rb-key-approximate">Approximate (hollow)</span></p>'
)


def _data_table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f'<details class="rb-chart-data"><summary>{escape(caption)}</summary>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
    )


def funding_chart(organization: Organization, listed_in: str, width: int = 680, height: int = 280) -> Markup | None:
    """Amount raised and valuation over time, in dollars; None with fewer than two dated figures.

    `listed_in` is the id of the page's table of rounds, which lists every figure drawn (as reported
    and in dollars) and more: the caption sends readers there rather than repeating the figures in a
    data table of the chart's own. The caption is also the image's description for screen readers."""
    points, not_drawn = chart_points(organization)
    if len(points) < 2:
        return None
    days = [_middle(p.date) for p in points]
    frame = _Frame(width, height, min(days), max(days), _nice_max(max(_high(p.money) for p in points)))
    number = organization.slug  # ids must be unique on the page and stable for golden files
    title = f"{organization.name}: amount raised and valuation over time (US$)"
    approximate = sum(1 for p in points if p.money.precision != "exact")
    description = (
        f"{len(points)} figures from {organization.round_count} rounds, "
        f"{date_text(min((p.date for p in points), key=lambda d: d.sort_key))} to "
        f"{date_text(max((p.date for p in points), key=lambda d: d.sort_key))}. "
        + (
            f"{approximate} {plural(approximate, 'is', 'are')} not exact and drawn hollow, with an arrow or as a range. "
            if approximate
            else "All are exact. "
        )
        + (
            f"{counted(not_drawn, 'reported figure')} undisclosed or without a dollar "
            f"value {plural(not_drawn, 'is', 'are')} counted but not drawn."
            if not_drawn
            else "Every reported figure is drawn."
        )
    )
    valuations = sorted((p for p in points if p.series == "valuation"), key=lambda p: _middle(p.date))
    line = ""
    if len(valuations) >= 2:
        coordinates = " ".join(f"{_n(frame.x(_middle(p.date)))},{_n(frame.y(p.money.point))}" for p in valuations)
        line = f'<polyline class="rb-chart-valuation-line" points="{coordinates}"/>'
    svg = (
        f'<svg class="rb-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="rb-chart-{number}-title rb-chart-{number}-caption">'
        f'<title id="rb-chart-{number}-title">{escape(title)}</title>'
        f"{_axes(frame, min(days).year, max(days).year)}{line}"
        + "".join(_marker(frame, p) for p in sorted(points, key=lambda p: (_middle(p.date), p.series)))
        + "</svg>"
    )
    pointer = (
        f"Each figure is listed, as reported and in US dollars, in the "
        f'<a href="#{escape(listed_in)}">funding rounds</a> table.'
    )
    return Markup(
        f'<figure class="rb-figure">{_KEY}{svg}<figcaption id="rb-chart-{number}-caption">'
        f"{escape(description)} {pointer}</figcaption></figure>"
    )


@dataclass(frozen=True)
class Bar:
    label: str
    total: object  # model.money.Total or None
    round_count: int
    uncounted: int


def bar_chart(chart_id: str, title: str, bars: list[Bar], width: int = 680) -> Markup:
    """Horizontal bars of dollar totals; a total that leaves rounds out or adds approximate figures
    is drawn hatched and labelled "at least"; a group with nothing to add gets no bar at all."""
    row, left, right, top = 26, 150, 140, 10
    height = top + row * len(bars) + 10
    known = [b.total.value for b in bars if b.total is not None]
    top_value = _nice_max(max(known)) if known else Decimal(1)
    number = chart_id
    parts = []
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(
            f'<text class="rb-chart-axis" x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(bar.label)}</text>'
        )
        if bar.total is None:
            label = f"undisclosed ({counted(bar.round_count, 'round')})"
            parts.append(f'<text class="rb-chart-label" x="{left + 4}" y="{y + 16}">{escape(label)}</text>')
            continue
        length = max(float(bar.total.value / top_value) * (width - left - right), 2)
        partial = not bar.total.complete or bar.total.approximate
        css = "rb-chart-bar rb-chart-bar-partial" if partial else "rb-chart-bar"
        parts.append(f'<rect class="{css}" x="{left}" y="{y + 4}" width="{length:.1f}" height="{row - 8}"/>')
        label = total_text(bar.total)  # "at least" when partial, as precise as its figures
        label += f" · {counted(bar.round_count, 'round')}"
        parts.append(f'<text class="rb-chart-label" x="{left + length + 6:.1f}" y="{y + 16}">{escape(label)}</text>')
    partial_count = sum(1 for b in bars if b.total is not None and (not b.total.complete or b.total.approximate))
    undisclosed = sum(b.uncounted for b in bars)
    description = (
        f"{len(bars)} groups. Hatched bars are lower bounds: they leave out undisclosed amounts or add "
        f"approximate figures ({partial_count} of them). {undisclosed} rounds with undisclosed or unconverted "
        f"amounts are counted but not added."
    )
    svg = (
        f'<svg class="rb-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="rb-chart-{number}-title rb-chart-{number}-desc">'
        f'<title id="rb-chart-{number}-title">{escape(title)}</title>'
        f'<desc id="rb-chart-{number}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
    rows = [
        [
            b.label,
            total_text(b.total) if b.total else "undisclosed",
            str(b.round_count),
            str(b.uncounted),
        ]
        for b in bars
    ]
    table = _data_table("Chart data", ["Group", "Total (US$)", "Rounds", "Not added"], rows)
    return Markup(
        f'<figure class="rb-figure">{svg}<figcaption>{escape(title)}. {escape(description)}</figcaption>{table}</figure>'
    )
