"""Numbered citations for one page: each source gets a number the first time it is cited."""

from __future__ import annotations

from markupsafe import Markup

from roundbook.model.records import Source


class Citations:
    def __init__(self) -> None:
        self.sources: list[Source] = []
        self._numbers: dict[str, int] = {}  # by URL, so one article cited by two files is one note

    def number(self, source: Source) -> int:
        if source.url not in self._numbers:
            self.sources.append(source)
            self._numbers[source.url] = len(self.sources)
        return self._numbers[source.url]

    def cite(self, sources: list[Source]) -> Markup:
        """Superscript links such as [1][2] to the page's numbered source list."""
        numbers = sorted({self.number(source) for source in sources})
        links = "".join(f'<a href="#source-{n}">[{n}]</a>' for n in numbers)
        return Markup(f'<sup class="rb-cite">{links}</sup>')
