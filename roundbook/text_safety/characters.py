"""Characters that no text of a content file may hold, and those that no name may hold.

Every file under content/ may come from a stranger, and some characters do harm without being
seen: a control character rewrites a terminal or a CI log (`\\x1b[2J`) and makes XML invalid;
a lone surrogate (`"\\ud800"` in YAML) cannot be written as UTF-8 at all; a noncharacter is
not text; a bidirectional override (U+202E) makes text display in another order than it is
stored, the trick behind "Trojan Source"; Unicode tag characters carry invisible ASCII. YAML's
double-quoted escapes put any of them into a value without their showing in the file. They are
refused in every text, wherever it is read, with the code point named, since it cannot be seen.

Names (of profiles, sectors, products, publishers, pages) must also show every character they
hold, or one name can display as another's: `Moonshot AI` with a zero-width space inside, or a
no-break space in place of a space, looks like the real one. Invisible (default-ignorable) and
unusual space characters are refused there.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Tab and line feed are kept here: Markdown needs them, and single-line fields refuse them.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_SURROGATES = "\ud800-\udfff"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_SEPARATORS = "\u2028\u2029"
_TAGS = "\U000e0000-\U000e007f"
UNSAFE = re.compile(f"[{_CONTROLS}{_SURROGATES}{_NONCHARACTERS}{_BIDI_CONTROLS}{_SEPARATORS}{_TAGS}]")

# Default-ignorable code points that are not format characters (Unicode's DerivedCoreProperties):
# fillers and variation selectors, which draw nothing.
_IGNORABLE_EXTRA = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef"
_INVISIBLE_IN_NAMES = re.compile(f"[{_IGNORABLE_EXTRA}]")


class Unsafe(NamedTuple):
    """One character refused in a text: where it is (0-based index) and what to say about it."""

    # The field shadows tuple.index, which nobody calls on an Unsafe; the name reads better where it is used.
    index: int  # type: ignore[assignment]
    char: str
    message: str


def code_point(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`, or `U+001B` for a character without a name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def _why(char: str) -> str:
    point = ord(char)
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return f"{code_point(char)} is a control character; remove it"
    if 0xD800 <= point <= 0xDFFF:
        return f"{code_point(char)} is half of a surrogate pair, not a character; write the character itself"
    if _BIDI_CONTROLS_SET.match(char):
        return (
            f"{code_point(char)} makes text display in another order than it is stored; remove it "
            "(the browser orders right-to-left script by itself)"
        )
    if char in _SEPARATORS:
        return f"{code_point(char)} is not allowed; start a new line instead"
    if 0xE0000 <= point <= 0xE007F:
        return f"{code_point(char)} is an invisible tag character; remove it"
    return f"{code_point(char)} is a Unicode noncharacter; remove it"


_BIDI_CONTROLS_SET = re.compile(f"[{_BIDI_CONTROLS}]")


def unsafe_characters(text: str, limit: int = 10) -> list[Unsafe]:
    """The characters of `text` that no content may hold, first `limit` of them, in order."""
    found: list[Unsafe] = []
    for match in UNSAFE.finditer(text):
        found.append(Unsafe(match.start(), match.group(), _why(match.group())))
        if len(found) >= limit:
            break
    return found


def first_unsafe(text: str) -> Unsafe | None:
    match = UNSAFE.search(text)
    return Unsafe(match.start(), match.group(), _why(match.group())) if match else None


def invisible_in_name(text: str) -> Unsafe | None:
    """The first character of a name that does not show, or shows as a plain space without being one."""
    if text.isascii() and text.isprintable():
        return None  # most names: nothing to look up
    for index, char in enumerate(text):
        if char == "\t":
            return Unsafe(index, char, "a tab; write a plain space")
        category = unicodedata.category(char)
        if category == "Cf" or _INVISIBLE_IN_NAMES.match(char):
            return Unsafe(
                index, char, f"{code_point(char)} is invisible, so this name could show as another; remove it"
            )
        if category == "Zs" and char != " ":
            return Unsafe(index, char, f"{code_point(char)} looks like a space; write a plain space")
    return None


def shown(text: str) -> str:
    """`text` made safe to print in a message: refused characters written as escapes."""
    return UNSAFE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
