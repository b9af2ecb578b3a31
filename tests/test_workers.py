"""All cores for a cold build (roundbook/site/workers.py): work spread over forked processes
comes back in order, its failures as running it in order would raise them, and a build gives the
same site with one worker or several."""

from __future__ import annotations

import filecmp
import multiprocessing
import os
import shutil
from functools import partial

import pytest

from conftest import REPO, make_project, mkdocs_build
from roundbook.site import workers
from roundbook.site.workers import WorkerCrashed, map_in_workers, worker_count

FORK = multiprocessing.get_context("fork")


def _meet(barrier, value):
    """Wait for the other call at the barrier: both calls must run at once, so in two processes."""
    barrier.wait()
    return value, os.getpid()


def test_the_answers_come_back_in_order_from_several_processes():
    barrier = FORK.Barrier(2, timeout=60)
    work = [partial(_meet, barrier, "a"), partial(_meet, barrier, "b"), *[partial(str, n) for n in range(50)]]
    answers = map_in_workers(work, 2)
    assert [answers[0][0], answers[1][0]] == ["a", "b"]
    assert answers[0][1] != answers[1][1]  # they met: two processes
    assert answers[2:] == [str(n) for n in range(50)]


class Refused(Exception):
    def __reduce__(self):  # it crosses a pipe
        return Refused, self.args


def _refuse(number):
    raise Refused(number)


def test_of_several_failures_the_earliest_call_s_is_raised():
    work = [partial(str, n) for n in range(40)]
    work[31] = partial(_refuse, 31)
    work[7] = partial(_refuse, 7)
    with pytest.raises(Refused) as failure:
        map_in_workers(work, 3, expected=(Refused,))
    assert failure.value.args == (7,)


def test_a_bug_in_a_call_is_raised_with_its_traceback():
    work = [partial(str, n) for n in range(10)]
    work[4] = partial(dict.__getitem__, {}, "missing")
    with pytest.raises(WorkerCrashed, match=r"(?s)rendering the site failed:\nTraceback.*KeyError: 'missing'"):
        map_in_workers(work, 2, expected=(Refused,))


def _die_unless_in(barrier, pid):
    barrier.wait()
    if os.getpid() != pid:
        os._exit(9)
    return "stayed"


def test_a_worker_that_dies_is_an_error_not_a_hang():
    barrier = FORK.Barrier(2, timeout=60)
    work = [partial(_die_unless_in, barrier, os.getpid())] * 2
    with pytest.raises(WorkerCrashed, match=r"ended without an answer \(exit code 9\); it may have run out of memory"):
        map_in_workers(work, 2)


def test_with_one_worker_or_without_fork_the_calls_run_here_in_order(monkeypatch):
    assert map_in_workers([os.getpid, os.getpid], 1) == [os.getpid()] * 2
    monkeypatch.setattr(workers.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert map_in_workers([os.getpid, os.getpid], 4) == [os.getpid()] * 2


def test_the_workers_option_is_a_number_of_processes_and_0_is_every_core():
    assert worker_count(3) == 3
    assert worker_count(1) == 1
    assert worker_count(0) == len(os.sched_getaffinity(0))


@pytest.mark.build  # two builds of the fixture site
def test_one_worker_and_three_build_the_same_site_byte_for_byte(tmp_path):
    sites = {}
    for count in (1, 3):
        project = make_project(tmp_path / f"project-{count}")
        shutil.copy(REPO / "CITATION.cff", project / "CITATION.cff")
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        (project / "mkdocs.yml").write_text(
            config.replace("  - roundbook:\n", f"  - roundbook:\n      workers: {count}\n", 1), encoding="utf-8"
        )
        result = mkdocs_build(project, project / "site", env={"SOURCE_DATE_EPOCH": "1764000000"})
        assert result.returncode == 0, result.stderr
        assert f"render and open data on {count} workers" in result.stderr
        sites[count] = project / "site"
    files = sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    assert len(files) > 100
    assert sorted(p.relative_to(sites[3]) for p in sites[3].rglob("*") if p.is_file()) == files
    _, differ, errors = filecmp.cmpfiles(sites[1], sites[3], [str(f) for f in files], shallow=False)
    assert differ == [] and errors == []
