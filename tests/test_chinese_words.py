"""jieba reading its dictionary from the database in the user's cache folder (chinese_words.py):
the same words, counts and cuts as jieba's dictionary loaded whole, whether the database is there
already, missing, damaged or cannot be written; and each build starts from the shipped
dictionary, however many builds a process runs."""

from __future__ import annotations

import contextlib
import sqlite3

import jieba
import pytest

from roundbook.site.search import chinese_words
from roundbook.site.search.builtin import register_search_words
from roundbook.site.search.chinese_words import WordFrequencies, database_path, jieba_as_shipped

NAMES = ["月之暗面", "智谱华章"]  # names jieba's dictionary cuts into pieces
TEXT = "月之暗面完成新一轮融资，智谱华章和百川智能也在北京发布了大模型。"


@pytest.fixture(scope="module")
def shipped():
    """jieba's own tokenizer, its dictionary loaded whole: what the database must answer as."""
    return jieba_as_shipped()


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory):
    """The user's cache folder of these tests (XDG_CACHE_HOME): the first to ask writes the database."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def fresh_jieba(monkeypatch, cache_home):
    """jieba's one tokenizer and the once-a-process dictionary as they were before the test, put
    back after it; the user's cache folder is these tests' own. Yields Roundbook's folder in it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    tokenizer = jieba.dt
    saved = (tokenizer.FREQ, tokenizer.total, tokenizer.initialized)
    chinese_words.shipped_dictionary.cache_clear()
    yield cache_home / "roundbook"
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = saved
    chinese_words.shipped_dictionary.cache_clear()


def taught(names: list[str], shipped) -> jieba.Tokenizer:
    """A copy of the `shipped` tokenizer that has learnt `names`."""
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(shipped.FREQ), shipped.total, True
    for name in names:
        tokenizer.add_word(name)
    return tokenizer


def test_the_database_answers_every_question_as_jiebas_dictionary(fresh_jieba, shipped):
    look_up, total = chinese_words.shipped_dictionary()
    assert (fresh_jieba / database_path(fresh_jieba).name).is_file()
    assert total == shipped.total
    frequencies = WordFrequencies(look_up)
    # A word, a prefix of one (counted 0), a word of one character, and words jieba does not know.
    for word in ["北京", "北京大", "大模型", "月", "月之暗面", "Roundbook", "", "\x00"]:
        assert (word in frequencies) == (word in shipped.FREQ), word
        assert frequencies.get(word) == shipped.FREQ.get(word), word
        assert frequencies.get(word, 1) == shipped.FREQ.get(word, 1), word
    assert frequencies["北京"] == shipped.FREQ["北京"]
    with pytest.raises(KeyError):
        frequencies["Roundbook"]
    frequencies["Roundbook"] = 7
    assert frequencies["Roundbook"] == 7 and "Roundbook" in frequencies


def test_jieba_cuts_as_it_does_with_its_dictionary_loaded_whole(fresh_jieba, shipped):
    register_search_words(NAMES, {})
    whole = taught(NAMES, shipped)
    assert jieba.lcut(TEXT) == whole.lcut(TEXT)
    assert "月之暗面" in jieba.lcut(TEXT) and "智谱华章" in jieba.lcut(TEXT)
    assert jieba.lcut_for_search(TEXT) == whole.lcut_for_search(TEXT)
    assert jieba.dt.total == whole.total


def test_each_build_starts_from_the_shipped_dictionary(fresh_jieba, shipped):
    """Under `mkdocs serve` every rebuild teaches the names again: jieba's total count stays the
    total of one build's, and a name taught by an earlier build only is forgotten."""
    register_search_words(["百川智能"], {})
    for _ in range(3):
        register_search_words(NAMES, {})
    once = taught(NAMES, shipped)
    assert jieba.dt.total == once.total
    assert jieba.dt.FREQ.get("百川智能") == once.FREQ.get("百川智能")
    assert jieba.lcut(TEXT) == once.lcut(TEXT)


def test_a_damaged_database_is_written_again(fresh_jieba, shipped, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = database_path(tmp_path / "roundbook")
    path.parent.mkdir()
    path.write_bytes(b"not a database " * 100)
    look_up, total = chinese_words.shipped_dictionary()
    assert total == shipped.total and look_up("北京") == shipped.FREQ["北京"]
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize(
    "tables",
    [
        # the total count missing (a table emptied by hand or half-copied)
        [
            "CREATE TABLE words (word TEXT PRIMARY KEY, frequency INTEGER NOT NULL)",
            "CREATE TABLE total (count INTEGER)",
        ],
        # the words missing
        ["CREATE TABLE total (count INTEGER)", "INSERT INTO total VALUES (60101969)"],
    ],
    ids=["no total", "no words"],
)
def test_a_database_missing_part_of_itself_is_written_again(fresh_jieba, shipped, monkeypatch, tmp_path, tables):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = database_path(tmp_path / "roundbook")
    path.parent.mkdir()
    with contextlib.closing(sqlite3.connect(path)) as database:
        for statement in tables:
            database.execute(statement)
        database.commit()
    look_up, total = chinese_words.shipped_dictionary()
    assert total == shipped.total and look_up("北京") == shipped.FREQ["北京"]


def test_without_a_cache_folder_jieba_loads_its_dictionary_whole(fresh_jieba, monkeypatch, tmp_path, shipped):
    blocked = tmp_path / "a file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # no folder can be made under a file
    register_search_words(NAMES, {})
    assert jieba.lcut(TEXT) == taught(NAMES, shipped).lcut(TEXT)
    assert jieba.dt.total == taught(NAMES, shipped).total


def test_a_site_with_jieba_dictionaries_of_its_own_keeps_them(fresh_jieba, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    jieba.dt.add_word("自己的词")  # as Material's search does with a site's jieba_dict_user
    tokenizer_dictionary = jieba.dt.FREQ
    register_search_words(NAMES, {"jieba_dict_user": "words.txt"})
    assert jieba.dt.FREQ is tokenizer_dictionary and "自己的词" in jieba.dt.FREQ
    assert not (tmp_path / "roundbook").exists()
