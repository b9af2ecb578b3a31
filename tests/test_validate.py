"""Validate: every problem in one pass, each with its file, line, column and an exact message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, TODAY
from roundbook.pipeline import check_content


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    return tmp_path / "content"


def problems(content: Path) -> list[str]:
    checked = check_content(content.parent, today=TODAY)
    return [str(p) for p in checked.problems.sorted()]


def write(content: Path, relative: str, text: str) -> None:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


ROUND = """\
announced: 2024-03
stage: seed
lead: [gamma-ventures]
sources:
  - id: news
    url: https://news.example/x
    title: X
    publisher: Example News
"""


def test_the_fixture_dataset_is_valid(content):
    assert problems(content) == []


def test_misspelled_references_suggest_the_right_slug(content):
    write(content, "rounds/beta-labs/2024-04-a.yml", ROUND.replace("gamma-ventures", "gamma-venture"))
    assert problems(content) == [
        "content/rounds/beta-labs/2024-04-a.yml:3:8: unknown investor 'gamma-venture'; did you mean 'gamma-ventures'?",
    ]


def test_every_problem_in_one_pass_sorted(content):
    write(
        content,
        "rounds/beta-labs/2024-04-a.yml",
        """\
announced: 2024-13
stage: series-bb
stage: seed
amount: {value: 1B, currency: usd}
lead: [nobody]
sources:
  - id: news
    url: ftp://news.example/x
    publisher: Example News
""",
    )
    assert problems(content) == [
        "content/rounds/beta-labs/2024-04-a.yml:1:12: 'announced': '2024-13' has no month 13",
        "content/rounds/beta-labs/2024-04-a.yml:2:8: unknown stage 'series-bb'; did you mean 'series-b'?",
        "content/rounds/beta-labs/2024-04-a.yml:3:1: duplicate key 'stage' (first written on line 2)",
        "content/rounds/beta-labs/2024-04-a.yml:4:31: 'usd' is not an ISO 4217 currency code (such as USD, CNY, EUR)",
        "content/rounds/beta-labs/2024-04-a.yml:5:8: unknown investor 'nobody'",
        "content/rounds/beta-labs/2024-04-a.yml:8:10: 'url' must be an http or https URL, not 'ftp://news.example/x'",
    ]


@pytest.mark.parametrize(
    "change, expected",
    [
        ("sources: []\n", "1:1: missing required field 'sources' (Where this round was reported; at least one)"),
        (
            "amount: {value: -5, currency: USD}\n",
            "9:17: 'value' must be a positive amount such as 1000000, 300M or 2.5B, not the number -5",
        ),
        ("amount: {value: 1B, currency: USD, precision: range}\n", "9:9: a range needs 'min'"),
        ("amount: {min: 5B, max: 3B, currency: USD, precision: range}\n", "9:24: 'max' must be greater than 'min'"),
        (
            "amount: lots\n",
            "9:9: 'amount' must be 'undisclosed' or a mapping with value and currency, not the text 'lots'",
        ),
        (
            "valuation: {value: 1B, currency: USD, basis: after}\n",
            "9:46: unknown basis 'after'; expected one of: pre-money, post-money",
        ),
        ("amout: undisclosed\n", "9:1: unknown field 'amout'; did you mean 'amount'?"),
        (
            "participants: [gamma-ventures]\n",
            "9:16: 'gamma-ventures' is already a lead investor; list it once, under 'lead'",
        ),
        ("participants: [beta-labs]\n", "9:16: a company cannot invest in its own round"),
        (
            "disputed: NO\n",
            "9:11: 'NO' is read as a boolean by YAML 1.1 tools; write \"NO\" in quotes for text, or true/false",
        ),
        ("notes: 2024\n", "9:8: 'notes' must be text, not the number 2024; write it in quotes"),
    ],
)
def test_round_field_rules(content, change, expected):
    text = ROUND.replace("sources:\n  - id: news", "sources:\n  - id: news") + change
    if change.startswith("sources: []"):
        text = "announced: 2024-03\nstage: seed\n"
    write(content, "rounds/beta-labs/2024-04-a.yml", text)
    assert f"content/rounds/beta-labs/2024-04-a.yml:{expected}" in problems(content)


def test_dates_in_range_and_in_order(content):
    write(content, "rounds/beta-labs/2021-a.yml", ROUND.replace("2024-03", "2021-06"))
    write(content, "rounds/beta-labs/2099-a.yml", ROUND.replace("2024-03", "2099-01"))
    write(content, "rounds/beta-labs/1700-a.yml", ROUND.replace("2024-03", "1700"))
    assert problems(content) == [
        "content/rounds/beta-labs/1700-a.yml:1:12: 'announced' 1700 is before 1800",
        "content/rounds/beta-labs/2021-a.yml:1:12: announced 2021-06, before beta-labs was founded (2022)",
        "content/rounds/beta-labs/2099-a.yml:1:12: 'announced' 2099-01 is in the future",
    ]


def test_slug_rules_and_unique_slugs(content):
    write(
        content,
        "companies/Bad_Name.yml",
        "name: X\nkind: startup\nsummary: x\nsources: [{id: s, url: https://x.example, publisher: X}]\n",
    )
    write(
        content,
        "people/beta-labs.yml",
        "name: X\nsummary: x\nsources: [{id: s, url: https://x.example, publisher: X}]\n",
    )
    write(content, "rounds/betalabs/2024-03-a.yml", ROUND)
    assert problems(content) == [
        "content/companies/Bad_Name.yml:1:1: file name 'Bad_Name' is not a valid slug: use lowercase a-z, 0-9 and single hyphens",
        "content/people/beta-labs.yml:1:1: slug 'beta-labs' is already used by content/companies/beta-labs.yml",
        "content/rounds/betalabs/2024-03-a.yml:1:1: unknown company 'betalabs'; did you mean 'beta-labs'? (the folder rounds/betalabs/ must be named after a profile in companies/)",
    ]


def test_country_sector_parent_and_citations(content):
    write(
        content,
        "companies/epsilon.yml",
        """\
name: Epsilon
kind: startup
headquarters: {country: XX}
sectors: [artifical-intelligence]
parent: delta-grup
products:
  - name: E1
    summary: A product.
    launched: 2010
    sources: [missing]
founded: 2015
sources:
  - id: site
    url: https://epsilon.example
    publisher: Epsilon
summary: x
""",
    )
    assert problems(content) == [
        "content/companies/epsilon.yml:3:25: 'XX' is not an ISO 3166-1 country code (such as CN, US, GB)",
        "content/companies/epsilon.yml:4:11: unknown sector 'artifical-intelligence'; did you mean 'artificial-intelligence'?",
        "content/companies/epsilon.yml:5:9: unknown organization 'delta-grup'; did you mean 'delta-group'?",
        "content/companies/epsilon.yml:9:15: launched 2010, before the organization was founded (2015)",
        "content/companies/epsilon.yml:10:15: unknown source 'missing'; this file's sources are: site",
    ]


def test_a_currency_without_a_rate_is_a_warning_never_a_problem(content):
    # Rates never stop a build (roundbook/rates/conversion.py): no rate at all, none that month,
    # or a month after the table's last one (the latest rate, said).
    write(
        content,
        "rounds/beta-labs/2023-01-a.yml",
        ROUND.replace("2024-03", "2023-01") + "amount: {value: 1M, currency: CNY}\n",
    )
    write(content, "rounds/beta-labs/2024-03-b.yml", ROUND + "amount: {value: 1M, currency: NOK}\n")
    write(
        content,
        "rounds/beta-labs/2024-04-c.yml",
        ROUND.replace("2024-03", "2024-04") + "amount: {value: 1M, currency: CNY}\n",
    )
    assert problems(content) == []
    checked = check_content(content.parent, today=TODAY)
    assert [str(w) for w in checked.warnings.sorted()] == [
        "content/rounds/beta-labs/2023-01-a.yml:9:31: no USD equivalent: content/reference/currency-rates.yml has no CNY "
        "rate for 2023-01 (its CNY rates run from 2024-03 to 2024-03); the figure is shown in CNY only",
        "content/rounds/beta-labs/2024-03-b.yml:9:31: no USD equivalent: content/reference/currency-rates.yml has no NOK "
        "rate at all; the figure is shown in NOK only",
        "content/rounds/beta-labs/2024-04-c.yml:9:31: CNY converted at the rate of 2024-03, the latest in the table, for "
        "a round of 2024-04; `roundbook rates update` brings newer rates",
    ]


def test_role_dates_in_order(content):
    text = (content / "people/jane-roe.yml").read_text().replace("since: 2019\n", "since: 2019\n    until: 2018\n")
    write(content, "people/jane-roe.yml", text)
    assert problems(content) == ["content/people/jane-roe.yml:8:12: 'until' 2018 is before 'since' 2019"]


def test_an_empty_required_field_is_a_problem_at_its_key(content):
    write(
        content,
        "companies/epsilon.yml",
        """\
name: Epsilon
kind: startup
native_name:
summary:
sources:
  - id: site
    url: https://epsilon.example
    publisher:
""",
    )
    assert problems(content) == [
        "content/companies/epsilon.yml:4:1: required field 'summary' is empty (One line: who or what this is)",
        "content/companies/epsilon.yml:8:5: required field 'publisher' is empty (Who published it, such as Bloomberg)",
    ]


def test_former_slugs_are_slugs_and_name_one_profile_only(content):
    acme = (content / "companies/acme-robotics.yml").read_text()
    write(
        content,
        "companies/acme-robotics.yml",
        acme.replace(
            "kind: startup\n",
            "former_slugs: [acme, Acme_Old, acme-robotics, beta-labs, jane-roe, acme]\nkind: startup\n",
        ),
    )
    beta = (content / "companies/beta-labs.yml").read_text()
    write(content, "companies/beta-labs.yml", beta.replace("kind: startup\n", "former_slugs: [acme]\nkind: startup\n"))
    assert problems(content) == [
        "content/companies/acme-robotics.yml:5:22: 'Acme_Old' is not a valid former_slugs: use lowercase a-z, 0-9 and single hyphens",
        "content/companies/acme-robotics.yml:5:32: 'acme-robotics' is this profile's own slug; list only slugs it had before",
        "content/companies/acme-robotics.yml:5:47: former slug 'beta-labs' is the slug of content/companies/beta-labs.yml; "
        "an old address can only lead to one profile",
        "content/companies/acme-robotics.yml:5:58: former slug 'jane-roe' is the slug of content/people/jane-roe.yml; "
        "an old address can only lead to one profile",
        "content/companies/acme-robotics.yml:5:68: 'acme' is listed twice in 'former_slugs'",
        "content/companies/beta-labs.yml:2:16: former slug 'acme' is already listed by content/companies/acme-robotics.yml",
    ]


def test_a_reference_to_a_former_slug_names_the_new_one(content):
    for relative, old, new in [
        ("companies/delta-group.yml", "kind:", "former_slugs: [delta-holdings]\nkind:"),
        ("companies/gamma-ventures.yml", "parent: delta-group", "parent: delta-holdings"),
    ]:
        write(content, relative, (content / relative).read_text().replace(old, new, 1))
    write(content, "rounds/beta-labs/2024-04-a.yml", ROUND.replace("gamma-ventures", "delta-holdings"))
    write(content, "rounds/delta-holdings/2024-04-b.yml", ROUND)
    assert problems(content) == [
        "content/companies/gamma-ventures.yml:3:9: unknown organization 'delta-holdings': it was renamed; write 'delta-group'",
        "content/rounds/beta-labs/2024-04-a.yml:3:8: unknown investor 'delta-holdings': it was renamed; write 'delta-group'",
        "content/rounds/delta-holdings/2024-04-b.yml:1:1: unknown company 'delta-holdings': it was renamed; "
        "move this file to rounds/delta-group/",
    ]
