"""Sending: retries on 5xx/429, the 24-hour rule, the template fallback, failures returned."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.channels.wa.channel import build_channel, open_notifier
from bot.channels.wa.graph import GraphClient
from bot.channels.wa.notifier import WhatsAppNotifier, template_param
from bot.channels.wa.render import text_message
from bot.config import ConfigError
from bot.core.clock import FakeClock
from bot.core.models import Button, ChatAddress, Reply, button_rows
from bot.stand_ins.whatsapp_graph_api import WhatsAppGraphApiStandIn
from tests.fakes import InMemoryUsers
from tests.fakes.inbox import MemoryInbox

from .conftest import whatsapp_settings

USER = "6281234567801"
ADDRESS = ChatAddress(channel="whatsapp", chat_id=USER)
REMINDER = Reply(
    text="Pengingat: laporan kerja sama Kota Surabaya – Busan jatuh tempo Selasa, "
    "15 Desember 2026 (17 hari lagi).\nTekan tombol di bawah bila sudah selesai.",
    buttons=button_rows(
        [
            Button(label="Sudah dilaporkan", data="rm:d:7"),
            Button(label="Ingatkan besok", data="rm:s:7"),
        ],
        [Button(label="Detail", data="rm:i:3")],
    ),
    template_params=(
        "laporan",
        "Kota Surabaya – Busan",
        "Selasa, 15 Desember 2026",
        "17 hari lagi",
    ),
)


class Sleeps:
    """An async sleep that only records (no test waits for real)."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def client(graph: WhatsAppGraphApiStandIn, sleeps: Sleeps) -> AsyncIterator[GraphClient]:
    graph_client = GraphClient(
        base_url=graph.base_url,
        api_version="21.0",
        phone_id=graph.phone_id,
        token=graph.token,
        sleep=sleeps,
    )
    yield graph_client
    await graph_client.aclose()


@pytest.fixture
def notifier(client: GraphClient, users: InMemoryUsers, clock: FakeClock) -> WhatsAppNotifier:
    return WhatsAppNotifier(
        graph=client,
        users=users,
        clock=clock,
        template_name="sisterbot_reminder",
        template_language="id",
    )


async def test_send_returns_the_wamid(client: GraphClient, graph: WhatsAppGraphApiStandIn) -> None:
    result = await client.send(USER, text_message("halo"))
    assert result.ok
    assert result.message_id == graph.sent[0].message_id


@pytest.mark.parametrize(
    ("status", "code"),
    [(500, 131000), (503, None), (429, 130429), (400, 131056), (400, 80007), (502, None)],
)
async def test_transient_errors_are_retried_with_backoff(
    client: GraphClient,
    graph: WhatsAppGraphApiStandIn,
    sleeps: Sleeps,
    status: int,
    code: int | None,
) -> None:
    graph.fail_next(3, status=status, code=code)
    result = await client.send(USER, text_message("halo"))
    assert result.ok
    assert len(graph.sent) == 1
    assert sleeps.delays == [0.5, 1.0, 2.0]


async def test_retry_after_is_honoured(
    client: GraphClient, graph: WhatsAppGraphApiStandIn, sleeps: Sleeps
) -> None:
    graph.fail_next(1, status=429, code=4, retry_after=7)
    assert (await client.send(USER, text_message("halo"))).ok
    assert sleeps.delays == [7.0]


async def test_giving_up_returns_the_error(
    client: GraphClient, graph: WhatsAppGraphApiStandIn, sleeps: Sleeps
) -> None:
    graph.fail_next(10, status=500, code=131000)
    result = await client.send(USER, text_message("halo"))
    assert not result.ok and not result.permanent
    assert result.error_code == 131000
    assert "UnknownError" in (result.error or "")
    assert len(sleeps.delays) == 4  # five attempts
    assert graph.sent == []


async def test_a_bad_request_is_not_retried(
    client: GraphClient, graph: WhatsAppGraphApiStandIn, sleeps: Sleeps
) -> None:
    result = await client.send(USER, {"type": "text", "text": {"body": "x" * 5000}})
    assert not result.ok and result.error_code == 131009
    assert sleeps.delays == []


async def test_network_failure_is_returned_not_raised(sleeps: Sleeps) -> None:
    dead = GraphClient(
        base_url="http://127.0.0.1:9", api_version="21.0", phone_id="1", token="t", sleep=sleeps
    )
    try:
        result = await dead.send(USER, text_message("halo"))
    finally:
        await dead.aclose()
    assert not result.ok and result.error and result.error.startswith("network")
    assert len(sleeps.delays) == 4


async def test_wrong_token_is_an_error(graph: WhatsAppGraphApiStandIn, sleeps: Sleeps) -> None:
    wrong = GraphClient(
        base_url=graph.base_url,
        api_version="v21.0",
        phone_id=graph.phone_id,
        token="nope",
        sleep=sleeps,
    )
    try:
        result = await wrong.send(USER, text_message("halo"))
    finally:
        await wrong.aclose()
    assert not result.ok and result.error_code == 190


# --- the 24-hour rule -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("since_last_message", "expected"),
    [
        (None, "template"),
        (timedelta(0), "interactive"),
        (timedelta(hours=23, minutes=58), "interactive"),
        (timedelta(hours=23, minutes=59, seconds=30), "template"),  # the last minute
        (timedelta(hours=24), "template"),
        (timedelta(days=9), "template"),
    ],
)
async def test_the_24_hour_window_decides_the_message_kind(
    notifier: WhatsAppNotifier,
    graph: WhatsAppGraphApiStandIn,
    users: InMemoryUsers,
    clock: FakeClock,
    since_last_message: timedelta | None,
    expected: str,
) -> None:
    if since_last_message is not None:
        users.touch("whatsapp", USER, clock.now() - since_last_message)
    result = await notifier.send(ADDRESS, REMINDER)
    assert result.ok
    (message,) = graph.sent
    assert message.type == expected
    assert result.provider_message_id == message.message_id


async def test_inside_the_window_the_reminder_has_its_buttons(
    notifier: WhatsAppNotifier,
    graph: WhatsAppGraphApiStandIn,
    users: InMemoryUsers,
    clock: FakeClock,
) -> None:
    users.touch("whatsapp", USER, clock.now() - timedelta(hours=3))
    assert (await notifier.send(ADDRESS, REMINDER)).ok
    (message,) = graph.sent
    assert message.interactive_type == "button"
    assert [c[0] for c in message.choices] == ["rm:d:7", "rm:s:7", "rm:i:3"]
    assert message.text.startswith("Pengingat: laporan")


async def test_the_window_moves_with_the_fake_clock(
    notifier: WhatsAppNotifier,
    graph: WhatsAppGraphApiStandIn,
    users: InMemoryUsers,
    clock: FakeClock,
) -> None:
    users.touch("whatsapp", USER, clock.now())
    await notifier.send(ADDRESS, REMINDER)
    clock.advance(timedelta(hours=25))
    await notifier.send(ADDRESS, REMINDER)
    users.touch("whatsapp", USER, clock.now())  # the user wrote again
    await notifier.send(ADDRESS, REMINDER)
    assert [m.type for m in graph.sent] == ["interactive", "template", "interactive"]


async def test_outside_the_window_the_template_carries_the_facts(
    notifier: WhatsAppNotifier, graph: WhatsAppGraphApiStandIn
) -> None:
    assert (await notifier.send(ADDRESS, REMINDER)).ok
    (message,) = graph.sent
    template = message.body["template"]
    assert template["name"] == "sisterbot_reminder"
    assert template["language"] == {"code": "id"}
    assert message.template_params == list(REMINDER.template_params)


async def test_a_reply_without_template_params_sends_its_text_flattened(
    notifier: WhatsAppNotifier, graph: WhatsAppGraphApiStandIn
) -> None:
    reply = Reply(text="Permintaan verifikasi\n\tbaru:     Kota Bandung")
    assert (await notifier.send(ADDRESS, reply)).ok
    assert graph.sent[0].template_params == ["Permintaan verifikasi baru: Kota Bandung"]


@pytest.mark.parametrize("raw", ["a\nb", "a\tb", "a     b", "", "  ", "x" * 2000])
def test_template_params_are_made_acceptable(raw: str) -> None:
    value = template_param(raw)
    assert value and "\n" not in value and "\t" not in value and "     " not in value
    assert len(value) <= 512


async def test_reengagement_error_inside_our_window_falls_back_to_the_template(
    notifier: WhatsAppNotifier,
    graph: WhatsAppGraphApiStandIn,
    users: InMemoryUsers,
    clock: FakeClock,
) -> None:
    users.touch("whatsapp", USER, clock.now() - timedelta(hours=1))
    graph.closed_windows.add(USER)  # WhatsApp disagrees: its window is closed
    result = await notifier.send(ADDRESS, REMINDER)
    assert result.ok
    assert [m.type for m in graph.sent] == ["template"]


async def test_template_failure_is_returned_not_dropped(
    notifier: WhatsAppNotifier, graph: WhatsAppGraphApiStandIn
) -> None:
    graph.fail_next(1, status=400, code=132001)  # template does not exist
    result = await notifier.send(ADDRESS, REMINDER)
    assert not result.ok
    assert result.error and "132001" in result.error
    assert not result.permanent  # the chat is fine; the admins must fix the template


async def test_undeliverable_recipient_is_a_permanent_failure(
    notifier: WhatsAppNotifier, graph: WhatsAppGraphApiStandIn
) -> None:
    graph.undeliverable.add(USER)
    result = await notifier.send(ADDRESS, REMINDER)
    assert not result.ok and result.permanent
    assert result.error and "131026" in result.error


async def test_reengagement_error_is_returned_when_the_template_fails_too(
    notifier: WhatsAppNotifier,
    graph: WhatsAppGraphApiStandIn,
    users: InMemoryUsers,
    clock: FakeClock,
) -> None:
    users.touch("whatsapp", USER, clock.now())
    graph.closed_windows.add(USER)
    graph.fail_next(1, status=400, code=131047)  # the interactive one
    graph.fail_next(1, status=400, code=132000)  # then the template
    result = await notifier.send(ADDRESS, REMINDER)
    assert not result.ok and "132000" in (result.error or "")


async def test_another_channels_address_is_refused(notifier: WhatsAppNotifier) -> None:
    result = await notifier.send(ChatAddress(channel="telegram", chat_id="1"), REMINDER)
    assert not result.ok and result.permanent


async def test_open_notifier_sends_through_the_configured_graph_api(
    graph: WhatsAppGraphApiStandIn, users: InMemoryUsers, clock: FakeClock
) -> None:
    settings = whatsapp_settings(graph, whatsapp_app_secret=None, whatsapp_verify_token=None)
    async with open_notifier(settings, users=users, clock=clock) as notifier:
        result = await notifier.send(ADDRESS, REMINDER)
    assert result.ok and graph.sent[0].type == "template"


@pytest.mark.parametrize(
    "missing",
    ["whatsapp_phone_id", "whatsapp_token", "whatsapp_app_secret", "whatsapp_verify_token"],
)
def test_the_channel_needs_its_settings(
    graph: WhatsAppGraphApiStandIn, users: InMemoryUsers, clock: FakeClock, missing: str
) -> None:
    settings = whatsapp_settings(graph, **{missing: None})
    with pytest.raises(ConfigError, match=missing.upper()):
        build_channel(
            settings,
            handle=lambda _i: Reply(text=""),
            users=users,
            clock=clock,
            inbox=MemoryInbox(),
        )


async def test_mark_read(client: GraphClient, graph: WhatsAppGraphApiStandIn) -> None:
    assert (await client.mark_read("wamid.user1")).ok
    assert graph.read_receipts == ["wamid.user1"]


async def test_a_picture_is_uploaded_then_sent_as_an_image_inside_the_window(
    notifier: WhatsAppNotifier,
    graph: WhatsAppGraphApiStandIn,
    users: InMemoryUsers,
    clock: FakeClock,
) -> None:
    from bot.core.reminders import ReminderPolicy, overview_counts
    from bot.delivery.recap_chart import recap_png

    png = recap_png(
        overview_counts([], policy=ReminderPolicy(), today=clock.now().date()),
        province_name=str,
        language="id",
        day="30 November 2026",
    )
    # outside the 24-hour window WhatsApp takes templates only: the picture is left out
    assert (await notifier.send_photo(ADDRESS, png, "Rekap mingguan")).ok
    assert graph.media == {} and graph.sent == []
    users.touch("whatsapp", USER, clock.now() - timedelta(hours=1))
    result = await notifier.send_photo(ADDRESS, png, "Rekap mingguan")
    assert result.ok and result.provider_message_id == graph.sent[0].message_id
    [(media_id, data)] = graph.media.items()
    assert data == png
    assert graph.sent[0].body["type"] == "image"
    assert graph.sent[0].body["image"] == {"id": media_id, "caption": "Rekap mingguan"}
    assert graph.rejected == []
