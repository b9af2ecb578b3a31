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
from roundbook.render.svg import coordinate as _n
from roundbook.render.svg import divisions, nice_max
from roundbook.schema.values import PartialDate
from roundbook.text import compact, counted, date_range_text, money_text, plural


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


def _known(figure: Decimal | None) -> Decimal:
    """A figure of a drawn point: chart_points keeps only disclosed ones, and validation gives a
    disclosed figure its value, or a range its min and max."""
    assert figure is not None
    return figure


def _high(money: Money) -> Decimal:
    return _known(money.max if money.precision == "range" else money.value)


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


def _marker(frame: _Frame, point: Point) -> str:
    money, x = point.money, frame.x(_middle(point.date))
    shape_class = f"rb-chart-{point.series}" + (
        "" if money.precision == "exact" else f" rb-precision-{money.precision}"
    )
    parts = []
    if money.precision == "range":
        y_low, y_high = frame.y(_known(money.min)), frame.y(_known(money.max))
        parts.append(
            f'<line class="{shape_class} rb-chart-range" x1="{_n(x)}" y1="{_n(y_low)}" x2="{_n(x)}" y2="{_n(y_high)}"/>'
        )
        y = (y_low + y_high) / 2
    else:
        y = frame.y(_known(money.value))
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


def _axes(frame: _Frame, first_year: int, last_year: int) -> str:
    """Gridlines and year ticks as one path each, their labels in a group that aligns them: every
    profile has a chart, so its markup is kept short."""
    grid, values, ticks, years = [], [], [], []
    splits = divisions(frame.top_value)
    for step in range(splits + 1):
        value = frame.top_value * step / splits
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


def funding_chart(organization: Organization, listed_in: str, width: int = 680, height: int = 280) -> Markup | None:
    """Amount raised and valuation over time, in dollars; None with fewer than two dated figures.

    `listed_in` is the id of the page's table of rounds, which lists every figure drawn (as reported
    and in dollars) and more: the caption sends readers there rather than repeating the figures in a
    data table of the chart's own. The caption is also the image's description for screen readers."""
    points, not_drawn = chart_points(organization)
    if len(points) < 2:
        return None
    days = [_middle(p.date) for p in points]
    frame = _Frame(width, height, min(days), max(days), nice_max(max(_high(p.money) for p in points)))
    number = organization.slug  # ids must be unique on the page and stable for golden files
    title = f"{organization.name}: amount raised and valuation over time (US$)"
    approximate = sum(1 for p in points if p.money.precision != "exact")
    dates = [p.date for p in points]
    description = (
        f"{counted(len(points), 'figure')} from {counted(organization.round_count, 'round')}, "
        f"{date_range_text(min(dates, key=lambda d: d.sort_key), max(dates, key=lambda d: d.sort_key))}. "
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
        coordinates = " ".join(
            f"{_n(frame.x(_middle(p.date)))},{_n(frame.y(_known(p.money.point)))}" for p in valuations
        )
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
