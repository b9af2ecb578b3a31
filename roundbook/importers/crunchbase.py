"""`roundbook import crunchbase DIR`: a Crunchbase bulk export, read into rows.

`funding_rounds.csv` is required; `investments.csv` (who invested, and who led), `investors.csv`
(investors' names, types and pages) and `organizations.csv` (companies' details) are used when
present. Each file's columns are checked against the ones below: a required column missing is
a problem, an optional one missing is no problem, and other columns are left alone. Older and
newer exports name some columns differently; both names are read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from roundbook.schema.fields import is_currency_code

from roundbook.importers.details import Details, is_web_address, sector_names
from roundbook.importers.money import CellError, Figure, parse_plain_amount
from roundbook.importers.names import split_names
from roundbook.importers.rows import Entity, RoundRow
from roundbook.importers.stages import UnsupportedStage, crunchbase_stage
from roundbook.importers.tables import Column, Row, Table, locate, read_table
from roundbook.problems import Mark, Problems

PUBLISHER = "Crunchbase"
SOURCE_ID = "crunchbase"

ROUND_COLUMNS = [
    Column("company", ("company_name", "org_name", "organization_name"), required=True),
    Column("company_uuid", ("company_uuid", "org_uuid", "organization_uuid")),
    Column("round_uuid", ("funding_round_uuid", "uuid")),
    Column("round_type", ("funding_round_type", "investment_type"), required=True),
    Column("round_code", ("funding_round_code",)),
    Column("announced", ("announced_on", "funded_at"), required=True),
    Column("amount", ("raised_amount",)),
    Column("amount_currency", ("raised_amount_currency_code",)),
    Column("amount_usd", ("raised_amount_usd",)),
    Column("valuation", ("post_money_valuation",)),
    Column("valuation_currency", ("post_money_valuation_currency_code",)),
    Column("valuation_usd", ("post_money_valuation_usd",)),
    Column("investor_names", ("investor_names",)),
    Column("country", ("country_code", "company_country_code")),
    Column("city", ("city", "company_city")),
    Column("categories", ("company_category_list", "category_list")),
    Column("url", ("cb_url",), required=True),
]
INVESTMENT_COLUMNS = [
    Column("round_uuid", ("funding_round_uuid",), required=True),
    Column("investor_uuid", ("investor_uuid",), required=True),
    Column("lead", ("is_lead_investor",), required=True),
    Column("investor_name", ("investor_name",)),
    Column("investor_type", ("investor_type",)),
]
INVESTOR_COLUMNS = [
    Column("uuid", ("uuid", "investor_uuid"), required=True),
    Column("name", ("investor_name", "name"), required=True),
    Column("type", ("investor_type", "type")),
    Column("types", ("investor_types",)),
    Column("country", ("country_code",)),
    Column("city", ("city",)),
    Column("website", ("homepage_url",)),
    Column("url", ("cb_url",)),
]
ORGANIZATION_COLUMNS = [
    Column("uuid", ("uuid", "company_uuid", "org_uuid"), required=True),
    Column("name", ("name", "company_name"), required=True),
    Column("country", ("country_code",)),
    Column("city", ("city",)),
    Column("website", ("homepage_url",)),
    Column("summary", ("short_description",)),
    Column("founded", ("founded_on",)),
    Column("categories", ("category_list",)),
    Column("url", ("cb_url",)),
]

PEOPLE = {"person", "individual"}
# Crunchbase's investor types (investors.csv `investor_types`) -> organization kind.
INVESTOR_KINDS = {
    "venture_capital": "investment-firm", "micro_vc": "investment-firm", "private_equity_firm": "investment-firm",
    "corporate_venture_capital": "investment-firm", "family_investment_office": "investment-firm",
    "hedge_fund": "investment-firm", "investment_bank": "investment-firm", "angel_group": "investment-firm",
    "accelerator": "investment-firm", "incubator": "investment-firm", "investment_partnership": "investment-firm",
    "fund_of_funds": "fund", "sovereign_wealth_fund": "state-fund",
}
TRUE, FALSE = {"t", "true", "1", "yes"}, {"f", "false", "0", "no", ""}


@dataclass
class Export:
    rounds: Table
    investments: Table | None
    investors: Table | None
    organizations: Table | None


def _table(folder: Path, name: str, columns: list[Column], problems: Problems, required: bool) -> Table | None:
    path = folder / name
    shown = path.as_posix()
    if not path.is_file():
        if required:
            problems.add(Mark(shown, 1, 1), f"no {name} in {folder.as_posix()}; a Crunchbase export has one")
        return None
    table = read_table(path, shown, problems)
    if table is not None:
        locate(table, columns, problems)
    return table


def read_export(folder: Path, problems: Problems) -> Export | None:
    rounds = _table(folder, "funding_rounds.csv", ROUND_COLUMNS, problems, required=True)
    investments = _table(folder, "investments.csv", INVESTMENT_COLUMNS, problems, required=False)
    investors = _table(folder, "investors.csv", INVESTOR_COLUMNS, problems, required=False)
    organizations = _table(folder, "organizations.csv", ORGANIZATION_COLUMNS, problems, required=False)
    if rounds is not None and investments is not None and "round_uuid" not in rounds.columns:
        problems.add(Mark(rounds.path, 1, 1), "missing column 'funding_round_uuid' (or 'uuid'), which "
                     "investments.csv refers to")
    if problems or rounds is None:
        return None
    return Export(rounds, investments, investors, organizations)


def _by(table: Table | None, key: str) -> dict[str, Row]:
    """The rows of `table` by the value in column `key`; the first row wins."""
    rows: dict[str, Row] = {}
    for row in table.rows if table else []:
        rows.setdefault(table.cell(row, key), row)
    return rows


class Reader:
    def __init__(self, export: Export, checked, today: dt.date):
        self.export = export
        self.today = today
        self.sectors = sector_names(checked)
        self.organizations = _by(export.organizations, "uuid")
        self.investors = _by(export.investors, "uuid")
        self.investments: dict[str, list[Row]] = {}
        if export.investments:
            for row in export.investments.rows:
                self.investments.setdefault(export.investments.cell(row, "round_uuid"), []).append(row)

    def rows(self) -> list[RoundRow]:
        return [self._round(row) for row in self.export.rounds.rows]

    def _figure(self, result: RoundRow, row: Row, key: str, basis: str | None) -> Figure | None:
        table = self.export.rounds
        mark = table.mark(row, key)
        try:
            value = parse_plain_amount(table.cell(row, key))
            dollars = parse_plain_amount(table.cell(row, f"{key}_usd"))
        except CellError as error:
            result.problem(mark, str(error))
            return None
        currency = table.cell(row, f"{key}_currency").upper()
        if value == 0 or (value is None and dollars == 0):
            result.notice(mark, f"{key} 0 read as not known; the field is left out")
            return None
        if value is not None and currency:
            if not is_currency_code(currency):
                result.problem(table.mark(row, f"{key}_currency"), f"'{currency}' is not an ISO 4217 currency code")
                return None
            result.marks[key] = mark
            return Figure(currency, value=value, basis=basis)
        if dollars is not None:
            result.marks[key] = table.mark(row, f"{key}_usd")
            if value is not None:
                result.notice(mark, f"{key} has no currency code; the figure in US dollars is used")
            return Figure("USD", value=dollars, basis=basis)
        if value is not None:
            result.problem(mark, f"{key} {table.cell(row, key)} has no currency code and no figure in US dollars")
        return None

    def _round(self, row: Row) -> RoundRow:
        table = self.export.rounds
        result = RoundRow(table.mark(row))
        name = " ".join(table.cell(row, "company").split())
        if not name:
            result.skipped(table.mark(row, "company"), "no company name")
            return result
        url = table.cell(row, "url")
        source = {"id": SOURCE_ID, "url": url, "publisher": PUBLISHER}
        result.company = self._company(result, row, name, source)
        result.read_announced(table.cell(row, "announced"), table.mark(row, "announced"), self.today)
        try:
            result.stage, result.extension = crunchbase_stage(table.cell(row, "round_type"), table.cell(row, "round_code"))
        except UnsupportedStage as reason:
            result.skipped(table.mark(row, "round_type"), str(reason))
        except ValueError as error:
            result.problem(table.mark(row, "round_type"), str(error))
        result.marks["stage"] = result.marks["extension"] = table.mark(row, "round_type")
        result.amount = self._figure(result, row, "amount", None)
        result.valuation = self._figure(result, row, "valuation", "post-money")
        if not url:
            result.skipped(table.mark(row, "url"), "no cb_url: a round needs a source")
        elif not is_web_address(url):
            result.problem(table.mark(row, "url"), f"'{url}' is not an http or https address")
        result.source = source
        result.marks["sources"] = table.mark(row, "url")
        if result.announced is None and not result.problems:
            result.skipped(table.mark(row, "announced"), "no announced date")
        self._investors(result, row, source)
        return result

    def _company(self, result: RoundRow, row: Row, name: str, round_source: dict) -> Entity:
        table = self.export.rounds
        uuid = table.cell(row, "company_uuid")
        entity = Entity(name, table.mark(row, "company"), key=uuid or None, source=round_source)
        details = Details(result, entity, self.sectors, self.today)
        organization = self.organizations.get(uuid) if uuid else None
        if organization is not None:
            orgs = self.export.organizations
            page = orgs.cell(organization, "url")
            if is_web_address(page):
                entity.identity = page
                entity.source = {"id": SOURCE_ID, "url": page, "publisher": PUBLISHER}
            details.from_row(lambda column: orgs.cell(organization, column),
                             lambda column: orgs.mark(organization, column), sectors_column="categories")
        else:
            details.headquarters(table.cell(row, "country"), table.mark(row, "country"),
                                 table.cell(row, "city"), table.mark(row, "city"))
            details.sector_list(table.cell(row, "categories"), table.mark(row, "categories"))
        return entity

    def _investors(self, result: RoundRow, row: Row, round_source: dict) -> None:
        table = self.export.rounds
        investments = self.export.investments
        if investments is None:
            for name in split_names(table.cell(row, "investor_names")):
                result.participants.append(Entity(name, table.mark(row, "investor_names"), source=round_source))
            result.marks["participants"] = table.mark(row, "investor_names")
            return
        for investment in self.investments.get(table.cell(row, "round_uuid"), []):
            lead_cell = investments.cell(investment, "lead").lower()
            if lead_cell not in TRUE | FALSE:
                result.problem(investments.mark(investment, "lead"),
                               f"is_lead_investor '{lead_cell}' is neither t nor f")
                continue
            entity = self._investor(result, investment, round_source)
            if entity is not None:
                (result.leads if lead_cell in TRUE else result.participants).append(entity)
        result.marks["lead"] = result.marks["participants"] = table.mark(row, "round_uuid")

    def _investor(self, result: RoundRow, investment: Row, round_source: dict) -> Entity | None:
        investments = self.export.investments
        uuid = investments.cell(investment, "investor_uuid")
        known = self.investors.get(uuid)
        mark = investments.mark(investment, "investor_uuid")
        if known is None:
            name = " ".join(investments.cell(investment, "investor_name").split())
            if not name:
                result.problem(mark, f"investor '{uuid}' is not in investors.csv, and this row gives no investor_name")
                return None
            kind_cell = investments.cell(investment, "investor_type").lower()
            return Entity(name, mark, person=kind_cell in PEOPLE, key=uuid or None, source=round_source)
        investors = self.export.investors
        name = " ".join(investors.cell(known, "name").split())
        if not name:
            result.problem(investors.mark(known, "name"), "no investor_name for this investor")
            return None
        entity = Entity(name, mark, key=uuid, source=round_source)
        entity.person = investors.cell(known, "type").lower() in PEOPLE
        types = [t.strip().lower() for t in investors.cell(known, "types").split(",") if t.strip()]
        kinds = {INVESTOR_KINDS[t] for t in types if t in INVESTOR_KINDS}
        if len(kinds) == 1:
            entity.kind = kinds.pop()
        page = investors.cell(known, "url")
        if is_web_address(page):
            entity.identity = page
            entity.source = {"id": SOURCE_ID, "url": page, "publisher": PUBLISHER}
        if not entity.person:
            details = Details(result, entity, {}, self.today)
            details.headquarters(investors.cell(known, "country"), investors.mark(known, "country"),
                                 investors.cell(known, "city"), investors.mark(known, "city"))
            details.website(investors.cell(known, "website"), investors.mark(known, "website"))
        return entity


def read_rows(folder: Path, checked, today: dt.date, problems: Problems) -> list[RoundRow] | None:
    export = read_export(folder, problems)
    if export is None:
        return None
    return Reader(export, checked, today).rows()

