"""Each port with a fake runs one contract suite against the fake and the SQL implementation.

The ``outbox`` and ``inbox`` fixtures are parametrized over the in-memory fake, SQL on
SQLite and SQL on PostgreSQL (the session's throwaway server; skipped when PostgreSQL is
not installed, a failure under SISTERBOT_REQUIRE_POSTGRES=1), so the fakes the fast tests
use keep telling the truth about the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from bot.core.ports import MessageInbox
from bot.storage.database import Database
from tests.conftest import PostgresServer
from tests.fakes import InMemoryOutbox, ListedOutbox
from tests.fakes.inbox import MemoryMessageInbox
from tests.reminders.conftest import SURABAYA, agreement

IMPLEMENTATIONS = [
    "fake",
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.postgres),
]


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxSubject:
    """An outbox under test and two agreements its rows may point at."""

    outbox: ListedOutbox
    agreements: tuple[int, int]


@pytest.fixture(params=IMPLEMENTATIONS)
def sql_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database | None]:
    """A migrated, empty database for the SQL parameters; None for the fake."""
    kind = request.param
    if kind == "fake":
        yield None
        return
    server: PostgresServer | None = None
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'db' / 'sisterbot.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database()
    database = Database.connect(url)
    try:
        database.upgrade()
        yield database
    finally:
        database.dispose()
        if server is not None:
            server.drop_database(url)


@pytest.fixture
def outbox(sql_database: Database | None) -> OutboxSubject:
    """The reminder outbox: the fake, or the SQL one on SQLite or PostgreSQL."""
    database = sql_database
    if database is None:
        return OutboxSubject(outbox=InMemoryOutbox(), agreements=(1, 2))
    due = date(2031, 3, 4)
    database.agreements.upsert_many(
        [agreement(SURABAYA, name, report_due=due) for name in ("Kochi", "Busan")]
    )
    first, second = (a.id for a in database.agreements.all())
    assert first is not None and second is not None
    return OutboxSubject(outbox=database.outbox, agreements=(first, second))


@pytest.fixture
def inbox(sql_database: Database | None) -> MessageInbox:
    """The message inbox (Telegram's): the fake, or the SQL one on SQLite or PostgreSQL."""
    return MemoryMessageInbox() if sql_database is None else sql_database.telegram_inbox
