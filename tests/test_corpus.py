"""The corpus of bad input: every case under tests/corpus/errors/ gets exactly its expected report.

A case is a folder: `content/` holds the files it adds to the fixture dataset (fictional, like
it), `expected.txt` what `roundbook validate` prints, to the byte. Cases too big to commit (a
10 MB file, deep nesting) are written here at run time instead. A case whose expected report
ends in "no problems." must pass; every other must fail with exit status 1.
ROUNDBOOK_UPDATE_GOLDENS=1 rewrites the expected reports; review the diff before committing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURE_CONTENT, UPDATE_GOLDENS
from roundbook.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
ERRORS = CORPUS / "errors"

COMPANY = b"""\
name: Generated
kind: startup
summary: A fictional company for a test.
sources: [{id: s, url: "https://news.example/x", publisher: Example News}]
"""

# Written by the test: too big to commit, or pointless to.
GENERATED = {
    "file-10mb": {"companies/huge.yml": lambda: COMPANY + b"# padding\n" * (1024 * 1024)},
    "deep-nesting": {"companies/deep.yml": lambda: COMPANY + b"aliases: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"},
    "too-many-items": {"companies/many.yml": lambda: COMPANY + b"aliases: [" + b", ".join(b"a%d" % i for i in range(10_000)) + b"]\n"},
    "value-too-long": {"companies/long.yml": lambda: COMPANY + b"description: " + b"x" * 200_000 + b"\n"},
}

CASES = sorted(path.name for path in ERRORS.iterdir() if path.is_dir())


def test_every_case_has_its_input_and_its_expected_report():
    for case in CASES:
        assert (ERRORS / case / "content").is_dir() != (case in GENERATED), case
        assert (ERRORS / case / "expected.txt").is_file() or UPDATE_GOLDENS, case
    assert set(GENERATED) <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    if case in GENERATED:
        for relative, make in GENERATED[case].items():
            (content / relative).write_bytes(make())
    else:
        shutil.copytree(ERRORS / case / "content", content, dirs_exist_ok=True)
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    expected_file = ERRORS / case / "expected.txt"
    if UPDATE_GOLDENS:
        expected_file.write_text(result.output, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.output == expected
    assert result.exit_code == (0 if expected.endswith("no problems.\n") else 1)
