"""Model: references resolved into objects, derived values computed, nothing typed by hand."""

from __future__ import annotations

from decimal import Decimal

from conftest import FIXTURE_CONTENT, TODAY
from roundbook.addresses import round_anchor
from roundbook.model.money import Money, total_in_dollars
from roundbook.rates.conversion import Rate, RateTable


def test_references_become_objects(dataset):
    acme = dataset.organizations["acme-robotics"]
    series_b = acme.rounds[-1]
    assert series_b.company is acme
    assert series_b.leads == [dataset.organizations["delta-group"]]
    assert [p.slug for p in series_b.participants] == ["gamma-ventures", "jane-roe"]
    assert dataset.organizations["gamma-ventures"].parent is dataset.organizations["delta-group"]
    assert dataset.organizations["delta-group"].subsidiaries == [dataset.organizations["gamma-ventures"]]
    assert [role.person.slug for role in dataset.organizations["delta-group"].roles] == ["jane-roe"]


def test_rounds_are_in_time_order_with_stable_anchors(dataset):
    assert [r.id for r in dataset.organizations["acme-robotics"].rounds] == ["2021-seed", "2024-03-series-b"]
    assert round_anchor(dataset.organizations["acme-robotics"].rounds[0].id) == "round-2021-seed"


def test_amounts_convert_at_the_announcement_month_rate(dataset):
    series_b = dataset.organizations["acme-robotics"].rounds[-1]
    # The source's own conversion is carried as it gives it, and is not Roundbook's.
    assert series_b.amount == Money(currency="CNY", value=Decimal("720000000"), reported_usd=Decimal("101500000"))
    assert series_b.amount_usd.value == Decimal("100000000")  # 720M CNY at 7.2 per dollar
    assert series_b.amount_usd.reported_usd is None
    assert series_b.amount_usd.rate == Decimal("7.2") and series_b.amount_usd.rate_month == "2024-03"
    assert series_b.valuation_usd.precision == "approximate"
    assert series_b.valuation_usd.basis == "post-money"


def test_a_round_dated_by_year_has_no_dollar_equivalent_in_another_currency():
    money = Money(currency="CNY", value=Decimal(1))
    assert money.in_dollars(RateTable({"CNY": {"2024-03": Decimal("7.2")}}), None) is None


def test_totals_say_what_they_leave_out(dataset):
    acme = dataset.organizations["acme-robotics"]
    assert acme.total_raised.value == Decimal("102000000")  # 2M (at least) + 100M
    assert acme.total_raised.approximate and acme.total_raised.complete
    beta = dataset.organizations["beta-labs"]
    assert beta.total_raised is None  # its only amount is "up to", which has no floor
    total = total_in_dollars([Money(value=Decimal(5)), Money.undisclosed(), None])
    assert (total.value, total.counted, total.uncounted, total.complete) == (Decimal(5), 1, 2, False)


def test_latest_valuation_skips_undisclosed(dataset):
    acme = dataset.organizations["acme-robotics"]
    assert acme.latest_valuation.id == "2024-03-series-b"
    assert dataset.organizations["beta-labs"].latest_valuation is None


def test_investor_deals_portfolio_and_co_investors(dataset):
    jane = dataset.people["jane-roe"]
    assert [i.round.id for i in jane.investments] == ["2021-seed", "2024-03-series-b"]
    assert [c.slug for c in jane.portfolio] == ["acme-robotics"]
    assert jane.lead_count == 0
    delta = dataset.organizations["delta-group"]
    assert [c.slug for c in delta.portfolio] == ["acme-robotics", "beta-labs"]
    assert delta.lead_count == 1
    assert [(p.slug, n) for p, n in delta.co_investors] == [("gamma-ventures", 2), ("jane-roe", 1)]
    acme = dataset.organizations["acme-robotics"]
    assert [(i.slug, [r.id for r in rounds], led) for i, rounds, led in acme.investor_rounds] == [
        ("jane-roe", ["2021-seed", "2024-03-series-b"], 0),
        ("delta-group", ["2024-03-series-b"], 1),
        ("gamma-ventures", ["2024-03-series-b"], 0),
    ]


def test_conflicting_reports_are_kept_beside_the_main_figure(dataset):
    series_b = dataset.organizations["acme-robotics"].rounds[-1]
    assert series_b.disputed
    (report,) = series_b.reports
    assert (report.amount.min, report.amount.max) == (Decimal("700000000"), Decimal("800000000"))
    assert [s.key for s in report.sources] == ["wire"]
    assert series_b.amount.value == Decimal("720000000")  # never silently replaced


def test_the_rate_is_the_months_and_after_the_table_the_latest_said_so():
    table = RateTable(
        {"CNY": {"2024-02": Decimal("7.1"), "2024-03": Decimal("7.2")}, "RUB": {"2022-02": Decimal("80")}}
    )
    assert table.rate("CNY", "2024-02") == Rate(Decimal("7.1"), "2024-02")
    assert table.rate("CNY", "2026-12") == Rate(Decimal("7.2"), "2024-03", latest=True)
    assert table.rate("CNY", "2026-12").note == "rate of 2024-03, the latest in the table"
    assert table.rate("CNY", "2023-12") is None  # before its first month
    assert table.rate("RUB", "2024-05") is None  # no longer quoted: its last rate is not the table's latest
    assert table.rate("NOK", "2024-03") is None
    converted = Money(currency="CNY", value=Decimal("720000000")).in_dollars(table, "2026-12")
    assert (converted.value, converted.rate_month, converted.rate_note) == (
        Decimal("100000000"),
        "2024-03",
        "rate of 2024-03, the latest in the table",
    )
    assert Money(currency="NOK", value=Decimal(1)).in_dollars(table, "2024-03") is None


def test_loading_pauses_the_cyclic_collector_and_gives_it_back():
    import gc

    from roundbook import pipeline

    seen = []
    real_validate = pipeline.validate
    pipeline.validate = lambda loaded, today=None, known=None: (
        seen.append(gc.isenabled()),
        real_validate(loaded, today),
    )[1]
    try:
        assert gc.isenabled()
        dataset, problems = pipeline.load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
        assert dataset is not None and not problems
        assert seen == [False] and gc.isenabled()
        gc.disable()
        pipeline.load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
        pipeline.validate = real_validate
