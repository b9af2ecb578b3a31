"""How many bytes each version of the JSON API takes for a project, without building its site.

    .venv/bin/python benchmarks/api_size.py /tmp/bench/roundbook-10000 [--against SITE]

loads the project's content as the build does (benchmarks/build.py --keep writes such projects),
makes every file of api/v1 and api/v2 in memory, one at a time, and prints their bytes by kind
of file. Nothing is written. `--against SITE` also compares each api/v1 file with the one in a
site built before (SITE/api/v1/...), byte for byte: version 1 is frozen.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from roundbook.export.api import api_files
from roundbook.export.api_v2 import api_v2_files
from roundbook.export.licence import LICENCES, read_citation
from roundbook.export.site import SiteInfo
from roundbook.load import load_content
from roundbook.model import build_dataset
from roundbook.validate import validate

KINDS = ("index.json", "schema.json", "companies.json", "people.json", "rounds.json", "companies/", "people/")


def site_of(project: Path) -> SiteInfo:
    """The site as the build would see it, from mkdocs.yml (read as plain text values) and CITATION.cff."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugin = next((p["roundbook"] for p in config.get("plugins", []) if isinstance(p, dict) and "roundbook" in p), None)
    licence = LICENCES[(plugin or {}).get("data_licence", "CC-BY-4.0")]
    citation, _ = read_citation(project, config["site_name"], config["site_url"], licence)
    return SiteInfo(
        url=config["site_url"],
        name=config["site_name"],
        licence=licence,
        citation=citation,
        directory_urls=config.get("use_directory_urls", "true") == "true",
    )


def kind_of(path: str) -> str:
    rest = path.split("/", 2)[2]  # after api/vN/
    return next(kind for kind in KINDS if rest == kind or (kind.endswith("/") and rest.startswith(kind)))


def measure(files, against: Path | None) -> tuple[Counter, Counter, list[str]]:
    sizes, counts, different = Counter(), Counter(), []
    for output in files:
        kind = kind_of(output.path)
        sizes[kind] += len(output.content)
        counts[kind] += 1
        if against is not None:
            built = against / output.path
            if not built.is_file() or built.read_bytes() != output.content:
                different.append(output.path)
    return sizes, counts, different


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a project folder with mkdocs.yml and content/")
    parser.add_argument("--against", type=Path, help="a site built before: compare its api/v1 files byte for byte")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    dataset = build_dataset(validate(load_content(args.project, "content")))
    site = site_of(args.project)
    print(
        f"{len(dataset.organizations):,} organizations, {len(dataset.people):,} people, "
        f"{len(dataset.rounds):,} rounds, loaded in {time.perf_counter() - started:.0f} s\n"
    )
    v1_started = time.perf_counter()
    v1, v1_counts, different = measure(api_files(dataset, site), args.against)
    v2_started = time.perf_counter()
    v2, v2_counts, _ = measure(api_v2_files(dataset, site), None)
    done = time.perf_counter()
    print("| Files | api/v1 | api/v2 | v2 / v1 |\n|---|---:|---:|---:|")
    for kind in KINDS:
        name = f"{kind}<slug>.json ({v2_counts[kind]:,})" if kind.endswith("/") else kind
        print(f"| {name} | {megabytes(v1[kind])} | {megabytes(v2[kind])} | {v2[kind] / v1[kind]:.2f} |")
    total_v1, total_v2 = sum(v1.values()), sum(v2.values())
    print(
        f"| all ({sum(v2_counts.values()):,} files) | {megabytes(total_v1)} | {megabytes(total_v2)} | "
        f"{total_v2 / total_v1:.2f} |"
    )
    print(f"\nmade in {v2_started - v1_started:.1f} s (v1) and {done - v2_started:.1f} s (v2)")
    if args.against is not None:
        print(
            f"api/v1 against {args.against}: "
            + (
                f"{len(different):,} files differ, such as {different[:3]}"
                if different
                else f"all {sum(v1_counts.values()):,} files identical"
            )
        )
        return 1 if different else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
