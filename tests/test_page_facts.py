"""What pages show, computed before any template reads it: the timeline's tallies and summaries
(roundbook/model/timeline.py), an investor's deals (roundbook/model/records.py) and the index pages'
choices (roundbook/render/views.py), on a few records made by hand."""

from __future__ import annotations

from decimal import Decimal

from roundbook.history import Freshness
from roundbook.model.money import Money
from roundbook.model.records import Dataset, Investment, Milestone, Organization, Round, Sector, Source
from roundbook.model.timeline import TimelineEntry, by_month, year_entries, year_summaries
from roundbook.rates.conversion import RateTable
from roundbook.render import views
from roundbook.render.filter_options import timeline_filter_options
from roundbook.schema.values import PartialDate

SOURCE = Source("s", "https://example.org/", "A source", "Example")


def org(slug: str, **fields) -> Organization:
    return Organization(slug, slug.title(), "", f"content/companies/{slug}.yml", **fields)


def funding(company: Organization, date: str, dollars: int | None = None, **fields) -> Round:
    amount = Money(value=Decimal(dollars)) if dollars is not None else None
    round_ = Round(
        f"{date}-seed",
        company,
        PartialDate.parse(date),
        "seed",
        "Seed",
        "content/rounds/x.yml",
        amount=amount,
        amount_usd=amount,
        **fields,
    )
    company.rounds.append(round_)
    return round_


def dataset(organizations: list[Organization]) -> Dataset:
    rounds = sorted((r for o in organizations for r in o.rounds), key=lambda r: r.sort_key)
    return Dataset({o.slug: o for o in organizations}, {}, rounds, {}, RateTable({}), SOURCE, "")


def test_a_month_counts_its_rounds_apart_from_other_events_and_adds_what_they_raised():
    acme = org("acme")
    first, second = funding(acme, "2024-03-01", 5), funding(acme, "2024-03-09")
    entries = [
        TimelineEntry(first.announced, "round", acme, round=first),
        TimelineEntry(PartialDate(2024, 3, 5), "milestone", acme, "A milestone"),
        TimelineEntry(second.announced, "round", acme, round=second),
    ]
    [march] = by_month(entries)
    assert march.rounds == [second, first]  # newest first, as the month lists them
    assert (march.round_count, march.other_count) == (2, 1)
    assert march.raised.value == Decimal(5) and march.raised.uncounted == 1


def test_a_month_without_rounds_raised_nothing_known():
    acme = org("acme", milestones=[])
    [month] = by_month([TimelineEntry(PartialDate(2024, 3), "milestone", acme, "A milestone")])
    assert (month.round_count, month.other_count, month.raised) == (0, 1, None)


def test_a_year_of_the_timeline_tallies_its_entries_and_groups_them_by_month():
    acme = org("acme", founded=PartialDate(2020))
    funding(acme, "2024-01", 1)
    funding(acme, "2024-06", 2)
    year = year_entries(dataset([acme]), 2024)
    assert (year.year, year.round_count, year.other_count, year.raised.value) == (2024, 2, 0, Decimal(3))
    assert [(month.year, month.month) for month in year.months] == [(2024, 6), (2024, 1)]


def test_year_summaries_give_every_year_newest_first_even_one_without_rounds():
    acme = org("acme")
    acme.milestones.append(Milestone(PartialDate(2025, 2), "A milestone", [SOURCE]))
    funding(acme, "2023-05", 7)
    funding(acme, "2023-09")
    summaries = year_summaries(dataset([acme]))
    assert [(s.year, s.round_count, s.entry_count) for s in summaries] == [(2025, 0, 1), (2023, 2, 2)]
    assert summaries[0].raised is None
    assert summaries[1].raised.value == Decimal(7) and summaries[1].raised.uncounted == 1


def test_the_timeline_filters_offer_what_its_entries_hold():
    robots, chips = Sector("robots", "Robots"), Sector("chips", "Chips")
    acme, beta = org("acme", country="CN", sectors=[robots]), org("beta", country="US", sectors=[chips, robots])
    round_ = funding(acme, "2024-03", 5)
    options = timeline_filter_options(
        [
            TimelineEntry(round_.announced, "round", acme, round=round_),
            TimelineEntry(PartialDate(2024, 5), "milestone", beta, "A milestone"),
        ]
    )
    assert options["sector"] == [("chips", "Chips"), ("robots", "Robots")]
    assert options["country"] == [("CN", "China"), ("US", "United States")]
    assert options["stage"] == [("seed", "Seed")]  # the milestone has no stage
    assert options["year"] == [("2024", "2024 or later")]


def investor_in(*rounds_led: tuple[Round, bool]) -> Organization:
    fund = org("fund", kind="fund")
    for round_, lead in rounds_led:
        (round_.leads if lead else round_.participants).append(fund)
        fund.investments.append(Investment(fund, round_, lead))
    return fund


def test_an_investors_deals_are_newest_first_and_say_whether_it_led():
    acme, beta = org("acme"), org("beta")
    old, new, middle = funding(acme, "2021-05", 10), funding(beta, "2024-02", 30), funding(acme, "2023-01")
    fund = investor_in((old, True), (new, False), (middle, False))
    assert [(deal.round, deal.lead) for deal in fund.deals] == [(new, False), (middle, False), (old, True)]
    assert (fund.first_deal, fund.last_deal) == (old, new)
    joined = fund.rounds_joined_total
    assert (joined.value, joined.counted, joined.uncounted) == (Decimal(40), 2, 1)


def test_a_profile_that_never_invested_has_no_deals():
    acme = org("acme")
    assert (acme.deals, acme.first_deal, acme.last_deal, acme.rounds_joined_total) == ([], None, None, None)


def test_the_investors_page_ranks_by_deals_then_leads_then_name():
    a, b, c = org("a"), org("b"), org("c")
    rounds = [funding(a, "2024-01"), funding(b, "2024-02"), funding(c, "2024-03")]
    busy = investor_in((rounds[0], False), (rounds[1], False))
    leader, follower = org("leader"), org("Follower")
    for investor, lead in ((leader, True), (follower, False)):
        investor.investments.append(Investment(investor, rounds[2], lead))
    also = org("also")
    also.name = "also"  # before "Follower" only when case is ignored
    also.investments.append(Investment(also, rounds[2], False))
    ranked = views.investors(dataset([a, b, c, busy, leader, follower, also]))["investors"]
    assert ranked == [busy, leader, also, follower]


def test_a_profile_names_its_ten_most_frequent_co_investors():
    acme = org("acme")
    others = [org(f"other-{n:02d}") for n in range(12)]
    rounds = [funding(acme, f"2024-{month:02d}") for month in (1, 2)]
    fund = investor_in((rounds[0], False), (rounds[1], False))
    for index, other in enumerate(others):
        rounds[0].participants.append(other)
        if index == 11:
            rounds[1].participants.append(other)
    shown = views.profile(fund)["co_investors"]
    assert shown[0] == (others[11], 2)
    assert [other for other, _ in shown[1:]] == others[:9]


def test_the_home_page_shows_the_ten_latest_and_the_ten_largest_rounds():
    acme = org("acme")
    amounts = [5, 1, 9, 3, 12, 7, 2, 11, 4, 8, 6, 10]
    rounds = [funding(acme, f"2024-{month:02d}", amount) for month, amount in enumerate(amounts, start=1)]
    view = views.home(dataset([acme]))
    assert view["latest_rounds"] == rounds[::-1][:10]
    assert [r.amount_usd.value for r in view["largest_rounds"]] == list(range(12, 2, -1))


def test_the_largest_rounds_are_cut_after_ordering_ties_by_date_then_company():
    """Rounds as large as the last one kept, on both sides of the cut: the earliest, then the
    company first by name, are kept, as the whole list sorted and cut would keep them."""
    acme, zulu = org("acme"), org("zulu")
    for month, amount in enumerate([3, 7, 7, 1, 7, 9, 7, None], start=1):
        funding(zulu, f"2024-{month:02d}", amount)
        funding(acme, f"2024-{month:02d}", amount)
    every = dataset([zulu, acme])
    largest = every.largest_rounds(4)
    assert [(r.amount_usd.value, r.company.slug, str(r.announced)) for r in largest] == [
        (9, "acme", "2024-06"),
        (9, "zulu", "2024-06"),
        (7, "acme", "2024-02"),
        (7, "zulu", "2024-02"),
    ]
    assert every.largest_rounds(100) == every.largest_rounds(14)  # fewer sized rounds than asked: all of them
    assert len(every.largest_rounds(100)) == 14 and every.largest_rounds(1) == largest[:1]


def test_index_pages_list_profiles_by_name_whatever_its_case():
    zeta, alpha, beta = org("zeta"), org("alpha"), org("beta")
    beta.name = "beta"  # lower case, between Alpha and Zeta all the same
    view = views.companies(dataset([zeta, alpha, beta]))
    assert view["organizations"] == [alpha, beta, zeta]
    assert views.data(dataset([zeta, alpha]))["example_organization"] is zeta  # the first one read
    assert views.data(dataset([]))["example_organization"] is None


def test_the_last_round_is_the_latest_one_or_none():
    acme = org("acme")
    assert acme.last_round is None
    funding(acme, "2023-01")
    latest = funding(acme, "2024-01")
    assert acme.last_round is latest


def test_a_facet_page_shows_its_latest_rounds_and_says_when_it_leaves_some_out():
    acme, beta = org("acme"), org("Beta")
    rounds = [funding(acme, "2022-01"), funding(beta, "2023-01"), funding(acme, "2024-01")]
    view = views.facet([beta, acme], rounds, latest_count=2)
    assert (view["organizations"], view["latest_rounds"], view["rounds_left_out"]) == (
        [acme, beta],
        rounds[:0:-1],
        True,
    )
    assert views.facet([acme], rounds, latest_count=3)["rounds_left_out"] is False


def test_the_changes_page_lists_nothing_without_the_history():
    assert views.changes(Freshness(dataset([]), None))["recent"] == []


def test_the_stats_page_names_its_groups_and_folds_in_nothing_it_does_not_show():
    acme, nowhere = org("acme", country="CN"), org("nowhere")
    funding(acme, "2024-03", 5)
    funding(acme, "2024")
    funding(nowhere, "2023-07", 2)
    view = views.statistics(dataset([acme, nowhere]))
    assert [(row.label, row.sum.rounds, row.sum.not_added, row.target) for row in view["per_country"]] == [
        ("China", 2, 1, "countries/cn.md"),
        ("No country given", 1, 0, None),
    ]
    assert [(row.label, row.target) for row in view["per_year"]] == [
        ("2023", "timeline/2023.md"),
        ("2024", "timeline/2024.md"),
    ]
    # Every month from July 2023 to March 2024, the quiet ones too; a table row only for a month with rounds.
    assert len(view["per_month"]) == 9
    assert [row.label for row in view["month_rows"]] == ["July 2023", "March 2024"]
    assert view["dated_by_year_only"] == 1
    assert view["country_rows"] == view["per_country"]  # too few countries to fold any
