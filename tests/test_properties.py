"""Property tests: whatever a content file holds, loading and validating it ends cleanly (a model
can be built) or with problems, each located at a path, line and column. Never a traceback.

Hypothesis writes the files: arbitrary bytes, text made of YAML's own syntax, the fixture
dataset's files mutated, and rounds generated field by field, valid or nearly. Runs are
derandomized, so CI sees the same examples every time; HYPOTHESIS_PROFILE=thorough runs ten
times as many, with fresh random examples, when looking for new failures.
"""

from __future__ import annotations

import datetime as dt
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_CONTENT, TODAY
from roundbook.load import load_content
from roundbook.load.files import ContentFile, LoadedContent
from roundbook.load.yaml_nodes import Mapping, read_yaml
from roundbook.model import build_dataset
from roundbook.problems import Problem, Problems
from roundbook.schema.fields import CheckContext
from roundbook.schema.kinds import KINDS, STAGES
from roundbook.validate import validate

settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", parent=settings.get_profile("ci"), derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
SCALE = 10 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1


def examples(count: int):
    return settings(max_examples=count * SCALE)


def assert_located(problems: Problems, paths: set[str]) -> None:
    """Every problem is a located one-line message about one of the files read."""
    for problem in problems.items:
        assert isinstance(problem, Problem)
        assert problem.path in paths, problem
        assert problem.line >= 1 and problem.col >= 1, problem
        assert problem.message and "\n" not in str(problem), problem


def read_one(data: bytes) -> Problems:
    problems = Problems()
    tree = read_yaml("f.yml", data, problems)
    assert tree is None or isinstance(tree, Mapping)
    assert tree is not None or problems  # nothing comes back only with a reason
    assert_located(problems, {"f.yml"})
    return problems


@examples(1500)
@given(st.binary(max_size=400))
def test_any_bytes_read_cleanly_or_with_located_problems(data):
    read_one(data)


YAML_TOKENS = [
    "name",
    "stage",
    "sources",
    "amount",
    "value",
    "a",
    "é",
    "月",
    ":",
    ": ",
    " ",
    "  ",
    "\n",
    "\n  ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    '"',
    "\\",
    "&x ",
    "*x",
    "!!str ",
    "!!python/object:os.system ",
    "! ",
    "!x ",
    "# c",
    "|\n  ",
    ">-\n  ",
    "---\n",
    "...\n",
    "? ",
    "<<: ",
    "NO",
    "yes",
    "on",
    "~",
    "null",
    "true",
    "0755",
    "1:30",
    "1e400",
    "-5",
    "0",
    "2024-02-30",
    "2099-01",
    "2024-03",
    "USD",
    "XYZ",
    "\t",
    "\ufeff",
    "\r\n",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "@",
    "`",
    "\x00",
    "\x85",
    "\u2028",
    "1" * 50,
]


@examples(1500)
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join))
def test_yaml_like_text_reads_and_checks_as_any_kind_without_a_traceback(text):
    problems = read_one(text.encode("utf-8", "surrogatepass"))
    tree = read_yaml("f.yml", text.encode("utf-8", "surrogatepass"), Problems())
    if tree is not None:
        for kind in KINDS.values():
            checked = Problems()
            kind.check(tree, CheckContext(checked, TODAY), "f.yml")
            assert_located(checked, {"f.yml"})
    assert problems is not None


# --- The fixture dataset, one file mutated at a time, through load, validate and model ----------

FIXTURE = load_content(FIXTURE_CONTENT.parent)
FIXTURE_BYTES = {f.path: (FIXTURE_CONTENT.parent / f.path).read_bytes() for f in FIXTURE.files}
PATHS = sorted(FIXTURE_BYTES)


def with_file(path: str, data: bytes) -> LoadedContent:
    """The fixture content as loaded, with one file's bytes replaced."""
    loaded = LoadedContent(FIXTURE.root, FIXTURE.content_dir)
    for original in FIXTURE.files:
        tree = read_yaml(path, data, loaded.problems) if original.path == path else original.tree
        loaded.files.append(ContentFile(original.kind, original.path, original.slug, tree, original.company))
    return loaded


def check_whole(loaded: LoadedContent) -> None:
    checked = validate(loaded, TODAY)
    assert_located(checked.problems, set(PATHS))
    if not checked.problems:
        build_dataset(checked)  # a clean outcome must model


@st.composite
def mutated_file(draw):
    path = draw(st.sampled_from(PATHS))
    data = bytearray(FIXTURE_BYTES[path])
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        end = draw(st.integers(at, min(len(data), at + 12)))
        action = draw(st.sampled_from(["delete", "insert", "replace", "duplicate-line", "indent"]))
        token = draw(st.sampled_from(YAML_TOKENS)).encode("utf-8", "surrogatepass")
        if action == "delete":
            del data[at:end]
        elif action == "insert":
            data[at:at] = token
        elif action == "replace":
            data[at:end] = token
        elif action == "duplicate-line":
            start = data.rfind(b"\n", 0, at) + 1
            stop = data.find(b"\n", at)
            stop = len(data) if stop < 0 else stop + 1
            data[stop:stop] = data[start:stop]
        else:
            start = data.rfind(b"\n", 0, at) + 1
            data[start:start] = b" " * draw(st.integers(1, 3))
    return path, bytes(data)


@examples(1500)
@given(mutated_file())
def test_a_mutated_fixture_file_never_crashes_load_validate_or_model(case):
    path, data = case
    check_whole(with_file(path, data))


# --- Rounds generated field by field: mostly valid, sometimes not ---------------------------------


def mostly(valid, invalid):
    """Nine times in ten a valid value, else anything: rounds come out valid often enough to model."""
    return st.integers(0, 9).flatmap(lambda roll: invalid if roll == 0 else valid)


text = st.text(max_size=30)
words = mostly(st.sampled_from(["Example News", "Acme raises", "月之暗面", "<b>x</b>"]), text)
date = mostly(
    st.one_of(
        st.dates(dt.date(1990, 1, 1), dt.date(2024, 12, 31)).map(dt.date.isoformat),
        st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1990, 2024), st.integers(1, 12)),
    ),
    st.one_of(
        st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1700, 2100), st.integers(0, 13)),
        st.integers(1700, 2100),
        text,
    ),
)
amount_value = mostly(
    st.sampled_from(["1B", "2.5B", "300M", "0.5K", 1000000, 2.5e9]),
    st.one_of(
        st.integers(-10, 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(["1e400", "1e-400", "-1M", "1T"]),
        text,
    ),
)
money = mostly(
    st.one_of(
        st.just("undisclosed"),
        st.fixed_dictionaries(
            {"value": amount_value, "currency": st.just("USD")},
            optional={"precision": st.sampled_from(["exact", "approximate", "at-least", "up-to"])},
        ),
        st.fixed_dictionaries(
            {"min": amount_value, "max": amount_value, "currency": st.just("USD"), "precision": st.just("range")}
        ),
    ),
    st.one_of(
        text,
        st.fixed_dictionaries(
            {"value": amount_value, "currency": st.sampled_from(["CNY", "EUR", "JPY", "XYZ", "usd"])},
            optional={
                "precision": st.sampled_from(["range", "x"]),
                "min": amount_value,
                "basis": st.sampled_from(["post-money", "x"]),
            },
        ),
    ),
)
investors = st.lists(
    mostly(
        st.sampled_from(["gamma-ventures", "delta-group", "jane-roe"]),
        st.sampled_from(["nobody", "acme-robotics", "Beta Labs", "../x"]),
    ),
    max_size=3,
)
source = st.fixed_dictionaries(
    {
        "id": mostly(st.just("news"), st.sampled_from(["wire", "Bad Id"])),
        "url": mostly(
            st.just("https://news.example/x"), st.sampled_from(["javascript:alert(1)", "ftp://x", "https://", "x"])
        ),
        "publisher": words,
    },
    optional={"title": words, "published": date},
)
round_record = st.fixed_dictionaries(
    {
        "announced": date,
        "stage": mostly(st.sampled_from(list(STAGES)), st.sampled_from(["series-z", ""])),
        "sources": mostly(st.lists(source, min_size=1, max_size=1), st.lists(source, max_size=3)),
    },
    optional={
        "amount": money,
        "valuation": money,
        "extension": mostly(st.booleans(), text),
        "lead": investors,
        "participants": investors,
        "conflicting_reports": st.lists(
            st.fixed_dictionaries(
                {"sources": mostly(st.just(["news"]), st.lists(st.sampled_from(["news", "wire", "gone"]), max_size=2))},
                optional={"amount": money, "note": words},
            ),
            max_size=1,
        ),
        "disputed": mostly(st.booleans(), text),
        "notes": words,
    },
)


@examples(1000)
@given(round_record, st.sampled_from(["acme-robotics", "beta-labs", "gamma-ventures"]))
def test_generated_rounds_never_crash_load_validate_or_model(record, company):
    data = yaml.safe_dump(record, sort_keys=False, allow_unicode=True).encode()
    path = f"content/rounds/{company}/2024-03-generated.yml"
    loaded = with_file(PATHS[0], FIXTURE_BYTES[PATHS[0]])
    loaded.files.append(
        ContentFile("round", path, "2024-03-generated", read_yaml(path, data, loaded.problems), company)
    )
    checked = validate(loaded, TODAY)
    assert_located(checked.problems, {*PATHS, path})
    if not checked.problems:
        build_dataset(checked)


def test_the_generators_reach_clean_outcomes_too():
    """Not only errors: some generated rounds pass, or the last test would prove little."""
    clean = []

    @settings(max_examples=300, derandomize=True, database=None, deadline=None)
    @given(round_record)
    def collect(record):
        data = yaml.safe_dump(record, sort_keys=False, allow_unicode=True).encode()
        problems = Problems()
        tree = read_yaml("f.yml", data, problems)
        if tree is not None:
            KINDS["round"].check(tree, CheckContext(problems, TODAY), "f.yml")
        if not problems:
            clean.append(record)

    collect()
    assert len(clean) >= 30  # 79 of the 300 when this was written


_URL_PART = st.sampled_from(["companies", "people", "acme", "acme-2", "timeline", "2024", "api", "v1", "x.json"])


@examples(2000)
@given(st.lists(_URL_PART, max_size=4), st.booleans(), st.lists(_URL_PART, max_size=4))
def test_relative_links_are_what_posixpath_relpath_gives(target, trailing_slash, folder):
    """roundbook.addresses computes relative links without os.path.abspath, for speed."""
    import posixpath

    from roundbook.addresses import _relative

    target_url = "/".join(target) + ("/" if target and trailing_slash else "")
    folder_path = "/".join(folder)
    expected = posixpath.relpath(target_url or ".", folder_path or ".")
    if target_url == "" or target_url.endswith("/"):
        expected = "./" if expected == "." else expected + "/"
    assert _relative(target_url, folder_path) == expected


_SPACE_AND_TEXT = st.sampled_from(
    [" ", "\t", "\n", "\r", "\xa0", "\u3000", "\x1c", "\f", "a", "<b>", "<pre>", "</pre>", "<TEXTAREA>", "</textarea>"]
)


@examples(2000)
@given(st.lists(_SPACE_AND_TEXT, max_size=14))
def test_whitespace_collapses_as_the_regular_expression_did(pieces):
    """roundbook.site.page_weight works line by line, for speed, with the expression's result."""
    import re

    from roundbook.site.page_weight import collapse_whitespace

    text = "".join(pieces)
    kept = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I).split(text)
    expected = "".join(part if index % 2 else re.sub(r"[ \t]*\n\s*", "\n", part) for index, part in enumerate(kept))
    assert collapse_whitespace(text) == expected
