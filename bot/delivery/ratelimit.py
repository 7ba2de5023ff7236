"""Pacing for a fan-out: an overall rate and a minimum gap per chat.

Telegram allows about 30 messages a second overall and one a second per chat. Each send
takes the next free slot: no earlier than the overall pace allows, no earlier than a second
after the previous message to the same chat, and not before a 429's ``retry_after`` has
passed. Time and sleeping are injected, so tests run on a fake clock without sleeping.

A sender that woke up late (timer jitter, a busy machine) may take the slots it missed
within the last :data:`CATCH_UP_SECONDS`, at least two: at 30/s that is two sends, at
1,000/s fifty. The average never exceeds the rate, and no second holds more than the
rate and that catch-up.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable

# How far back a late sender may catch up on missed slots (at least two slots).
CATCH_UP_SECONDS = 0.05


class RateLimiter:
    """Hands out send slots: ``await limiter.wait_turn(chat)`` before each send."""

    def __init__(
        self,
        rate_per_second: float,
        per_chat_interval: float = 1.0,
        *,
        burst: int | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.rate = rate_per_second
        self._gap = 1.0 / rate_per_second
        self._per_chat = per_chat_interval
        # A scheduler's time slice on a busy machine is several milliseconds: at a high
        # rate, two slots of catch-up would lose most of every late wake-up.
        self._burst = (
            burst if burst is not None else max(2, int(rate_per_second * CATCH_UP_SECONDS))
        )
        self._monotonic = monotonic
        self._sleep = sleep
        self._next_free = 0.0
        self._paused_until = 0.0
        self._chat_next: dict[Hashable, float] = {}
        self._prune_at = 50_000

    def now(self) -> float:
        """The limiter's clock."""
        return self._monotonic()

    async def wait_turn(self, chat: Hashable) -> None:
        """Wait until a message to ``chat`` may start."""
        now = self._monotonic()
        # A sender that woke up a little late may catch up by at most ``burst`` sends, so
        # jitter does not slow the pace, and unused time is never banked beyond that.
        start = max(
            now - self._burst * self._gap,
            self._next_free,
            self._paused_until,
            self._chat_next.get(chat, 0.0),
        )
        self._next_free = start + self._gap
        self._chat_next[chat] = max(start, now) + self._per_chat
        if len(self._chat_next) > self._prune_at:
            self._chat_next = {k: v for k, v in self._chat_next.items() if v > now}
            self._prune_at = max(50_000, 2 * len(self._chat_next))
        if start > now:
            await self._sleep(start - now)
        # A 429 may have come in while this send was waiting for its slot.
        while self._paused_until > self._monotonic():
            await self._sleep(self._paused_until - self._monotonic())

    def pause(self, seconds: float) -> None:
        """Hold every send for ``seconds`` (Telegram said 429 with retry_after)."""
        until = self._monotonic() + max(0.0, seconds)
        self._paused_until = max(self._paused_until, until)
        self._next_free = max(self._next_free, until)


class FakeTime:
    """A monotonic clock and a sleep that only moves it: pacing tests without waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0

    def monotonic(self) -> float:
        """The fake time."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Advance the fake time instead of sleeping.

        It first yields, so tasks that are ready run at the time they became ready.
        """
        await asyncio.sleep(0)
        self.now += max(0.0, seconds)
        self.slept += max(0.0, seconds)
