"""``sisterbot db upgrade``: create or migrate the database to the newest schema."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.models import RegistryConflict

CONFLICT_FIELDS = (
    "country",
    "kind",
    "stage",
    "loi_date",
    "mou_date",
    "valid_until",
    "last_report_date",
    "next_report_due",
    "next_review_due",
    "notes",
    "source",
    "as_of",
    "verified",
    "formal",
    "dprd_received",
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``db`` subcommand."""
    parser = subparsers.add_parser(
        "db",
        help="database maintenance (apply migrations)",
        description="Apply the Alembic migrations to SISTERBOT_DATABASE_URL (SQLite by "
        "default), then the release's registry (knowledge/agreements.csv): new agreements "
        "are added and corrections applied, except to agreements a curator changed or "
        "deleted; those are kept and listed as conflicts with what the release wanted. "
        "Safe to run at any time, also by several processes at once.",
    )
    parser.add_argument(
        "action", choices=("upgrade", "current"), help="upgrade: migrate; current: show revision"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Migrate and apply the shipped registry, or print the current revision."""
    from bot.app import build_regions, sync_registry
    from bot.config import Settings
    from bot.storage.database import Database

    settings = Settings.from_env()
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
    wanted = conflict.wanted
    where = f"{wanted.region_code} {wanted.partner}"
    if conflict.stored is None:
        return f"{where}: deleted by a curator; this release has it (not re-added)"
    changed = [
        name for name in CONFLICT_FIELDS if getattr(conflict.stored, name) != getattr(wanted, name)
    ]
    shown = ", ".join(f"{n}: {_cell(getattr(wanted, n))!r}" for n in changed)
    return f"{where}: changed by a curator; this release wants {shown}"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value.value) if hasattr(value, "value") else str(value)
