"""Import: turn a Crunchbase export or a spreadsheet into content files.

Each importer reads its tables into `RoundRow`s (rows.py), with every cell understood or
reported where it stands (file, row, column). The plan (plan.py) matches companies and
investors to existing profiles (profiles.py), creates the missing ones, and decides each row's
outcome: written, merged into another row's round, already present, or skipped with a reason.
Nothing is written before the whole result has been validated, in memory, together with the
existing content (run.py).
"""
