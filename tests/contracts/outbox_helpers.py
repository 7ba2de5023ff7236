"""Rows and calls the outbox contract tests share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from bot.core.models import Channel
from bot.core.reminders import Delivery, DeliveryStatus, NewDelivery, ReminderKind
from tests.reminders.conftest import SURABAYA

from .conftest import OutboxSubject

# Years away from the wall clock, both ways: an implementation that judged a lease by the
# machine's clock instead of the ``now`` it is given fails the tests at once.
NOW = datetime(2031, 3, 4, 1, tzinfo=UTC)
LONG_AGO = datetime(2011, 3, 4, 1, tzinfo=UTC)
DUE = date(2031, 3, 4)
LEASE = timedelta(minutes=5)


def new(
    subject: OutboxSubject,
    chat: str = "100",
    *,
    lead: int = 0,
    second_agreement: bool = False,
    kind: ReminderKind = "report",
    due: date = DUE,
    channel: Channel = "telegram",
    send_at: datetime = NOW - timedelta(hours=1),
    status: DeliveryStatus = "pending",
) -> NewDelivery:
    """A delivery to ``chat``; what a test does not name is the same in every row."""
    return NewDelivery(
        agreement_id=subject.agreements[1 if second_agreement else 0],
        region_code=SURABAYA,
        kind=kind,
        due=due,
        lead_days=lead,
        channel=channel,
        chat_id=chat,
        user_id=chat,
        send_at=send_at,
        status=status,
    )


def add(subject: OutboxSubject, deliveries: Sequence[NewDelivery]) -> list[Delivery]:
    """Add ``deliveries`` (all new) and return them as stored, in the order given."""
    assert subject.outbox.add_many(deliveries) == len(deliveries)
    by_key = {d.key: d for d in subject.outbox.all()}
    return [by_key[d.key] for d in deliveries]


def claim(
    subject: OutboxSubject,
    token: str,
    *,
    now: datetime = NOW,
    lease: timedelta = LEASE,
    limit: int = 50,
    channels: Sequence[str] = ("telegram",),
) -> list[Delivery]:
    """Claim due rows for ``token`` with a lease of ``lease`` from ``now``."""
    return subject.outbox.claim(
        now=now, token=token, lease_until=now + lease, limit=limit, channels=channels
    )


def stored(subject: OutboxSubject, delivery_id: int) -> Delivery:
    """The row as stored now (it must exist)."""
    row = subject.outbox.get(delivery_id)
    assert row is not None
    return row


def ids(rows: Sequence[Delivery]) -> list[int]:
    """The ids, in order."""
    return [r.id for r in rows]
