"""Read one YAML file into a tree of nodes that remember where each value was written.

PyYAML alone reads YAML 1.1: `NO` becomes false, `2024-02-19` a date object, a repeated key
silently keeps the last value, and aliases can multiply memory. None of that may reach the site
silently, so this reader resolves no implicit types itself: it keeps every scalar as the text
that was written, applies the YAML 1.2 core rules for null, booleans and numbers, and turns
every YAML 1.1 surprise into a problem with its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from roundbook.problems import Mark, Problems
from roundbook.text_safety.characters import UNSAFE, code_point, first_unsafe, unsafe_characters

_unsafe = UNSAFE.search

try:  # libyaml is several times faster; the pure-Python parser behaves the same.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - the wheels for our pins ship libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_PLAIN_TAGS = frozenset((None, "!", _STR_TAG))  # a scalar's tags that _scalar lets through

# The event classes, looked up once: the tree builder asks for each event's kind.
_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_SequenceStartEvent, _SequenceEndEvent = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MappingStartEvent, _MappingEndEvent = yaml.MappingStartEvent, yaml.MappingEndEvent
_DocumentStartEvent, _StreamStartEvent, _StreamEndEvent = (
    yaml.DocumentStartEvent,
    yaml.StreamStartEvent,
    yaml.StreamEndEvent,
)

# YAML 1.2 core schema, the reading every current editor and language server uses.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
# What YAML 1.1 tools read differently from YAML 1.2: a reviewer cannot see the difference.
_YAML11_BOOL = re.compile(r"^(?:yes|no|on|off|y|n)$", re.IGNORECASE)
_YAML11_OCTAL = re.compile(r"^[-+]?0[0-9_]+$")
_YAML11_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")


@dataclass(slots=True)
class Node:
    mark: Mark


@dataclass(slots=True)
class Scalar(Node):
    """A single value: `value` is typed by the YAML 1.2 core rules, `text` is what was written."""

    value: str | int | float | bool | None
    text: str
    quoted: bool


@dataclass(slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Mapping(Node):
    """Keys in written order; each maps to (the key's own node, the value node)."""

    entries: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)
    # Keys written with a value the reader refused (an alias, a tag): present, so not "missing".
    refused: frozenset[str] = frozenset()

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None


def _mark(path: str, yaml_mark) -> Mark:
    return Mark(path, yaml_mark.line + 1, yaml_mark.column + 1)


# The first characters of every plain scalar that is not simply text (null, booleans of either
# YAML version, numbers): anything else is text, and most values (names, URLs) never meet a regex.
_MAYBE_NOT_TEXT = frozenset("~nNtTfFyYoO+-.0123456789")


def _typed_plain_scalar(text: str, mark: Mark, problems: Problems):
    if text and text[0] not in _MAYBE_NOT_TEXT:
        return text
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _YAML11_BOOL.match(text):
        problems.add(
            mark,
            f"'{text}' is read as a boolean by YAML 1.1 tools; write \"{text}\" in quotes for text, or true/false",
        )
        return text
    if _YAML11_OCTAL.match(text) or _YAML11_SEXAGESIMAL.match(text):
        problems.add(mark, f"'{text}' is read as a different number by YAML 1.1 tools; write \"{text}\" in quotes")
        return text
    # A number too large or too small for a float reads as infinity or 0 (an integer of more than
    # 4,000 digits too: Python refuses to read longer ones, and no real one is that long). The value
    # only says that a number was written: no field keeps a float, and an amount is read again from
    # its text, exactly, and refused out of its range (schema/fields.py, AmountType).
    if _INT.match(text):
        return int(text) if len(text) <= 4000 else float(text)
    if _FLOAT.match(text):
        return float(text)
    return text


# Limits that keep a hostile file from exhausting the build. Each is far above what real content
# needs (the largest shipped file, the currency-rate table, is 212 KB, 4 levels deep, and its
# longest mapping has 334 entries; a record is a few kilobytes, at 10,000 companies too) and each
# is named in its error. docs/pages/contribute/checks.md ("Limits") lists them.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_ITEMS = 5_000
MAX_TEXT_CHARS = 100_000


@dataclass(slots=True)
class _Open:
    """A list or mapping being read: its node (None once dropped), and for a mapping the key
    read so far (None when that key was itself dropped) waiting for its value."""

    node: Sequence | Mapping | None
    is_mapping: bool
    count: int = 0
    has_key: bool = False
    key: Node | None = None


def _count(number: int) -> str:
    return f"{number:,}"


class _TreeBuilder:
    """Builds the node tree from the parser's events, one at a time, without recursion.

    Composing from events rather than asking PyYAML for its node graph lets the limits apply
    while reading: libyaml's own composer recurses in C and crashes the interpreter on a few
    hundred thousand nested brackets, before any Python code could look at the depth.
    """

    def __init__(self, path: str, problems: Problems):
        self.path = path
        self.problems = problems

    def _refuse_anchor(self, event) -> None:
        if event.anchor is not None:
            self.problems.add(
                _mark(self.path, event.start_mark),
                "anchors and aliases (&name, *name) are not allowed; write the value out",
            )

    def _refuse_tag(self, event, allowed: str) -> bool:
        if event.tag in (None, "!", allowed):
            return False
        self.problems.add(_mark(self.path, event.start_mark), f"YAML tags such as '{event.tag}' are not allowed")
        return True

    def build(self, loader) -> Node | None:
        """The document's root node, or None when it is empty or broken beyond use.

        A large site's content is hundreds of thousands of values, so the common case runs inline
        here, without a method call per value: a scalar with no anchor, no tag, a length within
        the limit and no refused character, and a mapping entry whose key is a new plain name.
        Anything else takes the full path (_scalar, _add), which says what is wrong with it."""
        path, problems = self.path, self.problems
        root: list[Node | None] = []
        stack: list[_Open] = []
        anchors: set[str] = set()
        node: Node | None
        get_event = loader.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is _ScalarEvent:
                text = event.value
                if (
                    event.anchor is not None
                    or event.tag not in _PLAIN_TAGS
                    or len(text) > MAX_TEXT_CHARS
                    or _unsafe(text) is not None
                ):
                    node = self._scalar(event)
                    if event.anchor is not None:
                        anchors.add(event.anchor)
                else:
                    start = event.start_mark
                    mark = Mark(path, start.line + 1, start.column + 1)
                    if event.style:  # quoted or a block: text as written
                        node = Scalar(mark, text, text, True)
                    elif text and text[0] not in _MAYBE_NOT_TEXT:
                        node = Scalar(mark, text, text, False)
                    else:
                        node = Scalar(mark, _typed_plain_scalar(text, mark, problems), text, False)
            elif kind is _SequenceStartEvent or kind is _MappingStartEvent:
                mark = _mark(path, event.start_mark)
                if len(stack) >= MAX_DEPTH:
                    problems.add(mark, f"values are nested more than {MAX_DEPTH} levels deep; the limit is {MAX_DEPTH}")
                    return None
                self._refuse_anchor(event)
                if event.anchor is not None:
                    anchors.add(event.anchor)
                dropped = self._refuse_tag(event, _SEQ_TAG if kind is _SequenceStartEvent else _MAP_TAG)
                node = Sequence(mark) if kind is _SequenceStartEvent else Mapping(mark)
                stack.append(_Open(None if dropped else node, kind is _MappingStartEvent))
                continue
            elif kind is _SequenceEndEvent or kind is _MappingEndEvent:
                open_ = stack.pop()
                node = open_.node
                if open_.count > MAX_ITEMS and node is not None:
                    what = "mapping" if open_.is_mapping else "list"
                    problems.add(
                        node.mark, f"a {what} of {_count(open_.count)} items; the limit is {_count(MAX_ITEMS)}"
                    )
                    node = None
            elif kind is _AliasEvent:
                node = None
                if event.anchor not in anchors:  # an anchor's own problem already covers its aliases
                    problems.add(
                        _mark(path, event.start_mark),
                        "anchors and aliases (&name, *name) are not allowed; write the value out",
                    )
            elif kind is _DocumentStartEvent or kind is _StreamStartEvent:
                if kind is _DocumentStartEvent and root:
                    problems.add(
                        _mark(path, event.start_mark),
                        "more than one YAML document; a content file holds exactly one",
                    )
                    return None
                continue
            elif kind is _StreamEndEvent:
                return root[0] if root else None
            else:  # DocumentEndEvent
                continue
            if not stack:
                root.append(node)
                continue
            open_ = stack[-1]
            if open_.is_mapping and open_.has_key:
                key = open_.key
                mapping = open_.node
                # A new plain name with a value: most entries. Else _add says what is wrong.
                if (
                    node is not None
                    and type(mapping) is Mapping
                    and type(key) is Scalar
                    and type(key.value) is str
                    and key.text != "<<"
                    and key.text not in mapping.entries
                ):
                    open_.has_key, open_.key = False, None
                    open_.count += 1
                    mapping.entries[key.text] = (key, node)
                    continue
            self._add(open_, node)

    def _scalar(self, event) -> Scalar | None:
        mark = _mark(self.path, event.start_mark)
        self._refuse_anchor(event)
        if self._refuse_tag(event, _STR_TAG):
            return None
        if len(event.value) > MAX_TEXT_CHARS:
            self.problems.add(
                mark, f"a value of {_count(len(event.value))} characters; the limit is {_count(MAX_TEXT_CHARS)}"
            )
            return None
        if UNSAFE.search(event.value):  # written as is (U+202E) or as an escape ("\x1b"), which PyYAML allows
            self.problems.add(mark, refused_characters(event.value))
            return None
        quoted = event.style not in (None, "")  # plain scalars have no style
        value = event.value if quoted else _typed_plain_scalar(event.value, mark, self.problems)
        return Scalar(mark, value, event.value, quoted)

    def _add(self, open_: _Open, node: Node | None) -> None:
        if not open_.is_mapping:
            open_.count += 1
            if node is not None and isinstance(open_.node, Sequence):  # a list's node is a Sequence or None
                open_.node.items.append(node)
            return
        if not open_.has_key:
            open_.has_key, open_.key = True, node
            return
        key, open_.has_key, open_.key = open_.key, False, None
        open_.count += 1
        if isinstance(open_.node, Mapping) and key is not None:  # a mapping's node is a Mapping or None
            self._entry(open_.node, key, node)

    def _entry(self, result: Mapping, key: Node, value: Node | None) -> None:
        """Check the key even when its value was refused: the key may be wrong too."""
        if not isinstance(key, Scalar) or key.value is None or isinstance(key.value, bool):
            self.problems.add(key.mark, "keys must be plain names, not lists, mappings or empty values")
            return
        if key.text == "<<":
            self.problems.add(key.mark, "merge keys (<<) are not allowed; write the fields out")
            return
        if key.text in result.entries:
            first = result.entries[key.text][0].mark.line
            self.problems.add(key.mark, f"duplicate key '{key.text}' (first written on line {first})")
            return
        if value is not None:
            result.entries[key.text] = (key, value)
        else:
            result.refused = result.refused | {key.text}


def decode_utf8(path: str, data: bytes, problems: Problems) -> str | None:
    """The text of a file's bytes, without a byte order mark; None after a located problem if not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        bad = data[error.start]
        problems.add(Mark(path, line, col), f"invalid UTF-8 (byte 0x{bad:02x}); save the file as UTF-8")
        return None
    return text.removeprefix("\ufeff")


def _yaml_error_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or str(error)
    if "'\\t'" in problem or "\t" in problem:
        return "tab character; YAML indentation must use spaces"
    if "expected a single document" in problem or "but found another document" in (error.context or "") + problem:
        return "more than one YAML document; a content file holds exactly one"
    return f"invalid YAML: {problem}"


def read_yaml(path: str, data: bytes, problems: Problems) -> Mapping | None:
    """Parse one file's bytes; report every problem found into `problems`, return the tree or None."""
    if len(data) > MAX_FILE_BYTES:
        problems.add(Mark(path, 1, 1), file_too_large(len(data)))
        return None
    before = len(problems)
    text = decode_utf8(path, data, problems)
    if text is None:
        return None
    if "\t" in text:
        # PyYAML accepts tabs in some places and not others; one rule is easier to follow.
        for number, line in enumerate(text.splitlines(), start=1):
            if "\t" in line:
                problems.add(
                    Mark(path, number, line.index("\t") + 1), "tab character; YAML indentation must use spaces"
                )
        return None
    loader = _Parser(text)
    try:
        tree = _TreeBuilder(path, problems).build(loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problems.add(_mark(path, mark) if mark else Mark(path, 1, 1), _yaml_error_message(error))
        return None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as NUL
        line_start = text.rfind("\n", 0, error.position) + 1
        refused = first_unsafe(chr(error.character))
        problems.add(
            Mark(path, text.count("\n", 0, error.position) + 1, error.position - line_start + 1),
            refused.message if refused else f"{code_point(chr(error.character))} is not allowed in YAML; remove it",
        )
        return None
    except yaml.YAMLError as error:
        problems.add(Mark(path, 1, 1), f"invalid YAML: {error}")
        return None
    finally:
        loader.dispose()
    if tree is None:
        if len(problems) == before:  # nothing was written, rather than something refused
            problems.add(Mark(path, 1, 1), "the file is empty; it must be a mapping of fields")
        return None
    if not isinstance(tree, Mapping):
        problems.add(tree.mark, "the file must be a mapping of fields (key: value), not a list or a single value")
        return None
    return tree


def refused_characters(text: str) -> str:
    """The problem with a value that holds characters no content may hold (roundbook/text_safety/characters.py)."""
    found = unsafe_characters(text, limit=2)
    more = " (and more in this value)" if len(found) > 1 else ""
    return f"character {found[0].index + 1} of this value: {found[0].message}{more}"


def file_too_large(size: int) -> str:
    return f"the file is {_count(size)} bytes; the limit is {_count(MAX_FILE_BYTES)} bytes"
