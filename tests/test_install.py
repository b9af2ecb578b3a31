"""Roundbook installed as a site owner installs it, in fresh virtual environments outside this
repository: from a built wheel, and from the checkout through a new site's own `make site`. Each
then makes a site with `roundbook init`, adds a company and builds it strictly. Slow: each
environment installs what building needs (from pip's cache after `make setup`)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow
BUILD_LOCK = REPO / "requirements" / "build.lock"
# The environment without this one's virtual environment: a site owner's shell.
ENV = {
    **{key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")},
    "NO_MKDOCS_2_WARNING": "1",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    # pip compiles every module it installs ahead of time by default; Python compiles what a
    # build imports anyway, and the rest was a sixth of these tests' time.
    "PIP_NO_COMPILE": "1",
}


def call(args: list, cwd: Path, **env) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, capture_output=True, text=True, timeout=900, env={**ENV, **env}
    )
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def add_company_and_build(site: Path, bin_dir: Path) -> Path:
    call(
        [
            bin_dir / "roundbook",
            "new",
            "company",
            "Solar Sails",
            "--kind",
            "startup",
            "--country",
            "DE",
            "--summary",
            "A fictional maker of solar sails, for a test.",
            "--source-url",
            "https://news.example/sails",
            "--source-publisher",
            "Example News",
        ],
        site,
    )
    call([bin_dir / "mkdocs", "build", "--strict", "--site-dir", site / "built"], site)
    return site / "built"


def test_a_built_wheel_installs_and_builds_a_new_site(tmp_path):
    call(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", tmp_path / "wheels", REPO],
        tmp_path,
    )
    [wheel] = (tmp_path / "wheels").glob("roundbook-*.whl")
    environment = tmp_path / "env"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    call([python, "-m", "pip", "install", "--quiet", "-r", BUILD_LOCK], tmp_path)
    call([python, "-m", "pip", "install", "--quiet", "--no-deps", wheel], tmp_path)
    # The installed package is the wheel's, not this checkout's.
    where = call([python, "-c", "import roundbook.shipped as s; print(s.PACKAGE)"], tmp_path).stdout.strip()
    assert where.startswith(str(environment)), where
    call([environment / "bin" / "roundbook", "init", "mysite"], tmp_path)
    built = add_company_and_build(tmp_path / "mysite", environment / "bin")
    assert "Solar Sails" in (built / "companies/solar-sails/index.html").read_text(encoding="utf-8")
    assert "Solar Sails" in (built / "search/search_index.json").read_text(encoding="utf-8")
    assert (built / "assets/roundbook.css").is_file()


def test_a_new_site_installs_roundbook_from_the_checkout_with_its_own_make_site(tmp_path):
    site = tmp_path / "mysite"
    call(
        [Path(sys.executable).parent / "roundbook", "init", site, "--requirement", f"roundbook @ file://{REPO}"],
        tmp_path,
    )
    call(["make", "site"], site)
    bin_dir = site / ".venv" / "bin"
    built = add_company_and_build(site, bin_dir)
    assert "Solar Sails" in (built / "companies/solar-sails/index.html").read_text(encoding="utf-8")
    assert (site / "build/index.html").is_file()  # make site's own build, swapped into build/
    # Installing from the checkout wrote no package build files into its site folder.
    assert not (REPO / "build" / "lib").exists() and not list(REPO.glob("build/bdist*"))
