"""Problems are values: every stage collects them, nothing raises at the first one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one content file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class Mark(NamedTuple):
    """Where a value stands in its file: the path as shown to people, 1-based line and column."""

    # A tuple rather than a frozen dataclass: the loader makes one for every value of every file,
    # hundreds of thousands for a large site, and a tuple costs a fifth as much to create.
    path: str
    line: int
    col: int

    def problem(self, message: str) -> Problem:
        # One problem, one line: a message that quotes a value written over several lines
        # would otherwise break `path:line:col: message` for every tool that reads it.
        if "\n" in message or "\r" in message:
            message = message.replace("\r", "\\r").replace("\n", "\\n")
        return Problem(self.path, self.line, self.col, message)

    def __reduce__(self):
        # Unpickled by tuple.__new__ itself, without a call to the named tuple's own __new__ (in
        # Python): an incremental build unpickles a mark for each value of every record it keeps.
        return tuple.__new__, (Mark, tuple(self))


@dataclass
class Problems:
    """A collector that stages append to; sorted and counted when reported."""

    items: list[Problem] = field(default_factory=list)

    def add(self, mark: Mark, message: str) -> None:
        self.items.append(mark.problem(message))

    def extend(self, problems: Problems | list[Problem]) -> None:
        self.items.extend(problems.items if isinstance(problems, Problems) else problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))


def summary_line(problem_count: int, file_count: int) -> str:
    """The one line printed after the problems, so a long list ends with its total."""
    problems = "problem" if problem_count == 1 else "problems"
    files = "file" if file_count == 1 else "files"
    return f"{problem_count} {problems} in {file_count} {files}."


def report(problems: Problems) -> list[str]:
    """Every problem as `path:line:col: message`, sorted, then the summary line."""
    ordered = problems.sorted()
    lines = [str(problem) for problem in ordered]
    lines.append(summary_line(len(ordered), len({p.path for p in ordered})))
    return lines
