"""Aggregates for the stats page: funding per period, per country and per stage, in dollars."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from roundbook.model.money import Total
from roundbook.model.records import Round, rounds_total


@dataclass
class Bucket:
    """Rounds that share a period, a country or a stage, with what can be added of their amounts."""

    key: str
    label: str
    rounds: list[Round]

    @property
    def total(self) -> Total | None:
        return rounds_total(self.rounds)

    @property
    def round_count(self) -> int:
        return len(self.rounds)

    @property
    def undisclosed_count(self) -> int:
        """Rounds whose amount is counted here but cannot be added: undisclosed, unknown or 'up to'."""
        return self.total.uncounted if self.total else len(self.rounds)


def _group(rounds: list[Round], key: Callable[[Round], tuple[str, str] | None]) -> list[Bucket]:
    groups: dict[str, Bucket] = {}
    for funding_round in rounds:
        keyed = key(funding_round)
        if keyed is None:
            continue
        bucket_key, label = keyed
        groups.setdefault(bucket_key, Bucket(bucket_key, label, [])).rounds.append(funding_round)
    return list(groups.values())


def per_year(rounds: list[Round]) -> list[Bucket]:
    buckets = _group(rounds, lambda r: (str(r.announced.year), str(r.announced.year)))
    return sorted(buckets, key=lambda b: b.key)


def per_quarter(rounds: list[Round]) -> list[Bucket]:
    """Rounds dated by month or day, by calendar quarter; rounds dated only by year are left out."""

    def quarter(r: Round):
        if r.announced.month is None:
            return None
        q = (r.announced.month - 1) // 3 + 1
        return (f"{r.announced.year}-Q{q}", f"Q{q} {r.announced.year}")

    return sorted(_group(rounds, quarter), key=lambda b: b.key)


def undated_in_quarters(rounds: list[Round]) -> int:
    return sum(1 for r in rounds if r.announced.month is None)


def per_country(rounds: list[Round]) -> list[Bucket]:
    """By the company's headquarters country; the label is the ISO code, named by the template."""
    return _largest_first(_group(rounds, lambda r: (r.company.country or "", r.company.country or "unknown")))


def per_stage(rounds: list[Round]) -> list[Bucket]:
    return _largest_first(_group(rounds, lambda r: (r.stage, r.stage_label)))


def _largest_first(buckets: list[Bucket]) -> list[Bucket]:
    return sorted(buckets, key=lambda b: (-(b.total.value if b.total else 0), -b.round_count, b.label))


def by_year(rounds: list[Round]) -> dict[int, Bucket]:
    """Per-year buckets keyed by the year, for pages that list years with other entries too."""
    return {int(bucket.key): bucket for bucket in per_year(rounds)}
