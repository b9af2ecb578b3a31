"""The README and CONTRIBUTING say what the code does: their examples are run here."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest

from conftest import REPO, roundbook
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Problems
from roundbook.schema.fields import CheckContext
from roundbook.schema.kinds import KINDS

README = (REPO / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


def kind_of(block: str) -> str:
    match = re.search(r"schemas/([a-z-]+)\.schema\.json", block)
    return match.group(1) if match else "round"


@pytest.mark.parametrize("block", yaml_blocks(CONTRIBUTING) + yaml_blocks(README))
def test_documented_examples_are_valid_files(block):
    problems = Problems()
    tree = read_yaml("example.yml", block.encode(), problems)
    KINDS[kind_of(block)].check(tree, CheckContext(problems, dt.date(2026, 11, 29)), "example")
    assert not problems, [str(p) for p in problems.sorted()]


def test_every_command_is_documented_in_the_readme():
    help_text = roundbook(["--help"], REPO).stdout
    commands = re.findall(r"^  ([a-z-]+)\s", help_text.split("Commands:")[1], flags=re.MULTILINE)
    assert commands == ["fmt", "new", "schemas", "validate"]
    for command in commands:
        assert f"`roundbook {command}" in README


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
