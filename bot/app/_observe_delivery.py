"""Reminder deliveries counted for ``/metrics``: outcomes and 429s waited out."""

from __future__ import annotations

from dataclasses import dataclass

from bot.delivery.dispatcher import DispatchStats
from bot.delivery.scheduler import ReminderService
from bot.metrics import Metrics


@dataclass(frozen=True, slots=True, kw_only=True)
class ObservedReminderService(ReminderService):
    """The reminder service, its dispatch passes counted by outcome."""

    metrics: Metrics

    async def dispatch(self) -> DispatchStats:
        """Send what is due (see :meth:`ReminderService.dispatch`), then count the outcomes."""
        stats = await ReminderService.dispatch(self)
        deliveries = self.metrics.deliveries
        for outcome, count in (
            ("sent", stats.sent),
            ("retried", stats.retried),
            ("failed", stats.failed),
            ("cancelled", stats.cancelled),
            ("unknown", stats.unknown),
        ):
            if count:
                deliveries.labels(outcome=outcome).inc(count)
        if stats.rate_limited:
            self.metrics.rate_limited.inc(stats.rate_limited)
        return stats
