"""The admins' weekly recap: Monday from 08:00 WIB, once per week per admin chat.

The job runs every few minutes; from Monday 08:00 WIB until the end of the week it sends
the week's recap to each admin chat that has no row for that week yet (a bot that was down
on Monday catches up later that week; a missed week is not sent afterwards). The row is
written before the send (:mod:`bot.storage.recap_log`), so restarts and replicas never
send it twice. The recap is the text of :func:`~bot.core.reminders.recap_text` and, where
the channel can show a picture (Telegram's ``send_photo``), the chart of
:mod:`bot.delivery.recap_chart` with the same numbers.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Protocol, runtime_checkable

from bot.core.dates import format_day
from bot.core.models import ChatAddress, Language, Reply, SendResult
from bot.core.ports import AgreementRepository, Clock, Notifier
from bot.core.reminders import (
    DEFAULT_TIMEZONE,
    RegionGetter,
    ReminderPolicy,
    admin_addresses,
    overview_counts,
    recap_text,
    zone,
)
from bot.delivery.recap_chart import recap_png

RECAP_WEEKDAY = 0  # Monday
RECAP_TIME = time(8, 0)  # WIB


@runtime_checkable
class PhotoNotifier(Protocol):
    """A notifier that can also send a picture (Telegram's)."""

    async def send_photo(self, address: ChatAddress, png: bytes, caption: str) -> SendResult:
        """Deliver one picture with a caption; never raises for delivery errors."""
        ...


class RecapLog(Protocol):
    """The durable record of who got which week's recap (``bot.storage.recap_log``)."""

    def claim(self, week: date, address: ChatAddress, now: datetime) -> bool:
        """Record the send as started; False if this week's recap to ``address`` was."""
        ...

    def finish(
        self, week: date, address: ChatAddress, status: str, now: datetime, error: str | None
    ) -> None:
        """Record how the send ended."""
        ...


def recap_week(now: datetime) -> date | None:
    """The Monday of the week whose recap is due at ``now`` (None before Monday 08:00 WIB)."""
    local = now.astimezone(zone(DEFAULT_TIMEZONE))
    monday = local.date() - timedelta(days=(local.weekday() - RECAP_WEEKDAY) % 7)
    start = datetime.combine(monday, RECAP_TIME, tzinfo=zone(DEFAULT_TIMEZONE))
    return monday if local >= start else None


class WeeklyRecap:
    """Sends the week's recap to every admin chat once."""

    def __init__(
        self,
        *,
        agreements: AgreementRepository,
        regions: RegionGetter,
        policy: ReminderPolicy,
        admins: frozenset[str],
        notifiers: Mapping[str, Notifier],
        log: RecapLog,
        clock: Clock,
        language: Language = "id",
    ) -> None:
        self._agreements = agreements
        self._regions = regions
        self._policy = policy
        self._admins = admins
        self._notifiers = notifiers
        self._log = log
        self._clock = clock
        self._language = language

    async def send_due(self) -> Counter[str]:
        """Send this week's recap to the admin chats that do not have it; outcomes counted."""
        now = self._clock.now()
        week = recap_week(now)
        outcomes: Counter[str] = Counter()
        if week is None:
            return outcomes
        addresses = [a for a in admin_addresses(self._admins) if a.channel in self._notifiers]
        message: tuple[str, bytes] | None = None
        for address in addresses:
            if not await asyncio.to_thread(self._log.claim, week, address, now):
                continue
            if message is None:  # counted once, and only when someone needs it
                message = await asyncio.to_thread(self._message, now)
            result = await self._send(address, *message)
            status = "sent" if result.ok else "failed"
            await asyncio.to_thread(
                self._log.finish, week, address, status, self._clock.now(), result.error
            )
            outcomes[status] += 1
        return outcomes

    def _message(self, now: datetime) -> tuple[str, bytes]:
        today = now.astimezone(zone(DEFAULT_TIMEZONE)).date()
        counts = overview_counts(self._agreements.all(), policy=self._policy, today=today)
        day = format_day(today, self._language)
        text = recap_text(
            counts, province_name=self._province_name, language=self._language, day=day
        )
        png = recap_png(counts, province_name=self._province_name, language=self._language, day=day)
        return text, png

    async def _send(self, address: ChatAddress, text: str, png: bytes) -> SendResult:
        notifier = self._notifiers[address.channel]
        result = await notifier.send(address, Reply(text=text, language=self._language))
        if result.ok and isinstance(notifier, PhotoNotifier):
            caption = text.splitlines()[0]
            result = await notifier.send_photo(address, png, caption)
        return result

    def _province_name(self, code: str) -> str:
        region = self._regions.get(code)
        return region.display_name if region is not None else code
