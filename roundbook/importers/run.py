"""Run an import: plan it, validate the files it would write together with the content, then
write them all, or nothing.

The files are checked in memory with the same validator as `roundbook validate`, together
with every existing file, so a reference, a currency rate or a date out of order is caught
before anything is written. A problem the validator finds in a planned file is reported at
the cell the value came from.

The one existing file an import changes is content/reference/sectors.yml, and only to add the
sectors the mapping file's `unknown_sectors: add` asks for: it is checked with the planned files,
written first, and put back as it was if the new files then cannot be written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from roundbook.edit.files import create_all, read_text, refuse_symbolic_links, replace_text
from roundbook.edit.records import record_text
from roundbook.edit.sectors import UnfaithfulRewrite, with_sectors
from roundbook.importers.plan import AddedSector, Plan, PlannedFile, Settings, plan_import
from roundbook.importers.rows import RoundRow
from roundbook.load import LoadedContent
from roundbook.load.files import ContentFile
from roundbook.load.yaml_nodes import Mapping, read_yaml
from roundbook.problems import Mark, Problem, Problems
from roundbook.validate import CheckedContent, validate


@dataclass
class ImportResult:
    plan: Plan
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # problems of the input: nothing was written


@dataclass
class SectorsEdit:
    """content/reference/sectors.yml as it is, and with the sectors the import adds."""

    path: str
    before: str
    after: str


def _sectors_edit(loaded: LoadedContent, added: list[AddedSector]) -> SectorsEdit | None:
    if not added:
        return None
    path = next(f.path for f in loaded.files if f.kind == "sectors")  # the content has one: it validated
    before = read_text(loaded.root / path)
    return SectorsEdit(path, before, with_sectors(before, [(a.sector.slug, a.sector.name) for a in added]))


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


def _checked_with(
    loaded: LoadedContent,
    texts: dict[str, str],
    planned: list[PlannedFile],
    sectors: SectorsEdit | None,
    today: dt.date,
) -> CheckedContent:
    problems = Problems(list(loaded.problems.items))
    files = list(loaded.files)
    if sectors is not None:
        files = [
            ContentFile(f.kind, f.path, f.slug, read_yaml(f.path, sectors.after.encode(), problems), f.company)
            if f.path == sectors.path
            else f
            for f in files
        ]
    for item in planned:
        slug = item.path.rsplit("/", 1)[-1].removesuffix(".yml")
        company = item.path.split("/")[-2] if item.kind == "round" else None
        files.append(
            ContentFile(item.kind, item.path, slug, read_yaml(item.path, texts[item.path].encode(), problems), company)
        )
    return validate(LoadedContent(loaded.root, loaded.content_dir, files, problems), today)


def _at_cells(
    found: list[Problem], texts: dict[str, str], planned: list[PlannedFile], where: str = "which this row would write"
) -> list[tuple[Problem, RoundRow]]:
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
        mark = item.marks.get(key, item.mark) if key is not None else item.mark
        moved.append((mark.problem(f"{problem.message} (in {item.path}, {where})"), item.row))
    return moved


def _at_sector_cells(
    found: list[Problem], sectors: SectorsEdit | None, added: list[AddedSector]
) -> list[tuple[Problem, RoundRow]]:
    """The validator's problems in the sectors file, at the cells of the labels that added its
    new sectors (the validator checks the same rules as new_sector: a safety net)."""
    if sectors is None:
        return []
    tree = read_yaml(sectors.path, sectors.after.encode(), Problems())
    table = tree.get("sectors") if isinstance(tree, Mapping) else None
    lines = (
        {str(key): key_node.mark.line for key, (key_node, _) in table.entries.items()}
        if isinstance(table, Mapping)
        else {}
    )
    moved = []
    for problem in found:
        if problem.path != sectors.path:
            continue
        # The last sector that starts at or before the problem's line; the first, for one before them all.
        owner = ([a for a in added if lines.get(a.sector.slug, problem.line + 1) <= problem.line] or added[:1])[-1]
        moved.append(
            (
                owner.mark.problem(f"{problem.message} (in {sectors.path}, which this row would add a sector to)"),
                owner.row,
            )
        )
    return moved


def _write(root, texts: dict[str, str], sectors: SectorsEdit | None) -> None:
    """The new files, and the sectors file when sectors are added: all, or none and the sectors file as it was."""
    if sectors is None:
        create_all(root, texts)
        return
    refuse_symbolic_links(root, sectors.path)
    replace_text(root, sectors.path, sectors.after)
    try:
        create_all(root, texts)
    except BaseException:
        replace_text(root, sectors.path, sectors.before)
        raise


def run_import(
    rows: list[RoundRow],
    loaded: LoadedContent,
    checked: CheckedContent,
    settings: Settings,
    dry_run: bool,
    today: dt.date,
) -> ImportResult:
    """Plan, check and (unless `dry_run`) write; `checked` is the content, already without problems."""
    excluded: dict[tuple[str, int], Problem] = {}
    while True:
        plan = plan_import(rows, checked, loaded, settings, excluded)
        texts = {item.path: _text(item) for item in plan.files}
        try:
            sectors = _sectors_edit(loaded, plan.added_sectors)
        except UnfaithfulRewrite:  # pragma: no cover - a safety net for ruamel.yaml, as fmt has
            path = next(f.path for f in loaded.files if f.kind == "sectors")
            return ImportResult(
                plan,
                texts,
                [
                    Mark(path, 1, 1).problem(
                        "cannot add sectors to this file without changing what else it says: add them by hand, or "
                        "import with unknown_sectors: report (please report this)"
                    )
                ],
            )
        checked_files = _checked_with(loaded, texts, plan.files, sectors, today)
        found = _at_cells(checked_files.problems.items, texts, plan.files) + _at_sector_cells(
            checked_files.problems.items, sectors, plan.added_sectors
        )
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
    _write(loaded.root, texts, sectors)
    return result
