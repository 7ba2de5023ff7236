"""Reminder benchmarks: planning 10,000 agreements, and a 10,000-reminder fan-out.

Everything runs on a throwaway SQLite file in a temporary directory, with a counting
notifier standing in for Telegram (the Telegram stack's own throughput is the telegram
area's benchmark). The fan-out runs the real dispatcher (claims, rate limiter, per-row
recording) at a configured overall rate high enough to finish in about ten seconds, and
checks every delivery went out exactly once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import resource
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.app.bench.digests import run_digests
from bot.config import Settings
from bot.core.clock import FakeClock
from bot.core.models import (
    Agreement,
    AgreementKind,
    AgreementStage,
    ChatAddress,
    PartialDate,
    Reply,
    SendResult,
)
from bot.core.reminders import IndonesianCalendar, ReminderPolicy, WhatIsDue, by_region
from bot.core.status import RegionIndex
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.planner import OutboxPlanner
from bot.delivery.ratelimit import RateLimiter
from bot.storage.database import Database

FANOUT = 10_000
FANOUT_RATE = 1_000.0  # messages per second, overall; 1 per second per chat
PLAN_AGREEMENTS = 10_000
NOW = datetime(2026, 12, 9, 3, tzinfo=UTC)  # 10:00 WIB, 11:00 WITA, 12:00 WIT


class CountingNotifier:
    """Counts deliveries by outbox id (read back from each digest item's "done" button)."""

    def __init__(self) -> None:
        self.by_delivery: dict[int, int] = {}
        self.first: float | None = None
        self.last = 0.0

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        """Count it."""
        now = time.perf_counter()
        self.first = self.first if self.first is not None else now
        self.last = now
        for button in reply.all_buttons():
            if button.data.startswith("rm:d:"):
                delivery = int(button.data.rsplit(":", 1)[1])
                self.by_delivery[delivery] = self.by_delivery.get(delivery, 0) + 1
        return SendResult(ok=True)


def _agreements(
    regions: list[str], per_region: int, seed_day: date, *, with_mou: bool = True
) -> list[Agreement]:
    kinds = list(AgreementKind)
    rows = []
    for i, code in enumerate(regions):
        for j in range(per_region):
            n = i * per_region + j
            rows.append(
                Agreement(
                    region_code=code,
                    partner=f"Partner {n:05d}",
                    country="Testland",
                    kind=kinds[n % len(kinds)],
                    stage=AgreementStage.ACTIVE,
                    mou_date=(
                        PartialDate(year=2005 + n % 20, month=1 + n % 12, day=1 + n % 28)
                        if with_mou
                        else None
                    ),
                    next_report_due=seed_day,
                )
            )
    return rows


def _database(directory: Path, name: str) -> Database:
    database = Database.connect(f"sqlite:///{directory / name}")
    database.upgrade()
    return database


def _bench_planning(
    directory: Path, index: RegionIndex, policy: ReminderPolicy
) -> dict[str, object]:
    codes = [r.code for r in index.all()]
    per_region = -(-PLAN_AGREEMENTS // len(codes))
    rows = _agreements(codes, per_region, date(2026, 12, 9))[:PLAN_AGREEMENTS]
    # a spread of due dates: from long overdue to next year
    rows = [
        dataclasses.replace(a, next_report_due=date(2026, 12, 9) + timedelta(days=(n % 400) - 200))
        for n, a in enumerate(rows)
    ]
    database = _database(directory, "plan.db")
    try:
        database.agreements.upsert_many(rows)
        for code in codes:
            address = ChatAddress(channel="telegram", chat_id=f"p{code}")
            database.subscriptions.subscribe(address, code, None)
        agreements = database.agreements.all()
        due = WhatIsDue(policy=policy, calendar=IndonesianCalendar(), timezone_of=index.timezone_of)

        started = time.perf_counter()
        planned, _ = due.as_of(
            NOW, agreements=agreements, subscriptions=by_region(database.subscriptions.active())
        )
        pure = time.perf_counter() - started
        planner = OutboxPlanner(
            agreements=database.agreements,
            subscriptions=database.subscriptions,
            outbox=database.outbox,
            due=due,
        )
        started = time.perf_counter()
        first = planner.plan(NOW)
        full = time.perf_counter() - started
        started = time.perf_counter()
        second = planner.plan(NOW)
        again = time.perf_counter() - started
    finally:
        database.dispose()
    return {
        "plan_agreements": len(agreements),
        "plan_deliveries_computed": len(planned),
        "plan_compute_seconds": pure,
        "plan_compute_under_2s": pure < 2.0,
        # a first pass on an empty outbox also writes every missed reminder as superseded
        "plan_cold_pass_sqlite_seconds": full,
        "plan_cold_pass_rows_written": first.inserted + first.superseded,
        # what the scheduler's planning job costs every minute once the outbox is filled
        "plan_steady_pass_sqlite_seconds": again,
        "plan_steady_pass_rows_written": second.inserted + second.superseded,
    }


def _bench_fanout(directory: Path, index: RegionIndex, policy: ReminderPolicy) -> dict[str, object]:
    codes = [r.code for r in index.all()][:500]
    # one agreement per region, so each chat's digest holds one item: 10,000 messages
    chats_per_region = FANOUT // len(codes)
    database = _database(directory, "fanout.db")
    try:
        # report reminders only (no MoU date: no review trigger), due today
        database.agreements.upsert_many(_agreements(codes, 1, NOW.date(), with_mou=False))
        for code in codes:
            for k in range(chats_per_region):
                address = ChatAddress(channel="telegram", chat_id=f"{code}-{k}")
                database.subscriptions.subscribe(address, code, None)
        clock = FakeClock(NOW)
        planner = OutboxPlanner(
            agreements=database.agreements,
            subscriptions=database.subscriptions,
            outbox=database.outbox,
            due=WhatIsDue(
                policy=policy, calendar=IndonesianCalendar(), timezone_of=index.timezone_of
            ),
        )
        planned = planner.plan(NOW)
        notifier = CountingNotifier()
        dispatcher = Dispatcher(
            outbox=database.outbox,
            agreements=database.agreements,
            subscriptions=database.subscriptions,
            users=database.users,
            regions=index,
            policy=policy,
            notifiers={"telegram": notifier},
            clock=clock,
            limiter=RateLimiter(FANOUT_RATE, 1.0),
        )
        started = time.perf_counter()
        stats = asyncio.run(dispatcher.dispatch_due())
        elapsed = time.perf_counter() - started
        again = asyncio.run(dispatcher.dispatch_due())
        counts = database.outbox.counts()
    finally:
        database.dispose()
    sent = sum(notifier.by_delivery.values())
    span = (notifier.last - (notifier.first or notifier.last)) or 1e-9
    achieved = (sent - 1) / span if sent > 1 else 0.0
    return {
        "fanout_due": planned.inserted,
        "fanout_sent": sent,
        "fanout_recorded_sent": counts.get("sent", 0),
        "fanout_lost": planned.inserted - len(notifier.by_delivery),
        "fanout_duplicated": sum(n - 1 for n in notifier.by_delivery.values()),
        "fanout_second_run_sent": again.sent,
        "fanout_configured_rate_per_s": FANOUT_RATE,
        "fanout_achieved_rate_per_s": achieved,
        "fanout_rate_ratio": achieved / FANOUT_RATE,
        "fanout_seconds": elapsed,
        "fanout_errors": len(stats.errors),
    }


def run(settings: Settings) -> dict[str, object]:
    """Planning and fan-out figures (see the module docstring)."""
    index = RegionIndex.load(settings.knowledge_dir / "regions.csv")
    policy = ReminderPolicy()
    with tempfile.TemporaryDirectory(prefix="sisterbot-bench-reminders-") as tmp:
        directory = Path(tmp)
        figures = _bench_planning(directory, index, policy)
        figures.update(_bench_fanout(directory, index, policy))
        figures.update(run_digests(directory, index, policy))
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures
