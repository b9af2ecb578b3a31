"""Generated pages skip Python-Markdown: their table of contents, anchors and links are checked here;
every page loses the indentation the theme leaves."""

from __future__ import annotations

import pytest

from conftest import mkdocs_build, override_template
from roundbook.render import GeneratedPage
from roundbook.site.page_weight import collapse_whitespace
from roundbook.site.prerendered import anchor_ids, broken_links, table_of_contents

PAGE = (
    '<h1 id="top">Acme &amp; Co</h1>\n<p>Intro</p>\n'
    '<h2 id="rounds" data-search-exclude>Rounds<a class="headerlink" href="#rounds" title="Permanent link">¶</a></h2>\n'
    '<h3 id="round-2024-seed">Seed, 2024<a class="headerlink" href="#round-2024-seed" title="Permanent link">¶</a></h3>\n'
    '<h2 id="sources">R&amp;D &lt;notes&gt;<a class="headerlink" href="#sources" title="Permanent link">¶</a></h2>\n'
)


def generated(src_uri: str, html: str, links=()) -> GeneratedPage:
    return GeneratedPage(src_uri, html, "Title", None, False, "organization.html.j2", links=frozenset(links))


def test_the_table_of_contents_nests_headings_and_keeps_their_text_escaped():
    toc = table_of_contents(PAGE)
    assert [(item.title, item.url, [(child.title, child.url) for child in item.children]) for item in toc] == [
        ("Rounds", "#rounds", [("Seed, 2024", "#round-2024-seed")]),
        ("R&amp;D &lt;notes&gt;", "#sources", []),
    ]


def test_anchors_are_every_id_on_the_page():
    assert anchor_ids(PAGE) == {"top", "rounds", "round-2024-seed", "sources"}


def test_anchors_are_element_ids_only():
    page = '<p data-id="a" grid="b" id="c">x</p><tr\nid="d"><td\tid="e">id="f"</td></tr>'
    assert anchor_ids(page) == {"c", "d", "e"}


def test_links_to_missing_pages_and_anchors_are_reported_in_mkdocs_words():
    pages = [
        generated("companies/acme.md", PAGE, ["companies/beta.md", "companies/acme.md#round-2024-seed"]),
        generated("companies/beta.md", "<h1>Beta</h1>", ["companies/acme.md#round-2023-a", "nowhere.md"]),
    ]
    anchors = {page.src_uri: anchor_ids(page.html) for page in pages}
    assert broken_links(pages, {"companies/acme.md", "companies/beta.md"}, anchors) == [
        "Doc file 'companies/beta.md' contains a link to 'companies/acme.md#round-2023-a', "
        "but the doc 'companies/acme.md' does not contain an anchor '#round-2023-a'.",
        "Doc file 'companies/beta.md' contains a link to 'nowhere.md', which is not found among documentation files.",
    ]


@pytest.mark.build
def test_a_template_linking_to_a_missing_page_fails_the_strict_build(project):
    template = override_template(project, "person.html.j2")
    template.write_text(
        template.read_text().replace(
            "<p>{{ profile.summary }}</p>", '<p>{{ profile.summary }} <a href="{{ "people/nobody.md"|href }}">x</a></p>'
        )
    )
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert (
        "WARNING -  Doc file 'people/jane-roe.md' contains a link to 'people/nobody.md', "
        "which is not found among documentation files."
    ) in result.stderr + result.stdout


def test_indentation_between_tags_collapses_but_preformatted_text_is_kept():
    page = "<div>\n    <p>One   two</p>\n\n    <pre><code>def f():\n    return 1\n</code></pre>\n  <textarea>\n  x</textarea>\n</div>\n"
    assert collapse_whitespace(page) == (
        "<div>\n<p>One   two</p>\n<pre><code>def f():\n    return 1\n</code></pre>\n<textarea>\n  x</textarea>\n</div>\n"
    )
