"""What the history means for the records: when each profile's data last changed, and what changed lately."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roundbook.history.git_log import Change, History
from roundbook.load.files import PROFILE_FOLDERS, ROUNDS_FOLDER
from roundbook.model import Dataset
from roundbook.model.records import Organization, Profile, Round


@dataclass(frozen=True)
class RecentChange:
    """A change for the "recently changed" page: the record it touched, when none if it is gone."""

    change: Change
    record: Profile | Round | None

    @property
    def when(self) -> dt.datetime:
        return self.change.when

    @property
    def kind(self) -> str:
        """round, profile, or removed when the file is gone."""
        return "round" if isinstance(self.record, Round) else "profile" if self.record is not None else "removed"


class Freshness:
    def __init__(self, dataset: Dataset, history: History | None):
        self.history = history if history is not None else History.unavailable("no history was read")
        self.records: dict[str, Profile | Round] = {}
        for profile in dataset.profiles:
            self.records[profile.source_path] = profile
        for funding_round in dataset.rounds:
            self.records[funding_round.source_path] = funding_round

    @property
    def available(self) -> bool:
        return self.history.available

    @property
    def note(self) -> str | None:
        return self.history.note

    def of_file(self, path: str) -> dt.datetime | None:
        return self.history.last_changed.get(path)

    def of_round(self, funding_round: Round) -> dt.datetime | None:
        return self.of_file(funding_round.source_path)

    def of_profile(self, profile: Profile) -> dt.datetime | None:
        """The last change to the profile's own file or, for an organization, to one of its rounds."""
        paths = [profile.source_path]
        if isinstance(profile, Organization):
            paths += [r.source_path for r in profile.rounds]
        dates = [date for date in map(self.of_file, paths) if date is not None]
        return max(dates, default=None)

    def recent(self, limit: int = 50) -> list[RecentChange]:
        """The newest changes to profiles and rounds (and files since removed), newest first."""
        recent = []
        for change in self.history.changes:
            record = self.records.get(change.path)
            if record is None and change.status != "removed":
                continue  # hand-written pages and reference tables are not records
            if change.status == "removed" and not is_record_path(change.path):
                continue
            recent.append(RecentChange(change, record if change.status != "removed" else None))
            if len(recent) == limit:
                break
        return recent


def is_record_path(path: str) -> bool:
    """A profile's file (`…/<profile folder>/x.yml`) or a round's (`…/<rounds folder>/company/x.yml`):
    a file that held a record (the folders: roundbook/load/files.py)."""
    parts = path.split("/")
    if not path.endswith(".yml") or len(parts) < 2:
        return False
    return parts[-2] in PROFILE_FOLDERS or (len(parts) >= 3 and parts[-3] == ROUNDS_FOLDER)
