"""Jinja's compiled templates, kept between builds in the user's cache folder.

Every build makes its Jinja environments anew: MkDocs makes the theme's for each build, also for
each rebuild under `mkdocs serve`, and the render stage makes Roundbook's. Jinja compiles each
template it loads into Python code, which took about 0.4 s of the 1.4 s of CPU that a build of a
small site took. Jinja can keep that code in a bytecode cache; here it is kept in the user's
cache folder (roundbook/user_cache.py), one file per template, and used again only for the same
template file with the same source (Jinja checks a checksum of the source) compiled by the same
code in the same way.

"The same way" is the key of each file: the template's name and file, every setting of the
environment that changes what Jinja compiles (its delimiters, whitespace handling, autoescaping
of this template, extensions), and the code that Jinja may have run while it compiled: it folds a
filter or test applied to constants into its result, so the key names each filter and test with
its code, the versions of the libraries and Roundbook's own sources. The code of a version of
the libraries and of Roundbook has a folder of its own; folders that no build has used for
PRUNE_AFTER are deleted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import stat
import sys
import time
from importlib import metadata
from pathlib import Path
from types import CodeType

from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

from roundbook.content_cache import code_fingerprint
from roundbook.user_cache import user_cache_folder

PRUNE_AFTER = 14 * 24 * 3600  # seconds
# The libraries whose code Jinja runs when it compiles the templates of a Roundbook site.
LIBRARIES = ("jinja2", "markupsafe", "mkdocs", "mkdocs-material")


@functools.cache
def code_version() -> str:
    """The libraries' versions and Roundbook's sources, as one digest: the name of a folder."""
    versions = []
    for library in LIBRARIES:
        try:
            versions.append(f"{library}={metadata.version(library)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{library}=none")
    text = f"{sys.version} {' '.join(versions)} {code_fingerprint()}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _code_digest(code: CodeType) -> str:
    """A digest of compiled Python code that is the same in every process (marshal's is not: it
    depends on reference counts, and the repr of a nested code object or a frozenset on memory
    addresses and the hash seed)."""
    hasher = hashlib.sha256(code.co_code + repr(code.co_names).encode())
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            hasher.update(_code_digest(constant).encode())
        elif isinstance(constant, frozenset):
            hasher.update(repr(sorted(map(repr, constant))).encode())
        else:
            hasher.update(repr(constant).encode())
    return hasher.hexdigest()[:16]


def _function_identity(function: object) -> str:
    """A filter or test by where it is defined and, for Python code, by that code."""
    if isinstance(function, functools.partial):
        return f"partial({_function_identity(function.func)}, {len(function.args)}, {sorted(function.keywords)})"
    code = getattr(function, "__code__", None)
    digest = _code_digest(code) if isinstance(code, CodeType) else ""
    name = getattr(function, "__qualname__", type(function).__qualname__)
    return f"{getattr(function, '__module__', '')}.{name}:{digest}"


def environment_settings(environment: Environment) -> str:
    """What of `environment`, besides a template's own source, decides the code Jinja compiles it to."""
    settings = [
        type(environment).__qualname__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        environment.finalize is not None,
        getattr(environment, "newstyle_gettext", None),  # set by the i18n extension, which MkDocs' themes use
        sorted(environment.extensions),
        sorted((name, _function_identity(function)) for name, function in environment.filters.items()),
        sorted((name, _function_identity(function)) for name, function in environment.tests.items()),
    ]
    return repr(settings)


class TemplateCodeCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, with the key above, and a damaged file taken as
    missing (Jinja reads a file's checksum with pickle, and would fail the build on a bad one)."""

    def __init__(self, environment: Environment, folder: Path) -> None:
        super().__init__(str(folder))
        self.environment = environment
        self._settings: str | None = None  # read at the first template: plugins add filters before

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        if self._settings is None:
            self._settings = environment_settings(self.environment)
        autoescape = self.environment.autoescape
        escaped = autoescape(name) if callable(autoescape) else autoescape
        key = f"{self._settings}\0{name}\0{filename}\0{escaped}"
        return hashlib.sha256(key.encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # whatever is wrong with the file, the template compiles anew
            bucket.reset()


def keep_compiled_templates(environment: Environment) -> None:
    """Give `environment` the cache of compiled templates; leave it without one where the cache
    folder cannot be made (each build then compiles its templates, as Jinja does by default)."""
    base = user_cache_folder() / "templates"
    folder = base / code_version()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not (_only_mine(base) and _only_mine(folder)):
            return
        os.utime(folder)  # used now: pruned PRUNE_AFTER after its last use
        _prune(base, keep=folder)
    except OSError:
        return
    environment.bytecode_cache = TemplateCodeCache(environment, folder)


def _only_mine(folder: Path) -> bool:
    """Whether only this user can write into `folder`: Jinja runs the code it reads there."""
    if not hasattr(os, "getuid"):  # not POSIX: the user's profile folder is theirs
        return True
    status = folder.lstat()
    return stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o022


def _prune(base: Path, keep: Path) -> None:
    """Delete the folders of other code that no build has used for PRUNE_AFTER."""
    now = time.time()
    for folder in base.iterdir():
        with contextlib.suppress(OSError):
            if folder != keep and folder.is_dir() and now - folder.stat().st_mtime > PRUNE_AFTER:
                shutil.rmtree(folder)
