"""The import graph of roundbook/: no cycle, and each part imports only what the layering allows.

The graph is read from the source with ast, never by importing it. Every `import` and
`from ... import` of a roundbook module counts, wherever it stands: at the top of a file, inside a
function, or under `if TYPE_CHECKING:`. A function-level import is still a dependency, only a later
one, and a type named under TYPE_CHECKING is still a dependency on the module that defines it;
counting both means neither can hide a cycle.

An import is an edge to the module it names (`from roundbook.model.money import Money` and
`from roundbook.model import money` both go to roundbook.model.money; `from roundbook.validate
import CheckedContent` to the package roundbook.validate), not to the packages above it that Python
initialises first: with those, every package whose __init__.py imports its own modules would be
a cycle.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "roundbook"
ARCHITECTURE_PAGE = PACKAGE.parent / "docs/pages/architecture.md"

# Data flows one way, in this order: load → validate → model → render → site, with the open data
# files (export) beside render and the text module (roundbook/text.py: how numbers, money and dates
# read) under both. No part here reaches, by importing it or something that imports it, a part
# after it: load knows nothing of the model, the model nothing of pages or exports, export nothing
# of pages, text nothing of the stages that show it. Render may use export (the data page documents
# the open data files from their own definitions); export may not use render.
DIRECTION = ("load", "validate", "model", "text", "export", "render", "site")

# What each part of roundbook/ (a subpackage or a top-level module) may import from the others; its
# own modules it may always import. A new part fails the tests until it is placed here.
MAY_IMPORT = {
    # Foundations: they import nothing of roundbook.
    "roundbook": set(),  # roundbook/__init__.py: the version
    "problems": set(),
    "shipped": set(),
    "stage_clock": set(),
    "build_caches": set(),  # the caches that live for one build, emptied by roundbook/site/memory.py
    "text_safety": set(),  # the guards of text: characters at load, markup in render, page HTML in the site
    "content_cache": set(),  # where what was learnt of the content is kept between runs (.roundbook-cache/)
    "user_cache": set(),  # the one folder outside every project for what is made once for all sites
    "template_code": {"content_cache", "user_cache"},  # Jinja's compiled templates, kept there
    # The pipeline, and what it leans on.
    "load": {"problems", "text_safety"},
    "schema": {"load", "problems", "text_safety"},
    "rates": {"problems"},
    # Where every page and file of the site lives: validation asks it for the reserved names, so it
    # knows records by their kind, not by the model's classes.
    "addresses": {"build_caches", "schema"},
    "reserved": {"addresses"},
    "validate": {"content_cache", "load", "problems", "rates", "reserved", "schema", "text_safety"},
    "model": {"build_caches", "problems", "rates", "schema", "validate"},
    "history": {"load", "model"},
    "pipeline": {"load", "model", "problems", "stage_clock", "validate"},
    "text": {"build_caches", "model", "schema"},
    "export": {"addresses", "history", "model", "schema", "text"},
    "render": {"addresses", "export", "history", "model", "schema", "shipped", "template_code", "text", "text_safety"},
    "site": {
        "addresses",
        "build_caches",
        "content_cache",
        "export",
        "history",
        "load",
        "model",
        "pipeline",
        "problems",
        "render",
        "reserved",
        "schema",
        "shipped",
        "stage_clock",
        "template_code",
        "text",
        "text_safety",
        "user_cache",
        "validate",
    },
    # Beside the pipeline: the tools that write or check content, and the command line.
    "reporting": {"problems"},
    "edit": {"load", "problems", "schema"},
    "importers": {"edit", "load", "problems", "reserved", "schema", "text", "validate"},
    "links": {"problems", "schema", "validate"},
    "commands": {
        "addresses",
        "edit",
        "importers",
        "links",
        "load",
        "pipeline",
        "problems",
        "rates",
        "reporting",
        "reserved",
        "roundbook",
        "schema",
        "shipped",
        "text",
        "validate",
    },
    "cli": {"commands"},
}


def module_files(package: Path) -> dict[str, Path]:
    """Every module of the package by its dotted name; a package by its own name."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _deepest_module(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(package: Path) -> dict[str, dict[str, int]]:
    """For each module, the package's modules it imports and the line of the first such import."""
    modules = module_files(package)
    root = package.name
    graph = {}
    for name, path in modules.items():
        own_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: `from . import x`, `from ..model import y`
                    anchor = own_package.split(".")[: len(own_package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                # `from roundbook.render import charts` names the module roundbook.render.charts.
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names
                ]
            else:
                continue
            for target in targets:
                if target == root or target.startswith(root + "."):
                    module = _deepest_module(target, modules)
                    if module and module != name:
                        edges[module] = min(edges.get(module, node.lineno), node.lineno)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str] | dict[str, int]]) -> list[str] | None:
    """One cycle of the graph, its first node repeated at its end, or None when there is none."""
    state: dict[str, str] = {}  # "open" while on the path being walked, then "done"
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := walk(target)):
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (cycle := walk(start)):
            return cycle
    return None


def part_of(module: str) -> str:
    """The part of roundbook a module belongs to: roundbook.render.charts is in `render`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


@pytest.fixture(scope="module")
def graph():
    return import_graph(PACKAGE)


def test_no_module_imports_itself_back(graph):
    cycle = find_cycle(graph)
    if cycle:
        files = module_files(PACKAGE)
        steps = [
            f"{files[a].relative_to(PACKAGE.parent)}:{graph[a][b]}: {a} imports {b}"
            for a, b in itertools.pairwise(cycle)
        ]
        pytest.fail("an import cycle:\n" + "\n".join(steps))


def test_every_part_is_placed_in_the_layering(graph):
    parts = {part_of(module) for module in graph}
    assert parts - MAY_IMPORT.keys() == set(), "parts of roundbook/ with no place in MAY_IMPORT"
    assert MAY_IMPORT.keys() - parts == set(), "MAY_IMPORT places parts roundbook/ no longer has"


def test_every_import_is_one_the_layering_allows(graph):
    files = module_files(PACKAGE)
    refused = [
        f"{files[module].relative_to(PACKAGE.parent)}:{line}: {part_of(module)} imports {target}, "
        "which MAY_IMPORT does not allow it"
        for module, edges in graph.items()
        for target, line in edges.items()
        if part_of(target) != part_of(module) and part_of(target) not in MAY_IMPORT.get(part_of(module), set())
    ]
    if refused:
        pytest.fail("\n".join(refused))


def test_the_layering_has_no_cycle_and_flows_one_way():
    assert find_cycle(MAY_IMPORT) is None
    for index, part in enumerate(DIRECTION):
        later = set(DIRECTION[index + 1 :]) & reachable(MAY_IMPORT, part)
        assert later == set(), f"{part} may reach {sorted(later)}, which come after it"


def test_a_cycle_is_found_and_named():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def documented_layering() -> dict[str, set[str]]:
    """The architecture page's table of parts: `| `part` | owns | may import |`, by part."""
    rows = {}
    for line in ARCHITECTURE_PAGE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].endswith("`"):
            imports = cells[2]
            rows[cells[0].strip("`")] = (
                set() if imports == "nothing" else {name.strip().strip("`") for name in imports.split(",")}
            )
    return rows


def test_the_architecture_page_lists_every_part_and_what_it_may_import():
    documented = documented_layering()
    assert documented.keys() == MAY_IMPORT.keys(), "docs/pages/architecture.md and MAY_IMPORT name other parts"
    for part, allowed in MAY_IMPORT.items():
        assert documented[part] == allowed, f"docs/pages/architecture.md says otherwise of what {part} may import"
