"""What every chart's SVG shares: coordinates written short, round tops for scales, and the hatch
that marks a lower bound.

The hatch is a real <pattern>, one per chart (its id carries the chart's), so that a chart copied
out of the page keeps it. Its lines are coloured by roundbook.css through a class, like every
other mark, so they follow the light and dark themes, and they print: SVG fills are drawn, not
backgrounds that a browser leaves out of print."""

from __future__ import annotations

from decimal import Decimal


def coordinate(value: float) -> str:
    """A coordinate to a tenth of a unit, without a trailing zero: `240`, `197.6`."""
    return f"{value:.1f}".removesuffix(".0")


def nice_max(value: Decimal) -> Decimal:
    """A round top for an axis: 1, 2, 2.5 or 5 times a power of ten, at or above the value."""
    if value <= 0:
        return Decimal(1)
    exponent = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def divisions(top_value: Decimal) -> int:
    """Gridlines at round figures: 2 splits in 4 (0.5 each), 1, 2.5, 5 and 10 split in 5."""
    mantissa = top_value / Decimal(10) ** (len(str(int(top_value))) - 1)
    return 4 if mantissa == 2 else 5


def hatch_id(chart_id: str) -> str:
    return f"rb-chart-{chart_id}-hatch"


def hatch_pattern(chart_id: str) -> str:
    """Diagonal lines 4 units apart, for the bars and swatches that fill="url(#…)" with it."""
    return (
        f'<defs><pattern id="{hatch_id(chart_id)}" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line class="rb-hatch" x1="0" y1="0" x2="0" y2="4"/></pattern></defs>'
    )


def hatch_fill(chart_id: str) -> str:
    return f'fill="url(#{hatch_id(chart_id)})"'
