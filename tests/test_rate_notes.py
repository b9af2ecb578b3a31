"""Currency rates never stop a build (roundbook/rates/conversion.py): a round in a currency the
table lacks is shown in its own currency with "no USD equivalent" and a warning; one announced
after the table's last month is converted at the latest rate, and says so. The rounds written
here are fictional; the fixture table has CNY and EUR for 2024-03 only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import make_project, mkdocs_build, roundbook

pytestmark = pytest.mark.build  # builds sites with rounds that have no rate

NOK_ROUND = """\
announced: 2024-03-20
stage: series-a
amount: {value: 50M, currency: NOK}
lead: [gamma-ventures]
sources:
  - id: news
    url: https://news.example/beta-labs-series-a
    publisher: Example News
"""
LATER_ROUND = (
    NOK_ROUND.replace("2024-03-20", "2024-06-03")
    .replace("series-a", "series-b")
    .replace("50M, currency: NOK", "10M, currency: EUR")
    .replace("series-a", "series-b")
)
NO_RATE = (
    "content/rounds/beta-labs/2024-03-20-series-a.yml:3:32: no USD equivalent: content/reference/currency-rates.yml "
    "has no NOK rate at all; the figure is shown in NOK only"
)
LATEST = (
    "content/rounds/beta-labs/2024-06-03-series-b.yml:3:32: EUR converted at the rate of 2024-03, the latest in "
    "the table, for a round of 2024-06; `roundbook rates update` brings newer rates"
)


@pytest.fixture
def rounds_beyond_the_table(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    (project / "content/rounds/beta-labs/2024-03-20-series-a.yml").write_text(NOK_ROUND, encoding="utf-8")
    (project / "content/rounds/beta-labs/2024-06-03-series-b.yml").write_text(LATER_ROUND, encoding="utf-8")
    return project


def test_validate_warns_and_passes(rounds_beyond_the_table):
    result = roundbook(["validate"], rounds_beyond_the_table)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        NO_RATE.replace(": no USD", ": warning: no USD"),
        LATEST.replace(": EUR converted", ": warning: EUR converted"),
        "4 organizations, 1 people and 5 rounds: no problems. 2 warnings: the build goes on.",
    ]
    github = roundbook(["validate", "--format", "github"], rounds_beyond_the_table).stdout.splitlines()
    assert github[0].startswith("::warning file=content/rounds/beta-labs/2024-03-20-series-a.yml,line=3,col=32::no USD")
    document = json.loads(roundbook(["validate", "--format", "json"], rounds_beyond_the_table).stdout)
    assert (document["ok"], [w["message"] for w in document["warnings"]]) == (
        True,
        [NO_RATE.split(": ", 1)[1], LATEST.split(": ", 1)[1]],
    )


def test_the_strict_build_goes_on_and_the_page_says_why(rounds_beyond_the_table, tmp_path):
    build = mkdocs_build(rounds_beyond_the_table, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    assert f"WARNING -  Roundbook: {NO_RATE}\n" in build.stderr
    assert f"WARNING -  Roundbook: {LATEST}\n" in build.stderr
    page = (tmp_path / "site/companies/beta-labs/index.html").read_text(encoding="utf-8")
    row = page[page.index('<tr id="round-2024-03-20-series-a">') :]
    assert row[: row.index("</tr>")].count('NOK50M <span class="rb-usd">(no USD equivalent)</span>') == 1
    row = page[page.index('<tr id="round-2024-06-03-series-b">') :]
    assert (
        '€10M <span class="rb-usd" title="at 0.9 EUR per US dollar, 2024-03">'
        "(≈ $11M, rate of 2024-03, the latest in the table)</span>"
    ) in row[: row.index("</tr>")]
    assert (
        "Dollar equivalents (≈) are at the rate for the month each round was announced: "
        '<a href="https://example.org/rates" rel="nofollow noopener">Example rates</a> (Example Publisher), '
        "monthly means, latest month 2024-03."
    ) in page
