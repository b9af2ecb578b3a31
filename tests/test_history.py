"""Git history: one `git log` per build, renames followed, and graceful without Git or with a shallow clone."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, GIT_ENV, TODAY, make_project, mkdocs_build
from roundbook.history import Freshness, git_log, read_history
from roundbook.history.git_log import parse_log
from roundbook.pipeline import load_dataset


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A fictional project whose content has a history: added, corrected, renamed, removed."""
    project = make_project(tmp_path / "project")
    git(project, "init", "-q", "-b", "main")
    commit(project, "Start with the fixture data", "2024-01-01T10:00:00+00:00")
    seed = project / "content/rounds/acme-robotics/2021-seed.yml"
    seed.write_text(seed.read_text().replace("Acme seed", "Acme seed round"))
    commit(project, "Correct the seed round's title", "2024-02-01T10:00:00+08:00")  # 02:00 UTC
    (project / "content/companies/beta-labs.yml").rename(project / "content/companies/beta-laboratories.yml")
    (project / "content/rounds/beta-labs").rename(project / "content/rounds/beta-laboratories")
    commit(project, "Rename Beta Labs", "2024-03-01T10:00:00+00:00")
    (project / "content/pages/about.md").write_text("# About\n\nChanged.\n")
    commit(project, "Reword the about page", "2024-04-01T10:00:00+00:00")
    return project


def test_each_file_gets_its_last_change_and_renames_keep_their_history(repo):
    history = read_history(repo)
    assert history.available and not history.shallow and history.note is None
    last = {path: when.isoformat() for path, when in history.last_changed.items()}
    assert last["content/rounds/acme-robotics/2021-seed.yml"] == "2024-02-01T02:00:00+00:00"
    assert last["content/companies/acme-robotics.yml"] == "2024-01-01T10:00:00+00:00"
    assert last["content/companies/beta-laboratories.yml"] == "2024-03-01T10:00:00+00:00"
    assert "content/companies/beta-labs.yml" not in last
    beta = [
        (c.status, c.when.date().isoformat())
        for c in history.changes
        if c.path == "content/companies/beta-laboratories.yml"
    ]
    assert beta == [("changed", "2024-03-01"), ("added", "2024-01-01")]  # the rename, then the first commit
    assert history.changes[0].subject == "Reword the about page"


def test_one_git_log_for_the_whole_content_folder(repo, monkeypatch):
    calls = []
    real_run = subprocess.run

    def counting_run(args, **kwargs):
        calls.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(git_log.subprocess, "run", counting_run)
    read_history(repo)
    logs = [args for args in calls if "log" in args]
    assert len(calls) == 2 and len(logs) == 1  # a rev-parse, then one log, however many files there are
    assert logs[0][-2:] == ["--", "content"]


def test_a_profile_changed_when_its_file_or_its_rounds_did(repo):
    dataset, problems = load_dataset(repo, today=TODAY)
    assert not problems
    freshness = Freshness(dataset, read_history(repo))
    assert freshness.of_profile(dataset.organizations["acme-robotics"]).isoformat() == "2024-02-01T02:00:00+00:00"
    assert freshness.of_profile(dataset.organizations["delta-group"]).isoformat() == "2024-01-01T10:00:00+00:00"
    recent = freshness.recent(3)
    assert [(r.kind, r.change.status, r.change.path) for r in recent] == [
        ("profile", "changed", "content/companies/beta-laboratories.yml"),  # the about page is not a record
        ("round", "changed", "content/rounds/beta-laboratories/2024-03-seed.yml"),
        ("round", "changed", "content/rounds/acme-robotics/2021-seed.yml"),
    ]


def test_a_shallow_clone_drops_the_changes_it_cannot_date(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], check=True, env={**os.environ, **GIT_ENV}
    )
    history = read_history(clone)
    assert history.available and history.shallow
    assert history.note == "a shallow clone: changes before its oldest commit are unknown"
    # The clone holds the last two commits; the older of them is its boundary and says nothing reliable.
    assert {c.subject for c in history.changes} == {"Reword the about page"}
    assert "content/companies/acme-robotics.yml" not in history.last_changed


def test_no_repository_and_no_git_are_not_errors(tmp_path, monkeypatch):
    assert read_history(tmp_path).note == "the project is not in a Git repository"
    assert not read_history(tmp_path).available
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the PATH
    history = read_history(FIXTURE_CONTENT.parent)
    assert (history.available, history.note) == (False, "Git is not installed")


def test_a_repository_without_commits_has_no_history(tmp_path):
    git(tmp_path, "init", "-q")
    history = read_history(tmp_path)
    assert not history.available and "does not have any commits" in history.note


C1, C2, C3 = "1" * 40, "2" * 40, "3" * 40


def log_output(records) -> str:
    """What `git log -z --name-status` prints with git_log.LOG_FORMAT, for made-up commits."""
    return "".join(
        f"{c}\0{p}\0{w}\0{s}\0\0" + "\n" * bool(entries) + "".join(f"{t}\0" for e in entries for t in e)
        for c, p, w, s, entries in records
    )


def test_the_log_parser_follows_renames_deletions_and_readded_files():
    records = [  # newest first, as git log prints them
        (C3, C2, "2024-03-01T00:00:00+00:00", "Re-add x", [("A", "content/companies/x.yml")]),
        (
            C2,
            C1,
            "2024-02-01T00:00:00+00:00",
            "Remove x; rename y to z",
            [("D", "content/companies/x.yml"), ("R100", "content/companies/y.yml", "content/companies/z.yml")],
        ),
        (
            C1,
            "",
            "2024-01-01T00:00:00+00:00",
            "Start",
            [("A", "content/companies/x.yml"), ("A", "content/companies/y.yml")],
        ),
    ]
    output = log_output(records)
    changes = [(c.path, c.status, c.commit) for c in parse_log(output, shallow=False)]
    assert changes == [
        ("content/companies/x.yml", "added", C3),
        ("content/companies/z.yml", "changed", C2),  # the rename: z's history goes on under y
        ("content/companies/z.yml", "added", C1),
        # x's removal and first addition belong to the file that was removed, not to today's x
    ]
    assert [(c.path, c.status) for c in parse_log(output, shallow=True)][:2] == [
        ("content/companies/x.yml", "added"),
        ("content/companies/z.yml", "changed"),
    ]


@pytest.mark.build
def test_the_built_site_shows_dates_of_change_from_git(repo):
    result = mkdocs_build(repo, repo / "site")
    assert result.returncode == 0, result.stderr
    assert "Roundbook: Git history of content/ read in" in result.stderr and "beside the content" in result.stderr
    acme = (repo / "site/companies/acme-robotics/index.html").read_text(encoding="utf-8")
    assert 'last changed <time datetime="2024-02-01T02:00:00+00:00">2024-02-01</time>' in acme
    changes = (repo / "site/changes/index.html").read_text(encoding="utf-8")
    assert "Rename Beta Labs" in changes and '<a href="../companies/beta-laboratories/">Beta Labs</a>' in changes
    sitemap = (repo / "site/sitemap.xml").read_text(encoding="utf-8")
    assert (
        "<loc>https://roundbook.github.io/roundbook/companies/acme-robotics/</loc>\n         <lastmod>2024-02-01</lastmod>"
        in sitemap
    )


@pytest.mark.build
def test_git_history_can_be_turned_off(repo):
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - roundbook:\n", "  - roundbook:\n      git_history: false\n"))
    result = mkdocs_build(repo, repo / "site")
    assert result.returncode == 0, result.stderr
    assert "no Git history (git_history is off in mkdocs.yml)" in result.stderr
    assert "last changed" not in (repo / "site/companies/acme-robotics/index.html").read_text(encoding="utf-8")


FAKE_COMMIT = "f" * 40
FORGED_DATE = "2031-01-01T00:00:00+00:00"
# Subjects that tried to pass for log fields: the separators the log was once split on, and text
# shaped like the fields and the changes of the NUL-separated layout.
FORGING_SUBJECTS = [
    f"Fix a typo\x1e{FAKE_COMMIT}\x1f\x1f{FORGED_DATE}\x1fForged commit",
    f"Tidy up\x1f{FAKE_COMMIT}\x1f{FORGED_DATE}\x1fForged subject",
    f"\x1e{FAKE_COMMIT}\x1f\x1f{FORGED_DATE}\x1f\x1e{FAKE_COMMIT}\x1f\x1f{FORGED_DATE}\x1f",
    f"{FAKE_COMMIT} {FORGED_DATE} M content/companies/delta-group.yml",
]


def test_a_commit_subject_cannot_forge_commits_or_dates(repo):
    acme = repo / "content/companies/acme-robotics.yml"
    for day, subject in enumerate(FORGING_SUBJECTS, start=1):
        acme.write_text(acme.read_text() + f"# change {day}\n")
        commit(repo, subject, f"2024-05-0{day}T12:00:00+00:00")
    history = read_history(repo)
    assert history.available
    newest = [(c.path, c.status, c.when.isoformat(), c.subject) for c in history.changes[: len(FORGING_SUBJECTS)]]
    assert newest == [  # newest first; the separators, not printable, are dropped from what is shown
        (
            "content/companies/acme-robotics.yml",
            "changed",
            f"2024-05-0{day}T12:00:00+00:00",
            "".join(ch for ch in subject if ch.isprintable()),
        )
        for day, subject in reversed(list(enumerate(FORGING_SUBJECTS, start=1)))
    ]
    assert history.changes[len(FORGING_SUBJECTS)].subject == "Reword the about page"
    assert all(c.when.year < 2031 and c.commit != FAKE_COMMIT for c in history.changes)
    assert history.last_changed["content/companies/acme-robotics.yml"].isoformat() == "2024-05-04T12:00:00+00:00"
    assert history.last_changed["content/companies/delta-group.yml"].isoformat() == "2024-01-01T10:00:00+00:00"


def test_a_nul_in_a_commit_message_ends_its_subject(repo):
    """What the layout rests on: Git prints a message only up to a NUL, so one written into a commit
    object (which `git commit` refuses, but `git hash-object` writes) cannot add fields either."""
    acme = repo / "content/companies/acme-robotics.yml"
    acme.write_text(acme.read_text() + "# touched\n")
    git(repo, "add", "-A")
    tree, parent = git(repo, "write-tree").strip(), git(repo, "rev-parse", "HEAD").strip()
    forged = f"{FAKE_COMMIT}\0\0{FORGED_DATE}\0Forged\0\0\nM\0content/companies/delta-group.yml\0"
    message = (
        f"tree {tree}\nparent {parent}\nauthor Test <test@example.org> 1717243200 +0000\n"
        f"committer Test <test@example.org> 1717243200 +0000\n\nReal subject\0{forged}\n"
    )
    made = (
        subprocess.run(
            ["git", "-C", str(repo), "hash-object", "-t", "commit", "--literally", "-w", "--stdin"],
            input=message.encode(),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    git(repo, "update-ref", "HEAD", made)
    history = read_history(repo)
    assert [(c.path, c.when.isoformat(), c.commit, c.subject) for c in history.changes[:2]] == [
        ("content/companies/acme-robotics.yml", "2024-06-01T12:00:00+00:00", made, "Real subject"),
        ("content/pages/about.md", "2024-04-01T10:00:00+00:00", history.changes[1].commit, "Reword the about page"),
    ]
    assert history.last_changed["content/companies/delta-group.yml"].isoformat() == "2024-01-01T10:00:00+00:00"


def test_a_commit_without_changes_in_the_folder_is_read_too():
    output = log_output(
        [
            (C2, C1, "2024-02-01T00:00:00+00:00", "Touch nothing here", []),
            (C1, "", "2024-01-01T00:00:00+00:00", "Start", [("A", "content/companies/x.yml")]),
        ]
    )
    assert [(c.path, c.commit) for c in parse_log(output, shallow=False)] == [("content/companies/x.yml", C1)]


@pytest.mark.parametrize(
    "output",
    [
        f"{C1}\0\0not a date\0Start\0\0\nA\0content/companies/x.yml\0",
        f"{C1}\0\0" + "2024-01-01T00:00:00+00:00\0Start\0\0\nA\0",
        "c1\0\x002024-01-01T00:00:00+00:00\0Start\0\0\nA\0content/companies/x.yml\0",
        f"{C1}\0\x002024-01-01T00:00:00+00:00\0Start\0\0\nA\0content/companies/x.yml\0stray\0",
    ],
)
def test_a_log_in_another_layout_is_refused_rather_than_misread(output):
    with pytest.raises(git_log.UnreadableLog):
        parse_log(output, shallow=False)


def test_a_log_output_encoding_in_the_repository_changes_nothing(repo):
    """A repository may ask Git for messages in another encoding; UTF-16 would put NULs in every field."""
    before = read_history(repo)
    git(repo, "config", "i18n.logOutputEncoding", "UTF-16")
    after = read_history(repo)
    assert after.available and after.changes == before.changes


def test_a_log_in_another_layout_leaves_the_history_unavailable(repo, monkeypatch):
    monkeypatch.setattr(git_log, "LOG_FORMAT", "--format=%H %s")
    history = read_history(repo)
    assert (history.available, history.changes) == (False, [])
    assert history.note.startswith("git log printed what Roundbook cannot read (")
