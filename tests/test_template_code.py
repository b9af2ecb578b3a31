"""Jinja's compiled templates kept in the user's cache folder (roundbook/template_code.py): a new
environment loads them instead of compiling, and never one compiled from another source, with
other settings or with other filters; a damaged file is compiled anew, an unwritable folder means
no cache, and the folders of old code are pruned."""

from __future__ import annotations

import os
import time

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader
from jinja2.bccache import bc_magic

from roundbook import template_code
from roundbook.template_code import PRUNE_AFTER, keep_compiled_templates


@pytest.fixture
def cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "roundbook" / "templates"


def environment(templates, **settings) -> Environment:
    env = Environment(loader=FileSystemLoader(str(templates)), **settings)
    env.filters["shout"] = lambda text: text.upper() + "!"
    keep_compiled_templates(env)
    return env


def never_compiles(env: Environment) -> Environment:
    def compile(*args, **kwargs):
        raise AssertionError("compiled, not loaded from the cache")

    env.compile = compile
    return env


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>{{ text }} {{ 'hi' | shout }}</p>")
    return folder


def test_a_new_environment_loads_the_compiled_template(cache_home, templates):
    assert environment(templates).get_template("page.html").render(text="<b>") == "<p><b> HI!</p>"
    assert len(list(cache_home.glob("*/__jinja2_*.cache"))) == 1
    loaded = never_compiles(environment(templates)).get_template("page.html")
    assert loaded.render(text="<b>") == "<p><b> HI!</p>"


def test_an_edited_template_is_compiled_anew(cache_home, templates):
    environment(templates).get_template("page.html")
    (templates / "page.html").write_text("<p>{{ text }}, edited</p>")
    assert environment(templates).get_template("page.html").render(text="x") == "<p>x, edited</p>"


def test_other_settings_and_other_filters_get_their_own_compiled_code(cache_home, templates):
    environment(templates).get_template("page.html").render(text="<b>")
    escaping = environment(templates, autoescape=True)
    assert escaping.get_template("page.html").render(text="<b>") == "<p>&lt;b&gt; HI!</p>"
    # Jinja folds a filter of constants into the compiled code: another filter is another key.
    whispering = Environment(loader=FileSystemLoader(str(templates)))
    whispering.filters["shout"] = lambda text: text.lower() + "..."
    keep_compiled_templates(whispering)
    assert whispering.get_template("page.html").render(text="x") == "<p>x hi...</p>"
    assert len(list(cache_home.glob("*/__jinja2_*.cache"))) == 3


def test_the_same_template_name_from_another_folder_is_another_template(cache_home, tmp_path, templates):
    environment(templates).get_template("page.html")
    other = tmp_path / "other"
    other.mkdir()
    (other / "page.html").write_text("other {{ text }}")
    assert environment(other).get_template("page.html").render(text="x") == "other x"


def test_a_damaged_file_is_compiled_anew(cache_home, templates):
    environment(templates).get_template("page.html")
    [written] = cache_home.glob("*/__jinja2_*.cache")
    # Jinja's header, then a checksum that pickle fails to read (Jinja would let that error through).
    written.write_bytes(bc_magic + b"\x80\x05garbage")
    assert environment(templates).get_template("page.html").render(text="x") == "<p>x HI!</p>"


def test_without_a_cache_folder_templates_compile_as_jinja_does(monkeypatch, tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    env = Environment(loader=DictLoader({"t": "{{ 1 + 1 }}"}))
    keep_compiled_templates(env)
    assert env.bytecode_cache is None and env.get_template("t").render() == "2"


def test_folders_of_code_unused_for_two_weeks_are_deleted(cache_home, templates):
    old, recent = cache_home / "old-code", cache_home / "recent-code"
    for folder, age in ((old, PRUNE_AFTER + 60), (recent, PRUNE_AFTER - 3600)):
        folder.mkdir(parents=True)
        (folder / "__jinja2_x.cache").write_text("")
        os.utime(folder, (time.time() - age, time.time() - age))
    environment(templates)
    assert not old.exists() and recent.exists()
    assert (cache_home / template_code.code_version()).is_dir()


def test_a_folder_others_can_write_into_is_not_used(cache_home, templates):
    """Jinja runs the code it reads from the cache: a folder another user could write is no cache."""
    environment(templates)
    cache_home.chmod(0o777)
    assert environment(templates).bytecode_cache is None
    cache_home.chmod(0o700)
    assert environment(templates).bytecode_cache is not None
