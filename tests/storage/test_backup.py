"""Backups: ``sisterbot db backup`` for SQLite (online, consistent, restorable), and the
README's pg_dump / pg_restore round trip for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from bot.app import cli
from bot.storage.database import Database
from tests.conftest import PostgresServer


def subscribe(chat_id: str) -> None:
    argv = ["subscribe", "--channel", "telegram", "--chat-id", chat_id, "--region", "35.78"]
    assert cli.main(argv) == 0


def subscribers(url: str) -> set[str]:
    database = Database.connect(url)
    try:
        return {s.address.chat_id for s in database.subscriptions.for_region("35.78")}
    finally:
        database.dispose()


def test_a_sqlite_backup_taken_while_writing_restores_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "live.db"
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{live}")
    subscribe("1001")
    # Another process holds an open, uncommitted write: the backup neither waits for it
    # nor copies half of it.
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM subscriptions")
    try:
        assert cli.main(["db", "backup", str(tmp_path / "copy.db")]) == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert "backed up to" in capsys.readouterr().out
    # Restore: the copy in place of the database file (the bot stopped).
    live.unlink()
    shutil.copy(tmp_path / "copy.db", live)
    assert subscribers(f"sqlite:///{live}") == {"1001"}
    assert cli.main(["db", "current"]) == 0


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["db", "backup"], "needs a FILE"),
        (["db", "backup", "{tmp}/exists.db"], "exists already"),
        (["db", "backup", "{tmp}/no/such/dir/x.db"], "no such directory"),
        (["db", "upgrade", "x.db"], "takes no file"),
    ],
)
def test_a_backup_that_cannot_be_made_says_why_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    said: str,
) -> None:
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{tmp_path}/live.db")
    subscribe("1")
    (tmp_path / "exists.db").write_text("keep me")
    capsys.readouterr()
    assert cli.main([arg.format(tmp=tmp_path) for arg in argv]) in (1, 2)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err
    assert (tmp_path / "exists.db").read_text() == "keep me"


def test_postgresql_is_pointed_at_pg_dump(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", "postgresql://u:p@127.0.0.1:1/db")
    assert cli.main(["db", "backup", str(tmp_path / "x.db")]) == 1
    assert "pg_dump" in capsys.readouterr().err


def test_the_readme_pg_dump_round_trip(
    postgres_server: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README, Operations: pg_dump --format=custom, then pg_restore into an empty database."""
    pg_dump = postgres_server.bin_dir / "pg_dump"
    pg_restore = postgres_server.bin_dir / "pg_restore"
    if not (pg_dump.exists() and pg_restore.exists()):
        pytest.skip("pg_dump / pg_restore are not installed")
    source = postgres_server.create_database()
    target = postgres_server.create_database()
    try:
        monkeypatch.setenv("SISTERBOT_DATABASE_URL", source)
        subscribe("2002")
        dump = tmp_path / "sisterbot.dump"
        commands: list[list[str | Path]] = [
            [pg_dump, "--format=custom", f"--file={dump}", source],
            [pg_restore, "--no-owner", f"--dbname={target}", dump],
        ]
        for command in commands:
            subprocess.run(command, check=True, capture_output=True, timeout=120)
        assert subscribers(target) == {"2002"}
        monkeypatch.setenv("SISTERBOT_DATABASE_URL", target)
        assert cli.main(["db", "upgrade"]) == 0  # at head already: nothing to do
        assert subscribers(target) == {"2002"}
    finally:
        postgres_server.drop_database(source)
        postgres_server.drop_database(target)
