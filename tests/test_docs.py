"""The documentation says what the code does.

docs/ is an MkDocs site of its own (docs/mkdocs.yml, pages in docs/pages/). Here it is built
strictly, as CI builds it through `make test`; its reference pages, which docs/hooks/reference.py
writes from the code at every build, are checked against the code; and its examples are run: the
commented records are valid and in fmt's layout, the walkthroughs run, the output shown is what
the commands print. README.md and CONTRIBUTING.md are short and point into it.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import BIN, REPO, make_project, roundbook, run
from roundbook.edit.canonical import canonical_text
from roundbook.importers.mapping import COLUMN_FIELDS, MAPPING, read_mapping
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Problems
from roundbook.schema import kinds
from roundbook.schema.fields import CheckContext, ObjectType
from roundbook.schema.kinds import KINDS, PAGE
from roundbook.site.config import RoundbookConfig

DOCS = REPO / "docs"
PAGES = DOCS / "pages"
README = (REPO / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
# The hand-written pages, by their path under docs/pages/.
GUIDES = {path.relative_to(PAGES).as_posix(): path.read_text(encoding="utf-8") for path in sorted(PAGES.rglob("*.md"))}
EVERYTHING = {**GUIDES, "README.md": README, "CONTRIBUTING.md": CONTRIBUTING}
TODAY = dt.date(2026, 11, 29)


def _hook():
    spec = importlib.util.spec_from_file_location("docs_reference_hook", DOCS / "hooks" / "reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reference = _hook()


# --- the site builds, strictly -------------------------------------------------------------------


def build_docs(config: Path, site: Path):
    return run(
        [str(BIN / "mkdocs"), "build", "--strict", "--config-file", str(config), "--site-dir", str(site)], config.parent
    )


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("docs") / "site"
    result = build_docs(DOCS / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def page_text(site: Path, page: str) -> str:
    """A built page's article as a reader reads it: tags dropped, entities decoded, spaces collapsed."""
    article = (site / page).read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def words(text: str) -> str:
    """Roundbook's own descriptions as a reader reads them: `names` are code, shown without backticks."""
    return " ".join(text.replace("`", "").split())


def nav_pages(items) -> list[str]:
    found = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found += nav_pages(value) if isinstance(value, list) else [value]
    return found


DOCS_CONFIG = yaml.safe_load((DOCS / "mkdocs.yml").read_text(encoding="utf-8"))


@pytest.mark.build
def test_the_documentation_builds_strictly_with_every_page_of_its_navigation(docs_site):
    pages = nav_pages(DOCS_CONFIG["nav"])
    assert sorted(pages) == sorted([*GUIDES, *reference.reference_pages()])  # no page left out of the menu
    for page in pages:
        assert (docs_site / page.replace(".md", ".html")).is_file(), page  # opens from disk: links to files
    assert (docs_site / "run/import-mapping.example.yml").is_file()
    assert (docs_site / "images/profile.png").is_file()
    for built in docs_site.rglob("*.html"):  # the offline search's shim is the site's own, not unpkg.com's
        assert not re.search(r'<script[^>]+src="https?://', built.read_text(encoding="utf-8")), built


@pytest.mark.build
def test_a_broken_link_fails_the_documentation_build(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("build"))
    page = docs / "pages/read/figures.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee [the stages](../reference/values.md#no-such-anchor).\n",
        encoding="utf-8",
    )
    result = build_docs(docs / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-anchor" in result.stderr


def test_make_docs_builds_the_documentation_strictly_into_an_ignored_folder():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^docs: \$\(BUILD_SET\)\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "mkdocs build --strict --config-file docs/mkdocs.yml" in recipe
    assert DOCS_CONFIG["site_dir"] == "build" and DOCS_CONFIG["strict"] is True
    assert "/docs/build/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


# --- the reference is written from the code --------------------------------------------------------


def test_the_reference_pages_are_written_at_build_time_and_kept_nowhere():
    assert not (PAGES / "reference").exists()
    assert list(reference.reference_pages()) == [path for path, *_ in reference.PAGES]


def _objects(kind: ObjectType) -> list[ObjectType]:
    return [kind, *reference.nested_objects(kind, {}).values()]


@pytest.mark.build
def test_the_format_reference_has_every_field_of_every_kind_of_file(docs_site):
    text = page_text(docs_site, "reference/format.html")
    markdown = reference.format_page()
    for kind in [*KINDS.values(), PAGE]:
        assert words(kind.description) in text, kind.title
        for obj in _objects(kind):
            for f in obj.fields:
                row = (
                    f"| `{f.name}` | {reference.type_text(f.type)} | {'required' if f.required else ''} | "
                    f"{reference.text(f.doc)} |"
                )
                assert row in markdown, f"{obj.title}: {f.name}"
                assert f"{f.name} " in text and words(f.doc) in text, f"{obj.title}: {f.name}"
    assert "content/rounds/<company>/<round>.yml" in text  # written as text, not swallowed as a tag


@pytest.mark.build
def test_the_values_reference_has_every_stage_precision_kind_status_basis_part_sector_and_licence(docs_site):
    from roundbook.export.licence import LICENCES

    text = page_text(docs_site, "reference/values.html")
    for vocabulary in (
        kinds.STAGES,
        kinds.PRECISIONS,
        kinds.BASES,
        kinds.ORGANIZATION_KINDS,
        kinds.STATUSES,
        kinds.PAGE_PARTS,
    ):
        for value, meaning in vocabulary.items():
            assert f"{value} {words(meaning)}" in text, value
    for slug, sector in reference.starter_sectors().items():
        assert f"{slug} {sector['name']}" in text, slug
    for licence in LICENCES.values():
        assert f"{licence.id} {licence.name}" in text, licence.id


@pytest.mark.build
def test_the_import_reference_has_every_mapping_key_round_type_and_sector_label(docs_site):
    from roundbook.importers.sector_labels import DEFAULTS
    from roundbook.importers.stages import CRUNCHBASE_TYPES, CRUNCHBASE_UNSUPPORTED

    text = page_text(docs_site, "reference/import.html")
    for obj in _objects(MAPPING):
        for f in obj.fields:
            assert f"{f.name} " in text and words(f.doc) in text, f"{obj.title}: {f.name}"
    for kind, stage in CRUNCHBASE_TYPES.items():
        assert f"{kind} {stage}" in text, kind
    assert all(kind in text for kind in CRUNCHBASE_UNSUPPORTED)
    assert all(label in text for labels in DEFAULTS.values() for label in labels)
    assert (PAGES / "run/import-mapping.example.yml").read_text(encoding="utf-8") in reference.import_page()


@pytest.mark.build
def test_the_plugin_reference_has_every_option_with_its_default(docs_site):
    text = page_text(docs_site, "reference/plugin.html")
    options = [name for name, _ in RoundbookConfig._schema]
    assert [name for name, _, _ in reference.plugin_options()] == options
    for name, option in RoundbookConfig._schema:
        # A bool as YAML writes it; not a dict lookup, where 0 would find False's "false".
        default = str(option.default).lower() if isinstance(option.default, bool) else str(option.default)
        assert re.search(rf"\b{name} ?: {re.escape(default)}\b", text), name  # the YAML block of defaults


@pytest.mark.build
def test_the_download_reference_has_every_column(docs_site):
    from roundbook.export.csv_files import downloads

    text = page_text(docs_site, "reference/downloads.html")
    for download in downloads():
        for column in download.columns:
            assert f"{column.name} {words(column.meaning)}" in text, column.name


def test_the_reference_follows_the_code_when_it_changes(monkeypatch):
    """Nothing is copied by hand: a new stage, field or command is on the next build's pages."""
    import click

    from roundbook.cli import main
    from roundbook.schema.fields import Field, TextType

    monkeypatch.setitem(kinds.STAGES, "series-z", "Series Z, made up for this test")
    monkeypatch.setattr(kinds.ROUND, "fields", [*kinds.ROUND.fields, Field("mood", TextType(), "How it felt, made up")])
    monkeypatch.setitem(main.commands, "hello", click.Command("hello", help="Say hello, made up for this test."))
    assert "| `series-z` | Series Z, made up for this test |" in reference.values_page()
    assert "| `mood` | text |  | How it felt, made up |" in reference.format_page()
    assert "## roundbook hello {#hello}" in reference.commands_page()
    assert "Say hello, made up for this test." in reference.commands_page()


def _commands(path: list[str]) -> list[list[str]]:
    """Every command below `roundbook PATH`, as `roundbook --help` and its subcommands list them.
    Asked of click in this process: run as commands, the fifteen `--help`s cost every pytest
    worker 3 s of CPU while it collected the tests (each command's own help is run as a command
    below, once)."""
    from click.testing import CliRunner

    from roundbook.cli import main

    help_text = CliRunner().invoke(main, [*path, "--help"], prog_name="roundbook").output
    if "Commands:" not in help_text:
        return [path]
    names = re.findall(r"^  ([a-z-]+)\s", help_text.split("Commands:")[1], flags=re.MULTILINE)
    return [command for name in names for command in _commands([*path, name])]


COMMANDS = _commands([])


def test_the_commands_are_the_ones_documented_here():
    assert [" ".join(c) for c in COMMANDS] == [
        "check-links",
        "fmt",
        "import crunchbase",
        "import csv",
        "init",
        "new company",
        "new person",
        "new round",
        "rates update",
        "schemas",
        "validate",
    ]
    assert [list(c) for c in reference.commands()] == COMMANDS


@pytest.mark.parametrize("command", [[], *COMMANDS], ids=["roundbook", *(" ".join(c) for c in COMMANDS)])
def test_the_commands_reference_is_what_each_commands_help_prints(command):
    """The page holds `roundbook COMMAND --help` as a terminal of 80 columns shows it: every option."""
    printed = run([str(BIN / "roundbook"), *command, "--help"], REPO, {"COLUMNS": "80"}).stdout
    assert printed.startswith("Usage: roundbook")
    assert f"```text\n{printed}```" in reference.commands_page()


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_is_explained_in_a_guide(command):
    assert any(f"roundbook {' '.join(command)}" in text for text in GUIDES.values()), command


# --- the examples are right -------------------------------------------------------------------------


def fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def kind_of(block: str) -> str:
    """What a YAML example is, from its first line: every example says."""
    if block.startswith("# Mapping file for `roundbook import csv"):
        return "import-mapping"
    if block.startswith("# mkdocs.yml"):
        return "mkdocs.yml"
    match = re.match(r"# yaml-language-server: \$schema=[./]*schemas/([a-z-]+)\.schema\.json\n", block)
    assert match, f"a YAML example must start with its modeline or say what it is: {block[:80]!r}"
    return match.group(1)


YAML_EXAMPLES = [(name, block) for name, text in EVERYTHING.items() for block in fenced(text, "yaml")]


@pytest.mark.parametrize(
    "block", [block for _, block in YAML_EXAMPLES], ids=[f"{name}:{kind_of(block)}" for name, block in YAML_EXAMPLES]
)
def test_documented_examples_are_valid_files(block):
    problems = Problems()
    if kind_of(block) == "mkdocs.yml":
        plugins = yaml.safe_load(block)["plugins"]
        options = next(item["roundbook"] for item in plugins if isinstance(item, dict) and "roundbook" in item)
        config = RoundbookConfig()
        config.load_dict(options)
        assert config.validate() == ([], [])
        return
    tree = read_yaml("example.yml", block.encode(), problems)
    kind = MAPPING if kind_of(block) == "import-mapping" else KINDS[kind_of(block)]
    kind.check(tree, CheckContext(problems, TODAY), "example")
    assert not problems, [str(p) for p in problems.sorted()]


def test_there_is_a_commented_example_of_every_record_a_contributor_writes():
    examples = {kind_of(block) for block in fenced(GUIDES["contribute/records.md"], "yaml")}
    assert examples == {"round", "organization", "person"}


@pytest.mark.parametrize(
    "front_matter",
    [
        m
        for text in GUIDES.values()
        for block in fenced(text, "markdown")
        for m in re.findall(r"\A---\n(.*?)---\n", block, flags=re.DOTALL)
    ],
)
def test_documented_page_front_matter_is_valid(front_matter):
    problems = Problems()
    PAGE.check(read_yaml("page.md", front_matter.encode(), problems), CheckContext(problems, TODAY), "front matter")
    assert not problems, [str(p) for p in problems.sorted()]


def _paths(kind: str) -> str:
    return {
        "round": "content/rounds/x/example.yml",
        "organization": "content/companies/example.yml",
        "person": "content/people/example.yml",
    }[kind]


@pytest.mark.parametrize("block", fenced(GUIDES["contribute/records.md"], "yaml"))
def test_the_commented_examples_are_in_fmts_layout(block):
    problems = Problems()
    assert canonical_text(_paths(kind_of(block)), kind_of(block), block, problems) == block
    assert not problems


def test_the_roundbook_new_walkthrough_runs_and_validates(tmp_path):
    records = GUIDES["contribute/records.md"]
    project = make_project(tmp_path / "project")  # the fixture dataset: the walkthrough's names are made up
    walkthrough = re.search(r"```sh\n(\.venv/bin/roundbook new company.*?)```", records, flags=re.DOTALL).group(1)
    commands = [
        shlex.split(c.replace(".venv/bin/roundbook", "", 1)) for c in walkthrough.replace("\\\n", " ").splitlines()
    ]
    assert [c[:2] for c in commands] == [["new", "company"], ["new", "person"], ["new", "round"]]
    for command in commands:
        result = roundbook(command, project)
        assert result.returncode == 0, result.stderr
        assert result.stdout.endswith("; it validates.\n")
    written = re.findall(r"`(content/[a-z/0-9-]+\.yml)`", records.split("They write ")[1][:300])
    assert len(written) == 3
    for path in written:
        assert (project / path).is_file(), path


CHECKS = GUIDES["contribute/checks.md"]


def _documented(after: str, language: str = "text") -> str:
    """The fenced block of checks.md that follows the words `after`, however the lines wrap."""
    words_after = r"\s+".join(map(re.escape, after.split()))
    return re.search(rf"{words_after}\n\n```{language}\n(.*?)```", CHECKS, flags=re.DOTALL).group(1)


@pytest.fixture
def broken_round(tmp_path) -> Path:
    """The fixture dataset (fictional, not the starter data) with the round checks.md shows added."""
    project = make_project(tmp_path / "project")
    shown = re.search(r"saved as `(content/[a-z0-9/-]+\.yml)`", CHECKS).group(1)
    (project / shown).write_text(_documented("(the names are made up):"), encoding="utf-8")
    return project


def test_the_validate_example_is_what_validate_prints(broken_round):
    result = roundbook(["validate"], broken_round)
    assert result.returncode == 1
    assert result.stdout == _documented(", it prints:")


def test_the_github_and_json_examples_are_what_validate_prints(broken_round):
    github = roundbook(["validate", "--format", "github"], broken_round).stdout
    assert github == _documented("then the summary line:")
    printed = json.loads(roundbook(["validate", "--format", "json"], broken_round).stdout)
    assert printed == json.loads(_documented("one document for tools:", "json"))


IMPORT = GUIDES["run/import.md"]


def test_the_mapping_file_example_has_every_key_and_reads_without_problems():
    problems = Problems()
    path = PAGES / "run/import-mapping.example.yml"
    mapping = read_mapping(path, "import-mapping.example.yml", problems, TODAY)
    assert not problems, [str(p) for p in problems.sorted()]
    assert sorted(mapping.columns) == sorted(f.name for f in COLUMN_FIELDS)
    text = path.read_text(encoding="utf-8")
    assert all(re.search(rf"^{f.name}:", text, flags=re.MULTILINE) for f in MAPPING.fields if f.name != "columns")
    for spec in COLUMN_FIELDS + MAPPING.fields:  # every key is explained in the guide to importing
        assert f"`{spec.name}`" in IMPORT, spec.name


def test_each_kind_of_input_has_a_worked_example_whose_rows_the_tests_import():
    fixtures = REPO / "tests/fixtures/import"
    examples = re.findall(r"### Worked example: (.*)", IMPORT)
    assert examples == ["a sheet with a source on every row", "a hand-kept ledger", "a partial export"]
    for block in fenced(IMPORT, "csv"):
        rows = block.splitlines()
        sources = [
            path for path in fixtures.rglob("*.csv") if set(rows) <= set(path.read_text(encoding="utf-8").splitlines())
        ]
        assert sources, f"not the rows of a fixture: {rows[:2]}"
    for folder in re.findall(r"`tests/fixtures/import/([a-z-]+)/`", IMPORT):
        assert (fixtures / folder).is_dir(), folder


def test_the_guide_to_configuration_explains_every_plugin_option():
    guide = GUIDES["run/configuration.md"]
    listed = guide.split("## The roundbook plugin's options")[1].split("\n## ")[0]
    assert "api_v1" in [name for name, _ in RoundbookConfig._schema]
    assert [name for name, _ in RoundbookConfig._schema if f"- `{name}` (default" not in listed] == []


def test_the_guide_to_templates_names_every_page_template():
    from roundbook.shipped import PAGE_TEMPLATES

    guide = GUIDES["run/templates.md"]
    assert [t.name for t in sorted(PAGE_TEMPLATES.glob("*.html.j2")) if f"`{t.name}`" not in guide] == []


def test_the_development_page_names_every_make_target_benchmark_and_both_dependency_sets():
    development = GUIDES["development.md"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = re.search(r"^\.PHONY: (.*)$", makefile, re.MULTILINE).group(1).split()
    assert "docs" in targets
    assert [t for t in targets if f"`make {t}`" not in development] == []
    assert [
        b.name for b in sorted((REPO / "benchmarks").glob("*.py")) if f"`benchmarks/{b.name}`" not in development
    ] == []
    for lock in ("requirements/build.lock", "requirements/test.lock"):
        assert lock.split("/")[1] in [p.name for p in (REPO / "requirements").iterdir()]
        assert re.search(rf"`{re.escape(lock)}`[^\n]*\| \d+ MiB \|", development), lock
    assert "du -sh" in development


# --- README.md and CONTRIBUTING.md ------------------------------------------------------------------


def test_the_readme_is_at_most_10000_bytes_and_has_the_two_commands():
    assert len((REPO / "README.md").read_bytes()) <= 10_000
    assert "make site" in README and "make test" in README and "roundbook init" in README
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    # The two commands do all the set-up: each depends on the virtual environment it needs.
    assert re.search(r"^site: \$\(BUILD_SET\)$", makefile, re.MULTILINE)
    assert re.search(r"^test: \$\(TEST_SET\) chromium$", makefile, re.MULTILINE)
    assert re.search(r"!\[[^\]]+\]\(docs/pages/images/[a-z-]+\.png\)", README)  # a screenshot


def test_contributing_is_short_and_points_into_the_documentation():
    assert len((REPO / "CONTRIBUTING.md").read_bytes()) <= 4_000
    for page in ("contribute/index.md", "contribute/records.md", "contribute/checks.md"):
        assert f"(docs/pages/{page})" in CONTRIBUTING, page
    assert "roundbook validate" in CONTRIBUTING and "roundbook fmt" in CONTRIBUTING


@pytest.mark.parametrize("name", ["README.md", "CONTRIBUTING.md"])
def test_every_link_of_the_readme_and_contributing_leads_to_a_file(name):
    """GitHub shows them: their links are not checked by the documentation's build."""
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", EVERYTHING[name])
    local = [link for link in links if not link.startswith(("http://", "https://"))]
    assert local
    assert [link for link in local if not (REPO / link).exists()] == []


REPOSITORY_PATH = re.compile(r"`((?:roundbook|tests|scripts|benchmarks|docs|requirements|\.github|\.ci)/[\w./-]*)`")


@pytest.mark.parametrize("name", sorted(EVERYTHING))
def test_every_repository_path_the_documentation_names_exists(name):
    """In this repository, or in a new site (what `roundbook init` writes); docs/build/ is built."""
    from roundbook.shipped import SCAFFOLD

    named = {path for path in REPOSITORY_PATH.findall(EVERYTHING[name]) if not path.startswith("docs/build/")}
    assert [path for path in sorted(named) if not (REPO / path).exists() and not (SCAFFOLD / path).exists()] == []


def test_every_boundary_of_the_security_model_names_tests_and_code_that_exist():
    """The security model names, for each boundary, where it is enforced and which tests keep it."""
    security = GUIDES["run/security.md"]
    sections = re.split(r"\n### ", security)[1:]
    assert len(sections) == 7
    for section in sections:
        assert "**Tested" in section and "tests/" in section, section.splitlines()[0]
    named = set(re.findall(r"`((?:tests|roundbook|scripts)/[\w./-]+?)(?:::(\w+))?`", security))
    assert len(named) > 30
    for path, test in named:
        target = REPO / path
        assert target.exists() or (REPO / "tests/corpus/errors" / path.split("/")[-1]).exists(), path
        if test:
            assert f"def {test}(" in target.read_text(encoding="utf-8"), f"{path}::{test}"
    cases = re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", security)
    for case in {
        case
        for case in cases
        if case.startswith(("text-", "name-", "page-", "files-", "reserved-", "yml-", "yaml-", "anchors-", "file-"))
    }:
        assert (REPO / "tests/corpus/errors" / case).is_dir(), case
