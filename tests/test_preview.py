"""The quick preview (roundbook/site/preview/): after an edit to records, the pages it patches into
the served site are the pages a build of the edited content writes, byte for byte; what it cannot
show that way it leaves to the build, and the content it keeps stays as it was."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config

from conftest import make_project
from roundbook.shipped import PAGE_TEMPLATES
from roundbook.site.open_data import site_info
from roundbook.site.prepare import Request
from roundbook.site.preview.content import MAX_EDITED_FILES, LoadedContent
from roundbook.site.preview.serve import ChangedFiles
from roundbook.site.preview.splice import apply_splices
from roundbook.site.preview.staging import publish, remove_staging, staging_folder
from test_incremental import cold_site, make_synthetic_project, tree

pytestmark = pytest.mark.build

TODAY = None  # the synthetic content's dates are all in the past


def loaded_content(project: Path, search: str = "auto") -> LoadedContent:
    """The content of `project` as the preview's process loads it after a build."""
    content = LoadedContent.load(build_request(project, search))
    assert isinstance(content, LoadedContent), content
    return content


def build_request(project: Path, search: str = "auto") -> Request:
    """What the server gives the preview's process: what the build of `project` asks its content work."""
    config = load_config(str(project / "mkdocs.yml"))
    site, _ = site_info(config, project, "CC-BY-4.0")
    return Request(
        root=project,
        content_dir="content",
        templates_dir="templates",
        git_history=True,
        search_option=search,
        site_name=config.site_name,
        nothing_built="",
        directory_urls=config.use_directory_urls,
        site=site,
        workers=1,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A synthetic project and its site, built once; each test works on a copy of both."""
    folder = tmp_path_factory.mktemp("preview")
    project = make_synthetic_project(folder / "project", companies=16, seed=11)
    cold_site(project, folder / "site")
    return folder


@pytest.fixture(scope="module")
def built_with_pagefind(tmp_path_factory) -> Path:
    """The same with Pagefind as the search engine, which marks each article with filters."""
    folder = tmp_path_factory.mktemp("preview-pagefind")
    project = make_synthetic_project(folder / "project", companies=16, seed=11)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("      api_v1: true\n", "      api_v1: true\n      search: pagefind\n")
    )
    cold_site(project, folder / "site")
    return folder


@pytest.fixture
def copy(built, tmp_path) -> SimpleNamespace:
    shutil.copytree(built / "project", tmp_path / "project", symlinks=True)
    shutil.copytree(built / "site", tmp_path / "site")
    return SimpleNamespace(project=tmp_path / "project", site=tmp_path / "site", folder=tmp_path)


def first_round(project: Path, index: int = 0) -> Path:
    company = sorted(path for path in (project / "content/rounds").iterdir() if path.is_dir())[index]
    return sorted(company.glob("*.yml"))[0]


def round_with(project: Path, pattern: str) -> Path:
    """The first round file (by path) that has a line matching `pattern`."""
    return next(
        path
        for path in sorted((project / "content/rounds").glob("*/*.yml"))
        if re.search(pattern, path.read_text(), re.MULTILINE)
    )


def profile_of(record: Path) -> str:
    """The page of the company a round file is about, or of the profile a profile file is."""
    if record.parent.parent.name == "rounds":
        return f"companies/{record.parent.name}/index.html"
    return f"{record.parent.name}/{record.stem}/index.html"


def rewrite(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text()
    edited, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{path}: {pattern!r} not found"
    path.write_text(edited)


def edit_source_title(project: Path) -> Path:
    path = first_round(project)
    rewrite(path, r"^(\s+title: )", r"\1Edited ")
    return path


def edit_amount(project: Path) -> Path:
    path = round_with(project, r"^amount: \{value: [0-9.]+M")
    rewrite(path, r"^amount: \{value: [0-9.]+M", "amount: {value: 987.6M")
    return path


def swap_lead(project: Path) -> Path:
    """The lead of one round becomes the lead of another company's round, which it did not lead."""
    path = round_with(project, r"^lead: \[[a-z0-9-]+")
    lead = re.search(r"^lead: \[([a-z0-9-]+)", path.read_text(), re.MULTILINE).group(1)
    others = [
        re.search(r"^lead: \[([a-z0-9-]+)", other.read_text(), re.MULTILINE)
        for other in sorted((project / "content/rounds").glob("*/*.yml"))
    ]
    named = path.read_text()
    other = next(found.group(1) for found in others if found and found.group(1) != lead and found.group(1) not in named)
    rewrite(path, rf"^lead: \[{lead}", f"lead: [{other}")
    return path


def edit_company_summary(project: Path) -> Path:
    path = sorted((project / "content/companies").glob("*.yml"))[0]
    rewrite(path, r"^summary: ", "summary: Edited. ")
    return path


def edit_person_summary(project: Path) -> Path:
    path = sorted((project / "content/people").glob("*.yml"))[0]
    rewrite(path, r"^summary: ", "summary: Edited. ")
    return path


@pytest.mark.parametrize("edit", [edit_source_title, edit_amount, swap_lead, edit_company_summary, edit_person_summary])
def test_the_patched_pages_are_the_pages_a_build_of_the_edit_writes(copy, edit):
    content = loaded_content(copy.project)
    edited = edit(copy.project)
    patched = content.patch([str(edited)], TODAY)
    assert patched.declined is None
    applied = apply_splices(copy.site, patched.splices)
    assert profile_of(edited) in applied  # the page of the edited record itself
    assert sorted(applied) == sorted(splice.page for splice in patched.splices)
    cold_site(copy.project, copy.folder / "after")
    after = tree(copy.folder / "after")
    for page in applied:
        assert (copy.site / page).read_bytes() == (copy.folder / "after" / page).read_bytes(), page
    # Every page the build changed and the preview patched is as the build wrote it; the others
    # (the listings, the feeds, the API, the search index) wait for the build.
    assert tree(copy.site).keys() == after.keys()


def edit_stage(project: Path) -> Path:
    """A round's stage: a filter of its company's page in Pagefind's index, and a cell of its table."""
    path = round_with(project, r"^stage: series-b$")
    rewrite(path, r"^stage: series-b$", "stage: series-k")  # a stage no round of the site has
    return path


@pytest.mark.parametrize("edit", [edit_stage, edit_amount])
def test_with_pagefind_the_patched_pages_carry_the_filters_a_build_writes(built_with_pagefind, tmp_path, edit):
    project, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(built_with_pagefind / "project", project, symlinks=True)
    shutil.copytree(built_with_pagefind / "site", site)
    content = loaded_content(project, search="pagefind")
    edited = edit(project)
    applied = apply_splices(site, content.patch([str(edited)], TODAY).splices)
    assert profile_of(edited) in applied
    assert "data-pagefind-filter" in (site / profile_of(edited)).read_text()
    if edit is edit_stage:  # the company's stages are a filter of its page
        assert '<span data-pagefind-filter="stage">Series K</span>' in (site / profile_of(edited)).read_text()
    cold_site(project, tmp_path / "after")
    for page in applied:
        assert (site / page).read_bytes() == (tmp_path / "after" / page).read_bytes(), page


def test_a_template_that_indents_its_markup_is_patched_as_the_build_writes_it(tmp_path):
    # The build collapses the white space around line breaks of every page (page_weight.py): the
    # article is compared and replaced as it stands in the page, collapsed too.
    project = make_synthetic_project(tmp_path / "project", companies=8, seed=5)
    shipped = (PAGE_TEMPLATES / "organization.html.j2").read_text()
    indented = shipped.replace("<p>{{ org.summary }}</p>", "\n      \n    <p>\n        {{ org.summary }}   \n    </p>")
    assert indented != shipped
    (project / "templates/organization.html.j2").write_text(indented)
    cold_site(project, tmp_path / "site")
    content = loaded_content(project)
    edited = edit_source_title(project)
    applied = apply_splices(tmp_path / "site", content.patch([str(edited)], TODAY).splices)
    assert profile_of(edited) in applied
    cold_site(project, tmp_path / "after")
    for page in applied:
        assert (tmp_path / "site" / page).read_bytes() == (tmp_path / "after" / page).read_bytes(), page


@pytest.mark.parametrize("site", ["synthetic", "fixture"])
def test_the_files_an_edit_names_are_those_graph_py_finds_in_the_model(built, tmp_path, site):
    # An edited record's references are read from its facts, before any model of it exists; the
    # loaded content's are graph.py's, from the model. Both must say the same of every record:
    # rounds and their investors, people and their roles (the fixture's), parents (the fixture's).
    content = loaded_content(built / "project" if site == "synthetic" else make_project(tmp_path / "project"))
    kinds = set()
    for path, record in content.records.items():
        named = content.named.get(path, set())
        assert content._named_files(record) == named, path
        if named:
            kinds.add(record.kind)
    assert kinds == ({"round"} if site == "synthetic" else {"round", "person", "organization"})


def test_an_edit_after_an_edit_patches_from_the_content_the_first_left(copy):
    content = loaded_content(copy.project)
    edited = edit_source_title(copy.project)
    apply_splices(copy.site, content.patch([str(edited)], TODAY).splices)
    edit_source_title(copy.project)  # "Edited Edited …": the first edit is the page's "before" now
    applied = apply_splices(copy.site, content.patch([str(edited)], TODAY).splices)
    assert applied == [profile_of(edited)]
    cold_site(copy.project, copy.folder / "after")
    assert (copy.site / applied[0]).read_bytes() == (copy.folder / "after" / applied[0]).read_bytes()


def test_a_changed_title_leaves_the_page_to_the_build(copy):
    # The title is in the page's head, its header and the browser's tab, outside the article.
    content = loaded_content(copy.project)
    path = sorted((copy.project / "content/companies").glob("*.yml"))[0]
    rewrite(path, r"^name: ", "name: Renamed ")
    patched = content.patch([str(path)], TODAY)
    assert patched.declined is None
    assert profile_of(path) not in [splice.page for splice in patched.splices]


def declined_by(content: LoadedContent, project: Path, change) -> str | None:
    return content.patch([str(change(project))], TODAY).declined


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda project: _delete(first_round(project)), "is gone or not a plain file"),
        (lambda project: _write(project / "content/pages/about.md", "# About\n"), "is not a record file"),
        (lambda project: _write(project / "content/companies/newco.yml", "name: Newco\n"), "is a new profile"),
        (lambda project: _break(first_round(project)), "has problems"),
        (lambda project: _write(project / "content/rounds/nobody/2024-x.yml", "announced: 2024\n"), "has problems"),
        (lambda project: _name_unknown(first_round(project)), "names a record that is not in the content"),
        (lambda project: project.parent / "elsewhere.yml", "is not in the content folder"),
        # A record made a link: to a file outside the project, or to another record.
        (
            lambda project: _link(first_round(project), _write(project.parent / "outside.yml", "announced: 2024\n")),
            "is not in the content folder",
        ),
        (lambda project: _link(first_round(project), first_round(project, 1)), "is gone or not a plain file"),
    ],
    ids=[
        "deleted",
        "page",
        "new-profile",
        "invalid",
        "invalid-new-round",
        "unknown-investor",
        "outside",
        "link-outside",
        "link-to-a-record",
    ],
)
def test_what_an_edit_cannot_show_is_left_to_the_build_and_the_content_stays(copy, change, said):
    content = loaded_content(copy.project)
    other = first_round(copy.project, 3)  # another company's round, which no change here touches
    declined = declined_by(content, copy.project, change)
    assert declined is not None and declined.endswith(said), declined
    # The loaded content is as it was: an edit of another file still patches against it.
    rewrite(other, r"^(\s+title: )", r"\1Edited ")
    patched = content.patch([str(other)], TODAY)
    assert apply_splices(copy.site, patched.splices) == [profile_of(other)]


def test_many_files_changed_at_once_are_left_to_the_build(copy):
    content = loaded_content(copy.project)
    rounds = sorted((copy.project / "content/rounds").glob("*/*.yml"))[: MAX_EDITED_FILES + 1]
    assert content.patch([str(path) for path in rounds], TODAY).declined == f"{len(rounds)} files changed at once"


def test_an_editors_passing_file_changes_nothing(copy):
    content = loaded_content(copy.project)
    patched = content.patch([str(copy.project / "content/rounds/.x.yml.swp")], TODAY)
    assert (patched.declined, patched.splices) == (None, [])


def _delete(path: Path) -> Path:
    path.unlink()
    return path


def _link(path: Path, target: Path) -> Path:
    path.unlink()
    path.symlink_to(target)
    return path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _break(path: Path) -> Path:
    rewrite(path, r"^announced: .*$", "announced: someday")
    return path


def _name_unknown(path: Path) -> Path:
    rewrite(path, r"^lead: \[[a-z0-9-]+", "lead: [no-such-investor")
    return path


class FakeServer:
    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False


def event(kind: str, path: str, directory: bool = False, dest: str = "") -> SimpleNamespace:
    return SimpleNamespace(event_type=kind, src_path=path, is_directory=directory, dest_path=dest)


def test_file_events_say_which_files_changed_and_ask_for_a_build():
    server = FakeServer()
    changes = ChangedFiles(server)
    changes.on_any_event(event("opened", "/c/rounds/a/x.yml"))  # read by a build: no change
    changes.on_any_event(event("closed_no_write", "/c/rounds/a/x.yml"))
    assert (changes.take(), server._want_rebuild) == (None, False)
    changes.on_any_event(event("modified", "/c/rounds/a/x.yml"))
    changes.on_any_event(event("moved", "/c/rounds/a/y.yml~", dest="/c/rounds/a/y.yml"))
    changes.on_any_event(event("modified", "/c/rounds/a", directory=True))  # its files are said apart
    assert server._want_rebuild
    assert changes.take() == ["/c/rounds/a/x.yml", "/c/rounds/a/y.yml", "/c/rounds/a/y.yml~"]
    assert changes.take() is None  # nothing since
    changes.on_any_event(event("modified", "/c/rounds/a/x.yml"))
    changes.on_any_event(event("moved", "/c/rounds/a", directory=True, dest="/c/rounds/b"))
    assert changes.take() is None  # a folder moved: which files it holds is not said


def test_a_staged_site_takes_the_served_ones_place_whole(tmp_path):
    served = tmp_path / "mkdocs_x"
    served.mkdir()
    (served / "index.html").write_text("last build")
    staging = staging_folder(str(served))
    assert Path(staging).parent == tmp_path and not any(Path(staging).iterdir())  # beside it, empty
    (Path(staging) / "index.html").write_text("this build")
    publish(staging, str(served))
    assert (served / "index.html").read_text() == "this build"
    assert not Path(staging).exists()
    remove_staging(str(served))  # when serve stops: nothing of the builds is left beside it
    assert [path.name for path in tmp_path.iterdir()] == ["mkdocs_x"]


HOLD_A_WORKER = """
import os
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_preview import build_request
from roundbook.site.preview.worker import PreviewWorker
worker = PreviewWorker(build_request(Path({project!r})))
assert worker.ready(wait=120), worker.said
if {fork!r} and os.fork() == 0:  # a child that holds the server's end of the pipe, as a build's does
    sys.stdin.read()
    os._exit(0)
print(worker._process.pid, flush=True)
sys.stdin.read()  # held until the test kills this process
"""


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="waits for the process's end with a pidfd (Linux)")
@pytest.mark.parametrize("fork", [False, True], ids=["alone", "a-child-holds-the-pipe"])
def test_the_preview_process_ends_when_the_server_is_killed(tmp_path, fork):
    # Killed, the server closes its end of the pipe, and the process reads that; but a process the
    # server forked (a build's) may still hold that end: the process then finds its parent gone.
    project = make_project(tmp_path / "project")
    script = HOLD_A_WORKER.format(tests=str(Path(__file__).parent), project=str(project), fork=fork)
    server = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    worker = int(server.stdout.readline())
    ended = os.pidfd_open(worker)
    try:
        server.kill()  # no word to the worker, as when a terminal closes
        server.wait()
        readable, _, _ = select.select([ended], [], [], 30)
        assert readable, "the preview's process outlived the server"
    finally:
        os.close(ended)
        server.stdin.close()  # the child, if any, ends
