"""The statistics the stats page draws, computed without rendering: sums that say what they are
made of, months with the quiet ones in, stages in their order, sectors that overlap, lead
investors, valuation steps; and the words and widths the charts write them with."""

from __future__ import annotations

from decimal import Decimal

import pytest

from roundbook.model import stats
from roundbook.model.money import Money
from roundbook.model.records import Dataset, Investment, Organization, Round, Sector, Source
from roundbook.model.valuation_steps import valuation_steps
from roundbook.rates.conversion import RateTable
from roundbook.render import views
from roundbook.render.stat_charts import not_added_text, sum_sentence, sum_value
from roundbook.render.step_chart import step_note
from roundbook.render.text_width import text_width, wrap
from roundbook.schema.values import PartialDate
from roundbook.text import bound_text, date_range_text, multiple_text

SOURCE = Source("rates", "https://example.org", "Rates", "Example")
M = Decimal(1_000_000)


def org(slug: str, **fields) -> Organization:
    return Organization(slug, slug.title(), "", f"content/companies/{slug}.yml", **fields)


def dollars(value: int, precision: str = "exact", **fields) -> Money:
    if precision == "range":
        return Money(precision="range", min=value * M, max=2 * value * M, **fields)
    return Money(value=value * M, precision=precision, **fields)


def funding(company: Organization, date: str, amount: Money | None = None, stage: str = "seed", **fields) -> Round:
    usd = fields.pop("amount_usd", amount if amount is None or amount.currency == "USD" else None)
    round_ = Round(
        f"{date}-{stage}",
        company,
        PartialDate.parse(date),
        stage,
        stage.replace("-", " ").title(),
        "content/rounds/x.yml",
        amount=amount,
        amount_usd=usd,
        **fields,
    )
    company.rounds.append(round_)
    return round_


def dataset(organizations: list[Organization], sectors: list[Sector] = ()) -> Dataset:
    rounds = sorted((r for o in organizations for r in o.rounds), key=lambda r: r.sort_key)
    return Dataset({o.slug: o for o in organizations}, {}, rounds, {s.slug: s for s in sectors}, RateTable({}), SOURCE)


def test_a_sum_adds_each_amount_by_its_precision_and_counts_what_it_cannot_add():
    acme = org("acme")
    rounds = [
        funding(acme, "2024-01", dollars(10)),
        funding(acme, "2024-02", dollars(20, "approximate")),
        funding(acme, "2024-03", dollars(30, "at-least")),
        funding(acme, "2024-04", dollars(40, "range")),  # 40 to 80: its low end is a minimum
        funding(acme, "2024-05", dollars(50, "up-to")),
        funding(acme, "2024-06", Money.undisclosed()),
        funding(acme, "2024-07"),  # no amount reported at all
        funding(acme, "2024-08", Money(value=Decimal(5), currency="GBP")),  # no dollar rate
    ]
    total = stats.Sum.of(rounds)
    assert (total.exact, total.approximate, total.minimum) == (10 * M, 20 * M, 70 * M)
    assert (total.exact_count, total.approximate_count, total.minimum_count) == (1, 1, 2)
    assert (total.undisclosed, total.up_to, total.unconverted) == (2, 1, 1)
    assert (total.value, total.added, total.not_added, total.rounds) == (100 * M, 4, 4, 8)
    assert total.lower_bound and total.is_approximate
    assert total + total == stats.Sum.of(rounds + rounds)
    assert sum_value(total) == "at least ~$100M"
    assert not_added_text(total) == "2 undisclosed, 1 “up to”, 1 no dollar rate"
    assert sum_sentence(total) == (
        "Of 8 amounts, 4 are added (1 exact, 1 approximate, 2 reported minimums) and 4 are not "
        "(2 undisclosed, 1 reported only as “up to”, 1 without a dollar rate)."
    )


def test_a_sum_of_exact_amounts_is_neither_approximate_nor_a_lower_bound():
    acme = org("acme")
    total = stats.Sum.of([funding(acme, "2024-01", dollars(10)), funding(acme, "2024-02", dollars(5))])
    assert not total.lower_bound and not total.is_approximate
    assert (sum_value(total), sum_sentence(total), not_added_text(total)) == (
        "$15M",
        "All amounts are exact and added.",
        "none",
    )
    nothing = stats.Sum.of([funding(acme, "2024-03", Money.undisclosed())])
    assert (sum_value(nothing), sum_sentence(nothing)) == (
        "amount not known",
        "Its amount cannot be added: 1 undisclosed.",
    )


def test_months_run_from_the_first_to_the_last_with_the_quiet_ones_in():
    acme = org("acme")
    funding(acme, "2023-11-05", dollars(1))
    funding(acme, "2024-02", dollars(2))
    funding(acme, "2023", dollars(3))
    months = stats.per_month(acme.rounds)
    assert [(str(m.date), m.bucket.round_count) for m in months] == [
        ("2023-11", 1),
        ("2023-12", 0),
        ("2024-01", 0),
        ("2024-02", 1),
    ]
    assert stats.dated_by_year_only(acme.rounds) == 1
    assert stats.per_month([]) == []


def test_stages_come_in_their_order_and_sectors_overlap():
    ai, chips = Sector("ai", "AI"), Sector("chips", "Chips")
    acme, beta, gamma = org("acme", sectors=[ai, chips]), org("beta", sectors=[chips]), org("gamma")
    funding(acme, "2024-01", dollars(10), stage="series-b")
    funding(beta, "2024-02", dollars(30), stage="seed")
    funding(gamma, "2024-03", dollars(5), stage="series-a")
    assert [b.key for b in stats.per_stage(acme.rounds + beta.rounds + gamma.rounds)] == [
        "seed",
        "series-a",
        "series-b",
    ]
    rounds = acme.rounds + beta.rounds + gamma.rounds
    assert [(b.key, b.sum.value) for b in stats.per_sector(rounds)] == [("chips", 40 * M), ("ai", 10 * M)]
    assert stats.without_sector(rounds) == 1


def test_lead_investors_rank_by_rounds_led_then_money():
    acme, fund, firm, angel = org("acme"), org("fund"), org("firm"), org("angel")
    for investor, led in ((fund, 2), (firm, 2), (angel, 1)):
        for month in range(led):
            round_ = funding(acme, f"2024-0{month + 1}", dollars(10 if investor is fund else 1))
            investor.investments.append(Investment(investor, round_, lead=True))
    fund.investments.append(Investment(fund, funding(acme, "2024-09", dollars(99)), lead=False))
    leaders = stats.lead_investors(dataset([acme, fund, firm, angel]))
    assert [(lead.investor.slug, len(lead.rounds), lead.sum.value) for lead in leaders] == [
        ("fund", 2, 20 * M),
        ("firm", 2, 2 * M),
        ("angel", 1, 1 * M),
    ]


def valued(company: Organization, date: str, valuation: Money | None, usd: Money | None = None) -> Round:
    return funding(company, date, valuation=valuation, valuation_usd=usd or valuation)


def test_a_valuation_step_joins_consecutive_valued_rounds_and_says_what_it_skips():
    acme = org("acme")
    first = valued(acme, "2023-01", dollars(100, basis="post-money"))
    valued(acme, "2023-06", None)  # no valuation: counted between, not a step
    second = valued(acme, "2024-01", dollars(300, "approximate", basis="pre-money"))
    third = valued(acme, "2024-06", dollars(150, basis="pre-money"))
    early, late = valuation_steps([acme])
    assert (early.before, early.after, early.unvalued_between) == (first, second, 1)
    assert (late.before, late.after, late.unvalued_between) == (second, third, 0)
    assert (early.multiple, early.exact, early.bases_differ) == (3, False, True)
    assert (late.multiple, late.bases_differ) == (Decimal("0.5"), False)
    assert step_note(early) == "post-money to pre-money; 1 round between without a valuation"
    assert (multiple_text(early.multiple, early.exact), multiple_text(late.multiple, late.exact)) == ("~3×", "~0.5×")


def test_a_step_in_one_currency_is_measured_in_it_not_at_the_rates():
    acme = org("acme")
    # 2B then 4B yuan: a doubling, though the dollar rate moved between the rounds.
    valued(acme, "2023-01", Money("CNY", value=2000 * M), Money(value=Decimal("285.7") * M))
    valued(acme, "2024-01", Money("CNY", value=4000 * M), Money(value=Decimal("555.6") * M))
    [step] = valuation_steps([acme])
    assert (step.same_currency, step.multiple, step_note(step)) == (True, 2, "")
    valued(acme, "2024-06", dollars(800), None)
    assert step_note(valuation_steps([acme])[1]) == "in US dollars, at each round's rate"


def test_a_round_without_a_dollar_valuation_makes_no_step():
    acme = org("acme")
    valued(acme, "2023-01", dollars(100))
    funding(acme, "2024-01", valuation=Money("XYZ", value=Decimal(5)), valuation_usd=None)
    assert valuation_steps([acme]) == []


def test_the_stats_view_folds_the_countries_past_the_tenth_into_one_row():
    companies = [
        org(f"c{index:02d}", country=code) for index, code in enumerate("AT BE CH CN DE DK ES FI FR GB IE IT".split())
    ]
    for index, company in enumerate(companies):
        funding(company, "2024-01", dollars(100 - index))
    rows = views.statistics(dataset(companies))["country_rows"]
    assert [row.label for row in rows][-2:] == ["United Kingdom", "2 other countries"]
    assert (rows[-1].sum.value, rows[-1].sum.rounds, rows[-1].target) == (179 * M, 2, None)


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        ((2024, 12), (2024, 12), "December 2024"),
        ((2024, 3), (2024, 12), "March\u2009–\u2009December 2024"),
        ((2023, 3), (2024, 12), "March 2023\u2009–\u2009December 2024"),
        ((2021,), (2024,), "2021\u2009–\u20092024"),
        ((2021,), (2024, 3), "2021\u2009–\u2009March 2024"),
        ((2024, 3, 12), (2024, 3, 12), "March 12, 2024"),
    ],
)
def test_a_range_of_dates_says_a_single_period_once(first, last, text):
    assert date_range_text(PartialDate(*first), PartialDate(*last)) == text


def test_a_bound_says_at_least_and_about():
    assert bound_text(Decimal(9_250_000_000), at_least=True, approximate=True) == "at least ~$9.25B"
    assert bound_text(Decimal(1_170_000_000), at_least=False, approximate=False) == "$1.17B"


def test_text_is_measured_wider_as_it_grows_and_wrapped_at_spaces_or_inside_a_long_word():
    assert text_width("Series A", 12, bold=True) > text_width("Series A", 12) > text_width("Series", 12) > 0
    assert text_width("月之暗面", 12) == pytest.approx(4 * 12 * 1.05)
    assert wrap("Venture, stage not disclosed", 100, 12) == ["Venture, stage", "not disclosed"]
    together = text_width("March\u2009–\u2009May", 12) + 1
    assert wrap("March\u2009–\u2009May 2024", together, 12) == ["March\u2009–\u2009May", "2024"]
    lines = wrap("月之暗面科技有限公司", 50, 12)
    assert "".join(lines) == "月之暗面科技有限公司" and all(text_width(line, 12) <= 50 for line in lines)
