"""A company's rounds on its profile: each in detail once, in the rounds table, at its stable
anchor, with nothing that the per-round sections and the chart's data table used to show lost.
Checked on the fixture dataset, which has a round of each of these, and on the repository's own
content/, whatever it holds (the starter dataset's rounds carry long notes and conflicting
reports; a new site's may carry none, and the checks then hold for what there is)."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest

from conftest import FIXTURE_CONTENT, REPO, TODAY
from roundbook.addresses import round_anchor
from roundbook.pipeline import load_dataset
from roundbook.render import Renderer
from roundbook.render.charts import chart_points
from roundbook.text import money_text

DATASETS = {"fixture": FIXTURE_CONTENT.parent, "content": REPO}
# What the fixture has for the tests to check: each of them, so none is checked on nothing.
FIXTURE_HAS = {"notes", "reports", "disputed"}


@pytest.fixture(scope="module", params=list(DATASETS))
def dataset_name(request):
    return request.param


@pytest.fixture(scope="module")
def profiles(dataset_name):
    """(organization, its profile page parsed) for every organization with rounds."""
    # The fixture is checked against the pinned date; content/ against today's, as `roundbook
    # validate` checks it (its sources may have been read today).
    today = TODAY if dataset_name == "fixture" else dt.date.today()
    dataset, problems = load_dataset(DATASETS[dataset_name], today=today)
    assert not problems
    renderer = Renderer(REPO / "templates")
    return [
        (org, lxml.html.fragment_fromstring(renderer.profile_page(dataset, org).html, create_parent="div"))
        for org in dataset.organizations.values()
        if org.rounds
    ]


def text(element) -> str:
    return " ".join(element.text_content().split())


def round_rows(page, funding_round) -> tuple:
    """The round's row of the rounds table, and the row of its details after it (or None)."""
    [row] = page.xpath(f'//*[@id="{round_anchor(funding_round.id)}"]')
    following = row.getnext()
    return row, following if following is not None and following.get("class") == "rb-round-more" else None


def cited_urls(page, element) -> set[str]:
    """The URLs of the sources that the citation marks inside `element` lead to."""
    urls = set()
    for mark in element.xpath(".//sup[@class='rb-cite']/a/@href"):
        [source] = page.xpath(f'//ol[@class="rb-sources"]/li[@id="{mark[1:]}"]')
        urls.add(source.xpath(".//a/@href")[0])
    return urls


def test_every_round_anchor_is_once_on_its_profile_on_a_row_of_the_rounds_table(profiles):
    for org, page in profiles:
        table = page.xpath('//h2[@id="funding-rounds"]/following-sibling::table[1]')[0]
        assert table.xpath("thead/tr/th/text()") == [
            "Announced",
            "Round",
            "Amount",
            "Valuation",
            "Investors",
            "Sources",
        ]
        assert [row.get("id") for row in table.xpath("tbody/tr[@id]")] == [round_anchor(r.id) for r in org.rounds], (
            org.slug
        )
        for funding_round in org.rounds:
            assert len(page.xpath(f'//*[@id="{round_anchor(funding_round.id)}"]')) == 1, funding_round
            row, _ = round_rows(page, funding_round)
            assert row.xpath("td[2]/a/@href") == [f"./#{round_anchor(funding_round.id)}"], (
                funding_round
            )  # its permanent link
            assert text(row.xpath("td[1]")[0]) == str(funding_round.announced), funding_round
        assert not page.xpath("//h3[starts-with(@id, 'round-')]"), org.slug


def test_each_row_names_the_investors_leads_first_and_cites_the_rounds_sources(profiles):
    for org, page in profiles:
        for funding_round in org.rounds:
            row, _ = round_rows(page, funding_round)
            leads = [f"{lead.name} (lead)" for lead in funding_round.leads]
            others = ", ".join(p.name for p in funding_round.participants)
            expected = (
                ", ".join(leads + ([others] if others else []))
                if leads
                else (f"Lead not reported; {others}" if others else "Not reported")
            )
            assert text(row.xpath("td[5]")[0]) == expected, funding_round
            assert cited_urls(page, row.xpath("td[6]")[0]) == {s.url for s in funding_round.sources}, funding_round


def test_notes_conflicting_reports_and_disputes_are_in_the_rows_of_their_round(profiles, dataset_name):
    seen = {"notes": 0, "reports": 0, "disputed": 0}
    for org, page in profiles:
        for funding_round in org.rounds:
            row, details = round_rows(page, funding_round)
            more = text(details) if details is not None else ""
            assert (details is not None) == bool(funding_round.notes or funding_round.reports or funding_round.disputed)
            if funding_round.notes:
                seen["notes"] += 1
                assert f"Notes: {' '.join(funding_round.notes.split())}" in more, funding_round
            assert more.count("Also reported:") == len(funding_round.reports), funding_round
            for report, line in zip(
                funding_round.reports,
                details.xpath("td/p[strong='Also reported:']") if details is not None else [],
                strict=True,
            ):
                seen["reports"] += 1
                said = text(line)
                for figure, dollars in ((report.amount, report.amount_usd), (report.valuation, report.valuation_usd)):
                    if figure is not None:
                        assert money_text(figure) in said, (funding_round, said)
                    if dollars is not None and dollars is not figure:
                        assert f"(≈ {money_text(dollars)})" in said, (funding_round, said)
                if report.note:
                    assert f"({' '.join(report.note.split())})" in said, (funding_round, said)
                assert cited_urls(page, line) == {s.url for s in report.sources}, funding_round
            marked = row.xpath(".//span[@class='rb-disputed']")
            assert bool(marked) == funding_round.disputed, funding_round
            if funding_round.disputed:
                seen["disputed"] += 1
                assert more.startswith("Disputed: sources disagree about this round"), funding_round
    if dataset_name == "fixture":
        assert {kind for kind, count in seen.items() if count} == FIXTURE_HAS, seen


def test_every_figure_of_the_chart_is_in_the_row_of_its_round(profiles, dataset_name):
    """The chart's own data table is gone: the rounds table lists every figure it draws, in its
    column, as reported and in dollars (ranges, approximate and at-least figures as drawn)."""
    charted = 0
    for org, page in profiles:
        points, _ = chart_points(org)
        if len(points) < 2:
            continue
        assert not page.xpath("//details"), org.slug
        caption = page.xpath("//figure/figcaption")[0]
        assert caption.xpath("a/@href") == ["#funding-rounds"], org.slug
        by_anchor = {round_anchor(r.id): r for r in org.rounds}
        for point in points:
            row, _ = round_rows(page, by_anchor[point.anchor])
            cell = text(row.xpath("td[3]" if point.series == "amount" else "td[4]")[0])
            original = getattr(by_anchor[point.anchor], point.series)
            # A dollar equivalent ends its bracket, or goes on with the source's own conversion.
            shown = (
                [money_text(point.money)]
                if original.currency == "USD"
                else [f"(≈ {money_text(point.money)}{end}" for end in (")", "; the source converts it to")]
            )
            assert any(s in cell for s in shown) and money_text(original) in cell, (point, cell)
            charted += 1
    assert charted or dataset_name == "content"  # the fixture has a chart; content/ may have none


def test_a_profile_timeline_shows_each_round_briefly(profiles):
    """Date, the round's title linking to its row, the amount as reported, the lead; the rest is in its row."""
    for org, page in profiles:
        entries = page.xpath('//ol[@class="rb-timeline"]/li[@data-kind="round"]')
        assert len(entries) == len(org.rounds), org.slug
        for entry, funding_round in zip(entries, org.rounds, strict=True):
            assert entry.xpath("a[1]/@href") == [f"./#{round_anchor(funding_round.id)}"]
            said = text(entry)
            assert said.startswith(f"{entry.xpath('time')[0].text} Funding {funding_round.title}: "), said
            assert money_text(funding_round.amount) in said, said
            assert all(lead.name in said for lead in funding_round.leads), said
            assert not entry.xpath(".//span[@class='rb-usd' or @class='rb-cite'] | .//sup"), said
            assert "valuation" not in said and "also reported" not in said, said


def test_the_investors_section_names_each_investor_once_with_the_rounds_it_joined_and_led(profiles):
    """What it says agrees with the rounds table, which says which rounds they are."""
    for org, page in profiles:
        table = page.xpath('//h2[@id="funding-rounds"]/following-sibling::table[1]')[0]
        joined, led = {}, {}
        for row in table.xpath("tbody/tr[@id]"):
            for link in row.xpath("td[5]/a"):
                joined[link.text] = joined.get(link.text, 0) + 1
                led[link.text] = led.get(link.text, 0) + (link.tail or "").startswith(" (lead)")
        if not joined:  # no round names an investor
            assert not page.xpath('//h2[@id="investors"]'), org.slug
            continue
        [paragraph] = page.xpath('//h2[@id="investors"]/following-sibling::*[1][self::p]')
        assert paragraph.xpath("a/text()") == list(joined), org.slug  # each once, in order of first round
        for link in paragraph.xpath("a"):
            rounds, lead = joined[link.text], led[link.text]
            expected = (
                (f" ({rounds} rounds" + (f", led {lead})" if lead else ")"))
                if rounds > 1
                else " (lead)"
                if lead
                else ""
            )
            assert (link.tail or "").rstrip(" ,.") == expected, (org.slug, link.text, link.tail)
