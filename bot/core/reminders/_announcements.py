"""Announcements: an admin's message to every subscriber, a province's or a region's.

Pure parts only: who receives an announcement (from the active subscriptions, each chat
once however many of the audience's regions it follows), the message as sent, the outcome
counts, and the storage port. Each (announcement, chat) is one row in a durable outbox,
so a chat gets an announcement exactly once; a row whose send was interrupted (the process
died after the request may have reached the platform) ends as ``unknown`` and is never
resent blindly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from bot.core.models import ChatAddress, Language, Reply, Subscription
from bot.core.reminders._overview import province_of
from bot.core.texts import Text

Scope = Literal["all", "province", "region"]
# Every outcome a recipient row can end in (``pending`` and ``sending`` on the way).
OUTCOMES = ("pending", "sending", "sent", "retry", "failed", "cancelled", "unknown")
MAX_ANNOUNCEMENT_CHARS = 3500  # Telegram's 4096 less the header, with room to spare


@dataclass(frozen=True, slots=True, kw_only=True)
class Audience:
    """Who an announcement is for: everyone, a province (by code) or one region."""

    scope: Scope
    code: str = ""  # the province's or region's code; empty for ``all``
    name: str = ""  # as shown to the admin

    def includes(self, region_code: str) -> bool:
        """Whether subscribers of ``region_code`` are in this audience."""
        if self.scope == "all":
            return True
        if self.scope == "province":
            return province_of(region_code) == self.code
        return region_code == self.code


def recipients(audience: Audience, subscriptions: Iterable[Subscription]) -> list[ChatAddress]:
    """The chats to send to: active subscriptions in the audience, each chat once, in order."""
    seen: dict[ChatAddress, None] = {}
    for sub in subscriptions:
        if not sub.paused and audience.includes(sub.region_code):
            seen.setdefault(sub.address, None)
    return sorted(seen, key=lambda a: (a.channel, a.chat_id))


@dataclass(frozen=True, slots=True, kw_only=True)
class Announcement:
    """One announcement as stored."""

    id: int
    text: str
    audience: Audience
    created_by: str
    created_at: datetime
    state: Literal["draft", "confirmed", "discarded"]
    counts: Mapping[str, int]  # outcome -> rows

    @property
    def recipients(self) -> int:
        """How many chats it was addressed to."""
        return sum(self.counts.values())

    @property
    def pending(self) -> int:
        """Rows not yet at an outcome (waiting, retrying or being sent)."""
        return sum(self.counts.get(s, 0) for s in ("pending", "retry", "sending"))


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnouncementDelivery:
    """One claimed recipient row: the announcement's text to one chat."""

    announcement_id: int
    address: ChatAddress
    text: str
    attempts: int


class AnnouncementStore(Protocol):
    """The durable announcements and their outbox (SQL in ``bot.storage``)."""

    def create(
        self,
        *,
        text: str,
        audience: Audience,
        created_by: str,
        addresses: Sequence[ChatAddress],
        now: datetime,
    ) -> int:
        """Store the announcement and one pending row per chat; its id."""
        ...

    def draft(self, *, text: str, audience: Audience, created_by: str, now: datetime) -> int:
        """Store an announcement to confirm later (no recipients yet); its id."""
        ...

    def confirm(self, announcement_id: int, addresses: Sequence[ChatAddress]) -> int | None:
        """Turn a draft into one pending row per chat; None if it is no longer a draft."""
        ...

    def discard(self, announcement_id: int) -> bool:
        """Drop a draft; False if it is no longer a draft."""
        ...

    def get(self, announcement_id: int) -> Announcement | None:
        """The announcement with its outcome counts."""
        ...

    def cancel(self, announcement_id: int, now: datetime) -> int:
        """Cancel its rows still pending; how many were cancelled."""
        ...


TEXTS: Mapping[str, Text] = {
    "header": Text(id="📢 Pengumuman", en="📢 Announcement"),
    "status": Text(
        id="Pengumuman #{id} untuk {audience}: {recipients} chat; terkirim {sent}, menunggu "
        "{pending}, gagal {failed}, dibatalkan {cancelled}, tidak pasti {unknown}.",
        en="Announcement #{id} to {audience}: {recipients} chats; sent {sent}, waiting "
        "{pending}, failed {failed}, cancelled {cancelled}, unknown {unknown}.",
    ),
    "everyone": Text(id="semua pelanggan", en="all subscribers"),
}


def announcement_reply(text: str, language: Language = "id") -> Reply:
    """The message a subscriber receives."""
    return Reply(text=f"{TEXTS['header'](language)}\n\n{text}", language=language)


def audience_label(audience: Audience, language: Language) -> str:
    """``semua pelanggan`` or the province's / region's name."""
    if audience.scope == "all":
        return TEXTS["everyone"](language)
    return audience.name or audience.code


def status_line(announcement: Announcement, language: Language) -> str:
    """One line: the audience and every outcome counted."""
    counts = announcement.counts
    return TEXTS["status"](
        language,
        id=announcement.id,
        audience=audience_label(announcement.audience, language),
        recipients=announcement.recipients,
        sent=counts.get("sent", 0),
        pending=announcement.pending,
        failed=counts.get("failed", 0),
        cancelled=counts.get("cancelled", 0),
        unknown=counts.get("unknown", 0),
    )
