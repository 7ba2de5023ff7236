"""What the operator sees of each update: metrics and one log line, wired around the core.

The core stays unaware of Prometheus and logging formats: each feature is wrapped here
(:class:`ObservedFeature`) to time its replies, the curator log (:class:`CountingCurator`)
to count abstentions, and each channel's handler (:func:`observed_handle`) to count
messages in and out and to log one line per update: channel, kind, the feature that
answered, latency and outcome; never the user, the chat or the text.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping

from bot.core.dialogue import ButtonHandler, CommandHandler, Feature, Turn, feature_name
from bot.core.models import Feedback, Incoming, KnowledgeGap, Reply
from bot.core.ports import CuratorLog
from bot.metrics import Metrics

log = logging.getLogger("sisterbot.updates")

_current = threading.local()  # the feature that answered the update handled in this thread


class CountingCurator:
    """A curator log that also marks the update as an abstention, for :class:`ObservedFeature`.

    The question feature records a gap exactly when it abstains: that is the one signal of
    an abstention that does not need the core to know about metrics.
    """

    def __init__(self, inner: CuratorLog) -> None:
        self._inner = inner

    def record_feedback(self, feedback: Feedback) -> None:
        """Store a thumbs up or down."""
        self._inner.record_feedback(feedback)

    def record_gap(self, gap: KnowledgeGap) -> None:
        """Store an unanswered question, and mark the update as abstained."""
        _current.abstained = True
        self._inner.record_gap(gap)


class ObservedFeature:
    """A feature whose replies are timed under its name (``answers``, ``status``, ...)."""

    def __init__(self, inner: Feature, name: str, metrics: Metrics) -> None:
        self._inner = inner
        self._name = name
        self._metrics = metrics
        # Replies say which feature answered (``sisterbot chat --jsonl``): the inner one.
        self.feature_name = feature_name(inner)

    def commands(self) -> Mapping[str, CommandHandler]:
        """The inner feature's commands, timed."""
        return {name: self._timed(handler) for name, handler in self._inner.commands().items()}

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """The inner feature's buttons, timed."""
        return {prefix: self._timed(handler) for prefix, handler in self._inner.buttons().items()}

    def claim_text(self, turn: Turn) -> Reply | None:
        """The inner feature's free-text claim, timed when it answers."""
        started = time.perf_counter()
        _current.abstained = False
        reply = self._inner.claim_text(turn)
        if reply is not None:
            self._observe(started)
            if self._name == "answers":
                outcome = "abstained" if getattr(_current, "abstained", False) else "answered"
                self._metrics.questions.labels(outcome=outcome).inc()
        return reply

    def _timed(self, handler: Callable[[Turn, str], Reply]) -> Callable[[Turn, str], Reply]:
        def timed(turn: Turn, args: str) -> Reply:
            started = time.perf_counter()
            reply = handler(turn, args)
            self._observe(started)
            return reply

        return timed

    def _observe(self, started: float) -> None:
        self._metrics.reply_seconds.labels(feature=self._name).observe(
            time.perf_counter() - started
        )
        _current.feature = self._name


def observed_handle(
    handle: Callable[[Incoming], Reply], metrics: Metrics, channel: str
) -> Callable[[Incoming], Reply]:
    """``handle`` counted per channel and logged: one INFO line per update, no personal data."""
    messages_in = metrics.messages_in.labels(channel=channel)
    messages_out = metrics.messages_out.labels(channel=channel)

    def observed(incoming: Incoming) -> Reply:
        messages_in.inc()
        _current.feature = "dialogue"
        started = time.perf_counter()
        kind = "button" if incoming.button_data is not None else "text"
        try:
            reply = handle(incoming)
        except Exception:
            _log_update(channel, kind, started, "error")
            raise
        messages_out.inc()
        _log_update(channel, kind, started, "ok")
        return reply

    return observed


def _log_update(channel: str, kind: str, started: float, outcome: str) -> None:
    fields: dict[str, object] = {
        "channel": channel,
        "update_kind": kind,
        "feature": getattr(_current, "feature", "dialogue"),
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
        "outcome": outcome,
    }
    # The fields in the text too (for the text format), and as fields (for JSON lines).
    log.info("update %s", " ".join(f"{k}={v}" for k, v in fields.items()), extra=fields)
