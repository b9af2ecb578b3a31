"""No command writes through a symbolic link in the project: `new`, `import`, `fmt` and `schemas`.

A pull request can add a link as the content folder, as a folder in it or as a file; a command
run afterwards must refuse it, name it, exit 1 and write nothing, here or where the link leads.
A link planted while a command runs, after its checks, is refused as well (roundbook/edit/files.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import roundbook
from roundbook.cli import main
from roundbook.edit import files
from roundbook.edit.files import SymbolicLinkRefused, create_all, create_text, replace_text, write_text
from test_import_problems import MAP

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

REFUSED = "Error: {} is a symbolic link, which Roundbook does not write through; nothing was written\n"
SOURCE = [
    "--source-url",
    "https://news.example/a",
    "--source-publisher",
    "Example News",
    "--source-published",
    "2024-05",
]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, links not followed (a dangling one stays dangling)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[relative] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[relative] = path.read_bytes()
    return found


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Where the links lead: a folder beside the project, which no command may write into."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def link_folder(project: Path, relative: str, outside: Path) -> None:
    """Move a folder of the project out, and leave a link to it in its place."""
    moved = outside / Path(relative).name
    shutil.move(project / relative, moved)
    (project / relative).symlink_to(moved, target_is_directory=True)


def link_file(project: Path, relative: str, outside: Path) -> Path:
    """A link at `relative` to a file outside that does not exist yet: writing through it would create it."""
    target = outside / "target.yml"
    (project / relative).symlink_to(target)
    return target


# --- roundbook new ---------------------------------------------------------------------------

NEW = {
    "company": (["new", "company", "Example Labs", "--kind", "startup", *SOURCE], "content/companies/example-labs.yml"),
    "person": (["new", "person", "Jane Q. Example", *SOURCE], "content/people/jane-q-example.yml"),
    "round": (
        ["new", "round", "acme-robotics", "--announced", "2024-05", "--stage", "seed", *SOURCE],
        "content/rounds/acme-robotics/2024-05-seed.yml",
    ),
}


@pytest.mark.parametrize("kind", sorted(NEW))
@pytest.mark.parametrize("linked", ["content", "folder"])
def test_new_refuses_a_linked_folder(project, outside, kind, linked):
    args, written = NEW[kind]
    folder = "content" if linked == "content" else written.rsplit("/", 1)[0]
    link_folder(project, folder, outside)
    before, there = tree(project), tree(outside)
    result = roundbook(args, project)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", REFUSED.format(folder))
    assert (tree(project), tree(outside)) == (before, there)


@pytest.mark.parametrize("kind", sorted(NEW))
def test_new_refuses_a_link_at_the_file_it_would_write(project, outside, kind):
    args, written = NEW[kind]
    target = link_file(project, written, outside)
    before = tree(project)
    result = roundbook(args, project)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", REFUSED.format(written))
    assert tree(project) == before
    assert not target.exists()


def test_new_refuses_a_link_planted_after_its_checks(project, outside, monkeypatch):
    import roundbook.commands.new as new_command

    real = new_command.create_text

    def planting(*args):
        link_folder(project, "content/people", outside)
        return real(*args)

    monkeypatch.setattr(new_command, "create_text", planting)
    result = CliRunner().invoke(main, ["new", "person", "Jane Q. Example", "--root", str(project)])
    assert (result.exit_code, result.output) == (1, REFUSED.format("content/people"))
    assert tree(outside) == {"people/jane-roe.yml": (project / "content/people/jane-roe.yml").read_bytes()}


# --- roundbook import ------------------------------------------------------------------------

DEALS = (
    "Company,Date,Round,Amount,Source,Publisher\n"
    "Beta Labs,2024-03-20,Series A,$5M,https://news.example/a,Example News\n"
)
IMPORTED = "content/rounds/beta-labs/2024-03-20-series-a.yml"


@pytest.fixture
def deals(project: Path) -> Path:
    (project / "deals.csv").write_text(DEALS)
    (project / "map.yml").write_text(MAP)
    return project


def import_deals(project: Path):
    return CliRunner().invoke(
        main, ["import", "csv", str(project / "deals.csv"), "--map", str(project / "map.yml"), "--root", str(project)]
    )


def test_import_refuses_a_linked_content_folder(deals, outside):
    link_folder(deals, "content", outside)
    there = tree(outside)
    result = import_deals(deals)
    # The loader refuses it first, as it refuses any link in the content (the test below).
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            "content:1:1: a symbolic link; content files must be plain files in the repository",
            "1 problem in 1 file in the content: fix them first (`roundbook validate` lists them). Nothing was written.",
        ],
    )
    assert tree(outside) == there


def test_import_stops_at_a_link_in_the_content_as_at_any_problem_in_it(deals, outside):
    link_folder(deals, "content/rounds/beta-labs", outside)
    link_file(deals, "content/rounds/acme-robotics/2024-03-20-series-a.yml", outside)
    there = tree(outside)
    result = import_deals(deals)
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            "content/rounds/acme-robotics/2024-03-20-series-a.yml:1:1: a symbolic link; content files must be plain files in the repository",
            "content/rounds/beta-labs:1:1: a symbolic link; content files must be plain files in the repository",
            "2 problems in 2 files in the content: fix them first (`roundbook validate` lists them). Nothing was written.",
        ],
    )
    assert tree(outside) == there


@pytest.mark.parametrize(
    "plant, refused",
    [
        (
            lambda project, outside: link_folder(project, "content/rounds/beta-labs", outside),
            "content/rounds/beta-labs",
        ),
        (lambda project, outside: link_file(project, IMPORTED, outside), IMPORTED),
    ],
)
def test_import_refuses_a_link_planted_after_the_content_was_read(deals, outside, monkeypatch, plant, refused):
    from roundbook.importers import run

    real = run.create_all

    def planting(*args):
        plant(deals, outside)
        return real(*args)

    monkeypatch.setattr(run, "create_all", planting)
    result = import_deals(deals)
    assert (result.exit_code, result.output) == (1, REFUSED.format(refused))
    assert not (outside / "target.yml").exists()
    assert sorted(tree(outside)) == (["beta-labs/2024-03-seed.yml"] if refused.endswith("beta-labs") else [])
    assert not [path for path in deals.rglob("*.yml") if "2024-03-20" in path.name and not path.is_symlink()]


# --- roundbook fmt ---------------------------------------------------------------------------

UNFORMATTED = "content/companies/acme-robotics.yml"  # the fixture files have no modeline: fmt adds it


def test_fmt_refuses_a_linked_content_folder(project, outside):
    link_folder(project, "content", outside)
    there = tree(outside)
    result = roundbook(["fmt"], project)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", REFUSED.format("content"))
    assert tree(outside) == there


@pytest.mark.parametrize("check", [False, True])
def test_fmt_refuses_links_in_the_content(project, outside, check):
    link_folder(project, "content/rounds/beta-labs", outside)
    target = outside / "acme-robotics.yml"
    shutil.move(project / UNFORMATTED, target)
    (project / UNFORMATTED).symlink_to(target)
    there, before = tree(outside), tree(project)
    result = roundbook(["fmt", "--check"] if check else ["fmt"], project)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {UNFORMATTED}, content/rounds/beta-labs are symbolic links, which Roundbook does not "
        f"write through; nothing was {'checked' if check else 'written'}\n"
    )
    assert (tree(outside), tree(project)) == (there, before)


def test_fmt_refuses_a_link_planted_after_its_checks(project, outside, monkeypatch):
    import roundbook.commands.fmt as fmt_command

    real = fmt_command.replace_text

    def planting(*args):
        if not (project / "content/rounds").is_symlink():
            link_folder(project, "content/rounds", outside)
        return real(*args)

    monkeypatch.setattr(fmt_command, "replace_text", planting)
    result = CliRunner().invoke(main, ["fmt", "--root", str(project)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: content/rounds is a symbolic link, which Roundbook does not "
        "write through; 5 files reformatted before it\n",
    )
    rounds = tree(outside)
    assert len(rounds) == 3 and not any(text.startswith(b"# yaml-language-server") for text in rounds.values())


# --- roundbook schemas -----------------------------------------------------------------------


def test_schemas_refuses_a_linked_schema_file(project, outside):
    (project / "schemas").mkdir()
    target = outside / "precious.txt"
    target.write_text("not a schema\n")
    (project / "schemas/round.schema.json").symlink_to(target)
    result = roundbook(["schemas"], project)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", REFUSED.format("schemas/round.schema.json"))
    assert target.read_text() == "not a schema\n"
    assert tree(project / "schemas") == {"round.schema.json": f"-> {target}".encode()}  # no other schema either


def test_schemas_refuses_a_linked_schema_folder(project, outside):
    (project / "schemas").symlink_to(outside, target_is_directory=True)
    result = roundbook(["schemas"], project)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", REFUSED.format("schemas"))
    assert tree(outside) == {}


# --- The writers themselves, which every command shares --------------------------------------


def write_with(writer: str, root: Path, shown: str) -> None:
    if writer == "create_all":
        create_all(root, {"content/companies/plain.yml": "plain\n", shown: "new\n"})
    else:
        {"create_text": create_text, "replace_text": replace_text, "write_text": write_text}[writer](
            root, shown, "new\n"
        )


@pytest.mark.parametrize("writer", ["create_text", "create_all", "replace_text", "write_text"])
@pytest.mark.parametrize("linked", ["content", "content/companies", "content/companies/acme-robotics.yml"])
def test_no_writer_follows_a_link(project, outside, writer, linked):
    if linked.endswith(".yml"):
        target = outside / "acme-robotics.yml"
        shutil.move(project / linked, target)
        (project / linked).symlink_to(target)
    else:
        link_folder(project, linked, outside)
    replaces = writer in ("replace_text", "write_text")
    shown = (
        "content/companies/acme-robotics.yml" if replaces or linked.endswith(".yml") else "content/companies/new.yml"
    )
    before, there = tree(project), tree(outside)
    with pytest.raises(SymbolicLinkRefused) as refused:
        write_with(writer, project, shown)
    assert refused.value.paths == (linked,)
    assert (tree(project), tree(outside)) == (before, there)


def test_a_folder_swapped_for_a_link_between_check_and_write_is_refused(project, outside, monkeypatch):
    """The writer opens each folder itself with O_NOFOLLOW: a check made before is not what protects."""
    real_open = os.open

    def swapping_open(path, flags, *args, **kwargs):
        if path == "companies" and not (project / "content/companies").is_symlink():
            link_folder(project, "content/companies", outside)
        return real_open(path, flags, *args, **kwargs)

    files.refuse_symbolic_links(project, "content/companies/new.yml")  # nothing wrong yet
    monkeypatch.setattr(files.os, "open", swapping_open)
    with pytest.raises(SymbolicLinkRefused):
        create_text(project, "content/companies/new.yml", "new\n")
    assert not (outside / "companies/new.yml").exists()


def test_an_existing_file_is_still_refused_as_existing(project):
    with pytest.raises(FileExistsError) as error:
        create_all(project, {"content/companies/new.yml": "new\n", "content/companies/acme-robotics.yml": "x\n"})
    assert error.value.filename == "content/companies/acme-robotics.yml"
    assert not (project / "content/companies/new.yml").exists()
