"""Real processes: one killed in the middle of a fan-out, two sharing one PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.clock import FakeClock
from bot.core.models import ChatAddress
from bot.core.reminders import ReminderPolicy
from bot.core.status import RegionIndex
from bot.delivery.failure_notices import FailureNotices
from bot.storage.database import Database
from tests.conftest import PostgresServer
from tests.fakes import RecordingNotifier

from .conftest import SURABAYA, agreement
from .world import World

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 9, 2, tzinfo=UTC)


def _prepare(url: str, chats: int, regions: RegionIndex) -> Database:
    database = Database.connect(url)
    database.upgrade()
    database.agreements.upsert_many([agreement(SURABAYA, "Kochi", report_due=date(2026, 12, 9))])
    for i in range(chats):
        address = ChatAddress(channel="telegram", chat_id=f"c{i:05d}")
        database.subscriptions.subscribe(address, SURABAYA, None)
    world = _world(database, regions, NOW)
    assert world.plan().inserted >= chats
    assert database.outbox.counts()["pending"] == chats
    return database


def _world(database: Database, regions: RegionIndex, now: datetime) -> World:
    return World(
        clock=FakeClock(now),
        regions=regions,
        policy=ReminderPolicy(),
        agreements=database.agreements,
        subscriptions=database.subscriptions,
        outbox=database.outbox,
        notifier=RecordingNotifier(),
    )


def _child(url: str, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tests.reminders.child_dispatch", url, str(out)]
    with open(out.with_suffix(".log"), "wb") as log:  # the child keeps its own copy
        return subprocess.Popen(
            [*command, NOW.isoformat(), *extra], cwd=ROOT, stdout=log, stderr=log
        )


def _log(out: Path) -> str:
    path = out.with_suffix(".log")
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


async def test_a_process_killed_mid_fan_out_sends_nothing_twice_and_reports_the_unsure(
    tmp_path: Path, regions: RegionIndex
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    database = _prepare(url, 50, regions)
    out = tmp_path / "delivered.txt"
    # 20 digests a second, each taking 0.3 s at the provider: about six in flight at once
    child = _child(url, out, "--latency", "0.3", "--rate", "20", "--batch", "100")
    try:
        deadline = time.monotonic() + 120
        while len(_lines(out)) < 20:
            assert child.poll() is None, _log(out)
            assert time.monotonic() < deadline, "the child never got going"
            await asyncio.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)  # mid fan-out, sends in flight
    finally:
        child.wait(timeout=30)
    first = _lines(out)
    assert len(first) == len(set(first)) and len(first) < 50
    # restarted at once: the dead process's claims are still held ...
    restarted = _world(database, regions, NOW)
    assert (await restarted.dispatcher().dispatch_due()).claimed == 0
    # ... and come back within a minute (a 30 s lease, not 10 minutes)
    restarted.clock.advance(timedelta(seconds=31))
    stats = await restarted.dispatcher().dispatch_due()
    rows = database.outbox.all()
    unknown = {d.chat_id for d in rows if d.status == "unknown"}
    assert stats.unknown == len(unknown) >= 1  # the sends in flight at the kill
    again = [a.chat_id for a, _ in restarted.notifier.sent]
    delivered = first + again
    assert len(delivered) == len(set(delivered))  # nothing sent twice
    assert not unknown & set(again)  # an unsure send is never repeated
    assert {d.chat_id for d in rows if d.status == "sent"} | unknown == {
        f"c{i:05d}" for i in range(50)
    }  # and nothing lost: every chat's digest is sent or reported
    # the admins are told about the unsure ones
    admin = RecordingNotifier()
    notices = FailureNotices(
        outbox=database.outbox,
        agreements=database.agreements,
        regions=regions,
        admins=frozenset({"telegram:999"}),
        notifiers={"telegram": admin},
        clock=restarted.clock,
        users=None,
    )
    assert await notices.send_pending() == len(unknown)
    notice = admin.sent[0][1].text
    assert "tidak pasti" in notice and "/gagal" in notice
    database.dispose()


@pytest.mark.postgres
def test_two_processes_on_one_postgresql_send_each_reminder_once(
    tmp_path: Path, regions: RegionIndex, postgres_server: PostgresServer
) -> None:
    url = postgres_server.create_database()
    try:
        database = _prepare(url, 1000, regions)
        go = tmp_path / "go"
        outs = [tmp_path / "a.txt", tmp_path / "b.txt"]
        readies = [tmp_path / "ready-a", tmp_path / "ready-b"]
        children = [
            _child(url, out, "--wait-for", str(go), "--ready", str(ready), "--batch", "25")
            for out, ready in zip(outs, readies, strict=True)
        ]
        deadline = time.monotonic() + 120
        while not all(r.exists() for r in readies):
            assert all(c.poll() is None for c in children)
            assert time.monotonic() < deadline
            time.sleep(0.02)
        go.touch()  # both start claiming at the same moment
        for child, out in zip(children, outs, strict=True):
            assert child.wait(timeout=240) == 0, _log(out)
        a, b = (_lines(out) for out in outs)
        every = Counter(a + b)
        assert len(every) == 1000 and max(every.values()) == 1
        assert a and b, "both processes took part"
        assert database.outbox.counts() == {"sent": 1000, "superseded": 3000}
        database.dispose()
    finally:
        postgres_server.drop_database(url)
