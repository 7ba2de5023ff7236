"""``sisterbot bench``: accuracy, latency, throughput and memory, one section per area.

Each area is a module in :mod:`bot.bench` with ``run(settings) -> dict[str, object]``;
the figures are printed as ``name: value`` lines, or as one JSON object with ``--json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

AREAS = ("answers", "regions", "telegram", "reminders", "whatsapp", "resources", "floods")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``bench`` subcommand."""
    parser = subparsers.add_parser(
        "bench",
        help="run the benchmarks (accuracy, latency, throughput, memory)",
        description="Measure the quality bars of DESIGN.md. Runs on a throwaway SQLite "
        "database and local servers on 127.0.0.1 only.",
    )
    parser.add_argument(
        "--only", choices=AREAS, action="append", help="run only this area (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen areas and print their figures."""
    from bot.config import Settings

    settings = Settings.from_env()
    results: dict[str, dict[str, object]] = {}
    for area in args.only or AREAS:
        module = importlib.import_module(f"bot.bench.{area}")
        if not args.json:
            print(f"== {area}", flush=True)
        figures: dict[str, object] = module.run(settings)
        results[area] = figures
        if not args.json:
            for name, value in figures.items():
                shown = f"{value:.4g}" if isinstance(value, float) else value
                print(f"  {name}: {shown}", flush=True)
    if args.json:
        json.dump(results, sys.stdout, indent=2, default=str)
        print()
    return 0
