"""Failure notices: admins are told, once, of every reminder delivery that failed.

Run by the scheduler after each dispatch pass, like the officer notices. Failed outbox
rows whose notice is unsent are *claimed* with a token and a lease (on PostgreSQL with
FOR UPDATE SKIP LOCKED, so replicas never announce the same row), one message listing
them goes to every admin reachable on a configured channel, and the rows are marked
notified. A process that dies in between leaves the claim to expire and the notice is
sent later: late, never lost. Failures reported after the send (WhatsApp's webhook)
are picked up by the next pass.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from collections.abc import Mapping
from datetime import timedelta

from bot.core.models import ChatAddress, Language
from bot.core.ports import AgreementRepository, Clock, Notifier, UserRepository
from bot.core.reminders import (
    FailureLines,
    OutboxRepository,
    RegionGetter,
    admin_addresses,
    failure_notice,
)

log = logging.getLogger(__name__)

BATCH = 200  # rows announced in one message (it lists the first few and counts the rest)


class FailureNotices:
    """Tells the admins about failed deliveries (see the module docstring)."""

    def __init__(
        self,
        *,
        outbox: OutboxRepository,
        agreements: AgreementRepository,
        regions: RegionGetter,
        admins: frozenset[str],
        notifiers: Mapping[str, Notifier],
        clock: Clock,
        users: UserRepository | None = None,
        lease: timedelta = timedelta(minutes=5),
    ) -> None:
        self._outbox = outbox
        self._lines = FailureLines(agreements=agreements, regions=regions)
        self._admins = admin_addresses(admins)
        self._notifiers = dict(notifiers)
        self._clock = clock
        self._users = users
        self._lease = lease

    async def send_pending(self) -> int:
        """Announce every failure not yet announced; returns how many were announced."""
        targets = [a for a in self._admins if a.channel in self._notifiers]
        if not targets:
            return 0  # nobody to tell here: the rows wait for a process that can (or /gagal)
        announced = 0
        while True:
            token = uuid.uuid4().hex
            now = self._clock.now()
            failed = await asyncio.to_thread(
                functools.partial(
                    self._outbox.claim_failure_notices,
                    now=now,
                    token=token,
                    lease_until=now + self._lease,
                    limit=BATCH,
                )
            )
            if not failed:
                return announced
            delivered = refused = 0
            for address in targets:
                language = await self._language(address)
                reply = await asyncio.to_thread(failure_notice, self._lines, failed, language)
                result = await self._notifiers[address.channel].send(address, reply)
                delivered += result.ok
                refused += not result.ok and result.permanent
            if not delivered and refused < len(targets):
                # a transient failure: the claim expires and the next pass tries again
                log.warning("could not tell the admins about %d failed reminders", len(failed))
                return announced
            ids = [d.id for d in failed]
            done = self._clock.now()
            await asyncio.to_thread(self._outbox.mark_failures_noticed, ids, token, done)
            announced += len(failed)

    async def _language(self, address: ChatAddress) -> Language:
        if self._users is None:
            return "id"
        profile = await asyncio.to_thread(self._users.get, address.channel, address.chat_id)
        return (profile.language if profile else None) or "id"
