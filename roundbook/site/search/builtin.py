"""Material's built-in search, and the names it is taught so that a search for 月之暗面 finds it.

Material's search plugin indexes every page itself, in its own on_page_context and on_post_build;
it cuts Chinese text into words with jieba as it does. jieba does not know most company names and
cuts 月之暗面 into 月 / 之 / 暗面, which no longer matches the whole name typed into the search box. Registering every name written in Han characters keeps it whole.

On a generated page, what is not prose (prose.py) is marked for its parser to skip.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roundbook.model import Dataset
from roundbook.site.search.engine import SearchEngine
from roundbook.site.search.prose import mark_not_prose
from roundbook.site.theme import install_theme

_HAN = re.compile(r"[\u3400-\u9fff]")
NOT_PROSE_MARK = ' data-search-exclude="not-prose"'
# What Material's search plugin takes out of a page once it has indexed it (its on_page_context).
_SEARCH_MARKS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def han_names(dataset: Dataset) -> list[str]:
    names = set()
    for profile in dataset.profiles:
        for name in [profile.name, profile.native_name, *profile.aliases, *getattr(profile, "former_names", [])]:
            if name and _HAN.search(name):
                names.add(name)
    return sorted(names)


def register_search_words(names: list[str], search_options) -> None:
    """`names` from han_names, in the process that runs Material's search, taught to a jieba that
    starts from its shipped dictionary (chinese_words.py). `search_options`: Material's search
    plugin's."""
    import jieba

    from roundbook.site.search.chinese_words import start_from_shipped_dictionary

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for site builders
    start_from_shipped_dictionary(search_options)
    for name in names:
        jieba.add_word(name)


@dataclass
class BuiltinSearch(SearchEngine):
    """Material's search: its plugin builds and writes the index; the build teaches it the names."""

    name = "builtin"
    words: list[str] = field(default_factory=list)  # han_names of the dataset

    def configure(self, config, site_templates: Path) -> None:
        install_theme(config, site_templates, pagefind=False)
        plugin = _search_plugin(config)
        if plugin is not None:  # with Material's search off, nothing cuts Chinese text
            register_search_words(self.words, plugin.config)

    def article(self, page_html: str, page, generated) -> str:
        """A generated page's article with what is not prose (prose.py) marked for Material's search
        to skip. The mark has a value, so Material takes it out of the page once it has indexed it
        (its on_page_context removes every `data-search-*="…"`): readers get the page unmarked."""
        if generated is None or (page.meta.get("search") or {}).get("exclude"):
            return page_html
        return mark_not_prose(page_html, NOT_PROSE_MARK)

    def generated_article(self, page_html: str, generated) -> str:
        # A generated page's `search` front matter is its template's (SearchEngine.page_meta).
        if (self.page_meta(generated.template, generated.searched) or {}).get("exclude"):
            return page_html
        return mark_not_prose(page_html, NOT_PROSE_MARK)

    def served_article(self, article: str) -> str:
        return _SEARCH_MARKS.sub("", article)

    def cache_key(self) -> str:
        # jieba cuts every page's Chinese text with the names it was taught: one more name can
        # cut another page's text otherwise.
        return repr((self.name, self.words))

    # Material's search plugin keeps its index as a list of entries, a few for each page, appended
    # as it reads each page; it writes them in its on_post_build.

    def before_index(self, page, config) -> None:
        index = _search_index(config)
        page.roundbook_search_start = len(index.entries) if index is not None else 0

    def indexed(self, page, config) -> Any:
        index = _search_index(config)
        return index.entries[page.roundbook_search_start :] if index is not None else None

    def put_back(self, learnt: list[Any], config) -> None:
        index = _search_index(config)
        if index is not None:
            index.entries = [entry for entries in learnt if entries for entry in entries]


def _search_plugin(config):
    """Material's search plugin, None when it is off."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not plugin.config.enabled:
        return None
    return plugin


def _search_index(config):
    """Material's search index, None when its plugin is off."""
    plugin = _search_plugin(config)
    return getattr(plugin, "search_index", None) if plugin is not None else None
