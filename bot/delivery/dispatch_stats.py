"""What a dispatch pass reports: every row counted once, in one outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.core.models import Agreement, Language, Region
from bot.core.ports import AgreementRepository, SubscriptionRepository, UserRepository
from bot.core.reminders import Delivery


class RegionGetter(Protocol):
    """What the dispatcher needs of the region index: names and timezones by code."""

    def get(self, code: str) -> Region | None:
        """The region with that code."""
        ...


@dataclass(slots=True)
class DispatchStats:
    """What one dispatch pass did; each row counted once, in one outcome."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    unknown: int = 0  # may have reached the platform: not resent, reported to admins
    digests: int = 0  # messages (digest parts) the platforms accepted
    rate_limited: int = 0
    lost_claims: int = 0  # sent, but the lease had been taken over meanwhile
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """``sent 12 (1 digest), retry later 0, failed 0, cancelled 0, unknown 0``."""
        return (
            f"sent {self.sent} ({self.digests} digest message(s)), retry later {self.retried}, "
            f"failed {self.failed}, cancelled {self.cancelled}, unknown {self.unknown}"
        )


@dataclass(frozen=True, slots=True)
class BatchContext:
    subscribed: frozenset[tuple[str, str, str]]
    agreements: dict[int, Agreement | None]
    languages: dict[tuple[str, str], Language]


def by_chat(rows: list[Delivery]) -> list[list[Delivery]]:
    """The claimed rows of each chat, chats in the order of their oldest row."""
    chats: dict[tuple[str, str], list[Delivery]] = {}
    for row in rows:
        chats.setdefault((row.channel, row.chat_id), []).append(row)
    return list(chats.values())


def load_context(
    rows: list[Delivery],
    subscriptions: SubscriptionRepository,
    agreements: AgreementRepository,
    users: UserRepository | None,
) -> BatchContext:
    """What a claimed batch is checked against: subscriptions, agreements, languages."""
    subscribed = frozenset(
        (s.address.channel, s.address.chat_id, s.region_code) for s in subscriptions.active()
    )
    by_id = {i: agreements.get(i) for i in {r.agreement_id for r in rows}}
    languages: dict[tuple[str, str], Language] = {}
    if users is not None:
        for channel, user_id in {(r.channel, r.user_id) for r in rows if r.user_id}:
            profile = users.get(channel, user_id)
            if profile is not None and profile.language is not None:
                languages[(channel, user_id)] = profile.language
    return BatchContext(subscribed=subscribed, agreements=by_id, languages=languages)
