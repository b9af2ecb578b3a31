"""The pipeline's front half, shared by the command line and the MkDocs plugin: load, validate, model."""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from pathlib import Path

from roundbook.load import load_content
from roundbook.model import Dataset, build_dataset
from roundbook.problems import Problems
from roundbook.stage_clock import StageClock
from roundbook.validate import CheckedContent, KnownRecords, validate


@contextmanager
def cyclic_gc_paused():
    """Loading makes millions of small objects that live on, none of them in cycles, and each of
    Python's full cyclic collections walks all of them again: loading and validating 10,000
    companies took about fifteen times as long as 1,000 instead of ten. Reference counting
    still frees everything; the collector comes back as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_content(
    root: Path | str,
    content_dir: str = "content",
    today: dt.date | None = None,
    clock: StageClock | None = None,
    known: KnownRecords | None = None,
) -> CheckedContent:
    """Load and validate; return the checked content (its `problems` says whether it can be modelled).
    `known`: checked records the caller already has, by path, whose files are not read (validate())."""
    clock = clock or StageClock()
    with cyclic_gc_paused():
        with clock.stage("load"):
            loaded = load_content(root, content_dir, known)
        with clock.stage("validate"):
            return validate(loaded, today, known)


def load_dataset(
    root: Path | str, content_dir: str = "content", today: dt.date | None = None, clock: StageClock | None = None
) -> tuple[Dataset | None, Problems]:
    """The model, or None and every problem found when the content has any."""
    clock = clock or StageClock()
    with cyclic_gc_paused():
        checked = check_content(root, content_dir, today, clock)
        if checked.problems:
            return None, checked.problems
        return model(checked, clock), checked.problems


def model(checked: CheckedContent, clock: StageClock) -> Dataset:
    """The model of content checked without problems."""
    with cyclic_gc_paused(), clock.stage("model"):
        return build_dataset(checked)
