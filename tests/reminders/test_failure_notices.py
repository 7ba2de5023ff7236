"""Failed deliveries are told to the admins once, and listed with /gagal (admins only)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app.root import App, build_app
from bot.config import Settings
from bot.core.clock import FakeClock
from bot.core.models import ChatAddress, Incoming, Reply, SendResult
from bot.core.reminders import FailureFeature, ReminderPolicy
from bot.core.reminders._failures import mask_chat_id, mask_numbers
from bot.core.status import RegionIndex
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.failure_notices import FailureNotices
from bot.delivery.ratelimit import FakeTime, RateLimiter
from tests.fakes import RecordingNotifier

from .conftest import KNOWLEDGE, SURABAYA, agreement
from .world import ScriptedNotifier, World, fake_world

ADMIN = ChatAddress(channel="telegram", chat_id="900")
PHONE = "6281234567890"
NOW = datetime(2026, 12, 8, 15, tzinfo=UTC)


def _world(clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy) -> World:
    world = fake_world(clock, regions, policy)
    world.add(agreement(SURABAYA, "Kochi", report_due=date(2026, 12, 9)))
    return world


def _notices(world: World, notifier: RecordingNotifier) -> FailureNotices:
    return FailureNotices(
        outbox=world.outbox,
        agreements=world.agreements,
        regions=world.regions,
        admins=frozenset({f"telegram:{ADMIN.chat_id}"}),
        notifiers={"telegram": notifier, "whatsapp": notifier},
        clock=world.clock,
        users=world.users,
    )


def _to_admin(notifier: RecordingNotifier) -> list[str]:
    return [reply.text for address, reply in notifier.sent if address == ADMIN]


async def test_a_permanent_failure_gives_one_admin_notice_across_runs(
    regions: RegionIndex, policy: ReminderPolicy
) -> None:
    world = _world(FakeClock(NOW), regions, policy)
    world.subscribe(SURABAYA, PHONE, channel="whatsapp")
    world.notifier.fail_permanently.add(ChatAddress(channel="whatsapp", chat_id=PHONE))
    notices = _notices(world, world.notifier)

    _, stats = await world.tick()
    assert stats.failed == 1
    assert await notices.send_pending() == 1
    _, again = await world.tick(NOW + timedelta(minutes=1))  # a second dispatch run
    assert again.claimed == 0
    assert await notices.send_pending() == 0
    world.clock.advance(timedelta(hours=1))  # well past any lease
    assert await notices.send_pending() == 0

    [text] = _to_admin(world.notifier)
    assert "1 pengingat gagal terkirim" in text and "Kochi" in text and "/gagal" in text
    assert "Forbidden" in text and "Kota Surabaya" in text
    assert PHONE not in text and "•••7890" in text
    [failed] = world.outbox.recent_failures(10)
    assert failed.admins_notified_at is not None and failed.failed_at == NOW


async def test_a_delivery_that_fails_after_every_attempt_is_announced(
    regions: RegionIndex, policy: ReminderPolicy
) -> None:
    world = _world(FakeClock(NOW), regions, policy)
    world.subscribe(SURABAYA, "100")
    bad_gateway = SendResult(ok=False, error="Bad Gateway")
    world.plan()
    admin = RecordingNotifier()
    notices = _notices(world, admin)
    dispatcher = Dispatcher(
        outbox=world.outbox,
        agreements=world.agreements,
        subscriptions=world.subscriptions,
        users=None,
        regions=regions,
        policy=policy,
        notifiers={"telegram": ScriptedNotifier([bad_gateway] * 3)},
        clock=world.clock,
        limiter=RateLimiter(30, 1, monotonic=world.time.monotonic, sleep=world.time.sleep),
        max_attempts=3,
    )
    announced = []
    for _ in range(3):
        await dispatcher.dispatch_due()
        announced.append(await notices.send_pending())
        world.clock.advance(timedelta(hours=2))
    assert announced == [0, 0, 1]  # retried twice, then given up on and announced
    assert world.outbox.counts()["failed"] == 1
    [text] = _to_admin(admin)
    assert "Bad Gateway" in text


async def test_an_unreachable_admin_gets_the_notice_later_not_never(
    regions: RegionIndex, policy: ReminderPolicy
) -> None:
    world = _world(FakeClock(NOW), regions, policy)
    world.subscribe(SURABAYA, "100")
    world.notifier.fail_permanently.add(ChatAddress(channel="telegram", chat_id="100"))
    await world.tick()
    admin = ScriptedNotifier([SendResult(ok=False, error="timed out")])
    notices = FailureNotices(
        outbox=world.outbox,
        agreements=world.agreements,
        regions=world.regions,
        admins=frozenset({"telegram:900"}),
        notifiers={"telegram": admin},
        clock=world.clock,
    )
    assert await notices.send_pending() == 0  # not delivered: the claim is kept...
    assert await notices.send_pending() == 0  # ...until its lease runs out
    assert admin.sent == []
    world.clock.advance(timedelta(minutes=6))
    assert await notices.send_pending() == 1
    assert await notices.send_pending() == 0
    assert len(admin.sent) == 1


async def test_without_a_reachable_admin_nothing_is_claimed(
    regions: RegionIndex, policy: ReminderPolicy
) -> None:
    world = _world(FakeClock(NOW), regions, policy)
    world.subscribe(SURABAYA, "100")
    world.notifier.fail_permanently.add(ChatAddress(channel="telegram", chat_id="100"))
    await world.tick()
    notices = FailureNotices(
        outbox=world.outbox,
        agreements=world.agreements,
        regions=world.regions,
        admins=frozenset({"whatsapp:628111"}),
        notifiers={"telegram": world.notifier},
        clock=world.clock,
    )
    assert await notices.send_pending() == 0
    [failed] = world.outbox.recent_failures(5)
    assert failed.claim_token is None and failed.admins_notified_at is None


# --- /gagal ---------------------------------------------------------------------------


def _ask(core: App, user: str, text: str) -> Reply:
    return core.dialogue.handle(Incoming(channel="telegram", user_id=user, chat_id=user, text=text))


@pytest.fixture
def core(tmp_path: Path) -> Iterator[App]:
    settings = Settings.from_env(
        {
            "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "SISTERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
            "SISTERBOT_ADMINS": "telegram:900",
        }
    )
    built = build_app(settings, clock=FakeClock(NOW))
    built.database.agreements.upsert_many(
        [agreement("35.15", "Test Partner", report_due=date(2026, 12, 9))]
    )
    built.database.subscriptions.subscribe(
        ChatAddress(channel="whatsapp", chat_id=PHONE), "35.15", PHONE
    )
    yield built
    built.database.dispose()


async def test_the_scheduler_service_tells_the_admins_once(core: App) -> None:
    notifier = RecordingNotifier()
    notifier.fail_permanently.add(ChatAddress(channel="whatsapp", chat_id=PHONE))
    fake = FakeTime()
    limiter = RateLimiter(30, 1, monotonic=fake.monotonic, sleep=fake.sleep)
    notifiers = {"telegram": notifier, "whatsapp": notifier}
    service = core.reminder_service(notifiers, limiter=limiter)
    await service.run_once()
    await service.run_once()
    await core.reminder_service(notifiers, limiter=limiter).run_once()  # a replica
    notices = _to_admin(notifier)
    assert len(notices) == 1 and "Test Partner" in notices[0]
    assert PHONE not in notices[0]

    listing = _ask(core, "900", "/gagal").text
    assert "Test Partner" in listing and "whatsapp •••7890" in listing
    assert "Forbidden" in listing and PHONE not in listing
    assert "Kabupaten Sidoarjo" in listing and "WIB" in listing
    assert _ask(core, "900", "/failures 3").text == listing


def test_gagal_is_for_admins_only(core: App) -> None:
    refused = _ask(core, "123", "/gagal")
    assert "hanya untuk admin" in refused.text and "Maaf" in refused.text
    assert _ask(core, "123", "/failures 50").text == refused.text
    assert "Tidak ada pengingat yang gagal" in _ask(core, "900", "/gagal").text


@pytest.mark.parametrize("args", ["", "0", "999999", "abc", "🙂", "-5", "1" * 5000])
def test_gagal_takes_any_argument_calmly(core: App, args: str) -> None:
    reply = _ask(core, "900", f"/gagal {args}")
    assert "Tidak ada pengingat" in reply.text


def test_the_listing_is_newest_first_and_bounded(
    regions: RegionIndex, policy: ReminderPolicy
) -> None:
    from bot.core.dialogue import Turn

    world = _world(FakeClock(NOW), regions, policy)
    world.subscribe(SURABAYA, *[str(100 + i) for i in range(30)])
    world.plan()
    token = "t"
    rows = world.outbox.claim(
        now=NOW,
        token=token,
        lease_until=NOW + timedelta(minutes=5),
        limit=100,
        channels=["telegram"],
    )
    for i, row in enumerate(rows):
        world.outbox.mark_failed(row.id, token, "x" * 400, NOW + timedelta(minutes=i))
    feature = FailureFeature(outbox=world.outbox, agreements=world.agreements, regions=regions)
    turn = Turn(
        incoming=Incoming(channel="telegram", user_id="900", chat_id="900", text="/gagal"),
        text="/gagal 20",
        language="en",
        language_chosen=True,
        now=NOW,
        is_admin=True,
    )
    text = feature.list_failures(turn, "20").text
    assert len(text) <= 3600
    ids = [int(line.split()[0][1:]) for line in text.splitlines() if line.startswith("#")]
    assert ids == sorted(ids, reverse=True) and ids[0] == rows[-1].id
    assert "more" in text.splitlines()[-1]


@given(
    st.text(alphabet="0123456789", min_size=7, max_size=15),
    st.text(max_size=40).filter(lambda s: not any(c.isdigit() for c in s)),
)
def test_no_phone_number_survives_masking(number: str, around: str) -> None:
    masked = mask_numbers(f"{around}{number}{around}")
    assert number not in masked
    assert masked.count("•••" + number[-4:]) >= 1
    assert mask_chat_id(number) == "•••" + number[-4:]
