"""The scheduler wiring: stable job ids, replace_existing, catch-up at start, sent once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.root import App, build_app
from bot.config import Settings
from bot.core.clock import FakeClock
from bot.core.models import ChatAddress
from bot.delivery.ratelimit import FakeTime, RateLimiter
from bot.delivery.scheduler import (
    DISPATCH_JOB_ID,
    PLAN_JOB_ID,
    RECAP_JOB_ID,
    schedule_jobs,
    start_reminders,
)
from tests.fakes import RecordingNotifier

from .conftest import KNOWLEDGE, agreement


@pytest.fixture
def core(tmp_path: Path) -> Iterator[App]:
    settings = Settings.from_env(
        {
            "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "SISTERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
        }
    )
    built = build_app(settings, clock=FakeClock(datetime(2026, 12, 8, 15, tzinfo=UTC)))
    built.database.agreements.upsert_many(
        [agreement("35.15", "Test Partner", report_due=date(2026, 12, 9))]
    )
    built.database.subscriptions.subscribe(
        ChatAddress(channel="telegram", chat_id="77"), "35.15", "77"
    )
    yield built
    built.database.dispose()


def _test_partner(notifier: RecordingNotifier) -> list[str]:
    return [r.text for _, r in notifier.sent if "Test Partner" in r.text]


async def test_catch_up_at_start_sends_once_however_often_it_runs(core: App) -> None:
    notifier = RecordingNotifier()
    fake = FakeTime()
    limiter = RateLimiter(30, 1, monotonic=fake.monotonic, sleep=fake.sleep)
    service = core.reminder_service({"telegram": notifier}, limiter=limiter)
    await service.run_once()
    await service.run_once()
    second = core.reminder_service({"telegram": notifier}, limiter=limiter)
    await second.run_once()  # a second replica starting up
    texts = _test_partner(notifier)
    assert len(texts) == 1 and "1 hari lagi" in texts[0]


async def test_jobs_have_stable_ids_and_replace_each_other(core: App) -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    service = core.reminder_service({"telegram": RecordingNotifier()})
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.start(paused=True)
    schedule_jobs(scheduler, service)
    schedule_jobs(scheduler, service)  # again (a re-wiring): replaced, not doubled
    try:
        assert sorted(job.id for job in scheduler.get_jobs()) == [
            RECAP_JOB_ID,
            DISPATCH_JOB_ID,
            PLAN_JOB_ID,
        ]
    finally:
        scheduler.shutdown(wait=False)


async def test_start_reminders_runs_the_jobs_at_once(core: App) -> None:
    """Both jobs are due the moment the scheduler starts: that first run is the catch-up.

    The scheduler is started paused and its jobs are run by hand, so the test does not
    depend on APScheduler's real timer.
    """
    notifier = RecordingNotifier()
    before = datetime.now(UTC)
    handle = start_reminders(
        core.reminder_service({"telegram": notifier}),
        plan_every=3600,
        dispatch_every=10,
        paused=True,
    )
    try:
        jobs = {job.id: job for job in handle.scheduler.get_jobs()}
        assert set(jobs) == {PLAN_JOB_ID, DISPATCH_JOB_ID, RECAP_JOB_ID}
        for job in jobs.values():
            assert job.next_run_time <= datetime.now(UTC)
            assert job.next_run_time >= before
        await jobs[PLAN_JOB_ID].func()
        await jobs[DISPATCH_JOB_ID].func()
        assert len(_test_partner(notifier)) == 1
        await jobs[DISPATCH_JOB_ID].func()  # the next tick finds nothing new
        assert len(_test_partner(notifier)) == 1
    finally:
        handle.shutdown()
    await asyncio.sleep(0)  # the shutdown is carried out on the loop
    assert not handle.scheduler.running
