"""``sisterbot db upgrade|current|backup``: migrate, show the revision, back up SQLite."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.models import RegistryConflict


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``db`` subcommand."""
    parser = subparsers.add_parser(
        "db",
        help="database maintenance (migrations, backup)",
        description="upgrade: apply the Alembic migrations to SISTERBOT_DATABASE_URL (SQLite "
        "by default), then the release's registry (knowledge/agreements.csv): new agreements "
        "are added and corrections applied, except to agreements a curator changed or "
        "deleted; those are kept and listed as conflicts with what the release wanted. Safe "
        "to run at any time, also by several processes at once. current: print the schema "
        "revision. backup FILE: an online, consistent copy of a SQLite database (while the "
        "bot runs); restore by stopping the bot and putting the copy in place of the "
        "database file. For PostgreSQL use pg_dump and pg_restore (README: Operations).",
    )
    parser.add_argument(
        "action",
        choices=("upgrade", "current", "backup"),
        help="upgrade: migrate; current: show revision; backup: copy SQLite to FILE",
    )
    parser.add_argument("file", nargs="?", help="backup: the new file to write")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Migrate and apply the shipped registry, or print the current revision."""
    from bot.app.root import build_regions, sync_registry
    from bot.config import Settings
    from bot.storage.database import Database

    settings = Settings.from_env()
    if args.action == "backup":
        return run_backup(settings.database_url, args.file)
    if args.file is not None:
        print(f"sisterbot: db {args.action} takes no file", file=sys.stderr)
        return 2
    if args.action == "current":
        database = Database.connect(settings.database_url)
        try:
            print(database.current_revision() or "(empty database)")
        finally:
            database.dispose()
        return 0
    regions = build_regions(settings)
    database = Database.connect(settings.database_url)
    try:
        database.upgrade()
        result = sync_registry(settings, regions, database)
        print(f"database at revision {database.current_revision()}")
        print(
            f"registry: {result.added} added, {result.updated} corrected, "
            f"{result.unchanged} unchanged, {len(result.conflicts)} kept as curators left them"
        )
        for conflict in result.conflicts:
            print("  " + describe_conflict(conflict))
    finally:
        database.dispose()
    return 0


def describe_conflict(conflict: RegistryConflict) -> str:
    """One line: which agreement, what the curator did, what the release wanted."""
    from bot.agreement_files.formats import COLUMNS

    wanted = conflict.wanted
    where = f"{wanted.region_code} {wanted.partner}"
    if conflict.stored is None:
        return f"{where}: deleted by a curator; this release has it (not re-added)"
    changed = [
        name
        for name in COLUMNS
        if name not in ("region", "partner")  # the key: the same on both sides
        and getattr(conflict.stored, name) != getattr(wanted, name)
    ]
    shown = ", ".join(f"{n}: {_cell(getattr(wanted, n))!r}" for n in changed)
    return f"{where}: changed by a curator; this release wants {shown}"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value.value) if hasattr(value, "value") else str(value)


def run_backup(database_url: str, file: str | None) -> int:
    """Back up the SQLite database to ``file``; one line either way."""
    from pathlib import Path

    from bot.storage.maintenance import BackupError, backup_sqlite

    if not file:
        print("sisterbot: db backup needs a FILE to write, e.g. sisterbot db backup "
              "sisterbot-2026-11-30.db", file=sys.stderr)  # fmt: skip
        return 2
    try:
        size = backup_sqlite(database_url, Path(file))
    except BackupError as error:
        print(f"sisterbot: {error}", file=sys.stderr)
        return 1
    print(f"backed up to {file} ({size:,} bytes)")
    return 0
