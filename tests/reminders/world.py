"""A small world for delivery tests: fakes (or a real database), a planner, a dispatcher."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.clock import FakeClock
from bot.core.models import Agreement, Channel, ChatAddress, Reply, SendResult
from bot.core.ports import AgreementRepository, Notifier, SubscriptionRepository
from bot.core.reminders import IndonesianCalendar, ReminderPolicy, WhatIsDue
from bot.core.status import RegionIndex
from bot.delivery.dispatcher import LEASE, Dispatcher, DispatchStats
from bot.delivery.planner import OutboxPlanner, PlanStats
from bot.delivery.ratelimit import FakeTime, RateLimiter
from tests.fakes import (
    InMemoryAgreements,
    InMemoryOutbox,
    InMemorySubscriptions,
    InMemoryUsers,
    ListedOutbox,
    RecordingNotifier,
)


@dataclass
class World:
    """Everything the reminder side needs, on a fake clock."""

    clock: FakeClock
    regions: RegionIndex
    policy: ReminderPolicy
    agreements: AgreementRepository
    subscriptions: SubscriptionRepository
    outbox: ListedOutbox
    notifier: RecordingNotifier
    time: FakeTime = field(default_factory=FakeTime)
    users: InMemoryUsers = field(default_factory=InMemoryUsers)
    notifiers: dict[str, Notifier] = field(default_factory=dict)

    def planner(self) -> OutboxPlanner:
        return OutboxPlanner(
            agreements=self.agreements,
            subscriptions=self.subscriptions,
            outbox=self.outbox,
            due=WhatIsDue(
                policy=self.policy,
                calendar=IndonesianCalendar(),
                timezone_of=lambda code: r.timezone if (r := self.regions.get(code)) else None,
            ),
        )

    def dispatcher(
        self, rate: float = 30.0, per_chat: float = 1.0, lease: timedelta = LEASE
    ) -> Dispatcher:
        limiter = RateLimiter(rate, per_chat, monotonic=self.time.monotonic, sleep=self.time.sleep)
        return Dispatcher(
            lease=lease,
            outbox=self.outbox,
            agreements=self.agreements,
            subscriptions=self.subscriptions,
            users=self.users,
            regions=self.regions,
            policy=self.policy,
            notifiers=self.notifiers or {"telegram": self.notifier, "whatsapp": self.notifier},
            clock=self.clock,
            limiter=limiter,
        )

    def plan(self) -> PlanStats:
        return self.planner().plan(self.clock.now())

    async def tick(self, at: datetime | None = None) -> tuple[PlanStats, DispatchStats]:
        """Plan and dispatch, as the scheduler's jobs do."""
        if at is not None:
            self.clock.set(at)
        planned = self.plan()
        return planned, await self.dispatcher().dispatch_due()

    def subscribe(self, region_code: str, *chat_ids: str, channel: Channel = "telegram") -> None:
        for chat_id in chat_ids:
            address = ChatAddress(channel=channel, chat_id=chat_id)
            self.subscriptions.subscribe(address, region_code, chat_id)

    def add(self, *agreements: Agreement) -> list[Agreement]:
        self.agreements.upsert_many(agreements)
        return [a for a in self.agreements.all() if a.partner in {x.partner for x in agreements}]

    def sent_texts(self) -> list[str]:
        return [reply.text for _, reply in self.notifier.sent]


def fake_world(
    clock: FakeClock,
    regions: RegionIndex,
    policy: ReminderPolicy,
    agreements: Sequence[Agreement] = (),
) -> World:
    return World(
        clock=clock,
        regions=regions,
        policy=policy,
        agreements=InMemoryAgreements(agreements),
        subscriptions=InMemorySubscriptions(),
        outbox=InMemoryOutbox(),
        notifier=RecordingNotifier(),
    )


class ScriptedNotifier:
    """Answers each send from a script (429s, failures), then records like RecordingNotifier."""

    def __init__(self, script: Sequence[SendResult] = ()) -> None:
        self.script = list(script)
        self.sent: list[tuple[ChatAddress, Reply]] = []
        self.attempts = 0

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        self.attempts += 1
        if self.script:
            result = self.script.pop(0)
            if not result.ok:
                return result
        self.sent.append((address, reply))
        return SendResult(ok=True, provider_message_id=str(len(self.sent)))
