"""The stats page's charts, as SVG made at build time: each titled, described by its visible
caption for screen readers, with its figures in a table beside it (written by the template).

Every chart is narrow (WIDTH units) with its labels above the bars, so that its text stays
readable on a phone, where a wide chart shrinks it, and every label is measured (text_width) and
wrapped to fit, never clipped. Figures are drawn by how precise they are, and the key says so:
a solid bar is exact, a pale one approximate, a hatched one a reported minimum ("at least");
amounts that cannot be added (undisclosed, "up to", no dollar rate) are counted in the caption and
the table, never drawn as zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from roundbook.model.money import Money
from roundbook.model.records import Round
from roundbook.model.stats import Leader, Month, Sum
from roundbook.render.svg import coordinate as _n
from roundbook.render.svg import divisions, hatch_fill, hatch_pattern, nice_max
from roundbook.render.text_width import text_width, wrap
from roundbook.schema.stages import stage_short_label
from roundbook.text import bound_text, compact, counted, date_range_text, money_text, plural

WIDTH = 360  # the viewBox's width; roundbook.css shows it at most 24rem wide
FONT = 12  # the size roundbook.css gives `.rb-stat-chart text`
LINE = 15  # a line of text
BAR = 10  # a money bar's thickness
COUNT_BAR = 5  # a count bar's, thinner: it is read against the money bar under it
GAP = 8  # between a label and its figures, and between rows
# Text keeps this far from the chart's edges: a glyph's ink may reach past its advance (the hook
# of a J at the start of a line, a bold figure's last stroke), and the SVG clips what does.
INSET = 2
SWATCH = 10
PLOT = 120  # the height of the month chart's plot


def stage_name(stage: str) -> str:
    """A stage as the charts and their tables name it: the schema's short label ("Venture
    (undisclosed)" where profiles say "Venture, stage not disclosed")."""
    return stage_short_label(stage)


@dataclass(frozen=True)
class Chart:
    """A chart for a template: its SVG and its caption, which the SVG names as its description."""

    id: str
    svg: Markup
    caption: str

    @property
    def caption_id(self) -> str:
        return f"rb-chart-{self.id}-caption"


@dataclass(frozen=True)
class StatRow:
    """A group of rounds as the page shows it: its name, what its amounts add up to, and what the
    name links to in the data table (a year's timeline, a country, a sector; None for none)."""

    label: str
    sum: Sum
    target: object | None = None


@dataclass(frozen=True)
class _Row:
    """One row of a bar chart: a label, its figures as text, and what is drawn under them."""

    label: str
    value: str
    money: Sum | None = None  # drawn as segments on the chart's dollar scale
    count: int | None = None  # drawn as a thin bar on the chart's count scale


# Each part of a sum, drawn as a segment: its class, and whether the hatch fills it.
_SEGMENTS = (
    ("exact", "rb-bar", False),
    ("approximate", "rb-bar rb-bar-approximate", False),
    ("minimum", "rb-bar-minimum", True),
)
_KEY = {
    "exact": "Exact",
    "approximate": "Approximate (~)",
    "minimum": "At least: a reported minimum",
    "count": "Number of rounds",
    "line": "Number of rounds (line, right scale)",
    "up": "Valuation rose (small dot: the earlier round)",
    "down": "Valuation fell",
    "hollow": "Hollow: not exact",
}


def chart_text(x: float, y: float, text: str, css: str = "", anchor: str = "start") -> str:
    attributes = f' class="{css}"' if css else ""
    attributes += f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text{attributes} x="{_n(x)}" y="{_n(y)}">{escape(text)}</text>'


def _swatch(chart_id: str, kind: str, x: float, y: float) -> str:
    box = f'x="{_n(x)}" y="{_n(y)}" width="{SWATCH}" height="{SWATCH}"'
    middle = y + SWATCH / 2
    if kind == "line":
        return f'<line class="rb-count-line" x1="{_n(x)}" y1="{_n(middle)}" x2="{_n(x + SWATCH)}" y2="{_n(middle)}"/>'
    if kind in ("up", "down", "hollow"):
        css = {"up": "rb-step-up", "down": "rb-step-down", "hollow": "rb-step-up rb-step-inexact"}[kind]
        return f'<circle class="{css}" cx="{_n(x + SWATCH / 2)}" cy="{_n(middle)}" r="4"/>'
    css, hatched = {"count": ("rb-bar-count", False)}.get(kind) or next((c, h) for k, c, h in _SEGMENTS if k == kind)
    return f'<rect class="{css}"{" " + hatch_fill(chart_id) if hatched else ""} {box}/>'


def chart_key(chart_id: str, kinds: Iterable[str]) -> tuple[str, float]:
    """The key above a chart, only what it draws, its entries flowing onto as many lines as they
    need; returns the markup and the height it takes."""
    parts, x, y = [], 0.0, 0.0
    for kind in kinds:
        width = SWATCH + 4 + text_width(_KEY[kind], FONT)
        if x and x + width > WIDTH - INSET:
            x, y = 0.0, y + LINE
        parts.append(_swatch(chart_id, kind, x, y + 2) + chart_text(x + SWATCH + 4, y + LINE - 3, _KEY[kind]))
        x += width + 14
    return "".join(parts), (y + LINE + GAP if parts else 0.0)


def _kinds(sums: Iterable[Sum]) -> list[str]:
    present = set()
    for total in sums:
        present |= {kind for kind, _, _ in _SEGMENTS if getattr(total, kind) > 0}
    return [kind for kind, _, _ in _SEGMENTS if kind in present]


def chart_svg(chart_id: str, title: str, height: float, body: str) -> Markup:
    return Markup(
        f'<svg class="rb-chart rb-stat-chart" viewBox="0 0 {WIDTH} {_n(height)}" role="img" '
        f'aria-labelledby="rb-chart-{chart_id}-title rb-chart-{chart_id}-caption">'
        f'<title id="rb-chart-{chart_id}-title">{escape(title)}</title>{hatch_pattern(chart_id)}{body}</svg>'
    )


def _segments(chart_id: str, total: Sum, scale: float, x: float, y: float) -> str:
    """A sum's bar from `x`, its exact, approximate and minimum parts end to end; `scale` is
    units per dollar. A part too small to see is drawn a unit long, so it is not lost."""
    parts = []
    for kind, css, hatched in _SEGMENTS:
        value = getattr(total, kind)
        if value <= 0:
            continue
        length = max(float(value) * scale, 1.0)
        fill = " " + hatch_fill(chart_id) if hatched else ""
        parts.append(f'<rect class="{css}"{fill} x="{_n(x)}" y="{_n(y)}" width="{_n(length)}" height="{BAR}"/>')
        x += length
    return "".join(parts)


def row_labels(label: str, value: str, y: float) -> tuple[str, float]:
    """A row's label at the left and its figures at the right, from `y`: the label wrapped to the
    room the figures leave it, or, when they leave it less than a third of the width, above them.
    Returns the markup and where the row's drawing starts."""
    room = WIDTH - 2 * INSET - text_width(value, FONT, bold=True) - GAP
    beside = room >= WIDTH / 3
    lines = wrap(label, room if beside else WIDTH - 2 * INSET, FONT)
    value_line = 1 if beside else len(lines) + 1
    parts = [chart_text(INSET, y + LINE * (index + 1) - 3, line) for index, line in enumerate(lines)]
    parts.append(chart_text(WIDTH - INSET, y + LINE * value_line - 3, value, "rb-chart-label", "end"))
    return "".join(parts), y + LINE * max(len(lines), value_line) + 1


def _row_chart(chart_id: str, title: str, caption: str, rows: list[_Row], key: list[str]) -> Chart:
    body, y = chart_key(chart_id, key)
    sums = [row.money for row in rows if row.money is not None]
    top_money = max((float(total.value) for total in sums), default=0.0) or 1.0
    top_count = max((row.count for row in rows if row.count is not None), default=0) or 1
    parts = [body]
    for row in rows:
        text, y = row_labels(row.label, row.value, y)
        parts.append(text)
        if row.count is not None:
            length = max(row.count / top_count * WIDTH, 1.0)
            parts.append(f'<rect class="rb-bar-count" x="0" y="{_n(y)}" width="{_n(length)}" height="{COUNT_BAR}"/>')
            y += COUNT_BAR + 2
        if row.money is not None and row.money.added:
            parts.append(_segments(chart_id, row.money, WIDTH / top_money, 0, y))
            y += BAR
        y += GAP
    return Chart(chart_id, chart_svg(chart_id, title, y, "".join(parts)), caption)


def sum_sentence(total: Sum) -> str:
    """What a chart's amounts are made of, counted: what is added, how precise, and what is not, and why."""
    if not total.rounds:
        return ""
    added = ", ".join(
        f"{count} {word}"
        for count, word in (
            (total.exact_count, "exact"),
            (total.approximate_count, "approximate"),
            (total.minimum_count, "a reported minimum" if total.minimum_count == 1 else "reported minimums"),
        )
        if count
    )
    missing = ", ".join(
        f"{count} {word}"
        for count, word in (
            (total.undisclosed, "undisclosed"),
            (total.up_to, "reported only as “up to”"),
            (total.unconverted, "without a dollar rate"),
        )
        if count
    )
    if not total.added:
        if total.rounds == 1:
            return f"Its amount cannot be added: {missing}."
        return f"None of the {total.rounds} amounts can be added: {missing}."
    if not total.not_added:
        if total.exact_count == total.added:
            return "All amounts are exact and added." if total.added > 1 else "The amount is exact and added."
        return f"Every amount is added: {added}."
    return (
        f"Of {counted(total.rounds, 'amount')}, {total.added} {plural(total.added, 'is', 'are')} added "
        f"({added}) and {total.not_added} {plural(total.not_added, 'is', 'are')} not ({missing})."
    )


def _sum_of(totals: Iterable[Sum]) -> Sum:
    whole = Sum()
    for total in totals:
        whole = whole + total
    return whole


def sum_value(total: Sum) -> str:
    """A sum as a chart writes it beside its bar: `at least ~$9.25B`, or why there is none."""
    if not total.added:
        return "amount not known" if total.rounds == 1 else "amounts not known"
    return bound_text(total.value, total.lower_bound, total.is_approximate, total.terms)


def part_value(value: Decimal, terms: tuple[Money, ...], approximate: bool = False) -> str:
    """One part of a sum for a data table: `$1.17B`, `~$300M`, or nothing for none."""
    return bound_text(value, False, approximate, terms) if value else ""


def not_added_text(total: Sum) -> str:
    """Why a group's amounts that are not added are not: `2 undisclosed, 1 “up to”`, or `none`."""
    reasons = ((total.undisclosed, "undisclosed"), (total.up_to, "“up to”"), (total.unconverted, "no dollar rate"))
    return ", ".join(f"{count} {reason}" for count, reason in reasons if count) or "none"


def money_chart(chart_id: str, title: str, rows: list[StatRow], note: str = "") -> Chart:
    """A bar for each group's money, with its count of rounds in the figures."""
    whole = _sum_of(row.sum for row in rows)
    chart_rows = [
        _Row(row.label, f"{sum_value(row.sum)} · {counted(row.sum.rounds, 'round')}", money=row.sum) for row in rows
    ]
    caption = " ".join(part for part in (sum_sentence(whole), note) if part)
    return _row_chart(chart_id, title, caption, chart_rows, _kinds(row.sum for row in rows))


def sector_chart(chart_id: str, title: str, rows: list[StatRow], without_sector: int) -> Chart:
    """Money by sector, which overlap: a company in two sectors counts in both."""
    note = "A company in several sectors counts in each, so the sectors overlap and do not add up to the whole."
    if without_sector:
        note += f" {counted(without_sector, 'round')} of companies with no sector {plural(without_sector, 'is', 'are')} in none."
    return money_chart(chart_id, title, rows, note)


def stage_chart(chart_id: str, title: str, rows: list[StatRow]) -> Chart:
    """Rounds and money by stage: a thin bar counts the rounds, the one under it adds their money."""
    whole = _sum_of(row.sum for row in rows)
    chart_rows = [
        _Row(
            row.label,
            f"{counted(row.sum.rounds, 'round')} · {sum_value(row.sum)}",
            money=row.sum,
            count=row.sum.rounds,
        )
        for row in rows
    ]
    caption = f"{counted(len(rows), 'stage')}, in the order rounds come in. {sum_sentence(whole)}"
    return _row_chart(chart_id, title, caption, chart_rows, ["count", *_kinds(row.sum for row in rows)])


def largest_chart(chart_id: str, title: str, rounds: list[Round]) -> Chart:
    """The largest rounds by their amount in dollars, each drawn as precisely as it was reported."""
    sums = [Sum.of([funding_round]) for funding_round in rounds]
    chart_rows = [
        _Row(
            f"{funding_round.company.name}, {stage_name(funding_round.stage)}",
            money_text(funding_round.amount_usd),
            money=total,
        )
        for funding_round, total in zip(rounds, sums, strict=True)
    ]
    whole = _sum_of(sums)
    caption = (
        f"The {counted(len(rounds), 'round')} with the largest amounts in US dollars; a range is ranked by "
        f"its middle and drawn to its low end. {sum_sentence(whole)}"
    )
    return _row_chart(chart_id, title, caption, chart_rows, _kinds(sums))


def leads_chart(chart_id: str, title: str, leaders: list[Leader]) -> Chart:
    """The investors that led the most rounds: a bar counts the rounds each led."""
    chart_rows = [
        _Row(
            leader.investor.name,
            f"{counted(len(leader.rounds), 'round')} led · {sum_value(leader.sum)}",
            count=len(leader.rounds),
        )
        for leader in leaders
    ]
    whole = _sum_of(leader.sum for leader in leaders)
    caption = (
        f"The {counted(len(leaders), 'investor')} that led the most rounds, by the number of rounds led. The money "
        f"is what those rounds raised from all their investors, not the lead's own share, which is rarely "
        f"reported. {sum_sentence(whole)}"
    )
    return _row_chart(chart_id, title, caption, chart_rows, ["count"])


def month_chart(chart_id: str, title: str, months: list[Month], dated_by_year_only: int) -> Chart:
    """A column for each month's money, and a line that counts its rounds on a scale of its own."""
    sums = [month.bucket.sum for month in months]
    body, top = chart_key(chart_id, [*_kinds(sums), "line"])
    steps = divisions(nice_max(max((total.value for total in sums), default=Decimal(0))))
    top_money = nice_max(max((total.value for total in sums), default=Decimal(0)))
    top_count = max(-(-max((total.rounds for total in sums), default=0) // steps) * steps, steps)
    money_labels = [compact(top_money * step / steps, "USD") if step else "$0" for step in range(steps + 1)]
    count_labels = [str(top_count * step // steps) for step in range(steps + 1)]
    left = INSET + max(text_width(label, FONT) for label in money_labels) + 4
    right = 4 + max(text_width(label, FONT) for label in count_labels) + INSET
    plot_bottom = top + FONT / 2 + PLOT  # half a line above the plot for its top label
    slot = (WIDTH - left - right) / max(len(months), 1)

    parts = [body]
    grid = []
    for step in range(steps + 1):
        y = plot_bottom - PLOT * step / steps
        grid.append(f"M{_n(left)} {_n(y)}H{_n(WIDTH - right)}")
        parts.append(chart_text(left - 4, y + 4, money_labels[step], anchor="end"))
        parts.append(chart_text(WIDTH - right + 4, y + 4, count_labels[step]))
    parts.insert(1, f'<path class="rb-chart-grid" d="{"".join(grid)}"/>')
    column = max(slot * 0.7, 1.0)
    points = []
    last_label_end = 0.0
    for index, (month, total) in enumerate(zip(months, sums, strict=True)):
        x = left + slot * index
        base = 0.0
        for kind, css, hatched in _SEGMENTS:
            value = float(getattr(total, kind))
            if value <= 0:
                continue
            height = max(value / float(top_money) * PLOT, 1.0)
            fill = " " + hatch_fill(chart_id) if hatched else ""
            parts.append(
                f'<rect class="{css}"{fill} x="{_n(x + (slot - column) / 2)}" y="{_n(plot_bottom - base - height)}" '
                f'width="{_n(column)}" height="{_n(height)}"/>'
            )
            base += height
        points.append((x + slot / 2, plot_bottom - total.rounds / top_count * PLOT))
        # A year's label under its January, and under the first month; left out where it would
        # run into the one before or out of the chart.
        if index == 0 or month.date.month == 1:
            label = str(month.date.year)
            if x >= last_label_end and x + text_width(label, FONT) <= WIDTH - INSET:
                parts.append(chart_text(x, plot_bottom + LINE, label))
                last_label_end = x + text_width(label, FONT) + 6
    coordinates = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    parts.append(f'<polyline class="rb-count-line" points="{coordinates}"/>')
    if len(points) <= 24:  # a dot on each month while they stay apart
        parts.extend(f'<circle class="rb-count-dot" cx="{_n(x)}" cy="{_n(y)}" r="2"/>' for x, y in points)
    whole = _sum_of(sums)
    span = f"{counted(len(months), 'month')}, {date_range_text(months[0].date, months[-1].date)}" if months else ""
    left_out = (
        f" {counted(dated_by_year_only, 'round')} dated only by the year {plural(dated_by_year_only, 'is', 'are')} "
        "left out."
        if dated_by_year_only
        else ""
    )
    caption = (
        f"{span}. Each column adds a month's amounts; the line counts its rounds, whatever their amounts. "
        f"{sum_sentence(whole)}{left_out}"
    )
    return Chart(chart_id, chart_svg(chart_id, title, plot_bottom + LINE + 4, "".join(parts)), caption)
