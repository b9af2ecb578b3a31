"""Wall time per stage of the pipeline, as a build runs it: what a large site's owner (and the
scale benchmark) reads to see where a build's time goes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class StageClock:
    """Seconds per named stage, in the order the stages first ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def summary(self) -> str:
        """`load 0.94 s, validate 0.36 s, …`: the form benchmarks/build.py reads back from the log."""
        return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.seconds.items())
