"""Reminders WhatsApp fails after accepting them: found by message id and marked failed.

The Graph API accepts a message and may report it ``failed`` later on the webhook (the
re-engagement error 131047 when the 24-hour window had closed, an undeliverable number,
a template problem). The outbox keeps each sent reminder's WhatsApp message id, so such
a status finds its delivery and marks it failed with the error's code and title; the
delivery side then tells the admins, and /gagal lists it. When the notifier answered a
late 131047 by sending the approved template instead (and WhatsApp accepted it), the
delivery now points at the template's message, whose own fate decides the outcome.

Statuses are stored in the inbox before listeners hear them, so a process that stopped
in between catches up on start (:meth:`DeliveryFailures.reconcile`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from bot.channels.wa.graph import GraphResult
from bot.channels.wa.updates import StatusUpdate
from bot.core.ports import Clock
from bot.core.reminders import Delivery, OutboxRepository

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
MAX_TITLE_CHARS = 200


def describe_failure(status: StatusUpdate) -> str:
    """``WhatsApp 131047: Re-engagement message`` (the code and title WhatsApp gave)."""
    code = f" {status.error_code}" if status.error_code is not None else ""
    title = " ".join((status.error_title or "failed").split())[:MAX_TITLE_CHARS]
    return f"WhatsApp{code}: {title}"


class DeliveryFailures:
    """Ties WhatsApp's ``failed`` statuses to reminder deliveries in the outbox."""

    def __init__(self, *, outbox: OutboxRepository, clock: Clock) -> None:
        self._outbox = outbox
        self._clock = clock

    async def on_status(
        self, status: StatusUpdate, fallback: GraphResult | None = None
    ) -> Delivery | None:
        """Record a failure of a sent reminder; ``fallback`` is the template sent instead.

        Returns the delivery marked failed, or None (not a failure, not a reminder, or the
        template went out in its place).
        """
        if status.status != "failed":
            return None
        error = describe_failure(status)
        if fallback is not None and fallback.ok and fallback.message_id:
            template_id = fallback.message_id
            note = f"{error}; sent again as the approved template"
            await asyncio.to_thread(
                self._outbox.replace_provider_id, CHANNEL, status.message_id, template_id, note
            )
            return None
        if fallback is not None:
            reason = fallback.error or f"error {fallback.error_code}"
            error = f"{error}; the template was refused too: {reason}"
        now = self._clock.now()
        delivery = await asyncio.to_thread(
            self._outbox.fail_sent, CHANNEL, status.message_id, error, now
        )
        if delivery is not None:
            log.warning(
                "reminder delivery %d failed on WhatsApp (%s)", delivery.id, status.error_code
            )
        return delivery

    def reconcile(self, failures: Iterable[StatusUpdate]) -> int:
        """Apply stored failures a previous run may not have applied; returns how many."""
        now = self._clock.now()
        marked = 0
        for status in failures:
            if status.status == "failed":
                error = describe_failure(status)
                marked += self._outbox.fail_sent(CHANNEL, status.message_id, error, now) is not None
        if marked:
            log.warning("%d reminder deliveries had failed on WhatsApp meanwhile", marked)
        return marked
