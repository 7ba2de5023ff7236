"""The reminder outbox's contract, part one: enqueueing, claims, leases and sends in flight.

Every test runs against the in-memory fake, SQL on SQLite and SQL on PostgreSQL
(:mod:`tests.contracts.conftest`). Part two (outcomes, failures and admin notices) is
``test_outbox_outcomes_contract.py``.
"""

from __future__ import annotations

import dataclasses
import inspect
from datetime import datetime, timedelta

import pytest

from bot.core.reminders import CHAT_WINDOW, OutboxRepository
from bot.storage.outbox_repo import SqlOutbox
from tests.fakes import InMemoryOutbox

from .conftest import OutboxSubject
from .outbox_helpers import DUE, LEASE, LONG_AGO, NOW, add, claim, ids, new, stored

# --- enqueueing ---------------------------------------------------------------------------


def test_enqueueing_is_idempotent_by_key(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    assert store.add_many([]) == 0
    assert store.add_many([new(outbox), new(outbox, lead=1)]) == 2
    # the same key again, whatever else differs, is not a new row
    again = dataclasses.replace(new(outbox), send_at=NOW, status="superseded", user_id="9")
    assert store.add_many([again, new(outbox, "101")]) == 1
    assert store.add_many([again]) == 0
    # each part of the key on its own makes a new row
    variants = [
        new(outbox, second_agreement=True),
        new(outbox, kind="review"),
        new(outbox, due=DUE + timedelta(days=1)),
        new(outbox, lead=7),
        new(outbox, channel="whatsapp"),
        new(outbox, "102"),
    ]
    assert store.add_many(variants) == len(variants)
    assert store.counts() == {"pending": 9}
    assert len({r.id for r in store.all()}) == 9


def test_a_stored_row_is_what_was_enqueued(outbox: OutboxSubject) -> None:
    wanted = new(outbox, "100", lead=7, send_at=NOW + timedelta(minutes=1))
    [row] = add(outbox, [wanted])
    assert stored(outbox, row.id) == row
    assert row.key == wanted.key
    assert (row.region_code, row.user_id, row.send_at) == (
        wanted.region_code,
        "100",
        wanted.send_at,
    )
    assert (row.status, row.attempts, row.claim_token, row.claimed_until) == (
        "pending", 0, None, None,
    )  # fmt: skip
    assert row.sent_at is None and row.failed_at is None and row.sending_since is None
    assert outbox.outbox.get(row.id + 1000) is None


def test_a_row_may_be_enqueued_superseded(outbox: OutboxSubject) -> None:
    [row] = add(outbox, [new(outbox, status="superseded")])
    assert row.status == "superseded"
    assert claim(outbox, "t") == [] and outbox.outbox.pending() == []
    assert outbox.outbox.counts() == {"superseded": 1}


def test_keys_since_counts_every_status_from_the_instant_on(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    at = NOW - timedelta(hours=1)
    early, on_time, late = add(
        outbox,
        [
            new(outbox, "1", send_at=at - timedelta(seconds=1)),
            new(outbox, "2", send_at=at),
            new(outbox, "3", send_at=at + timedelta(days=1), status="superseded"),
        ],
    )
    assert store.keys_since(at) == {on_time.key, late.key}
    assert store.keys_since(at - timedelta(days=1)) == {early.key, on_time.key, late.key}
    assert store.keys_since(NOW + timedelta(days=2)) == set()


def test_pending_lists_pending_rows_claimed_or_not_oldest_first(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    later, first, second, done = add(
        outbox,
        [
            new(outbox, "later", send_at=NOW),
            new(outbox, "first", send_at=NOW - timedelta(hours=2)),
            new(outbox, "second", send_at=NOW - timedelta(hours=2)),
            new(outbox, "done", send_at=NOW - timedelta(hours=3)),
        ],
    )
    [held] = claim(outbox, "t", limit=1)
    assert held.id == done.id and store.mark_sent(done.id, "t", NOW)
    claim(outbox, "u", limit=1)
    assert ids(store.pending()) == [first.id, second.id, later.id]
    assert stored(outbox, first.id).claim_token == "u"


# --- claims and leases ----------------------------------------------------------------------


def test_a_claim_takes_due_rows_of_its_channels_oldest_first(outbox: OutboxSubject) -> None:
    old, due, not_yet, whatsapp = add(
        outbox,
        [
            new(outbox, "1", send_at=NOW - timedelta(days=2)),
            new(outbox, "2", send_at=NOW),
            new(outbox, "3", send_at=NOW + timedelta(seconds=1)),
            new(outbox, "4", channel="whatsapp"),
        ],
    )
    taken = claim(outbox, "t")
    assert ids(taken) == [old.id, due.id]
    assert all(r.claim_token == "t" and r.claimed_until == NOW + LEASE for r in taken)
    assert stored(outbox, old.id) == taken[0]
    assert ids(claim(outbox, "w", channels=["whatsapp", "console"])) == [whatsapp.id]
    assert stored(outbox, not_yet.id).claim_token is None


def test_a_claim_takes_whole_chats_within_the_chat_window(outbox: OutboxSubject) -> None:
    chat_rows = add(
        outbox,
        [
            new(outbox, "100", lead=0, send_at=NOW - timedelta(hours=1)),
            new(outbox, "100", lead=1, send_at=NOW + CHAT_WINDOW),  # another timezone
            new(outbox, "100", lead=2, send_at=NOW + CHAT_WINDOW + timedelta(seconds=1)),
            new(outbox, "101", lead=0, send_at=NOW),
            new(outbox, "102", lead=0, send_at=NOW + timedelta(minutes=1)),  # not due
        ],
    )
    first, window, beyond, other, not_due = chat_rows
    # ``limit`` counts due rows; their chats come whole
    assert ids(claim(outbox, "a", limit=1)) == [first.id, window.id]
    assert ids(claim(outbox, "b", limit=5)) == [other.id]
    assert claim(outbox, "c") == []
    assert stored(outbox, beyond.id).claim_token is None
    assert stored(outbox, not_due.id).claim_token is None


def test_claims_are_exclusive_until_the_lease_runs_out(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    add(outbox, [new(outbox, str(i)) for i in range(10)])
    first = claim(outbox, "a", limit=6)
    second = claim(outbox, "b", limit=6)
    assert len(first) == 6 and len(second) == 4
    assert not set(ids(first)) & set(ids(second))
    assert claim(outbox, "c") == []
    assert claim(outbox, "c", now=NOW + LEASE - timedelta(seconds=1)) == []
    # a lease ending at ``now`` has run out: the holders died, others take the rows
    later = NOW + LEASE
    third = claim(outbox, "c", now=later, limit=20)
    assert sorted(ids(third)) == sorted(ids(first) + ids(second))
    assert not store.mark_sent(first[0].id, "a", later)  # a stale token changes nothing
    assert store.mark_sent(first[0].id, "c", later)
    assert not store.mark_sent(first[0].id, "c", later)  # and only once
    sent = stored(outbox, first[0].id)
    assert (sent.status, sent.sent_at, sent.claim_token, sent.claimed_until) == (
        "sent", later, None, None,
    )  # fmt: skip


@pytest.mark.parametrize("start", [NOW, LONG_AGO], ids=["future", "past"])
def test_leases_are_judged_by_the_given_now_never_the_wall_clock(
    outbox: OutboxSubject, start: datetime
) -> None:
    [row] = add(outbox, [new(outbox, send_at=start)])
    assert ids(claim(outbox, "a", now=start)) == [row.id]
    assert claim(outbox, "b", now=start + LEASE / 2) == []
    assert outbox.outbox.set_status([row.id], "cancelled", start + LEASE / 2) == 0
    assert ids(claim(outbox, "b", now=start + LEASE)) == [row.id]


def test_now_is_always_given_never_defaulted() -> None:
    for implementation in (OutboxRepository, SqlOutbox, InMemoryOutbox):
        for method in ("set_status", "claim", "renew", "settle_in_flight", "claim_failure_notices"):
            parameter = inspect.signature(getattr(implementation, method)).parameters["now"]
            assert parameter.default is inspect.Parameter.empty, (implementation, method)


def test_renewing_extends_only_the_live_leases_of_the_token(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    one, two, three = add(outbox, [new(outbox, "1"), new(outbox, "2"), new(outbox, "3")])
    assert ids(claim(outbox, "a", limit=1)) == [one.id]
    assert ids(claim(outbox, "b", limit=1)) == [two.id]
    halfway = NOW + LEASE / 2
    assert store.renew("a", now=halfway, lease_until=halfway + LEASE) == 1
    assert stored(outbox, one.id).claimed_until == halfway + LEASE
    assert stored(outbox, two.id).claimed_until == NOW + LEASE
    # past b's lease: a's rows stay held, b's can be taken and b cannot renew them
    after = NOW + LEASE
    assert store.renew("b", now=after, lease_until=after + LEASE) == 0
    assert ids(claim(outbox, "c", now=after)) == [two.id, three.id]
    assert stored(outbox, one.id).claim_token == "a"
    assert store.renew("nobody", now=after, lease_until=after + LEASE) == 0


def test_a_send_in_flight_is_marked_and_never_claimed_again(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    add(outbox, [new(outbox, chat) for chat in ("100", "101", "102")])
    first, second, third = ids(claim(outbox, "a", lease=timedelta(seconds=30)))
    lease_until = NOW + timedelta(seconds=30)
    assert store.begin_send([first], "a", NOW, lease_until=lease_until) == [first]
    assert store.begin_send([second], "b", NOW, lease_until=lease_until) == []  # not b's
    assert store.begin_send([], "a", NOW, lease_until=lease_until) == []
    assert stored(outbox, first).sending_since == NOW
    later = NOW + timedelta(seconds=20)
    assert store.renew("a", now=later, lease_until=later + timedelta(seconds=30)) == 3
    assert store.settle_in_flight(later + timedelta(seconds=5)) == []  # still alive
    # a row in flight is never superseded under its sender's feet
    assert store.set_status([first], "superseded", later + timedelta(minutes=5)) == 0
    # the process dies; after its last lease the row in flight is settled, not resent
    after = later + timedelta(seconds=31)
    [settled] = store.settle_in_flight(after)
    assert settled.id == first and settled.status == "unknown"
    assert (settled.claim_token, settled.claimed_until, settled.failed_at) == (None, None, after)
    assert settled.last_error and "may have been delivered" in settled.last_error
    assert stored(outbox, first) == settled
    assert store.settle_in_flight(after) == []
    assert sorted(ids(claim(outbox, "c", now=after))) == sorted([second, third])
    assert not store.mark_sent(first, "a", after)  # the dead claim cannot overwrite it
    assert store.counts() == {"unknown": 1, "pending": 2}


def test_an_aborted_send_is_claimable_again_after_the_lease(outbox: OutboxSubject) -> None:
    store = outbox.outbox
    [row] = add(outbox, [new(outbox)])
    claim(outbox, "a")
    store.begin_send([row.id], "a", NOW, lease_until=NOW + LEASE)
    assert store.abort_send([row.id], "b") == 0  # not b's
    assert store.abort_send([row.id], "a") == 1
    assert stored(outbox, row.id).sending_since is None
    assert stored(outbox, row.id).claim_token == "a"  # still held until the lease ends
    assert store.settle_in_flight(NOW + LEASE) == []
    assert ids(claim(outbox, "c", now=NOW + LEASE)) == [row.id]
