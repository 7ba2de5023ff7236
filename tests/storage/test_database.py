"""Connecting, migrating, seeding and surviving a database that goes away for a moment."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from bot.storage.database import Database, head_revisions, normalise_url, target_metadata
from tests.conftest import PostgresServer


def test_the_revision_chain_is_linear() -> None:
    assert len(head_revisions()) == 1


def test_urls_use_psycopg_3_for_postgresql() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"


def test_migrations_match_the_table_declarations(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, target_metadata())
    assert differences == []


def test_sqlite_creates_the_parent_directory_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "bot.db"
    database = Database.connect(f"sqlite:///{path}")
    database.upgrade()
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        busy_timeout = connection.execute(text("PRAGMA busy_timeout")).scalar()
        assert busy_timeout is not None and busy_timeout >= 1000
    database.dispose()
    assert path.is_file()


def test_processes_upgrading_at_once_all_succeed(database_url: str) -> None:
    script = "import sys; from bot.storage.database import Database as D; " + (
        "d = D.connect(sys.argv[1]); d.upgrade(); print(d.current_revision())"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, database_url], stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120)[0].strip() for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0]
    assert outputs == list(head_revisions()) * 3


def test_threads_upgrading_at_once_all_succeed(database_url: str) -> None:
    databases = [Database.connect(database_url) for _ in range(3)]
    errors: list[BaseException] = []

    def upgrade(db: Database) -> None:
        try:
            db.upgrade()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=upgrade, args=(db,)) for db in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {db.current_revision() for db in databases} == set(head_revisions())
    for db in databases:
        db.dispose()


@pytest.mark.postgres
def test_a_postgresql_restart_between_two_calls_loses_nothing(
    postgres_server: PostgresServer,
) -> None:
    from tests.storage.test_repositories import agreement

    url = postgres_server.create_database()
    database = Database.connect(url)
    try:
        database.upgrade()
        database.agreements.upsert_many([agreement()])
        postgres_server.restart()  # every pooled connection is now dead
        database.agreements.upsert_many([agreement("31", "Tokyo")])
        database.users.set_language("telegram", "1", "en")
        postgres_server.restart()
        assert [a.partner for a in database.agreements.all()] == ["Kochi", "Tokyo"]
        profile = database.users.get("telegram", "1")
        assert profile is not None and profile.language == "en"
    finally:
        database.dispose()
        postgres_server.drop_database(url)


def test_a_failed_migration_releases_the_migration_lock(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import alembic.command  # imported by Database.upgrade only when there is work to do

    def broken_upgrade(config: object, revision: str) -> None:
        connection = config.attributes["connection"]  # type: ignore[attr-defined]
        connection.execute(text("SELECT * FROM no_such_table"))

    first = Database.connect(database_url)
    with monkeypatch.context() as patch:
        patch.setattr(alembic.command, "upgrade", broken_upgrade)
        with pytest.raises(Exception, match="no_such_table"):
            first.upgrade()
    second = Database.connect(database_url)
    done = threading.Event()

    def upgrade_then_signal() -> None:
        second.upgrade()
        done.set()

    worker = threading.Thread(target=upgrade_then_signal, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert done.is_set(), "the second upgrade waited for a lock that was never released"
    first.upgrade()  # the first pool's connection works again too
    first.dispose()
    second.dispose()


@pytest.mark.parametrize(
    ("old_name", "new_name"),
    [("rm_0003_provider_ids", "0004_provider_ids"), ("wa_0001_whatsapp", "0002_whatsapp")],
)
def test_a_database_at_an_old_revision_name_upgrades_to_head(
    database_url: str, old_name: str, new_name: str
) -> None:
    """Databases made before the migrations were renumbered know their old names."""
    from alembic import command

    from bot.storage.database import alembic_config

    database = Database.connect(database_url)
    try:
        database.upgrade()
        with database.engine.begin() as connection:
            command.downgrade(alembic_config(connection), new_name)
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": old_name})
        database.upgrade()
        assert database.current_revision() == head_revisions()[0]
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, target_metadata()) == []
    finally:
        database.dispose()


def test_a_new_connection_waits_for_one_that_holds_the_file(tmp_path: Path) -> None:
    """Switching a file to WAL while another connection writes to it waits, not fails.

    SQLite answers that switch with "database is locked" at once (no busy handler): seen
    once in CI as threads opening a new database together.
    """
    path = tmp_path / "sisterbot.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        database = Database.connect(f"sqlite:///{path}")
        database.upgrade()
    finally:
        release.join()
        holder.close()
    assert database.current_revision() in head_revisions()
    database.dispose()
