"""A seeded, deterministic generator of synthetic Roundbook content for benchmarks.

Usage: python benchmarks/synthetic.py OUT_DIR --companies 1000 [--seed 1]

Writes OUT_DIR/content/ with N startups, about N/5 investment firms, N/20 corporations, N/10
people and about five rounds per startup (a long tail: most have one to four, a few dozens),
with several currencies, partial dates, every precision kind and names in several scripts.
Everything here is invented for measuring speed: it is never copied into content/.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "zen", "qua", "bel", "dor", "nix", "sol", "tri", "um", "pax", "lyr"]
HAN = "月之暗面星河智谱百川云海光明天工数据芯片"
KANA = "アイウエオカキクケコサシスセソ"
CYRILLIC = "абвгдежзиклмнопрст"
SECTORS = [
    "artificial-intelligence",
    "e-commerce",
    "cloud-computing",
    "internet-services",
    "software",
    "semiconductors",
]
COUNTRIES = ["US", "CN", "GB", "DE", "FR", "IN", "JP", "SG", "IL", "CA", "KR"]
CURRENCY_OF = {
    "US": "USD",
    "CN": "CNY",
    "GB": "GBP",
    "DE": "EUR",
    "FR": "EUR",
    "IN": "INR",
    "JP": "JPY",
    "SG": "SGD",
    "IL": "ILS",
    "CA": "CAD",
    "KR": "KRW",
}
STAGES = [
    "pre-seed",
    "seed",
    "angel",
    "series-a",
    "series-b",
    "series-c",
    "series-d",
    "series-e",
    "growth",
    "strategic",
    "debt",
    "venture-undisclosed",
]
CITIES = {
    "US": "San Francisco",
    "CN": "Beijing",
    "GB": "London",
    "DE": "Berlin",
    "FR": "Paris",
    "IN": "Bengaluru",
    "JP": "Tokyo",
    "SG": "Singapore",
    "IL": "Tel Aviv",
    "CA": "Toronto",
    "KR": "Seoul",
}


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def native(rng: random.Random) -> str | None:
    script = rng.random()
    if script < 0.2:
        return "".join(rng.choice(HAN) for _ in range(rng.randint(2, 4)))
    if script < 0.25:
        return "".join(rng.choice(KANA) for _ in range(rng.randint(3, 5)))
    if script < 0.28:
        return "".join(rng.choice(CYRILLIC) for _ in range(rng.randint(5, 8))).capitalize()
    return None


def source(rng: random.Random, key: str, slug: str, year: int) -> str:
    return (
        f"  - id: {key}\n    url: https://news.example.org/{slug}/{rng.randint(1, 10**6)}\n"
        f"    title: {word(rng, 3)} {word(rng, 2)} report\n    publisher: {word(rng, 2)} News\n"
        f"    published: {min(year, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
    )


def date(rng: random.Random, year: int) -> str:
    kind = rng.random()
    if kind < 0.1:
        return f"{year}"
    if kind < 0.45:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def money(rng: random.Random, currency: str, low: float, high: float, allow_range: bool = True) -> str:
    value = round(rng.uniform(low, high), 1)
    scale = "M"
    if currency in ("JPY", "KRW", "INR"):
        value *= {"JPY": 150, "KRW": 1300, "INR": 80}[currency]
        value = round(value)
    if value >= 1000:
        value, scale = round(value / 1000, 2), "B"
    precision = rng.choices(
        ["exact", "approximate", "at-least", "up-to", "range"], [60, 20, 10, 5, 5 if allow_range else 0]
    )[0]
    if precision == "range":
        return f"{{min: {value}{scale}, max: {round(value * 1.5, 2)}{scale}, currency: {currency}, precision: range}}"
    suffix = "" if precision == "exact" else f", precision: {precision}"
    return f"{{value: {value}{scale}, currency: {currency}{suffix}}}"


def generate(out: Path, companies: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    for folder in ("companies", "people", "rounds", "reference", "pages"):
        (content / folder).mkdir(parents=True)
    shutil.copy(REPO / "content/reference/currency-rates.yml", content / "reference/currency-rates.yml")
    shutil.copy(REPO / "content/reference/sectors.yml", content / "reference/sectors.yml")
    (content / "home.md").write_text("Synthetic benchmark data.\n")
    (content / "pages/about.md").write_text("# About\n\nSynthetic benchmark data.\n")
    (content / "pages/methodology.md").write_text("# Methodology\n\nSynthetic benchmark data.\n")

    used: set[str] = set()

    def slug_for(name: str) -> str:
        base = name.lower().replace(" ", "-")
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        return slug

    investors, counts = [], {"companies": 0, "people": 0, "rounds": 0}
    for kind, number in (("investment-firm", max(companies // 5, 3)), ("corporation", max(companies // 20, 2))):
        for _ in range(number):
            name = f"{word(rng, 2)} {'Capital' if kind == 'investment-firm' else 'Group'}"
            slug = slug_for(name)
            country = rng.choice(COUNTRIES)
            text = (
                f"name: {name}\nkind: {kind}\nfounded: {rng.randint(1980, 2020)}\n"
                f"headquarters: {{city: {CITIES[country]}, country: {country}}}\n"
                f"sectors: [venture-capital]\n"
                if kind == "investment-firm"
                else f"name: {name}\nkind: {kind}\nfounded: {rng.randint(1950, 2015)}\n"
                f"headquarters: {{city: {CITIES[country]}, country: {country}}}\nsectors: [{rng.choice(SECTORS)}]\n"
            )
            text += f"summary: A synthetic {kind.replace('-', ' ')} for benchmarks.\nsources:\n" + source(
                rng, "s1", slug, 2020
            )
            (content / f"companies/{slug}.yml").write_text(text)
            investors.append(slug)
            counts["companies"] += 1
    (content / "reference/sectors.yml").write_text((REPO / "content/reference/sectors.yml").read_text())
    for _ in range(max(companies // 10, 2)):
        name = f"{word(rng, 2)} {word(rng, 2)}"
        slug = slug_for(name)
        text = f"name: {name}\nsummary: A synthetic angel investor.\nsources:\n" + source(rng, "s1", slug, 2020)
        (content / f"people/{slug}.yml").write_text(text)
        investors.append(slug)
        counts["people"] += 1
    # A few investors are in most deals: weights fall off like a power law.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(investors))]
    for _ in range(companies):
        name = f"{word(rng, rng.randint(2, 3))} {rng.choice(['AI', 'Labs', 'Robotics', 'Systems', 'Data', 'Bio'])}"
        slug = slug_for(name)
        country = rng.choice(COUNTRIES)
        founded = rng.randint(2015, 2022)
        native_name = native(rng)
        lines = [f"name: {name}"]
        if native_name:
            lines.append(f"native_name: {native_name}")
        lines += [
            f"aliases: [{word(rng, 2)}]",
            "kind: startup",
            "status: active",
            f"founded: {founded}-{rng.randint(1, 12):02d}",
            f"headquarters: {{city: {CITIES[country]}, country: {country}}}",
            f"website: https://{slug}.example.org",
            f"sectors: [{', '.join(sorted(set(rng.sample(SECTORS, rng.randint(1, 2)))))}]",
            f"summary: {name} builds {word(rng, 2).lower()} software for {word(rng, 2).lower()} teams.",
            "description: |",
            f"  {name} was founded in {founded}. It sells to *{word(rng, 2)}* customers and",
            f"  employs about {rng.randint(5, 900)} people across {rng.randint(1, 9)} offices.",
            "products:",
            f"  - name: {word(rng, 2)}",
            f"    launched: {founded + 1}",
            "    summary: The first product.",
            "    sources: [s1]",
            "milestones:",
            f"  - date: {founded + 2}-{rng.randint(1, 12):02d}",
            "    text: Opened a second office.",
            "    sources: [s1]",
            "sources:",
        ]
        (content / f"companies/{slug}.yml").write_text("\n".join(lines) + "\n" + source(rng, "s1", slug, founded + 2))
        counts["companies"] += 1
        # A long tail of round counts averaging about five.
        rounds = min(int(rng.paretovariate(1.6) * 2.4), 40)
        currency = CURRENCY_OF[country] if rng.random() < 0.5 else "USD"
        year = founded + 1  # rounds come after the founding year, so no round predates it
        for number in range(rounds):
            year = min(year + rng.choice([0, 1, 1, 2]), 2026)
            if year == 2026 and rng.random() < 0.9:
                year = 2025
            announced = date(rng, year)
            if announced.startswith("2026-") and int(announced[5:7]) > 10:
                announced = "2026-10"
            stage = STAGES[min(number, len(STAGES) - 1)] if rng.random() < 0.7 else rng.choice(STAGES)
            chosen = rng.choices(investors, weights, k=rng.randint(1, 5))
            chosen = list(dict.fromkeys(chosen))
            lead, participants = chosen[:1], chosen[1:]
            amount = money(rng, currency, 0.5 * (number + 1), 30 * (number + 1))
            text = f"announced: {announced}\nstage: {stage}\n"
            text += "amount: undisclosed\n" if rng.random() < 0.1 else f"amount: {amount}\n"
            if rng.random() < 0.5:
                text += f"valuation: {money(rng, currency, 10 * (number + 1), 300 * (number + 1))}\n"
            text += f"lead: [{', '.join(lead)}]\n"
            if participants:
                text += f"participants: [{', '.join(participants)}]\n"
            text += "sources:\n" + source(rng, "s1", slug, year)
            folder = content / f"rounds/{slug}"
            folder.mkdir(exist_ok=True)
            (folder / f"{announced}-{stage}-{number + 1}.yml").write_text(text)
            counts["rounds"] += 1
    return counts


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--companies", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    print(generate(arguments.out, arguments.companies, arguments.seed))
