"""The injection corpus: a project whose every text field carries a hostile payload.

tests/corpus/injection/payloads.txt lists the payloads, one a line; the templates beside it are
content files with `$p` wherever the format has a text field. For each payload this writes a
company, a person, a round and a sector (number n, slug hostile-n) into a copy of the fixture
dataset, a hand-written page and a home text holding every payload as raw Markdown and markup in
their front matter, a page titled by a heading of escaped markup, an image beside the pages, and
the currency-rate table with as many payloads as its fields hold. Everything here is fictional.
"""

from __future__ import annotations

import json
from pathlib import Path
from string import Template

from conftest import make_project

INJECTION = Path(__file__).resolve().parent / "corpus" / "injection"
PAYLOADS = (INJECTION / "payloads.txt").read_text(encoding="utf-8").splitlines()
# Markdown fields must also keep their formatting: this follows each payload in descriptions.
FORMATTING = (
    "\n\n*kept emphasis* and [a kept link](https://example.org/kept)\n\n- first kept item\n- second kept item\n"
)


def template(name: str) -> Template:
    return Template((INJECTION / name).read_text(encoding="utf-8"))


def as_yaml(text: str) -> str:
    """A JSON string is a YAML double-quoted scalar: the payload arrives exactly as written."""
    return json.dumps(text, ensure_ascii=False)


def fill(name: str, n: int, payload: str) -> str:
    return template(name).substitute(
        n=n, p=as_yaml(payload), p_other=as_yaml(payload + " (other)"), p_markdown=as_yaml(payload + FORMATTING)
    )


def joined_within(limit: int) -> str:
    """As many payloads as fit in a field of `limit` characters, one after the other."""
    text = ""
    for payload in PAYLOADS:
        if len(text) + len(payload) + 1 > limit:
            break
        text = f"{text} {payload}".strip()
    return text


def write_injection_project(target: Path) -> Path:
    project = make_project(target)
    content = project / "content"
    sectors = (content / "reference/sectors.yml").read_text(encoding="utf-8")
    for n, payload in enumerate(PAYLOADS, start=1):
        (content / f"companies/hostile-{n}.yml").write_text(fill("organization.yml", n, payload), encoding="utf-8")
        (content / f"people/hostile-person-{n}.yml").write_text(fill("person.yml", n, payload), encoding="utf-8")
        (content / f"rounds/hostile-{n}").mkdir()
        (content / f"rounds/hostile-{n}/2024-03-hostile.yml").write_text(
            fill("round.yml", n, payload), encoding="utf-8"
        )
        sectors += fill("sector.yml", n, payload).split("\n", 1)[1]
    (content / "reference/sectors.yml").write_text(sectors, encoding="utf-8")
    rates = template("currency-rates.yml").template
    for field, limit in (("title", 300), ("publisher", 120), ("quote", 600), ("method", 1000)):
        rates = rates.replace(f"{field}: $p", f"{field}: {as_yaml(joined_within(limit))}")
    (content / "reference/currency-rates.yml").write_text(rates, encoding="utf-8")
    raw = "\n\n".join(PAYLOADS)
    (content / "pages/about.md").write_text(
        front_matter() + f"# About\n\n{raw}\n\n![A picture](../images/plain.png)\n", encoding="utf-8"
    )
    (content / "home.md").write_text(front_matter() + raw + "\n", encoding="utf-8")
    # A page whose title is its first heading (the nav names it without a title): MkDocs strips the
    # heading's tags but keeps its character references, which Material's striptags then unescaped.
    (content / "pages/heading.md").write_text(
        "\n\n".join(f"{'#' if n == 0 else '##'} {escaped}" for n, escaped in enumerate(ESCAPED_HEADINGS)) + "\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - About: about.md\n", "  - About: about.md\n  - heading.md\n"),
        encoding="utf-8",
    )
    (content / "pages/images").mkdir()
    (content / "pages/images/plain.png").write_bytes(PNG)
    return project


# Front matter is printed by the theme in <title>, <meta name="description">, the header and the
# search index: each payload that fits its field, one per page.
TITLE = "</title><script>window.__pwned=41;alert(41)</script>"
DESCRIPTION = '"><script>window.__pwned=42;alert(42)</script><meta x="'
ESCAPED_HEADINGS = [
    "&lt;/title&gt;&lt;script&gt;window.__pwned=43;alert(43)&lt;/script&gt;",
    "&lt;/a&gt;&lt;img src=x onerror=window.__pwned=44&gt;",
    "&#60;/title&#62;&#60;img src=x onerror=window.__pwned=45&#62;",
]
# The smallest PNG there is: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
    "c0f01f0005000201e5273ede0000000049454e44ae426082"
)


def front_matter() -> str:
    return f"---\ntitle: {as_yaml(TITLE)}\ndescription: {as_yaml(DESCRIPTION)}\n---\n"
