"""How long validating the shipped data takes: in-process, and as the `roundbook validate` command.

Run it with `.venv/bin/python benchmarks/validate_shipped.py`. The issue asks for "well under a
second"; tests assert no timings (they would be flaky on a busy machine), this prints them.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 20


def _median_seconds(run, rounds: int = ROUNDS) -> float:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    from roundbook.pipeline import check_content

    checked = check_content(REPO)  # also warms imports and pycountry's tables
    assert not checked.problems, "the shipped data has problems"
    in_process = _median_seconds(lambda: check_content(REPO))
    command = [str(Path(sys.executable).parent / "roundbook"), "validate", "--root", str(REPO)]
    whole_command = _median_seconds(lambda: subprocess.run(command, check=True, capture_output=True))
    print(
        f"shipped data: {len(checked.organizations)} organizations, {len(checked.people)} people, "
        f"{len(checked.rounds)} rounds"
    )
    print(f"load + validate, in process: {in_process * 1000:.0f} ms (median of {ROUNDS})")
    print(f"`roundbook validate`, whole command with start-up: {whole_command * 1000:.0f} ms (median of {ROUNDS})")


if __name__ == "__main__":
    main()
