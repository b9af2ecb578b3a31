"""How long `roundbook import csv` takes on a few thousand rows, and its second, idempotent run.

Run it with `.venv/bin/python benchmarks/import_rows.py [ROWS]` (default 3000). It writes a
fictional spreadsheet (companies "Bench Company N", investors "Bench Investor N", sources on
news.example) into a throwaway copy of the shipped project, then times the command as a user
runs it: the first run writes a round per row and a profile per new name, the second writes
nothing. Tests assert no timings (they would be flaky on a busy machine); this prints them.
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGES = ["Seed", "Series A", "Series B", "Series C", "Strategic", "Series B+"]
AMOUNTS = ["$1.0B", "~$2.8B", "$2.0B+", "up to $18B", "$3.5B–$5B", "€480M", "¥2.0B (≈$282M)", "Undisclosed", ""]
VALUATIONS = ["$4B pre-money", "$12B post-money", "~$2.8B", "", "Undisclosed"]
MAPPING = """\
columns: {company: Company, announced: Date, stage: Round, amount: Amount, valuation: Valuation,
          lead: Lead, participants: Others, source_url: Source, country: Country}
publisher: Example News
currency: {symbols: {"¥": CNY}}
"""


def write_sheet(path: Path, rows: int) -> None:
    chance = random.Random(6)  # the same sheet every run
    with open(path, "w", newline="", encoding="utf-8") as out:
        sheet = csv.writer(out)
        sheet.writerow(["Company", "Date", "Round", "Amount", "Valuation", "Lead", "Others", "Source", "Country"])
        for number in range(rows):
            company = f"Bench Company {number // 3}"
            investors = [f"Bench Investor {chance.randrange(rows // 4)}" for _ in range(3)]
            sheet.writerow(
                [
                    company,
                    f"{2016 + number % 10}-{1 + number % 12:02d}-{1 + number % 28:02d}",
                    STAGES[number % 3 + (3 if number % 7 == 0 else 0)],
                    chance.choice(AMOUNTS),
                    chance.choice(VALUATIONS),
                    investors[0],
                    "; ".join(investors[1:]),
                    f"https://news.example/bench/{number}",
                    chance.choice(["CN", "US", "GB", "FR"]),
                ]
            )


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)
    return elapsed, result.stdout.splitlines()[-1]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    roundbook = str(Path(sys.executable).parent / "roundbook")
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(REPO / "content", project / "content")
        write_sheet(project / "bench.csv", rows)
        (project / "bench.yml").write_text(MAPPING, encoding="utf-8")
        command = [roundbook, "import", "csv", "bench.csv", "--map", "bench.yml"]
        first, summary = timed(command, project)
        print(f"first run, {rows} rows: {first:.2f} s\n  {summary}")
        again, summary = timed(command, project)
        print(f"second run (nothing to write): {again:.2f} s\n  {summary}")
        check, summary = timed([roundbook, "validate"], project)
        print(f"roundbook validate afterwards: {check:.2f} s\n  {summary}")


if __name__ == "__main__":
    main()
