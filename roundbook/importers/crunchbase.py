"""`roundbook import crunchbase DIR`: a Crunchbase bulk export, read into rows.

`funding_rounds.csv` is required; `investments.csv` (who invested, and who led), `investors.csv`
(investors' names, types and pages), `organizations.csv` (companies' details; investors too) and
`people.csv` (people who invest) are used when present. Each file's columns are checked against
the ones below: a required column missing is a problem, an optional one missing is no problem,
and other columns are left alone. Older and newer exports name some columns differently; both
names are read.

Exports are often partial: investments.csv names investors that investors.csv does not hold.
Every round is still imported: an investor is found by whichever file names it, else by the
round's own `investor_names`, and a lead flag that no name can carry is counted in the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from roundbook.importers.details import Details, is_web_address, sector_names
from roundbook.importers.money import CellError, Figure, parse_plain_amount
from roundbook.importers.names import split_names
from roundbook.importers.profiles import folded
from roundbook.importers.rows import Entity, RoundRow
from roundbook.importers.sector_labels import SectorLabels
from roundbook.importers.stages import UnsupportedStage, crunchbase_stage
from roundbook.importers.tables import Column, Row, Table, locate, read_table
from roundbook.problems import Mark, Problems
from roundbook.schema.fields import is_currency_code

PUBLISHER = "Crunchbase"
SOURCE_ID = "crunchbase"
CRUNCHBASE = "https://www.crunchbase.com"  # older exports give pages as paths on it: /organization/acme

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
    Column("lead_uuids", ("lead_investor_uuids",)),
    Column("country", ("country_code", "company_country_code")),
    Column("city", ("city", "company_city")),
    Column("categories", ("company_category_list", "category_list")),
    Column("category_groups", ("company_category_groups_list", "category_groups_list", "company_market")),
    Column("url", ("cb_url",)),
    Column("round_permalink", ("funding_round_permalink", "permalink")),
    Column("company_permalink", ("company_permalink",)),
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
    Column("category_groups", ("category_groups_list",)),
    Column("role", ("primary_role",)),
    Column("url", ("cb_url",)),
]
PEOPLE_COLUMNS = [
    Column("uuid", ("uuid", "person_uuid"), required=True),
    Column("name", ("name",)),
    Column("first_name", ("first_name",)),
    Column("last_name", ("last_name",)),
    Column("url", ("cb_url",)),
]

PEOPLE = {"person", "individual"}
# Crunchbase's investor types (investors.csv `investor_types`) -> organization kind.
INVESTOR_KINDS = {
    "venture_capital": "investment-firm",
    "micro_vc": "investment-firm",
    "private_equity_firm": "investment-firm",
    "corporate_venture_capital": "investment-firm",
    "family_investment_office": "investment-firm",
    "hedge_fund": "investment-firm",
    "investment_bank": "investment-firm",
    "angel_group": "investment-firm",
    "accelerator": "investment-firm",
    "incubator": "investment-firm",
    "investment_partnership": "investment-firm",
    "fund_of_funds": "fund",
    "sovereign_wealth_fund": "state-fund",
}
TRUE, FALSE = {"t", "true", "1", "yes"}, {"f", "false", "0", "no", ""}


@dataclass
class Export:
    """The export's files; an optional one it does not have is an empty table, where no look-up finds anything."""

    rounds: Table
    investments: Table
    investors: Table
    organizations: Table
    people: Table


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
    people = _table(folder, "people.csv", PEOPLE_COLUMNS, problems, required=False)
    if rounds is not None and investments is not None and "round_uuid" not in rounds.columns:
        problems.add(
            Mark(rounds.path, 1, 1), "missing column 'funding_round_uuid' (or 'uuid'), which investments.csv refers to"
        )
    if rounds is not None and not {"url", "round_permalink", "company_permalink"} & set(rounds.columns):
        problems.add(
            Mark(rounds.path, 1, 1),
            "missing column 'cb_url' (or 'funding_round_permalink', 'permalink', "
            "'company_permalink'): a round needs a page to cite",
        )
    if problems or rounds is None:
        return None
    return Export(
        rounds,
        investments or _absent(folder, "investments.csv"),
        investors or _absent(folder, "investors.csv"),
        organizations or _absent(folder, "organizations.csv"),
        people or _absent(folder, "people.csv"),
    )


def _absent(folder: Path, name: str) -> Table:
    """An optional file the export does not have: a table with no rows and no columns."""
    return Table((folder / name).as_posix(), [])


def _by(table: Table, key: str) -> dict[str, Row]:
    """The rows of `table` by the value in column `key`; the first row wins."""
    rows: dict[str, Row] = {}
    for row in table.rows:
        rows.setdefault(table.cell(row, key), row)
    return rows


def _by_name(table: Table, name: Callable[[Row], str]) -> dict[str, Row | None]:
    """The rows of `table` by folded name; None for a name two rows share (no guess between them)."""
    rows: dict[str, Row | None] = {}
    for row in table.rows:
        key = folded(name(row))
        if key:
            rows[key] = None if key in rows else row
    return rows


def page(cell: str) -> str | None:
    """A Crunchbase page: a full address, or a path on crunchbase.com as older exports write it."""
    text = cell.strip()
    if is_web_address(text):
        return text
    if text.startswith("/") and " " not in text:
        return CRUNCHBASE + text
    return None


def _is_round_page(url: str) -> bool:
    return "/organization/" not in url and "/person/" not in url


@dataclass
class Investing:
    """One investor of a round as the export gives it: by uuid (investments.csv, lead_investor_uuids)."""

    uuid: str
    lead: bool
    mark: Mark


class Reader:
    def __init__(self, export: Export, checked, today: dt.date):
        self.export = export
        self.today = today
        self.sectors = SectorLabels(sector_names(checked))
        self.organizations = _by(export.organizations, "uuid")
        self.investors = _by(export.investors, "uuid")
        self.people = _by(export.people, "uuid")
        investors, orgs, people = export.investors, export.organizations, export.people
        self.investors_by_name = _by_name(investors, lambda row: investors.cell(row, "name"))
        self.organizations_by_name = _by_name(orgs, lambda row: orgs.cell(row, "name"))
        self.people_by_name = _by_name(people, lambda row: self._person_name(row))
        self.investments: dict[str, list[Row]] = {}
        for row in export.investments.rows:
            self.investments.setdefault(export.investments.cell(row, "round_uuid"), []).append(row)

    def rows(self) -> list[RoundRow]:
        return [self._round(row) for row in self.export.rounds.rows]

    def _person_name(self, row: Row) -> str:
        people = self.export.people
        return people.cell(row, "name") or " ".join(
            part for part in (people.cell(row, "first_name"), people.cell(row, "last_name")) if part
        )

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
            if dollars and currency != "USD":  # Crunchbase's own conversion: kept as the source's, never used
                result.conversions[key] = Figure("USD", value=dollars)
                result.marks[f"{key}_usd"] = table.mark(row, f"{key}_usd")
            return Figure(currency, value=value, basis=basis)
        if dollars is not None:
            result.marks[key] = table.mark(row, f"{key}_usd")
            if value is not None:
                result.notice(mark, f"{key} has no currency code; the figure in US dollars is used")
            return Figure("USD", value=dollars, basis=basis)
        if value is not None:
            result.problem(mark, f"{key} {table.cell(row, key)} has no currency code and no figure in US dollars")
        return None

    def _source(self, result: RoundRow, row: Row) -> dict | None:
        """The round's own page when the export has it; else its company's page, said in a note."""
        table = self.export.rounds
        cb_url = table.cell(row, "url")
        own = [url for url in (cb_url, page(table.cell(row, "round_permalink"))) if url and _is_round_page(url)]
        mark = table.mark(row, "url" if "url" in table.columns else "round_permalink")
        if own:
            if not is_web_address(own[0]):
                result.problem(mark, f"'{own[0]}' is not an http or https address")
            result.marks["sources"] = mark
            return {"id": SOURCE_ID, "url": own[0], "publisher": PUBLISHER}
        company_page = page(cb_url) or page(table.cell(row, "company_permalink"))
        if company_page:
            result.notice(mark, f"the export has no page of this round: it cites its company's page, {company_page}")
            result.marks["sources"] = mark
            return {"id": SOURCE_ID, "url": company_page, "publisher": PUBLISHER}
        result.skipped(mark, "no cb_url: a round needs a source")
        return None

    def _round(self, row: Row) -> RoundRow:
        table = self.export.rounds
        result = RoundRow(table.mark(row))
        name = " ".join(table.cell(row, "company").split())
        if not name:
            result.skipped(table.mark(row, "company"), "no company name")
            return result
        source = self._source(result, row)
        result.company = self._company(result, row, name, source)
        result.read_announced(table.cell(row, "announced"), table.mark(row, "announced"), self.today)
        try:
            result.stage, result.extension = crunchbase_stage(
                table.cell(row, "round_type"), table.cell(row, "round_code")
            )
        except UnsupportedStage as reason:
            result.skipped(table.mark(row, "round_type"), str(reason))
        except ValueError as error:
            result.problem(table.mark(row, "round_type"), str(error))
        result.marks["stage"] = result.marks["extension"] = table.mark(row, "round_type")
        result.amount = self._figure(result, row, "amount", None)
        result.valuation = self._figure(result, row, "valuation", "post-money")
        result.source = source
        if result.announced is None and not result.problems:
            result.skipped(table.mark(row, "announced"), "no announced date")
        if source is not None:
            self._investors(result, row, source)
        return result

    def _company(self, result: RoundRow, row: Row, name: str, round_source: dict | None) -> Entity:
        table = self.export.rounds
        uuid = table.cell(row, "company_uuid")
        entity = Entity(name, table.mark(row, "company"), key=uuid or None, source=round_source)
        details = Details(result, entity, self.sectors, self.today)
        organization = self.organizations.get(uuid) if uuid else None
        if organization is not None:
            orgs = self.export.organizations
            own_page = page(orgs.cell(organization, "url"))
            if own_page:
                entity.identity = own_page
                entity.source = {"id": SOURCE_ID, "url": own_page, "publisher": PUBLISHER}
            details.from_row(
                lambda column: orgs.cell(organization, column),
                lambda column: orgs.mark(organization, column),
                sectors_column="categories",
            )
            details.sector_list(orgs.cell(organization, "category_groups"), orgs.mark(organization, "category_groups"))
        else:
            company_page = page(table.cell(row, "company_permalink"))
            if company_page:
                entity.identity = company_page
            details.headquarters(
                table.cell(row, "country"), table.mark(row, "country"), table.cell(row, "city"), table.mark(row, "city")
            )
            details.sector_list(table.cell(row, "categories"), table.mark(row, "categories"))
            details.sector_list(table.cell(row, "category_groups"), table.mark(row, "category_groups"))
        return entity

    def _investors(self, result: RoundRow, row: Row, round_source: dict) -> None:
        """Who invested, and who led: every investor the export names, by any of its files.

        An investor is found by its uuid in investors.csv, then organizations.csv, then people.csv,
        then the name investments.csv gives it. `investor_names` lists every investor of the round:
        its names that no found investor accounts for are written as participants; when as many
        investors are unnamed as names are left, all with the same lead flag, those names carry it
        (nothing else can they be). A lead flag that cannot be attached to a name is counted."""
        table = self.export.rounds
        names_mark = table.mark(row, "investor_names")
        investing = self._investing(result, row)
        found: list[tuple[Investing, Entity]] = []
        unnamed: list[Investing] = []
        for item in investing:
            entity = self._investor_by_uuid(result, item, round_source)
            if entity is not None:
                found.append((item, entity))
            else:
                unnamed.append(item)
        accounted = {folded(entity.name) for _, entity in found}
        leftover = [name for name in split_names(table.cell(row, "investor_names")) if folded(name) not in accounted]
        flags = {item.lead for item in unnamed}
        attach = bool(unnamed) and len(unnamed) == len(leftover) and len(flags) == 1
        for item, entity in found:
            (result.leads if item.lead else result.participants).append(entity)
        for name in leftover:
            entity = self._investor_by_name(result, name, names_mark, round_source)
            (result.leads if attach and flags == {True} else result.participants).append(entity)
        if attach and flags == {True}:
            for item, name in zip(unnamed, leftover, strict=True):  # attach: as many as each other
                result.notice(
                    item.mark,
                    f"investor '{item.uuid}' is in no file of this export; its lead flag goes "
                    f"to '{name}', the name of investor_names no other investor accounts for",
                )
        elif not attach:
            for item in unnamed:
                if item.lead:
                    result.lost_leads.append(
                        item.mark.problem(
                            f"lead investor '{item.uuid}' is in no file of this export (investors.csv, organizations.csv, "
                            "people.csv) and investor_names cannot tell which name it is: the round is written "
                            "without this lead"
                        )
                    )
        result.marks["lead"] = result.marks["participants"] = investing[0].mark if investing else names_mark

    def _investing(self, result: RoundRow, row: Row) -> list[Investing]:
        """The investors of the round by uuid: investments.csv's rows, and lead_investor_uuids."""
        table = self.export.rounds
        investments = self.export.investments
        by_uuid: dict[str, Investing] = {}
        for investment in self.investments.get(table.cell(row, "round_uuid"), []):
            lead_cell = investments.cell(investment, "lead").lower()
            if lead_cell not in TRUE | FALSE:
                result.problem(
                    investments.mark(investment, "lead"), f"is_lead_investor '{lead_cell}' is neither t nor f"
                )
                continue
            uuid = investments.cell(investment, "investor_uuid")
            item = by_uuid.setdefault(uuid, Investing(uuid, False, investments.mark(investment, "investor_uuid")))
            item.lead = item.lead or lead_cell in TRUE
        lead_mark = table.mark(row, "lead_uuids")
        for uuid in (part.strip() for part in table.cell(row, "lead_uuids").strip("{}").split(",")):
            if uuid:
                by_uuid.setdefault(uuid, Investing(uuid, True, lead_mark)).lead = True
        return list(by_uuid.values())

    def _investor_by_uuid(self, result: RoundRow, item: Investing, round_source: dict) -> Entity | None:
        if item.uuid in self.investors:
            return self._from_investors(result, self.investors[item.uuid], item.mark, round_source)
        if item.uuid in self.organizations:
            return self._from_organizations(result, self.organizations[item.uuid], item.mark, round_source)
        if item.uuid in self.people:
            return self._from_people(self.people[item.uuid], item.mark, round_source)
        investments = self.export.investments
        row = next(
            (
                r
                for r in investments.rows
                if investments.cell(r, "investor_uuid") == item.uuid and investments.cell(r, "investor_name")
            ),
            None,
        )
        if row is not None:
            name = " ".join(investments.cell(row, "investor_name").split())
            kind_cell = investments.cell(row, "investor_type").lower()
            return Entity(name, item.mark, person=kind_cell in PEOPLE, key=item.uuid, source=round_source)
        return None

    def _investor_by_name(self, result: RoundRow, name: str, mark: Mark, round_source: dict) -> Entity:
        """A name of investor_names, with what the export's other files say of it when one row has that name."""
        key = folded(name)
        if (known := self.investors_by_name.get(key)) is not None:
            entity = self._from_investors(result, known, mark, round_source)
            # _by_name holds no row whose name folds to nothing, the one row _from_investors refuses.
            assert entity is not None
            return entity
        if (known := self.people_by_name.get(key)) is not None:
            return self._from_people(known, mark, round_source)
        if (known := self.organizations_by_name.get(key)) is not None:
            return self._from_organizations(result, known, mark, round_source)
        return Entity(name, mark, source=round_source)

    def _with_page(self, entity: Entity, cell: str) -> Entity:
        own_page = page(cell)
        if own_page:
            entity.identity = own_page
            entity.source = {"id": SOURCE_ID, "url": own_page, "publisher": PUBLISHER}
        return entity

    def _from_investors(self, result: RoundRow, known: Row, mark: Mark, round_source: dict) -> Entity | None:
        investors = self.export.investors
        name = " ".join(investors.cell(known, "name").split())
        if not name:
            result.problem(investors.mark(known, "name"), "no investor_name for this investor")
            return None
        uuid = investors.cell(known, "uuid")
        entity = Entity(name, mark, key=uuid or None, source=round_source)
        types = [t.strip().lower() for t in investors.cell(known, "types").split(",") if t.strip()]
        entity.person = investors.cell(known, "type").lower() in PEOPLE or bool(types) and set(types) <= PEOPLE
        kinds = {INVESTOR_KINDS[t] for t in types if t in INVESTOR_KINDS}
        if len(kinds) == 1:
            entity.kind = kinds.pop()
        self._with_page(entity, investors.cell(known, "url"))
        if not entity.person:
            details = Details(result, entity, None, self.today)
            details.headquarters(
                investors.cell(known, "country"),
                investors.mark(known, "country"),
                investors.cell(known, "city"),
                investors.mark(known, "city"),
            )
            details.website(investors.cell(known, "website"), investors.mark(known, "website"))
        return entity

    def _from_organizations(self, result: RoundRow, known: Row, mark: Mark, round_source: dict) -> Entity:
        orgs = self.export.organizations
        entity = Entity(
            " ".join(orgs.cell(known, "name").split()), mark, key=orgs.cell(known, "uuid") or None, source=round_source
        )
        self._with_page(entity, orgs.cell(known, "url"))
        if orgs.cell(known, "role").lower() == "investor":
            entity.kind = "investment-firm"
        details = Details(result, entity, None, self.today)
        details.headquarters(
            orgs.cell(known, "country"), orgs.mark(known, "country"), orgs.cell(known, "city"), orgs.mark(known, "city")
        )
        details.website(orgs.cell(known, "website"), orgs.mark(known, "website"))
        details.summary(orgs.cell(known, "summary"), orgs.mark(known, "summary"))
        return entity

    def _from_people(self, known: Row, mark: Mark, round_source: dict) -> Entity:
        entity = Entity(
            " ".join(self._person_name(known).split()),
            mark,
            person=True,
            key=self.export.people.cell(known, "uuid") or None,
            source=round_source,
        )
        return self._with_page(entity, self.export.people.cell(known, "url"))


def read_rows(folder: Path, checked, today: dt.date, problems: Problems) -> list[RoundRow] | None:
    export = read_export(folder, problems)
    if export is None:
        return None
    return Reader(export, checked, today).rows()
