"""The README and CONTRIBUTING say what the code does: their examples are run here."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil

import pytest

from conftest import REPO, make_project, roundbook
from roundbook.edit.canonical import canonical_text
from roundbook.importers.mapping import COLUMN_FIELDS, MAPPING, read_mapping
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Problems
from roundbook.schema.fields import CheckContext
from roundbook.schema.kinds import KINDS

README = (REPO / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


def kind_of(block: str) -> str:
    if block.startswith("# Mapping file for `roundbook import csv`"):
        return "import-mapping"
    match = re.search(r"schemas/([a-z-]+)\.schema\.json", block)
    return match.group(1) if match else "round"


def content_blocks(text: str) -> list[str]:
    return [block for block in yaml_blocks(text) if kind_of(block) != "import-mapping"]


@pytest.mark.parametrize("block", yaml_blocks(CONTRIBUTING) + yaml_blocks(README))
def test_documented_examples_are_valid_files(block):
    problems = Problems()
    tree = read_yaml("example.yml", block.encode(), problems)
    kind = MAPPING if kind_of(block) == "import-mapping" else KINDS[kind_of(block)]
    kind.check(tree, CheckContext(problems, dt.date(2026, 11, 29)), "example")
    assert not problems, [str(p) for p in problems.sorted()]


def test_the_mapping_file_example_has_every_key_and_reads_without_problems():
    problems = Problems()
    path = REPO / "docs/import-mapping.example.yml"
    mapping = read_mapping(path, "docs/import-mapping.example.yml", problems, dt.date(2026, 11, 29))
    assert not problems, [str(p) for p in problems.sorted()]
    assert sorted(mapping.columns) == sorted(f.name for f in COLUMN_FIELDS)
    text = path.read_text(encoding="utf-8")
    assert all(re.search(rf"^{f.name}:", text, flags=re.MULTILINE) for f in MAPPING.fields if f.name != "columns")
    for spec in COLUMN_FIELDS + MAPPING.fields:  # every key is explained in CONTRIBUTING.md
        assert f"`{spec.name}`" in CONTRIBUTING, spec.name


def _commands(path: list[str]) -> list[list[str]]:
    """Every command below `roundbook PATH`, as `roundbook --help` and its subcommands list them."""
    help_text = roundbook([*path, "--help"], REPO).stdout
    if "Commands:" not in help_text:
        return [path]
    names = re.findall(r"^  ([a-z-]+)\s", help_text.split("Commands:")[1], flags=re.MULTILINE)
    return [command for name in names for command in _commands([*path, name])]


COMMANDS = _commands([])


def test_the_commands_are_the_ones_documented_here():
    assert [" ".join(c) for c in COMMANDS] == ["check-links", "fmt", "import crunchbase", "import csv", "init",
                                               "new company", "new person", "new round", "rates update", "schemas",
                                               "validate"]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_and_option_is_documented(command):
    docs = README + CONTRIBUTING
    assert f"`roundbook {' '.join(command)}" in docs
    options = re.findall(r"^  (--[a-z-]+)", roundbook([*command, "--help"], REPO).stdout, flags=re.MULTILINE)
    missing = [o for o in options if o != "--help" and not re.search(re.escape(o) + r"(?![a-z-])", docs)]
    assert not missing, f"roundbook {' '.join(command)}: {missing} not in README.md or CONTRIBUTING.md"


def _paths(kind: str) -> str:
    return {"round": "content/rounds/x/example.yml", "organization": "content/companies/example.yml",
            "person": "content/people/example.yml"}[kind]


@pytest.mark.parametrize("block", content_blocks(CONTRIBUTING))
def test_the_commented_examples_are_in_fmts_layout(block):
    problems = Problems()
    assert canonical_text(_paths(kind_of(block)), kind_of(block), block, problems) == block
    assert not problems


def test_the_roundbook_new_walkthrough_runs_and_validates(tmp_path):
    project = make_project(tmp_path / "project", REPO / "content")
    walkthrough = re.search(r"```sh\n(\.venv/bin/roundbook new company.*?)```", CONTRIBUTING, flags=re.DOTALL).group(1)
    commands = [shlex.split(c.replace(".venv/bin/roundbook", "", 1)) for c in walkthrough.replace("\\\n", " ").splitlines()]
    assert [c[:2] for c in commands] == [["new", "company"], ["new", "person"], ["new", "round"]]
    for command in commands:
        result = roundbook(command, project)
        assert result.returncode == 0, result.stderr
        assert result.stdout.endswith("; it validates.\n")
    for written in re.findall(r"`(content/[a-z/-]+\.yml)`", CONTRIBUTING.split("They write ")[1][:300]):
        assert (project / written).is_file()


def test_the_readme_error_example_is_what_validate_prints(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    path = tmp_path / "content/rounds/moonshot-ai/2024-02-alibaba-led.yml"
    text = path.read_text(encoding="utf-8")
    for right, wrong in [("announced: 2024-02\n", "announced: 2024-02-30\n"),
                         ("stage: venture-undisclosed\n", "stage: venture-undisclosed\nstage: seed\n"),
                         ("lead:\n  - alibaba\n", "lead:\n  - alibab\n")]:
        assert right in text
        text = text.replace(right, wrong)
    path.write_text(text, encoding="utf-8")
    printed = roundbook(["validate", "--root", str(tmp_path)], REPO).stdout
    documented = re.search(r"exits with status 1 when there is any:\n\n```\n(.*?)```", README, flags=re.DOTALL).group(1)
    assert printed == documented


def test_the_readme_github_and_json_examples_are_what_validate_prints(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    path = tmp_path / "content/rounds/moonshot-ai/2024-02-alibaba-led.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("announced: 2024-02\n", "announced: 2024-02-30\n"), encoding="utf-8")
    github = roundbook(["validate", "--root", str(tmp_path), "--format", "github"], REPO).stdout.splitlines()
    documented = re.search(r"then the summary line:\n\n```\n(.*?)\n```", README, flags=re.DOTALL).group(1)
    assert github == [documented, "1 problem in 1 file."]
    printed = json.loads(roundbook(["validate", "--root", str(tmp_path), "--format", "json"], REPO).stdout)
    documented = re.search(r"one document for tools:\n\n```json\n(.*?)```", README, flags=re.DOTALL).group(1)
    assert printed == json.loads(documented)


def test_every_plugin_option_is_documented_in_the_readme():
    from roundbook.site.config import RoundbookConfig

    options = [name for name, _ in RoundbookConfig._schema]
    assert "api_v1" in options
    listed = README.split("The `roundbook` plugin's options in `mkdocs.yml`:")[1].split("\n\n")[0]
    assert [name for name in options if f"`{name}`" not in listed] == []


def test_every_boundary_of_the_security_model_names_tests_and_code_that_exist():
    """docs/security.md names, for each boundary, where it is enforced and which tests keep it."""
    security = (REPO / "docs/security.md").read_text(encoding="utf-8")
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
    for case in {case for case in cases if case.startswith(("text-", "name-", "page-", "files-", "reserved-",
                                                             "yml-", "yaml-", "anchors-", "file-"))}:
        assert (REPO / "tests/corpus/errors" / case).is_dir(), case
