"""The last build's site folder, set aside while MkDocs empties it and pruned when it comes back
(roundbook/site/incremental/site_folder.py). tests/test_incremental.py builds over it; these are
the steps on their own, and the ways a build can stop between them."""

from __future__ import annotations

import os
from pathlib import Path

from roundbook.site.incremental import site_folder


def make_site(root: Path) -> Path:
    site = root / "build"
    (site / "companies" / "acme").mkdir(parents=True)
    (site / "companies" / "acme" / "index.html").write_text("acme")
    (site / "index.html").write_text("home")
    return site


def test_the_folder_is_set_aside_and_comes_back_pruned_to_what_the_build_links(tmp_path):
    site = make_site(tmp_path)
    blob = tmp_path / "blob"
    os.link(site / "companies" / "acme" / "index.html", blob)  # as the cache holds a page
    other_blob = tmp_path / "other-blob"
    other_blob.write_text("home")  # the same bytes, but not the file that is there
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kept.txt").write_text("not the site's")
    (site / "outside").symlink_to(outside, target_is_directory=True)
    (site / ".git").mkdir()

    aside = site_folder.set_aside(str(site))
    assert aside is not None and not site.exists()  # MkDocs finds nothing to empty
    site.mkdir()  # as something may make it meanwhile
    acme = str(site / "companies" / "acme" / "index.html")
    kept = aside.put_back({acme: str(blob), str(site / "index.html"): str(other_blob)})

    assert kept == {acme}
    assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*")) == [
        ".git",
        "companies",
        "companies/acme",
        "companies/acme/index.html",
    ]
    assert (outside / "kept.txt").read_text() == "not the site's"  # the link went, not what it points to
    assert not os.path.lexists(aside.folder)


def test_a_build_that_stopped_with_the_folder_aside_gets_it_back(tmp_path):
    site = make_site(tmp_path)
    aside = site_folder.set_aside(str(site))
    assert aside is not None
    aside.restore()  # the build stopped before MkDocs made anything
    assert (site / "index.html").read_text() == "home"
    assert not os.path.lexists(aside.folder)

    # Stopped harder, with nothing to restore it: the next build puts it back, then aside again.
    aside = site_folder.set_aside(str(site))
    assert aside is not None and not site.exists()
    again = site_folder.set_aside(str(site))
    assert again == aside and (Path(again.folder) / "index.html").read_text() == "home"


def test_an_aside_folder_left_beside_a_newer_site_is_dropped(tmp_path):
    site = make_site(tmp_path)
    stale = Path(str(site) + site_folder.ASIDE_SUFFIX)
    stale.mkdir()
    (stale / "old.html").write_text("old")
    aside = site_folder.set_aside(str(site))
    assert aside is not None
    assert sorted(path.name for path in Path(aside.folder).iterdir()) == ["companies", "index.html"]


def test_a_site_folder_that_is_a_link_or_missing_is_left_to_mkdocs(tmp_path):
    assert site_folder.set_aside(str(tmp_path / "build")) is None
    real = make_site(tmp_path / "real")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    assert site_folder.set_aside(str(tmp_path / "linked")) is None
    assert (real / "index.html").is_file()
