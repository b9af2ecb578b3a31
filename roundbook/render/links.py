"""Where a page ends up on the site, and the relative link from one page to another.

Generated pages are written as HTML and handed to MkDocs as they are, so their links are the
final relative URLs (not the `.md` paths that MkDocs would rewrite in Markdown). They follow
MkDocs' own rules for `use_directory_urls`, and are relative so the site works under any address.
"""

from __future__ import annotations

import posixpath

from roundbook.build_caches import per_build_cache


@per_build_cache(maxsize=1 << 17)
def page_url(path: str, directory_urls: bool = True) -> str:
    """The site-relative URL of a docs path: `companies/acme.md` -> `companies/acme/`.

    Paths of other files (`api/v1/rounds.json`) are their own URL; the home page is ``."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


@per_build_cache(maxsize=1 << 17)
def page_folder(path: str, directory_urls: bool = True) -> str:
    """The folder a browser resolves the page's relative links against (`` at the root)."""
    url = page_url(path, directory_urls)
    return url.rstrip("/") if url.endswith("/") or url == "" else posixpath.dirname(url)


def _relative(target_url: str, folder: str) -> str:
    # posixpath.relpath's answer, without its two calls to os.path.abspath: every profile is its
    # own folder, so a large site's links are mostly asked once and no cache helps; this was
    # most of the time of the `link` filter. Both are site-relative URLs: no `.` or `..` in them.
    target_parts = [part for part in target_url.split("/") if part]
    folder_parts = [part for part in folder.split("/") if part]
    common = 0
    for target_part, folder_part in zip(target_parts, folder_parts):
        if target_part != folder_part:
            break
        common += 1
    relative = "/".join([".."] * (len(folder_parts) - common) + target_parts[common:]) or "."
    if target_url == "" or target_url.endswith("/"):
        return "./" if relative == "." else relative + "/"
    return relative


def relative_url(from_path: str, to_path: str, directory_urls: bool = True) -> str:
    """The link from the page at docs path `from_path` to the page or file `to_path` (`#anchor` kept)."""
    path, hash_mark, anchor = to_path.partition("#")
    if not path:
        return hash_mark + anchor
    return _relative(page_url(path, directory_urls), page_folder(from_path, directory_urls)) + hash_mark + anchor
