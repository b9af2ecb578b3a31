"""The plugin's content work runs in a forked child (roundbook/site/prepare.py): its answers,
its failures and its death reach the build as they would from the same process."""

from __future__ import annotations

import os

import pytest

from roundbook.site import prepare as prepare_module
from roundbook.site.prepare import PrepareFailed, prepare_in_child


def test_the_childs_answer_comes_back(monkeypatch):
    monkeypatch.setattr(prepare_module, "prepare", lambda request, folder: {"pid": os.getpid(), "folder": folder})
    answer = prepare_in_child(None, "/spool")
    assert answer["folder"] == "/spool"
    assert answer["pid"] != os.getpid()  # made in another process


def test_content_problems_in_the_child_stop_the_build_with_their_lines(monkeypatch):
    def fails(request, folder):
        raise PrepareFailed(["content/companies/a.yml:1:1: bad"], "Roundbook: 1 problem.")

    monkeypatch.setattr(prepare_module, "prepare", fails)
    with pytest.raises(PrepareFailed) as failure:
        prepare_in_child(None, "/spool")
    assert failure.value.lines == ["content/companies/a.yml:1:1: bad"]
    assert failure.value.summary == "Roundbook: 1 problem."


def test_a_bug_in_the_child_is_raised_with_its_traceback(monkeypatch):
    def buggy(request, folder):
        return {}["missing"]

    monkeypatch.setattr(prepare_module, "prepare", buggy)
    with pytest.raises(RuntimeError, match=r"(?s)rendering the site failed:\nTraceback.*KeyError: 'missing'"):
        prepare_in_child(None, "/spool")


def test_a_child_that_dies_is_an_error_not_a_hang(monkeypatch):
    monkeypatch.setattr(prepare_module, "prepare", lambda request, folder: os._exit(9))
    with pytest.raises(RuntimeError, match=r"ended without an answer \(exit code 9\); it may have run out of memory"):
        prepare_in_child(None, "/spool")


def test_without_fork_the_work_runs_in_this_process(monkeypatch):
    monkeypatch.setattr(prepare_module.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(prepare_module, "prepare", lambda request, folder: os.getpid())
    assert prepare_in_child(None, "/spool") == os.getpid()
