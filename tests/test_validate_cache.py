"""`roundbook validate` with its cache (.roundbook-cache/) answers exactly as without it, and
`validate FILE…` answers as the whole check does for those files and the problems they cause.

Random edits, additions, deletions and renames are applied to a small generated dataset; after
each, the run with the cache is compared with a cold run (no cache), for the whole content and
for a few files. A corrupt or hostile cache changes nothing either.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, TODAY, roundbook
from roundbook.content_cache import CACHE_FOLDER, RACY_NS, Stamp, Stores
from roundbook.load import load_content
from roundbook.validate import validate
from roundbook.validate.indexed import Focus, Outcome, check_files

SECTORS = ["artificial-intelligence", "e-commerce", "software"]


def company(name: str, founded: str, sector: str) -> str:
    return (
        f"name: {name}\nkind: startup\nfounded: {founded}\nheadquarters: {{country: DE}}\n"
        f"sectors: [{sector}]\nsummary: A generated company.\n"
        "sources:\n  - id: s1\n    url: https://news.example/x\n    title: T\n    publisher: P\n"
    )


def person(name: str) -> str:
    return (
        f"name: {name}\nsummary: A generated person.\n"
        "sources:\n  - id: s1\n    url: https://news.example/p\n    title: T\n    publisher: P\n"
    )


def round_file(announced: str, investors: list[str], currency: str = "EUR") -> str:
    return (
        f"announced: {announced}\nstage: seed\namount: {{value: 2M, currency: {currency}}}\n"
        f"lead: [{investors[0]}]\nparticipants: [{', '.join(investors[1:])}]\n"
        "sources:\n  - id: s1\n    url: https://news.example/r\n    title: T\n    publisher: P\n"
    )


def generated_project(target: Path, rng: random.Random) -> Path:
    """The fixture content plus a dozen companies, a few people and some thirty rounds."""
    shutil.copytree(FIXTURE_CONTENT, target / "content")
    content = target / "content"
    slugs = [f"gen-{number}" for number in range(12)]
    for number, slug in enumerate(slugs):
        (content / f"companies/{slug}.yml").write_text(
            company(f"Gen {number}", f"20{10 + number % 10}-0{1 + number % 9}", rng.choice(SECTORS))
        )
    for number in range(3):
        (content / f"people/angel-{number}.yml").write_text(person(f"Angel {number}"))
    investors = [*slugs, "angel-0", "angel-1", "angel-2", "gamma-ventures"]
    for number in range(30):
        slug = rng.choice(slugs)
        folder = content / f"rounds/{slug}"
        folder.mkdir(exist_ok=True)
        chosen = rng.sample([each for each in investors if each != slug], 2)
        currency = rng.choice(["EUR", "USD", "CNY", "XXX"])  # XXX has no rate: a warning
        (folder / f"round-{number}.yml").write_text(round_file(f"2023-{1 + number % 12:02d}", chosen, currency))
    return target


def set_line(path: Path, start: str, line: str) -> None:
    """The file with its line that starts with `start` replaced by `line`."""
    lines = path.read_text().split("\n")
    path.write_text("\n".join(line if each.startswith(start) else each for each in lines))


def records(root: Path, folder: str) -> list[Path]:
    return sorted((root / "content" / folder).rglob("*.yml"))


def edit(root: Path, rng: random.Random) -> list[str]:
    """One random change, of a kind that also makes problems in other files; the files it touched."""
    content = root / "content"
    companies, people, rounds = records(root, "companies"), records(root, "people"), records(root, "rounds")
    choice = rng.randrange(12)
    target: Path
    if choice == 0:  # a founding date after some rounds
        target = rng.choice(companies)
        set_line(target, "founded:", "founded: 2024-06")
    elif choice == 1:  # a person taking a company's slug
        target = content / "people" / rng.choice(companies).name
        target.write_text(person("Twin"))
    elif choice == 2:  # a former slug that another profile holds
        target = rng.choice(companies)
        target.write_text(target.read_text() + f"former_slugs: [{rng.choice(companies).stem}]\n")
    elif choice == 3:  # a parent, which may close a loop
        target = rng.choice(companies)
        target.write_text(target.read_text() + f"parent: {rng.choice(companies).stem}\n")
    elif choice == 4:  # YAML that does not parse
        target = rng.choice(companies + rounds + people)
        target.write_text(target.read_text() + "broken: [unclosed\n")
    elif choice == 5 and len(companies) > 3:  # a deletion
        target = rng.choice(companies + rounds + people)
        target.unlink()
    elif choice == 6:  # a rename: the rounds now stand in the folder of no company
        old = rng.choice(companies)
        target = old.with_name(f"renamed-{rng.randrange(1000)}.yml")
        old.rename(target)
        return [old.relative_to(root).as_posix(), target.relative_to(root).as_posix()]
    elif choice == 7:  # a new round naming an investor that may not exist
        folder = rng.choice(companies).stem
        target = content / f"rounds/{folder}/new-{rng.randrange(1000)}.yml"
        target.parent.mkdir(exist_ok=True)
        target.write_text(round_file("2024-02", [rng.choice(["gen-1", "nobody", "angel-2", folder]), "angel-0"]))
    elif choice == 8:  # a date in the future of TODAY
        target = rng.choice(rounds)
        set_line(target, "announced:", "announced: 2027-01")
    elif choice == 9:  # a sector the table does not list
        target = rng.choice(companies)
        target.write_text(target.read_text().replace("sectors: [", "sectors: [space-mining, ", 1))
    elif choice == 10:  # a file restored to good health, the same size as before (stamps, not sizes)
        target = rng.choice(rounds)
        text = target.read_text()
        target.write_text(text.replace("stage: seed", "stage: angl", 1) if "seed" in text else text)
    else:  # the sector table itself loses a sector
        target = content / "reference/sectors.yml"
        target.write_text(target.read_text().replace("  software:\n", "  softwares:\n", 1))
    return [target.relative_to(root).as_posix()]


def same(cached: Outcome, cold: Outcome) -> None:
    assert (cached.problems, cached.warnings, cached.paths) == (cold.problems, cold.warnings, cold.paths)
    assert (cached.organizations, cached.people, cached.rounds) == (cold.organizations, cold.people, cold.rounds)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_cache_never_changes_an_answer(tmp_path, seed):
    rng = random.Random(seed)
    root = generated_project(tmp_path / "project", rng)
    first = check_files(root, today=TODAY)
    assert first.read == len(first.paths) - 3  # every record read once; the pages are not records
    assert check_files(root, today=TODAY).read == 0  # nothing changed: nothing parsed again
    for _ in range(14):
        touched = edit(root, rng)
        existing = [path for path in touched if (root / path).exists()]
        other = rng.choice(records(root, "companies")).relative_to(root).as_posix()
        whole_cold = check_files(root, today=TODAY, cache=False)
        same(check_files(root, today=TODAY), whole_cold)
        for focus in (Focus(frozenset(existing)), Focus(frozenset([other])), Focus(frozenset(), ("content/rounds/",))):
            cold = check_files(root, focus=focus, today=TODAY, cache=False)
            same(check_files(root, focus=focus, today=TODAY), cold)
            # A focused run finds what the whole check finds in its files, and nothing it does not.
            assert {p for p in whole_cold.problems if p.path in focus} <= set(cold.problems) <= set(whole_cold.problems)
            assert set(cold.warnings) <= set(whole_cold.warnings)
        assert check_files(root, today=TODAY).read == 0


def test_the_whole_check_answers_as_the_build_does(tmp_path):
    root = generated_project(tmp_path / "project", random.Random(7))
    rng = random.Random(8)
    for _ in range(10):
        edit(root, rng)
    checked = validate(load_content(root), TODAY)  # what `mkdocs build` runs
    outcome = check_files(root, today=TODAY, cache=False)
    assert outcome.problems == checked.problems.sorted()
    assert outcome.warnings == checked.warnings.sorted()
    assert outcome.problems  # the edits made some


def test_a_file_checked_one_day_is_checked_again_when_its_future_date_has_come(tmp_path):
    root = generated_project(tmp_path / "project", random.Random(4))
    target = records(root, "rounds")[0]
    set_line(target, "announced:", "announced: 2026-12-01")  # two days after TODAY
    path = target.relative_to(root).as_posix()
    before = check_files(root, today=TODAY)
    assert [p.message for p in before.problems if p.path == path] == ["'announced' 2026-12-01 is in the future"]
    later = TODAY + dt.timedelta(days=3)
    same(check_files(root, today=later), check_files(root, today=later, cache=False))
    assert not [p for p in check_files(root, today=later).problems if p.path == path]


def stores(root: Path) -> list[Path]:
    return sorted((root / CACHE_FOLDER).glob("validate-*.json"))


def hostile_variants(original: str):
    envelope = json.loads(original)
    value = envelope["value"]
    path, entry = next(iter(value.items()))
    yield "not JSON at all {"
    yield "[" * 100_000 + "]" * 100_000  # deeper than the parser goes
    yield json.dumps({**envelope, "format": 99})
    yield json.dumps({**envelope, "value": ["a list"]})
    yield json.dumps({**envelope, "value": {path: entry[:3]}})
    # [digest, stamp, day checked, future?, problems, facts]: each of the wrong type or form.
    for index, wrong in [(0, 7), (1, [1, 2]), (1, [-1, 0, 0, 0]), (2, "yesterday"), (2, 10**30), (3, "no"), (4, "x")]:
        changed = list(entry)
        changed[index] = wrong
        yield json.dumps({**envelope, "value": {**value, path: changed}})
    with_message = list(entry)
    with_message[4] = [[1, 1, "fine\x1b[2J\nforged:1:1: a problem that is not there"]]
    yield json.dumps({**envelope, "value": {**value, path: with_message}})
    with_line = list(entry)
    with_line[4] = [[0, 1, "a line 0"]]
    yield json.dumps({**envelope, "value": {**value, path: with_line}})
    facts = list(entry)
    facts[5] = [["not", "facts"]] if entry[5] is not None else [[["x\u202ey", 1, 1]]]
    yield json.dumps({**envelope, "value": {**value, path: facts}})


def test_a_corrupt_or_hostile_cache_changes_nothing(tmp_path):
    root = generated_project(tmp_path / "project", random.Random(5))
    edit(root, random.Random(6))
    expected = check_files(root, today=TODAY, cache=False)
    check_files(root, today=TODAY)
    originals = {store: store.read_text() for store in stores(root)}
    assert len(originals) == 4  # companies, people, rounds, reference
    for store, original in originals.items():
        for variant in hostile_variants(original):
            store.write_text(variant)
            outcome = check_files(root, today=TODAY)
            same(outcome, expected)
            assert outcome.read > 0  # the store was refused, and its files read cold
            store.write_text(original)
        # Not a file to read: a link (to a huge file), a named pipe (which would block a reader).
        store.unlink()
        store.symlink_to("/dev/zero")
        same(check_files(root, today=TODAY), expected)
        store.unlink()
        os.mkfifo(store)
        same(check_files(root, today=TODAY), expected)
        store.unlink()
        store.write_text(original)
    # The cache folder as a link: neither read nor written through.
    elsewhere = tmp_path / "elsewhere"
    shutil.move(root / CACHE_FOLDER, elsewhere)
    (root / CACHE_FOLDER).symlink_to(elsewhere)
    before = {path.name: path.read_bytes() for path in elsewhere.iterdir()}
    (root / "content/people/angel-0.yml").write_text(person("Changed"))
    same(check_files(root, today=TODAY), check_files(root, today=TODAY, cache=False))
    assert {path.name: path.read_bytes() for path in elsewhere.iterdir()} == before


def test_the_cache_keeps_to_its_folder_and_git_ignores_it(tmp_path):
    root = generated_project(tmp_path / "project", random.Random(9))
    check_files(root, today=TODAY)
    assert (root / CACHE_FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"
    assert Stores(root).read("validate-people", "another fingerprint") is None
    assert check_files(root, today=TODAY, cache=False).read > 0
    assert sorted(path.name for path in (root / CACHE_FOLDER).iterdir()) == [
        ".gitignore",
        "validate-companies.json",
        "validate-people.json",
        "validate-reference.json",
        "validate-rounds.json",
    ]


@pytest.mark.command
def test_no_cache_gives_the_same_report(project):
    (project / "content/people/beta-labs.yml").write_text(person("Twin"))
    with_cache = roundbook(["validate", "content/companies/beta-labs.yml"], project)
    without = roundbook(["validate", "--no-cache", "content/companies/beta-labs.yml"], project)
    assert (with_cache.returncode, with_cache.stdout) == (without.returncode, without.stdout)
    assert with_cache.stdout.splitlines()[-1] == "1 problem in 1 file."
    assert (project / CACHE_FOLDER).is_dir()


def test_a_stamp_proves_nothing_about_a_file_changed_just_before_its_digest_was_taken():
    # Two writes within one tick of the file system's clock leave the same times: a file changed
    # that close to its reading is read again next time, as Git's index does with "racily clean" files.
    changed_ns = 5_000_000_000
    stamp = Stamp(size=10, mtime_ns=changed_ns, ctime_ns=changed_ns, inode=1)
    assert stamp.trusted(taken_ns=changed_ns + RACY_NS + 1)
    assert not stamp.trusted(taken_ns=changed_ns + RACY_NS)
    assert not Stamp(10, changed_ns, changed_ns + RACY_NS, 1).trusted(taken_ns=changed_ns + RACY_NS + 1)


def test_a_focused_run_reads_the_profiles_and_tables_and_no_other_company_s_rounds(tmp_path):
    root = generated_project(tmp_path / "project", random.Random(10))
    round_file = records(root, "rounds")[-1]
    folder = round_file.parent
    profiles = len(records(root, "companies")) + len(records(root, "people"))
    focus = Focus(frozenset([round_file.relative_to(root).as_posix()]))
    rounds_beside = len(list(folder.glob("*.yml")))  # the round's folder is read whole
    assert check_files(root, focus=focus, today=TODAY).read == profiles + 2 + rounds_beside  # and the two tables
    # A company's rounds are read with it: their dates are checked against its founding date.
    company = root / "content/companies" / f"{folder.name}.yml"
    company.write_text(company.read_text() + "# edited\n")
    focus = Focus(frozenset([company.relative_to(root).as_posix()]))
    assert check_files(root, focus=focus, today=TODAY).read == 1 + rounds_beside
    # Given as `./content`, the content folder is the same folder, and the cache the same cache.
    assert check_files(root, "./content", focus=focus, today=TODAY).read == rounds_beside
