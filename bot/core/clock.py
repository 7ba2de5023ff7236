"""Clocks: the system one and a fake one that tests move by hand (no test ever sleeps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        """The current instant."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        """The instant the test set."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move time forward."""
        self._now += delta

    def set(self, when: datetime) -> None:
        """Jump to ``when``."""
        if when.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = when
