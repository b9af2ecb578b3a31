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
from typing import Union

import yaml

from roundbook.problems import Mark, Problems

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


class _TextOnlyLoader(_Parser, yaml.constructor.BaseConstructor, yaml.resolver.BaseResolver):
    """A composer with no implicit resolvers: every plain scalar arrives tagged as text."""

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        yaml.constructor.BaseConstructor.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

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

    value: Union[str, int, float, bool, None]
    text: str
    quoted: bool


@dataclass(slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Mapping(Node):
    """Keys in written order; each maps to (the key's own node, the value node)."""

    entries: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None


def _mark(path: str, yaml_mark) -> Mark:
    return Mark(path, yaml_mark.line + 1, yaml_mark.column + 1)


def _typed_plain_scalar(text: str, mark: Mark, problems: Problems):
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _YAML11_BOOL.match(text):
        problems.add(
            mark,
            f"'{text}' is read as a boolean by YAML 1.1 tools; "
            f"write \"{text}\" in quotes for text, or true/false",
        )
        return text
    if _YAML11_OCTAL.match(text) or _YAML11_SEXAGESIMAL.match(text):
        problems.add(mark, f"'{text}' is read as a different number by YAML 1.1 tools; write \"{text}\" in quotes")
        return text
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


class _TreeBuilder:
    def __init__(self, path: str, problems: Problems):
        self.path = path
        self.problems = problems
        self.seen: set[int] = set()

    def build(self, node: yaml.Node) -> Node | None:
        mark = _mark(self.path, node.start_mark)
        if id(node) in self.seen:
            # The composer hands back the very same node object for every *alias.
            self.problems.add(mark, "anchors and aliases (&name, *name) are not allowed; write the value out")
            return None
        self.seen.add(id(node))
        if node.tag not in (_STR_TAG, _MAP_TAG, _SEQ_TAG):
            self.problems.add(mark, f"YAML tags such as '{node.tag}' are not allowed")
            return None
        if isinstance(node, yaml.ScalarNode):
            quoted = node.style not in (None, "")  # plain scalars have no style
            value = node.value if quoted else _typed_plain_scalar(node.value, mark, self.problems)
            return Scalar(mark, value, node.value, quoted)
        if isinstance(node, yaml.SequenceNode):
            items = [self.build(item) for item in node.value]
            return Sequence(mark, [item for item in items if item is not None])
        return self._mapping(node, mark)

    def _mapping(self, node: yaml.MappingNode, mark: Mark) -> Mapping:
        result = Mapping(mark)
        for key_node, value_node in node.value:
            key = self.build(key_node)
            if key is None:
                continue
            if not isinstance(key, Scalar) or key.value is None or isinstance(key.value, bool):
                self.problems.add(key.mark, "keys must be plain names, not lists, mappings or empty values")
                continue
            if key.text == "<<":
                self.problems.add(key.mark, "merge keys (<<) are not allowed; write the fields out")
                continue
            if key.text in result.entries:
                first = result.entries[key.text][0].mark.line
                self.problems.add(key.mark, f"duplicate key '{key.text}' (first written on line {first})")
                continue
            value = self.build(value_node)
            if value is not None:
                result.entries[key.text] = (key, value)
        return result


def _decode(path: str, data: bytes, problems: Problems) -> str | None:
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


def read_yaml(path: str, data: bytes, problems: Problems) -> Node | None:
    """Parse one file's bytes; report every problem found into `problems`, return the tree or None."""
    text = _decode(path, data, problems)
    if text is None:
        return None
    if "\t" in text:
        # PyYAML accepts tabs in some places and not others; one rule is easier to follow.
        for number, line in enumerate(text.splitlines(), start=1):
            if "\t" in line:
                problems.add(Mark(path, number, line.index("\t") + 1), "tab character; YAML indentation must use spaces")
        return None
    loader = _TextOnlyLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problems.add(_mark(path, mark) if mark else Mark(path, 1, 1), _yaml_error_message(error))
        return None
    except yaml.YAMLError as error:
        problems.add(Mark(path, 1, 1), f"invalid YAML: {error}")
        return None
    finally:
        loader.dispose()
    if root is None:
        problems.add(Mark(path, 1, 1), "the file is empty; it must be a mapping of fields")
        return None
    tree = _TreeBuilder(path, problems).build(root)
    if tree is not None and not isinstance(tree, Mapping):
        problems.add(tree.mark, "the file must be a mapping of fields (key: value), not a list or a single value")
        return None
    return tree
