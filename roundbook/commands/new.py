"""`roundbook new company|person|round`: a new content file, every field present and explained.

The file is named after its slug, starts with the editor modeline, and is never written over an
existing one. What is known goes in through options; everything else is left empty, with a
comment saying what belongs there. After writing, the command says what is still to fill in.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from roundbook.commands.new_values import (
    checked,
    checked_all,
    money,
    profile_slugs,
    require_known,
    sector_slugs,
    stage_option,
)
from roundbook.commands.options import project_options
from roundbook.edit.files import SymbolicLinkRefused, create_text, refuse_symbolic_links
from roundbook.edit.skeleton import new_file_text
from roundbook.edit.slugs import slug_from_name, source_id
from roundbook.load import load_content
from roundbook.load.files import FOLDER_OF_KIND, PROFILE_FOLDERS, ROUNDS_FOLDER
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Problems
from roundbook.reserved import reserved_slug
from roundbook.schema.fields import CheckContext, Field, SlugType
from roundbook.schema.kinds import BASES, HEADQUARTERS, KINDS, ORGANIZATION, PRECISIONS, ROUND, SOURCE, STAGES
from roundbook.validate import validate as check_all

SLUG = Field("slug", SlugType(), "The file name without .yml")
ADD_PROFILE = "Add it first with `roundbook new company` or `roundbook new person`."


# The end of a new file's header. A site made by `roundbook init` has schemas/ (the editor's field
# help) but not Roundbook's CONTRIBUTING.md, so the header names what every site can read.
EXPLAINED_LINE = "empty counts as left out. Your editor and Roundbook's docs (Records) explain each field."


def source_options(command):
    """The one source a new file starts with; more can be added by hand."""
    for option in reversed(
        [
            click.option("--source-url", help="Where the source can be read (http or https)."),
            click.option("--source-publisher", help="Who published it, such as Bloomberg."),
            click.option("--source-title", help="The headline or page title, as published."),
            click.option("--source-published", help="When it was published: YYYY, YYYY-MM or YYYY-MM-DD."),
            click.option(
                "--source-id", help="A short name to cite it by in the file  [default: the publisher and month]."
            ),
        ]
    ):
        command = option(command)
    return command


def _source(options: dict) -> dict:
    fields = SOURCE.by_name
    source = {
        name: checked(f"--source-{name}", fields[name], options[f"source_{name}"])
        for name in ("url", "publisher", "title", "published")
    }
    source["id"] = checked("--source-id", fields["id"], options["source_id"]) or source_id(
        source["publisher"], source["published"]
    )
    return source


def _profile_slug(name: str, slug: str | None) -> str:
    if slug is not None:
        chosen = checked("--slug", SLUG, slug)
    else:
        chosen = slug_from_name(name)
        if not chosen:
            raise click.UsageError(f"cannot make a slug from the name '{name}'; give one with --slug")
    if reserved := reserved_slug(chosen):
        raise click.UsageError(f"{reserved} with --slug; nothing was written")
    return chosen


def _write(root: Path, content_dir: str, kind: str, shown: str, values: dict, header: list[str]) -> None:
    """Write the new file, refusing to replace one, then list what is still to fill in."""
    text = new_file_text(kind, shown, values, header)
    problems = Problems()
    KINDS[kind].check(read_yaml(shown, text.encode(), problems), CheckContext(problems, dt.date.today()), shown)
    wrong = [p for p in problems.sorted() if not p.message.startswith("required field")]
    if wrong:  # options that are right one by one but not together, such as a range from 5B to 3B
        raise click.ClickException("nothing was written:\n" + "\n".join(str(p) for p in wrong))
    try:
        create_text(root, shown, text)
    except FileExistsError:
        raise click.ClickException(f"{shown} already exists; nothing was written") from None
    except SymbolicLinkRefused as error:  # a link planted after the check before
        raise click.ClickException(f"{error}; nothing was written") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {error.filename}: {error.strerror}; nothing was written") from None
    remaining = [p for p in check_all(load_content(root, content_dir)).problems.sorted() if p.path == shown]
    if not remaining:
        click.echo(f"Wrote {shown}; it validates.")
        return
    # The file is there to be filled in, but it does not validate yet: a script or a pre-commit
    # hook that runs `new` must not take it for a finished record.
    click.echo(f"Wrote {shown}, which does not validate yet. Still to fill in or fix:")
    for problem in remaining:
        click.echo(str(problem))
    sys.exit(1)


def _refuse_symbolic_links(root: Path, shown: str) -> None:
    """Before looking at what is there: a file or folder on the way may be a link to anywhere."""
    try:
        refuse_symbolic_links(root, shown)
    except SymbolicLinkRefused as error:
        raise click.ClickException(f"{error}; nothing was written") from None


def _refuse_taken_slug(root: Path, content_dir: str, slug: str) -> None:
    for folder in PROFILE_FOLDERS:
        taken = f"{content_dir}/{folder}/{slug}.yml"
        if (root / taken).exists():
            raise click.ClickException(
                f"the slug '{slug}' is already used by {taken}; nothing was written. Choose another with --slug."
            )


@click.group()
def new() -> None:
    """Write a new content file with every field present and explained, ready to fill in."""


@new.command()
@click.argument("name")
@click.option("--slug", help="The file name without .yml  [default: made from NAME, transliterated to a-z0-9].")
@click.option("--kind", help="startup, corporation, investment-firm, fund or state-fund.")
@click.option("--native-name", help="The name in its own script, such as 月之暗面.")
@click.option("--summary", help="One line: who or what this is.")
@click.option("--founded", help="When it was founded: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--country", help="ISO 3166-1 code of the headquarters' country, such as CN.")
@click.option("--city", help="The headquarters' city.")
@click.option("--website", help="Its own website.")
@click.option("--parent", help="Slug of the organization that owns it.")
@click.option(
    "--sector", "sectors", multiple=True, help="A sector slug from content/reference/sectors.yml; repeat for more."
)
@source_options
@project_options
def company(name: str, slug: str | None, root: Path, content_dir: str, **options) -> None:
    """Add an organization: a startup, corporation, investment firm, fund or state fund."""
    fields = ORGANIZATION.by_name
    slug = _profile_slug(name, slug)
    content = root / content_dir
    values = {
        key: checked(f"--{key.replace('_', '-')}", fields[key], options[key])
        for key in ("kind", "native_name", "summary", "founded", "website", "parent")
    }
    values["name"] = checked("NAME", fields["name"], name)
    values["sectors"] = checked_all("--sector", fields["sectors"], options["sectors"])
    if options["country"] or options["city"]:
        hq = HEADQUARTERS.by_name
        values["headquarters"] = {
            "country": checked("--country", hq["country"], options["country"]),
            "city": checked("--city", hq["city"], options["city"]),
        }
    if values["parent"]:
        require_known(
            "organization",
            values["parent"],
            profile_slugs(content, FOLDER_OF_KIND["organization"]),
            "Add it first with `roundbook new company`.",
        )
    known_sectors = sector_slugs(content)
    if known_sectors is not None:  # a sector table that cannot be read is validate's to report
        for sector in values["sectors"]:
            require_known("sector", sector, known_sectors, "Add it to content/reference/sectors.yml first.")
    values["sources"] = [_source(options)]
    shown = f"{content_dir}/{FOLDER_OF_KIND['organization']}/{slug}.yml"
    _refuse_symbolic_links(root, shown)
    _refuse_taken_slug(root, content_dir, slug)
    _write(
        root,
        content_dir,
        "organization",
        shown,
        values,
        ["New organization, from `roundbook new company`. Fill in what your sources say; a field left", EXPLAINED_LINE],
    )


@new.command()
@click.argument("name")
@click.option("--slug", help="The file name without .yml  [default: made from NAME, transliterated to a-z0-9].")
@click.option("--native-name", help="The name in its own script, such as 蔡崇信.")
@click.option("--summary", help="One line: who this is.")
@source_options
@project_options
def person(name: str, slug: str | None, root: Path, content_dir: str, **options) -> None:
    """Add a person: a founder, an executive, an angel investor."""
    fields = KINDS["person"].by_name
    slug = _profile_slug(name, slug)
    values = {
        "name": checked("NAME", fields["name"], name),
        "native_name": checked("--native-name", fields["native_name"], options["native_name"]),
        "summary": checked("--summary", fields["summary"], options["summary"]),
        "sources": [_source(options)],
    }
    shown = f"{content_dir}/{FOLDER_OF_KIND['person']}/{slug}.yml"
    _refuse_symbolic_links(root, shown)
    _refuse_taken_slug(root, content_dir, slug)
    _write(
        root,
        content_dir,
        "person",
        shown,
        values,
        ["New person, from `roundbook new person`. Fill in what your sources say; a field left", EXPLAINED_LINE],
    )


@new.command(name="round")
@click.argument("company_slug", metavar="COMPANY")
@click.option(
    "--announced", required=True, help="When it was announced or first reported: YYYY, YYYY-MM or YYYY-MM-DD."
)
@click.option(
    "--stage",
    required=True,
    help="The stage, in any case and spacing: series-a, 'Series A' or A; 'Series B+' is series-b with "
    "--extension. One of: " + ", ".join(STAGES) + ".",
)
@click.option("--slug", help="The file name without .yml, which is the round's anchor  [default: ANNOUNCED-STAGE].")
@click.option("--extension", is_flag=True, help="An extension of the stage (Series B+).")
@click.option("--amount", help="The money raised: 1B, 300M, 2500000, a range 3.5B-5B, or undisclosed.")
@click.option(
    "--amount-precision", type=click.Choice(list(PRECISIONS)), help="How exact the amount is  [default: exact]."
)
@click.option("--valuation", help="The company's valuation, written like --amount.")
@click.option(
    "--valuation-precision", type=click.Choice(list(PRECISIONS)), help="How exact the valuation is  [default: exact]."
)
@click.option("--basis", type=click.Choice(list(BASES)), help="Whether the valuation is pre-money or post-money.")
@click.option("--currency", help="ISO 4217 code of the amount and valuation, such as USD or CNY.")
@click.option("--lead", multiple=True, help="Slug of a lead investor; repeat for more.")
@click.option("--participant", multiple=True, help="Slug of another investor; repeat for more.")
@click.option("--notes", help="Context a reader needs, in a sentence or two.")
@source_options
@project_options
def round_(company_slug: str, slug: str | None, root: Path, content_dir: str, **options) -> None:
    """Add a funding round of COMPANY (the slug of its profile in content/companies/)."""
    fields = ROUND.by_name
    content = root / content_dir
    companies = profile_slugs(content, FOLDER_OF_KIND["organization"])
    require_known("company", company_slug, companies, "Add it first with `roundbook new company`.")
    stage, extended = stage_option(options["stage"])
    extension = options["extension"] or extended
    values = {
        "announced": checked("--announced", fields["announced"], options["announced"]),
        "stage": stage,
        "extension": True if extension else None,
        "amount": money("--amount", options["amount"], options["amount_precision"], options["currency"]),
        "valuation": money(
            "--valuation", options["valuation"], options["valuation_precision"], options["currency"], options["basis"]
        ),
        "lead": checked_all("--lead", fields["lead"], options["lead"]),
        "participants": checked_all("--participant", fields["participants"], options["participant"]),
        "notes": checked("--notes", fields["notes"], options["notes"]),
        "sources": [_source(options)],
    }
    investors = companies + profile_slugs(content, "people")
    for investor in values["lead"] + values["participants"]:
        require_known("investor", investor, investors, ADD_PROFILE)
    slug = (
        checked("--slug", SLUG, slug)
        if slug
        else "-".join([values["announced"], values["stage"]] + (["extension"] if extension else []))
    )
    shown = f"{content_dir}/{ROUNDS_FOLDER}/{company_slug}/{slug}.yml"
    _refuse_symbolic_links(root, shown)
    if (root / shown).exists():
        raise click.ClickException(
            f"{shown} already exists; nothing was written. "
            f"Give the new round another file name with --slug, such as {slug}-2."
        )
    _write(
        root,
        content_dir,
        "round",
        shown,
        values,
        [
            f"New funding round of {company_slug}, from `roundbook new round`. Fill in what your sources",
            "say; a field left empty is left out. Your editor and Roundbook's docs (Records) explain each field.",
        ],
    )
