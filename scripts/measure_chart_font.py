"""Measure the advance width of each character the charts may draw, in the site's font, with
Debian's Chromium, and print roundbook/render/text_width.py's table.

The charts place their labels by these widths (roundbook/render/text_width.py says why). Material
with `font: false` draws text in the system's sans-serif: `-apple-system, BlinkMacSystemFont,
Helvetica, Arial, sans-serif`. The widest of those that the machine has wins for each character,
so that a label measured here is never narrower than a reader's browser draws it: on Debian that
is DejaVu Sans, wider than Helvetica, Arial and San Francisco.

Usage: .venv/bin/python scripts/measure_chart_font.py   (rewrites the table in that module)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

# ASCII, Latin-1 and Latin Extended-A (most names written in Latin letters), and the punctuation
# and signs that figures and labels use.
RANGES = [(0x20, 0x7E), (0xA0, 0x17F)]
EXTRA = "–—‘’“”…·•≈→←×≥≤₩₹€™\u2009\u202f\u2212"  # thin spaces: Babel writes ranges with them
MODULE = Path(__file__).resolve().parent.parent / "roundbook" / "render" / "text_width.py"
FONTS = [
    "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif",
    "DejaVu Sans",
    "Liberation Sans",
    "Arial",
    "Helvetica",
]

MEASURE = """([characters, fonts, weight]) => {
    const context = document.createElement('canvas').getContext('2d');
    return [...characters].map(character => Math.max(...fonts.map(font => {
        context.font = `${weight} 1000px ${font}`;
        return Math.ceil(context.measureText(character).width);
    })));
}"""


def main() -> None:
    characters = "".join(chr(c) for low, high in RANGES for c in range(low, high + 1)) + EXTRA
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        widths = {weight: page.evaluate(MEASURE, [characters, FONTS, weight]) for weight in ("400", "600")}
        browser.close()
    text = MODULE.read_text(encoding="utf-8")
    text = re.sub(r"^_EXTRA: str = .*$", lambda _: f"_EXTRA: str = {EXTRA!r}", text, count=1, flags=re.M)
    for weight, name in (("400", "_REGULAR"), ("600", "_BOLD")):
        lines, line = [], ""
        for number in widths[weight]:
            if len(line) + len(str(number)) + 1 > 100:
                lines.append(f'    "{line}"')
                line = ""
            line += f"{number} "
        lines.append(f'    "{line.rstrip()}"')
        body = "\n".join(lines)
        text = re.sub(rf"^({name} = \(.*?\n).*?^\)", lambda m: f"{m.group(1)}{body}\n)", text, count=1, flags=re.M | re.S)
    MODULE.write_text(text, encoding="utf-8")
    print(f"{MODULE}: {len(widths['400'])} characters measured")


if __name__ == "__main__":
    main()
