"""Round stages from the words exports and spreadsheets use, to the format's stages.

Crunchbase's round types map as CRUNCHBASE_TYPES says (the documentation's reference prints it);
types the format has no stage for (convertible notes, crowdfunding, coin offerings, rounds after
an IPO) are skipped with that reason, and a type nobody knows is a problem, never a guess.
"""

from __future__ import annotations

import re

from roundbook.schema.stages import stage_and_extension, stage_key

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


def written_stage(cell: str, extra: dict[str, str]) -> tuple[str, bool]:
    """The stage a spreadsheet cell names: `Series B`, `Series B+`, `seed`, `series-b`, `Strategic`,
    `B`, in any case and spacing (roundbook/schema/stages.py matches them as `roundbook new` does).

    `extra` is the mapping file's own table (cell text -> stage), read first, its words matched
    the same way. ValueError when the cell names no stage.
    """
    text = " ".join(cell.split())
    mapped = {stage_key(words): stage for words, stage in extra.items()}
    if (key := stage_key(text)) in mapped:
        return mapped[key], False
    found = stage_and_extension(text)
    if found is not None:
        return found
    raise ValueError(
        f"unknown stage '{text}'; write Seed, Series A … Series K (Series B+ for an extension), "
        "Strategic, Growth, Bridge, Debt, Grant, IPO, Secondary, Venture, or add it under "
        "'stages' in the mapping file"
    )
