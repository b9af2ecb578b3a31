"""`mkdocs serve` rebuilds when a content file or a template changes, and the page reloads; a
build that fails shows its problems in the browser, and the page comes back once they are fixed."""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import threading
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.__main__ import serve_command

from conftest import BIN, REPO
from roundbook.shipped import PAGE_TEMPLATES
from roundbook.site.serve_errors import PANEL_ID, FailedBuild
from roundbook.site.stopped import BuildStopped

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


class Served:
    """A running `mkdocs serve`: its address, and what it prints (its log goes to stderr), read as
    it comes by a thread, so that a test waits for a line rather than guessing with sleeps."""

    def __init__(self, process: subprocess.Popen, port: int) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}/"
        self.said: list[str] = []
        self.ended = False
        self._news = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            with self._news:
                self.said.append(line.rstrip("\n"))
                self._news.notify_all()
        with self._news:
            self.ended = True
            self._news.notify_all()

    def wait_for(self, text: str, timeout: float = 120) -> bool:
        """Whether the server printed a line holding `text` (before it stopped, within `timeout`)."""
        with self._news:
            self._news.wait_for(lambda: self.ended or any(text in line for line in self.said), timeout)
            return any(text in line for line in self.said)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def start_serving(project, port: int) -> Served:
    """`mkdocs serve` on `port`, once it listens or has stopped (`ended`, with what it printed)."""
    process = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    served = Served(process, port)
    served.wait_for("Serving on", timeout=300)
    return served


@pytest.fixture
def server(project):
    # mkdocs serve prints the port it was given, so it cannot be asked for any free one (port 0):
    # the port found free can be taken before it binds, after its first build, by another
    # process (another pytest-xdist worker's server or browser): then it is tried on another.
    for _ in range(3):
        served = start_serving(project, free_port())
        if not served.ended or not served.wait_for("Address already in use", timeout=0):
            break
    if served.ended:
        pytest.fail("mkdocs serve stopped before serving:\n" + "\n".join(served.said))
    yield served
    served.stop()


def wait_for_rebuild(base: str, page: str) -> None:
    """Ask the livereload endpoint, as the page's own script does; it answers once a newer build is visible."""
    epoch = int(re.search(r"livereload\((\d+),", page).group(1))
    newer = int(fetch(f"{base}livereload/{epoch}/1"))
    assert newer > epoch, "no rebuild after the change"


@pytest.mark.build
@pytest.mark.parametrize("changed", ["content", "templates"])
def test_a_change_under_content_or_templates_rebuilds_the_page(project, server, changed):
    page = fetch(f"{server.url}{SITE_PATH.lstrip('/')}companies/beta-labs/")
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
    wait_for_rebuild(server.url, page)
    updated = fetch(f"{server.url}{SITE_PATH.lstrip('/')}companies/beta-labs/")
    assert ("Now with live reload." if changed == "content" else "Beta Labs (edited template)") in updated


def without_live_reload(page: str) -> str:
    """The page as the site holds it: the server adds its live reload script, with its epoch."""
    return re.sub(r"<script>\s*var livereload = .*?</script>", "", page, flags=re.DOTALL)


@pytest.mark.build
def test_an_edit_is_patched_into_the_preview_then_the_build_follows(project, server):
    url = f"{server.url}{SITE_PATH.lstrip('/')}companies/beta-labs/"
    assert server.wait_for("Roundbook: quick preview ready")
    page = fetch(url)
    record = project / "content/companies/beta-labs.yml"
    record.write_text(record.read_text().replace("A fictional software company.", "Patched before the build."))
    assert server.wait_for("patched into the preview")
    patched = fetch(url)  # the build goes on beside the served site: this does not wait for it
    assert "Patched before the build." in patched
    wait_for_rebuild(server.url, page)
    assert server.wait_for("Reloading browsers")
    said = [line for line in server.said if "patched into the preview" in line or "Building documentation" in line]
    assert "patched into the preview" in said[-2] and "Building documentation" in said[-1]  # patched, then built
    # The built page is the patched one: the build wrote what the preview showed, byte for byte.
    assert without_live_reload(fetch(url)) == without_live_reload(patched)


@pytest.mark.build
def test_the_browser_shows_a_patched_edit_by_itself(project, server, new_page):
    assert server.wait_for("Roundbook: quick preview ready")
    page = new_page()
    page.goto(f"{server.url}{SITE_PATH.lstrip('/')}companies/beta-labs/")
    record = project / "content/companies/beta-labs.yml"
    record.write_text(record.read_text().replace("A fictional software company.", "Seen without a reload by hand."))
    # The page's live reload script asks the server for a newer version, and reloads once the
    # patched one is published: the text appears without the test reloading anything.
    page.get_by_text("Seen without a reload by hand.").first.wait_for(timeout=120_000)
    assert server.wait_for("patched into the preview")


# A value that would be markup, quoted back by the problem that refuses it.
HOSTILE = "</pre><img src=x onerror=alert(1)><script>alert(2)</script>"
SAID = [
    f"content/companies/beta-labs.yml:3:10: 'founded': '{HOSTILE}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
    "Roundbook: 1 problem in 1 file. Nothing was built; the preview is as it was.",
]


def break_record(project: Path) -> tuple[Path, str]:
    """Beta Labs' record with a founding date that is markup; the record and its good text."""
    record = project / "content/companies/beta-labs.yml"
    good = record.read_text()
    record.write_text(good.replace("founded: 2022", f'founded: "{HOSTILE}"'))
    return record, good


def panel_text(page: str) -> str | None:
    """The problems the page's error panel lists, as its HTML has them; None without a panel."""
    found = re.search(rf'<details id="{PANEL_ID}".*?<pre[^>]*>(.*?)</pre></details>', page, re.DOTALL)
    return found.group(1) if found else None


@pytest.mark.build
def test_a_failed_rebuild_shows_its_problems_in_the_page_until_the_file_is_fixed(project, server):
    url = f"{server.url}{SITE_PATH.lstrip('/')}companies/beta-labs/"
    good_page = fetch(url)
    assert panel_text(good_page) is None
    record, good = break_record(project)
    # The failed build is published as the latest: pages waiting on live reload are told to reload.
    wait_for_rebuild(server.url, good_page)
    failed_page = fetch(url)
    # The located problem, with the content path, as text: the contributor's markup is inert.
    assert panel_text(failed_page) == html.escape("\n".join(SAID))
    assert HOSTILE not in failed_page
    assert "A fictional software company." in failed_page  # the last good preview, under the panel
    # The terminal names the content file, and not the temporary folder MkDocs serves from.
    assert server.wait_for(SAID[1])
    assert SAID[0] in server.said
    assert not [line for line in server.said if "mkdocs_" in line]

    record.write_text(good)
    wait_for_rebuild(server.url, failed_page)
    fixed_page = fetch(url)
    assert panel_text(fixed_page) is None
    assert "A fictional software company." in fixed_page


@pytest.mark.build
def test_the_browser_shows_the_problems_and_reloads_by_itself(project, server, new_page):
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server.url}{SITE_PATH.lstrip('/')}companies/beta-labs/")
    record, good = break_record(project)
    panel = page.locator(f"#{PANEL_ID}")
    panel.wait_for(timeout=120_000)  # the page reloads by itself once the failed build is published
    assert panel.locator("pre").inner_text() == "\n".join(SAID)
    assert panel.locator("img, script").count() == 0
    assert page.locator("h1").first.inner_text() == "Beta Labs"  # the last good preview stays
    record.write_text(good)
    panel.wait_for(state="detached", timeout=120_000)  # reloaded again, from a good build
    assert page.locator("h1").first.inner_text() == "Beta Labs"
    assert dialogs == []


def test_the_panel_names_project_files_and_escapes_every_line(tmp_path):
    failed = FailedBuild(tmp_path / "site", "/tmp/mkdocs_abc123")
    error = BuildStopped("Roundbook: 2 problems.", [f"{tmp_path}/site/content/a.yml:1:1: <b>x</b> & y"])
    failed.record(error, logged=["ignored for a build Roundbook stopped"])
    assert failed.lines == ("content/a.yml:1:1: <b>x</b> & y", "Roundbook: 2 problems.")
    failed.record(RuntimeError("at /tmp/mkdocs_abc123/x.html"), logged=["WARNING in /tmp/mkdocs_abc123/y"])
    assert failed.lines == (
        "WARNING in the preview/y",
        "The build stopped on an unexpected RuntimeError; the terminal shows where.",
    )
    failed.lines = ("<script>alert(1)</script>",)
    page = failed.into_page(b"<html><body><p>page</p></body></html>")
    assert page.endswith(b"&lt;script&gt;alert(1)&lt;/script&gt;</pre></details></body></html>")
    assert b"<script>" not in page
    assert failed.into_page(b"no body").startswith(b"no body<details")
