"""The data's licence and how to cite it: in the footer of every page, the API index, the feeds
and the data page. The site owner names the licence once (the plugin's `data_licence`) and
describes the work in CITATION.cff."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Licence:
    id: str  # its SPDX identifier, as CITATION.cff writes it
    name: str
    short: str
    url: str


# Licences made for data or commonly used for it; an SPDX id from this list goes in mkdocs.yml.
LICENCES = {
    licence.id: licence
    for licence in [
        Licence(
            "CC-BY-4.0",
            "Creative Commons Attribution 4.0 International",
            "CC BY 4.0",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        Licence(
            "CC-BY-SA-4.0",
            "Creative Commons Attribution Share Alike 4.0 International",
            "CC BY-SA 4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        Licence(
            "CC0-1.0",
            "Creative Commons Zero v1.0 Universal",
            "CC0 1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        Licence(
            "ODbL-1.0",
            "Open Data Commons Open Database License v1.0",
            "ODbL 1.0",
            "https://opendatacommons.org/licenses/odbl/1-0/",
        ),
        Licence(
            "ODC-By-1.0",
            "Open Data Commons Attribution License v1.0",
            "ODC-By 1.0",
            "https://opendatacommons.org/licenses/by/1-0/",
        ),
        Licence(
            "PDDL-1.0",
            "Open Data Commons Public Domain Dedication and License v1.0",
            "PDDL 1.0",
            "https://opendatacommons.org/licenses/pddl/1-0/",
        ),
    ]
}

CITATION_FILE = "CITATION.cff"


@dataclass(frozen=True)
class Citation:
    text: str  # how to cite the data, in one line
    file: str | None  # CITATION.cff's path in the site, when the project has one


def default_citation(site_name: str, site_url: str, licence: Licence) -> Citation:
    """How to cite a site that has no CITATION.cff."""
    return Citation(f"{site_name}. {site_url}. Data licensed {licence.short}.", None)


def _author(author: dict) -> str:
    if "name" in author:
        return str(author["name"])
    return " ".join(str(author[key]) for key in ("given-names", "name-particle", "family-names") if key in author)


def read_citation(root: Path, site_name: str, site_url: str, licence: Licence) -> tuple[Citation, bytes | None]:
    """How to cite the site's data, from CITATION.cff when there is one; and the file's bytes to publish.

    CITATION.cff is the site owner's file, like mkdocs.yml, not a contributor's: a file that
    cannot be read raises ValueError with the reason.
    """
    path = root / CITATION_FILE
    if not path.is_file():
        return default_citation(site_name, site_url, licence), None
    content = path.read_bytes()
    try:
        cff = yaml.safe_load(content.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise ValueError(f"{CITATION_FILE} cannot be read: {error}") from None
    if not isinstance(cff, dict) or "title" not in cff or not cff.get("authors"):
        raise ValueError(f"{CITATION_FILE} needs a title and authors")
    authors = ", ".join(_author(a) for a in cff["authors"] if isinstance(a, dict))
    url = cff.get("url", site_url)
    return Citation(
        f"{authors}. {cff['title']} [data set]. {url}. Data licensed {licence.short}.", CITATION_FILE
    ), content
