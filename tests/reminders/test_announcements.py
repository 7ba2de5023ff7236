"""Announcements: the audience, the durable outbox, the sender and ``sisterbot announce``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.core.clock import FakeClock
from bot.core.models import ChatAddress, Incoming, Reply, SendResult, Subscription
from bot.core.reminders import AnnouncementStore, Audience, recipients
from bot.core.status import RegionIndex
from bot.delivery.announcer import SEND_LEASE, Announcer
from bot.delivery.ratelimit import FakeTime, RateLimiter
from bot.storage.database import Database
from tests.fakes import RecordingNotifier

from .conftest import BADUNG, SURABAYA

NOW = datetime(2026, 12, 1, 2, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
SIDOARJO = "35.15"


def outcomes(store: AnnouncementStore, announcement_id: int) -> Mapping[str, int]:
    """The outcome counts of an announcement that must exist."""
    announcement = store.get(announcement_id)
    assert announcement is not None
    return announcement.counts


def tg(chat: str) -> ChatAddress:
    return ChatAddress(channel="telegram", chat_id=chat)


def sub(region: str, chat: str, *, paused: bool = False) -> Subscription:
    return Subscription(address=tg(chat), region_code=region, paused=paused)


def test_the_audience_picks_each_subscribed_chat_once() -> None:
    subs = [
        sub(SURABAYA, "1"),
        sub(SIDOARJO, "1"),  # the same chat in two regions of Jawa Timur
        sub(SIDOARJO, "2"),
        sub(BADUNG, "3"),
        sub(BADUNG, "4", paused=True),
        sub("35", "5"),  # the province itself
    ]
    everyone = recipients(Audience(scope="all"), subs)
    assert everyone == [tg("1"), tg("2"), tg("3"), tg("5")]
    jatim = recipients(Audience(scope="province", code="35"), subs)
    assert jatim == [tg("1"), tg("2"), tg("5")]
    assert recipients(Audience(scope="region", code=BADUNG), subs) == [tg("3")]


def test_the_outbox_holds_each_chat_once_and_counts_every_outcome(database: Database) -> None:
    store = database.announcements
    chats = [tg(str(i)) for i in range(5)]
    first = store.create(
        text="Rapat", audience=Audience(scope="all"), created_by="t", addresses=chats + chats,
        now=NOW,
    )  # fmt: skip
    assert outcomes(store, first) == {"pending": 5}
    got = [
        store.claim_next(now=NOW, token="a", lease_until=NOW + SEND_LEASE, channels=["telegram"])
        for _ in range(3)
    ]
    claimed = [d for d in got if d is not None]
    assert [d.address.chat_id for d in claimed] == ["0", "1", "2"]
    assert claimed[0].text == "Rapat" and claimed[0].attempts == 1
    assert store.finish(claimed[0], "a", status="sent", now=NOW)
    assert not store.finish(claimed[0], "a", status="sent", now=NOW)  # once only
    assert not store.finish(claimed[1], "someone else", status="sent", now=NOW)
    assert store.finish(claimed[1], "a", status="failed", now=NOW, error="Forbidden")
    # got[2] stays `sending`, as if its process died mid-send
    assert store.cancel(first, NOW) == 2  # the two still pending
    assert store.expire_interrupted(NOW) == 0  # its lease has not passed yet
    assert store.expire_interrupted(NOW + SEND_LEASE + timedelta(seconds=1)) == 1
    counts = outcomes(store, first)
    assert counts == {"sent": 1, "failed": 1, "cancelled": 2, "unknown": 1}
    assert store.claim_next(now=NOW, token="b", lease_until=NOW, channels=["telegram"]) is None
    assert store.open_ids() == []
    assert store.get(first + 1) is None


class FlakyNotifier(RecordingNotifier):
    """Refuses the first send to one chat with a 429, then accepts."""

    def __init__(self, flaky: str) -> None:
        super().__init__()
        self.flaky = flaky
        self.refused = 0

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        if address.chat_id == self.flaky and not self.refused:
            self.refused += 1
            return SendResult(ok=False, error="429", retry_after=3)
        return await super().send(address, reply)


async def test_the_sender_paces_retries_and_never_sends_twice(tmp_path: Path) -> None:
    database = Database.connect(f"sqlite:///{tmp_path / 'a.db'}")
    database.upgrade()
    store = database.announcements
    chats = [tg(f"c{i:03d}") for i in range(60)]
    announcement = store.create(
        text="Halo", audience=Audience(scope="all"), created_by="t", addresses=chats, now=NOW
    )
    notifier = FlakyNotifier("c010")
    notifier.fail_permanently.add(tg("c020"))
    fake = FakeTime()
    clock = FakeClock(NOW)
    limiter = RateLimiter(30, 1.0, monotonic=fake.monotonic, sleep=fake.sleep)
    announcer = Announcer(store, {"telegram": notifier}, clock=clock, limiter=limiter)
    first = await announcer.send_due()
    assert first == Counter({"sent": 58, "retry": 1, "failed": 1})
    assert fake.now >= 59 / 30 + 3 - 0.2  # 30 a second, and the 429's pause
    assert await announcer.send_due() == Counter()  # the retry is not due yet
    clock.advance(timedelta(seconds=5))
    assert await announcer.send_due() == Counter({"sent": 1})
    sent = Counter(address.chat_id for address, _ in notifier.sent)
    assert len(sent) == 59 and max(sent.values()) == 1
    assert notifier.sent[0][1].text.startswith("📢 Pengumuman\n\nHalo")
    assert outcomes(store, announcement) == {"sent": 59, "failed": 1}
    database.dispose()


def test_announce_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    for chat, region in (("1", "surabaya"), ("2", "sidoarjo"), ("3", "badung")):
        argv = ["subscribe", "--channel", "console", "--chat-id", chat, "--region", region]
        assert main(argv) == 0
    assert main(["subscribe", "--channel", "telegram", "--chat-id", "9", "--region", "jatim"]) == 0
    capsys.readouterr()
    # no Telegram token here: the console chats are printed, the Telegram one waits
    assert main(["announce", "--to", "jawa timur", "Rapat", "Kamis"]) == 1
    out, err = capsys.readouterr()
    assert "announcement 1: 3 chat(s)" in out
    assert out.count("📢 Pengumuman\n\nRapat Kamis") == 2
    assert "sent 2, retry later 0, failed 0, unknown 0" in out
    assert "1 delivery(ies) still waiting" in err
    assert main(["announce", "--cancel", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 delivery(ies) cancelled" in out
    assert "sent 2, waiting 0, failed 0, cancelled 1, unknown 0" in out
    assert main(["announce", "--to", "all", "Untuk semua"]) == 1  # the Telegram chat again
    assert capsys.readouterr().out.count("Untuk semua") == 3
    assert main(["announce", "--status", "2"]) == 0
    assert "to all subscribers: 4 chats; sent 3, waiting 1" in capsys.readouterr().out
    # bad input: one clear line each, nothing stored
    assert main(["announce", "--to", "all"]) == 2
    assert main(["announce", "--to", "atlantis", "x"]) == 2
    assert main(["announce", "--status", "99"]) == 2
    assert main(["announce", "--to", "all", "x" * 5000]) == 2
    err = capsys.readouterr().err
    assert [line.startswith("sisterbot: ") for line in err.splitlines()] == [True] * 4


async def test_1000_chats_once_each_through_a_sigkill_and_a_restart(tmp_path: Path) -> None:
    """A real ``sisterbot announce`` killed mid-way; ``announce --send`` finishes the rest."""
    import asyncio
    import os
    import signal
    import subprocess
    import sys
    import time

    from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

    url = f"sqlite:///{tmp_path / 'bot.db'}"
    database = Database.connect(url)
    database.upgrade()
    chats = [str(100_000 + i) for i in range(1000)]
    for chat in chats:
        database.subscriptions.subscribe(tg(chat), SURABAYA, None)

    async def finished(process: subprocess.Popen[bytes], log: Path, within: float) -> int:
        deadline = time.monotonic() + within
        while process.poll() is None:
            assert time.monotonic() < deadline, _tail(log)
            await asyncio.sleep(0.1)
        return process.returncode

    async with TelegramBotApiStandIn() as api:
        env = {
            **os.environ,
            "SISTERBOT_DATABASE_URL": url,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
        }

        def start(*argv: str, log: Path) -> subprocess.Popen[bytes]:
            with open(log, "wb") as out:  # the child keeps its own copy
                command = [sys.executable, "-m", "bot", "announce", *argv]
                return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)

        first_log = tmp_path / "first.log"
        child = start("--to", "all", "Rapat koordinasi", log=first_log)
        try:
            deadline = time.monotonic() + 120
            while len(api.sent()) < 300:
                assert child.poll() is None, _tail(first_log)
                assert time.monotonic() < deadline, "the first run never got going"
                await asyncio.sleep(0.02)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(timeout=30)
        before_restart = len(api.sent())
        assert before_restart < 1000, "killed too late to test anything"
        second_log = tmp_path / "second.log"
        second = start("--send", log=second_log)
        status = await finished(second, second_log, 180)
        received = Counter(str(m.chat_id) for m in api.sent())

    rows = dict(outcomes(database.announcements, 1))
    database.dispose()
    assert max(received.values()) == 1  # nobody got it twice
    assert rows.get("sent", 0) + rows.get("unknown", 0) == 1000, rows
    assert rows.get("unknown", 0) <= 1  # at most the one send the kill interrupted
    missing = set(chats) - set(received)
    assert len(missing) <= rows.get("unknown", 0)  # an unknown one may or may not have it
    assert status == (1 if rows.get("unknown") else 0)
    assert "still waiting" not in _tail(second_log)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else ""


# --- /umumkan in the chat ----------------------------------------------------------------


class Chat:
    """A dialogue with the announcement feature over a real (SQLite) database."""

    ADMIN = "999"

    def __init__(self, database: Database, regions: RegionIndex) -> None:
        from bot.core.dialogue import Dialogue
        from bot.core.general import empty_message, unknown_command
        from bot.core.reminders import AnnouncementFeature

        self.database = database
        self.dialogue = Dialogue(
            features=[
                AnnouncementFeature(
                    announcements=database.announcements,
                    subscriptions=database.subscriptions,
                    regions=regions,
                )
            ],
            users=database.users,
            clock=FakeClock(NOW),
            admins=frozenset({f"telegram:{self.ADMIN}"}),
            detect_language=lambda _text: None,
            unknown_command=unknown_command,
            empty_message=empty_message,
        )

    def say(self, text: str, user: str = ADMIN) -> Reply:
        return self.dialogue.handle(
            Incoming(channel="telegram", user_id=user, chat_id=user, text=text, language_hint="id")
        )

    def press(self, data: str, user: str = ADMIN) -> Reply:
        return self.dialogue.handle(
            Incoming(channel="telegram", user_id=user, chat_id=user, button_data=data)
        )


@pytest.fixture
def chat(tmp_path: Path, regions: RegionIndex) -> Iterator[Chat]:
    database = Database.connect(f"sqlite:///{tmp_path / 'chat.db'}")
    database.upgrade()
    for chat_id, region in (("1", SURABAYA), ("2", SIDOARJO), ("3", BADUNG), ("1", SIDOARJO)):
        database.subscriptions.subscribe(tg(chat_id), region, chat_id)
    yield Chat(database, regions)
    database.dispose()


async def test_umumkan_previews_then_sends_once_on_confirm(chat: Chat) -> None:
    preview = chat.say("/umumkan jatim Rapat koordinasi KSDPL Kamis pukul 10:00")
    assert "Pratinjau pengumuman #1 untuk Provinsi Jawa Timur (2 chat)" in preview.text
    assert "Rapat koordinasi KSDPL Kamis pukul 10:00" in preview.text
    send, discard = (b.data for b in preview.all_buttons())
    assert (send, discard) == ("an:ok:1", "an:no:1")
    assert outcomes(chat.database.announcements, 1) == {}
    # a non-admin pressing (or forging) the button changes nothing
    assert "hanya dapat dikirim oleh admin" in chat.press(send, user="1").text
    assert "tidak dikenal" in chat.press("an:ok:77").text
    assert "tidak dikenal" in chat.press("an:zz:1").text
    assert "dijadwalkan untuk 2 chat" in chat.press(send).text
    assert "sudah dikirim atau dibatalkan" in chat.press(send).text  # once only
    assert "sudah dikirim atau dibatalkan" in chat.press(discard).text
    notifier = RecordingNotifier()
    fake = FakeTime()
    announcer = Announcer(
        chat.database.announcements,
        {"telegram": notifier},
        clock=FakeClock(NOW),
        limiter=RateLimiter(30, 1.0, monotonic=fake.monotonic, sleep=fake.sleep),
    )
    assert await announcer.send_due() == Counter({"sent": 2})
    assert sorted(a.chat_id for a, _ in notifier.sent) == ["1", "2"]
    status = chat.say("/umumkan status 1").text
    assert "2 chat; terkirim 2, menunggu 0, gagal 0, dibatalkan 0, tidak pasti 0" in status


def test_umumkan_discard_cancel_and_bad_input(chat: Chat) -> None:
    assert "hanya dapat dikirim oleh admin" in chat.say("/umumkan semua Halo", user="1").text
    assert "hanya dapat dikirim oleh admin" in chat.say("/umumkan batal 1", user="1").text
    assert "Tulis: /umumkan <tujuan> <teks>" in chat.say("/umumkan").text
    assert "belum ada teksnya" in chat.say("/umumkan semua").text
    assert 'Tujuan "atlantis" bisa berarti' in chat.say("/umumkan atlantis Halo").text
    assert chat.database.announcements.get(1) is None  # nothing stored for bad input
    too_long = chat.say("/umumkan semua " + "x" * 3600).text
    assert "Teks pengumuman 3600 karakter; paling banyak 1985." in too_long
    assert chat.database.announcements.get(1) is None
    long_name = chat.say("/umumkan kabupaten badung: Halo Bali")
    assert "untuk Kabupaten Badung (1 chat)" in long_name.text
    assert "Halo Bali" in long_name.text
    assert "tidak dikirim" in chat.press(long_name.all_buttons()[1].data).text
    everyone = chat.say("/umumkan semua Libur")
    assert "untuk semua pelanggan (3 chat)" in everyone.text
    chat.press(everyone.all_buttons()[0].data)
    cancelled = chat.say("/umumkan batal 2").text
    assert "3 pengiriman pengumuman #2 dibatalkan" in cancelled
    assert "dibatalkan 3" in cancelled
    assert "Tidak ada pengumuman #99" in chat.say("/umumkan batal 99").text
    assert "Pengumuman #2 untuk semua pelanggan" in chat.say("/announce status 2").text
