"""The Jinja environment that page templates are rendered with, and its filters.

Autoescaping is on, so every `{{ value }}` is escaped and a template author cannot forget to
escape contributor text; helpers that build markup escape what they put in it and return `Markup`.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from roundbook import addresses
from roundbook.model import timeline
from roundbook.model.money import Money
from roundbook.model.records import Dataset, Organization, Round
from roundbook.render import charts, stat_charts, step_chart
from roundbook.render.filter_options import filter_options, timeline_filter_options
from roundbook.schema.values import PartialDate
from roundbook.shipped import template_folders
from roundbook.template_code import keep_compiled_templates
from roundbook.text import (
    PRECISION_WORDS,
    compact,
    country_text,
    date_text,
    money_text,
    number_text,
    plural,
    rate_text,
    short_date_text,
    total_text,
)
from roundbook.text_safety.markup import escape_text, markdown_to_safe_html


class PageLinks:
    """The links of the page being rendered: every target it links to, noted for the plugin's check,
    and each one's relative URL, worked out once per page (a page links to the same profiles,
    rounds and pages many times: an investor's deals, a company's investors)."""

    __slots__ = ("page_uri", "directory_urls", "paths", "_urls", "_links")

    def __init__(self, page_uri: str, directory_urls: bool) -> None:
        self.page_uri = page_uri
        self.directory_urls = directory_urls
        self.paths: set[str] = set()  # the docs paths it links to, anchors kept
        self._urls: dict = {}  # target (a record, whose identity is its key, or a docs path) -> URL
        self._links: dict = {}  # (target, text) -> the link, for `link`

    def url(self, target) -> str:
        try:
            url = self._urls.get(target)
        except TypeError:  # a value compared by its fields (a sector), not by identity: not kept
            return self._url(target)
        if url is None:
            url = self._urls[target] = self._url(target)
        return url

    def _url(self, target) -> str:
        path = addresses.link_target(target)
        self.paths.add(path)
        return addresses.relative_url(self.page_uri, path, self.directory_urls)

    def link(self, target, text) -> Markup:
        key = (target, text, type(text))  # Markup equals the same text unescaped: kept apart
        try:
            markup = self._links.get(key)
        except TypeError:
            return self._link(target, text)
        if markup is None:
            markup = self._links[key] = self._link(target, text)
        return markup

    def _link(self, target, text) -> Markup:
        if text is None:
            text = target.title if isinstance(target, Round) else target.name
        return Markup(f'<a href="{self.url(target)}">{escape_text(text)}</a>')


@pass_context
def href(context, target) -> str:
    """A relative link from the page being rendered to the final URL of `target`, so it works under
    any site URL. Every target is noted on the page, for the plugin to check it exists."""
    return context["page_links"].url(target)


@pass_context
def link(context, target, text=None) -> Markup:
    """A link to a profile, round or sector, its text escaped."""
    return context["page_links"].link(target, text)


@pass_context
def links(context, targets) -> Markup:
    """Links to several profiles, separated by commas (a filter, not a macro: pages call it often)."""
    page_links = context["page_links"]
    return Markup(", ").join([page_links.link(target, None) for target in targets])


@pass_context
def country_link(context, code: str) -> Markup:
    """A link to a country's page (roundbook/addresses.py), named in English: `<a href="…">China</a>`."""
    return Markup(f'<a href="{href(context, addresses.country_page(code))}">{escape_text(country_text(code))}</a>')


def code_spans(text: str) -> Markup:
    """Roundbook's own descriptions of its files mark names with backticks: `document` -> <code>."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick stays a backtick
        return escape_text(text)
    return Markup(
        "".join(
            f"<code>{escape_text(part)}</code>" if index % 2 else escape_text(part) for index, part in enumerate(parts)
        )
    )


def _sort_attribute(dollars: Money | None, sortable: bool) -> str:
    """Sortable tables sort figures by their dollar worth, not by their text ("$1B" < "$300M" as
    text). Only a table that sorts (`.rb-sortable`, see roundbook.js) reads it, so only a figure
    written for one carries it: an investor's deals table has thousands of figures and no sorting."""
    point = dollars.point if sortable and dollars is not None and dollars.currency == "USD" else None
    return f' data-sort="{point:.0f}"' if point is not None else ""


def money(value: Money | None, sortable: bool = False) -> Markup:
    """A figure as reported. An exact one is plain text, in a span only where a sortable table
    needs its sort key: a large site shows hundreds of thousands of figures, and a bare span was
    7.5 MB of one. One that is not exact says so to eyes (`~`, `+`, `up to`, a dotted underline)
    and to machines (data-precision), with the words in its title."""
    if value is None:
        return Markup('<span class="rb-money rb-unknown">unknown</span>')
    precision = value.precision
    basis = escape_text(f" {value.basis}" if value.basis else "")
    text = escape_text(money_text(value))
    sort = _sort_attribute(value, sortable)
    if precision == "exact":
        if not sort:
            return Markup(f"{text}{basis}")
        marks = ""
    elif precision == "undisclosed":  # the text says it; data-precision styles it
        marks = ' data-precision="undisclosed"'
    else:
        marks = f' data-precision="{precision}" title="{escape_text(PRECISION_WORDS[precision])}"'
    return Markup(f'<span class="rb-money"{marks}{sort}>{text}</span>{basis}')


def usd_sort(dollars: Money | None) -> str:
    """A plain number for data attributes that filters and sorts compare; empty when unknown."""
    point = dollars.point if dollars is not None and dollars.currency == "USD" else None
    return f"{point:.0f}" if point is not None else ""


def month_label(group: timeline.MonthGroup) -> str:
    if group.month is None:
        return f"{group.year}, month not reported"
    return date_text(PartialDate(group.year, group.month))


def total(value, sortable: bool = False) -> Markup:
    """A total raised; in a sortable table, sorted by its dollar figure."""
    sort = f' data-sort="{value.value:.0f}"' if sortable and value is not None else ""
    return Markup(f'<span class="rb-total"{sort}>{escape_text(total_text(value))}</span>')


# The title of the source's own conversion: the rate's title around it is not the source's.
SOURCE_CONVERSION = "the source's own conversion, as it gives it"


def money_with_dollars(value: Money | None, in_dollars: Money | None, sortable: bool = False) -> Markup:
    """The figure in its own currency, with the dollar equivalent beside it when it is another one;
    the equivalent's title gives the rate it was derived with. The source's own conversion
    (`reported_usd`) follows it when the two differ by more than 1 % (Money.reported_usd_differs)
    and do not read the same once Roundbook's is rounded to its source's digits."""
    shown = money(value, sortable)
    if value is None or not value.disclosed or value.currency == "USD":
        return shown
    source = ""
    if value.reported_usd_differs(in_dollars):
        assert value.reported_usd is not None  # it differs from Roundbook's only when there is one
        theirs = compact(value.reported_usd, "USD")
        if in_dollars is None or theirs != money_text(in_dollars):
            source = (
                f'; <span class="rb-usd-source" title="{escape_text(SOURCE_CONVERSION)}">the source converts it to '
                f"{escape_text(theirs)}</span>"
            )
    if in_dollars is None:  # no rate for its currency and month, or a round dated only by its year
        return Markup(f'{shown} <span class="rb-usd">(no USD equivalent{source})</span>')
    # A round announced after the table's last month is converted at the latest rate: said, not hidden in a title.
    note = f", {escape_text(in_dollars.rate_note)}" if in_dollars.rate_note else ""
    return Markup(
        f'{shown} <span class="rb-usd"{_sort_attribute(in_dollars, sortable)} title="at {escape_text(rate_text(in_dollars.rate))} '
        f'{escape_text(value.currency)} per US dollar, {in_dollars.rate_month}">'
        f"(≈ {escape_text(money_text(in_dollars))}{note}{source})</span>"
    )


def _converted(round_: Round) -> bool:
    figures = [round_.amount, round_.valuation, *(f for r in round_.reports for f in (r.amount, r.valuation))]
    return any(f is not None and f.disclosed and f.currency != "USD" for f in figures)


def rates_source(dataset: Dataset, rounds: list[Round] | None = None) -> Markup:
    """Where the dollar equivalents come from and the table's latest month, for a page that shows
    them; empty when `rounds` is given and none of them has a figure in another currency."""
    if rounds is not None and not any(_converted(r) for r in rounds):
        return Markup("")
    source = dataset.rates_source
    latest = f", latest month {dataset.rates.last_month}" if dataset.rates.last_month else ""
    return Markup(
        f"{external(source.url, source.title or source.url)} ({escape_text(source.publisher)}), monthly means{latest}"
    )


def changed_at(when) -> Markup:
    """A moment from the Git history: its UTC day for readers, the exact instant for machines."""
    return Markup(f'<time datetime="{when.isoformat()}">{when.date().isoformat()}</time>')


def external(url: str, text: str) -> Markup:
    """A link out of the site; the URL was checked to be http(s) by the validator."""
    return Markup(f'<a href="{escape(url)}" rel="nofollow noopener">{escape_text(text)}</a>')


def make_environment(templates_dir: Path) -> Environment:
    """The environment for a site whose own templates are in `templates_dir` (which need not exist):
    a template there is found first, and every other comes with Roundbook (roundbook/shipped.py)."""
    env = Environment(
        loader=FileSystemLoader([str(folder) for folder in template_folders(templates_dir)]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        href=href,
        link=link,
        links=links,
        money=money,
        markdown=markdown_to_safe_html,
        date=date_text,
        isodate=short_date_text,
        total=total,
        number=number_text,
        plural=plural,
        rate=rate_text,
        country=country_text,
        changed_at=changed_at,
        code_spans=code_spans,
    )
    env.filters.update(country_link=country_link, usd_sort=usd_sort, month_label=month_label)
    env.tests["organization"] = lambda value: isinstance(value, Organization)
    env.globals.update(
        money=money,
        money_with_dollars=money_with_dollars,
        external=external,
        rates_source=rates_source,
        funding_chart=charts.funding_chart,
        money_chart=stat_charts.money_chart,
        month_chart=stat_charts.month_chart,
        largest_chart=stat_charts.largest_chart,
        stage_chart=stat_charts.stage_chart,
        leads_chart=stat_charts.leads_chart,
        steps_chart=step_chart.steps_chart,
        sector_chart=stat_charts.sector_chart,
        sum_value=stat_charts.sum_value,
        part_value=stat_charts.part_value,
        not_added_text=stat_charts.not_added_text,
        step_note=step_chart.step_note,
        step_multiple=step_chart.step_multiple,
        company_timeline=timeline.company_timeline,
        by_month=timeline.by_month,
        country_name=country_text,
        filter_options=filter_options,
        timeline_filter_options=timeline_filter_options,
        address=addresses,  # where every page and file is: address.DATA_PAGE|href, address.timeline_year(year)
    )
    keep_compiled_templates(env)  # with its filters: a filter of constants is run as Jinja compiles
    return env
