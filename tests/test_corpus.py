"""The corpus of bad input: every case under tests/corpus/errors/ gets exactly its expected report.

A case is a folder: `content/` holds the files it adds to the fixture dataset (fictional, like
it), `expected.txt` what `roundbook validate` prints, to the byte. Cases too big to commit (a
10 MB file, deep nesting) are written here at run time instead. A case whose expected report
ends in "no problems." must pass; every other must fail with exit status 1.
ROUNDBOOK_UPDATE_GOLDENS=1 rewrites the expected reports; review the diff before committing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURE_CONTENT, UPDATE_GOLDENS, rendered_pages
from roundbook.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
ERRORS = CORPUS / "errors"

COMPANY = b"""\
name: Generated
kind: startup
summary: A fictional company for a test.
sources: [{id: s, url: "https://news.example/x", publisher: Example News}]
"""

# Written by the test: too big to commit, or pointless to.
GENERATED = {
    "file-10mb": {"companies/huge.yml": lambda: COMPANY + b"# padding\n" * (1024 * 1024)},
    "deep-nesting": {"companies/deep.yml": lambda: COMPANY + b"aliases: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"},
    "too-many-items": {
        "companies/many.yml": lambda: COMPANY + b"aliases: [" + b", ".join(b"a%d" % i for i in range(10_000)) + b"]\n"
    },
    "value-too-long": {"companies/long.yml": lambda: COMPANY + b"description: " + b"x" * 200_000 + b"\n"},
    # Markdown that cost Python-Markdown a minute (unclosed brackets) or crashed it (deep nesting).
    "markdown-pathological": {
        "companies/brackets.yml": lambda: COMPANY + b"description: '" + b"[" * 19_999 + b"'\n",
        "companies/nested.yml": lambda: (
            COMPANY + b"description: |\n" + b"".join(b"  " + b"    " * depth + b"- item\n" for depth in range(30))
        ),
        "pages/brackets.md": lambda: b"# Brackets\n\n" + b"[a](" * 5_000 + b"\n\n" + b"<a " * 5_000 + b"\n",
        "pages/nested.md": lambda: b"# Nested\n\n" + b"> " * 500 + b"quote\n\n" + b'<div markdown="1">\n' * 1_000,
    },
    "page-too-large": {"pages/huge.md": lambda: b"# Huge\n\n" + b"Words and more words.\n" * 20_000},
    "image-too-large": {"pages/images/huge.png": lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 6_000_000},
    # A file name can hold a control character: it must not reach the terminal as one.
    "file-name-control-character": {"companies/\x1b[2J.yml": lambda: COMPANY},
    # More digits than Python reads as an integer (4,300), so YAML's number is a float: infinity.
    "amount-long-integer": {
        "rounds/acme-robotics/2024-03-long.yml": lambda: (
            b"announced: 2024-03\nstage: seed\n"
            b"amount: {value: " + b"9" * 4_500 + b", currency: USD}\n"
            b'sources: [{id: s, url: "https://news.example/x", publisher: Example News}]\n'
        )
    },
}

CASES = sorted(path.name for path in ERRORS.iterdir() if path.is_dir())


def test_every_case_has_its_input_and_its_expected_report():
    for case in CASES:
        assert (ERRORS / case / "content").is_dir() != (case in GENERATED), case
        assert (ERRORS / case / "expected.txt").is_file() or UPDATE_GOLDENS, case
    assert set(GENERATED) <= set(CASES)


def add_case(content: Path, case: str) -> None:
    """Write the files of a corpus case into a copy of the fixture content."""
    if case in GENERATED:
        for relative, make in GENERATED[case].items():
            (content / relative).parent.mkdir(parents=True, exist_ok=True)
            (content / relative).write_bytes(make())
    else:
        shutil.copytree(ERRORS / case / "content", content, dirs_exist_ok=True)


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    add_case(content, case)
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    expected_file = ERRORS / case / "expected.txt"
    if UPDATE_GOLDENS:
        expected_file.write_text(result.output, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.output == expected
    assert result.exit_code == (0 if expected.endswith("no problems.\n") else 1)


# --- Injection: every text field of the format, every payload, rendered inert -------------------

from html.parser import HTMLParser  # noqa: E402

from injection import FORMATTING, INJECTION, PAYLOADS, fill  # noqa: E402
from roundbook.load.yaml_nodes import Mapping, Scalar, Sequence, read_yaml  # noqa: E402
from roundbook.problems import Problems  # noqa: E402
from roundbook.schema.fields import ListType, LiteralOr, MapType, ObjectType, TextType  # noqa: E402
from roundbook.schema.kinds import KINDS  # noqa: E402

# What the payloads do when they run, or where they lead.
MARKERS = ("__pwned", "evil.example", "alert(")


def text_fields(field_type, path: str) -> set[str]:
    """Every free-text field of a kind, as paths such as `products[].name`, read from the format itself."""
    if isinstance(field_type, ObjectType):
        return {
            found for spec in field_type.fields for found in text_fields(spec.type, f"{path}.{spec.name}".lstrip("."))
        }
    if isinstance(field_type, ListType):
        return text_fields(field_type.item, path + "[]")
    if isinstance(field_type, MapType):
        return text_fields(field_type.value, path + "{}")
    if isinstance(field_type, LiteralOr):
        return text_fields(field_type.other, path)
    return {path} if type(field_type) is TextType else set()  # slugs, URLs and codes have patterns


def paths_holding(node, marker: str, path: str = "") -> set[str]:
    if isinstance(node, Mapping):
        return {
            found
            for key, (_, value) in node.entries.items()
            for found in paths_holding(value, marker, f"{path}.{key}".lstrip("."))
        }
    if isinstance(node, Sequence):
        return {found for item in node.items for found in paths_holding(item, marker, path + "[]")}
    return {path} if isinstance(node, Scalar) and marker in str(node.value) else set()


@pytest.mark.parametrize(
    "kind, template",
    [
        ("organization", "organization.yml"),
        ("person", "person.yml"),
        ("round", "round.yml"),
        ("currency-rates", "currency-rates.yml"),
    ],
)
def test_the_injection_corpus_fills_every_text_field_of_the_format(kind, template):
    """A text field added to the format later fails here until the corpus fills it too."""
    text = fill(template, 1, "PAYLOAD")
    tree = read_yaml(template, text.encode(), Problems())
    assert paths_holding(tree, "PAYLOAD") == text_fields(KINDS[kind], "")


def test_the_injection_corpus_fills_every_sector_text_field():
    entry = read_yaml(
        "sector.yml", ("sectors:\n" + fill("sector.yml", 1, "PAYLOAD").split("\n", 1)[1]).encode(), Problems()
    )
    holding = {path.replace(".hostile-1.", "{}.") for path in paths_holding(entry, "PAYLOAD")}
    assert holding == text_fields(KINDS["sectors"], "")


class LiveMarkup(HTMLParser):
    """Whatever in a page a browser would run or follow: a marker there means a payload got through."""

    SAFE_ATTRIBUTES = {"id", "title", "aria-label", "alt"}  # shown or used as text, never run

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        # A page's description is text for search engines; a meta refresh's content is a link.
        described = tag == "meta" and dict(attrs).get("name") == "description" and "http-equiv" not in dict(attrs)
        for name, value in attrs:
            if described and name == "content":
                continue
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            elif (
                value
                and any(m in value for m in MARKERS)
                and name not in self.SAFE_ATTRIBUTES
                and not (name == "href" and value.startswith("#"))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data):
        if self.open and self.open[-1] in ("script", "style") and any(m in data for m in MARKERS):
            self.found.append(f"<{self.open[-1]}>{data[:60]}")
        self.text.append(data)


def test_no_payload_is_live_markup_on_any_page(injection_site):
    pages = sorted(injection_site.rglob("*.html"))
    assert len(pages) > 100
    for html_file in pages:
        markup = LiveMarkup()
        markup.feed(html_file.read_text(encoding="utf-8"))
        assert not markup.found, (html_file.relative_to(injection_site), markup.found)


@pytest.mark.parametrize("n", range(1, len(PAYLOADS) + 1))
def test_each_payload_reads_as_its_own_text(injection_site, n):
    markup = LiveMarkup()
    markup.feed((injection_site / f"companies/hostile-{n}/index.html").read_text(encoding="utf-8"))
    text = "".join(markup.text)
    assert text.count(PAYLOADS[n - 1]) >= 5, PAYLOADS[n - 1]  # name, summary, product, milestone, source...


def test_markdown_fields_keep_their_formatting_and_lose_raw_html(injection_site):
    html_text = (injection_site / "companies/hostile-1/index.html").read_text(encoding="utf-8")
    assert "<em>kept emphasis</em>" in html_text
    assert '<a href="https://example.org/kept" rel="nofollow noopener">a kept link</a>' in html_text
    assert "<li>first kept item</li>" in html_text and "<li>second kept item</li>" in html_text
    assert FORMATTING.startswith("\n\n*kept emphasis*") and (INJECTION / "payloads.txt").is_file()


def _dom(page_html: str) -> list[tuple]:
    """Every element, attribute and piece of text, however it was spelt (`&#39;` or `'`)."""
    import lxml.html

    root = lxml.html.document_fromstring(f"<div>{page_html}</div>")
    return [(str(el.tag), sorted(el.attrib.items()), el.text, el.tail) for el in root.iter()]


def test_the_page_allowlist_has_nothing_to_remove_from_a_generated_page(injection_site):
    """The plugin passes only hand-written pages through roundbook/text_safety/page_html.py: a generated
    page is safe as the templates write it. With a payload in every text field, the allowlist
    would remove no element, attribute or text from any generated page."""
    from roundbook.pipeline import load_dataset
    from roundbook.render import Renderer
    from roundbook.text_safety.page_html import sanitize_page_html

    project = injection_site.parent
    dataset, problems = load_dataset(project, "content")
    assert not problems
    home_text = dataset.pages.home.body  # without its front matter, as the build reads it
    assert PAYLOADS[0] in home_text
    pages = list(rendered_pages(Renderer(project / "templates", home_text=home_text), dataset))
    assert len(pages) > 100
    for page in pages:
        assert _dom(sanitize_page_html(page.html)) == _dom(page.html), page.src_uri


def _tree_parts(nodes: list, tags: set[str], texts: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            texts.append(node)
        else:
            tags.add(node[0])
            _tree_parts(node[2:], tags, texts)


def test_a_listings_rows_file_holds_each_payload_as_text_never_as_an_element(injection_site):
    """The JSON files of rows that listings page through are data (roundbook/render/listings.py):
    elements only of the rows' own kinds, and each payload, a name, one whole string of text."""
    import json

    files = sorted(injection_site.rglob("list/rows.json"))
    assert [path.relative_to(injection_site).as_posix() for path in files] == [
        "companies/list/rows.json",
        "investors/list/rows.json",
    ]
    for path in files:
        tags: set[str] = set()
        texts: list[str] = []
        for nodes, _, _ in json.loads(path.read_text(encoding="utf-8"))["rows"]:
            _tree_parts(nodes, tags, texts)
        assert tags <= {"tr", "td", "a", "span"}, (path, tags)
        assert all(payload in texts for payload in PAYLOADS), path
