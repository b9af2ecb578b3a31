"""What Pagefind may read of a page (roundbook/site/search/pagefind_view.py): a change there makes
its index again, a change elsewhere does not. tests/test_incremental.py shows the index kept after
such an edit is the one a new run makes."""

from __future__ import annotations

import pytest

from roundbook.site.search.pagefind_view import (
    VIEW_INDEXED,
    VIEW_NOT_INDEXED,
    article_view,
    index_inputs,
    page_view,
)

FILTERS = '<div hidden class="rb-search-filters"><span data-pagefind-filter="stage">Seed</span></div>\n'
ARTICLE = (
    FILTERS + '<h1 data-pagefind-body id="top">Beta Labs</h1>\n'
    '<p data-pagefind-body>A fictional <a href="/sectors/software/">software</a> company.</p>\n'
    '<figure><img src="/chart.svg" alt="Funding by year"></figure>\n'
    '<div data-pagefind-body><table data-pagefind-ignore><tr id="r1"><td>€1.5M</td></tr></table>'
    '<p data-pagefind-ignore>Figures from <a href="https://a.example/">the register</a></p></div>\n'
    '<h2 id="sources" data-search-exclude>Sources</h2>\n'
    '<ol><li id="source-1">Example News, “<a href="https://news.example/x">Beta Labs seed</a>”</li></ol>\n'
    # Outside the bodies, with a heading in it: walked tag by tag, not passed over whole.
    '<section>Filed in 2024.<h3>Notes</h3><p id="note-1">Seen by the editor.</p></section>\n'
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Beta Labs seed", "Another title"),  # a source's title, in a section out of search
        ("the register", "a register"),  # text marked ignored within a body
        ("https://news.example/x", "https://news.example/y"),  # a link where nothing is read
        ("Filed in 2024.", "Filed in 2025."),  # text out of the bodies
        ("Seen by the editor.", "Unseen."),  # ... even under an id
    ],
)
def test_text_pagefind_does_not_index_leaves_the_view_as_it_was(old, new):
    assert article_view(ARTICLE.replace(old, new)) == article_view(ARTICLE)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("A fictional ", "An edited "),  # indexed text
        (">Beta Labs</h1>", ">Beta Labs AG</h1>"),  # the title
        (">Seed<", ">Series A<"),  # a filter's value, outside the bodies
        ("€1.5M", "€2M"),  # ignored, but under an id in a body: a sub-result's anchor text
        (">Sources</h2>", ">Reading</h2>"),  # a heading, wherever it stands
        ("/sectors/software/", "/sectors/saas/"),  # an attribute where the text is read
        ("Funding by year", "Funding"),  # an image, which may be a result's, where nothing is read
        ("<p data-pagefind-ignore>Figures", "<p>Figures"),  # a mark
    ],
)
def test_what_pagefind_may_read_changes_the_view(old, new):
    assert ARTICLE.count(old) == 1
    assert article_view(ARTICLE.replace(old, new)) != article_view(ARTICLE)


def test_an_article_the_tag_expression_cannot_read_counts_whole():
    with_comment = ARTICLE + "<!-- a comment -->"
    assert article_view(with_comment.replace("Beta Labs seed", "Another title")) != article_view(with_comment)


def test_a_page_with_no_body_is_not_indexed_unless_the_theme_marks_one():
    article = "<h1>2024</h1><p>Beta Labs raised €1.5M.</p>"
    assert article_view(article) == VIEW_NOT_INDEXED
    page = f"<html><body><main>{article}</main></body></html>"
    assert page_view(page, article, VIEW_NOT_INDEXED) == VIEW_NOT_INDEXED
    marked = f"<html><body><main data-pagefind-body>{article}</main></body></html>"
    view = page_view(marked, article, VIEW_NOT_INDEXED)
    assert view is not None and view.startswith(VIEW_INDEXED)
    assert page_view(marked.replace("€1.5M", "€2M"), article.replace("€1.5M", "€2M"), VIEW_NOT_INDEXED) != view


def test_the_page_around_the_article_counts_whole():
    view = article_view(ARTICLE)
    page = f"<html><head><title>Beta Labs</title></head><body>{ARTICLE}</body></html>"
    assert page_view(page, ARTICLE, view) == page_view(page, ARTICLE, view)
    assert page_view(page.replace("<title>Beta Labs", "<title>Beta"), ARTICLE, view) != page_view(page, ARTICLE, view)
    assert page_view(page, ARTICLE + "<p>missing</p>", view) is None  # not in the page: its bytes count
    assert page_view(page, ARTICLE, None) is None


def test_a_site_where_no_page_is_indexed_keys_on_every_page_s_bytes():
    assert index_inputs([("a/", VIEW_NOT_INDEXED, "1"), ("b/", None, "2")]) == [("a/", "1"), ("b/", "2")]
    assert index_inputs([("a/", VIEW_NOT_INDEXED, "1"), ("b/", None, "2"), ("c/", VIEW_INDEXED + "x", "3")]) == [
        ("a/", VIEW_NOT_INDEXED),
        ("b/", "2"),
        ("c/", VIEW_INDEXED + "x"),
    ]
