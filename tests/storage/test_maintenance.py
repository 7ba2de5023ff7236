"""The database's state for /readyz and doctor, and outbox counts for /metrics (both databases)."""

from __future__ import annotations

from bot.storage.database import Database, head_revisions
from bot.storage.maintenance import database_state, outbox_counts


def test_a_migrated_database_is_reachable_and_at_head(database: Database) -> None:
    state = database_state(database)
    assert state.reachable and state.at_head and state.error is None
    assert state.revision in head_revisions()
    assert outbox_counts(database) == {}


def test_an_unreachable_database_is_one_line_not_an_exception() -> None:
    database = Database.connect("postgresql://u:p@127.0.0.1:1/nothing")
    try:
        state = database_state(database)
    finally:
        database.dispose()
    assert not state.reachable and not state.at_head
    assert state.error and "\n" not in state.error
