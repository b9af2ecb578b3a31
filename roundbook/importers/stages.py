"""Round stages from the words exports and spreadsheets use, to the format's stages.

Crunchbase's round types map as CRUNCHBASE_TYPES says (the documentation's reference prints it);
types the format has no stage for (convertible notes, crowdfunding, coin offerings, rounds after
an IPO) are skipped with that reason, and a type nobody knows is a problem, never a guess.
"""

from __future__ import annotations

import re

from roundbook.schema.kinds import STAGES

LETTERS = "abcdefghijk"

# Crunchbase's `funding_round_type` (older exports) and `investment_type` (newer ones).
CRUNCHBASE_TYPES = {
    "pre_seed": "pre-seed",
    "seed": "seed",
    "angel": "angel",
    "series_unknown": "venture-undisclosed",
    "undisclosed": "venture-undisclosed",
    "corporate_round": "strategic",
    "private_equity": "private-equity",
    "debt_financing": "debt",
    "grant": "grant",
    "non_equity_assistance": "non-equity",
    "secondary_market": "secondary",
    **{f"series_{letter}": f"series-{letter}" for letter in LETTERS},
}
CRUNCHBASE_UNSUPPORTED = {
    "convertible_note": "a convertible note",
    "equity_crowdfunding": "equity crowdfunding",
    "product_crowdfunding": "product crowdfunding",
    "initial_coin_offering": "an initial coin offering",
    "post_ipo_equity": "equity sold after the IPO",
    "post_ipo_debt": "debt raised after the IPO",
    "post_ipo_secondary": "a secondary offering after the IPO",
}


class UnsupportedStage(Exception):
    """A real kind of round that the format has no stage for; the row is skipped, with this reason."""


def crunchbase_stage(round_type: str, code: str) -> tuple[str, bool]:
    """The stage and extension flag of a Crunchbase round; ValueError for an unknown type."""
    kind = round_type.strip().lower()
    code = code.strip().lower()
    if kind in CRUNCHBASE_UNSUPPORTED:
        raise UnsupportedStage(
            f"round type '{round_type}' ({CRUNCHBASE_UNSUPPORTED[kind]}) has no stage in Roundbook's list"
        )
    if kind == "venture":
        if not code:
            return "venture-undisclosed", False
        match = re.fullmatch(r"([a-k])(\+|[-\s]?ext(?:ension)?)?", code)
        if not match:
            raise ValueError(f"round code '{code.upper()}' is not a series A to K")
        return f"series-{match.group(1)}", bool(match.group(2))
    if kind in CRUNCHBASE_TYPES:
        return CRUNCHBASE_TYPES[kind], False
    raise ValueError(
        f"unknown round type '{round_type}'; Crunchbase's types are: "
        f"{', '.join(sorted([*CRUNCHBASE_TYPES, *CRUNCHBASE_UNSUPPORTED, 'venture']))}"
    )


_WORDS = {
    "pre-seed": "pre-seed",
    "preseed": "pre-seed",
    "seed": "seed",
    "angel": "angel",
    "bridge": "bridge",
    "growth": "growth",
    "growth equity": "growth",
    "strategic": "strategic",
    "corporate": "strategic",
    "corporate round": "strategic",
    "strategic investment": "strategic",
    "private equity": "private-equity",
    "pe": "private-equity",
    "debt": "debt",
    "debt financing": "debt",
    "grant": "grant",
    "ipo": "ipo",
    "initial public offering": "ipo",
    "secondary": "secondary",
    "secondary sale": "secondary",
    "non-equity": "non-equity",
    "venture": "venture-undisclosed",
    "venture round": "venture-undisclosed",
    "undisclosed": "venture-undisclosed",
    "series unknown": "venture-undisclosed",
}
_SERIES = re.compile(r"^series[\s-]*([a-k])(?:\s*(\+|ext\.?|extension|-ext))?(?:\s+round)?$")


def written_stage(cell: str, extra: dict[str, str]) -> tuple[str, bool]:
    """The stage a spreadsheet cell names: `Series B`, `Series B+`, `seed`, `series-b`, `Strategic`.

    `extra` is the mapping file's own table (cell text -> stage), read first. ValueError when the
    cell names no stage.
    """
    text = " ".join(cell.split())
    if text in extra:
        return extra[text], False
    lowered = text.lower().replace("_", " ")
    if lowered in STAGES:
        return lowered, False
    if lowered in _WORDS:
        return _WORDS[lowered], False
    match = _SERIES.match(lowered)
    if match:
        return f"series-{match.group(1)}", bool(match.group(2))
    raise ValueError(
        f"unknown stage '{text}'; write Seed, Series A … Series K (Series B+ for an extension), "
        "Strategic, Growth, Bridge, Debt, Grant, IPO, Secondary, Venture, or add it under "
        "'stages' in the mapping file"
    )
