"""``sisterbot import agreements FILE`` and ``sisterbot export agreements FILE``."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` and ``export`` subcommands."""
    importer = subparsers.add_parser(
        "import",
        help="import agreements from CSV or XLSX (validated, all or nothing)",
        description="Import agreements in DESIGN.md's format (CSV with a header row, or the "
        "first sheet of an XLSX). Every row is validated first; errors are listed with "
        "their line and column and nothing is written. A row with the same region and "
        "partner as a stored agreement updates it.",
    )
    importer.add_argument("what", choices=("agreements",), help="what to import")
    importer.add_argument("file", help="a .csv or .xlsx file")
    importer.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    importer.set_defaults(func=run_import)
    exporter = subparsers.add_parser(
        "export",
        help="export agreements to CSV or XLSX",
        description="Write every stored agreement in the import format (CSV, or XLSX when "
        "the file name ends in .xlsx); the file imports back unchanged.",
    )
    exporter.add_argument("what", choices=("agreements",), help="what to export")
    exporter.add_argument("file", help="a .csv or .xlsx file to write")
    exporter.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    """Validate and import the file."""
    from pathlib import Path

    from bot.agreement_files.rows import (
        ImportFailed,
        import_agreements,
        parse_agreements,
        tqdm_progress,
    )
    from bot.app import build_regions, opened_database
    from bot.config import Settings

    path = Path(args.file)
    if not path.is_file():
        print(f"sisterbot import: no such file: {path}", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    regions = build_regions(settings)
    try:
        if args.dry_run:
            rows = parse_agreements(path, regions, progress=tqdm_progress)
            print(f"{path}: {len(rows)} row(s) valid; nothing written (--dry-run)")
            return 0
        with opened_database(settings, regions) as database:
            result = import_agreements(path, regions, database.agreements, progress=tqdm_progress)
    except ImportFailed as failed:
        print(str(failed), file=sys.stderr)
        return 1
    print(
        f"{path}: {result.rows} row(s): {result.inserted} new, {result.updated} changed, "
        f"{result.unchanged} unchanged"
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write every agreement to the file."""
    from pathlib import Path

    from bot.agreement_files.rows import export_agreements
    from bot.app import opened_database
    from bot.config import Settings

    with opened_database(Settings.from_env()) as database:
        count = export_agreements(Path(args.file), database.agreements.all())
    print(f"{args.file}: exported {count} agreement(s)")
    return 0
