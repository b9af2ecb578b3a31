"""Take the README's pictures of the built site with Debian's Chromium.

Usage: .venv/bin/python scripts/screenshot.py   (after `make site`)
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SHOTS = {
    "docs/pages/images/profile.png": ("companies/moonshot-ai/", "light"),
    "docs/pages/images/profile-dark.png": ("companies/moonshot-ai/#funding-over-time", "dark"),
    "docs/pages/images/timeline.png": ("timeline/2024/?country=CN", "light"),
    "docs/pages/images/companies.png": ("companies/", "light"),
    "docs/pages/images/companies-phone.png": ("companies/", "light"),
}
# The listing as a desktop (1280 px) and a phone (390 px, at one device pixel per CSS pixel, to
# keep the file small) show it; the other pictures are 1200 x 800.
SCREENS = {
    "docs/pages/images/companies.png": {"viewport": {"width": 1280, "height": 800}},
    "docs/pages/images/companies-phone.png": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
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
        for target, (url, scheme) in SHOTS.items():
            # Reduced motion: the header's title swap would otherwise be caught half-way.
            screen = SCREENS.get(target, {"viewport": {"width": 1200, "height": 800}})
            page = browser.new_page(**screen, color_scheme=scheme, reduced_motion="reduce")
            page.goto(base + url)
            page.screenshot(path=str(ROOT / target))
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
