"""Teach the Chinese word segmenter the names in the dataset, so a search for 月之暗面 finds it.

Material's search plugin cuts Chinese text into words with jieba at build time. jieba does not
know most company names and cuts 月之暗面 into 月 / 之 / 暗面, which no longer matches the whole
name typed into the search box. Registering every name written in Han characters keeps it whole.
"""

from __future__ import annotations

import logging
import re

from roundbook.model import Dataset

_HAN = re.compile(r"[\u3400-\u9fff]")


def han_names(dataset: Dataset) -> list[str]:
    names = set()
    for profile in dataset.profiles:
        for name in [profile.name, profile.native_name, *profile.aliases, *getattr(profile, "former_names", [])]:
            if name and _HAN.search(name):
                names.add(name)
    return sorted(names)


def register_search_words(names: list[str]) -> None:
    """`names` from han_names, in the process that runs Material's search."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a pinned dependency
        return
    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for site builders
    for name in names:
        jieba.add_word(name)
