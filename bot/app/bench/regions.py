"""Region resolution: accuracy on the development queries, on generated typos, and latency.

Scoring follows DESIGN.md: an expected code must come back as the one region (exact or
fuzzy), ``ambiguous:A,B`` must be offered as a choice containing A and B, and ``none``
must resolve to nothing. The generated typos (one edit in every region name of eight or
more letters, seeded) measure the method on queries nobody wrote for it.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from bot.config import Settings
from bot.core.models import RegionLevel, RegionMatch
from bot.core.status import RegionIndex, core_name

DEV_QUERIES = Path(__file__).resolve().parent / "data" / "regions-dev.tsv"
LATENCY_ROUNDS = 30
SEED = 20190710


def read_dev_queries(path: Path = DEV_QUERIES) -> list[tuple[str, str]]:
    """(expected, query) pairs from the TSV (header ``expected<TAB>query``)."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if number == 0 or not line.strip():
            continue
        expected, _, query = line.partition("\t")
        pairs.append((expected.strip(), query.strip()))
    return pairs


def is_expected(match: RegionMatch, expected: str) -> bool:
    """Whether ``match`` is what ``expected`` (a code, ``ambiguous:A,B`` or ``none``) says."""
    if expected == "none":
        return match.kind == "none"
    if expected.startswith("ambiguous:"):
        wanted = set(expected.split(":", 1)[1].split(","))
        offered = {c.region.code for c in match.candidates}
        return match.kind == "ambiguous" and wanted <= offered
    return (
        match.kind in ("exact", "fuzzy")
        and match.region is not None
        and (match.region.code == expected)
    )


def typo_queries(
    index: RegionIndex, rng: random.Random, lengths: range = range(8, 100)
) -> list[tuple[str, str]]:
    """One random edit (drop, double, swap, replace) in each unique core name of a length."""
    counts: dict[str, int] = {}
    for region in index.all():
        counts[core_name(region)] = counts.get(core_name(region), 0) + 1
    queries = []
    for region in index.all():
        name = core_name(region)
        if len(name.replace(" ", "")) not in lengths or counts[name] > 1:
            continue
        position = rng.randrange(1, len(name) - 1)
        if name[position] == " ":
            position -= 1
        edit = rng.choice(("drop", "double", "swap", "replace"))
        if edit == "drop":
            typo = name[:position] + name[position + 1 :]
        elif edit == "double":
            typo = name[:position] + name[position] + name[position:]
        elif edit == "swap":
            typo = name[: position - 1] + name[position] + name[position - 1] + name[position + 1 :]
        else:
            typo = name[:position] + rng.choice("aeiouknrs") + name[position + 1 :]
        queries.append((region.code, typo))
    return queries


def _offers(match: RegionMatch, code: str) -> bool:
    if match.region is not None:
        return match.region.code == code
    return match.kind == "ambiguous" and code in {c.region.code for c in match.candidates}


def level_word_queries(index: RegionIndex, rng: random.Random) -> list[tuple[str, str]]:
    """Every kab/kota and province named the ways officers write the level."""
    words = {
        RegionLevel.KABUPATEN: ("kab.", "kab", "Kabupaten", "pemkab", "KAB."),
        RegionLevel.KOTA: ("kota", "Kota", "pemkot", "KOTA"),
        RegionLevel.PROVINSI: ("prov.", "provinsi", "Propinsi", "pemprov"),
    }
    queries = []
    for region in index.all():
        word = rng.choice(words[region.level])
        name = core_name(region)
        name = name.title() if rng.random() < 0.5 else name
        queries.append((region.code, f"{word} {name}"))
    return queries


def random_strings(rng: random.Random, count: int) -> list[str]:
    """Letter strings that are no region's name (a false match here is a wrong answer)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(5, 12))) for _ in range(count)]


def run(settings: Settings) -> dict[str, object]:
    """Accuracy on the dev set and on generated typos; lookup latency p50/p99."""
    index = RegionIndex.load(settings.knowledge_dir / "regions.csv")
    dev = read_dev_queries()
    dev_ok = [is_expected(index.resolve(q), e) for e, q in dev]
    rng = random.Random(SEED)  # noqa: S311 - a reproducible sample, not a secret
    typos = typo_queries(index, rng)
    typo_matches = [(e, index.resolve(q)) for e, q in typos]
    # A typo may honestly land on a tie: "offered" counts the intended region in the choice.
    typo_offered = [_offers(m, e) for e, m in typo_matches]
    typo_single = [m.region is not None and m.region.code == e for e, m in typo_matches]
    short = [(e, index.resolve(q)) for e, q in typo_queries(index, rng, range(5, 8))]
    short_offered = [_offers(m, e) for e, m in short]
    forms = level_word_queries(index, rng)
    forms_ok = [is_expected(index.resolve(q), e) for e, q in forms]
    noise = random_strings(rng, 300)
    noise_none = [index.resolve(q).kind == "none" for q in noise]
    queries = [q for _, q in dev] + [q for _, q in typos] + [q for _, q in forms] + noise
    timings: list[float] = []
    for _ in range(LATENCY_ROUNDS):
        for query in queries:
            start = time.perf_counter()
            index.resolve(query)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    failures = [f"{e} <- {q!r}" for (e, q), ok in zip(dev, dev_ok, strict=True) if not ok]
    return {
        "dev_queries": len(dev),
        "dev_accuracy": sum(dev_ok) / len(dev),
        "dev_failures": "; ".join(failures) or "none",
        "typo_queries": len(typos),
        "typo_offered_rate": sum(typo_offered) / len(typos),
        "typo_resolved_to_one_rate": sum(typo_single) / len(typos),
        "short_typo_queries": len(short),
        "short_typo_offered_rate": sum(short_offered) / len(short),
        "level_word_queries": len(forms),
        "level_word_accuracy": sum(forms_ok) / len(forms),
        "random_strings_rejected_rate": sum(noise_none) / len(noise),
        "lookup_p50_ms": statistics.median(timings),
        "lookup_p99_ms": timings[int(len(timings) * 0.99) - 1],
        "lookups_timed": len(timings),
    }
