"""The rate limiter's catch-up after a late wake-up, on a fake clock."""

from __future__ import annotations

import itertools

from bot.delivery.ratelimit import CATCH_UP_SECONDS, FakeTime, RateLimiter


async def _starts(limiter: RateLimiter, time: FakeTime, count: int, *, stall_after: int,
                  stall: float) -> list[float]:  # fmt: skip
    """When each of ``count`` sends starts, the sender stalled ``stall`` s after some."""
    starts = []
    for n in range(count):
        if n == stall_after:
            time.now += stall  # descheduled: a busy machine, a long garbage collection
        await limiter.wait_turn(f"chat{n}")
        starts.append(time.now)
    return starts


async def test_a_late_sender_catches_up_on_the_last_fifty_milliseconds_of_slots() -> None:
    time = FakeTime()
    limiter = RateLimiter(1000.0, 1.0, monotonic=time.monotonic, sleep=time.sleep)
    starts = await _starts(limiter, time, 400, stall_after=100, stall=0.2)
    # before the stall: one send a millisecond
    assert all(abs((b - a) - 0.001) < 1e-9 for a, b in itertools.pairwise(starts[:100]))
    # after it: fifty sends at once (the slots of the last 50 ms), then the pace again
    caught_up = int(1000.0 * CATCH_UP_SECONDS)
    burst = starts[100 : 100 + caught_up + 1]
    assert max(burst) - min(burst) < 1e-9
    after = starts[100 + caught_up :]
    assert all(abs((b - a) - 0.001) < 1e-9 for a, b in itertools.pairwise(after))
    # the 150 ms before those fifty slots are lost, never banked: no second holds more
    # than the rate and the catch-up
    for first in range(len(starts)):
        in_a_second = [t for t in starts[first:] if t < starts[first] + 1.0]
        assert len(in_a_second) <= 1000 + caught_up


async def test_at_telegrams_rate_the_catch_up_stays_two_sends() -> None:
    time = FakeTime()
    limiter = RateLimiter(30.0, 1.0, monotonic=time.monotonic, sleep=time.sleep)
    starts = await _starts(limiter, time, 40, stall_after=10, stall=1.0)
    gaps = [b - a for a, b in itertools.pairwise(starts[10:])]
    # three sends at once: the late one and two missed slots
    assert all(abs(g) < 1e-9 for g in gaps[:2])
    assert all(abs(g - 1 / 30) < 1e-9 for g in gaps[2:])
