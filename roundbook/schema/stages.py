"""The stages of a round: the slug a record holds, the labels readers read, and the stage a
person means by what they type.

A record holds the slug (`series-a`): one spelling per stage, so that files read, diff and
search alike. What people type on the command line or find in a spreadsheet (`Series A`,
`series a`, `SERIES_A`, `A`) is matched to the slug without regard to case, spaces, hyphens or
underscores; a record that holds such a spelling is refused with the slug to write instead.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from roundbook.schema.fields import EnumType

STAGES = {
    "pre-seed": "Pre-seed",
    "seed": "Seed",
    "angel": "Angel",
    **{f"series-{letter}": f"Series {letter.upper()}" for letter in "abcdefghijk"},
    "bridge": "Bridge",
    "growth": "Growth",
    "strategic": "Strategic",
    "private-equity": "Private equity",
    "debt": "Debt financing",
    "grant": "Grant",
    "ipo": "Initial public offering",
    "secondary": "Secondary sale",
    "non-equity": "Non-equity (such as a cloud-compute commitment)",
    "venture-undisclosed": "Venture, stage not disclosed",
}

# Labels for tables and charts, where the long one would crowd its column; a stage not listed
# here is as short already.
_SHORT_LABELS = {
    "debt": "Debt",
    "ipo": "IPO",
    "secondary": "Secondary",
    "non-equity": "Non-equity",
    "venture-undisclosed": "Venture (undisclosed)",
}


def stage_short_label(stage: str) -> str:
    """The stage's label for tables and charts: `Venture (undisclosed)` where prose says
    `Venture, stage not disclosed` (STAGES), `IPO` for `Initial public offering`."""
    return _SHORT_LABELS.get(stage, STAGES[stage])


def stage_key(text: str) -> str:
    """What matching compares: the letters, digits and `+`, in lower case (`Series-A` -> `seriesa`,
    `Series B+` -> `seriesb+`), full-width letters as ordinary ones."""
    return re.sub(r"[^\w+]|_", "", unicodedata.normalize("NFKC", text).casefold())


# Other names people give stages, beyond the slugs and labels (spreadsheets, Crunchbase's words).
_OTHER_NAMES = {
    "growth equity": "growth",
    "corporate": "strategic",
    "corporate round": "strategic",
    "strategic investment": "strategic",
    "pe": "private-equity",
    "venture": "venture-undisclosed",
    "undisclosed": "venture-undisclosed",
    "series unknown": "venture-undisclosed",
}
# Every spelling of each stage: its slug, its long and short labels, a series by its letter alone,
# and the other names above. tests/test_stages.py checks that no two stages share one.
_BY_KEY = {
    **{stage_key(name): stage for name, stage in _OTHER_NAMES.items()},
    **{letter: f"series-{letter}" for letter in "abcdefghijk"},
    **{stage_key(name): stage for stage in STAGES for name in (stage, STAGES[stage], stage_short_label(stage))},
}
# What may follow a stage's name: `Series B round`, and an extension, `Series B+`, `B ext.`.
_ROUND = re.compile(r"[\s_-]*round\s*$", re.IGNORECASE)
_EXTENSION = re.compile(r"(?:\s*\+|[\s_-]*(?:ext\.?|extension))\s*$", re.IGNORECASE)


def stage_from_text(text: str) -> str | None:
    """The stage `text` names, in any case and spacing: `Series A`, `series-a`, `A`, `Series A
    round` -> series-a; `Venture (undisclosed)` -> venture-undisclosed. None when it names none."""
    return _BY_KEY.get(stage_key(_ROUND.sub("", text)))


def stage_and_extension(text: str) -> tuple[str, bool] | None:
    """The stage `text` names and whether it says it is an extension: `Series B+` and `Series B
    ext round` -> (series-b, True), `seed` -> (seed, False). None when it names no stage."""
    text = _ROUND.sub("", text.strip())
    stage = stage_from_text(text)
    if stage is not None:
        return stage, False
    base = _EXTENSION.sub("", text)
    stage = stage_from_text(base) if base != text else None
    return (stage, True) if stage is not None else None


def stage_hint(text: str, extension: str | None = None) -> str:
    """What to write instead of `text`, which is no stage's slug: `; write series-a` when it names
    a stage in another spelling (`; write series-b with extension: true` for `Series B+`, given how
    an extension is written there), `; did you mean 'series-b'?` when it is close to one stage
    alone, else the list of stages."""
    found = stage_and_extension(text)
    if found is not None:
        stage, extended = found
        return f"; write {stage} with {extension}" if extended and extension else f"; write {stage}"
    scores: dict[str, float] = {}
    key = stage_key(text)
    for spelling, candidate in _BY_KEY.items():
        if len(spelling) > 1:  # a letter alone is near every short word
            score = difflib.SequenceMatcher(None, key, spelling).ratio()
            scores[candidate] = max(score, scores.get(candidate, 0))
    best = max(scores.values(), default=0)
    closest = [candidate for candidate, score in scores.items() if score == best]
    # Below difflib's usual cutoff, or a tie (`Series Z` is as near series-a as series-k): no guess.
    if best >= 0.6 and len(closest) == 1:
        return f"; did you mean '{closest[0]}'?"
    return f"; expected one of: {', '.join(STAGES)}"


class StageType(EnumType):
    """A stage in a content file: the slug, and only the slug. Another spelling of a stage is
    refused with the slug to write (`unknown stage 'Series A'; write series-a`); `extension` says
    how the file marks an extension, for `Series B+`."""

    def __init__(self, extension: str | None = None):
        super().__init__(STAGES)
        self.extension = extension

    def hint(self, value: str) -> str:
        return stage_hint(value, self.extension)
