"""Shared helpers: the repository's paths, throwaway projects, and running the two commands."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test

# The real browser's fixtures, for every test module: chromium, tabs, site_url, new_page, page.
from browser_support import browser_contexts, chromium, new_page, page, page_problems, site_url, tabs  # noqa: F401
from roundbook.history import Change, History
from roundbook.pipeline import load_dataset

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_CONTENT = FIXTURES / "dataset" / "content"
TODAY = dt.date(2026, 11, 29)  # validation's "not in the future" is pinned for repeatable tests
BIN = Path(sys.executable).parent
GOLDEN = Path(__file__).resolve().parent / "golden"
# ROUNDBOOK_UPDATE_GOLDENS=1 pytest rewrites the golden files; review the diff before committing.
UPDATE_GOLDENS = os.environ.get("ROUNDBOOK_UPDATE_GOLDENS") == "1"
# Git for the projects tests commit to: a fixed author, and none of this machine's settings.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


# Markers by fixture (pyproject.toml declares them): a test that opens Chromium or reads one of the
# sites built for the tests is marked so, wherever it is written, and `make check` leaves it out.
MARKED_BY_FIXTURE = {
    "chromium": "browser",
    "fixture_site": "build",
    "fixture_site_log": "build",
    "injection_site": "build",
}


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, marker in MARKED_BY_FIXTURE.items():
            if fixture in item.fixturenames:
                item.add_marker(marker)
    items[:] = longest_first(items)


# Roughly how many seconds a test of each kind takes on one core; a test counts at its most costly
# marker. Reading a site built for the session (the markers set by fixture above) costs little; a
# property test runs its body a thousand times or more.
SECONDS_BY_MARKER = {"slow": 60.0, "browser": 2.0, "build": 2.0, "command": 0.6}
SECONDS_READING_A_BUILT_SITE = 0.2
SECONDS_OF_A_PROPERTY_TEST = 3.0
SECONDS_OTHERWISE = 0.05


def expected_seconds(item: pytest.Item) -> float:
    by_fixture = {marker for fixture, marker in MARKED_BY_FIXTURE.items() if fixture in item.fixturenames}
    declared = {marker.name for marker in item.iter_markers()} - by_fixture
    if "chromium" in item.fixturenames:
        declared.add("browser")
    seconds = [SECONDS_BY_MARKER[name] for name in declared if name in SECONDS_BY_MARKER]
    if by_fixture:
        seconds.append(SECONDS_READING_A_BUILT_SITE)
    if is_hypothesis_test(getattr(item, "obj", None)):
        seconds.append(SECONDS_OF_A_PROPERTY_TEST)
    return max(seconds, default=SECONDS_OTHERWISE)


def longest_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """The tests grouped as `--dist loadscope` groups them (a module, or a class of its own), the
    groups expected to take longest first, each group's tests in their own order. pytest-xdist
    hands the groups out in this order (`make test` passes --no-loadscope-reorder, or it would order
    them by their number of tests): started last, a long module would run alone on one core at the
    end while the others have finished."""
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        groups.setdefault(item.nodeid.rsplit("::", 1)[0], []).append(item)
    ordered = sorted(groups.values(), key=lambda group: -sum(expected_seconds(item) for item in group))
    return [item for group in ordered for item in group]


@pytest.fixture(scope="module")
def dataset():
    """The fixture content, loaded and checked: for tests of the model, the pages and the files."""
    loaded, problems = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    assert not problems
    return loaded


def assert_golden(relative: str, text: str) -> None:
    """`text` equals the golden file tests/golden/<relative> (rewritten instead when updating)."""
    golden = GOLDEN / relative
    if UPDATE_GOLDENS:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="")
    assert text == golden.read_bytes().decode("utf-8")


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# A made-up history of the fixture files, newest first, as if read from Git: fictional like them.
FIXTURE_HISTORY = History(
    available=True,
    changes=[
        Change(
            "content/rounds/acme-robotics/2024-03-series-b.yml",
            "changed",
            when("2024-05-06T12:30:00+00:00"),
            "c" * 40,
            "Correct the <Series B> valuation",
        ),
        Change(
            "content/companies/old-name.yml",
            "removed",
            when("2024-04-01T09:00:00+00:00"),
            "b" * 40,
            "Remove a duplicate",
        ),
        Change("content/people/jane-roe.yml", "added", when("2024-03-20T08:00:00+00:00"), "a" * 40, "Add Jane Roe"),
        Change(
            "content/companies/acme-robotics.yml",
            "added",
            when("2024-01-02T10:00:00+00:00"),
            "9" * 40,
            "Add Acme Robotics",
        ),
        Change("content/pages/about.md", "changed", when("2024-01-01T00:00:00+00:00"), "8" * 40, "Not a record"),
    ],
)


def make_project(target: Path, content: Path = FIXTURE_CONTENT) -> Path:
    """A project folder with the repository's mkdocs.yml and templates and the given content."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "templates", target / "templates")
    shutil.copytree(content, target / "content")
    return target


def override_template(project: Path, name: str) -> Path:
    """A copy of Roundbook's template `name` in the project's own templates/ folder, which is
    found first (roundbook/shipped.py): what a site owner does to change one template."""
    from roundbook.shipped import PAGE_TEMPLATES

    own = project / "templates" / name
    own.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PAGE_TEMPLATES / name, own)
    return own


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def mkdocs_build(
    project: Path, site_dir: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`env`: variables added for this build, such as ROUNDBOOK_OFFLINE=true for the offline bundle."""
    args = [str(BIN / "mkdocs"), "build", "--strict"]
    if site_dir is not None:
        args += ["--site-dir", str(site_dir)]
    return run(args, project, env)


def roundbook(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return run([str(BIN / "roundbook"), *args], cwd)


def run_folder(tmp_path_factory) -> Path:
    """The folder of this run: under pytest-xdist, the one above each worker's own (popen-gw0, ...),
    which they share. (Not by PYTEST_XDIST_WORKER alone: a pytest that a test starts inherits it.)"""
    folder = tmp_path_factory.getbasetemp()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return folder.parent if worker and folder.name == f"popen-{worker}" else folder


@pytest.fixture(scope="session", autouse=True)
def bytecode_cache(tmp_path_factory):
    """The tests start hundreds of Python processes (roundbook, mkdocs, git hooks), and each compiled
    Roundbook's modules again where PYTHONDONTWRITEBYTECODE forbids caching their bytecode beside them
    (as many containers set it): they share a cache of the run instead, outside the checkout."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        yield  # Python caches the bytecode in __pycache__ folders as usual
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PYTHONDONTWRITEBYTECODE")
        patch.setenv("PYTHONPYCACHEPREFIX", str(run_folder(tmp_path_factory) / "bytecode"))
        yield


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def built_once(tmp_path_factory, name: str, build: Callable[[Path], Path]) -> Path:
    """What `build(folder)` returns, built once for the whole run. Under pytest-xdist the first worker
    to ask builds it in the folder the workers share, and the others wait for it and read the same
    files: a site built for the session is only ever read."""
    folder = run_folder(tmp_path_factory) / name
    with open(f"{folder}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # let go when the file closes
        done = folder / "built"  # written last: a failed build is tried again, and fails again, by the next
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            done.write_text(str(build(folder)))
        return Path(done.read_text())


def build_fixture_site(folder: Path) -> Path:
    project = make_project(folder / "project")
    shutil.copy(REPO / "CITATION.cff", project / "CITATION.cff")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    (folder / "build.log").write_text(result.stderr)  # where MkDocs logs
    return site


def build_injection_site(folder: Path) -> Path:
    from injection import write_injection_project  # it imports make_project from here

    project = write_injection_project(folder / "project")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fictional fixture dataset (tests/fixtures/dataset) built once as a site of its own, with
    the repository's mkdocs.yml, templates and CITATION.cff, for every site test to read. It never
    reads content/: a site whose content is not the starter dataset keeps a green suite.
    ROUNDBOOK_TEST_SITE=DIR tests a site built already instead (a build of that same fixture)."""
    if os.environ.get("ROUNDBOOK_TEST_SITE"):
        return Path(os.environ["ROUNDBOOK_TEST_SITE"]).resolve()
    return built_once(tmp_path_factory, "fixture-site", build_fixture_site)


@pytest.fixture(scope="session")
def fixture_site_log(tmp_path_factory) -> str:
    """What MkDocs logged while it built the fixture site (its standard error), the build's INFO
    lines included."""
    site = built_once(tmp_path_factory, "fixture-site", build_fixture_site)
    return (site.parent.parent / "build.log").read_text()


@pytest.fixture(scope="session")
def injection_site(tmp_path_factory) -> Path:
    """The injection corpus (tests/injection.py) built once, for the static and the browser checks."""
    return built_once(tmp_path_factory, "injection", build_injection_site)


def rendered_pages(renderer, dataset, freshness=None) -> list:
    """Every page `renderer` makes of `dataset`, rendered here one after another, as the build's
    workers render them (roundbook/site/workers.py)."""
    return [job() for job in renderer.page_jobs(dataset, freshness)]
