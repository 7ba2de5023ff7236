"""Reminders WhatsApp fails after accepting them are recorded, listed and told to admins.

The bot's real server on 127.0.0.1, the Graph API stand-in, the real dispatcher; the
late ``failed`` statuses come in on the signed webhook as Meta sends them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.channels.wa.inbox import StoredInbox
from bot.channels.wa.updates import StatusUpdate
from bot.core.clock import FakeClock
from bot.core.dialogue import Dialogue
from bot.core.general import GeneralFeature, empty_message, unknown_command
from bot.core.models import ChatAddress
from bot.core.ports import UserRepository
from bot.core.reminders import Delivery, FailureFeature, ReminderPolicy
from bot.core.status import RegionIndex
from bot.delivery.failure_notices import FailureNotices
from bot.stand_ins.whatsapp_webhooks import status_payload, text_payload
from bot.storage.database import Database
from tests.fakes import (
    InMemoryAgreements,
    InMemoryOutbox,
    InMemorySubscriptions,
    ListedOutbox,
    RecordingNotifier,
)
from tests.fakes.inbox import MemoryInbox
from tests.reminders.conftest import KNOWLEDGE, SURABAYA, agreement
from tests.reminders.world import World

OFFICER = "6281234567801"
ADMIN = "6289900001234"
STRANGER = "6285550009999"


def _world(clock: FakeClock, **repos: Any) -> World:
    world = World(
        clock=clock,
        regions=RegionIndex.load(KNOWLEDGE / "regions.csv"),
        policy=ReminderPolicy(),
        agreements=repos.get("agreements") or InMemoryAgreements(),
        subscriptions=repos.get("subscriptions") or InMemorySubscriptions(),
        outbox=repos.get("outbox") or InMemoryOutbox(),
        notifier=RecordingNotifier(),
    )
    world.add(agreement(SURABAYA, "Kochi", report_due=date(2026, 12, 10)))
    world.subscribe(SURABAYA, OFFICER, channel="whatsapp")
    return world


def _admin_dialogue(world: World, users: UserRepository) -> Dialogue:
    return Dialogue(
        features=[
            GeneralFeature(users),
            FailureFeature(outbox=world.outbox, agreements=world.agreements, regions=world.regions),
        ],
        users=users,
        clock=world.clock,
        admins=frozenset({f"whatsapp:{ADMIN}"}),
        detect_language=lambda _text: None,
        unknown_command=unknown_command,
        empty_message=empty_message,
    )


async def _send_reminder(world: World, bot: Any) -> Delivery:
    world.notifiers = {"whatsapp": bot.channel.notifier}
    _, stats = await world.tick()
    assert stats.sent == 1
    [sent] = [d for d in _rows(world.outbox) if d.status == "sent"]
    return sent


def _rows(outbox: ListedOutbox) -> list[Delivery]:
    return outbox.all()


def _stored(world: World, delivery: Delivery) -> Delivery:
    stored = world.outbox.get(delivery.id)
    assert stored is not None
    return stored


async def test_a_late_failure_is_recorded_listed_and_told_to_admins_once(
    start_bot: Any, clock: FakeClock, users: UserRepository, database: Database
) -> None:
    world = _world(
        clock,
        agreements=database.agreements,
        subscriptions=database.subscriptions,
        outbox=database.outbox,
    )
    dialogue = _admin_dialogue(world, users)
    async with start_bot(
        handle=dialogue.handle, inbox=StoredInbox(database.whatsapp_inbox), outbox=database.outbox
    ) as bot:
        sent = await _send_reminder(world, bot)
        [template] = bot.graph.sent  # the officer never wrote: the approved template
        assert template.type == "template"
        assert sent.provider_message_id == template.message_id

        failed = status_payload(template.message_id, "failed", OFFICER, error_code=131026)
        await bot.post(failed)
        await bot.post(failed)  # Meta redelivers
        await bot.settle()
        stored = _stored(world, sent)
        assert stored.status == "failed"
        assert stored.last_error == "WhatsApp 131026: stand-in failure"
        assert stored.failed_at == clock.now()

        await bot.post(text_payload(ADMIN, "/gagal"))
        await bot.post(text_payload(STRANGER, "/gagal", message_id="wamid.stranger"))
        await bot.settle()
    [listing] = bot.graph.sent_to(ADMIN)
    assert "Kochi" in listing.text and "131026" in listing.text
    assert "whatsapp •••7801" in listing.text and OFFICER not in listing.text
    [refusal] = bot.graph.sent_to(STRANGER)
    assert "hanya untuk admin" in refusal.text and "Kochi" not in refusal.text

    admin = RecordingNotifier()
    notices = FailureNotices(
        outbox=database.outbox,
        agreements=database.agreements,
        regions=world.regions,
        admins=frozenset({"telegram:900"}),
        notifiers={"telegram": admin},
        clock=clock,
    )
    assert await notices.send_pending() == 1
    await world.tick(clock.now() + timedelta(minutes=10))  # a second dispatch run
    assert await notices.send_pending() == 0
    [(to, notice)] = admin.sent
    assert to == ChatAddress(channel="telegram", chat_id="900")
    assert "131026" in notice.text and OFFICER not in notice.text


async def test_a_late_131047_goes_out_as_the_template_whose_fate_decides(
    start_bot: Any, clock: FakeClock, users: UserRepository
) -> None:
    world = _world(clock)
    users.touch("whatsapp", OFFICER, clock.now() - timedelta(hours=1))  # window open
    async with start_bot(outbox=world.outbox) as bot:
        sent = await _send_reminder(world, bot)
        [interactive] = bot.graph.sent
        assert interactive.type == "interactive"
        assert sent.provider_message_id == interactive.message_id
        await bot.post(status_payload(interactive.message_id, "failed", OFFICER, error_code=131047))
        await bot.graph.wait_for_sent(2)
        await bot.settle()
        template = bot.graph.sent[1]
        assert template.type == "template"  # the existing fallback, unchanged
        kept = _stored(world, sent)
        assert kept.status == "sent" and kept.provider_message_id == template.message_id
        assert "131047" in (kept.last_error or "") and "template" in (kept.last_error or "")

        await bot.post(status_payload(template.message_id, "delivered", OFFICER))
        await bot.settle()
        assert _stored(world, sent).status == "sent"
        await bot.post(status_payload(template.message_id, "failed", OFFICER, error_code=132001))
        await bot.settle()
    final = _stored(world, sent)
    assert final.status == "failed" and final.last_error == "WhatsApp 132001: stand-in failure"
    assert len(bot.graph.sent) == 2  # the template is sent once, never again
    assert bot.channel.notifier.late_fallbacks == 1


async def test_a_refused_template_fallback_is_the_final_failure(
    start_bot: Any, clock: FakeClock, users: UserRepository
) -> None:
    world = _world(clock)
    users.touch("whatsapp", OFFICER, clock.now() - timedelta(hours=1))
    async with start_bot(outbox=world.outbox) as bot:
        sent = await _send_reminder(world, bot)
        bot.graph.fail_next(status=400, code=132001)  # template does not exist
        interactive = bot.graph.sent[0]
        await bot.post(status_payload(interactive.message_id, "failed", OFFICER, error_code=131047))
        await bot.settle()
    final = _stored(world, sent)
    assert final.status == "failed"
    assert (final.last_error or "").startswith("WhatsApp 131047: stand-in failure")
    assert "template was refused too" in (final.last_error or "")
    assert [d.id for d in world.outbox.recent_failures(5)] == [sent.id]


async def test_after_a_restart_a_late_131047_fails_the_delivery(
    start_bot: Any, clock: FakeClock, users: UserRepository
) -> None:
    world = _world(clock)
    users.touch("whatsapp", OFFICER, clock.now() - timedelta(hours=1))
    async with start_bot(outbox=world.outbox) as bot:
        sent = await _send_reminder(world, bot)
    assert sent.provider_message_id is not None
    async with start_bot(outbox=world.outbox) as restarted:  # remembers no sends
        await restarted.post(
            status_payload(sent.provider_message_id, "failed", OFFICER, error_code=131047)
        )
        await restarted.settle()
    assert _stored(world, sent).status == "failed"
    assert len(restarted.graph.sent) == 1  # no template: only the original reminder


async def test_failures_stored_while_nobody_listened_are_applied_at_start(
    start_bot: Any, clock: FakeClock
) -> None:
    world = _world(clock)
    inbox = MemoryInbox()
    async with start_bot(outbox=world.outbox) as bot:
        sent = await _send_reminder(world, bot)
    assert sent.provider_message_id is not None
    # stored by a process that stopped before it could update the outbox
    status = StatusUpdate(
        message_id=sent.provider_message_id,
        status="failed",
        error_code=131049,
        error_title="Not delivered to maintain healthy ecosystem engagement",
    )
    inbox.record_status(status, clock.now())
    async with start_bot(outbox=world.outbox, inbox=inbox):
        pass
    final = _stored(world, sent)
    assert final.status == "failed" and (final.last_error or "").startswith("WhatsApp 131049")


async def test_other_statuses_and_other_messages_change_nothing(
    start_bot: Any, clock: FakeClock
) -> None:
    world = _world(clock)
    async with start_bot(outbox=world.outbox) as bot:
        sent = await _send_reminder(world, bot)
        assert sent.provider_message_id is not None
        for state in ("sent", "delivered", "read"):
            await bot.post(status_payload(sent.provider_message_id, state, OFFICER))
        await bot.post(
            status_payload("wamid.a-conversation-reply", "failed", OFFICER, error_code=1)
        )
        await bot.settle()
    assert _stored(world, sent).status == "sent"
    assert world.outbox.recent_failures(5) == []
