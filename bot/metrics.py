"""The bot's Prometheus metrics, served at ``/metrics``.

One :class:`Metrics` per running bot, built by the composition root with its own
``CollectorRegistry`` (never prometheus-client's global one, so that two bots in one
process, as in the tests, count apart). Labels carry channels, features, outcomes and
states only: never a user, chat, phone number or message text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST

log = logging.getLogger(__name__)

# Replies take well under 5 ms in process; a database write or a slow disk can take 100s.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class _OutboxCollector:
    """Reads the outbox's rows per state at scrape time (the database is the truth)."""

    def __init__(self, counts: Callable[[], Mapping[str, int]]) -> None:
        self._counts = counts

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "sisterbot_outbox_rows", "Reminder outbox rows by state.", labels=["state"]
        )
        try:
            counts = self._counts()
        except Exception:  # a scrape must not fail because the database is away
            log.warning("outbox counts unavailable for /metrics", exc_info=True)
            counts = {}
        for state, count in sorted(counts.items()):
            family.add_metric([state], count)
        yield family


class Metrics:
    """Every counter and histogram of one running bot."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.messages_in = Counter(
            "sisterbot_messages_in", "Messages and button presses received.", ["channel"],
            registry=registry,
        )  # fmt: skip
        self.messages_out = Counter(
            "sisterbot_messages_out", "Replies sent back.", ["channel"], registry=registry
        )
        self.messages_throttled = Counter(
            "sisterbot_messages_throttled",
            "Messages dropped unstored because their sender was flooding (per-user limit).",
            ["channel"],
            registry=registry,
        )
        self.questions = Counter(
            "sisterbot_questions",
            "Free-text questions for the knowledge base, by outcome.",
            ["outcome"],
            registry=registry,
        )
        self.reply_seconds = Histogram(
            "sisterbot_reply_seconds",
            "Time to compute a reply, by the feature that answered (answers, status, ...).",
            ["feature"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.deliveries = Counter(
            "sisterbot_deliveries",
            "Reminder deliveries by outcome (sent, retried, failed, cancelled).",
            ["outcome"],
            registry=registry,
        )
        self.rate_limited = Counter(
            "sisterbot_rate_limited_waits",
            "429 (too many requests) answers waited out before sending again.",
            registry=registry,
        )
        self.webhook_refused = Counter(
            "sisterbot_webhook_refused",
            "Webhook requests refused (bad signature or secret, bad body), by path and status.",
            ["path", "status"],
            registry=registry,
        )
        for channel in ("telegram", "whatsapp"):
            self.messages_throttled.labels(channel=channel)
        for outcome in ("answered", "abstained"):
            self.questions.labels(outcome=outcome)
        for outcome in ("sent", "retried", "failed", "cancelled"):
            self.deliveries.labels(outcome=outcome)

    def watch_outbox(self, counts: Callable[[], Mapping[str, int]]) -> None:
        """Report the outbox's rows per state, read at every scrape."""
        self.registry.register(_OutboxCollector(counts))

    def exposition(self) -> tuple[bytes, str]:
        """The text format of every metric, and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
