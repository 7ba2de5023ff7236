"""Reminder deliveries reach /metrics: outcomes of each dispatch pass, and 429s waited out."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bot.app._observe_delivery import ObservedReminderService
from bot.delivery.dispatcher import DispatchStats
from bot.metrics import Metrics


class FakeDispatcher:
    def __init__(self, stats: DispatchStats) -> None:
        self.stats = stats

    async def dispatch_due(self) -> DispatchStats:
        return self.stats


class NoNotices:
    async def send_pending(self) -> None:
        return None


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


async def test_each_dispatch_pass_is_counted_by_outcome() -> None:
    metrics = Metrics()
    stats = DispatchStats(claimed=7, sent=4, retried=1, failed=1, cancelled=1, rate_limited=2)
    fakes: dict[str, Any] = {
        "planner": SimpleNamespace(),
        "dispatcher": FakeDispatcher(stats),
        "notices": NoNotices(),
        "outbox": SimpleNamespace(),
        "clock": SimpleNamespace(),
    }
    service = ObservedReminderService(**fakes, metrics=metrics)
    assert await service.dispatch() is stats
    await service.dispatch()
    assert sample(metrics, "sisterbot_deliveries_total", outcome="sent") == 8
    assert sample(metrics, "sisterbot_deliveries_total", outcome="failed") == 2
    assert sample(metrics, "sisterbot_deliveries_total", outcome="retried") == 2
    assert sample(metrics, "sisterbot_deliveries_total", outcome="cancelled") == 2
    assert sample(metrics, "sisterbot_rate_limited_waits_total") == 4


def test_outbox_rows_are_read_at_each_scrape() -> None:
    metrics = Metrics()
    counts = {"pending": 3, "sent": 10}
    metrics.watch_outbox(lambda: counts)
    assert sample(metrics, "sisterbot_outbox_rows", state="pending") == 3
    counts["pending"] = 0
    assert sample(metrics, "sisterbot_outbox_rows", state="pending") == 0


def test_an_unreachable_database_does_not_break_the_scrape() -> None:
    metrics = Metrics()

    def broken() -> dict[str, int]:
        raise OSError("database away")

    metrics.watch_outbox(broken)
    body, content_type = metrics.exposition()
    assert b"sisterbot_messages_in_total" in body or b"sisterbot_messages_in" in body
    assert content_type.startswith("text/plain")
