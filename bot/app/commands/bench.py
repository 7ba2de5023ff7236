"""``sisterbot bench``: accuracy, latency, throughput and memory, one section per area.

Each area is a module in :mod:`bot.app.bench` with ``run(settings) -> dict[str, object]``;
the figures are printed as ``name: value`` lines, or as one JSON object with ``--json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

AREAS = (
    "answers",
    "regions",
    "registry",
    "telegram",
    "reminders",
    "announcements",
    "whatsapp",
    "import",
    "admin",
    "resources",
    "floods",
)
MODULES = {"import": "imports"}  # an area whose name is a Python keyword


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``bench`` subcommand."""
    parser = subparsers.add_parser(
        "bench",
        help="run the benchmarks (accuracy, latency, throughput, memory)",
        description="Measure the project's quality bars (README: Benchmarks): answer "
        "accuracy and latency, region lookup, Telegram throughput, reminder fan-out and "
        "WhatsApp delivery, each figure printed with its goal and whether it passes. Runs "
        "on a throwaway SQLite database and local servers on 127.0.0.1 only. Exit status 1 "
        "when a goal is not met.",
    )
    parser.add_argument(
        "--only", choices=AREAS, action="append", help="run only this area (repeatable)"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object: per area its figures and "goals" '
        '({figure: {"goal", "passed"}})',
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen areas and print their figures."""
    from bot.app.bench.goals import verdicts
    from bot.config import Settings

    settings = Settings.from_env()
    results: dict[str, dict[str, object]] = {}
    failed: list[str] = []
    for area in args.only or AREAS:
        module = importlib.import_module(f"bot.app.bench.{MODULES.get(area, area)}")
        if not args.json:
            print(f"== {area}", flush=True)
        figures: dict[str, object] = module.run(settings)
        judged = verdicts(area, figures)
        failed += [f"{area}.{name}" for name, v in judged.items() if not v["passed"]]
        results[area] = {**figures, "goals": judged}
        if not args.json:
            for name, value in figures.items():
                shown = f"{value:.4g}" if isinstance(value, float) else value
                verdict = judged.get(name)
                if verdict is not None:
                    mark = "pass" if verdict["passed"] else "FAIL"
                    shown = f"{shown}  (goal {verdict['goal']}: {mark})"
                print(f"  {name}: {shown}", flush=True)
    if args.json:
        json.dump(results, sys.stdout, indent=2, default=str)
        print()
    elif failed:
        print(f"goals not met: {', '.join(failed)}")
    else:
        print("every goal met")
    return 1 if failed else 0
