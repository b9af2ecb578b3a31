"""The offline bundle: the site built to be opened from disk (`file://`), with Material's offline plugin.

Material's plugin (`- offline` in mkdocs.yml, switched on by `make preview` through the
ROUNDBOOK_OFFLINE variable) turns MkDocs' `use_directory_urls` off, so that a link names a file
(`companies/acme.html`) rather than a folder, which a browser shows from disk as a listing; it
copies the built-in search's index into a script (`search/search_index.js`), since a page from
disk may not fetch a file; and it adds a shim that runs the search's worker in an iframe, since
a page from disk may not start a worker either.

Two things it cannot do, running after the roundbook plugin (first in mkdocs.yml):
- Turn `use_directory_urls` off before Roundbook renders its pages: Roundbook writes every link
  of a generated page, redirect page and open data file in its own on_config, so it turns the
  setting off itself, first. Material's plugin sets the same value again later.
- Keep the pages from asking another host: it loads the shim from unpkg.com. Roundbook ships a
  copy (roundbook/vendor/iframe-worker/) and names it first; Material's plugin adds its own only
  when no polyfill already names `iframe-worker`. With Pagefind the shim is not used, and is
  still named, since that is what keeps unpkg.com out of every page.
With Pagefind nothing can search from disk (it fetches its index as a query needs it):
assets/roundbook-search.js says so in the search box, with the command that serves the site.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

SHIM = Path(__file__).resolve().parent.parent / "vendor" / "iframe-worker" / "shim.js"
SHIM_PATH = "assets/vendor/iframe-worker/shim.js"  # in the built site


def offline_bundle(config) -> bool:
    """Whether Material's offline plugin is in mkdocs.yml and enabled for this build."""
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return offline is not None and bool(offline.config.enabled)


def prepare_offline_bundle(config) -> None:
    """Before anything is rendered: links to files, and the worker shim from the site itself."""
    config.use_directory_urls = False
    polyfills = config.extra.setdefault("polyfills", [])
    if SHIM_PATH not in polyfills:
        polyfills.append(SHIM_PATH)


def add_shim(files: Files, config) -> None:
    """The shim's file, in the bundle only: the published site names no polyfill."""
    files.append(File.generated(config, SHIM_PATH, abs_src_path=str(SHIM)))
