"""What Pagefind may read of a page: the key that says when its index must be made again.

Pagefind indexes the whole site in one run (15 s of a 52 s rebuild at 10,000 companies), and an
incremental build reuses the last index only when nothing Pagefind reads has changed. Most edits
change pages where it does not read: a source's title, a round's row, a year of the timeline (a
page left out of search), the companies' listing (only its title is indexed). So each page gets a
digest of what Pagefind may read of it, and the index is made again only when one of those, or
the set of pages, changed (roundbook/site/incremental/builds.py).

The digest is cautious: it leaves out only text that Pagefind is known not to index, and keeps
all the rest. Of an article, as pagefind_marks.py marked it (`article_view`, where the page was
rendered):

- no `data-pagefind-body` in it: the page is not indexed at all, whatever it says, since the
  site's other pages carry the mark (Pagefind then reads only pages that do). The build checks
  that some page does (`VIEW_INDEXED`), and keys on every page's bytes otherwise;
- otherwise every tag, attributes and all (filters, meta, ids, links and images are
  attributes); the text inside a `data-pagefind-body` element and outside any
  `data-pagefind-ignore` one; and the text of every heading and of every element whose tag
  carries another `data-pagefind-` attribute (a result's title, a filter's value), wherever
  they stand, and of every element with an `id` inside a body, ignored or not (the anchors of a
  result's sub-results, which Pagefind takes from its bodies only). One exception to "every
  tag": an element whose text is not read and that holds no body, heading, Pagefind attribute,
  image, title, nor (in a body) id, counts by its start tag alone (a profile's table of rounds,
  its list of sources: their links are no part of the index);
- all of it, where the tag expression cannot be trusted to read it (a comment, a script, a style).

Like pagefind_marks.py, this reads tags with one regular expression, which the build's own
output allows: text and attribute values never hold a raw `<` (they are escaped).

The rest of the page (`page_view`, once the theme has written it around the article) is kept
whole: the title, the head, the header, the navigation and the footer.
"""

from __future__ import annotations

import functools
import hashlib
import re

from roundbook.site.search.prose import HEADINGS, TAG, VOID

VIEW_INDEXED = "indexed:"  # the start of the view of a page Pagefind indexes
VIEW_NOT_INDEXED = "not indexed"
_BODY = "data-pagefind-body"
_IGNORE = "data-pagefind-ignore"
_UNREADABLE = re.compile(r"<!--|<script|<style|<!\[CDATA\[", re.IGNORECASE)
_ID = re.compile(r"(?:^|\s)id\s*=")
# What in an element whose text is not read Pagefind may still read: a body, a filter, meta or
# sort, a heading (a title), an image (a result's image), a title.
_MAY_BE_READ = re.compile(r"data-pagefind-|<(?:h[1-6]|img|title)[\s/>]", re.IGNORECASE)


@functools.cache
def _closing_tag(tag: str) -> re.Pattern:
    """A start or end tag of this name (its end tag: the first group)."""
    return re.compile(rf"<(/?){re.escape(tag)}(?:[\s/][^>]*)?>", re.IGNORECASE)


def _digest(*pieces: str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for piece in pieces:
        hasher.update(piece.encode("utf-8", errors="surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def article_view(article: str) -> str:
    """The digest of what Pagefind may read of `article` (see the module's docstring)."""
    if _BODY not in article:
        return VIEW_NOT_INDEXED
    if _UNREADABLE.search(article):
        return VIEW_INDEXED + _digest("whole", article)
    # One entry per open element: whether it is inside a body, whether its text is read (in a body,
    # outside ignored parts), and whether its text is kept anyway (a heading, an anchor, a filter).
    stack: list[tuple[str, bool, bool, bool]] = []
    in_body = read = kept = False
    # The article in pieces, each run of text Pagefind does not read left out between two of them.
    pieces: list[str] = []
    piece_from = previous = 0
    while (match := TAG.search(article, previous)) is not None:
        start = match.start()
        if start > previous and not (read or kept):
            pieces.append(article[piece_from:previous])
            piece_from = start
        previous = match.end()
        closing, name, attributes = match.groups()
        tag = name.lower()
        if closing:
            # Close up to the matching element; an end tag that opened nothing changes nothing.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == tag:
                    del stack[depth:]
                    in_body, read, kept = stack[-1][1:] if stack else (False, False, False)
                    break
            continue
        if tag in VOID or attributes.endswith("/"):
            continue
        element = (in_body, read, kept)
        if _BODY in attributes:
            in_body = read = True
        if _IGNORE in attributes:
            read = False
        others = "data-pagefind-" in attributes.replace(_BODY, "").replace(_IGNORE, "")
        # An id makes an anchor of a result only inside a body (Pagefind's anchors.feature).
        if tag in HEADINGS or others or (in_body and _ID.search(attributes)):
            kept = True
        # An element whose marks say all of it at once is not walked tag by tag: most of a page
        # is a few such elements (a profile's paragraphs, read whole; its tables, not read at all).
        if (end := _end_of(article, tag, previous)) is not None:
            inside = article[previous:end]
            if (read or kept) and "data-pagefind-" not in inside:
                previous = end  # read, or kept, whole
                in_body, read, kept = element
                continue
            if not (read or kept) and not _MAY_BE_READ.search(inside) and not (in_body and _ID.search(inside)):
                pieces.append(article[piece_from:previous])  # its start tag stands for it
                piece_from = previous = end
                in_body, read, kept = element
                continue
        stack.append((tag, in_body, read, kept))
    pieces.append(article[piece_from:])
    return VIEW_INDEXED + _digest(*pieces)


def _end_of(article: str, tag: str, start: int) -> int | None:
    """Where the element whose start tag ends at `start` ends (after its end tag); None when its
    end tag is not found."""
    closing = _closing_tag(tag)
    depth, position = 1, start
    while depth:
        found = closing.search(article, position)
        if found is None:
            return None
        depth += -1 if found.group(1) else 1
        position = found.end()
    return position


def page_view(output: str, article: str, view: str | None) -> str | None:
    """The digest of what Pagefind may read of a page the theme wrote (`output`, as it came from
    the template): its article's `view` with the page around the article, whole (where the page
    holds its article twice, the second is part of that). None when the article is not in it
    as it is: the build keys on the page's bytes then."""
    if view is None:
        return None
    if view == VIEW_NOT_INDEXED and _BODY not in output:
        return VIEW_NOT_INDEXED
    start = output.find(article)
    if start < 0:
        return None
    around = output[:start] + "\0" + output[start + len(article) :]
    if view == VIEW_NOT_INDEXED:  # yet the theme marked something around the article
        return VIEW_INDEXED + _digest("whole", output)
    return VIEW_INDEXED + _digest(view, around)


def index_inputs(pages: list[tuple[str, str | None, str | None]]) -> list[tuple[str, str | None]]:
    """What keys Pagefind's index, from (address, page_view, digest of its bytes) of each page:
    the views, or the bytes of a page that has none. On a site where no page is marked, Pagefind
    reads every page whole: the bytes of every page."""
    if not any(view is not None and view.startswith(VIEW_INDEXED) for _, view, _ in pages):
        return [(uri, digest) for uri, _, digest in pages]
    return [(uri, view if view is not None else digest) for uri, view, digest in pages]
