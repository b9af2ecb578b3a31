"""`roundbook check-links`: request every source URL and website the content cites; report the dead."""

from __future__ import annotations

import sys
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import click

from roundbook.commands.options import project_options
from roundbook.links import Politeness, check_urls, cited_urls
from roundbook.links.addresses import Network
from roundbook.pipeline import check_content
from roundbook.text import number_text, plural


class NetworkType(click.ParamType):
    """A network for --allow-network, such as 10.0.0.0/8; a bare address is that address alone."""

    name = "CIDR"

    def convert(self, value, param, ctx):
        try:
            return ip_network(value, strict=False)  # 10.1.2.3/8 means 10.0.0.0/8: what was written
        except ValueError:
            self.fail(f"{value!r} is not a network in CIDR notation, such as 10.0.0.0/8 or fd00::/8.", param, ctx)


def _plural(count: int, word: str) -> str:
    """`1,204 URLs`: a count of links can run to thousands, so it is grouped."""
    return f"{number_text(count)} {plural(count, word)}"


@click.command("check-links")
@project_options
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="How many hosts are asked at once; each host gets one request at a time.",
)
@click.option(
    "--delay",
    type=click.FloatRange(0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to the same host.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds to wait for each answer; all of a URL's requests, redirects included, get three times that.",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=2,
    show_default=True,
    help="Further tries after no answer, HTTP 408, 425, 429 or a 5xx status.",
)
@click.option(
    "--allow-network",
    "allowed",
    type=NetworkType(),
    multiple=True,
    help="Also ask addresses in this network (repeatable), such as an intranet's 10.0.0.0/8; "
    "by default only public addresses are asked.",
)
def check_links(
    root: Path,
    content_dir: str,
    concurrency: int,
    delay: float,
    timeout: float,
    retries: int,
    allowed: tuple[Network, ...],
) -> None:
    """Request every source URL and website in the content; report each dead one as
    path:line:col: URL: why, and exit 1 if there is any. A URL or redirect to an address that is
    not public (loopback, private, link-local...) is refused and reported as dead."""
    checked = check_content(root, content_dir)
    cited = cited_urls(checked)
    results = check_urls(
        [c.url for c in cited],
        concurrency=concurrency,
        timeout=timeout,
        retries=retries,
        politeness=Politeness(delay),
        allowed=allowed,
    )
    dead = [c for c in cited if results[c.url].dead]
    for c in dead:
        click.echo(f"{c.mark.path}:{c.mark.line}:{c.mark.col}: {c.url}: {results[c.url].describe()}")
    hosts = len({urlsplit(url).hostname for url in results})
    dead_urls = len({c.url for c in dead})
    click.echo(f"{_plural(len(results), 'URL')} on {_plural(hosts, 'host')} checked: {dead_urls} dead.")
    if dead:
        sys.exit(1)
