# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
# The scripts are found beside this Makefile, also when it is run from another folder (`make -f`).
HERE := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# Material prints a notice about MkDocs 2.0 on every build; it is not about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site test serve validate chromium clean

# The venv is rebuilt whenever the pins change.
$(INSTALLED): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Only the virtual environment with the pinned dependencies (CI runs `roundbook` after it).
setup: $(INSTALLED)

# Build into build.new and swap it in only when the whole build passed, strict: a failed
# build never leaves a half-written site in build/. The swap renames build aside before it renames
# build.new in, so no moment is without a site (scripts/swap-site says how it recovers from a stop).
site: $(INSTALLED)
	$(HERE)scripts/swap-site --repair build
	rm -rf build.new
	$(PY) -m mkdocs build --strict --site-dir build.new
	$(HERE)scripts/swap-site build.new build

test: $(INSTALLED) chromium
	$(PY) -m pytest

# A live preview that rebuilds when content/ or templates/ change.
serve: $(INSTALLED)
	$(PY) -m mkdocs serve --livereload

validate: $(INSTALLED)
	$(VENV)/bin/roundbook validate

# The browser tests drive Debian's Chromium; a test tool's own browser download fails here.
chromium:
	scripts/ensure-chromium

clean:
	rm -rf build build.new build.old $(VENV)
