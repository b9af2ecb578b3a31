"""The report an import prints: a line per file, per sector added, per merged or skipped row and
per notice, then the counts.

Rows read = rounds written + merged + already present + skipped, and the closing line says all five.
"""

from __future__ import annotations

from roundbook.importers.run import ImportResult
from roundbook.problems import Problem, summary_line
from roundbook.text import counted, plural


def _profile_note(item) -> str:
    """How complete a new profile is: what was made from its round, what is a placeholder."""
    parts = []
    if item.made:
        parts.append(f"{' and '.join(item.made)} from the round that names it")
    if item.placeholders:
        parts.append(f"placeholder {' and '.join(item.placeholders)}: replace with what your sources say")
    return f" ({'; '.join(parts)})" if parts else ""


def problem_report(problems: list[Problem], in_content: bool = False) -> list[str]:
    """The lines for an import that stopped: every problem, sorted, then that nothing was written."""
    ordered = sorted(set(problems))
    counted = summary_line(len(ordered), len({p.path for p in ordered}))[:-1]
    if in_content:
        return [str(p) for p in ordered] + [
            f"{counted} in the content: fix them first (`roundbook validate` lists them). Nothing was written."
        ]
    return [str(p) for p in ordered] + [f"{counted}. Nothing was written."]


def import_report(result: ImportResult, dry_run: bool) -> list[str]:
    plan = result.plan
    lines = []
    for item in plan.files:
        if item.kind == "round":
            lines.append(f"{'would write' if dry_run else 'wrote'}: {item.path}")
    for item in plan.created_profiles:
        lines.append(f"{'would create' if dry_run else 'created'}: {item.path}{_profile_note(item)}")
    for added in plan.added_sectors:
        lines.append(f"{'would add' if dry_run else 'added'} sector: {added.sector.slug} ({added.sector.name})")
    for outcome in plan.outcomes:
        if outcome.status in ("present", "merged"):
            reason = outcome.reason
            assert reason is not None  # the planner says where each present or merged row went
            lines.append(f"{outcome.status}: {reason.path}:{reason.line}: {reason.message}")
        elif outcome.status == "skipped":
            lines.append(f"skipped: {outcome.reason}")
    lines.extend(f"note: {notice}" for notice in sorted(set(plan.notices) | set(plan.lost_leads)))
    if plan.lost_leads:
        count = len(set(plan.lost_leads))
        lines.append(
            f"{counted(count, 'lead flag')} on {plural(count, 'an investor', 'investors')} this export "
            f"does not name: {plural(count, 'its round is', 'their rounds are')} written without "
            f"{plural(count, 'it', 'them')}."
        )
    rows = len(plan.outcomes)
    written, merged = plan.count("written"), plan.count("merged")
    present, skipped = plan.count("present"), plan.count("skipped")
    created = len(plan.created_profiles)
    people = sum(1 for item in plan.created_profiles if item.kind == "person")
    verb = "to write" if dry_run else "written"
    summary = (
        f"{counted(rows, 'row')} read: {counted(written, 'round')} {verb}, {merged} merged into a round, "
        f"{present} already present, {skipped} skipped; "
        f"{counted(created, 'profile')} {'to create' if dry_run else 'created'}"
    )
    if created:
        summary += f" ({counted(created - people, 'organization')}, {counted(people, 'person', 'people')})"
    summary += "."
    if dry_run:
        summary += " Nothing was written (--dry-run)."
    lines.append(summary)
    return lines
