"""APScheduler 3.x wiring for reminders: it only triggers; the database holds the work.

Two jobs with stable ids and ``replace_existing``: planning (fill the outbox with what is
due) and dispatch (send what the outbox holds, then officer notices and the admins'
notices of failed deliveries). Both run once at
start, which is the catch-up for whatever came due while the bot was down; the outbox's
unique key makes that catch-up send each reminder once, however often it runs, on however
many replicas.

Usage from a running event loop (``sisterbot run``; the composition root builds the
service)::

    handle = start_reminders(app.reminder_service({"telegram": TelegramNotifier(bot)}))
    ...
    handle.shutdown()
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.core.ports import (
    AgreementRepository,
    Clock,
    Notifier,
    SubscriptionRepository,
    UserRepository,
)
from bot.core.reminders import (
    OfficerDirectory,
    OutboxRepository,
    ReminderPolicy,
    WhatIsDue,
    WorkingCalendar,
)
from bot.core.status import RegionIndex
from bot.delivery.announcer import AnnouncementOutbox, Announcer
from bot.delivery.dispatcher import Dispatcher, DispatchStats
from bot.delivery.failure_notices import FailureNotices
from bot.delivery.notices import OfficerNotices
from bot.delivery.planner import OutboxPlanner, PlanStats
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.recap_job import RecapLog, WeeklyRecap

log = logging.getLogger(__name__)

PLAN_JOB_ID = "sisterbot:reminders:plan"
DISPATCH_JOB_ID = "sisterbot:reminders:dispatch"
RECAP_JOB_ID = "sisterbot:recap:weekly"
RECAP_EVERY_SECONDS = 300
PLAN_EVERY_SECONDS = 60
DISPATCH_EVERY_SECONDS = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderService:
    """Planner, dispatcher, officer notices and failure notices over one database."""

    planner: OutboxPlanner
    dispatcher: Dispatcher
    notices: OfficerNotices
    outbox: OutboxRepository
    clock: Clock
    failures: FailureNotices | None = None
    announcer: Announcer | None = None
    recap: WeeklyRecap | None = None

    async def plan(self) -> PlanStats:
        """One planning pass (in a worker thread: it reads and writes the database)."""
        return await asyncio.to_thread(self.planner.plan, self.clock.now())

    async def dispatch(self) -> DispatchStats:
        """Send everything due, then the officer notices, then tell admins of failures."""
        stats = await self.dispatcher.dispatch_due()
        await self.notices.send_pending()
        if self.failures is not None:
            await self.failures.send_pending()
        if self.announcer is not None:
            await self.announcer.send_due(wait_for_interrupted=False)
        return stats

    async def run_once(self) -> tuple[PlanStats, DispatchStats]:
        """Plan, then dispatch: what ``sisterbot reminders send`` does."""
        planned = await self.plan()
        return planned, await self.dispatch()


def build_reminder_service(
    *,
    agreements: AgreementRepository,
    subscriptions: SubscriptionRepository,
    outbox: OutboxRepository,
    officers: OfficerDirectory,
    users: UserRepository,
    regions: RegionIndex,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
    admins: frozenset[str],
    notifiers: Mapping[str, Notifier],
    clock: Clock,
    limiter: RateLimiter | None = None,
    announcements: AnnouncementOutbox | None = None,
    recaps: RecapLog | None = None,
) -> ReminderService:
    """Wire planner, dispatcher and notices to the ports they use."""
    # One limiter for reminders and announcements: one pace for the bot.
    limiter = limiter or RateLimiter(
        policy.delivery_rate_per_second, policy.per_chat_interval_seconds
    )
    due = WhatIsDue(policy=policy, calendar=calendar, timezone_of=regions.timezone_of)
    planner = OutboxPlanner(
        agreements=agreements, subscriptions=subscriptions, outbox=outbox, due=due
    )
    dispatcher = Dispatcher(
        outbox=outbox,
        agreements=agreements,
        subscriptions=subscriptions,
        users=users,
        regions=regions,
        policy=policy,
        notifiers=notifiers,
        clock=clock,
        limiter=limiter,
        due=due,
    )
    notices = OfficerNotices(
        officers=officers, regions=regions, admins=admins, notifiers=notifiers, users=users
    )
    failures = FailureNotices(
        outbox=outbox,
        agreements=agreements,
        regions=regions,
        admins=admins,
        notifiers=notifiers,
        clock=clock,
        users=users,
    )
    announcer = None
    if announcements is not None:
        announcer = Announcer(announcements, notifiers, clock=clock, limiter=limiter)
    return ReminderService(
        planner=planner,
        dispatcher=dispatcher,
        notices=notices,
        outbox=outbox,
        clock=clock,
        failures=failures,
        announcer=announcer,
        recap=None
        if recaps is None
        else WeeklyRecap(
            agreements=agreements,
            regions=regions,
            policy=policy,
            admins=admins,
            notifiers=notifiers,
            log=recaps,
            clock=clock,
        ),
    )


class ReminderHandle:
    """A running reminder scheduler; :meth:`shutdown` stops it."""

    def __init__(self, scheduler: Any, service: ReminderService) -> None:
        self.scheduler = scheduler
        self.service = service

    def shutdown(self) -> None:
        """Stop the jobs (a send in progress finishes or is reclaimed after its lease)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)


def schedule_jobs(
    scheduler: Any,
    service: ReminderService,
    *,
    plan_every: float = PLAN_EVERY_SECONDS,
    dispatch_every: float = DISPATCH_EVERY_SECONDS,
    start_now: bool = True,
) -> None:
    """Add (or replace) the planning and dispatch jobs on an APScheduler 3.x scheduler."""

    async def plan_job() -> None:
        try:
            await service.plan()
        except Exception:
            log.exception("reminder planning failed; retried at the next run")

    async def dispatch_job() -> None:
        try:
            await service.dispatch()
        except Exception:
            log.exception("reminder dispatch failed; retried at the next run")

    first = datetime.now(UTC) if start_now else None
    common: dict[str, Any] = {
        "replace_existing": True,
        "max_instances": 1,
        "coalesce": True,
        "misfire_grace_time": None,
    }
    scheduler.add_job(
        plan_job, "interval", seconds=plan_every, id=PLAN_JOB_ID, next_run_time=first, **common
    )
    recap = service.recap
    if recap is not None:

        async def recap_job() -> None:
            try:
                await recap.send_due()
            except Exception:
                log.exception("weekly recap failed; retried at the next run")

        scheduler.add_job(
            recap_job,
            "interval",
            seconds=RECAP_EVERY_SECONDS,
            id=RECAP_JOB_ID,
            next_run_time=first,
            **common,
        )
    scheduler.add_job(
        dispatch_job,
        "interval",
        seconds=dispatch_every,
        id=DISPATCH_JOB_ID,
        next_run_time=first,
        **common,
    )


def start_reminders(
    service: ReminderService,
    *,
    plan_every: float = PLAN_EVERY_SECONDS,
    dispatch_every: float = DISPATCH_EVERY_SECONDS,
    paused: bool = False,
) -> ReminderHandle:
    """Start the reminder jobs on the running event loop (call it from async code).

    ``paused``: the jobs are scheduled but not run (tests run them by hand).
    """
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    scheduler = AsyncIOScheduler(timezone=UTC)
    schedule_jobs(scheduler, service, plan_every=plan_every, dispatch_every=dispatch_every)
    scheduler.start(paused=paused)
    log.info("reminders scheduled")
    return ReminderHandle(scheduler, service)
