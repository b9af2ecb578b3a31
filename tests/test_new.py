"""`roundbook new`: new files with every field explained, that validate once filled in, and
never written over another file. The rounds and people made here are fictional."""

from __future__ import annotations

import datetime as dt
import re

import jsonschema
import pytest

from conftest import FIXTURE_CONTENT, mkdocs_build, roundbook
from roundbook.edit.files import create_text
from roundbook.edit.slugs import slug_from_name, source_id
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Problems
from roundbook.schema.export import schema_document
from roundbook.schema.fields import CheckContext
from roundbook.schema.kinds import KINDS
from test_schemas import plain

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

FICTIONAL_SOURCE = [
    "--source-url",
    "https://news.example/fictional-round",
    "--source-publisher",
    "Example News",
    "--source-published",
    "2024-08-05",
]


@pytest.mark.build
def test_new_round_with_options_validates_and_appears_on_the_profile(project, tmp_path):
    result = roundbook(
        [
            "new",
            "round",
            "acme-robotics",
            "--announced",
            "2024-08",
            "--stage",
            "series-k",
            "--amount",
            "300M",
            "--currency",
            "USD",
            "--valuation",
            "3.3B",
            "--valuation-precision",
            "approximate",
            "--basis",
            "post-money",
            "--lead",
            "gamma-ventures",
            "--participant",
            "delta-group",
            "--participant",
            "jane-roe",
            "--notes",
            "A fictional round, written by a test.",
            *FICTIONAL_SOURCE,
        ],
        project,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "Wrote content/rounds/acme-robotics/2024-08-series-k.yml; it validates.\n",
        "",
    )
    assert roundbook(["validate"], project).stdout == "4 organizations, 1 people and 4 rounds: no problems.\n"
    assert roundbook(["fmt", "--check", "content/rounds/acme-robotics/2024-08-series-k.yml"], project).returncode == 0
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    html = (tmp_path / "site/companies/acme-robotics/index.html").read_text(encoding="utf-8")
    start = html.index('<tr id="round-2024-08-series-k">')  # the newest round: the table's last
    section = html[start : html.index("</tbody>", start)]
    assert (
        '<td><a href="../gamma-ventures/">Gamma Ventures</a> (lead), <a href="../delta-group/">Delta Group</a>, '
        '<a href="../../people/jane-roe/">Jane Roe</a></td>'
    ) in section
    assert "A fictional round, written by a test." in section


def test_new_round_file_has_every_field_explained(project):
    roundbook(["new", "round", "acme-robotics", "--announced", "2024-08", "--stage", "seed"], project)
    text = (project / "content/rounds/acme-robotics/2024-08-seed.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schemas/round.schema.json"
    top_level = [line.split(":")[0] for line in lines if re.match(r"^[a-z_]+:", line)]
    assert top_level == [field.name for field in KINDS["round"].fields]
    assert all("  # " in line for line in lines if re.match(r"^ *(- )?[a-z_]+:", line))


def test_new_round_lists_what_is_still_to_fill_in_and_exits_1(project):
    result = roundbook(["new", "round", "acme-robotics", "--announced", "2024-08", "--stage", "seed"], project)
    path = "content/rounds/acme-robotics/2024-08-seed.yml"
    assert (result.returncode, result.stderr) == (1, "")  # written, but not a finished record
    assert (project / path).is_file()
    assert result.stdout.splitlines() == [
        f"Wrote {path}, which does not validate yet. Still to fill in or fix:",
        f"{path}:16:5: required field 'url' is empty (Where the source can be read (http or https))",
        f"{path}:18:5: required field 'publisher' is empty (Who published it, such as Bloomberg)",
    ]


def test_a_filled_in_round_validates_and_matches_its_json_schema(project):
    roundbook(["new", "round", "acme-robotics", "--announced", "2024-08", "--stage", "seed"], project)
    path = project / "content/rounds/acme-robotics/2024-08-seed.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"    url: +#", "    url: https://news.example/a #", text)
    text = re.sub(r"    publisher: +#", "    publisher: Example News #", text)
    path.write_text(text, encoding="utf-8")
    assert roundbook(["validate"], project).returncode == 0
    assert roundbook(["fmt", "--check", "content/rounds/acme-robotics/2024-08-seed.yml"], project).returncode == 0
    tree = read_yaml("x.yml", text.encode(), Problems())
    assert list(jsonschema.Draft202012Validator(schema_document("round")).iter_errors(plain(tree))) == []


def test_new_round_writes_a_range_and_undisclosed(project):
    result = roundbook(
        [
            "new",
            "round",
            "acme-robotics",
            "--announced",
            "2024-08",
            "--stage",
            "growth",
            "--slug",
            "2024-08-growth-range",
            "--amount",
            "3.5B-5B",
            "--currency",
            "CNY",
            "--valuation",
            "undisclosed",
            "--extension",
            *FICTIONAL_SOURCE,
        ],
        project,
    )
    assert result.returncode == 0, result.stderr
    tree = read_yaml("x", (project / "content/rounds/acme-robotics/2024-08-growth-range.yml").read_bytes(), Problems())
    data = plain(tree)
    assert data["amount"] == {
        "value": None,
        "currency": "CNY",
        "precision": "range",
        "min": "3.5B",
        "max": "5B",
        "reported_usd": None,
    }  # every field, the empty ones to fill in
    assert (data["valuation"], data["extension"]) == ("undisclosed", True)


def test_new_round_extension_names_the_file(project):
    result = roundbook(
        ["new", "round", "acme-robotics", "--announced", "2024-08", "--stage", "series-b", "--extension"], project
    )
    assert result.stdout.startswith("Wrote content/rounds/acme-robotics/2024-08-series-b-extension.yml, ")


@pytest.mark.parametrize(
    "args, code, error",
    [
        (
            ["acme-robotic", "--announced", "2024-08", "--stage", "seed"],
            1,
            "Error: unknown company 'acme-robotic'; did you mean 'acme-robotics'? Add it first with `roundbook new company`.",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--lead", "delta-grop"],
            1,
            "Error: unknown investor 'delta-grop'; did you mean 'delta-group'? Add it first with `roundbook new company` or `roundbook new person`.",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--participant", "nobody-at-all"],
            1,
            "Error: unknown investor 'nobody-at-all'. Add it first with `roundbook new company` or `roundbook new person`.",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "serie-b"],
            2,
            "Error: Invalid value for '--stage': unknown stage 'serie-b'; did you mean 'series-b'?",
        ),
        (
            ["acme-robotics", "--announced", "2024-13", "--stage", "seed"],
            2,
            "Error: Invalid value for '--announced': 'announced': '2024-13' has no month 13",
        ),
        (["acme-robotics", "--stage", "seed"], 2, "Error: Missing option '--announced'."),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--amount", "1B"],
            2,
            "Error: --amount needs --currency, such as --currency USD",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--amount", "lots", "--currency", "USD"],
            2,
            "Error: Invalid value for '--amount': 'value' must be a positive amount such as 1000000, 300M or 2.5B, not the text 'lots'",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--amount", "1B", "--currency", "usd"],
            2,
            "Error: Invalid value for '--currency': 'usd' is not an ISO 4217 currency code (such as USD, CNY, EUR)",
        ),
        (
            [
                "acme-robotics",
                "--announced",
                "2024-08",
                "--stage",
                "seed",
                "--amount",
                "1B",
                "--amount-precision",
                "range",
                "--currency",
                "USD",
            ],
            2,
            "Error: a range is written MIN-MAX, such as --amount 3.5B-5B",
        ),
        (
            [
                "acme-robotics",
                "--announced",
                "2024-08",
                "--stage",
                "seed",
                "--amount",
                "1B-2B",
                "--amount-precision",
                "approximate",
                "--currency",
                "USD",
            ],
            2,
            "Error: --amount 1B-2B is a range: leave out --amount-precision, or make it range",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--basis", "post-money"],
            2,
            "Error: --basis needs --valuation",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--amount-precision", "exact"],
            2,
            "Error: --amount-precision needs --amount",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--slug", "Big_Round"],
            2,
            "Error: Invalid value for '--slug': 'Big_Round' is not a valid slug: use lowercase a-z, 0-9 and single hyphens",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--source-url", "ftp://x.example/a"],
            2,
            "Error: Invalid value for '--source-url': 'url' must be an http or https URL, not 'ftp://x.example/a'",
        ),
        (
            ["acme-robotics", "--announced", "2024-08", "--stage", "seed", "--amount", "5B-3B", "--currency", "USD"],
            1,
            "content/rounds/acme-robotics/2024-08-seed.yml:12:8: 'max' must be greater than 'min'",
        ),
    ],
)
def test_new_round_refuses_what_would_not_validate(project, args, code, error):
    result = roundbook(["new", "round", *args], project)
    assert result.returncode == code
    assert result.stderr.splitlines()[-1] == error
    assert result.stdout == ""
    written = sorted(p.name for p in (project / "content/rounds").rglob("*.yml"))
    assert written == sorted(p.name for p in (FIXTURE_CONTENT / "rounds").rglob("*.yml"))


def test_new_round_never_writes_over_a_file(project):
    path = project / "content/rounds/acme-robotics/2024-03-series-b.yml"
    before = path.read_bytes()
    result = roundbook(["new", "round", "acme-robotics", "--announced", "2024-03", "--stage", "series-b"], project)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: content/rounds/acme-robotics/2024-03-series-b.yml already exists; nothing was "
        "written. Give the new round another file name with --slug, such as 2024-03-series-b-2.\n"
    )
    assert path.read_bytes() == before


def test_create_text_refuses_a_file_that_appeared_meanwhile(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("first")
    with pytest.raises(FileExistsError):
        create_text(tmp_path, "a.yml", "second")
    assert path.read_text() == "first"


def test_new_company_transliterates_the_name_into_its_slug(project):
    result = roundbook(
        [
            "new",
            "company",
            "月之暗面",
            "--kind",
            "startup",
            "--country",
            "CN",
            "--city",
            "Beijing",
            "--sector",
            "artificial-intelligence",
            "--founded",
            "2023-03",
        ],
        project,
    )
    path = "content/companies/yue-zhi-an-mian.yml"
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"Wrote {path}, which does not validate yet. Still to fill in or fix:",
        f"{path}:18:1: required field 'summary' is empty (One line: who or what this is)",
        f"{path}:24:5: required field 'url' is empty (Where the source can be read (http or https))",
        f"{path}:26:5: required field 'publisher' is empty (Who published it, such as Bloomberg)",
    ]
    text = (project / path).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/organization.schema.json"
    assert "headquarters:                 # Where it is based (fields: city, country)\n  city: Beijing" in text


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Moonshot AI", "moonshot-ai"),
        ("月之暗面", "yue-zhi-an-mian"),
        ("Société Générale", "societe-generale"),
        ("Zhipu AI (智谱)", "zhipu-ai-zhi-pu"),
        ("삼성전자", "samseongjeonja"),
        ("  --  ", ""),
    ],
)
def test_slugs_from_names(name, slug):
    assert slug_from_name(name) == slug


def test_source_ids_from_publisher_and_month():
    assert source_id("The Business Times (Bloomberg)", "2024-02-27") == "the-business-times-2024-02"
    assert source_id(None, None) == "source"


@pytest.mark.parametrize(
    "args, code, error",
    [
        (
            ["company", "Delta", "--slug", "delta-group"],
            1,
            "Error: the slug 'delta-group' is already used by content/companies/delta-group.yml; nothing was written. Choose another with --slug.",
        ),
        (
            ["person", "Jane Roe"],
            1,
            "Error: the slug 'jane-roe' is already used by content/people/jane-roe.yml; nothing was written. Choose another with --slug.",
        ),
        (
            ["company", "Jane Roe"],
            1,
            "Error: the slug 'jane-roe' is already used by content/people/jane-roe.yml; nothing was written. Choose another with --slug.",
        ),
        (["company", "!!!"], 2, "Error: cannot make a slug from the name '!!!'; give one with --slug"),
        (
            ["company", "Example Labs", "--kind", "lab"],
            2,
            "Error: Invalid value for '--kind': unknown kind 'lab'; expected one of: startup, corporation, investment-firm, fund, state-fund",
        ),
        (
            ["company", "Example Labs", "--country", "XX"],
            2,
            "Error: Invalid value for '--country': 'XX' is not an ISO 3166-1 country code (such as CN, US, GB)",
        ),
        (
            ["company", "Example Labs", "--parent", "delta-grop"],
            1,
            "Error: unknown organization 'delta-grop'; did you mean 'delta-group'? Add it first with `roundbook new company`.",
        ),
        (
            ["company", "Example Labs", "--sector", "robots"],
            1,
            "Error: unknown sector 'robots'. Add it to content/reference/sectors.yml first.",
        ),
        (
            ["company", "Example Labs", "--founded", "2099"],
            2,
            "Error: Invalid value for '--founded': 'founded' 2099 is in the future",
        ),
    ],
)
def test_new_profiles_refuse_taken_slugs_and_wrong_values(project, args, code, error):
    before = sorted(p.name for p in (project / "content/companies").iterdir())
    result = roundbook(["new", *args], project)
    assert result.returncode == code
    assert result.stderr.splitlines()[-1] == error
    assert sorted(p.name for p in (project / "content/companies").iterdir()) == before


def test_new_person_with_its_required_facts_validates(project):
    result = roundbook(
        [
            "new",
            "person",
            "Jane Q. Example",
            "--native-name",
            "简·例",
            "--summary",
            "A fictional person, written by a test.",
            *FICTIONAL_SOURCE,
        ],
        project,
    )
    assert (result.returncode, result.stdout) == (0, "Wrote content/people/jane-q-example.yml; it validates.\n")
    text = (project / "content/people/jane-q-example.yml").read_text(encoding="utf-8")
    assert "  - id: example-news-2024-08  # required:" in text
    problems = Problems()
    KINDS["person"].check(read_yaml("p", text.encode(), problems), CheckContext(problems, dt.date(2026, 11, 29)), "p")
    assert not problems


def test_new_refuses_a_name_the_format_does_not_allow(project):
    result = roundbook(["new", "person", "A" * 121], project)
    assert result.returncode == 2
    assert (
        result.stderr.splitlines()[-1]
        == "Error: Invalid value for 'NAME': 'name' is 121 characters long; the limit is 120"
    )


def test_new_says_so_when_the_file_appears_while_it_works(project, monkeypatch):
    """The check for an existing file comes first; a file created in between is still never replaced."""
    from click.testing import CliRunner

    import roundbook.commands.new as new_command
    from roundbook.cli import main

    def appeared(root, shown, text):
        raise FileExistsError(shown)

    monkeypatch.setattr(new_command, "create_text", appeared)
    result = CliRunner().invoke(main, ["new", "person", "Jane Q. Example", "--root", str(project)])
    assert result.exit_code == 1
    assert result.output == "Error: content/people/jane-q-example.yml already exists; nothing was written\n"
