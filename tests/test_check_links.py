"""`roundbook check-links` against a local HTTP server started here: never the internet, never a sleep.

Every connection is watched: one to an address that is not loopback fails the test before it is
made. The names a test uses resolve as it says (the `network` fixture); localhost and literal
addresses go to the real resolver, which reads them without a lookup.
"""

from __future__ import annotations

import http.server
import itertools
import queue
import re
import shutil
import socket
import ssl
import subprocess
import threading
from collections import Counter
from ipaddress import ip_address, ip_network
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from conftest import FIXTURE_CONTENT
from roundbook.cli import main
from roundbook.links import Politeness, check_urls, fetch

LOOPBACK = [ip_network("127.0.0.1/32"), ip_network("::1/128")]
HINT = "not a public one (check-links asks only public addresses; see --allow-network)"
BIG = 128 * 1024 * 1024  # more than the sockets on both sides can hold, so an unread body is cut off


class FakeNetwork:
    """Stands in for DNS and watches every connection made."""

    def __init__(self):
        self.names: dict[str, list[str]] = {}  # what a name resolves to, for the names a test gives
        self.lookups: Counter[str] = Counter()
        self.connected: list[str] = []
        self.loopback_allowed = True  # False: any connection at all fails the test

    def getaddrinfo(self, real, host, port, *args, **kwargs):
        if host not in self.names:
            return real(host, port, *args, **kwargs)
        self.lookups[host] += 1
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in self.names[host]
        ]

    def connect(self, real, sock, address):
        self.connected.append(address[0])
        if not (self.loopback_allowed and ip_address(address[0]).is_loopback):
            pytest.fail(f"a connection to {address[0]} was attempted")
        return real(sock, address)


@pytest.fixture(autouse=True)
def network(monkeypatch) -> FakeNetwork:
    fake = FakeNetwork()
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *args, **kwargs: fake.getaddrinfo(real_getaddrinfo, *args, **kwargs)
    )
    monkeypatch.setattr(socket.socket, "connect", lambda sock, address: fake.connect(real_connect, sock, address))
    return fake


class Site(http.server.ThreadingHTTPServer):
    """Answers by path: /gone 404, /moved 301 to /ok, /no-head 405 to HEAD and 200 to GET,
    /flaky 503 the first time and 200 after, /down 503 always, /hang never (until the test ends),
    /hops/N 302 to /hops/N-1 and /hops/0 200, /loop/a and /loop/b 302 to each other, /to?URL 302 to
    URL, /big-body 405 to HEAD and to GET 301 to /ok with a body of BIG bytes, /big-headers 200 with
    99 headers of 65,000 bytes, any other 200. Whether /big-body's body was all sent goes to `sent`."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: Counter[str] = Counter()
        self.in_flight: Counter[str] = Counter()
        self.most_in_flight: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.counted = threading.Condition(self.lock)  # told of every request counted
        self.release = threading.Event()
        self.sent: queue.Queue[tuple[str, str]] = queue.Queue()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def count_when_arrived(self, request: str, expected: int) -> int:
        """How many `request`s came, once `expected` have (or after ten seconds): a request the
        checker gave up on may reach the server's thread after the checker has returned."""
        with self.counted:
            self.counted.wait_for(lambda: self.requests[request] >= expected, timeout=10)
            return self.requests[request]


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
            server.counted.notify_all()
        path, _, query = self.path.partition("?")
        if path == "/hang":
            server.release.wait(30)
        status = {
            "/ok": 200,
            "/gone": 404,
            "/moved": 301,
            "/down": 503,
            "/flaky": 503 if seen == 1 else 200,
            "/no-head": 405 if method == "HEAD" else 200,
            "/big-body": 405 if method == "HEAD" else 301,
        }.get(path, 200)
        location = {
            "/moved": "/ok",
            "/big-body": "/ok",
            "/loop/a": "/loop/b",
            "/loop/b": "/loop/a",
            "/to": unquote(query),
        }.get(path)
        if path.startswith("/hops/") and path != "/hops/0":
            location = f"/hops/{int(path.removeprefix('/hops/')) - 1}"
        if location and status == 200:
            status = 302
        with server.lock:  # done before answering: the next request may come as soon as it is sent
            server.in_flight[host] -= 1
        try:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            for n in range(99 if path == "/big-headers" else 0):
                self.send_header(f"X-Padding-{n}", "x" * 65_000)
            self.send_header("Content-Length", str(BIG if path == "/big-body" and method == "GET" else 0))
            self.end_headers()
            if path == "/big-body" and method == "GET":
                chunk = b"x" * (1024 * 1024)
                for _ in range(BIG // len(chunk)):
                    self.wfile.write(chunk)
                server.sent.put((path, "all of it"))
        except ConnectionError:  # the checker closed the connection without reading the rest
            if path == "/big-body":
                server.sent.put((path, "cut off"))

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")


@pytest.fixture
def site():
    server = Site()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def no_sleep() -> Politeness:
    return Politeness(delay=0.25, sleep=lambda seconds: None)


def test_statuses_redirects_and_servers_that_refuse_head(site):
    urls = [f"{site.url}/{path}" for path in ("ok", "gone", "moved", "no-head")]
    results = check_urls(urls, politeness=no_sleep(), retries=0, allowed=LOOPBACK)
    assert {url.rsplit("/", 1)[1]: (r.status, r.dead) for url, r in results.items()} == {
        "ok": (200, False),
        "gone": (404, True),
        "moved": (200, False),
        "no-head": (200, False),
    }
    assert site.requests["HEAD /no-head"] == 1 and site.requests["GET /no-head"] == 1


def test_retries_what_may_pass_and_only_that(site):
    politeness = no_sleep()
    results = check_urls(
        [f"{site.url}/flaky", f"{site.url}/down", f"{site.url}/gone"],
        retries=2,
        politeness=politeness,
        allowed=LOOPBACK,
    )
    assert (results[f"{site.url}/flaky"].status, results[f"{site.url}/flaky"].attempts) == (200, 2)
    assert (results[f"{site.url}/down"].status, results[f"{site.url}/down"].attempts) == (503, 3)
    assert results[f"{site.url}/down"].describe() == "HTTP 503 (3 attempts)"
    assert site.requests["HEAD /gone"] == 1  # a 404 is an answer: no retry


def test_a_host_gets_one_request_at_a_time_with_the_delay_between(site):
    politeness = no_sleep()
    urls = [f"{site.url}/ok?{n}" for n in range(6)] + [
        f"http://localhost:{site.server_address[1]}/ok?{n}" for n in range(6)
    ]
    results = check_urls(urls, concurrency=8, retries=0, politeness=politeness, allowed=LOOPBACK)
    assert all(not r.dead for r in results.values())
    assert site.most_in_flight == Counter({"127.0.0.1": 1, "localhost": 1})
    # Six requests per host: five pauses each, the first request of a host goes at once.
    assert politeness.waits == [0.25] * 10


def test_a_timeout_is_no_answer_and_is_retried(site):
    results = check_urls([f"{site.url}/hang"], timeout=0.2, retries=1, politeness=no_sleep(), allowed=LOOPBACK)
    assert results[f"{site.url}/hang"].describe() == "no answer within 0.2 s (2 attempts)"
    assert site.count_when_arrived("HEAD /hang", 2) == 2


def test_a_refused_connection_is_dead():
    closed = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    port = closed.server_address[1]
    closed.server_close()
    url = f"http://127.0.0.1:{port}/x"
    result = check_urls([url], retries=0, politeness=no_sleep(), allowed=LOOPBACK)[url]
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
    result = CliRunner().invoke(
        main,
        ["check-links", "--root", str(tmp_path), "--delay", "0", "--retries", "0", "--allow-network", "127.0.0.1/32"],
    )
    assert result.output == (
        f"content/rounds/acme-robotics/2024-03-series-b.yml:15:10: {site.url}/gone: HTTP 404\n"
        "9 URLs on 1 host checked: 1 dead.\n"
    )
    assert result.exit_code == 1
    assert site.requests["HEAD /gone"] == 1


def test_the_command_passes_when_every_link_answers(site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for path in content.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"https://[a-z.]+\.(example|org)", site.url, text), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check-links", "--root", str(tmp_path), "--delay", "0", "--allow-network", "127.0.0.1/32"]
    )
    assert result.output == "9 URLs on 1 host checked: 0 dead.\n"
    assert result.exit_code == 0


def test_only_the_networks_allowed_are_asked_beside_public_addresses(site):
    url = f"{site.url}/ok"
    assert check_urls([url], politeness=no_sleep(), allowed=[ip_network("127.0.0.0/8")])[url].status == 200
    result = check_urls([url], politeness=no_sleep(), allowed=[ip_network("10.0.0.0/8")])[url]
    assert result.describe() == f"refused: 127.0.0.1 is a loopback address, {HINT}"
    assert site.requests == Counter({"HEAD /ok": 1})


# Literal addresses, in every form the resolver reads as an address: it gives each back as the
# address it means, with no lookup, and that address is what is vetted.
@pytest.mark.parametrize(
    "host, why",
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("[::1]", "::1 is a loopback address"),
        ("10.1.2.3", "10.1.2.3 is a private address"),
        ("172.16.0.1", "172.16.0.1 is a private address"),
        ("192.168.1.1", "192.168.1.1 is a private address"),
        ("[fd00::1]", "fd00::1 is a private address"),
        ("169.254.169.254", "169.254.169.254 is a link-local address"),
        ("[fe80::1]", "fe80::1 is a link-local address"),
        ("100.64.0.1", "100.64.0.1 is a shared (carrier-grade NAT) address"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),
        ("[::]", ":: is an unspecified address"),
        ("224.0.0.251", "224.0.0.251 is a multicast address"),
        ("240.0.0.1", "240.0.0.1 is a reserved address"),
        ("192.0.2.1", "192.0.2.1 is a special-purpose address"),
        ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is 127.0.0.1, a loopback address"),
        ("[::ffff:169.254.169.254]", "::ffff:169.254.169.254 is 169.254.169.254, a link-local address"),
        ("[64:ff9b::a9fe:a9fe]", "64:ff9b::a9fe:a9fe is 169.254.169.254, a link-local address"),
        ("2130706433", "2130706433 resolves to 127.0.0.1, a loopback address"),
        ("0x7f.1", "0x7f.1 resolves to 127.0.0.1, a loopback address"),
        ("0177.0.0.1", "0177.0.0.1 resolves to 127.0.0.1, a loopback address"),
        ("0xa9fea9fe", "0xa9fea9fe resolves to 169.254.169.254, a link-local address"),
    ],
)
def test_an_address_that_is_not_public_is_refused_without_connecting(host, why, network):
    network.loopback_allowed = False
    url = f"http://{host}:8080/admin"
    result = check_urls([url], politeness=no_sleep())[url]
    assert result.describe() == f"refused: {why}, {HINT}"  # and not retried: no "(3 attempts)"
    assert result.dead and network.connected == []


@pytest.mark.parametrize(
    "addresses, why",
    [
        (["10.0.0.5"], "10.0.0.5, a private address"),
        (["93.184.215.14", "10.0.0.5"], "10.0.0.5, a private address"),  # any address may be the one used
        (["2606:4700::1111", "fe80::1"], "fe80::1, a link-local address"),
        (["::ffff:10.0.0.5"], "::ffff:10.0.0.5, which is 10.0.0.5, a private address"),
    ],
)
def test_a_name_is_refused_when_an_address_it_resolves_to_is_not_public(addresses, why, network):
    network.names["intranet.example"] = addresses
    network.loopback_allowed = False
    url = "https://intranet.example/admin"
    result = check_urls([url], politeness=no_sleep())[url]
    assert result.describe() == f"refused: intranet.example resolves to {why}, {HINT}"
    assert network.connected == []


def test_the_connection_goes_to_the_address_vetted_not_to_a_second_lookup(site, network, monkeypatch):
    """DNS rebinding: the name resolves to an allowed address once, and to a private one after."""
    resolve = network.getaddrinfo

    def rebinding(real, host, port, *args, **kwargs):
        found = resolve(real, host, port, *args, **kwargs)
        if host == "news.example":
            network.names[host] = ["10.0.0.5"]
        return found

    network.names["news.example"] = ["127.0.0.1"]
    monkeypatch.setattr(network, "getaddrinfo", rebinding)
    url = f"http://news.example:{site.server_address[1]}/ok"
    assert check_urls([url], politeness=no_sleep(), allowed=LOOPBACK)[url].status == 200
    assert network.connected == ["127.0.0.1"] and network.lookups["news.example"] == 1
    assert site.most_in_flight == Counter({"news.example": 1})  # the Host header names the host


@pytest.mark.parametrize(
    "target, why",
    [
        ("http://intranet.example/admin", "intranet.example resolves to 10.0.0.5, a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ],
)
def test_a_redirect_to_an_address_that_is_not_public_is_refused_naming_the_hop(site, network, target, why):
    network.names.update({"news.example": ["127.0.0.1"], "intranet.example": ["10.0.0.5"]})
    url = f"http://news.example:{site.server_address[1]}/to?{target}"
    result = check_urls([url], politeness=no_sleep(), allowed=LOOPBACK)[url]
    assert result.describe() == f"refused: redirected to {target}, where {why}, {HINT}"
    assert network.connected == ["127.0.0.1"]
    assert site.requests == Counter({f"HEAD /to?{target}": 1})


def test_redirects_are_followed_hop_by_hop_up_to_five(site):
    results = check_urls([f"{site.url}/hops/5", f"{site.url}/hops/6"], politeness=no_sleep(), allowed=LOOPBACK)
    assert results[f"{site.url}/hops/5"].status == 200
    assert results[f"{site.url}/hops/6"].describe() == (
        f"more than 5 redirects (the next, to {site.url}/hops/0, not followed)"
    )
    assert site.requests == Counter(
        {"HEAD /hops/6": 1, **{f"HEAD /hops/{n}": 2 for n in range(1, 6)}, "HEAD /hops/0": 1}
    )


def test_a_redirect_is_followed_percent_encoded_as_urllib_does(site):
    url = f"{site.url}/to?/caf%C3%A9%20au%20lait"  # sent as "Location: /café au lait", é a Latin-1 byte
    assert check_urls([url], politeness=no_sleep(), allowed=LOOPBACK)[url].status == 200
    assert site.requests["HEAD /caf%E9%20au%20lait"] == 1


def test_a_redirect_loop_is_dead(site):
    url = f"{site.url}/loop/a"
    result = check_urls([url], politeness=no_sleep(), allowed=LOOPBACK)[url]
    assert result.describe() == f"redirect loop: {site.url}/loop/b redirects back to {site.url}/loop/a"
    assert site.requests == Counter({"HEAD /loop/a": 1, "HEAD /loop/b": 1})


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/pub/", "gopher://127.0.0.1:70/"])
def test_a_redirect_away_from_http_is_refused(site, network, target):
    url = f"{site.url}/to?{target}"
    result = check_urls([url], politeness=no_sleep(), allowed=LOOPBACK)[url]
    assert result.describe() == f"refused: redirected to {target}, not an http or https URL"
    assert len(network.connected) == 1


def test_a_body_is_never_read(site):
    url = f"{site.url}/big-body"  # HEAD refused, then GET: a 301 with a body of 128 MB, to /ok
    result = check_urls([url], politeness=no_sleep(), allowed=LOOPBACK)[url]
    assert result.status == 200
    assert site.requests == Counter({"HEAD /big-body": 1, "GET /big-body": 1, "GET /ok": 1})
    assert site.sent.get(timeout=30) == ("/big-body", "cut off")


def test_headers_are_read_up_to_64_kib(site):
    url = f"{site.url}/big-headers"
    result = check_urls([url], politeness=no_sleep(), allowed=LOOPBACK)[url]
    assert result.describe() == "stopped reading: headers longer than 64 KiB"


def test_a_url_has_three_timeouts_in_all_redirects_included(site, monkeypatch):
    ticks = itertools.count(step=2.0)  # each reading of the clock is two seconds on: no real wait
    monkeypatch.setattr(fetch, "monotonic", lambda: next(ticks))
    url = f"{site.url}/hops/100"
    result = check_urls([url], timeout=10, retries=0, politeness=no_sleep(), allowed=LOOPBACK)[url]
    assert result.describe() == "no answer within 30 s in all, redirects included"
    assert site.requests["HEAD /hops/100"] == site.requests["HEAD /hops/99"] == 1


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> Path:
    """A test CA, and a certificate it signed for news.example."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl makes the test certificates")
    folder = tmp_path_factory.mktemp("tls")
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            *key,
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            "/CN=Test CA",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            *key,
            "-keyout",
            "server.key",
            "-out",
            "server.pem",
            "-subj",
            "/CN=news.example",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-addext",
            "subjectAltName=DNS:news.example",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-addext",
            "keyUsage=critical,digitalSignature",
            "-addext",
            "extendedKeyUsage=serverAuth",
        ],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    return folder


@pytest.fixture
def tls_site(site, certificates, monkeypatch):
    """The site over TLS, with the names it was asked for (SNI); the checker trusts the test CA."""
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(certificates / "server.pem", certificates / "server.key")
    site.names_asked = []
    server_side.sni_callback = lambda sock, name, context: site.names_asked.append(name)
    site.socket = server_side.wrap_socket(site.socket, server_side=True)
    client_side = ssl.create_default_context(cafile=certificates / "ca.pem")
    monkeypatch.setattr(fetch, "_tls", lambda: client_side)
    return site


def test_https_names_the_host_and_checks_its_certificate(tls_site, network):
    network.names.update({"news.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    port = tls_site.server_address[1]
    url = f"https://news.example:{port}/ok"
    assert check_urls([url], politeness=no_sleep(), allowed=LOOPBACK)[url].status == 200
    assert tls_site.names_asked == ["news.example"] and tls_site.most_in_flight == Counter({"news.example": 1})
    other = f"https://other.example:{port}/ok"  # the same server: its certificate is not for this name
    result = check_urls([other], retries=0, politeness=no_sleep(), allowed=LOOPBACK)[other]
    assert result.describe().startswith(
        "no answer ([SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
        "Hostname mismatch, certificate is not valid for 'other.example'."
    )
    assert tls_site.requests == Counter({"HEAD /ok": 1})


def test_the_command_reports_a_refused_address_as_dead(site, tmp_path, network):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for path in content.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"https://[a-z.]+\.(example|org)", site.url, text), encoding="utf-8")
    round_file = content / "rounds/acme-robotics/2024-03-series-b.yml"
    metadata = "http://169.254.169.254/latest/meta-data/"
    round_file.write_text(round_file.read_text(encoding="utf-8").replace(f"{site.url}/acme-b", metadata))
    result = CliRunner().invoke(
        main,
        [
            "check-links",
            "--root",
            str(tmp_path),
            "--delay",
            "0",
            "--allow-network",
            "10.0.0.0/8",
            "--allow-network",
            "127.0.0.1/32",
        ],
    )
    assert result.output == (
        f"content/rounds/acme-robotics/2024-03-series-b.yml:15:10: {metadata}: "
        f"refused: 169.254.169.254 is a link-local address, {HINT}\n"
        "9 URLs on 2 hosts checked: 1 dead.\n"
    )
    assert result.exit_code == 1
    assert set(network.connected) == {"127.0.0.1"}


@pytest.mark.parametrize("value", ["banana", "10.0.0.0/33", "10.0.0.0/8,192.168.0.0/16"])
def test_allow_network_takes_a_network(value):
    result = CliRunner().invoke(main, ["check-links", "--allow-network", value])
    assert result.output.endswith(
        f"Error: Invalid value for '--allow-network': '{value}' is not a network "
        "in CIDR notation, such as 10.0.0.0/8 or fd00::/8.\n"
    )
    assert result.exit_code == 2
