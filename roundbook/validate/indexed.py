"""`roundbook validate`, fast on a large site: each file's own checks kept between runs, and
`validate FILE…` checking just those files against the indexes they need.

A file's own checks (reading, its kind's fields) depend on its bytes, its place and the day (a
date in the future), nothing else. Their answer (the file's problems, and its facts for the
checks between files, roundbook/validate/facts.py) is kept in the project's cache
(roundbook/content_cache.py), one store per folder of the content (`validate-companies`,
`validate-people`, `validate-rounds`, `validate-reference`), each entry keyed by the file's path
and the digest of its bytes. A file whose size, times and inode are those recorded with its digest
is not even read; one whose bytes are unchanged is not parsed again. The checks between files
then run on the facts, whatever their origin: a cache makes a run faster, never changes its
answer. A store that cannot be read, or holds anything a run could not have written, is ignored,
and its files are read cold.

With FILEs (`check_files(..., focus=...)`), the run reads every profile and the reference tables
(the indexes: which slugs exist, which were renamed, founding dates, sectors, rates), the FILEs,
and the round folders of the FILEs and of the companies among them, never the other rounds. It
reports every problem of the FILEs, and every problem another file has because of them: a slug
a FILE takes twice, a former slug that is now a FILE's, a parent chain a FILE closes into a
loop, a round announced before a FILE's company was founded, a sector a FILE's table no longer
lists. Other files are not checked (run `roundbook validate` without paths for that).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from roundbook.content_cache import Stamp, Stores, code_fingerprint, digest
from roundbook.load.files import (
    MAX_FILE_BYTES,
    PROFILE_FOLDERS,
    REFERENCE_FILES,
    ROUNDS_FOLDER,
    FoundFile,
    find_content,
    read_file,
)
from roundbook.load.pages import HOME_TEXT, PAGES_FOLDER, load_pages
from roundbook.problems import Problem, Problems
from roundbook.schema.fields import INVALID, CheckContext
from roundbook.schema.kinds import KINDS
from roundbook.text_safety.characters import first_unsafe
from roundbook.validate.facts import BadFacts, Facts, facts_of, from_json, to_json
from roundbook.validate.pages import check_pages
from roundbook.validate.references import ContentFacts, Findings, Found, check_references

CACHE_FORMAT = 1  # of the entries below; a change of it, or of any code, starts the cache afresh
REFERENCE_FOLDER = "reference"
FOLDERS = (*PROFILE_FOLDERS, ROUNDS_FOLDER, REFERENCE_FOLDER)


@dataclass
class Outcome:
    """What a run found: the problems and warnings to report, sorted, and what it looked at."""

    problems: list[Problem]
    warnings: list[Problem]
    paths: list[str]  # every content file looked at, as problems name them
    organizations: int = 0  # files that passed their own checks (with `focus`, of those read)
    people: int = 0
    rounds: int = 0
    read: int = 0  # files read and parsed, the others' answers coming from the cache


@dataclass(frozen=True)
class Focus:
    """The content files a run reports on: these files, and the files under these folders, as
    problems name them (`content/rounds/acme/`, with its slash)."""

    files: frozenset[str] = frozenset()
    folders: tuple[str, ...] = ()

    def __contains__(self, path: str) -> bool:
        return path in self.files or path.startswith(self.folders)


@dataclass
class _Answer:
    """A file's own checks: its problems, its facts (None when it did not pass), the day checked."""

    problems: list[Problem]
    facts: Facts | None
    checked_on: dt.date
    future: bool  # a date after that day: the answer may change on a later day
    digest: str = ""
    stamp: Stamp | None = None
    trusted: bool = False  # the stamp proves the bytes unchanged (Stamp.trusted, when they were read)


def _reusable(answer: _Answer, today: dt.date) -> bool:
    """A file's answer of another day holds today unless it found a date in the future (which a
    later day may no longer find there): no other check reads the day."""
    return answer.checked_on == today or (not answer.future and answer.checked_on < today)


class _Store:
    """The answers kept for the files of one folder of the content."""

    def __init__(self, stores: Stores | None, folder: str, kinds: dict[str, str]) -> None:
        """`kinds`: the kind of each file found there now, by path; entries of others are dropped."""
        self.stores = stores
        self.name = f"validate-{folder}"
        self.answers: dict[str, _Answer] = {}
        self.changed = False
        if stores is not None:
            try:
                self.answers = _read_entries(stores.read(self.name, _fingerprint()), kinds)
            except BadFacts:
                self.answers, self.changed = {}, True
        if set(self.answers) != set(kinds):
            self.changed = True

    def save(self, answers: dict[str, _Answer]) -> None:
        if self.stores is not None and self.changed:
            self.stores.write(self.name, _fingerprint(), {path: _entry(answer) for path, answer in answers.items()})


def _fingerprint() -> str:
    return f"{code_fingerprint()}/{CACHE_FORMAT}"


def _entry(answer: _Answer) -> list:
    """The answer as kept. Its stamp only if it proves the bytes unchanged (Stamp.trusted): a file
    changed just before it was read is read and hashed again next time."""
    return [
        answer.digest,
        answer.stamp.as_list() if answer.stamp is not None and answer.trusted else None,
        answer.checked_on.toordinal(),
        answer.future,
        [[problem.line, problem.col, problem.message] for problem in answer.problems],
        None if answer.facts is None else [to_json(answer.facts)],
    ]


def _message(value) -> str:
    if type(value) is not str or first_unsafe(value) is not None or "\n" in value or "\r" in value:
        raise BadFacts("not a message a check writes")
    return value


def _int(value, low: int = 0) -> int:
    if type(value) is not int or not low <= value < 2**63:
        raise BadFacts("not a number the cache holds")
    return value


def _read_entries(value, kinds: dict[str, str]) -> dict[str, _Answer]:
    """The kept answers of the files found now; BadFacts when anything in them cannot be ours."""
    if value is None:
        return {}
    if type(value) is not dict:
        raise BadFacts("not a store of answers")
    answers = {}
    for path, entry in value.items():
        if path not in kinds:
            continue  # a file gone or moved: its entry is dropped when the store is written again
        try:
            kept_digest, stamp, checked_on, future, problems, facts = entry
            if type(kept_digest) is not str or len(kept_digest) != 32 or type(future) is not bool:
                raise BadFacts("not an entry of the cache")
            if stamp is not None:
                size, mtime_ns, ctime_ns, inode = stamp
                stamp = Stamp(_int(size), _int(mtime_ns), _int(ctime_ns), _int(inode))
            answer = _Answer(
                problems=[
                    Problem(path, _int(line, 1), _int(col, 1), _message(message)) for line, col, message in problems
                ],
                facts=None if facts is None else from_json(kinds[path], facts[0], path),
                checked_on=dt.date.fromordinal(_int(checked_on, 1)),
                future=future,
                digest=kept_digest,
                stamp=stamp,
                trusted=stamp is not None,
            )
        except (TypeError, ValueError, OverflowError) as error:  # the wrong shape, length or form anywhere
            raise BadFacts(str(error)) from None
        answers[path] = answer
    return answers


def _check(found: FoundFile, data: bytes | None, size: int, today: dt.date) -> _Answer:
    """The file's own checks, as validate() runs them (roundbook/validate/__init__.py)."""
    problems = Problems()
    ctx = CheckContext(problems, today)
    content_file = read_file(found, data, size, problems)
    facts = None
    if content_file.tree is not None:
        record = KINDS[found.kind].check(content_file.tree, ctx, found.shown)
        if record is not INVALID:
            facts = facts_of(found.kind, record)
    return _Answer(problems.items, facts, today, ctx.future_dates > 0)


def _cacheable(answer: _Answer, path: str) -> bool:
    """Whether the answer can be kept: every problem in the file itself, in words the store's reader accepts."""
    try:
        return all(problem.path == path and _message(problem.message) for problem in answer.problems)
    except BadFacts:
        return False


def _answer(found: FoundFile, kept: _Answer | None, today: dt.date, started_ns: int) -> tuple[_Answer, bool]:
    """The file's answer, and whether it had to be parsed: kept when its bytes are unchanged."""
    status = os.stat(found.path)
    stamp = Stamp.of(status)
    if kept is not None and _reusable(kept, today) and kept.stamp == stamp:  # kept only when it proves it
        return kept, False
    trusted = stamp.trusted(started_ns)  # read after `started_ns`, and last changed well before it
    data = Path(found.path).read_bytes() if status.st_size <= MAX_FILE_BYTES else None
    size = len(data) if data is not None else status.st_size
    key = digest(data) if data is not None else f"{size:032x}"  # a file too large is refused by its size
    if kept is not None and _reusable(kept, today) and kept.digest == key:
        return _Answer(kept.problems, kept.facts, kept.checked_on, kept.future, key, stamp, trusted), False
    answer = _check(found, data, size, today)
    answer.digest, answer.stamp, answer.trusted = key, stamp, trusted
    return answer, True


def _folder_of(found: FoundFile, content_dir: str) -> str:
    return found.shown.removeprefix(f"{content_dir}/").split("/", 1)[0]


def _rounds_needed(content_dir: str, focus: Focus) -> set[str] | None:
    """The round folders a focused run reads: those of the FILEs, and of the companies among them
    (their rounds' dates are checked against the founding date); None for every one, when a
    reference table is among them or a folder holds every profile or round."""
    base = f"{content_dir}/"
    wide = {base, f"{base}{ROUNDS_FOLDER}/", *(f"{base}{folder}/" for folder in PROFILE_FOLDERS)}
    wide |= {f"{base}{REFERENCE_FOLDER}/", *(f"{base}{table}" for table in REFERENCE_FILES)}
    if any(path in wide for path in [*focus.files, *focus.folders]):
        return None
    needed = set()
    for path in [*focus.files, *focus.folders]:
        parts = path.removeprefix(base).rstrip("/").split("/")
        if parts[0] == ROUNDS_FOLDER and len(parts) > 1:
            needed.add(parts[1])
        elif parts[0] in PROFILE_FOLDERS and len(parts) == 2:
            needed.add(Path(parts[1]).stem)
    return needed


def check_files(
    root: Path | str,
    content_dir: str = "content",
    focus: Focus | None = None,
    today: dt.date | None = None,
    cache: bool = True,
) -> Outcome:
    """Check the content (see the module's docstring); `cache=False` reads everything cold and
    keeps nothing."""
    root = Path(root)
    today = today or dt.date.today()
    started_ns = time.time_ns()
    shown_dir = Path(content_dir).as_posix()  # as paths in problems begin: `./content/` is `content/`
    rounds_of = _rounds_needed(shown_dir, focus) if focus is not None else None
    loaded, found = find_content(root, content_dir, rounds_of)
    problems = Problems()
    problems.extend(loaded.problems)
    content = ContentFacts([Found(each.kind, each.shown, each.slug, each.company) for each in found or []])
    findings = Findings(problems, Problems())
    read = 0
    stores = Stores(root) if cache else None
    by_folder: dict[str, list[FoundFile]] = {}
    for each in found or []:
        by_folder.setdefault(_folder_of(each, shown_dir), []).append(each)
    answers: dict[str, _Answer] = {}
    for folder, files in by_folder.items():
        # A focused run reads only some rounds: those it parses cold, and it leaves their store as it is.
        keep = cache and folder in FOLDERS and not (folder == ROUNDS_FOLDER and rounds_of is not None)
        store = _Store(stores if keep else None, folder, {each.shown: each.kind for each in files})
        fresh: dict[str, _Answer] = {}
        for each in files:
            answer, parsed = _answer(each, store.answers.get(each.shown), today, started_ns)
            read += parsed
            if parsed or answer is not store.answers.get(each.shown):
                store.changed = True
            answers[each.shown] = answer
            if _cacheable(answer, each.shown):
                fresh[each.shown] = answer
        store.save(fresh)
    for each, listed in zip(found or [], content.files, strict=True):
        answer = answers[each.shown]
        problems.extend(answer.problems)
        if answer.facts is not None:
            content.add(listed, answer.facts)
    check_references(content, findings)
    paths = [each.shown for each in found or []]
    if found is not None and (focus is None or _pages_in(shown_dir, focus)):
        pages = load_pages(root, root / content_dir, problems)
        check_pages(pages, CheckContext(problems, today))
        paths += [page.path for page in [pages.home, *(pages.pages or [])] if page is not None]
        paths += [f"{shown_dir}/{PAGES_FOLDER}/{image}" for image in pages.images or []]
    reported = [problem for problem in problems.sorted() if _reported(problem, focus, findings)]
    warnings = [warning for warning in findings.warnings.sorted() if _reported(warning, focus, findings)]
    return Outcome(
        reported,
        warnings,
        paths,
        organizations=len(content.organizations),
        people=len(content.people),
        rounds=len(content.rounds),
        read=read,
    )


def _pages_in(content_dir: str, focus: Focus) -> bool:
    """Whether the focus takes in the home text or anything under the pages folder."""
    pages = f"{content_dir}/{PAGES_FOLDER}/"
    return (
        f"{content_dir}/{HOME_TEXT}" in focus
        or any(path.startswith(pages) for path in focus.files)
        or any(pages.startswith(folder) or folder.startswith(pages) for folder in focus.folders)
    )


def _reported(problem: Problem, focus: Focus | None, findings: Findings) -> bool:
    if focus is None or problem.path in focus:
        return True
    return any(path in focus for path in findings.causes.get(problem, ()))
