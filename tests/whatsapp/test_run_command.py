"""``sisterbot run whatsapp`` (and ``run telegram whatsapp``) as an operator runs it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import httpx

from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn
from bot.stand_ins.whatsapp_graph_api import WhatsAppGraphApiStandIn
from bot.stand_ins.whatsapp_webhooks import text_payload

from .conftest import APP_SECRET, VERIFY_TOKEN


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def whatsapp_env(graph: WhatsAppGraphApiStandIn, tmp_path: Path, port: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "SISTERBOT_", "WHATSAPP_"))
    }
    return {
        **env,
        "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "SISTERBOT_HTTP_HOST": "127.0.0.1",
        "SISTERBOT_HTTP_PORT": str(port),
        "WHATSAPP_PHONE_ID": graph.phone_id,
        "WHATSAPP_TOKEN": graph.token,
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
        "WHATSAPP_API_BASE_URL": graph.base_url,
    }


async def start(env: dict[str, str], *channels: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", *channels, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def wait_healthy(
    client: httpx.AsyncClient, url: str, process: asyncio.subprocess.Process
) -> None:
    async with asyncio.timeout(90):
        while True:
            assert process.returncode is None, "the bot exited"
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)  # waiting for another process to start: no clock to fake


async def test_missing_whatsapp_settings_are_a_clear_config_error(
    graph: WhatsAppGraphApiStandIn, tmp_path: Path
) -> None:
    env = whatsapp_env(graph, tmp_path, free_port())
    del env["WHATSAPP_APP_SECRET"]
    process = await start(env, "whatsapp")
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 2
    assert "WHATSAPP_APP_SECRET" in stderr.decode()


async def test_run_whatsapp_answers_the_webhook_and_stops_on_sigterm(
    graph: WhatsAppGraphApiStandIn, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = await start(whatsapp_env(graph, tmp_path, port), "whatsapp")
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=30) as client:
            await wait_healthy(client, url, process)
            challenge = await client.get(
                f"{url}/whatsapp",
                params={
                    "hub.mode": "subscribe",
                    "hub.verify_token": VERIFY_TOKEN,
                    "hub.challenge": "42",
                },
            )
            assert challenge.text == "42"
            payload = text_payload("6281234567890", "status surabaya")
            response = await graph.deliver(
                f"{url}/whatsapp", payload, app_secret=APP_SECRET, client=client
            )
            assert response.status_code == 200
        [reply] = await graph.wait_for_sent(1, within=60)
        assert reply.to == "6281234567890"
        assert "Surabaya" in reply.text
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 0, stderr.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_run_telegram_and_whatsapp_in_one_process_on_one_port(
    graph: WhatsAppGraphApiStandIn, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    async with TelegramBotApiStandIn() as api:
        env = whatsapp_env(graph, tmp_path, port)
        env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url)
        process = await start(env, "telegram", "whatsapp")
        try:
            async with httpx.AsyncClient(trust_env=False, timeout=30) as client:
                await wait_healthy(client, url, process)
                payload = text_payload("6281234567890", "halo")
                await graph.deliver(
                    f"{url}/whatsapp", payload, app_secret=APP_SECRET, client=client
                )
            api.post_message(chat_id=600, text="halo")
            [telegram_reply] = await api.wait_for_sent(1, chat_id=600, within=90)
            [whatsapp_reply] = await graph.wait_for_sent(1, within=60)
            assert telegram_reply.text.startswith("Halo")
            assert whatsapp_reply.text.startswith("Halo")
            process.send_signal(signal.SIGTERM)
            with api.polls_answered_at_once():
                _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
            assert process.returncode == 0, stderr.decode()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
