"""A per-user token bucket: one flooding user is slowed down, everyone else is not.

Each user may send ``burst`` messages at once and then ``per_second`` on average. A
message over the limit is dropped; the first one dropped in a flood gets a polite
"slow down" (``Verdict.NOTIFY``), the rest of that flood nothing (``Verdict.DROP``), so
the throttle itself never floods the chat. A flood ends only when the user has been quiet
long enough for the bucket to fill up again: the trickle of messages let through while
it lasts does not start a new one (nor a new notice). Used by Telegram and WhatsApp alike;
time comes from an injected clock.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass


class Verdict(enum.Enum):
    """What to do with one message."""

    ALLOW = "allow"
    NOTIFY = "notify"  # over the limit: drop it, and say so once
    DROP = "drop"  # over the limit, already told


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    notified: bool = False


class TokenBucketThrottle:
    """Per-key token buckets; idle keys are forgotten to bound memory."""

    def __init__(
        self,
        *,
        burst: int,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        if burst < 1 or per_second <= 0:
            raise ValueError("burst must be >= 1 and per_second > 0")
        self._burst = float(burst)
        self._rate = per_second
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    def check(self, key: str) -> Verdict:
        """Take a token for ``key`` if there is one."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._max_keys:
                self._forget_full(now)
            bucket = self._buckets[key] = _Bucket(tokens=self._burst, updated=now)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(self._burst, bucket.tokens + elapsed * self._rate)
            bucket.updated = now
        if bucket.tokens >= self._burst:
            bucket.notified = False  # quiet long enough to refill: any flood is over
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Verdict.ALLOW
        if bucket.notified:
            return Verdict.DROP
        bucket.notified = True
        return Verdict.NOTIFY

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled completely: they hold no information."""
        full_after = self._burst / self._rate
        idle = [k for k, b in self._buckets.items() if now - b.updated >= full_after]
        for key in idle:
            del self._buckets[key]
        if len(self._buckets) >= self._max_keys:
            self._buckets.clear()
