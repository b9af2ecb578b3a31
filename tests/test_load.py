"""Load: the strict YAML reader turns every YAML surprise into a located problem."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURE_CONTENT
from roundbook.load import load_content
from roundbook.load.yaml_nodes import Mapping, Scalar, read_yaml
from roundbook.problems import Problems


def problems_of(text: bytes) -> list[str]:
    problems = Problems()
    read_yaml("f.yml", text, problems)
    return [str(p) for p in problems.sorted()]


@pytest.mark.parametrize(
    "text, expected",
    [
        (b"a: 1\nb: 2\na: 3\n", "f.yml:3:1: duplicate key 'a' (first written on line 1)"),
        (
            b"country: NO\n",
            "f.yml:1:10: 'NO' is read as a boolean by YAML 1.1 tools; write \"NO\" in quotes for text, or true/false",
        ),
        (
            b"flag: yes\n",
            "f.yml:1:7: 'yes' is read as a boolean by YAML 1.1 tools; write \"yes\" in quotes for text, or true/false",
        ),
        (
            b"code: 0755\n",
            "f.yml:1:7: '0755' is read as a different number by YAML 1.1 tools; write \"0755\" in quotes",
        ),
        (b"x: &a [1]\ny: *a\n", "f.yml:1:4: anchors and aliases (&name, *name) are not allowed; write the value out"),
        (b"a:\n\tb: 1\n", "f.yml:2:1: tab character; YAML indentation must use spaces"),
        (b"- 1\n- 2\n", "f.yml:1:1: the file must be a mapping of fields (key: value), not a list or a single value"),
        (b"just text\n", "f.yml:1:1: the file must be a mapping of fields (key: value), not a list or a single value"),
        (b"a: caf\xe9\n", "f.yml:1:7: invalid UTF-8 (byte 0xe9); save the file as UTF-8"),
        (
            b"a: !!python/object:os.system x\n",
            "f.yml:1:4: YAML tags such as 'tag:yaml.org,2002:python/object:os.system' are not allowed",
        ),
        (b"a: 1\n---\nb: 2\n", "f.yml:2:1: more than one YAML document; a content file holds exactly one"),
        (b"", "f.yml:1:1: the file is empty; it must be a mapping of fields"),
        (b"a: [1\n", "f.yml:2:1: invalid YAML: did not find expected ',' or ']'"),
        (b"base: &b {x: 1}\nother:\n  <<: *b\n", "f.yml:3:3: merge keys (<<) are not allowed; write the fields out"),
    ],
)
def test_yaml_surprises_are_problems(text, expected):
    assert expected in problems_of(text)


def test_dates_stay_the_text_that_was_written():
    problems = Problems()
    tree = read_yaml("f.yml", b"announced: 2024-02-19\nmonth: 2024-02\nyear: 2023\n", problems)
    assert not problems
    assert isinstance(tree, Mapping)
    values = {key: node.value for key, (_, node) in tree.entries.items()}
    assert values == {"announced": "2024-02-19", "month": "2024-02", "year": 2023}


def test_values_carry_line_and_column():
    problems = Problems()
    tree = read_yaml("f.yml", b"name: Acme\nsources:\n  - url: https://a.example\n", problems)
    url = tree.get("sources").items[0].get("url")
    assert isinstance(url, Scalar)
    assert (url.mark.line, url.mark.col) == (3, 10)


def test_quoted_yaml11_words_are_text():
    problems = Problems()
    tree = read_yaml("f.yml", b'country: "NO"\n', problems)
    assert not problems
    assert tree.get("country").value == "NO"


def test_a_billion_laughs_is_refused_without_expanding(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(8)]
    problems = Problems()
    read_yaml("f.yml", "\n".join(lines).encode(), problems)
    assert any("aliases" in p.message for p in problems.items)


def test_files_in_the_wrong_place_are_reported(tmp_path):
    content = tmp_path / "content"
    (content / "companies").mkdir(parents=True)
    (content / "rounds").mkdir()
    (content / "companies" / "acme.yaml").write_text("name: x\n")
    (content / "rounds" / "stray.yml").write_text("stage: seed\n")
    loaded = load_content(tmp_path)
    messages = sorted(str(p) for p in loaded.problems.items)
    assert messages == [
        "content/companies/acme.yaml:1:1: content files end in .yml, in lower case: rename it to acme.yml",
        "content/reference/currency-rates.yml:1:1: missing currency-rates table",
        "content/reference/sectors.yml:1:1: missing sectors table",
        "content/rounds/stray.yml:1:1: a round file goes in rounds/<company-slug>/, the folder named after its company",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            b"a: " + b"[" * 200_000 + b"]" * 200_000 + b"\n",
            "f.yml:1:23: values are nested more than 20 levels deep; the limit is 20",
        ),
        (b"a: [" + b"1, " * 5_001 + b"]\n", "f.yml:1:4: a list of 5,001 items; the limit is 5,000"),
        (
            b"a:\n" + b"".join(b"  k%d: 1\n" % i for i in range(5_001)),
            "f.yml:2:3: a mapping of 5,001 items; the limit is 5,000",
        ),
        (b"a: " + b"x" * 100_001 + b"\n", "f.yml:1:4: a value of 100,001 characters; the limit is 100,000"),
        (b"a: '" + b"x" * 999_995 + b"'\n", "f.yml:1:1: the file is 1,000,001 bytes; the limit is 1,000,000 bytes"),
    ],
    ids=["depth", "list-items", "mapping-items", "text-length", "file-size"],
)
def test_limits_are_problems_that_name_them(text, expected):
    assert problems_of(text) == [expected]


def test_the_limits_leave_the_largest_real_values_alone():
    within = b"a: [" + b"1, " * 5_000 + b"]\nb: " + b"x" * 100_000 + b"\nc: " + b"[" * 19 + b"]" * 19 + b"\n"
    problems = Problems()
    assert isinstance(read_yaml("f.yml", within, problems), Mapping)
    assert not problems


def test_a_content_file_over_the_size_limit_is_not_read(tmp_path):
    content = tmp_path / "content"
    (content / "companies").mkdir(parents=True)
    (content / "companies" / "huge.yml").write_bytes(b"name: x\n" + b"#" * 10 * 1024 * 1024)
    loaded = load_content(tmp_path)
    assert "content/companies/huge.yml:1:1: the file is 10,485,768 bytes; the limit is 1,000,000 bytes" in [
        str(p) for p in loaded.problems.items
    ]
    assert [f.tree for f in loaded.files] == [None]


def test_symbolic_links_in_the_content_are_refused_and_not_followed(tmp_path):
    secret = tmp_path / "outside" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text("name: a secret from outside the project\n")
    content = tmp_path / "project" / "content"
    (content / "companies").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "companies" / "leak.yml").symlink_to(secret)
    (content / "pages" / "passwd.txt").symlink_to("/etc/passwd")
    (content / "rounds").symlink_to(tmp_path / "outside", target_is_directory=True)
    loaded = load_content(tmp_path / "project")
    assert sorted(str(p) for p in loaded.problems.items) == [
        f"content/{path}:1:1: a symbolic link; content files must be plain files in the repository"
        for path in ("companies/leak.yml", "pages/passwd.txt", "rounds")
    ]
    assert loaded.files == []


def test_a_content_folder_that_is_itself_a_symbolic_link_is_refused_and_not_followed(tmp_path):
    """A pull request can replace content/ with a link to anywhere on the machine that builds the site."""
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(FIXTURE_CONTENT, elsewhere)
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "content").symlink_to(elsewhere, target_is_directory=True)
    loaded = load_content(tmp_path / "project")
    assert [str(p) for p in loaded.problems.items] == [
        "content:1:1: a symbolic link; content files must be plain files in the repository"
    ]
    assert loaded.files == [] and loaded.pages.pages is None
