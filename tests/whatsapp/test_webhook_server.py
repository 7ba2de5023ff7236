"""The webhook against the real server on 127.0.0.1, with recorded payloads."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.channels.wa.processor import RETRY_DELAYS
from bot.channels.wa.signature import sign
from bot.stand_ins.whatsapp_webhooks import text_payload
from tests.fakes.inbox import MemoryInbox

from .conftest import APP_SECRET, VERIFY_TOKEN, load

USER = "6281234567801"


async def test_healthz(start_bot: Any) -> None:
    async with start_bot() as bot:
        response = await bot.client.get(f"{bot.url}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("params", "status", "body"),
    [
        (
            {
                "hub.mode": "subscribe",
                "hub.verify_token": VERIFY_TOKEN,
                "hub.challenge": "1158201444",
            },
            200,
            "1158201444",
        ),
        ({"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"}, 403, None),
        (
            {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
            403,
            None,
        ),
        ({"hub.mode": "subscribe", "hub.challenge": "1"}, 403, None),
        ({"hub.mode": "subscribe", "hub.verify_token": "é" * 3, "hub.challenge": "1"}, 403, None),
        ({}, 403, None),
    ],
)
async def test_verification_handshake(
    start_bot: Any, params: dict[str, str], status: int, body: str | None
) -> None:
    async with start_bot() as bot:
        response = await bot.client.get(bot.webhook_url, params=params)
    assert response.status_code == status
    if body is not None:
        assert response.text == body


@pytest.mark.parametrize(
    ("signed", "signature", "status"),
    [
        (False, None, 401),
        (False, "", 401),
        (False, "sha256=" + "0" * 64, 403),
        (False, sign(b"another body", APP_SECRET), 403),
        (False, sign(json.dumps(load("text_message")).encode(), "wrong-secret"), 403),
        (False, "sha256=ünïcödé", 403),
        (False, "md5=abc", 403),
    ],
)
async def test_unsigned_or_forged_posts_are_refused_and_nothing_is_processed(
    start_bot: Any, signed: bool, signature: str | None, status: int
) -> None:
    inbox = MemoryInbox()
    async with start_bot(inbox=inbox) as bot:
        response = await bot.post(load("text_message"), signed=signed, signature=signature)
        await bot.settle()
    assert response.status_code == status
    assert inbox.states() == {}
    assert bot.graph.sent == []
    assert bot.channel.webhook.counters.rejected == 1


@pytest.mark.parametrize("body", [b"not json", b"", b"{", b"\xff\xfe\x00binary"])
async def test_signed_non_json_is_a_400(start_bot: Any, body: bytes) -> None:
    async with start_bot() as bot:
        response = await bot.post(body)
        await bot.settle()
    assert response.status_code == 400
    assert bot.graph.sent == []


async def test_signature_is_checked_over_the_raw_bytes(start_bot: Any) -> None:
    """Re-serialising the JSON (other spacing) would break the signature: not accepted."""
    payload = load("text_message")
    raw = json.dumps(payload, indent=1).encode()
    async with start_bot() as bot:
        forged = await bot.post(raw, signature=sign(json.dumps(payload).encode(), APP_SECRET))
        good = await bot.post(raw)
        await bot.settle()
    assert forged.status_code == 403
    assert good.status_code == 200
    assert len(bot.graph.sent) == 1


async def test_text_message_is_answered_through_the_graph_api(start_bot: Any) -> None:
    async with start_bot() as bot:
        response = await bot.post(load("text_message"))
        sent = await bot.graph.wait_for_sent(1)
        await bot.settle()
    assert response.status_code == 200
    assert [m.to for m in sent] == [USER]
    assert sent[0].type == "text"
    assert sent[0].text == "echo: Apakah kerja sama sister city perlu persetujuan DPRD?"


async def test_button_reply_maps_back_to_button_data(start_bot: Any, users: Any) -> None:
    async with start_bot() as bot:
        await bot.post(load("button_reply"))  # id "lang:en"
        await bot.graph.wait_for_sent(1)
        await bot.settle()
    assert bot.graph.sent[0].text == "OK, I will answer in English."
    assert users.get("whatsapp", USER).language == "en"


async def test_list_reply_maps_back_to_button_data(start_bot: Any) -> None:
    async with start_bot() as bot:
        await bot.post(load("list_reply"))  # id "help:"
        sent = await bot.graph.wait_for_sent(1)
        await bot.settle()
    assert sent[0].to == "6281234567802"
    assert sent[0].text.startswith("Perintah (")


async def test_template_quick_reply_maps_back_to_button_data(start_bot: Any) -> None:
    async with start_bot() as bot:
        await bot.post(load("template_quick_reply"))  # payload "help:"
        sent = await bot.graph.wait_for_sent(1)
    assert sent[0].text.startswith("Perintah (")


async def test_forged_button_data_gets_the_stale_button_answer(start_bot: Any) -> None:
    payload = load("button_reply")
    reply = payload["entry"][0]["changes"][0]["value"]["messages"][0]["interactive"]
    reply["button_reply"]["id"] = "admin:approve:1" + "x" * 300
    async with start_bot() as bot:
        await bot.post(payload)
        sent = await bot.graph.wait_for_sent(1)
    assert "tidak berlaku" in sent[0].text


@pytest.mark.parametrize("name", ["image_message", "unsupported_message"])
async def test_media_gets_a_text_only_answer_and_opens_the_window(
    start_bot: Any, users: Any, clock: Any, name: str
) -> None:
    async with start_bot() as bot:
        await bot.post(load(name))
        sent = await bot.graph.wait_for_sent(1)
    assert "hanya bisa membaca pesan teks" in sent[0].text
    assert users.get("whatsapp", USER).last_inbound_at == clock.now()


async def test_reactions_and_other_fields_get_no_answer(start_bot: Any) -> None:
    inbox = MemoryInbox()
    async with start_bot(inbox=inbox) as bot:
        assert (await bot.post(load("reaction"))).status_code == 200
        assert (await bot.post(load("account_update_field"))).status_code == 200
        await bot.settle()
    assert bot.graph.sent == []
    assert list(inbox.states().values()) == ["done"]


@pytest.mark.parametrize(
    "name",
    [
        "malformed_message_without_sender",
        "malformed_entry_not_a_list",
        "malformed_text_without_body",
    ],
)
async def test_malformed_payloads_are_acknowledged_and_skipped(start_bot: Any, name: str) -> None:
    async with start_bot() as bot:
        response = await bot.post(load(name))
        await bot.settle()
    assert response.status_code == 200  # a retry would fail the same way
    assert bot.graph.sent == []


@pytest.mark.parametrize("payload", [[], "text", 42, None, {"entry": [{"changes": [5]}]}])
async def test_json_of_the_wrong_shape_is_skipped(start_bot: Any, payload: Any) -> None:
    async with start_bot() as bot:
        response = await bot.post(json.dumps(payload).encode())
        await bot.settle()
    assert response.status_code == 200
    assert bot.graph.sent == []


async def test_two_users_in_one_post_are_both_answered(start_bot: Any) -> None:
    async with start_bot() as bot:
        await bot.post(load("two_users_one_post"))
        await bot.graph.wait_for_sent(2)
        await bot.settle()
    by_user = {m.to: m.text for m in bot.graph.sent}
    assert by_user["6281234567801"].startswith("Halo")
    assert by_user["6281234567802"].startswith("Sama-sama")


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("status_sent", "sent"),
        ("status_delivered", "delivered"),
        ("status_read", "read"),
        ("status_failed", "failed"),
    ],
)
async def test_status_updates_are_recorded(
    start_bot: Any, clock: Any, name: str, status: str
) -> None:
    inbox = MemoryInbox()
    async with start_bot(inbox=inbox) as bot:
        await bot.post(load(name))
        await bot.post(load(name))  # redelivered
        await bot.settle()
    assert bot.graph.sent == []
    assert bot.channel.webhook.counters.statuses == 2
    assert inbox.statuses() == [(recorded_id(name), status)]
    failures = inbox.failures(clock.now())
    if status == "failed":
        assert [(f.error_code, f.error_title) for f in failures] == [
            (131047, "Re-engagement message")
        ]
    else:
        assert failures == []


def recorded_id(name: str) -> str:
    return str(load(name)["entry"][0]["changes"][0]["value"]["statuses"][0]["id"])


async def test_redelivered_message_is_answered_once(start_bot: Any) -> None:
    payload = load("text_message")
    async with start_bot() as bot:
        responses = [await bot.post(payload) for _ in range(3)]
        await bot.settle()
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert len(bot.graph.sent) == 1
    assert bot.channel.webhook.counters.duplicates == 2


async def test_messages_of_one_user_are_answered_in_order(start_bot: Any) -> None:
    async with start_bot() as bot:
        for i in range(20):
            await bot.post(text_payload(USER, f"pesan {i}"))
        await bot.graph.wait_for_sent(20)
        await bot.settle()
    assert [m.text for m in bot.graph.sent] == [f"echo: pesan {i}" for i in range(20)]


async def test_a_failing_core_is_retried_from_the_store_then_apologised_once(
    start_bot: Any, clock: Any
) -> None:
    def broken(_incoming: Any) -> Any:
        raise RuntimeError("boom")

    inbox = MemoryInbox()
    async with start_bot(handle=broken, inbox=inbox) as bot:
        await bot.post(load("text_message"))
        await bot.settle()
        assert bot.graph.sent == []  # no apology while it will be tried again
        assert list(inbox.states().values()) == ["pending"]
        assert await bot.channel.processor.retry_due() == 0  # not due yet
        for delay in RETRY_DELAYS:
            clock.advance(timedelta(seconds=delay))
            assert await bot.channel.processor.retry_due() == 1
            await bot.settle()
        sent = await bot.graph.wait_for_sent(1)
        await bot.settle()
    assert len(sent) == 1 and "terjadi kesalahan" in sent[0].text
    assert list(inbox.states().values()) == ["failed"]


async def test_a_reply_the_graph_api_refuses_is_sent_again_later(
    start_bot: Any, clock: Any
) -> None:
    inbox = MemoryInbox()
    async with start_bot(inbox=inbox) as bot:
        bot.graph.fail_next(5, status=500)  # every attempt of the first try
        await bot.post(text_payload(USER, "pesan 1"))
        await bot.settle()
        assert bot.graph.sent == []
        clock.advance(timedelta(seconds=RETRY_DELAYS[0]))
        assert await bot.channel.processor.retry_due() == 1
        sent = await bot.graph.wait_for_sent(1)
        await bot.settle()
    assert [m.text for m in sent] == ["echo: pesan 1"]
    assert list(inbox.states().values()) == ["done"]


async def test_oversized_body_is_refused(start_bot: Any) -> None:
    async with start_bot() as bot:
        response = await bot.post(b"{" + b" " * 1_200_000 + b"}")
    assert response.status_code == 413
    assert bot.graph.sent == []


async def test_get_on_unknown_path_is_404(start_bot: Any) -> None:
    async with start_bot() as bot:
        response = await bot.client.get(f"{bot.url}/whatsapp/extra")
    assert response.status_code == 404
    assert isinstance(response, httpx.Response)


async def test_messages_to_another_number_of_the_app_are_not_answered(start_bot: Any) -> None:
    payload = load("text_message")
    payload["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "999"
    async with start_bot() as bot:
        response = await bot.post(payload)
        await bot.settle()
    assert response.status_code == 200
    assert bot.graph.sent == []
    assert bot.channel.webhook.counters.other_number == 1


async def test_a_reminder_refused_late_with_131047_goes_out_as_the_template(
    start_bot: Any, users: Any, clock: Any
) -> None:
    from datetime import timedelta

    from bot.core.models import Button, ChatAddress, Reply, button_rows
    from bot.stand_ins.whatsapp_webhooks import status_payload

    reminder = Reply(
        text="Pengingat: laporan kerja sama jatuh tempo.",
        buttons=button_rows([Button(label="Sudah dilaporkan", data="rm:d:1")]),
        template_params=("laporan", "Kota Contoh – Partner", "1 Desember 2026", "3 hari lagi"),
    )
    users.touch("whatsapp", USER, clock.now() - timedelta(hours=2))
    async with start_bot() as bot:
        result = await bot.channel.notifier.send(
            ChatAddress(channel="whatsapp", chat_id=USER), reminder
        )
        assert result.ok and bot.graph.sent[0].type == "interactive"
        failed = status_payload(result.provider_message_id, "failed", USER, error_code=131047)
        await bot.post(failed)
        await bot.post(failed)  # redelivered: still one template
        await bot.graph.wait_for_sent(2)
        await bot.settle()
    assert [m.type for m in bot.graph.sent] == ["interactive", "template"]
    assert bot.graph.sent[1].template_params == list(reminder.template_params)
    assert bot.channel.notifier.late_fallbacks == 1


async def test_oversized_chunked_body_is_refused(start_bot: Any) -> None:
    async def chunks() -> Any:
        for _ in range(20):
            yield b" " * 100_000

    async with start_bot() as bot:
        response = await bot.client.post(
            bot.webhook_url, content=chunks(), headers={"X-Hub-Signature-256": "sha256=00"}
        )
    assert response.status_code == 413
    assert bot.graph.sent == []
