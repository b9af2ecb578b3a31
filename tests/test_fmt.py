"""`roundbook fmt`: the canonical layout, comments kept, meaning unchanged, never a broken file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from conftest import FIXTURE_CONTENT, FIXTURES, roundbook
from roundbook.edit import roundtrip
from roundbook.edit.canonical import canonical_text
from roundbook.load import load_content
from roundbook.problems import Problems
from roundbook.schema.fields import ListType, LiteralOr, MapType, ObjectType
from roundbook.schema.kinds import KINDS

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

SHUFFLED = FIXTURES / "fmt" / "shuffled-round.yml"
FORMATTED = FIXTURES / "fmt" / "shuffled-round.formatted.yml"
ROUND = "content/rounds/acme-robotics/2024-06-series-c.yml"


@pytest.fixture
def shuffled(project: Path) -> Path:
    shutil.copy(SHUFFLED, project / ROUND)
    return project


def test_fmt_check_names_the_shuffled_file_and_changes_nothing(shuffled):
    result = roundbook(["fmt", "--check", "content/rounds"], shuffled)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        # the fixture files have no modeline yet: fmt adds it
        "would reformat: content/rounds/acme-robotics/2021-seed.yml",
        "would reformat: content/rounds/acme-robotics/2024-03-series-b.yml",
        f"would reformat: {ROUND}",
        "would reformat: content/rounds/beta-labs/2024-03-seed.yml",
        "4 files would be reformatted. Run `roundbook fmt` to reformat.",
    ]
    assert (shuffled / ROUND).read_bytes() == SHUFFLED.read_bytes()


def test_fmt_puts_fields_in_order_and_keeps_every_comment(shuffled):
    before = roundbook(["validate"], shuffled)
    result = roundbook(["fmt", ROUND], shuffled)
    assert (result.returncode, result.stdout) == (0, f"reformatted: {ROUND}\n1 file reformatted.\n")
    assert (shuffled / ROUND).read_text(encoding="utf-8") == FORMATTED.read_text(encoding="utf-8")
    assert roundbook(["fmt", "--check", ROUND], shuffled).stdout == "1 file already formatted.\n"
    assert roundbook(["validate"], shuffled).stdout == before.stdout


def test_the_formatted_fixture_keeps_the_comments_of_the_shuffled_one():
    def comment_lines(path: Path) -> list[str]:
        return sorted(line.split("#", 1)[1] for line in path.read_text(encoding="utf-8").splitlines() if "#" in line)

    assert [c for c in comment_lines(FORMATTED) if "yaml-language-server" not in c] == comment_lines(SHUFFLED)


def _reverse_fields(data, field_type) -> None:
    """The opposite of fmt: every mapping's fields in reverse order, all the way down."""
    if isinstance(field_type, LiteralOr):
        _reverse_fields(data, field_type.other)
    elif isinstance(field_type, ListType) and isinstance(data, CommentedSeq):
        for item in data:
            _reverse_fields(item, field_type.item)
    elif isinstance(field_type, MapType) and isinstance(data, CommentedMap):
        for value in data.values():
            _reverse_fields(value, field_type.value)
    elif isinstance(field_type, ObjectType) and isinstance(data, CommentedMap):
        for key in reversed(list(data)):
            data.move_to_end(key)
            if key in field_type.by_name:
                _reverse_fields(data[key], field_type.by_name[key].type)


FIXTURE_FILES = load_content(FIXTURE_CONTENT.parent).files


@pytest.mark.parametrize("content_file", FIXTURE_FILES, ids=[f.path for f in FIXTURE_FILES])
def test_fmt_orders_every_fixture_file_whatever_the_order_of_its_fields(content_file):
    """The same for every file of content/, which is formatted already: tests/test_content.py."""
    original = (FIXTURE_CONTENT.parent / content_file.path).read_text(encoding="utf-8")
    data = roundtrip.load(original)
    _reverse_fields(data, KINDS[content_file.kind])
    problems = Problems()
    expected = canonical_text(content_file.path, content_file.kind, original, problems)
    assert roundtrip.dump(data) != roundtrip.dump(roundtrip.load(original)) or len(data) < 2
    assert canonical_text(content_file.path, content_file.kind, roundtrip.dump(data), problems) == expected
    assert not problems


@pytest.mark.parametrize("content_file", FIXTURE_FILES, ids=[f.path for f in FIXTURE_FILES])
def test_fmt_is_idempotent(content_file):
    problems = Problems()
    once = canonical_text(
        content_file.path,
        content_file.kind,
        (FIXTURE_CONTENT.parent / content_file.path).read_text(encoding="utf-8"),
        problems,
    )
    assert canonical_text(content_file.path, content_file.kind, once, problems) == once
    assert not problems


def test_fmt_adds_or_corrects_the_modeline(project):
    path = project / "content/people/jane-roe.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "# about Jane\n# yaml-language-server: $schema=../../schemas/round.schema.json\n" + text, encoding="utf-8"
    )
    roundbook(["fmt", "content/people"], project)
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/person.schema.json\n# about Jane\n" + text
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "announced: 2024-06\nstage: seed\nstage: seed\n",
            f"{ROUND}:3:1: duplicate key 'stage' (first written on line 2)",
        ),
        (
            "announced: 2024-06\nstage: seed\nsources: [\n",
            f"{ROUND}:4:1: invalid YAML: did not find expected node content",
        ),
        ("stage: seed\nanounced: 2024-06\n", f"{ROUND}:2:1: unknown field 'anounced'; did you mean 'announced'?"),
        (
            "stage: seed\nsources: [{id: s, url: https://x.example, publisher: X}]\n",
            f"{ROUND}:1:1: missing required field 'announced' "
            "(When it was announced or first reported: YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
    ],
)
def test_fmt_leaves_a_file_with_problems_of_its_own_alone(project, text, expected):
    (project / ROUND).write_text(text, encoding="utf-8")
    for args in (["fmt", ROUND], ["fmt", "--check", ROUND]):
        result = roundbook(args, project)
        assert result.returncode == 1
        assert expected in result.stdout.splitlines()
        assert result.stdout.splitlines()[-1] == "1 file left alone because of the problems above."
        assert (project / ROUND).read_text(encoding="utf-8") == text


def test_fmt_formats_a_file_whose_only_problems_are_references(shuffled):
    text = (shuffled / ROUND).read_text(encoding="utf-8").replace("gamma-ventures", "nobody-we-know")
    (shuffled / ROUND).write_text(text, encoding="utf-8")
    assert roundbook(["validate", ROUND], shuffled).returncode == 1
    result = roundbook(["fmt", ROUND], shuffled)
    assert result.returncode == 0
    assert (shuffled / ROUND).read_text(encoding="utf-8") == FORMATTED.read_text(encoding="utf-8").replace(
        "gamma-ventures", "nobody-we-know"
    )


def test_fmt_refuses_to_drop_a_comment_inside_brackets(project):
    text = (
        "announced: 2024-06\nstage: seed\nlead: [gamma-ventures,  # the lead\n  delta-group]\n"
        "sources: [{id: s, url: https://x.example, publisher: X}]\n"
    )
    (project / ROUND).write_text(text, encoding="utf-8")
    result = roundbook(["fmt", ROUND], project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{ROUND}:3:25: fmt cannot keep this comment: put it on a line of its own, outside [ ] and {{ }}",
        "1 file left alone because of the problems above.",
    ]
    assert (project / ROUND).read_text(encoding="utf-8") == text


def test_fmt_only_touches_the_paths_given(shuffled):
    other = shuffled / "content/companies/beta-labs.yml"
    other_text = other.read_text(encoding="utf-8")
    roundbook(["fmt", ROUND], shuffled)
    assert other.read_text(encoding="utf-8") == other_text


def test_fmt_paths_outside_the_content_are_usage_errors(project):
    result = roundbook(["fmt", "templates"], project)
    assert result.returncode == 2
    assert (
        result.stderr.splitlines()[-1]
        == "Error: Invalid value for '[PATHS]...': 'templates' is not in the content folder (content/)"
    )


def test_fmt_drops_a_byte_order_mark_and_windows_line_ends(project):
    path = project / "content/reference/sectors.yml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert roundbook(["fmt", "--check", "content/reference/sectors.yml"], project).stdout == (
        "would reformat: content/reference/sectors.yml\n1 file would be reformatted. Run `roundbook fmt` to reformat.\n"
    )
    roundbook(["fmt", "content/reference/sectors.yml"], project)
    assert path.read_bytes() == text.encode()


def test_fmt_paths_without_content_files_are_usage_errors(project):
    result = roundbook(["fmt", "content/pages"], project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '[PATHS]...': no content files there; content files are the .yml files in "
        "companies/, people/, rounds/ and reference/"
    )
