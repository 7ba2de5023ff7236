"""An admin sends /masuk to the running Telegram bot and signs in to its console at /admin."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from pathlib import Path

import httpx

from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

from .test_run_command import clean_env
from .test_webhook import free_port


async def test_masuk_on_telegram_gives_a_link_to_the_console_the_bot_serves(
    api: TelegramBotApiStandIn, tmp_path: Path
) -> None:
    port = free_port()
    env = clean_env(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        SISTERBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        SISTERBOT_HTTP_HOST="127.0.0.1",
        SISTERBOT_HTTP_PORT=str(port),
        SISTERBOT_ADMINS="telegram:700",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "telegram", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        api.post_message(chat_id=701, user_id=701, text="/masuk")
        [refusal] = await api.wait_for_sent(1, chat_id=701, within=90)
        assert "hanya untuk admin" in refusal.text and "http" not in refusal.text
        api.post_message(chat_id=700, user_id=700, text="/masuk")
        [reply] = await api.wait_for_sent(1, chat_id=700, within=90)
        link = re.search(r"http://127\.0\.0\.1:\d+/admin/masuk\?t=\S+", reply.text)
        assert link, reply.text
        token = link.group().split("t=", 1)[1]
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
            assert (await client.get("/admin/agreements")).status_code == 401
            signed = await client.post("/admin/masuk", data={"t": token})
            assert signed.status_code == 303
            page = await client.get("/admin/agreements", params={"q": "Surabaya"})
            assert page.status_code == 200 and "Kochi" in page.text
        process.send_signal(signal.SIGTERM)
        with api.polls_answered_at_once():
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 0, stderr.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
