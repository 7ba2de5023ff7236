"""The database: connection, migrations, seed data and the repositories.

Usage::

    database = Database.connect("sqlite:///data/sisterbot.db")  # or postgresql://...
    database.upgrade()                      # alembic upgrade head; safe on every start
    database.sync_shipped_registry(agreements)  # the release's registry, curators' rows kept
    database.agreements.for_region("35.78")

SQLite is the embedded default (WAL, busy timeout, foreign keys on); PostgreSQL is for
production, through psycopg 3. Sessions are per call, so one :class:`Database` is shared
by every worker thread.

Adding tables: declare them on :class:`bot.storage.base.Base` in their own module, add
that module to :data:`TABLE_MODULES`, and write the next revision in
``bot/storage/migrations/versions/`` (``down_revision`` = the current head).
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import MetaData, create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from bot.config import ConfigError
from bot.core.models import Agreement, RegistryConflict, RegistrySync
from bot.storage import (
    announcement_tables,
    console_tables,
    inbox_tables,
    reminder_tables,
    tables,
)
from bot.storage.announcements_repo import SqlAnnouncements
from bot.storage.base import Base
from bot.storage.inbox import SqlMessageInbox
from bot.storage.outbox_repo import SqlOutbox
from bot.storage.recap_log import SqlRecapLog
from bot.storage.registry_sync import conflicts as registry_conflicts
from bot.storage.registry_sync import sync_registry
from bot.storage.reminder_repos import SqlOfficers, SqlSubscriptions
from bot.storage.repositories import SqlAgreements, SqlCuratorLog, SqlUsers
from bot.storage.retry import run_in_transaction

if TYPE_CHECKING:
    from alembic.config import Config


log = logging.getLogger(__name__)

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Every module that declares tables on Base: the metadata Alembic compares must be whole.
TABLE_MODULES = (tables, inbox_tables, reminder_tables, console_tables, announcement_tables)
# Revision ids before the migrations were numbered in one order; a database still at
# one of them is moved to its new name before Alembic reads it.
RENAMED_REVISIONS = {
    "wa_0001_whatsapp": "0002_whatsapp",
    "rm_0002_reminders": "0003_reminders",
    "rm_0003_provider_ids": "0004_provider_ids",
}
# pg_advisory_lock key for migrations: two replicas starting together migrate one by one.
MIGRATION_LOCK_KEY = 0x5157_5B07
SQLITE_BUSY_TIMEOUT_MS = 60_000  # a first start may wait for another's migrations
SYNC_ATTEMPTS = 3
# Alembic installs its `context` and `op` proxies as module globals: two upgrades in
# one process must not overlap (across processes the database's own lock serialises).
_ALEMBIC_LOCK = threading.Lock()


def target_metadata() -> MetaData:
    """The metadata of every table (the table modules are imported above)."""
    return Base.metadata


def _rename_old_revisions(connection: Any) -> None:
    """Point ``alembic_version`` at today's name of a revision it knows by an old name."""
    if not inspect(connection).has_table("alembic_version"):
        return
    for old, new in RENAMED_REVISIONS.items():
        connection.execute(
            text("UPDATE alembic_version SET version_num = :new WHERE version_num = :old"),
            {"old": old, "new": new},
        )


def normalise_url(url: str) -> URL:
    """``postgresql://`` and ``postgres://`` use psycopg 3; SQLite stays as given."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def alembic_config(connection: Any) -> Config:
    """Alembic's configuration, built in code (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revisions() -> tuple[str, ...]:
    """The newest revision(s) in ``migrations/versions`` (one, when the chain is linear)."""
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(alembic_config(None)).get_heads())


_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*\"([^\"]+)\"\s*$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(.+?)\s*$", re.MULTILINE)


def _head_revisions_from_files() -> frozenset[str] | None:
    """:func:`head_revisions` read from the files without importing Alembic (a fast start).

    None when a migration file does not name its revisions in the plain form; the caller
    then asks Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        if path.name == "__init__.py":
            continue
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1) != "None":
            named = re.findall(r"\"([^\"]+)\"", down.group(1))
            if not named:
                return None
            parents.update(named)
    return frozenset(revisions - parents)


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:")
    if in_memory:
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigError(
                f"SISTERBOT_DATABASE_URL: cannot create the folder {folder} "
                f"({error.strerror or error})"
            ) from None
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_pre_ping=True,
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin, so that DDL is
        # transactional and a write can take the lock up front (BEGIN IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # The busy timeout first: switching to WAL takes a lock that another process
        # (migrating at the same moment) may hold.
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not in_memory:
            _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _use_wal(cursor: Any) -> None:
    """Put the SQLite file in WAL mode, waiting (bounded) for a connection that holds it.

    SQLite answers a journal-mode change with "database is locked" at once, without the busy
    handler, while another connection uses the file: seen when processes or threads open a
    new database together. WAL is a property of the file, so once any of them has switched
    it, reading the mode is enough.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Database:
    """An engine, its session factory and the repositories built on them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        self._agreements = SqlAgreements(self.sessions)
        self._users = SqlUsers(self.sessions)
        self._curator = SqlCuratorLog(self.sessions)
        self._subscriptions = SqlSubscriptions(self.sessions)
        self._officers = SqlOfficers(self.sessions)
        self._outbox = SqlOutbox(self.sessions, engine.dialect.name)
        self._whatsapp_inbox = SqlMessageInbox(self.sessions, "whatsapp")
        self._telegram_inbox = SqlMessageInbox(self.sessions, "telegram")
        self._announcements = SqlAnnouncements(self.sessions)
        self._recaps = SqlRecapLog(self.sessions)

    @classmethod
    def connect(cls, url: str) -> Database:
        """Connect to ``sqlite:///path`` (creating its directory) or ``postgresql://...``."""
        parsed = normalise_url(url)
        if parsed.get_backend_name() == "sqlite":
            return cls(_sqlite_engine(parsed))
        engine = create_engine(
            parsed,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=10,
            connect_args={"connect_timeout": 5},
        )
        return cls(engine)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def agreements(self) -> SqlAgreements:
        """The agreements (:class:`~bot.core.ports.AgreementRepository`)."""
        return self._agreements

    @property
    def users(self) -> SqlUsers:
        """User profiles (:class:`~bot.core.ports.UserRepository`)."""
        return self._users

    @property
    def curator(self) -> SqlCuratorLog:
        """Feedback and knowledge gaps (:class:`~bot.core.ports.CuratorLog`)."""
        return self._curator

    @property
    def subscriptions(self) -> SqlSubscriptions:
        """Reminder subscriptions (:class:`~bot.core.ports.SubscriptionRepository`)."""
        return self._subscriptions

    @property
    def officers(self) -> SqlOfficers:
        """Officer requests (:class:`~bot.core.reminders._officers.OfficerDirectory`)."""
        return self._officers

    @property
    def outbox(self) -> SqlOutbox:
        """The reminder outbox (:class:`~bot.core.reminders._outbox.OutboxRepository`)."""
        return self._outbox

    @property
    def announcements(self) -> SqlAnnouncements:
        """Admins' announcements and their outbox (``AnnouncementStore``)."""
        return self._announcements

    @property
    def recaps(self) -> SqlRecapLog:
        """The weekly recap's deliveries, once per week and admin chat."""
        return self._recaps

    @property
    def whatsapp_inbox(self) -> SqlMessageInbox:
        """WhatsApp messages kept until answered, and delivery statuses."""
        return self._whatsapp_inbox

    @property
    def telegram_inbox(self) -> SqlMessageInbox:
        """Telegram updates kept until answered."""
        return self._telegram_inbox

    def transaction(self, work: Callable[[Session], T], *, idempotent: bool = True) -> T:
        """Run ``work(session)`` in one transaction, retrying if the database blinks."""
        return run_in_transaction(self.sessions, work, idempotent=idempotent)

    def upgrade(self, revision: str = "head") -> None:
        """Apply the migrations up to ``revision``; concurrent callers take turns."""
        if revision == "head" and self._at_head_already():
            return  # every command calls this: at head, it costs one query, not Alembic
        from alembic import command

        with _ALEMBIC_LOCK, self.engine.connect() as connection:
            if self.dialect == "postgresql":
                connection.execute(select(text(f"pg_advisory_lock({MIGRATION_LOCK_KEY})")))
                connection.commit()
                try:
                    _rename_old_revisions(connection)
                    command.upgrade(alembic_config(connection), revision)
                    connection.commit()
                finally:
                    # A failed migration leaves the transaction aborted: roll back first.
                    # If the connection itself is gone, so is its session-level lock.
                    with contextlib.suppress(DBAPIError):
                        connection.rollback()
                        unlock = f"pg_advisory_unlock({MIGRATION_LOCK_KEY})"
                        connection.execute(select(text(unlock)))
                        connection.commit()
            else:
                # A migration that rebuilds a table (SQLite's way to alter a constraint)
                # drops the old one, and with foreign keys on that would cascade-delete the
                # rows referring to it. The pragma only takes effect outside a transaction.
                raw = connection.connection.dbapi_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys=OFF")
                try:
                    # BEGIN IMMEDIATE: a second process waits for the first to finish.
                    locked = connection.execution_options(sqlite_immediate=True)
                    _rename_old_revisions(locked)
                    command.upgrade(alembic_config(locked), revision)
                    connection.commit()
                finally:
                    connection.rollback()
                    raw.execute("PRAGMA foreign_keys=ON")

    def _at_head_already(self) -> bool:
        """Whether the database is at the migration files' one head (False when unsure)."""
        heads = _head_revisions_from_files()
        if heads is None or len(heads) != 1:
            return False
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return False
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return {str(row) for row in rows.scalars()} == heads

    def current_revision(self) -> str | None:
        """The schema revision the database is at (None before the first upgrade)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def sync_shipped_registry(self, shipped: Sequence[Agreement]) -> RegistrySync:
        """Apply a release's registry (``knowledge/agreements.csv``, already parsed).

        New pairs are added and corrections applied; rows a curator changed or deleted
        are kept and listed as conflicts (see :mod:`bot.storage.registry_sync`). Safe on
        every start and from several processes at once.
        """
        for attempt in range(SYNC_ATTEMPTS):
            try:
                return self.transaction(lambda session: sync_registry(session, shipped))
            except IntegrityError:
                # Another process added the same rows at the same moment: look again.
                if attempt == SYNC_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def registry_conflicts(self) -> list[RegistryConflict]:
        """The rows kept as curators left them although the shipped registry differs."""
        return self.transaction(registry_conflicts)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
