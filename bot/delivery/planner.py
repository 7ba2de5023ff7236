"""The outbox planner: turns agreements, subscriptions and the policy into outbox rows.

Each pass computes, as of now, the latest reminder of every due date whose send time has
come, for every subscriber, and inserts the ones not there yet (ON CONFLICT DO NOTHING):
running it twice, or on two replicas, adds nothing twice. A bot that was down catches up
on its first pass: one reminder per due date, the older missed ones recorded as
superseded. Pending rows made stale since (the due date was met or changed, the chat
unsubscribed, a later reminder of the same due date came) are closed here too.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.ports import AgreementRepository, SubscriptionRepository
from bot.core.reminders import CHAT_WINDOW, Delivery, OutboxRepository, WhatIsDue, by_region

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanStats:
    """What one planning pass did."""

    inserted: int  # new pending deliveries
    superseded: int  # missed ones recorded as superseded, and pending ones replaced
    cancelled: int


class OutboxPlanner:
    """Fills the outbox with what is due (see the module docstring)."""

    def __init__(
        self,
        *,
        agreements: AgreementRepository,
        subscriptions: SubscriptionRepository,
        outbox: OutboxRepository,
        due: WhatIsDue,
    ) -> None:
        self._agreements = agreements
        self._subscriptions = subscriptions
        self._outbox = outbox
        self._due = due

    def plan(self, now: datetime) -> PlanStats:
        """One pass as of ``now``."""
        active = self._subscriptions.active()
        # Planned a little ahead, so a chat's rows of one morning in WIB, WITA and WIT are
        # all there when its first is due: the dispatcher sends them in one digest.
        deliveries, current = self._due.as_of(
            now + CHAT_WINDOW, agreements=self._agreements.all(), subscriptions=by_region(active)
        )
        inserted = skipped = 0
        if deliveries:
            existing = self._outbox.keys_since(min(d.send_at for d in deliveries))
            new = [d for d in deliveries if d.key not in existing]
            missed = [m for d in new for m in self._due.missed_before(d)]
            inserted = self._outbox.add_many(new)
            skipped = self._outbox.add_many(missed)
        subscribed: set[tuple[str, str, str]] = {
            (s.address.channel, s.address.chat_id, s.region_code) for s in active
        }
        stale, older = self._closable(self._outbox.pending(), current, subscribed)
        cancelled = self._outbox.set_status(stale, "cancelled", now, "no longer due")
        superseded = skipped + self._outbox.set_status(older, "superseded", now, "later one")
        if inserted or cancelled or superseded:
            log.info(
                "outbox planned: %d new, %d superseded, %d cancelled",
                inserted,
                superseded,
                cancelled,
            )
        return PlanStats(inserted=inserted, superseded=superseded, cancelled=cancelled)

    @staticmethod
    def _closable(
        pending: list[Delivery],
        current: Mapping[tuple[int, str], date],
        subscribed: AbstractSet[tuple[str, str, str]],
    ) -> tuple[list[int], list[int]]:
        stale: list[int] = []
        latest: dict[tuple[object, ...], Delivery] = {}
        for row in pending:
            if (
                current.get((row.agreement_id, row.kind)) != row.due
                or (row.channel, row.chat_id, row.region_code) not in subscribed
            ):
                stale.append(row.id)
                continue
            kept = latest.get(row.group)
            if kept is None or (row.send_at, -row.lead_days) > (kept.send_at, -kept.lead_days):
                latest[row.group] = row
        keep = {row.id for row in latest.values()}
        older = [r.id for r in pending if r.id not in keep and r.id not in stale]
        return stale, older
