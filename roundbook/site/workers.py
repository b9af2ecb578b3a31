"""All cores for a cold build: the pages and the open data, made by several forked processes.

Rendering is most of a large build's own work, and it runs in Python, one core per process. Once
the content is loaded and checked (roundbook/site/prepare.py, itself in a forked child), that
process forks `workers - 1` more: each inherits the whole dataset without copying or pickling it
(fork shares its memory until a process writes to it), takes the next piece of work from a shared
counter, and sends back what it made, pickled, when there is no more. The process that forked them
takes its share too. The answers are put back in the order of the work, so a build gives the same
site with any number of workers.

`worker_count` decides how many, and nothing else does: the plugin's `workers` option, where 0
(the default) is every core this process may run on.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

R = TypeVar("R")


def worker_count(option: int) -> int:
    """The processes that render: `option` when it is positive, else every core this process may use."""
    if option > 0:
        return option
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores allowed to this process, not all the machine's
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class WorkerCrashed(RuntimeError):
    """A worker failed in a way no work expects (a bug), or died without answering."""


def map_in_workers(
    work: Sequence[Callable[[], R]], workers: int, expected: tuple[type[BaseException], ...] = ()
) -> list[R]:
    """Each call of `work`, spread over `workers` processes (this one and forked ones); their
    answers, in the order of `work`. An exception of an `expected` type (it must pickle) is raised
    here as the call raised it: of several, the one the earliest call raised, as running the calls
    in order would have. Without `fork` (Windows), or with one worker, the calls run here in order."""
    count = min(workers, len(work))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [call() for call in work]
    # Shared memory (not a pipe) the processes take the next index from, and the first index that
    # failed: from then on none takes more work, and every call before it is finished by its taker.
    next_index = multiprocessing.get_context("fork").Value("q", 0)
    sys.stdout.flush()
    sys.stderr.flush()  # what is buffered now would be written again by each child
    children: dict[int, int] = {}  # pid -> the pipe its answer comes through
    try:
        for _ in range(count - 1):
            reading, writing = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: it never returns from here
                os.close(reading)
                _work_and_exit(writing, work, next_index, expected)
            os.close(writing)
            children[pid] = reading
        answers = [_work_share(work, next_index, expected)]
        for pid in list(children):
            answers.append(_answer(pid, children.pop(pid)))
    finally:  # interrupted, or a worker failed: none outlives the call
        for pid, reading in children.items():
            os.close(reading)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return _in_order(answers, len(work))


def _answer(pid: int, reading: int) -> dict:
    with os.fdopen(reading, "rb") as pipe:
        received = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not received:
        raise WorkerCrashed(
            f"a process that renders the site ended without an answer (exit code {os.waitstatus_to_exitcode(status)}); "
            "it may have run out of memory"
        )
    return pickle.loads(received)


def _work_share(work: Sequence[Callable[[], R]], next_index, expected: tuple[type[BaseException], ...]) -> dict:
    """Calls of `work` taken one at a time until none is left or one has failed: {index: answer},
    and the failure, if any, as ("raised" | "crashed", index, exception or traceback)."""
    done: dict[int, R] = {}
    failure: tuple[str, int, BaseException | str] | None = None
    while True:
        with next_index.get_lock():
            index = next_index.value
            next_index.value = index + 1
        if index >= len(work):
            break
        try:
            done[index] = work[index]()
        except expected as error:
            failure = ("raised", index, error)
        except Exception:  # a bug: shown with its traceback
            failure = ("crashed", index, traceback.format_exc())
        if failure is not None:
            with next_index.get_lock():
                next_index.value = len(work)  # the others finish what they hold and take no more
            break
    return {"done": done, "failure": failure}


def _work_and_exit(writing: int, work, next_index, expected) -> None:
    status = 1
    try:
        answer = _work_share(work, next_index, expected)
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(data)
        status = 0
    except BaseException:  # nothing may escape a forked child but its exit status
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # not the parent's exit handlers, which are the parent's to run


def _in_order(answers: list[dict], count: int) -> list:
    failures = sorted((a["failure"] for a in answers if a["failure"] is not None), key=lambda failure: failure[1])
    if failures:
        kind, index, error = failures[0]
        if kind == "raised":
            raise error
        raise WorkerCrashed(f"rendering the site failed:\n{error}")
    done: dict = {}
    for answer in answers:
        done.update(answer["done"])
    if len(done) != count:
        raise WorkerCrashed(f"the processes that render the site answered for {len(done)} of {count} pieces of work")
    return [done[index] for index in range(count)]
