"""Validate: check every file against its kind, then the references between files.

Every problem is collected; the caller reports them all at once and builds nothing when any
was found.
"""

from __future__ import annotations

import datetime as dt

from roundbook.load import LoadedContent
from roundbook.schema.fields import INVALID, CheckContext
from roundbook.schema.kinds import KINDS
from roundbook.validate.checked import CheckedContent, CheckedFile
from roundbook.validate.facts import facts_of
from roundbook.validate.pages import check_pages
from roundbook.validate.references import ContentFacts, Findings, Found, check_references

__all__ = ["CheckedContent", "CheckedFile", "validate"]


def validate(loaded: LoadedContent, today: dt.date | None = None) -> CheckedContent:
    checked = CheckedContent()
    checked.problems.extend(loaded.problems)
    ctx = CheckContext(checked.problems, today or dt.date.today())
    content = ContentFacts([Found(f.kind, f.path, f.slug, f.company) for f in loaded.files])
    for found, content_file in zip(content.files, loaded.files, strict=True):
        if content_file.tree is None:
            continue  # its reading problems are already reported
        record = KINDS[content_file.kind].check(content_file.tree, ctx, content_file.path)
        if record is INVALID:
            continue
        entry = CheckedFile(content_file.kind, content_file.path, content_file.slug, record, content_file.company)
        checked.add(entry)
        content.add(found, facts_of(entry.kind, record))
    check_references(content, Findings(checked.problems, checked.warnings))
    checked.pages = check_pages(loaded.pages, ctx)
    return checked
