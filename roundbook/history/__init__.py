"""History: when content changed, from Git, read beside the pipeline and used by render and export."""

from roundbook.history.freshness import Freshness, RecentChange
from roundbook.history.git_log import Change, History, HistoryReader, read_history

__all__ = ["Change", "Freshness", "History", "HistoryReader", "RecentChange", "read_history"]
