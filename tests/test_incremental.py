"""Incremental builds make the same site as a cold build, byte for byte, whatever changed.

Synthetic content (benchmarks/synthetic.py) goes through seeded rounds of random changes: records
edited (a summary, an amount, an investor's name, who took part in a round), added, deleted and
renamed (a round's file, a person's slug and every reference to it), roles and parents given, and
some rounds committed to Git, so that the dates from the history change too. After each round
the project is built twice: incrementally, with the cache of the builds before, and cold,
without it; every file of the two sites is compared. The builds run in this process, as
`mkdocs serve` runs them, one after another.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import re
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import GIT_ENV, REPO, make_project
from roundbook.render import Renderer
from roundbook.site.incremental.store import CACHE_FOLDER

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate

pytestmark = pytest.mark.build


def git(project: Path, *args: str, when: str = "2025-01-01T12:00:00Z") -> None:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=env)


def make_synthetic_project(folder: Path, companies: int, seed: int) -> Path:
    generate(folder, companies, seed)
    shutil.copytree(REPO / "templates", folder / "templates")
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copy(REPO / "CITATION.cff", folder / "CITATION.cff")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "Synthetic content")
    return folder


def build_site(project: Path, site: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    build(config)


def cold_site(project: Path, site: Path) -> None:
    """A build without the cache: it is set aside for the build, and what the build made is dropped."""
    cache, aside = project / CACHE_FOLDER, project.parent / "cache-aside"
    if cache.exists():
        cache.rename(aside)
    try:
        build_site(project, site)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if aside.exists():
            aside.rename(cache)


def tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# --- random changes to synthetic content --------------------------------------------------------


class Content:
    """The content folder of a synthetic project, and the changes a contributor might make to it."""

    def __init__(self, project: Path, rng: random.Random) -> None:
        self.root = project / "content"
        self.rng = rng
        self.made = 0

    def new_word(self) -> str:
        self.made += 1
        return f"edit{self.made}"

    def files(self, folder: str) -> list[Path]:
        return sorted((self.root / folder).rglob("*.yml"))

    def profiles(self) -> list[Path]:
        return self.files("companies") + self.files("people")

    def investors(self) -> list[Path]:
        return [path for path in self.profiles() if not self._is_startup(path)]

    @staticmethod
    def _is_startup(path: Path) -> bool:
        return path.parent.name == "companies" and "kind: startup" in path.read_text(encoding="utf-8")

    def referenced(self, slug: str) -> bool:
        pattern = _slug_pattern(slug)
        return (self.root / "rounds" / slug).exists() or any(
            pattern.search(path.read_text(encoding="utf-8")) for path in self.files("rounds") + self.profiles()
        )

    @staticmethod
    def replace_line(path: Path, key: str, value: str) -> None:
        text = path.read_text(encoding="utf-8")
        if re.search(rf"^{key}: .*$", text, re.M):
            text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
        else:
            text = text.replace("\nsources:\n", f"\n{key}: {value}\nsources:\n", 1)
        path.write_text(text, encoding="utf-8")

    # Each change returns what it did, for the failure message.

    def edit_summary(self) -> str:
        path = self.rng.choice(self.profiles())
        self.replace_line(path, "summary", f"Summary {self.new_word()}.")
        return f"summary of {path.stem}"

    def edit_amount(self) -> str:
        path = self.rng.choice(self.files("rounds"))
        self.replace_line(path, "amount", f"{{value: {self.rng.randint(1, 900)}M, currency: USD}}")
        return f"amount of {path.parent.name}/{path.stem}"

    def rename_investor(self) -> str:
        path = self.rng.choice(self.investors())
        self.replace_line(path, "name", f"Renamed {self.new_word().capitalize()}")
        return f"name of {path.stem}"

    def add_participant(self) -> str:
        path = self.rng.choice(self.files("rounds"))
        text = path.read_text(encoding="utf-8")
        taken = set(re.findall(r"[a-z0-9-]+", " ".join(re.findall(r"^(?:lead|participants): \[(.*)\]$", text, re.M))))
        choices = [p.stem for p in self.investors() if p.stem not in taken and p.stem != path.parent.name]
        if not choices:
            return "nothing"
        slug = self.rng.choice(choices)
        if re.search(r"^participants: \[", text, re.M):
            text = re.sub(r"^participants: \[", f"participants: [{slug}, ", text, count=1, flags=re.M)
        else:
            text = text.replace("\nsources:\n", f"\nparticipants: [{slug}]\nsources:\n", 1)
        path.write_text(text, encoding="utf-8")
        return f"{slug} joins {path.parent.name}/{path.stem}"

    def delete_round(self) -> str:
        path = self.rng.choice(self.files("rounds"))
        path.unlink()
        if not any(path.parent.iterdir()):
            path.parent.rmdir()
        return f"deleted {path.parent.name}/{path.stem}"

    def rename_round(self) -> str:
        path = self.rng.choice(self.files("rounds"))
        path.rename(path.with_name(f"{path.stem}-{self.new_word()}.yml"))
        return f"renamed {path.parent.name}/{path.stem}"

    def add_round(self) -> str:
        source = self.rng.choice(self.files("rounds"))
        company = self.rng.choice([p for p in self.files("companies") if self._is_startup(p)])
        target = self.root / "rounds" / company.stem / f"2024-03-seed-{self.new_word()}.yml"
        target.parent.mkdir(exist_ok=True)
        text = source.read_text(encoding="utf-8")
        lead = re.search(r"^lead: \[(.*)\]$", text, re.M)
        if lead and company.stem in lead.group(1).split(", "):
            return "nothing"
        target.write_text(text, encoding="utf-8")
        return f"added {company.stem}/{target.stem}"

    def add_company(self) -> str:
        source = self.rng.choice([p for p in self.files("companies") if self._is_startup(p)])
        word = self.new_word()
        target = source.with_name(f"new-{word}.yml")
        text = re.sub(r"^name: .*$", f"name: New {word.capitalize()}", source.read_text(encoding="utf-8"), flags=re.M)
        text = re.sub(r"^aliases: .*\n", "", text, flags=re.M)
        target.write_text(text, encoding="utf-8")
        return f"added {target.stem}"

    def delete_company(self) -> str:
        loose = [path for path in self.files("companies") if not self.referenced(path.stem)]
        if not loose:
            return "nothing"
        path = self.rng.choice(loose)
        path.unlink()
        return f"deleted {path.stem}"

    def add_role(self) -> str:
        person = self.rng.choice(self.files("people"))
        company = self.rng.choice(self.files("companies"))
        text = person.read_text(encoding="utf-8")
        role = f"  - organization: {company.stem}\n    title: Adviser {self.new_word()}\n    sources: [s1]\n"
        if "\nroles:\n" in text:
            text = text.replace("\nroles:\n", "\nroles:\n" + role, 1)
        else:
            text = text.replace("\nsources:\n", "\nroles:\n" + role + "sources:\n", 1)
        person.write_text(text, encoding="utf-8")
        return f"{person.stem} at {company.stem}"

    def set_parent(self) -> str:
        texts = {path: path.read_text(encoding="utf-8") for path in self.files("companies")}
        parents = {m.group(1) for text in texts.values() if (m := re.search(r"^parent: (.*)$", text, re.M))}
        children = [p for p, text in texts.items() if "\nparent: " not in text and p.stem not in parents]
        groups = [p for p, text in texts.items() if "kind: corporation" in text and "\nparent: " not in text]
        if not children or not groups:
            return "nothing"
        child, parent = self.rng.choice(children), self.rng.choice(groups)
        if child == parent:
            return "nothing"
        self.replace_line(child, "parent", parent.stem)
        return f"{parent.stem} owns {child.stem}"

    def rename_person(self) -> str:
        path = self.rng.choice(self.files("people"))
        new = f"{path.stem}-{self.new_word()}"
        pattern = _slug_pattern(path.stem)
        for other in self.files("rounds"):
            text = other.read_text(encoding="utf-8")
            if pattern.search(text):
                other.write_text(pattern.sub(new, text), encoding="utf-8")
        path.rename(path.with_name(f"{new}.yml"))
        return f"{path.stem} is now {new}"

    def set_native_name(self) -> str:
        """A name in Han characters, which the built-in search teaches jieba: it can cut every page's text anew."""
        path = self.rng.choice(self.profiles())
        self.replace_line(path, "native_name", "".join(self.rng.choice("月之暗面星河智谱百川云海") for _ in range(3)))
        return f"native name of {path.stem} (every page)"

    CHANGES = (
        "set_native_name",
        "edit_summary",
        "edit_amount",
        "rename_investor",
        "add_participant",
        "delete_round",
        "rename_round",
        "add_round",
        "add_company",
        "delete_company",
        "add_role",
        "set_parent",
        "rename_person",
    )

    def change(self) -> str:
        return getattr(self, self.rng.choice(self.CHANGES))()


def _slug_pattern(slug: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(slug)}(?![\w-])")


# --- the test -----------------------------------------------------------------------------------


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def differing(built: dict[str, str], expected: dict[str, str], but: str | tuple[str, ...] = ()) -> list[str]:
    """The files of two trees (`tree`) that differ or are in one only, but those under `but`."""
    return sorted(
        p for p in built.keys() | expected.keys() if built.get(p) != expected.get(p) and not p.startswith(but)
    )


def link_of(path: Path) -> tuple[int, int]:
    """A file's inode and the time its links last changed: a file unlinked and linked again from
    the cache keeps its inode, not that time."""
    status = path.stat()
    return status.st_ino, status.st_ctime_ns


def assert_blobs_intact(project: Path) -> None:
    """Every file the cache holds has the bytes its name says: nothing wrote through a link into it."""
    blobs = [path for path in (project / CACHE_FOLDER / "site" / "blobs").rglob("*") if path.is_file()]
    assert blobs
    assert [path.name for path in blobs if hashlib.sha256(path.read_bytes()).hexdigest() != path.name] == []


def litter_site_folder(site: Path, outside: Path) -> None:
    """What a site folder may hold that the next build must not keep: files and folders no build
    makes, a page replaced by another file, a page written over through its link into the cache,
    links (one to a file outside, whose target must survive), and a hidden entry, which MkDocs
    leaves alone."""
    (site / "stale-folder" / "deeper").mkdir(parents=True)
    (site / "stale-folder" / "deeper" / "stale.html").write_text("stale")
    (site / "companies" / "stale.json").write_text("{}")
    pages = sorted(site.glob("companies/*/index.html"))
    replaced, written_over = pages[0], pages[-1]
    replaced.unlink()
    replaced.write_text("not the page")
    with written_over.open("a") as handle:  # through the hard link: the cache's copy changes too
        handle.write("<!-- written over -->")
    outside.write_text("outside")
    (site / "companies" / "linked.html").symlink_to(outside)
    (site / "linked-folder").symlink_to(site / "companies", target_is_directory=True)
    (site / ".hidden").write_text("left alone, as MkDocs leaves it")


def pages_made(caplog) -> tuple[int, int]:
    """How many pages the last incremental build made again, of how many."""
    said = [record.getMessage() for record in caplog.records if "incremental build:" in record.getMessage()]
    made, total = re.search(r"incremental build: (\d+) of (\d+) pages", said[-1]).groups()
    return int(made), int(total)


def records_read(caplog) -> tuple[int, int]:
    """How many record files the last incremental build read, of how many: the others' checked
    records were kept by the builds before (roundbook/site/incremental/kept_records.py)."""
    said = [record.getMessage() for record in caplog.records if "incremental build:" in record.getMessage()]
    read, total = re.search(r"(\d+) of (\d+) record files read", said[-1]).groups()
    return int(read), int(total)


def test_incremental_builds_are_byte_identical_to_cold_builds(tmp_path, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.roundbook")
    # Years of more than ten entries get a page per month, as a large site's busy years do: both
    # kinds of year, and the month pages, are on this small site; and the listings show ten rows a
    # page, so that their further pages and files of rows (roundbook/render/listings.py) are too.
    monkeypatch.setattr(
        "roundbook.site.prepare.Renderer", partial(Renderer, month_pages_above=10, listing_page_size=10)
    )
    rng = random.Random(21)
    project = make_synthetic_project(tmp_path / "project", companies=24, seed=7)
    content = Content(project, rng)
    build_site(project, tmp_path / "first")  # the cache starts here
    done: list[str] = []
    for step in range(6):
        changes = [content.change() for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            git(project, "add", "-A")
            git(project, "commit", "-q", "-m", f"Step {step}", when=f"2025-02-{step + 1:02d}T12:00:00Z")
            changes.append("committed")
        done.append(f"step {step}: " + "; ".join(changes))
        # Every other build goes over the last one's site folder (site_folder.py), which meanwhile
        # has gathered what the build must not keep; the others, into a new folder (`make site`).
        in_place = step % 2 == 1
        incremental, cold = tmp_path / ("site" if in_place else f"incremental-{step}"), tmp_path / f"cold-{step}"
        if in_place:
            litter_site_folder(incremental, tmp_path / "outside")
            links = {path: link_of(path) for path in incremental.rglob("*") if path.is_file()}
        caplog.clear()
        build_site(project, incremental)
        made, total = pages_made(caplog)
        assert made < total or "every page" in done[-1], done[-1]  # the cache gave the rest
        read, records = records_read(caplog)
        assert read < records, done[-1]  # the records of the files changed, and those alone
        if in_place:  # files were kept where they were, not linked again
            assert any(path.exists() and link_of(path) == link for path, link in links.items())
            assert (incremental / ".hidden").read_text() == "left alone, as MkDocs leaves it"
            (incremental / ".hidden").unlink()
            assert (tmp_path / "outside").read_text() == "outside"
        cold_site(project, cold)
        expected = tree(cold)
        assert differing(tree(incremental), expected) == [], "\n".join(done)
        if not in_place:  # the next build goes over this one's site folder
            shutil.rmtree(tmp_path / "site", ignore_errors=True)
            incremental.rename(tmp_path / "site")
    assert any(re.fullmatch(r"timeline/\d{4}/\d\d/index\.html", path) for path in expected)  # months were split
    assert {"companies/list/2/index.html", "companies/list/3/index.html", "investors/list/rows.json"} <= set(expected)
    assert any(re.fullmatch(r"timeline/\d{4}/list/rows\.json", path) for path in expected)  # a split year's rows
    # Nothing changed since the last build: every page and file comes from the cache, as it was.
    # Over the last site folder, the profiles stay where they are (a build with nothing changed
    # that emptied the folder and linked them again took seconds at 10,000 companies).
    before = tree(tmp_path / "site")
    profiles = {path: link_of(path) for path in (tmp_path / "site").glob("companies/*/index.html")}
    caplog.clear()
    build_site(project, tmp_path / "site")
    assert "nothing changed since the last build" in caplog.text
    assert tree(tmp_path / "site") == before
    assert sum(link_of(path) == link for path, link in profiles.items()) > len(profiles) / 2


def project_searched_by_pagefind(folder: Path) -> Path:
    project = make_project(folder)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("  - roundbook:\n", "  - roundbook:\n      search: pagefind\n", 1)
    )
    return project


def test_with_pagefind_the_pages_are_a_cold_builds_and_its_index_is_reused_until_a_page_changes(tmp_path, caplog):
    # Pagefind's own bundle differs from one run to the next (the order of its filter files), so
    # the bundle is compared with the one it was copied from, and the pages with a cold build's.
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.roundbook")
    project = project_searched_by_pagefind(tmp_path / "project")
    build_site(project, tmp_path / "edited")
    replace_in(project / "content/companies/beta-labs.yml", "A fictional software company.", "Edited.")
    caplog.clear()
    build_site(project, tmp_path / "edited")  # over the first build's site folder, whose index is in the cache
    assert "Pagefind indexed the site" in caplog.text
    assert_blobs_intact(project)  # Pagefind wrote its new index into new files
    cold_site(project, tmp_path / "cold")
    edited = tree(tmp_path / "edited")
    assert differing(edited, tree(tmp_path / "cold"), but="pagefind/") == []
    caplog.clear()
    build_site(project, tmp_path / "unchanged")
    assert "the search index of the last build" in caplog.text
    assert "Pagefind indexed the site" not in caplog.text
    assert tree(tmp_path / "unchanged") == edited


def test_with_pagefind_an_edit_to_what_it_does_not_read_keeps_the_index_a_new_run_would_make(tmp_path, caplog):
    # A source's title shows in its company's profile, the timeline and the API, but in a section
    # of the profile left out of search (roundbook/site/search/pagefind_view.py). Pagefind's
    # fragments and index chunks are named by their contents: the kept ones must be a new run's.
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.roundbook")
    project = project_searched_by_pagefind(tmp_path / "project")
    build_site(project, tmp_path / "site")
    replace_in(project / "content/rounds/beta-labs/2024-03-seed.yml", "title: Beta Labs seed", "title: A new title")
    caplog.clear()
    build_site(project, tmp_path / "site")
    assert "the search index of the last build" in caplog.text
    assert "Pagefind indexed the site" not in caplog.text
    assert "A new title" in (tmp_path / "site/companies/beta-labs/index.html").read_text(encoding="utf-8")
    cold_site(project, tmp_path / "cold")
    kept, cold = tree(tmp_path / "site"), tree(tmp_path / "cold")
    # The whole of Pagefind's bundle too, but its filter files, whose order differs from one run to
    # the next, and the two files that name them.
    filters = ("pagefind/filter/", "pagefind/pagefind-entry.json", "pagefind/pagefind.en_")
    assert differing(kept, cold, but=filters) == []
    assert any(path.startswith("pagefind/fragment/") for path in kept)
    # What it reads, it indexes again: the company's summary.
    replace_in(project / "content/companies/beta-labs.yml", "A fictional software company.", "Edited.")
    caplog.clear()
    build_site(project, tmp_path / "site")
    assert "Pagefind indexed the site" in caplog.text


def test_under_serve_pagefind_indexes_the_preview_in_the_background(tmp_path, caplog):
    # `mkdocs serve` shows an edit before Pagefind has indexed it: the preview holds the last
    # index until the new one is whole, and the next build stops a run still going.
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.roundbook")
    project = project_searched_by_pagefind(tmp_path / "project")
    site = tmp_path / "preview"
    plugin = load_config(str(project / "mkdocs.yml")).plugins["roundbook"]  # one for every build, as under serve
    plugin.on_startup(command="serve", dirty=False)
    try:
        build_site(project, site)  # the first preview is indexed before it is served
        before = tree(site / "pagefind")
        path = project / "content/companies/beta-labs.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("A fictional software company.", "Edited."))
        caplog.clear()
        build_site(project, site)
        assert "Pagefind indexes the preview in the background" in caplog.text
        plugin.later._thread.join()  # the background run, done
        assert "Pagefind indexed the preview" in caplog.text
        after = tree(site / "pagefind")
        assert "pagefind-entry.json" in after and after != before
        assert sorted(path.name for path in tmp_path.iterdir()) == ["preview", "project"]  # nothing left beside
    finally:
        plugin.on_shutdown()
    # MkDocs keeps the plugin object for the process: once serve has shut down, a build through it
    # is a plain build again, which indexes before it ends (and other tests of this worker build so).
    assert load_config(str(project / "mkdocs.yml")).plugins["roundbook"] is plugin
    path.write_text(path.read_text(encoding="utf-8").replace("Edited.", "Edited again."))
    caplog.clear()
    build_site(project, site)
    assert "Pagefind indexed the site in" in caplog.text
    assert "in the background" not in caplog.text


def test_files_written_just_before_a_build_are_hashed_again_by_one_build_only(tmp_path, monkeypatch):
    # After a clone, a pull or a checkout, the first build comes within seconds of the files'
    # changes, when their stats cannot yet stand for their contents (inputs.py): the next build
    # hashes them again, and so must not the one after, even when nothing changed in between.
    from roundbook.site.incremental import inputs

    project = make_project(tmp_path / "project")
    build_site(project, tmp_path / "first")  # every content file is too new to trust its stat
    hashed: list[str] = []  # of the content's files (the settings' digest hashes Roundbook's own code)
    content = str(project / "content")
    real_time_ns, real_digest = inputs.time.time_ns, inputs.digest_of_file

    def counted_digest(path):
        if str(path).startswith(content):
            hashed.append(str(path))
        return real_digest(path)

    monkeypatch.setattr(inputs.time, "time_ns", lambda: real_time_ns() + 10_000_000_000)  # later
    monkeypatch.setattr(inputs, "digest_of_file", counted_digest)
    build_site(project, tmp_path / "second")  # nothing changed: the stats are now kept
    assert len(hashed) > 10
    hashed.clear()
    build_site(project, tmp_path / "third")
    assert hashed == []
