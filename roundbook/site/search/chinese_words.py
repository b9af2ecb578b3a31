"""jieba's dictionary for Material's search: read word by word from disk, and fresh for each build.

Material's search cuts Chinese text into words with jieba (builtin.py). Before it cuts anything,
jieba loads its whole dictionary into memory: some 350,000 words with every prefix of each, about
0.6 s of CPU at every build of a site with one name in Han characters, although a build looks up
a few thousand of them. Here jieba's dictionary, as jieba itself loads it, is written once into
an SQLite database in the user's cache folder; each build's tokenizer then reads only the words it
asks for. The words are jieba's own, so the cuts and the search index are the same.

Each build also starts from jieba's dictionary as shipped: the names a build teaches jieba
(add_word) go into that build's own layer. In a `mkdocs serve` process, the names taught again at
every rebuild had piled up in jieba's one dictionary and raised its total count, which can change
how a later build cuts the same text.

A site that gives jieba dictionaries of its own (Material's `jieba_dict` or `jieba_dict_user`
search options) gets jieba as it loads them, untouched. Where the cache folder cannot be written,
jieba's dictionary is loaded whole once for the process, as jieba loads it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import jieba

from roundbook.user_cache import user_cache_folder

# A new layout of the database gets a new file name rather than a migration.
LAYOUT = 1
LookUp = Callable[[str], "int | None"]


class WordFrequencies:
    """What jieba's tokenizer asks of its FREQ dict (`in`, `[]`, `get` and `[]=`), answered from
    `look_up` (jieba's dictionary, where a prefix of a word counts 0 and an unknown word is None)
    and remembered, with the words taught in this build on top."""

    def __init__(self, look_up: LookUp) -> None:
        self._look_up = look_up
        self._known: dict[str, int | None] = {}

    def _frequency(self, word: str) -> int | None:
        try:
            return self._known[word]
        except KeyError:
            frequency = self._known[word] = self._look_up(word)
            return frequency

    def __contains__(self, word: str) -> bool:
        return self._frequency(word) is not None

    def __getitem__(self, word: str) -> int:
        frequency = self._frequency(word)
        if frequency is None:
            raise KeyError(word)
        return frequency

    def get(self, word: str, default: int | None = None) -> int | None:
        frequency = self._frequency(word)
        return default if frequency is None else frequency

    def __setitem__(self, word: str, frequency: int) -> None:
        self._known[word] = frequency


class WordDatabase:
    """jieba's dictionary written by `write_word_database`, opened read-only once in each process
    that asks (an SQLite connection must not cross a fork into the build's workers)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._process: int | None = None
        total = self._query("SELECT count FROM total")  # fails on a file that is not one of ours
        if total is None:  # one of ours never lacks it
            raise sqlite3.DatabaseError(f"{path} has no total count")
        self.total = total
        self.frequency("")  # fails now, not in the middle of a build, on a file without the words

    def _query(self, sql: str, *parameters: str) -> int | None:
        if self._process != os.getpid():
            self._connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._process = os.getpid()
        assert self._connection is not None
        row = self._connection.execute(sql, parameters).fetchone()
        return None if row is None else row[0]

    def frequency(self, word: str) -> int | None:
        return self._query("SELECT frequency FROM words WHERE word = ?", word)


def database_path(folder: Path) -> Path:
    """The database for the installed jieba and its dictionary file, by content."""
    dictionary = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME).read_bytes()
    digest = hashlib.sha256(dictionary).hexdigest()[:16]
    return folder / f"jieba-{jieba.__version__}-{digest}-{LAYOUT}.sqlite3"


def jieba_as_shipped() -> jieba.Tokenizer:
    """A tokenizer with jieba's default dictionary loaded whole, as jieba loads it (from its own
    cache in the temporary folder, or from its dictionary file)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def write_word_database(path: Path) -> None:
    """Every word and prefix of jieba's default dictionary with its count, and the total count,
    written beside `path` and then moved onto it, so that a build running beside this one opens
    either no file or a whole one."""
    tokenizer = jieba_as_shipped()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, written = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
    os.close(handle)
    try:
        with contextlib.closing(sqlite3.connect(written)) as database:
            database.execute("CREATE TABLE words (word TEXT PRIMARY KEY, frequency INTEGER NOT NULL) WITHOUT ROWID")
            database.executemany("INSERT INTO words VALUES (?, ?)", tokenizer.FREQ.items())
            database.execute("CREATE TABLE total (count INTEGER NOT NULL)")
            database.execute("INSERT INTO total VALUES (?)", (tokenizer.total,))
            database.commit()
        os.replace(written, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(written)


@functools.cache
def shipped_dictionary() -> tuple[LookUp, int]:
    """How to look up a word of jieba's default dictionary, and its total count: from the database
    in the cache folder, written first if missing; or, where that cannot be, from the dictionary
    loaded whole. Once a process: the database is only ever read."""
    try:
        path = database_path(user_cache_folder())
        try:
            database = WordDatabase(path)
        except sqlite3.Error:  # missing, or not ours: write it (again)
            write_word_database(path)
            database = WordDatabase(path)
        return database.frequency, database.total
    except (OSError, sqlite3.Error):
        logging.getLogger(__name__).debug("jieba's dictionary is loaded whole: the cache folder failed", exc_info=True)
        tokenizer = jieba_as_shipped()
        return tokenizer.FREQ.get, tokenizer.total


def start_from_shipped_dictionary(search_options) -> None:
    """Give jieba's tokenizer the shipped dictionary, with no word a previous build taught it;
    unless the site chose dictionaries of its own (`search_options`: Material's search plugin's)."""
    if search_options.get("jieba_dict") or search_options.get("jieba_dict_user"):
        return
    look_up, total = shipped_dictionary()
    tokenizer = jieba.dt
    with tokenizer.lock:
        tokenizer.FREQ = WordFrequencies(look_up)
        tokenizer.total = total
        tokenizer.initialized = True
