"""The subscription feature through the dialogue: subscribe, verify officers, buttons."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.clock import FakeClock
from bot.core.dialogue import Dialogue
from bot.core.general import empty_message, unknown_command
from bot.core.models import ChatAddress, Incoming, OfficerStatus, Reply
from bot.core.reminders import ReminderPolicy, SubscriptionFeature
from bot.core.status import RegionIndex
from bot.delivery.notices import OfficerNotices
from tests.fakes import InMemoryOfficers, RecordingNotifier

from .conftest import BADUNG, SURABAYA, agreement
from .world import World, fake_world

ADMIN = "telegram:999"
DUE = date(2026, 12, 9)


class Bot:
    """A dialogue with only the subscription feature, over a world of fakes."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.officers = InMemoryOfficers()
        self.feature = SubscriptionFeature(
            regions=world.regions,
            agreements=world.agreements,
            subscriptions=world.subscriptions,
            officers=self.officers,
            policy=world.policy,
            admins=frozenset({ADMIN}),
            outbox=world.outbox,
        )
        self.dialogue = Dialogue(
            features=[self.feature],
            users=world.users,
            clock=world.clock,
            admins=frozenset({ADMIN}),
            detect_language=lambda _text: None,
            unknown_command=unknown_command,
            empty_message=empty_message,
        )

    def say(self, text: str, user: str = "1", chat: str | None = None, lang: str = "id") -> Reply:
        return self.dialogue.handle(
            Incoming(
                channel="telegram",
                user_id=user,
                chat_id=chat or user,
                text=text,
                language_hint=lang,
                display_name=f"User {user}",
            )
        )

    def press(self, data: str, user: str = "1", chat: str | None = None) -> Reply:
        return self.dialogue.handle(
            Incoming(channel="telegram", user_id=user, chat_id=chat or user, button_data=data)
        )


@pytest.fixture
def bot(clock: FakeClock, regions: RegionIndex, policy: ReminderPolicy) -> Bot:
    world = fake_world(
        clock,
        regions,
        policy,
        [agreement(SURABAYA, "Kochi", report_due=DUE), agreement(BADUNG, "Perth", report_due=DUE)],
    )
    return Bot(world)


def test_subscribe_and_unsubscribe(bot: Bot) -> None:
    reply = bot.say("/langganan surabaya")
    assert "Kota Surabaya" in reply.text and "bukan tenggat" in reply.text
    assert "sudah berlangganan" in bot.say("/langganan 35.78").text
    assert [s.region_code for s in bot.world.subscriptions.active()] == [SURABAYA]
    assert "Kota Surabaya" in bot.say("/berhenti surabaya").text
    assert bot.world.subscriptions.active() == []
    bot.say("/subscribe surabaya", lang="en")
    bot.say("/langganan kab badung")
    assert "2" in bot.say("/berhenti").text
    assert bot.world.subscriptions.active() == []


def test_an_ambiguous_region_offers_buttons(bot: Bot) -> None:
    reply = bot.say("/langganan bandung")
    data = [b.data for b in reply.all_buttons()]
    assert "sb:32.73" in data and all(len(d.encode()) <= 64 for d in data)
    assert "Kota Bandung" in bot.press("sb:32.73").text
    assert bot.world.subscriptions.active()[0].region_code == "32.73"
    assert "tidak berlaku" in bot.press("sb:99.99").text


def test_unknown_and_missing_regions_get_a_clear_answer(bot: Bot) -> None:
    assert "Sebutkan daerahnya" in bot.say("/langganan").text
    assert "tidak saya kenali" in bot.say("/langganan qwxzv").text
    assert "tidak saya kenali" in bot.say("/langganan " + "💥" * 3000).text
    assert bot.world.subscriptions.active() == []


def test_free_text_subscription(bot: Bot) -> None:
    assert "Kota Surabaya" in bot.say("langganan surabaya").text
    # questions that merely mention reminders are left to the other features
    from bot.core.dialogue import Turn

    for text in ("kapan pengingat laporan dikirim?", "apa itu langganan", "halo"):
        turn = Turn(
            incoming=Incoming(channel="telegram", user_id="1", chat_id="1", text=text),
            text=text,
            language="id",
            language_chosen=False,
            now=bot.world.clock.now(),
            is_admin=False,
        )
        assert bot.feature.claim_text(turn) is None, text
    assert "Kochi" in bot.say("pengingat").text


def test_reminders_lists_what_is_coming(bot: Bot) -> None:
    assert "belum berlangganan" in bot.say("/pengingat").text
    bot.say("/langganan surabaya")
    reply = bot.say("/pengingat")
    assert "Kochi" in reply.text and "9 Desember 2026" in reply.text
    assert "pengingat berikut" in reply.text and "bukan tenggat" in reply.text
    english = bot.say("/reminders", lang="en", user="2")
    assert "no reminder subscriptions" in english.text


def test_officer_verification_needs_an_admin(bot: Bot) -> None:
    reply = bot.say("/daftar surabaya", user="7")
    assert "dikirim ke admin" in reply.text
    [request] = bot.officers.pending()
    assert request.id is not None
    # a non-admin cannot approve, not even with hand-made button data
    refused = bot.press(f"of:a:{request.id}", user="7")
    assert "Hanya admin" in refused.text
    stored = bot.officers.get(request.id)
    assert stored is not None and stored.status is OfficerStatus.PENDING
    listing = bot.say("/verifikasi", user="7")
    assert "Hanya admin" in listing.text
    admin_list = bot.say("/verifikasi", user="999")
    assert f"of:a:{request.id}" in [b.data for b in admin_list.all_buttons()]
    approved = bot.press(f"of:a:{request.id}", user="999")
    assert "Disetujui" in approved.text
    assert bot.officers.is_officer("telegram", "7", SURABAYA)
    assert "sudah diputuskan" in bot.press(f"of:r:{request.id}", user="999").text
    assert "sudah terverifikasi" in bot.say("/daftar surabaya", user="7").text


async def test_admins_and_the_officer_are_told(bot: Bot) -> None:
    bot.say("/daftar surabaya", user="7")
    notifier = RecordingNotifier()
    notices = OfficerNotices(
        officers=bot.officers,
        regions=bot.world.regions,
        admins=frozenset({ADMIN}),
        notifiers={"telegram": notifier},
    )
    assert await notices.send_pending() == 1
    [(to, message)] = notifier.sent
    assert to == ChatAddress(channel="telegram", chat_id="999")
    assert [b.data for b in message.all_buttons()] == ["of:a:1", "of:r:1"]
    assert await notices.send_pending() == 0  # announced once
    bot.press("of:a:1", user="999")
    assert await notices.send_pending() == 1
    assert notifier.sent[-1][0].chat_id == "7" and "terverifikasi" in notifier.sent[-1][1].text


async def _reminder_for(bot: Bot, region_chat: str, region: str) -> Reply:
    bot.world.subscribe(region, region_chat)
    await bot.world.tick(datetime(2026, 12, 2, 2, tzinfo=UTC))
    [reply] = [r for a, r in bot.world.notifier.sent if a.chat_id == region_chat]
    return reply


async def test_mark_done_by_a_verified_officer_stops_the_reminders(bot: Bot) -> None:
    reminder = await _reminder_for(bot, "100", SURABAYA)
    done, snooze, detail = (b.data for b in reminder.all_buttons())
    assert done.startswith("rm:d:") and snooze.startswith("rm:s:") and detail.startswith("rm:i:")
    # outside WhatsApp's window the digest goes as the template: count, regions, day, late
    assert reminder.template_params[:2] == ("1 pengingat", "Kota Surabaya")
    assert "dengan Kochi (Jepang)" in reminder.text
    # not verified yet
    assert "Hanya petugas terverifikasi" in bot.press(done, user="7", chat="100").text
    bot.say("/daftar surabaya", user="7")
    bot.press("of:a:1", user="999")
    reply = bot.press(done, user="7", chat="100")
    assert "Tercatat" in reply.text and "9 Desember 2027" in reply.text
    [kochi] = bot.world.agreements.for_region(SURABAYA)
    assert kochi.next_report_due == date(2027, 12, 9)
    assert kochi.last_report_date is not None
    assert kochi.last_report_date.isoformat() == "2026-12-02"
    # pressing again changes nothing; no more reminders for that due date
    assert "Sudah tercatat" in bot.press(done, user="7", chat="100").text
    before = len(bot.world.notifier.sent)
    for day in range(3, 20):
        await bot.world.tick(datetime(2026, 12, day, 2, tzinfo=UTC))
    assert [a.chat_id for a, _ in bot.world.notifier.sent[before:]] == []


async def test_forged_button_data_cannot_mark_another_regions_report(bot: Bot) -> None:
    surabaya = await _reminder_for(bot, "100", SURABAYA)
    badung = await _reminder_for(bot, "200", BADUNG)
    # user 8 is a verified officer of Badung only
    bot.say("/daftar kab badung", user="8")
    bot.press("of:a:1", user="999")
    badung_done = badung.all_buttons()[0].data
    surabaya_done = surabaya.all_buttons()[0].data
    refused = bot.press(surabaya_done, user="8", chat="200")
    assert "Hanya petugas terverifikasi Kota Surabaya" in refused.text
    [kochi] = bot.world.agreements.for_region(SURABAYA)
    assert kochi.next_report_due == DUE and kochi.last_report_date is None
    assert "Tercatat" in bot.press(badung_done, user="8", chat="200").text
    # an admin may mark any region's report
    assert "Tercatat" in bot.press(surabaya_done, user="999").text


async def test_snooze_reminds_tomorrow_at_eight(bot: Bot) -> None:
    reminder = await _reminder_for(bot, "100", SURABAYA)
    snooze = reminder.all_buttons()[1].data
    assert "Baik, saya ingatkan lagi" in bot.press(snooze, user="5", chat="100").text
    assert "chat lain" in bot.press(snooze, user="6", chat="elsewhere").text
    sent_before = len(bot.world.notifier.sent)
    await bot.world.tick(datetime(2026, 12, 3, 0, 59, tzinfo=UTC))  # 07:59 WIB
    assert len(bot.world.notifier.sent) == sent_before
    await bot.world.tick(datetime(2026, 12, 3, 1, 0, tzinfo=UTC))
    assert len(bot.world.notifier.sent) == sent_before + 1
    assert "6 hari lagi" in bot.world.notifier.sent[-1][1].text
    await bot.world.tick(datetime(2026, 12, 3, 5, tzinfo=UTC))
    assert len(bot.world.notifier.sent) == sent_before + 1


async def test_detail_button(bot: Bot) -> None:
    reminder = await _reminder_for(bot, "100", SURABAYA)
    detail = bot.press(reminder.all_buttons()[2].data, user="5", chat="100")
    assert "Kochi" in detail.text and "Laporan berikut" in detail.text


@pytest.mark.parametrize(
    "data",
    [
        "rm:d:abc",
        "rm:d:",
        "rm:d:-1",
        "rm:d:999999",
        "rm:d:99999999999999999999",
        "rm:x:1",
        "rm:i:0",
        "of:a:x",
        "of:z:1",
        "of:a:424242",
        "dr:../../etc",
        "ub:" + "9" * 60,
    ],
)
def test_garbage_button_data_gets_a_clear_answer(bot: Bot, data: str) -> None:
    reply = bot.press(data, user="999")
    assert reply.text
    assert bot.world.subscriptions.active() == []


@given(payload=st.text(max_size=60))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_random_button_data_never_breaks_anything(bot: Bot, payload: str) -> None:
    for prefix in ("rm", "of", "sb", "ub", "dr"):
        data = f"{prefix}:{payload}"
        if len(data.encode()) > 64:
            continue
        assert bot.press(data, user="7").text
    [kochi, perth] = bot.world.agreements.all()
    assert kochi.next_report_due == DUE and perth.next_report_due == DUE
    assert bot.officers.pending() == [] or all(r.user_id == "7" for r in bot.officers.pending())


def test_english_replies(bot: Bot) -> None:
    reply = bot.say("/subscribe surabaya", lang="en")
    assert "reminders" in reply.text and "not legal deadlines" in reply.text
