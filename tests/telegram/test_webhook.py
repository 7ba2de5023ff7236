"""Webhook mode: /telegram beside /healthz, the secret header checked, updates queued."""

from __future__ import annotations

import json
import socket

import httpx

from bot.channels.tg import SECRET_HEADER
from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

from .conftest import ProbeCore, running_bot, settled

SECRET = "s3cret-token_for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def update(update_id: int, chat_id: int, text: str) -> dict[str, object]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Sari", "language_code": "id"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private", "first_name": "Sari"},
            "from": user,
            "text": text,
        },
    }


async def test_webhook_mode(api: TelegramBotApiStandIn, probe: ProbeCore) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    async with (
        running_bot(
            api,
            probe.handle,
            probe.dialogue.command_names,
            webhook_url=url,
            webhook_secret=SECRET,
            http_port=port,
        ) as bot,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", trust_env=False) as client,
    ):
        assert api.webhook == {"url": url, "secret": SECRET}
        assert not api.calls("getUpdates")
        assert (await client.get("/healthz")).json() == {"status": "ok"}

        # the stand-in delivers a user's message like Telegram does, with the secret
        api.post_message(chat_id=31, text="halo")
        [first] = await api.wait_for_sent(1, chat_id=31)
        assert first.text.startswith("Halo!")

        no_secret = await client.post("/telegram", json=update(900, 32, "forged"))
        wrong = await client.post(
            "/telegram", json=update(901, 32, "forged"), headers={SECRET_HEADER: "nope"}
        )
        assert (no_secret.status_code, wrong.status_code) == (403, 403)
        headers = {SECRET_HEADER: SECRET}
        not_json = await client.post("/telegram", content=b"\xff{", headers=headers)
        not_update = await client.post("/telegram", json={"hello": 1}, headers=headers)
        assert (not_json.status_code, not_update.status_code) == (400, 400)

        for _ in range(2):  # Telegram redelivers when unsure: answered once
            ok = await client.post(
                "/telegram", json=update(902, 32, "apa itu LoI?"), headers=headers
            )
            assert ok.status_code == 200
        [answer] = await api.wait_for_sent(1, chat_id=32)
        assert answer.text == "Q: apa itu LoI?"
        await settled(api, bot)
        assert len(api.sent(32)) == 1
        assert [i.text for i in probe.seen if i.chat_id == "32"] == ["apa itu LoI?"]


async def test_polling_mode_serves_healthz_too(
    api: TelegramBotApiStandIn, probe: ProbeCore
) -> None:
    async with (
        running_bot(api, probe.handle, probe.dialogue.command_names) as bot,
        httpx.AsyncClient(trust_env=False) as client,
    ):
        health = await client.get(f"http://127.0.0.1:{bot.http_port}/healthz")
        assert health.status_code == 200
        missing = await client.post(f"http://127.0.0.1:{bot.http_port}/telegram", json={})
        assert missing.status_code == 404  # no webhook route in polling mode


async def test_bodies_that_are_not_updates_are_400_and_a_lone_surrogate_is_answered(
    api: TelegramBotApiStandIn, probe: ProbeCore
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    headers = {SECRET_HEADER: SECRET, "content-type": "application/json"}
    far_future = update(910, 33, "kapan?")
    far_future["message"]["date"] = 10**20  # type: ignore[index]
    async with (
        running_bot(
            api, probe.handle, probe.dialogue.command_names,
            webhook_url=url, webhook_secret=SECRET, http_port=port,
        ) as bot,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", trust_env=False) as client,
    ):  # fmt: skip
        deep = await client.post("/telegram", content=b"[" * 100_000, headers=headers)
        dated = await client.post("/telegram", json=far_future, headers=headers)
        huge_id = await client.post("/telegram", json=update(10**30, 33, "x"), headers=headers)
        assert (deep.status_code, dated.status_code, huge_id.status_code) == (400, 400, 400)
        lone = json.dumps(update(911, 34, "halo \ud800 sari")).encode()
        assert (await client.post("/telegram", content=lone, headers=headers)).status_code == 200
        [answer] = await api.wait_for_sent(1, chat_id=34)
        await settled(api, bot)
    assert answer.text == "Q: halo \ufffd sari"
    assert api.sent(33) == []
