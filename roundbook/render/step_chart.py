"""The stats page's chart of valuation steps: how each company's valuation moved from one valued
round to its next, on a logarithmic dollar scale, so that a doubling is as long at $100M as at
$10B. roundbook/model/valuation_steps.py says which rounds make a step and how it is measured."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from decimal import Decimal

from roundbook.model.records import Round
from roundbook.model.valuation_steps import ValuationStep
from roundbook.render.stat_charts import (
    BAR,
    FONT,
    GAP,
    INSET,
    LINE,
    WIDTH,
    Chart,
    chart_key,
    chart_svg,
    chart_text,
    row_labels,
)
from roundbook.render.svg import coordinate as _n
from roundbook.render.text_width import text_width
from roundbook.schema.values import PartialDate
from roundbook.text import compact, counted, date_range_text, money_text, multiple_text, plural


def _reported_basis(funding_round: Round) -> str:
    return funding_round.valuation.basis or "" if funding_round.valuation else ""


def step_note(step: ValuationStep) -> str:
    """What a reader should know before comparing a step's two figures."""
    notes = [
        f"{_reported_basis(step.before)} to {_reported_basis(step.after)}" if step.bases_differ else "",
        "" if step.same_currency else "in US dollars, at each round's rate",
        f"{counted(step.unvalued_between, 'round')} between without a valuation" if step.unvalued_between else "",
    ]
    return "; ".join(note for note in notes if note)


def step_multiple(step: ValuationStep) -> str:
    return multiple_text(step.multiple, step.exact)


def _month(date: PartialDate) -> PartialDate:
    """A date no more precise than its month: enough to tell a company's rounds apart in a label."""
    return PartialDate(date.year, date.month)


def _log_ticks(low: float, high: float) -> list[float]:
    """Round figures for a logarithmic scale from `low` to `high`: 1, 2 and 5 times powers of ten,
    from the one at or below `low` to the one at or above `high`, and at least two of them."""
    powers = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 2)
    candidates = [step * 10.0**power for power in powers for step in (1, 2, 5)]
    first = max(tick for tick in candidates if tick <= low)
    last = min(tick for tick in candidates if tick >= high and tick > first)
    return [tick for tick in candidates if first <= tick <= last]


def _step_marks(step: ValuationStep, y: float, position: Callable[[Decimal | None], float]) -> str:
    """A step's track: a line from the earlier valuation (a small dot) to the later (a large one),
    blue when it rose, orange when it fell; a figure that is not exact is a hollow dot."""
    before, after = position(step.before_usd.point), position(step.after_usd.point)
    direction = "rb-step-down" if step.multiple < 1 else "rb-step-up"
    middle = y + BAR / 2
    parts = [f'<line class="{direction}" x1="{_n(before)}" y1="{_n(middle)}" x2="{_n(after)}" y2="{_n(middle)}"/>']
    for money, radius, where in ((step.before_usd, 3, before), (step.after_usd, 4.5, after)):
        css = direction + ("" if money.precision == "exact" else " rb-step-inexact")
        parts.append(f'<circle class="{css}" cx="{_n(where)}" cy="{_n(middle)}" r="{radius}"/>')
    return "".join(parts)


def steps_chart(chart_id: str, title: str, shown: list[ValuationStep], every: list[ValuationStep]) -> Chart:
    """Valuation steps between a company's consecutive valued rounds, `shown` of `every` one, on a
    logarithmic dollar scale: a doubling is as long at $100M as at $10B."""
    values = [float(money.point or 0) for step in shown for money in (step.before_usd, step.after_usd)]
    ticks = _log_ticks(min(values, default=1.0), max(values, default=10.0))
    low, high = math.log10(ticks[0]), math.log10(ticks[-1])
    pad = 6  # the large dot's radius, and a little more, at either end

    def position(value: Decimal | float | None) -> float:
        return pad + (math.log10(float(value or 1)) - low) / (high - low) * (WIDTH - 2 * pad)

    kinds = [
        *(["up"] if any(step.multiple >= 1 for step in shown) else []),
        *(["down"] if any(step.multiple < 1 for step in shown) else []),
        *(["hollow"] if any(not step.exact for step in shown) else []),
    ]
    body, y = chart_key(chart_id, kinds)
    parts, grid = [body], list[str]()
    for step in shown:
        value = (
            f"{money_text(step.before_usd)} → {money_text(step.after_usd)} · {multiple_text(step.multiple, step.exact)}"
        )
        # When, not which stages, in the chart: the table names the rounds.
        span = date_range_text(_month(step.before.announced), _month(step.after.announced))
        text, y = row_labels(f"{step.company.name}, {span}", value, y)
        parts.append(text)
        grid.extend(f"M{_n(position(tick))} {_n(y)}v{BAR}" for tick in ticks)
        parts.append(_step_marks(step, y, position))
        y += BAR + GAP
    parts.insert(1, f'<path class="rb-chart-grid" d="{"".join(grid)}"/>')
    last_end = -float(GAP)
    for tick in ticks:
        label = compact(Decimal(tick), "USD")
        width = text_width(label, FONT)
        x = min(max(position(tick), INSET + width / 2), WIDTH - INSET - width / 2)
        if x - width / 2 >= last_end + GAP:
            parts.append(chart_text(x, y + LINE - 3, label, anchor="middle"))
            last_end = x + width / 2
    companies = len({step.company.slug for step in every})
    rose = sum(1 for step in every if step.multiple > 1)
    fell = sum(1 for step in every if step.multiple < 1)
    level = len(every) - rose - fell
    inexact = sum(1 for step in every if not step.exact)
    mixed = sum(1 for step in every if step.bases_differ)
    skipping = sum(1 for step in every if step.unvalued_between)
    median = statistics.median(step.multiple for step in every) if every else None
    sentences = [
        f"{counted(len(every), 'step')} between consecutive valued rounds of "
        f"{counted(companies, 'company', 'companies')}: {rose} up, {fell} down"
        + (f", {level} level" if level else "")
        + (f"; the median step is {multiple_text(median, inexact == 0)}." if median is not None else "."),
        f"{counted(inexact, 'step')} {plural(inexact, 'uses', 'use')} a figure that is not exact (a hollow dot, "
        "and a multiple marked ~)."
        if inexact
        else "",
        f"{counted(mixed, 'step')} {plural(mixed, 'compares', 'compare')} a pre-money valuation with a post-money one."
        if mixed
        else "",
        f"{counted(skipping, 'step')} {plural(skipping, 'passes', 'pass')} over rounds that report no valuation."
        if skipping
        else "",
        ("Drawn" if len(shown) == len(every) else f"Drawn: the {counted(len(shown), 'step')} to the highest valuations")
        + " on a logarithmic scale, so that equal multiples are equal lengths. A step between figures in one "
        "currency is measured in it, so that exchange rates do not move it.",
    ]
    caption = " ".join(sentence for sentence in sentences if sentence)
    return Chart(chart_id, chart_svg(chart_id, title, y + LINE + 4, "".join(parts)), caption)
