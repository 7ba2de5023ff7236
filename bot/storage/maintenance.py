"""Operating the database: an online backup of SQLite, and its state for health checks.

``sqlite3``'s backup API copies a live database page by page under its own locks, so the
copy is consistent even while the bot writes (WAL included), unlike copying the file.
PostgreSQL is backed up with ``pg_dump`` (README: Operations).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.database import Database, head_revisions, normalise_url


class BackupError(Exception):
    """The backup cannot be made; the message says why and what to do."""


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL, or None for another database (or in memory)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def backup_sqlite(url: str, target: Path) -> int:
    """Copy the SQLite database at ``url`` to ``target`` online; returns the bytes written.

    The copy is written next to ``target`` and renamed into place, so a backup that fails
    half-way never leaves a truncated file under the chosen name.
    """
    source = sqlite_path(url)
    if source is None:
        raise BackupError(
            "db backup copies a SQLite database; for PostgreSQL use pg_dump (README: Operations)"
        )
    if not source.is_file():
        raise BackupError(f"no SQLite database at {source} (SISTERBOT_DATABASE_URL)")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"no such directory: {target.parent}")
    partial = target.with_name(f".{target.name}.partial")
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        writer = sqlite3.connect(partial)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup failed: {error}") from error
    finally:
        reader.close()
    os.replace(partial, target)
    return target.stat().st_size


@dataclass(frozen=True, slots=True, kw_only=True)
class DatabaseState:
    """Whether the database answers, and its schema revision against the code's."""

    reachable: bool
    revision: str | None
    heads: tuple[str, ...]
    error: str | None = None

    @property
    def at_head(self) -> bool:
        """Whether every migration of this code is applied."""
        return self.revision is not None and self.revision in self.heads


def database_state(database: Database) -> DatabaseState:
    """Ask the database for ``SELECT 1`` and its revision (never raises)."""
    heads = head_revisions()
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        revision = database.current_revision()
    except SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error
        reason = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        return DatabaseState(reachable=False, revision=None, heads=heads, error=reason)
    return DatabaseState(reachable=True, revision=revision, heads=heads)


def outbox_counts(database: Database) -> dict[str, int]:
    """Reminder outbox rows per status (pending, sent, failed, ...), for ``/metrics``."""
    from sqlalchemy import func, select

    from bot.storage.reminder_tables import OutboxRow

    with database.sessions() as session:
        rows = session.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status))
        return {str(status): int(count) for status, count in rows}
