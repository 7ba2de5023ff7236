"""The message inbox's contract (:class:`bot.core.ports.MessageInbox`).

Every test runs against the in-memory fake, SQL on SQLite and SQL on PostgreSQL
(:mod:`tests.contracts.conftest`). What only SQL does (one table kept apart per channel,
text no column takes made storable) is tested in ``tests/whatsapp/test_inbox_and_restart.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.models import PlatformStatus
from bot.core.ports import MessageInbox

NOW = datetime(2031, 3, 4, 1, tzinfo=UTC)
DELAYS = [5.0, 30.0]


def test_each_id_is_claimed_once_and_kept_until_finished(inbox: MessageInbox) -> None:
    assert inbox.claim("1", '{"n": 1}', NOW)
    assert not inbox.claim("1", '{"n": "again"}', NOW + timedelta(seconds=1))
    assert inbox.claim("2", '{"n": 2}', NOW + timedelta(seconds=1))
    assert inbox.pending() == ['{"n": 1}', '{"n": 2}']
    inbox.finish("1", "done", NOW)
    inbox.finish("2", "failed", NOW)
    inbox.finish("unknown", "done", NOW)  # nothing to finish: no error
    assert inbox.pending() == []
    assert not inbox.claim("1", "{}", NOW)  # a finished message is still known


def test_pending_is_oldest_first_then_by_id(inbox: MessageInbox) -> None:
    assert inbox.claim("b", "B", NOW)
    assert inbox.claim("c", "C", NOW - timedelta(seconds=1))
    assert inbox.claim("a", "A", NOW)
    assert inbox.pending() == ["C", "A", "B"]


def test_a_deferred_message_is_due_again_after_its_delay(inbox: MessageInbox) -> None:
    assert inbox.claim("42", "x", NOW)
    assert inbox.pending(due_by=NOW) == ["x"]
    assert inbox.defer("42", NOW, DELAYS) == 1
    assert inbox.pending(due_by=NOW + timedelta(seconds=4)) == []
    assert inbox.pending(due_by=NOW + timedelta(seconds=5)) == ["x"]
    assert inbox.pending() == ["x"]  # without a bound, every unfinished message
    assert inbox.defer("42", NOW, DELAYS) == 2
    assert inbox.pending(due_by=NOW + timedelta(seconds=29)) == []
    assert inbox.defer("42", NOW, DELAYS) == 3  # the last delay repeats
    assert inbox.pending(due_by=NOW + timedelta(seconds=30)) == ["x"]
    assert inbox.defer("42", NOW, []) == 4  # no delays: due at once
    assert inbox.pending(due_by=NOW) == ["x"]
    assert inbox.defer("no such message", NOW, DELAYS) == 0


def test_prune_forgets_old_finished_messages_only(inbox: MessageInbox) -> None:
    old = NOW - timedelta(days=10)
    for message_id, at in (("old", old), ("stuck", old), ("new", NOW)):
        assert inbox.claim(message_id, message_id, at)
    inbox.finish("old", "done", NOW)
    inbox.finish("new", "done", NOW)
    assert inbox.prune(NOW - timedelta(days=8)) == 1
    assert inbox.prune(NOW - timedelta(days=8)) == 0
    assert not inbox.claim("new", "again", NOW)  # recent: still known
    assert inbox.pending() == ["stuck"]  # unanswered: never pruned
    assert inbox.claim("old", "old again", NOW)  # forgotten: a new message now


def test_statuses_are_recorded_once_and_failures_listed(inbox: MessageInbox) -> None:
    failed = PlatformStatus(
        message_id="wamid.b1",
        status="failed",
        at=NOW - timedelta(seconds=3),
        error_code=131047,
        error_title="Re-engagement message",
    )
    assert inbox.record_status(PlatformStatus(message_id="wamid.b1", status="sent"), NOW)
    assert inbox.record_status(failed, NOW)
    assert not inbox.record_status(failed, NOW + timedelta(seconds=1))
    later = PlatformStatus(message_id="wamid.b2", status="failed", error_code=131026)
    assert inbox.record_status(later, NOW + timedelta(minutes=1))
    assert inbox.failures(NOW - timedelta(hours=1)) == [failed, later]
    assert inbox.failures(NOW + timedelta(seconds=1)) == [later]
    assert inbox.failures(NOW + timedelta(hours=1)) == []
