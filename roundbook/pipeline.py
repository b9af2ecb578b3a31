"""The pipeline's front half, shared by the command line and the MkDocs plugin: load, validate, model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from roundbook.load import load_content
from roundbook.model import Dataset, build_dataset
from roundbook.problems import Problems
from roundbook.validate import validate


def check_content(root: Path | str, content_dir: str = "content", today: dt.date | None = None):
    """Load and validate; return the checked content (its `problems` says whether it can be modelled)."""
    return validate(load_content(root, content_dir), today)


def load_dataset(root: Path | str, content_dir: str = "content",
                 today: dt.date | None = None) -> tuple[Dataset | None, Problems]:
    """The model, or None and every problem found when the content has any."""
    checked = check_content(root, content_dir, today)
    if checked.problems:
        return None, checked.problems
    return build_dataset(checked), checked.problems
