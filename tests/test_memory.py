"""The build's memory tricks (roundbook/site/memory.py): the content work in a forked child, whose
answers, failures and death reach the build as they would from the same process; and a build,
whichever way it ends, lets go of what it held."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from roundbook.site import memory
from roundbook.site.memory import AndThen, BuildMemory, in_forked_child
from roundbook.site.prepare import PrepareFailed


def test_the_childs_answer_comes_back():
    answer, child = in_forked_child(lambda folder: {"pid": os.getpid(), "folder": folder}, "/spool")
    child.join()
    assert answer["folder"] == "/spool"
    assert answer["pid"] != os.getpid()  # made in another process


def test_content_problems_in_the_child_stop_the_build_with_their_lines():
    def fails():
        raise PrepareFailed(["content/companies/a.yml:1:1: bad"], "Roundbook: 1 problem.")

    with pytest.raises(PrepareFailed) as failure:
        in_forked_child(fails, expected=(PrepareFailed,))
    assert failure.value.lines == ["content/companies/a.yml:1:1: bad"]
    assert failure.value.summary == "Roundbook: 1 problem."


def test_a_bug_in_the_child_is_raised_with_its_traceback():
    with pytest.raises(RuntimeError, match=r"(?s)rendering the site failed:\nTraceback.*KeyError: 'missing'"):
        in_forked_child(lambda: {}["missing"], expected=(PrepareFailed,))


def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match=r"ended without an answer \(exit code 9\); it may have run out of memory"):
        in_forked_child(lambda: os._exit(9))


def test_without_fork_the_work_runs_in_this_process(monkeypatch):
    monkeypatch.setattr(memory.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert in_forked_child(os.getpid) == (os.getpid(), None)


def _then_writes(path: Path, reading: int, writing: int | None = None):
    """Work for after the answer: it waits until the parent closes the pipe, then marks `path`.
    `writing`: the pipe's other end, which the child closes first (it has a copy since the fork)."""

    def then() -> None:
        if writing is not None:
            os.close(writing)
        with os.fdopen(reading, "rb") as pipe:
            pipe.read()
        path.write_text(str(os.getpid()))

    return then


def test_the_answer_comes_back_while_the_child_goes_on_with_what_comes_after(tmp_path):
    reading, writing = os.pipe()
    answer, child = in_forked_child(lambda: AndThen("answer", [_then_writes(tmp_path / "then", reading, writing)]))
    os.close(reading)
    assert answer == "answer" and child is not None
    assert not (tmp_path / "then").exists()  # it waits for the pipe: the answer did not wait for it
    os.close(writing)
    child.join()
    assert (tmp_path / "then").read_text() == str(child.pid) and child.exitcode == 0


def test_without_fork_what_comes_after_runs_here_before_the_answer(tmp_path, monkeypatch):
    monkeypatch.setattr(memory.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    reading, writing = os.pipe()
    os.close(writing)
    assert in_forked_child(lambda: AndThen(2, [_then_writes(tmp_path / "then", reading)])) == (2, None)
    assert (tmp_path / "then").read_text() == str(os.getpid())


class Answer:  # what BuildMemory.prepare expects of an answer: the store its pages wait in
    store = memory.PageStore()


def test_the_build_waits_for_its_child_when_it_asks(tmp_path):
    build = BuildMemory(str(tmp_path / "site"))
    reading, writing = os.pipe()
    prepared = build.prepare(lambda spool: AndThen(Answer(), [_then_writes(tmp_path / "then", reading, writing)]))
    os.close(reading)
    assert isinstance(prepared, Answer) and not (tmp_path / "then").exists()
    os.close(writing)
    build.wait_for_child()
    assert (tmp_path / "then").exists()
    build.wait_for_child()  # safe to repeat
    build.close()


def test_closing_lets_go_of_the_frozen_heap_and_the_spool_and_can_be_repeated(tmp_path):
    build = BuildMemory(str(tmp_path / "site"))
    spool = Path(build.spool.folder)
    assert spool.parent == tmp_path and spool.is_dir()
    build.settle()
    assert gc.get_freeze_count() > 0
    build.close()
    assert gc.get_freeze_count() == 0
    assert not spool.exists()
    build.close()


@pytest.mark.build  # a build, stopped midway
def test_a_build_that_fails_midway_lets_go_of_the_frozen_heap_and_the_spool(tmp_path, monkeypatch):
    """MkDocs calls on_build_error, not on_post_build, when a build fails: after on_files the heap is
    frozen and the spool holds the open data files, and neither may outlive the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import make_project
    from roundbook.site.build import SiteBuild

    def fails(self, page, config):
        raise RuntimeError("a page failed")

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr(SiteBuild, "page_context", fails)
    project = make_project(tmp_path / "project")
    with pytest.raises(RuntimeError, match="a page failed"):
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert gc.get_freeze_count() == 0
    assert not list(tmp_path.glob(".roundbook-open-data-*"))
