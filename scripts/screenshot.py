"""Take the README's pictures of the built site with Debian's Chromium.

Usage: .venv/bin/python scripts/screenshot.py [IMAGE...]   (after `make site`)

With no IMAGE it takes every picture below; else only those named (docs/pages/images/stats.png).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = {"width": 1200, "height": 800}
SHOTS = {
    "docs/pages/images/profile.png": ("companies/moonshot-ai/", "light", DESKTOP),
    "docs/pages/images/profile-dark.png": ("companies/moonshot-ai/#funding-over-time", "dark", DESKTOP),
    "docs/pages/images/timeline.png": ("timeline/2024/?country=CN", "light", DESKTOP),
    # The listing and the statistics page at the two widths the layout is checked at (issue 22).
    "docs/pages/images/companies.png": ("companies/", "light", {"width": 1280, "height": 800}),
    "docs/pages/images/companies-phone.png": ("companies/", "light", {"width": 390, "height": 844}),
    "docs/pages/images/stats.png": ("stats/#per-month", "light", {"width": 1280, "height": 900}),
    "docs/pages/images/stats-phone.png": ("stats/#largest-rounds", "light", {"width": 390, "height": 844}),
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    handler = functools.partial(QuietHandler, directory=str(ROOT / "build"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        wanted = sys.argv[1:] or list(SHOTS)
        for target, (url, scheme, viewport) in SHOTS.items():
            if target not in wanted:
                continue
            # Reduced motion: the header's title swap would otherwise be caught half-way.
            page = browser.new_page(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
            page.goto(base + url)
            page.screenshot(path=str(ROOT / target))
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
