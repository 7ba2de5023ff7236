"""The reminder outbox's contract, part two: what becomes of a claimed row.

Sent, retried, failed, cancelled, superseded or unknown; late failures the provider reports;
the admins' failure notices. Every test runs against the in-memory fake, SQL on SQLite and
SQL on PostgreSQL (:mod:`tests.contracts.conftest`).
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.models import ChatAddress

from .conftest import OutboxSubject
from .outbox_helpers import DUE, LEASE, NOW, add, claim, ids, new, stored


def _sent(outbox: OutboxSubject, chats: list[str]) -> list[int]:
    rows = add(outbox, [new(outbox, c, channel="whatsapp") for c in chats])
    assert ids(claim(outbox, "d", channels=["whatsapp"])) == ids(rows)
    for row in rows:
        assert outbox.outbox.mark_sent(row.id, "d", NOW, f"wamid.{row.chat_id}")
    return ids(rows)


# --- sent -------------------------------------------------------------------------------------


def test_a_sent_row_keeps_its_provider_message_id(outbox: OutboxSubject) -> None:
    [row] = _sent(outbox, ["628111"])
    sent = stored(outbox, row)
    assert (sent.status, sent.provider_message_id, sent.sent_at) == ("sent", "wamid.628111", NOW)
    assert claim(outbox, "e", now=NOW + timedelta(days=30), channels=["whatsapp"]) == []


def test_one_digest_marks_every_row_its_token_holds_sent(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    rows = add(outbox, [new(outbox, "100", lead=lead) for lead in (0, 1, 2)])
    first, second, third = ids(rows)
    assert ids(claim(outbox, "a")) == [first, second, third]
    assert store.mark_cancelled(third, "a", "done")
    assert store.mark_sent_many([first, second, third], "b", NOW, "m1") == 0  # not b's
    assert store.mark_sent_many([first, second, third], "a", NOW, "m1") == 2
    assert store.mark_sent_many([first], "a", NOW, "m1") == 0  # once
    assert [stored(outbox, i).provider_message_id for i in (first, second)] == ["m1", "m1"]
    assert store.counts() == {"sent": 2, "cancelled": 1}


def test_long_errors_and_provider_ids_are_cut_to_their_columns(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    one, two = ids(add(outbox, [new(outbox, "1"), new(outbox, "2")]))
    claim(outbox, "a")
    assert store.mark_failed(one, "a", "e" * 2000, NOW)
    assert store.mark_sent(two, "a", NOW, "m" * 300)
    assert stored(outbox, one).last_error == "e" * 500
    assert stored(outbox, two).provider_message_id == "m" * 128


# --- retried and failed -------------------------------------------------------------------------


def test_a_transient_failure_is_retried_then_given_up(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    [row] = ids(add(outbox, [new(outbox)]))
    at = NOW
    for attempt in (1, 2):
        assert ids(claim(outbox, f"t{attempt}", now=at)) == [row]
        retry_at = at + timedelta(minutes=10)
        assert not store.release(
            row, "stale", retry_at=retry_at, error="502", max_attempts=3, at=at
        )
        assert store.release(
            row, f"t{attempt}", retry_at=retry_at, error="502", max_attempts=3, at=at
        )
        retried = stored(outbox, row)
        assert (retried.status, retried.attempts, retried.claim_token) == (
            "pending", attempt, None,
        )  # fmt: skip
        assert retried.next_attempt_at == retry_at and retried.failed_at is None
        assert claim(outbox, "early", now=retry_at - timedelta(seconds=1)) == []
        at = retry_at
    assert ids(claim(outbox, "t3", now=at)) == [row]
    assert store.release(row, "t3", retry_at=at, error="503", max_attempts=3, at=at)
    failed = stored(outbox, row)
    assert (failed.status, failed.attempts, failed.failed_at, failed.last_error) == (
        "failed", 3, at, "503",
    )  # fmt: skip
    assert claim(outbox, "t4", now=at + timedelta(days=1)) == []


def test_finishing_a_row_needs_the_token_that_holds_it(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    one, two, three = ids(add(outbox, [new(outbox, c) for c in ("1", "2", "3")]))
    claim(outbox, "a")
    at = NOW + timedelta(minutes=1)
    assert not store.mark_failed(one, "b", "Forbidden", at)
    assert not store.mark_cancelled(two, "b", "done")
    assert store.mark_unknown([three], "b", "timeout", at) == 0
    assert store.mark_failed(one, "a", "Forbidden", at)
    assert not store.mark_failed(one, "a", "again", at)  # a finished row stays finished
    assert store.mark_cancelled(two, "a", "done")
    assert not store.mark_sent(two, "a", at)
    failed, cancelled = stored(outbox, one), stored(outbox, two)
    assert (failed.status, failed.failed_at, failed.last_error) == ("failed", at, "Forbidden")
    assert (cancelled.status, cancelled.last_error, cancelled.claim_token) == (
        "cancelled", "done", None,
    )  # fmt: skip


def test_a_blocked_chat_fails_its_unclaimed_rows_only(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    held, waiting, later, other = ids(
        add(
            outbox,
            [
                new(outbox, "blocked", lead=0),
                new(outbox, "blocked", lead=1, send_at=NOW + timedelta(days=7)),
                new(outbox, "blocked", lead=2, send_at=NOW + timedelta(days=8)),
                new(outbox, "fine"),
            ],
        )
    )
    assert ids(claim(outbox, "a", limit=1)) == [held]
    blocked = ChatAddress(channel="telegram", chat_id="blocked")
    assert store.fail_chat(blocked, "Forbidden", NOW) == 2
    assert store.fail_chat(ChatAddress(channel="whatsapp", chat_id="blocked"), "x", NOW) == 0
    assert [stored(outbox, i).status for i in (held, waiting, later, other)] == [
        "pending", "failed", "failed", "pending",
    ]  # fmt: skip
    assert stored(outbox, waiting).failed_at == NOW
    assert store.mark_failed(held, "a", "Forbidden", NOW)  # its holder finishes it


def test_every_way_of_failing_records_when(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    rows = add(outbox, [new(outbox, c) for c in ("1", "2", "3", "4")])
    taken = claim(outbox, "t", limit=3)
    at = NOW + timedelta(minutes=1)
    assert store.mark_failed(taken[0].id, "t", "Forbidden", at)
    assert store.release(taken[1].id, "t", retry_at=at, error="502", max_attempts=1, at=at)
    assert store.release(taken[2].id, "t", retry_at=at, error="502", max_attempts=9, at=at)
    assert store.fail_chat(rows[3].address, "Forbidden", at) == 1
    failed = {d.chat_id: d for d in store.recent_failures(10)}
    assert set(failed) == {"1", "2", "4"}
    assert all(d.failed_at == at for d in failed.values())
    assert stored(outbox, taken[2].id).failed_at is None


# --- superseded and cancelled -------------------------------------------------------------------


def test_set_status_moves_only_pending_rows_nobody_holds(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    free, held, expired, sent = ids(add(outbox, [new(outbox, c) for c in ("1", "2", "3", "4")]))
    assert ids(claim(outbox, "s", limit=1, lease=timedelta(seconds=1))) == [free]
    assert store.mark_sent(free, "s", NOW)
    assert ids(claim(outbox, "h", limit=1, lease=timedelta(hours=1))) == [held]
    assert ids(claim(outbox, "x", limit=1, lease=timedelta(seconds=1))) == [expired]
    later = NOW + timedelta(minutes=1)
    assert store.set_status([free, held, expired, sent], "superseded", later, "a later one") == 2
    assert [stored(outbox, i).status for i in (free, held, expired, sent)] == [
        "sent", "pending", "superseded", "superseded",
    ]  # fmt: skip
    assert stored(outbox, sent).last_error == "a later one"
    assert store.set_status([], "cancelled", later) == 0
    assert store.set_status([held + 1000], "cancelled", later) == 0
    assert not store.mark_sent(expired, "x", later)  # its late sender finds it gone


def test_a_due_date_marked_done_cancels_its_pending_rows(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    rows = add(
        outbox,
        [
            new(outbox, "1", lead=7),
            new(outbox, "2", lead=7),
            new(outbox, "3", lead=7),
            new(outbox, "1", lead=7, due=DUE + timedelta(days=365)),
            new(outbox, "1", lead=7, kind="review"),
            new(outbox, "1", lead=7, second_agreement=True),
        ],
    )
    held, sent, free = (r.id for r in rows[:3])
    claim(outbox, "a", limit=2)
    assert store.mark_sent(sent, "a", NOW)
    first = outbox.agreements[0]
    assert store.cancel_due(first, "report", DUE, "done") == 2  # held and free
    assert [stored(outbox, i).status for i in (held, sent, free)] == [
        "cancelled", "sent", "cancelled",
    ]  # fmt: skip
    assert stored(outbox, held).claim_token is None
    assert [r.status for r in store.pending()] == ["pending"] * 3
    assert store.cancel_due(first, "report", DUE, "done") == 0


# --- unknown outcomes -----------------------------------------------------------------------------


def test_an_unknown_outcome_is_never_sent_again_blindly(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    rows = add(outbox, [new(outbox, "100", lead=lead) for lead in (0, 1)])
    unknown, kept = ids(rows)
    claim(outbox, "a")
    assert store.mark_unknown([unknown], "a", "timed out after sending", NOW) == 1
    assert store.mark_unknown([unknown], "a", "again", NOW) == 0
    row = stored(outbox, unknown)
    assert (row.status, row.claim_token, row.failed_at, row.last_error) == (
        "unknown", None, NOW, "timed out after sending",
    )  # fmt: skip
    assert not store.mark_sent(unknown, "a", NOW)
    far = NOW + timedelta(days=365)
    assert store.set_status([unknown], "superseded", far) == 0
    assert store.fail_chat(row.address, "Forbidden", far) == 0
    assert store.cancel_due(outbox.agreements[0], "report", DUE, "done") == 1  # the other
    assert claim(outbox, "b", now=far) == []
    assert stored(outbox, unknown).status == "unknown"
    assert stored(outbox, kept).status == "cancelled"
    assert ids(store.recent_failures(5)) == [unknown]
    # reported like a failure: claimed once for the admins' notice
    notices = store.claim_failure_notices(now=far, token="n", lease_until=far + LEASE, limit=5)
    assert ids(notices) == [unknown]


# --- late failures, replacements and the admins' notices ----------------------------------------


def test_a_late_failure_marks_exactly_its_delivery(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    first, second = _sent(outbox, ["628111", "628222"])
    later = NOW + timedelta(minutes=3)
    assert store.fail_sent("telegram", "wamid.628111", "x", later) is None  # other channel
    assert store.fail_sent("whatsapp", "wamid.unknown", "x", later) is None
    failed = store.fail_sent("whatsapp", "wamid.628111", "WhatsApp 131026: undeliverable", later)
    assert failed is not None and failed == stored(outbox, first)
    assert (failed.status, failed.failed_at, failed.last_error) == (
        "failed", later, "WhatsApp 131026: undeliverable",
    )  # fmt: skip
    assert store.fail_sent("whatsapp", "wamid.628111", "again", later) is None  # once
    assert stored(outbox, second).status == "sent"
    assert ids(store.recent_failures(10)) == [first]


def test_a_replaced_message_is_followed_to_its_replacement(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    [row] = _sent(outbox, ["628111"])
    note = "WhatsApp 131047: Re-engagement message; sent again as the approved template"
    assert not store.replace_provider_id("telegram", "wamid.628111", "wamid.t", note)
    assert store.replace_provider_id("whatsapp", "wamid.628111", "wamid.template", note)
    assert store.fail_sent("whatsapp", "wamid.628111", "old id", NOW) is None
    replaced = stored(outbox, row)
    assert (replaced.status, replaced.provider_message_id, replaced.last_error) == (
        "sent", "wamid.template", note,
    )  # fmt: skip
    failed = store.fail_sent("whatsapp", "wamid.template", "WhatsApp 132001: no template", NOW)
    assert failed is not None and failed.id == row
    assert not store.replace_provider_id("whatsapp", "wamid.template", "wamid.x", note)


def test_recent_failures_are_newest_first_unknown_included(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    rows = ids(add(outbox, [new(outbox, str(i)) for i in range(4)]))
    claim(outbox, "a")
    for i, row in enumerate(rows[:3]):
        assert store.mark_failed(row, "a", "e", NOW + timedelta(minutes=3 - i))
    assert store.mark_unknown([rows[3]], "a", "timeout", NOW + timedelta(seconds=90))
    assert ids(store.recent_failures(10)) == [rows[0], rows[1], rows[3], rows[2]]
    assert ids(store.recent_failures(2)) == [rows[0], rows[1]]


def test_failure_notices_are_claimed_once_and_marked(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    rows = _sent(outbox, [f"62800{i}" for i in range(4)])
    for i in range(3):
        assert store.fail_sent("whatsapp", f"wamid.62800{i}", "e", NOW + timedelta(seconds=i))
    lease_until = NOW + LEASE
    a = store.claim_failure_notices(now=NOW, token="a", lease_until=lease_until, limit=2)
    b = store.claim_failure_notices(now=NOW, token="b", lease_until=lease_until, limit=5)
    assert ids(a) == rows[:2]  # oldest failure first
    assert ids(b) == [rows[2]]
    assert store.claim_failure_notices(now=NOW, token="c", lease_until=lease_until, limit=5) == []
    assert store.mark_failures_noticed(ids(a), "b", NOW) == 0  # not b's rows
    assert store.mark_failures_noticed(ids(a), "a", NOW) == 2
    # b died without marking: after its lease the row goes to someone else, once
    late = lease_until
    retaken = store.claim_failure_notices(now=late, token="d", lease_until=late + LEASE, limit=5)
    assert ids(retaken) == [rows[2]]
    assert store.mark_failures_noticed([rows[2]], "d", late) == 1
    far = late + timedelta(days=1)
    assert store.claim_failure_notices(now=far, token="e", lease_until=far, limit=5) == []
    assert all(d.admins_notified_at is not None for d in store.recent_failures(10))
    assert store.mark_failures_noticed([rows[3]], "d", late) == 0  # a sent row has no notice
    assert store.counts() == {"failed": 3, "sent": 1}
