"""``sisterbot import agreements FILE`` and ``sisterbot export agreements FILE``."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` and ``export`` subcommands."""
    importer = subparsers.add_parser(
        "import",
        help="import agreements from CSV or XLSX (validated, all or nothing)",
        description="Import agreements from a CSV with a header row, or the first sheet "
        "of an XLSX, with the columns: region (a code such as 35.78, or a name that means "
        "one region), partner, country, kind (sister_city, sister_province, technical, "
        "other), stage (exploring, loi, mou, active, expired, terminated, unknown, proposed, "
        "awaiting_dprd), loi_date, mou_date, valid_until, last_report_date, next_report_due, "
        "next_review_due, notes, source, and optionally as_of, verified, formal, "
        "dprd_received. Dates are YYYY, YYYY-MM or YYYY-MM-DD; empty means unknown (README: "
        "Curating the content). Every row is validated first; errors are listed with "
        "their line and column and nothing is written. A row with the same region and "
        "partner as a stored agreement updates it. A CSV may be UTF-8 or Windows-1252, "
        "separated by commas, semicolons or tabs (found from its header).",
    )
    importer.add_argument("what", choices=("agreements",), help="what to import")
    importer.add_argument("file", help="a .csv or .xlsx file")
    importer.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    importer.set_defaults(func=run_import)
    exporter = subparsers.add_parser(
        "export",
        help="export agreements to CSV or XLSX",
        description="Write every stored agreement in the import format (CSV, or XLSX when "
        "the file name ends in .xlsx); the file imports back unchanged. In CSV, a cell "
        "that begins with =, +, -, @, tab or CR gets a leading ' so that a spreadsheet "
        "shows it as text instead of running it (the import takes the ' off again). The "
        "folder must exist; the file appears whole or not at all.",
    )
    exporter.add_argument("what", choices=("agreements",), help="what to export")
    exporter.add_argument("file", help="a .csv or .xlsx file to write")
    exporter.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    """Validate and import the file."""
    from pathlib import Path

    from bot.agreement_files.formats import is_xlsx
    from bot.agreement_files.rows import (
        ImportFailed,
        import_agreements,
        parse_agreements,
        tqdm_progress,
    )
    from bot.agreement_files.safety import detect_encoding
    from bot.app.root import build_regions, opened_database
    from bot.config import Settings

    path = Path(args.file)
    if path.is_dir():
        print(f"sisterbot import: {path} is a directory, not a file", file=sys.stderr)
        return 2
    if not path.exists():
        print(f"sisterbot import: no such file: {path}", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"sisterbot import: {path} is not a regular file", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    regions = build_regions(settings)
    if not is_xlsx(path) and detect_encoding(path) == "cp1252":
        # Decoding never fails in Windows-1252: say so, in case it was another encoding.
        print(f"{path}: not UTF-8; read as Windows-1252", file=sys.stderr)
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
    from bot.agreement_files.safety import FileProblem, check_export_path
    from bot.app.root import opened_database
    from bot.config import Settings

    path = Path(args.file)
    try:
        check_export_path(path)  # before the database: a typo is told at once
        with opened_database(Settings.from_env()) as database:
            count = export_agreements(path, database.agreements.all())
    except FileProblem as problem:
        print(f"sisterbot export: {problem}", file=sys.stderr)
        return 2
    print(f"{args.file}: exported {count} agreement(s)")
    return 0
