"""Screenshots of the key pages in the light and dark themes and on a phone, for people to look at:
written to test-artifacts/screenshots/ (git-ignored; CI keeps the folder as an artifact of each
run). Each test also checks that the page is in the theme it was asked for, and that the charts
stay readable in it, which no other check sees: axe-core does not measure text drawn in SVG."""

from __future__ import annotations

import struct

import pytest

from browser_support import DESKTOP, PHONE, PHONE_CONTEXT, screenshot

pytestmark = pytest.mark.browser  # screenshots taken with Chromium

# name: the page, with the heading to scroll to (Material keeps it clear of the fixed header)
SHOTS = {
    "home": "",
    "profile": "companies/acme-robotics/",
    "profile-chart": "companies/acme-robotics/#funding-over-time",
    "companies": "companies/",
    "timeline": "timeline/2024/?country=CN",
    "stats": "stats/",
}
README_SIZE = {"width": 1200, "height": 800}  # the size of docs/pages/images/*.png


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


# The luminance of a colour as CSS gives it, composed over the page's background: WCAG 2 contrast.
CONTRAST = """([selector]) => {
    const rgba = text => text.match(/[\\d.]+/g).map(Number);
    const lum = ([r, g, b]) => {
        const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const background = rgba(getComputedStyle(document.body).backgroundColor);
    return [...document.querySelectorAll(selector)].map(element => {
        const [r, g, b, a = 1] = rgba(getComputedStyle(element).fill);
        const fill = [r, g, b].map((v, i) => v * a + background[i] * (1 - a));
        const [light, dark] = [lum(fill), lum(background)].sort((x, y) => y - x);
        return {text: element.textContent, contrast: (light + 0.05) / (dark + 0.05)};
    });
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", SHOTS)
def test_screenshot_in_each_theme(new_page, site_url, name, theme):
    page = new_page(viewport=README_SIZE, color_scheme=theme)
    page.goto(site_url + SHOTS[name])
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    assert scheme == {"light": "default", "dark": "slate"}[theme]
    # Chart text (axis labels and figures) keeps 4.5:1 against the page in either theme.
    faint = [label for label in page.evaluate(CONTRAST, ["svg.rb-chart text"]) if label["contrast"] < 4.5]
    assert not faint, f"chart text too faint in the {theme} theme: {faint}"
    path = screenshot(page, f"{name}-{theme}", full_page=False)
    assert png_size(path) == (README_SIZE["width"], README_SIZE["height"])


@pytest.mark.parametrize("name", SHOTS)
def test_screenshot_on_a_phone(new_page, site_url, name):
    page = new_page(**PHONE_CONTEXT, color_scheme="light")
    page.goto(site_url + SHOTS[name])
    path = screenshot(page, f"{name}-phone", full_page=False)
    assert png_size(path) == (
        PHONE["width"] * PHONE_CONTEXT["device_scale_factor"],
        PHONE["height"] * PHONE_CONTEXT["device_scale_factor"],
    )


def test_the_theme_toggle_switches_to_dark_and_back(new_page, site_url):
    page = new_page(viewport=DESKTOP, color_scheme="light")
    page.goto(site_url + "companies/acme-robotics/")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.get_by_title("Switch to dark mode").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", background
    page.reload()  # Material remembers the reader's choice
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.get_by_title("Switch to light mode").click()
    assert body.get_attribute("data-md-color-scheme") == "default"


# Every theme icon on screen (drawn by assets/icons.css through an icon-shaped mask) is there and
# painted in its element's own text colour, which Material's palettes keep readable.
DRAWN_ICONS = """() => [...document.querySelectorAll('svg[class^="rb-icon-"]')]
    .filter(icon => icon.getClientRects().length && getComputedStyle(icon).visibility !== 'hidden')
    .map(icon => {
        const style = getComputedStyle(icon), box = icon.getBoundingClientRect();
        return {icon: icon.getAttribute('class'), width: box.width, height: box.height,
                mask: style.maskImage.startsWith('url("data:image/svg+xml'), paint: style.backgroundColor, color: style.color};
    })"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_themes_icons_are_drawn_in_each_theme(new_page, site_url, theme):
    page = new_page(viewport=DESKTOP, color_scheme=theme)
    page.goto(site_url + "companies/acme-robotics/")
    shown = page.evaluate(DRAWN_ICONS)
    phone = new_page(**PHONE_CONTEXT, color_scheme=theme)
    phone.goto(site_url + "companies/acme-robotics/")
    phone.locator("label.md-header__button[for=__drawer]").click()  # the drawer: logo and repository
    phone.locator(".md-nav--primary .md-source").wait_for()
    shown += phone.evaluate(DRAWN_ICONS)
    names = {icon["icon"].removeprefix("rb-icon-") for icon in shown}
    toggle = {"light": "weather-night", "dark": "weather-sunny"}[theme]
    assert {"library", "menu", "magnify", toggle, "git-alt", "file-edit-outline"} <= names, names
    for icon in shown:
        assert icon["width"] >= 12 and icon["height"] >= 12 and icon["mask"], icon
        assert icon["paint"] == icon["color"] and not icon["paint"].endswith(", 0)"), icon


# The body's palette at the moment the parser reaches Material's bundle: the theme's own palette
# script (assets/theme-head.js, called in the header) must have applied the reader's choice by
# then, before anything is drawn, or a dark-mode reader sees a light page flash first.
PALETTE_BEFORE_BUNDLE = """new MutationObserver((changes, observer) => {
    for (const change of changes) for (const node of change.addedNodes)
        if (node.tagName === 'SCRIPT' && /bundle\\.[0-9a-f]+\\.min\\.js/.test(node.src)) {
            window.__schemeBeforeBundle = document.body.getAttribute('data-md-color-scheme');
            observer.disconnect();
        }
}).observe(document, {childList: true, subtree: true})"""


def test_the_chosen_palette_is_applied_before_the_page_is_drawn(new_page, site_url):
    page = new_page(viewport=DESKTOP, color_scheme="light")
    page.add_init_script(PALETTE_BEFORE_BUNDLE)
    page.goto(site_url + "companies/acme-robotics/")
    assert page.evaluate("window.__schemeBeforeBundle") == "default"
    page.get_by_title("Switch to dark mode").click()
    page.reload()
    assert page.evaluate("window.__schemeBeforeBundle") == "slate"
