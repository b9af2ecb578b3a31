"""`mkdocs serve` rebuilds when a content file or a template changes, and the page reloads."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import urllib.request
from urllib.parse import urlsplit

import pytest
from mkdocs.__main__ import serve_command

from conftest import BIN, REPO
from roundbook.shipped import PAGE_TEMPLATES

# `mkdocs serve` serves the site under the path of its site_url, as GitHub Pages will.
SITE_PATH = urlsplit(
    re.search(r"^site_url: \"?([^\"\n]*)", (REPO / "mkdocs.yml").read_text(), re.MULTILINE).group(1)
).path


def test_live_reload_is_on_by_default_with_the_pinned_click():
    # click 8.3 turned the default off (mkdocs#4032); `make serve` also passes --livereload.
    assert serve_command.make_context("serve", []).params["livereload"] is True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=90) as response:
        return response.read().decode("utf-8")


def start_serving(project, port: int) -> tuple[subprocess.Popen | None, str]:
    """`mkdocs serve` on `port`: the running process, or None and what it printed when it stopped."""
    process = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    said = []
    for line in process.stderr:  # the server says when it listens; no guessing with sleeps
        if "Serving on" in line:
            return process, ""
        said.append(line)
    process.wait(timeout=30)
    return None, "".join(said)


@pytest.fixture
def server(project):
    # mkdocs serve prints the port it was given, so it cannot be asked for any free one (port 0):
    # the port found free can be taken before it binds, after its first build, by another
    # process (another pytest-xdist worker's server or browser): then it is tried on another.
    for _ in range(3):
        port = free_port()
        process, said = start_serving(project, port)
        if process or "Address already in use" not in said:
            break
    if process is None:
        pytest.fail(f"mkdocs serve stopped before serving:\n{said}")
    yield f"http://127.0.0.1:{port}/"
    process.terminate()
    process.wait(timeout=30)


def wait_for_rebuild(base: str, page: str) -> None:
    """Ask the livereload endpoint, as the page's own script does; it answers once a newer build is visible."""
    epoch = int(re.search(r"livereload\((\d+),", page).group(1))
    newer = int(fetch(f"{base}livereload/{epoch}/1"))
    assert newer > epoch, "no rebuild after the change"


@pytest.mark.build
@pytest.mark.parametrize("changed", ["content", "templates"])
def test_a_change_under_content_or_templates_rebuilds_the_page(project, server, changed):
    page = fetch(f"{server}{SITE_PATH.lstrip('/')}companies/beta-labs/")
    assert "livereload(" in page
    if changed == "content":
        path = project / "content/companies/beta-labs.yml"
        path.write_text(path.read_text().replace("A fictional software company.", "Now with live reload."))
    else:
        # The site's own copy of a template of Roundbook's, written where it overrides it.
        shipped = (PAGE_TEMPLATES / "organization.html.j2").read_text()
        (project / "templates/organization.html.j2").write_text(
            shipped.replace('<h1 id="top">{{ org.name }}', '<h1 id="top">{{ org.name }} (edited template)')
        )
    wait_for_rebuild(server, page)
    updated = fetch(f"{server}{SITE_PATH.lstrip('/')}companies/beta-labs/")
    assert ("Now with live reload." if changed == "content" else "Beta Labs (edited template)") in updated
