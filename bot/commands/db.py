"""``sisterbot db upgrade``: create or migrate the database to the newest schema."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``db`` subcommand."""
    parser = subparsers.add_parser(
        "db",
        help="database maintenance (apply migrations)",
        description="Apply the Alembic migrations to SISTERBOT_DATABASE_URL (SQLite by "
        "default) and load the seed agreements on first use. Safe to run at any time, "
        "also by several processes at once.",
    )
    parser.add_argument(
        "action", choices=("upgrade", "current"), help="upgrade: migrate; current: show revision"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Migrate (and seed), or print the current revision."""
    from bot.app import opened_database
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
    with opened_database(settings) as database:
        print(f"database at revision {database.current_revision()}")
    return 0
