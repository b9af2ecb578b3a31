"""Model: typed records with references resolved and derived values computed."""

from roundbook.model.build import build_dataset
from roundbook.model.records import Dataset

__all__ = ["Dataset", "build_dataset"]
