"""Caches that live for one build, and are emptied when it ends (roundbook/site/memory.py).

The stages cache what a large site asks for again and again (a figure as text, a page's URL, the
global timeline), for one build's content. Under `mkdocs serve` the next build runs in the same
process with other content: what the last one cached would only be held, so each such cache is
made here, and BuildMemory empties them all when a build starts and when it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_FORGET: list[Callable[[], None]] = []


def per_build_cache(maxsize: int):
    """`functools.lru_cache(maxsize)`, emptied with every other per-build cache."""

    def decorate(function):
        cached = lru_cache(maxsize=maxsize)(function)
        _FORGET.append(cached.cache_clear)
        return cached

    return decorate


def forgotten_per_build(forget: Callable[[], None]) -> Callable[[], None]:
    """Register `forget`, which empties a cache of another shape, to run with the others."""
    _FORGET.append(forget)
    return forget


def forget_per_build_caches() -> None:
    for forget in _FORGET:
        forget()
