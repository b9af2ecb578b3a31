"""Lists of names in one cell: investors, sectors.

`Alibaba; Tencent` and `Alibaba, Tencent` are two names. When a cell has a semicolon it is the
only separator, so `Founders Fund, LLC; Tencent` keeps its comma; without one, a piece that is
only a legal form (`Inc.`, `LLC`, `Ltd.`) is put back on the name before it. Crunchbase's array
cells (`{"Sequoia Capital",Tencent}`) are read too. `Alibaba (lead)` marks a lead investor.
"""

from __future__ import annotations

import csv
import re

_LEGAL_FORMS = {
    "inc",
    "inc.",
    "llc",
    "l.l.c.",
    "ltd",
    "ltd.",
    "limited",
    "lp",
    "l.p.",
    "llp",
    "co.",
    "corp",
    "corp.",
    "gmbh",
    "ag",
    "s.a.",
    "sa",
    "plc",
    "pte. ltd.",
    "pte ltd",
    "b.v.",
    "bv",
    "n.v.",
}
_LEAD = re.compile(r"\s*(?:\((?:lead|led|lead investor)\)|\*)$", re.IGNORECASE)


def split_names(cell: str) -> list[str]:
    """The names in a cell, in order, without blanks; each trimmed, each once."""
    text = cell.strip()
    if text.startswith("{") and text.endswith("}"):
        pieces = next(csv.reader([text[1:-1]], skipinitialspace=True), [])
    elif ";" in text:
        pieces = text.split(";")
    else:
        pieces = []
        for piece in text.split(","):
            if pieces and piece.strip().lower() in _LEGAL_FORMS:
                pieces[-1] += "," + piece
            else:
                pieces.append(piece)
    names: list[str] = []
    for piece in pieces:
        name = " ".join(piece.split())
        if name and name not in names:
            names.append(name)
    return names


def lead_marked(name: str) -> tuple[str, bool]:
    """`Alibaba (lead)` -> ('Alibaba', True); `Alibaba` -> ('Alibaba', False)."""
    match = _LEAD.search(name)
    if match and match.start() > 0:
        return name[: match.start()].strip(), True
    return name, False
