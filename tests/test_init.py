"""`roundbook init`: a new site that builds and checks as it is, refusals that write nothing, and
this repository's own site kept in step with what init writes (plus the starter dataset)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BIN, REPO, mkdocs_build, run
from roundbook.cli import main
from test_github import actionlint

# This repository's site, as init would write it.
OWN = [
    "--name",
    "Roundbook AI Funding Tracker",
    "--description",
    "Companies, people and funding rounds in artificial intelligence, every figure cited.",
    "--url",
    "https://roundbook.github.io/roundbook/",
    "--repo",
    "roundbook/roundbook",
]
# Files of this repository that are init's output, byte for byte. Nothing under content/: the
# starter dataset (and its pages and reference tables) is this site's own content, which may be
# replaced, by `roundbook init`'s or any other, without a test failing (tests/test_content.py).
KEPT_IN_STEP = [".github/workflows/deploy.yml", "templates/README.md", "scripts/swap-site"]
# This repository's .pre-commit-config.yaml is init's, then the hooks for Roundbook's own code from this line.
CODE_HOOKS = "  # --- Roundbook's own code: this repository only"
# What the starter site adds to init's mkdocs.yml: it published version 1 of the API first.
STARTER_CONFIG_LINES = [
    "      # This site published version 1 of the JSON API before version 2: keep it at api/v1/.",
    "      api_v1: true",
]


def init(*args: str):
    return CliRunner().invoke(main, ["init", *args])


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("init") / "climate-tracker"
    result = init(str(site), "--repo", "acme/climate-tracker")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote a new site into {site}: `cd {site}` and `make site` to build it; its README.md "
        "says what to change first.\n"
    )
    return site


@pytest.mark.build
def test_a_new_site_builds_strictly_as_it_is(new_site, tmp_path):
    result = mkdocs_build(new_site, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    profile = (tmp_path / "site/companies/example-company/index.html").read_text(encoding="utf-8")
    assert "Example Company (example)" in profile
    assert "https://github.com/acme/climate-tracker/edit/main/content/companies/example-company.yml" in profile
    assert (tmp_path / "site/search/search_index.json").is_file()
    config = (new_site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: Climate Tracker\n" in config
    assert "site_url: https://acme.github.io/climate-tracker/\n" in config


@pytest.mark.build
def test_a_new_site_passes_its_own_checks(new_site):
    """What its Makefile's `make test` and its pull-request workflow run, with this environment's Roundbook."""
    venv = Path(os.environ.get("VIRTUAL_ENV", BIN.parent))
    result = subprocess.run(
        ["make", "-o", f"{venv}/.installed", "test", f"VENV={venv}", f"PY={BIN / 'python'}"],
        cwd=new_site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 organizations, 0 people and 1 rounds: no problems." in result.stdout
    assert not (new_site / "build.check").exists()
    assert actionlint(*sorted((new_site / ".github/workflows").glob("*.yml")), cwd=new_site).returncode == 0


def test_a_new_site_has_what_editors_and_pre_commit_need(new_site):
    import json

    settings = json.loads((new_site / ".vscode/settings.json").read_text(encoding="utf-8"))
    for schema, files in settings["yaml.schemas"].items():
        assert (new_site / schema).is_file(), schema
        assert list(new_site.glob(files)) or files == "content/people/*.yml", files
    assert (new_site / ".pre-commit-config.yaml").is_file()
    assert os.access(new_site / "scripts/swap-site", os.X_OK)
    assert "/build/" in (new_site / ".gitignore").read_text(encoding="utf-8").splitlines()
    readme = (new_site / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Climate Tracker\n") and "make site" in readme and "make test" in readme


def test_the_new_site_installs_the_roundbook_it_was_made_with_and_the_tested_pins(new_site):
    from roundbook import __version__

    lines = (new_site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert f"roundbook @ git+https://github.com/roundbook/roundbook@v{__version__}" in lines
    build_lock = [
        line
        for line in (REPO / "requirements/build.lock").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "flit_core"))
    ]
    assert [line for line in lines if "==" in line] == build_lock


def test_this_repository_s_site_is_what_init_writes_plus_the_starter_dataset(tmp_path):
    """Everything outside content/: the dataset there is the site's own, whatever it is."""
    ours = tmp_path / "ours"
    assert init(str(ours), *OWN).exit_code == 0
    for relative in KEPT_IN_STEP:
        assert (ours / relative).read_bytes() == (REPO / relative).read_bytes(), relative
    hooks = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert hooks[: hooks.index(CODE_HOOKS)] == (ours / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for schema in (ours / "schemas").iterdir():
        assert schema.read_bytes() == (REPO / "schemas" / schema.name).read_bytes(), schema.name
    starter = (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert [line for line in starter if line not in STARTER_CONFIG_LINES] == (ours / "mkdocs.yml").read_text(
        encoding="utf-8"
    ).splitlines()
    assert set((ours / ".gitignore").read_text(encoding="utf-8").splitlines()) - {"/build.check/"} <= set(
        (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--url", "ftp://example.org/"],
            "--url 'ftp://example.org/' is not an http or https address such as "
            "https://example.org/tracker/; nothing was written",
        ),
        (
            ["--url", "example.org"],
            "--url 'example.org' is not an http or https address such as "
            "https://example.org/tracker/; nothing was written",
        ),
        (
            ["--repo", "not a repository"],
            "--repo 'not a repository' is not a repository: write OWNER/NAME for GitHub, "
            "or the https address of the repository; nothing was written",
        ),
        (["--name", "Two\nlines"], "--name must be one line of at most 120 characters; nothing was written"),
    ],
)
def test_bad_options_are_one_line_each_and_write_nothing(tmp_path, args, message):
    result = init(str(tmp_path / "site"), *args)
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/notes.txt").write_text("mine\n")
    result = init(str(tmp_path / "site"))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path / 'site'} is not empty; init writes a new site "
        "into an empty folder or one that does not exist yet; nothing "
        "was written\n",
    )
    assert [path.name for path in (tmp_path / "site").iterdir()] == ["notes.txt"]


def test_an_empty_folder_is_filled(tmp_path):
    (tmp_path / "site").mkdir()
    assert init(str(tmp_path / "site")).exit_code == 0
    assert (tmp_path / "site/mkdocs.yml").is_file()
    assert [path.name for path in tmp_path.iterdir()] == ["site"]  # nothing left beside it


def test_a_symbolic_link_or_a_file_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "file").write_text("x")
    result = init(str(tmp_path / "link"))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path / 'link'} is a symbolic link; give a plain folder; nothing was written\n",
    )
    result = init(str(tmp_path / "file"))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path / 'file'} is a file, not a folder; nothing was written\n",
    )
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_folder_that_cannot_be_written_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    """The tests run as root, whom permissions do not stop: the refusal is made here."""

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    result = init(str(tmp_path / "site"))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot write into {tmp_path}: Permission denied; nothing was written\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_a_failure_halfway_removes_what_was_written(tmp_path, monkeypatch):
    def failing(self, data):
        if self.name == "mkdocs.yml":
            raise OSError(28, "No space left on device")
        return original(self, data)

    original = Path.write_bytes
    monkeypatch.setattr(Path, "write_bytes", failing)
    result = init(str(tmp_path / "site"))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot write {tmp_path / 'site'}: No space left on device; nothing was written\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_init_is_a_command_of_roundbook(tmp_path):
    result = run([str(BIN / "roundbook"), "init", "--help"], tmp_path)
    assert result.returncode == 0
    assert "Write a new site into FOLDER (new, or empty): it builds as it is." in result.stdout
    shutil.rmtree(tmp_path, ignore_errors=True)
