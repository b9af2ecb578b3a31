"""The reference pages of the documentation, written from the code at every build.

An MkDocs hook (docs/mkdocs.yml names it under `hooks:`). Nothing here is copied by hand: every
field, type and description comes from roundbook/schema/kinds.py and the importer's mapping, the
vocabularies from the dictionaries the validator checks against, the plugin's options from
roundbook/site/config.py, the CSV columns from roundbook/export/csv_files.py, and each command's
text from the command itself, as `roundbook COMMAND --help` prints it. When the code changes, the
next build says so; tests/test_docs.py checks the pages against the code.

The pages are added in memory (`File.generated`): reference/ holds no file in the repository.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import re
from pathlib import Path

import click
import yaml
from mkdocs.structure.files import File, Files

from roundbook.cli import main
from roundbook.export.csv_files import downloads
from roundbook.export.licence import LICENCES
from roundbook.importers import mapping as import_mapping
from roundbook.importers.sector_labels import DEFAULTS as SECTOR_LABEL_DEFAULTS
from roundbook.importers.stages import CRUNCHBASE_TYPES, CRUNCHBASE_UNSUPPORTED
from roundbook.schema import kinds
from roundbook.schema.fields import (
    AmountType,
    BoolType,
    CodeType,
    DateType,
    EnumType,
    Field,
    ListType,
    LiteralOr,
    MapType,
    ObjectType,
    SlugType,
    TextType,
    UrlType,
)
from roundbook.schema.stages import stage_short_label
from roundbook.shipped import SCAFFOLD
from roundbook.site import config as plugin_config
from roundbook.site.offline import add_shim

DOCS = Path(__file__).resolve().parent.parent  # docs/
EXAMPLE_MAPPING = DOCS / "pages" / "run" / "import-mapping.example.yml"
STARTER_SECTORS = SCAFFOLD / "content" / "reference" / "sectors.yml"
# `roundbook COMMAND --help` in a terminal of 80 columns, as click wraps it (and as CI logs show it).
HELP_WIDTH = 78

# The content files, in the order a contributor meets them, and where each lives.
CONTENT_KINDS = [
    ("round", "content/rounds/<company>/<round>.yml"),
    ("organization", "content/companies/<slug>.yml"),
    ("person", "content/people/<slug>.yml"),
    ("sectors", "content/reference/sectors.yml"),
    ("currency-rates", "content/reference/currency-rates.yml"),
]

# Vocabularies the format checks against: name, anchor on values.md, the dictionary, what it is.
VOCABULARIES = [
    (
        "Stages",
        "stages",
        kinds.STAGES,
        "A round's `stage`, as its slug. `roundbook new round --stage` and the spreadsheet importer "
        "also take a stage's label or letter in any case and spacing (`Series A`, `series a`, `A`; "
        "`Series B+` for an extension); a content file holds the slug, and `roundbook validate` names "
        "the slug to write for any other spelling. Tables and charts show the short label.",
    ),
    (
        "Precisions",
        "precisions",
        kinds.PRECISIONS,
        "An amount's or valuation's `precision`; `exact` when it is left out.",
    ),
    ("Valuation bases", "valuation-bases", kinds.BASES, "A valuation's `basis`, when the source says which."),
    ("Organization kinds", "organization-kinds", kinds.ORGANIZATION_KINDS, "An organization's `kind`."),
    ("Statuses", "statuses", kinds.STATUSES, "An organization's `status`."),
    ("Parts of a page", "parts-of-a-page", kinds.PAGE_PARTS, "What a hand-written page's `hide` may name."),
]


# --- Markdown helpers ---------------------------------------------------------------------------

_MARKUP = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "{": "&#123;",
        "}": "&#125;",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
    }
)


def text(value: str) -> str:
    """Roundbook's own descriptions as Markdown text in a table cell: `<slug>` stays text, a
    backticked name becomes code, and nothing else is read as markup."""
    parts = value.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick is a backtick
        parts = [value]
    return "".join(
        code(part.replace("|", "\\|")) if index % 2 else part.translate(_MARKUP) for index, part in enumerate(parts)
    )


def code(value: str) -> str:
    return f"`{value}`"


def table(headings: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def anchor(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


# --- the content format -------------------------------------------------------------------------


def _vocabulary_link(values: dict, page: str) -> str | None:
    for title, slug, vocabulary, _ in VOCABULARIES:
        if values is vocabulary:
            return f"one of the [{title.lower()}]({page}#{slug})"
    return None


def type_text(ftype, values_page: str = "values.md") -> str:
    """What a field holds, in words, with links to the objects and vocabularies it names."""
    if isinstance(ftype, ObjectType):
        return f"[{ftype.title}](#{anchor(ftype.title)})"
    if isinstance(ftype, LiteralOr):
        return f"`{ftype.literal}`, or {type_text(ftype.other, values_page)}"
    if isinstance(ftype, ListType):
        words = f"list of {type_text(ftype.item, values_page)}"
        if ftype.min_items:
            words += f", at least {ftype.min_items}"
        if ftype.unique:
            words += ", each once"
        return words
    if isinstance(ftype, MapType):
        return f"mapping of {type_text(ftype.key, values_page)} to {type_text(ftype.value, values_page)}"
    if isinstance(ftype, EnumType):
        return _vocabulary_link(ftype.values, values_page) or "one of " + ", ".join(map(code, ftype.values))
    if isinstance(ftype, SlugType):
        return "slug (`a-z`, `0-9`, single hyphens)"
    if isinstance(ftype, UrlType):
        return "URL (http or https)"
    if isinstance(ftype, CodeType):
        return text(ftype.what.removeprefix("an ").removeprefix("a "))
    if isinstance(ftype, TextType):
        words = "Markdown" if ftype.multiline else ("name" if ftype.name else "text")
        if ftype.pattern is not None and ftype.pattern_hint:
            words += f" ({text(ftype.pattern_hint)})"
        if ftype.max_length:
            words += f", at most {ftype.max_length:,} characters"
        return words
    if isinstance(ftype, DateType):
        return "date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`"
    if isinstance(ftype, BoolType):
        return "`true` or `false`"
    if isinstance(ftype, AmountType):
        return f"amount: `1000000`, `300M`, `2.5B`, from {ftype.minimum:f} to 10^18"
    raise TypeError(f"no words for {type(ftype).__name__}: add them to docs/hooks/reference.py")


def field_table(fields: list[Field], values_page: str = "values.md") -> str:
    rows = [
        [code(f.name), type_text(f.type, values_page), "required" if f.required else "", text(f.doc)] for f in fields
    ]
    return table(["Field", "Holds", "Required", "What it is"], rows)


def nested_objects(ftype, found: dict[str, ObjectType]) -> dict[str, ObjectType]:
    """Every object type used inside `ftype`, by title, in the order they are met."""
    if isinstance(ftype, ObjectType):
        for f in ftype.fields:
            inner = f.type
            for candidate in _inner_types(inner):
                if isinstance(candidate, ObjectType) and candidate.title not in found:
                    found[candidate.title] = candidate
                    nested_objects(candidate, found)
    return found


def _inner_types(ftype):
    yield ftype
    if isinstance(ftype, LiteralOr):
        yield from _inner_types(ftype.other)
    elif isinstance(ftype, ListType):
        yield from _inner_types(ftype.item)
    elif isinstance(ftype, MapType):
        yield from _inner_types(ftype.key)
        yield from _inner_types(ftype.value)


def format_page() -> str:
    parts = [
        "# Content format\n",
        f"Version {kinds.FORMAT_VERSION} of the format: every field of every kind of file, from "
        "`roundbook/schema/kinds.py`, the definitions the validator checks files against and the JSON "
        "Schemas in `schemas/` are made from. A field left out, or written empty (`field:`), is unknown; "
        "a required one must be there. [Writing a record](../contribute/records.md) has a commented "
        "example of each file and says how to choose the values.\n",
    ]
    objects: dict[str, ObjectType] = {}
    for name, path in CONTENT_KINDS:
        kind = kinds.KINDS[name]
        parts.append(f"## {kind.title} {{#{name}}}\n")
        parts.append(
            f"{text(kind.description)}\n\nFile: {code(path)}; its JSON Schema: `schemas/{name}.schema.json`.\n"
        )
        parts.append(field_table(kind.fields))
        nested_objects(kind, objects)
    page = kinds.PAGE
    parts.append(f"## {page.title} {{#page-front-matter}}\n")
    parts.append(f"{text(page.description)} Any other key is refused.\n")
    parts.append(field_table(page.fields))
    parts.append("## Inside the files\n")
    parts.append("The objects the fields above hold.\n")
    for title, obj in objects.items():
        parts.append(f"### {title} {{#{anchor(title)}}}\n")
        parts.append(field_table(obj.fields))
    return "\n".join(parts)


# --- controlled values --------------------------------------------------------------------------


def starter_sectors() -> dict[str, dict]:
    return yaml.safe_load(STARTER_SECTORS.read_text(encoding="utf-8"))["sectors"]


def values_page() -> str:
    parts = [
        "# Controlled values\n",
        "The words a field may hold, with what each means, from `roundbook/schema/kinds.py` "
        "(the stages from `roundbook/schema/stages.py`). "
        "`roundbook validate` refuses any other and suggests the closest.\n",
    ]
    for title, slug, vocabulary, what in VOCABULARIES:
        parts.append(f"## {title} {{#{slug}}}\n")
        parts.append(f"{what}\n")
        if vocabulary is kinds.STAGES:
            rows = [
                [code(value), text(meaning), text(stage_short_label(value))] for value, meaning in vocabulary.items()
            ]
            parts.append(table(["Value", "Means", "Short label"], rows))
            continue
        parts.append(table(["Value", "Means"], [[code(value), text(meaning)] for value, meaning in vocabulary.items()]))
    parts.append("## Sectors of the starter table {#sectors}\n")
    parts.append(
        "The sectors a profile's `sectors` may name are the site's own, in "
        "`content/reference/sectors.yml`. `roundbook init` starts a site with these "
        "(`roundbook/scaffold/content/reference/sectors.yml`); add, rename or remove them there.\n"
    )
    parts.append(
        table(
            ["Slug", "Name", "What belongs in it"],
            [
                [code(slug), text(sector["name"]), text(sector.get("description", ""))]
                for slug, sector in starter_sectors().items()
            ],
        )
    )
    parts.append("## Data licences {#licences}\n")
    parts.append(
        "The `data_licence` of the `roundbook` plugin in `mkdocs.yml`, an SPDX id (`roundbook/export/licence.py`).\n"
    )
    parts.append(
        table(
            ["Id", "Licence"],
            [[code(licence.id), f"[{text(licence.name)}]({licence.url})"] for licence in LICENCES.values()],
        )
    )
    return "\n".join(parts)


# --- the importer -------------------------------------------------------------------------------


def import_page() -> str:
    mapping = import_mapping.MAPPING
    parts = [
        "# Import mapping and Crunchbase\n",
        "What `roundbook import csv` reads from its mapping file, from `roundbook/importers/mapping.py`, and "
        "how `roundbook import crunchbase` names stages, from `roundbook/importers/stages.py`. "
        "[Importing data](../run/import.md) explains each with worked examples.\n",
        "## Mapping file {#mapping-file}\n",
        field_table(mapping.fields),
    ]
    for title, obj in nested_objects(mapping, {}).items():
        parts.append(f"### {title} {{#{anchor(title)}}}\n")
        parts.append(field_table(obj.fields))
    parts.append("## A mapping file with every key {#example}\n")
    parts.append(
        "[`import-mapping.example.yml`](../run/import-mapping.example.yml), which the tests read "
        "with the importer's own reader:\n"
    )
    parts.append("```yaml\n" + EXAMPLE_MAPPING.read_text(encoding="utf-8") + "```\n")
    parts.append("## Crunchbase round types {#crunchbase-round-types}\n")
    parts.append(
        "A round's `investment_type` (`funding_round_type` in older exports) gives its stage. "
        "`venture` takes its stage from the round's code: `A` to `K` are `series-a` to `series-k`, "
        "a code with `+` or `ext` an extension, no code `venture-undisclosed`.\n"
    )
    rows = [[code(kind), code(stage)] for kind, stage in CRUNCHBASE_TYPES.items()]
    rows += [
        [code(kind), f"none: {text(why)}; the row is skipped with that reason"]
        for kind, why in CRUNCHBASE_UNSUPPORTED.items()
    ]
    parts.append(table(["Round type", "Stage"], rows))
    parts.append("## Sector labels known without a mapping {#sector-labels}\n")
    parts.append(
        "Labels of a `sectors` column and Crunchbase's categories, matched without regard to case, "
        "each used only when its sector is in the site's `content/reference/sectors.yml` "
        "(`roundbook/importers/sector_labels.py`). The mapping file's `sectors:` comes first.\n"
    )
    parts.append(
        table(
            ["Sector", "Labels"],
            [[code(slug), ", ".join(map(code, labels))] for slug, labels in SECTOR_LABEL_DEFAULTS.items()],
        )
    )
    return "\n".join(parts)


# --- the plugin's options -----------------------------------------------------------------------


def plugin_options() -> list[tuple[str, object, str]]:
    """(name, option, docstring) for each option of the `roundbook` plugin, in the order of config.py."""
    tree = ast.parse(inspect.getsource(plugin_config))
    docs: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "RoundbookConfig":
            body = node.body
            for statement, following in itertools.pairwise(body):
                if (
                    isinstance(statement, ast.Assign)
                    and isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                ):
                    docs[statement.targets[0].id] = " ".join(following.value.value.split())
    return [(name, option, docs[name]) for name, option in plugin_config.RoundbookConfig._schema]


def option_holds(option) -> str:
    choices = getattr(option, "choices", None)
    if choices:
        return "one of " + ", ".join(map(code, choices))
    kind = getattr(option, "_type", None)
    return {str: "text", bool: "`true` or `false`", int: "a whole number"}[kind]


def option_default(option) -> str:
    default = option.default
    return code("true" if default is True else "false" if default is False else str(default))


def plugin_page() -> str:
    rows = [
        [code(name), option_holds(option), option_default(option), text(doc)] for name, option, doc in plugin_options()
    ]
    return "\n".join(
        [
            "# Plugin options\n",
            "The options of the `roundbook` plugin under `plugins:` in `mkdocs.yml`, from "
            "`roundbook/site/config.py`. [Configuration](../run/configuration.md) says when to change each.\n",
            "```yaml\nplugins:\n  - roundbook:\n"
            + "".join(f"      {name}: {option_default(option).strip('`')}\n" for name, option, _ in plugin_options())
            + "```\n",
            table(["Option", "Holds", "Default", "What it does"], rows),
        ]
    )


# --- the open data ------------------------------------------------------------------------------


def downloads_page() -> str:
    parts = [
        "# Download columns\n",
        "The columns of the CSV files every site publishes under `/data/`, from "
        "`roundbook/export/csv_files.py`; each site's own data page lists them too. "
        "[Data downloads and API](../read/data.md) says how to read them.\n",
    ]
    for download in downloads():
        parts.append(f"## {download.name} {{#{anchor(download.name)}}}\n")
        parts.append(f"{text(download.description)}\n")
        parts.append(table(["Column", "Meaning"], [[code(c.name), text(c.meaning)] for c in download.columns]))
    return "\n".join(parts)


# --- the commands -------------------------------------------------------------------------------


def commands(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command a user runs, as `roundbook --help` and its groups list them."""
    context = click.Context(group, info_name="roundbook")
    found: list[tuple[str, ...]] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            found += commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def command_help(path: tuple[str, ...]) -> str:
    """What `roundbook PATH --help` prints in a terminal of 80 columns."""
    context = click.Context(main, info_name="roundbook", terminal_width=HELP_WIDTH, max_content_width=HELP_WIDTH)
    command: click.Command = main
    for name in path:
        command = command.get_command(context, name)
        context = click.Context(command, info_name=name, parent=context)
    return command.get_help(context)


def commands_page() -> str:
    parts = [
        "# Commands\n",
        "Each command's own help, as `roundbook COMMAND --help` prints it: this page is made by running it. "
        "`roundbook` is installed in `.venv/bin/` by `make site` and `make test`; `roundbook --version` "
        "prints its version. Exit status: 0 when all is well; 1 when the command found problems, or refused to do "
        "something and said why (`roundbook new` also when the file it wrote does not validate yet); 2 for a "
        "mistake in the command itself: an unknown option, a missing argument, a value it does not accept.\n",
        "```text\n" + command_help(()) + "\n```\n",
    ]
    for path in commands():
        parts.append(f"## roundbook {' '.join(path)} {{#{'-'.join(path)}}}\n")
        parts.append("```text\n" + command_help(path) + "\n```\n")
    return "\n".join(parts)


# --- the index ----------------------------------------------------------------------------------


def index_page() -> str:
    rows = [[f"[{title}]({path.removeprefix('reference/')})", text(what)] for path, title, what, _, _ in PAGES[1:]]
    return "\n".join(
        [
            "# Reference\n",
            "These pages are written from Roundbook's code each time the documentation is built "
            "(`docs/hooks/reference.py`), so they say what the code does. The guides explain; these list.\n",
            table(["Page", "What it lists"], rows),
        ]
    )


# path, title, what it lists, the page's text, the file its edit link opens
PAGES = [
    ("reference/index.md", "Reference", "", index_page, "docs/hooks/reference.py"),
    (
        "reference/format.md",
        "Content format",
        "Every field of every kind of file: what it holds, whether it is required, what it is",
        format_page,
        "roundbook/schema/kinds.py",
    ),
    (
        "reference/values.md",
        "Controlled values",
        "Stages, precisions, valuation bases, organization kinds, statuses, parts of a page, "
        "the starter sectors and the data licences",
        values_page,
        "roundbook/schema/kinds.py",
    ),
    (
        "reference/import.md",
        "Import mapping and Crunchbase",
        "Every key of the mapping file, Crunchbase's round types and the sector labels known without a mapping",
        import_page,
        "roundbook/importers/mapping.py",
    ),
    (
        "reference/plugin.md",
        "Plugin options",
        "Every option of the roundbook plugin in mkdocs.yml, with its default",
        plugin_page,
        "roundbook/site/config.py",
    ),
    (
        "reference/downloads.md",
        "Download columns",
        "Every column of the CSV downloads",
        downloads_page,
        "roundbook/export/csv_files.py",
    ),
    ("reference/commands.md", "Commands", "Every command's --help", commands_page, "roundbook/cli.py"),
]


def reference_pages() -> dict[str, str]:
    """Path under docs/pages/ -> Markdown, for every reference page."""
    return {path: make() for path, _, _, make, _ in PAGES}


# --- the hook -----------------------------------------------------------------------------------


def on_files(files: Files, config) -> Files:
    for path, _, _, make, source in PAGES:
        page = File.generated(config, path, content=make())
        # The edit button opens the code the page is written from (edit_uri is docs/pages/).
        page.edit_uri = "../../" + source
        files.append(page)
    # Search from disk (Material's offline plugin) without asking unpkg.com for the worker shim:
    # Roundbook's own copy, named in docs/mkdocs.yml's extra.polyfills.
    add_shim(files, config)
    return files
