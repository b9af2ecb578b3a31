# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
# The scripts are found beside this Makefile, also when it is run from another folder (`make -f`).
HERE := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))
VENV := .venv
PY := $(VENV)/bin/python
BUILD_SET := $(VENV)/.build-set
TEST_SET := $(VENV)/.test-set
# Material prints a notice about MkDocs 2.0 on every build; it is not about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site preview check test serve validate docs chromium clean

# What building needs, and nothing more (requirements/build.lock); the venv is brought up to date
# whenever the pins change. The package is installed editable, so the checkout's code runs.
$(BUILD_SET): requirements/build.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/build.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# What the tests add (requirements/test.lock).
$(TEST_SET): $(BUILD_SET) requirements/test.lock
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/test.lock
	touch $@

# Only the virtual environment with the pinned dependencies (CI runs `roundbook` after it).
setup: $(BUILD_SET)

# Build into build.new and swap it in only when the whole build passed, strict: a failed
# build never leaves a half-written site in build/. The swap renames build aside before it renames
# build.new in, so no moment is without a site (scripts/swap-site says how it recovers from a stop).
# The site before keeps as build.spare, which the next build starts from: the build keeps what
# did not change of it rather than linking every file again.
site: $(BUILD_SET)
	$(HERE)scripts/swap-site --repair build
	rm -rf build.new
	if [ -d build.spare ]; then mv build.spare build.new; fi
	$(PY) -m mkdocs build --strict --site-dir build.new
	$(HERE)scripts/swap-site build.new build build.spare

# The site as a folder to open from disk, as reviewers open the pull request's preview: Material's
# offline plugin (mkdocs.yml) gives links to .html files and, below the size where the site
# searches with Pagefind, search without a server (roundbook/site/offline.py).
preview: $(BUILD_SET)
	rm -rf preview
	ROUNDBOOK_OFFLINE=true $(PY) -m mkdocs build --strict --site-dir preview

# The test runs keep Python's compiled modules, where they belong: in the __pycache__ folders pip
# filled as it installed the dependencies, and beside the checkout's own code (Git ignores them).
# Where PYTHONDONTWRITEBYTECODE is set (as many containers set it), every pytest worker compiled
# every test module afresh, about 8 s of CPU each before the first test ran. (A cache of their own,
# PYTHONPYCACHEPREFIX, made a fresh clone compile every dependency again, 123 MB of it.)
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE

# The fast tests, while you work: none that opens Chromium, builds a site, runs a command as a
# process of its own or installs Roundbook afresh (the markers in pyproject.toml).
check: $(TEST_SET)
	$(TEST_ENV) $(PY) -m pytest -n auto -m "not slow and not browser and not build and not command"

# Every test, spread by pytest-xdist over twice as many workers as cores: a worker spends much of
# its time waiting for Chromium, a server or a command, and with one worker a core the cores idled
# (2 cores, before the kept browser contexts: 465 s with 2 workers, 346 s with 4, 356 s with 6).
# --dist loadscope keeps a module's tests on one worker, so a site a module builds once for its
# tests is built once. --no-loadscope-reorder hands the modules out in the order tests/conftest.py
# gives them, the longest first (xdist's own order is by number of tests, which left the longest
# to start last). Each worker runs a Chromium of its own: on a machine short of memory for them, set
# fewer (`make test TEST_WORKERS=2`).
TEST_WORKERS = $(shell $(PYTHON) -c 'import os; print(2 * (os.cpu_count() or 1))')
test: $(TEST_SET) chromium
	$(TEST_ENV) $(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder

# A live preview that rebuilds when content/ or templates/ change.
serve: $(BUILD_SET)
	$(PY) -m mkdocs serve --livereload

validate: $(BUILD_SET)
	$(VENV)/bin/roundbook validate

# Roundbook's documentation (docs/mkdocs.yml), strict, into docs/build/: it opens from disk. Its
# reference pages are written from the code at every build (docs/hooks/reference.py).
docs: $(BUILD_SET)
	rm -rf docs/build
	$(PY) -m mkdocs build --strict --config-file docs/mkdocs.yml

# The browser tests drive Debian's Chromium; a test tool's own browser download fails here.
chromium:
	scripts/ensure-chromium

clean:
	rm -rf build build.new build.old build.spare preview docs/build $(VENV)
