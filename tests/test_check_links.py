"""`roundbook check-links` against a local HTTP server started here: never the internet, never a sleep."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURE_CONTENT
from roundbook.cli import main
from roundbook.links import Politeness, check_urls


class Site(http.server.ThreadingHTTPServer):
    """Answers by path: /gone 404, /moved 301 to /ok, /no-head 405 to HEAD and 200 to GET,
    /flaky 503 the first time and 200 after, /down 503 always, /hang never (until the test ends),
    any other 200."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: Counter[str] = Counter()
        self.in_flight: Counter[str] = Counter()
        self.most_in_flight: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def answer(self, method: str):
        server: Site = self.server
        host = self.headers["Host"].split(":")[0]
        with server.lock:
            server.requests[f"{method} {self.path}"] += 1
            server.in_flight[host] += 1
            server.most_in_flight[host] = max(server.most_in_flight[host], server.in_flight[host])
            seen = server.requests[f"{method} {self.path}"]
        path = self.path.split("?")[0]
        if path == "/hang":
            server.release.wait(30)
        status = {"/ok": 200, "/gone": 404, "/moved": 301, "/down": 503,
                  "/flaky": 503 if seen == 1 else 200,
                  "/no-head": 405 if method == "HEAD" else 200}.get(path, 200)
        with server.lock:  # done before answering: the next request may come as soon as it is sent
            server.in_flight[host] -= 1
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")


@pytest.fixture
def site():
    server = Site()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def no_sleep() -> Politeness:
    return Politeness(delay=0.25, sleep=lambda seconds: None)


def test_statuses_redirects_and_servers_that_refuse_head(site):
    urls = [f"{site.url}/{path}" for path in ("ok", "gone", "moved", "no-head")]
    results = check_urls(urls, politeness=no_sleep(), retries=0)
    assert {url.rsplit("/", 1)[1]: (r.status, r.dead) for url, r in results.items()} == {
        "ok": (200, False), "gone": (404, True), "moved": (200, False), "no-head": (200, False)}
    assert site.requests["HEAD /no-head"] == 1 and site.requests["GET /no-head"] == 1


def test_retries_what_may_pass_and_only_that(site):
    politeness = no_sleep()
    results = check_urls([f"{site.url}/flaky", f"{site.url}/down", f"{site.url}/gone"], retries=2, politeness=politeness)
    assert (results[f"{site.url}/flaky"].status, results[f"{site.url}/flaky"].attempts) == (200, 2)
    assert (results[f"{site.url}/down"].status, results[f"{site.url}/down"].attempts) == (503, 3)
    assert results[f"{site.url}/down"].describe() == "HTTP 503 (3 attempts)"
    assert site.requests["HEAD /gone"] == 1  # a 404 is an answer: no retry


def test_a_host_gets_one_request_at_a_time_with_the_delay_between(site):
    politeness = no_sleep()
    urls = [f"{site.url}/ok?{n}" for n in range(6)] + [f"http://localhost:{site.server_address[1]}/ok?{n}" for n in range(6)]
    results = check_urls(urls, concurrency=8, retries=0, politeness=politeness)
    assert all(not r.dead for r in results.values())
    assert site.most_in_flight == Counter({"127.0.0.1": 1, "localhost": 1})
    # Six requests per host: five pauses each, the first request of a host goes at once.
    assert politeness.waits == [0.25] * 10


def test_a_timeout_is_no_answer_and_is_retried(site):
    results = check_urls([f"{site.url}/hang"], timeout=0.2, retries=1, politeness=no_sleep())
    assert results[f"{site.url}/hang"].describe() == "no answer within 0.2 s (2 attempts)"
    assert site.requests["HEAD /hang"] == 2


def test_a_refused_connection_is_dead():
    closed = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    port = closed.server_address[1]
    closed.server_close()
    result = check_urls([f"http://127.0.0.1:{port}/x"], retries=0, politeness=no_sleep())[f"http://127.0.0.1:{port}/x"]
    assert result.dead and result.status is None
    assert result.describe() == "no answer ([Errno 111] Connection refused)"


def test_the_command_reports_dead_links_by_file_line_and_column(site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for path in content.rglob("*.yml"):  # every fixture URL points at the local site instead
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"https://[a-z.]+\.(example|org)", site.url, text), encoding="utf-8")
    round_file = content / "rounds/acme-robotics/2024-03-series-b.yml"
    round_file.write_text(round_file.read_text(encoding="utf-8").replace(f"{site.url}/acme-b", f"{site.url}/gone"))
    result = CliRunner().invoke(main, ["check-links", "--root", str(tmp_path), "--delay", "0", "--retries", "0"])
    assert result.output == (f"content/rounds/acme-robotics/2024-03-series-b.yml:15:10: {site.url}/gone: HTTP 404\n"
                             "9 URLs on 1 host checked: 1 dead.\n")
    assert result.exit_code == 1
    assert site.requests["HEAD /gone"] == 1


def test_the_command_passes_when_every_link_answers(site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for path in content.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"https://[a-z.]+\.(example|org)", site.url, text), encoding="utf-8")
    result = CliRunner().invoke(main, ["check-links", "--root", str(tmp_path), "--delay", "0"])
    assert result.output == "9 URLs on 1 host checked: 0 dead.\n"
    assert result.exit_code == 0
