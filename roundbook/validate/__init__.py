"""Validate: check every file against its kind, then the references between files.

Every problem is collected; the caller reports them all at once and builds nothing when any
was found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from roundbook.load import LoadedContent
from roundbook.schema.fields import INVALID, CheckContext
from roundbook.schema.kinds import KINDS
from roundbook.schema.values import Record
from roundbook.validate.checked import CheckedContent, CheckedFile
from roundbook.validate.facts import facts_of
from roundbook.validate.pages import check_pages
from roundbook.validate.references import ContentFacts, Findings, Found, check_references

__all__ = ["CheckedContent", "CheckedFile", "KnownRecords", "validate"]

# Checked records a caller already has, by path as problems name them (validate's `known`).
KnownRecords = Mapping[str, Record]


def validate(loaded: LoadedContent, today: dt.date | None = None, known: KnownRecords | None = None) -> CheckedContent:
    """`known`: the checked records of the files load_content was told not to read, by path. They
    passed their own checks, on a day no later than `today`, with the bytes they have now: those
    checks would find the same again (a date in the future is the one check the day changes, and
    a later day cannot find one that an earlier day did not)."""
    checked = CheckedContent()
    checked.problems.extend(loaded.problems)
    ctx = CheckContext(checked.problems, today or dt.date.today())
    content = ContentFacts([Found(f.kind, f.path, f.slug, f.company) for f in loaded.files])
    for found, content_file in zip(content.files, loaded.files, strict=True):
        if content_file.known:
            assert known is not None  # load_content left the file unread because its record is known
            record = known[content_file.path]
        elif content_file.tree is None:
            continue  # its reading problems are already reported
        else:
            record = KINDS[content_file.kind].check(content_file.tree, ctx, content_file.path)
        if record is INVALID:
            continue
        entry = CheckedFile(content_file.kind, content_file.path, content_file.slug, record, content_file.company)
        checked.add(entry)
        if content_file.digest is not None:
            checked.fresh.append((entry, content_file.digest))
        content.add(found, facts_of(entry.kind, record))
    check_references(content, Findings(checked.problems, checked.warnings))
    checked.pages = check_pages(loaded.pages, ctx)
    return checked
