"""Run an import: plan it, validate the files it would write together with the content, then
write them all, or nothing.

The files are checked in memory with the same validator as `roundbook validate`, together
with every existing file, so a reference, a currency rate or a date out of order is caught
before anything is written. A problem the validator finds in a planned file is reported at
the cell the value came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from roundbook.edit.files import create_all
from roundbook.edit.records import record_text
from roundbook.importers.plan import Plan, PlannedFile, Settings, plan_import
from roundbook.importers.rows import RoundRow
from roundbook.load import LoadedContent
from roundbook.load.files import ContentFile
from roundbook.load.yaml_nodes import Mapping, read_yaml
from roundbook.problems import Problem, Problems
from roundbook.validate import CheckedContent, validate


@dataclass
class ImportResult:
    plan: Plan | None = None
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # problems of the input: nothing was written


def _text(planned: PlannedFile) -> str:
    return record_text(planned.kind, planned.path, planned.values, planned.header, planned.comments)


def _field_at(tree, line: int) -> str | None:
    """The top-level field of a file whose text holds `line`."""
    if not isinstance(tree, Mapping):
        return None
    found = None
    for key, (key_node, _) in tree.entries.items():
        if key_node.mark.line <= line:
            found = key
    return found


def _checked_with(loaded: LoadedContent, texts: dict[str, str], planned: list[PlannedFile],
                  today: dt.date) -> CheckedContent:
    problems = Problems(list(loaded.problems.items))
    files = list(loaded.files)
    for item in planned:
        slug = item.path.rsplit("/", 1)[-1].removesuffix(".yml")
        company = item.path.split("/")[-2] if item.kind == "round" else None
        files.append(ContentFile(item.kind, item.path, slug, read_yaml(item.path, texts[item.path].encode(), problems),
                                 company))
    return validate(LoadedContent(loaded.root, loaded.content_dir, files, problems), today)


def _at_cells(found: list[Problem], texts: dict[str, str], planned: list[PlannedFile],
              where: str = "which this row would write") -> list[tuple[Problem, RoundRow]]:
    """The validator's problems (or warnings) in planned files, moved to the cells their values
    came from, each with the row the file was planned for."""
    by_path = {item.path: item for item in planned}
    moved = []
    for problem in found:
        item = by_path.get(problem.path)
        if item is None:
            continue  # a warning of the content as it was: not this import's to report
        tree = read_yaml(item.path, texts[item.path].encode(), Problems())
        key = _field_at(tree, problem.line)
        mark = item.marks.get(key, item.mark)
        moved.append((mark.problem(f"{problem.message} (in {item.path}, {where})"), item.row))
    return moved


def run_import(rows: list[RoundRow], loaded: LoadedContent, checked: CheckedContent, settings: Settings,
               dry_run: bool, today: dt.date) -> ImportResult:
    """Plan, check and (unless `dry_run`) write; `checked` is the content, already without problems."""
    excluded: dict[tuple[str, int], Problem] = {}
    while True:
        plan = plan_import(rows, checked, loaded, settings, excluded)
        texts = {item.path: _text(item) for item in plan.files}
        checked_files = _checked_with(loaded, texts, plan.files, today)
        found = _at_cells(checked_files.problems.items, texts, plan.files)
        if not found:
            # Worth a look, and no reason to stop: a figure without a dollar rate, or at the latest one.
            warned = _at_cells(checked_files.warnings.items, texts, plan.files, "which this row writes")
            plan.notices.extend(problem for problem, _ in warned)
            break
        if not settings.skip_bad_rows:
            plan.problems.extend(problem for problem, _ in found)
            break
        for problem, row in found:
            excluded.setdefault((row.path, row.number), problem)
        # Skipping a row can leave a profile to be made from another row: plan again without it.
    problems = sorted(set(plan.problems)) if not settings.skip_bad_rows else []
    result = ImportResult(plan, texts, problems)
    if problems or dry_run:
        return result
    create_all(loaded.root, texts)
    return result
