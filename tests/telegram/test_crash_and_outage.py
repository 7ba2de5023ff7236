"""Nothing acknowledged is lost: ``sisterbot run telegram`` (webhook) killed, its database
stopped, its disk full, mid-burst of 300 updates; the local Bot API redelivers what got no 2xx.

Each update comes from its own chat, so "answered" is "that chat got a reply" and a double
is a chat that got two. Every wait is bounded; nothing depends on how fast the machine is.
"""

from __future__ import annotations

import asyncio
import resource
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn
from tests.conftest import PostgresServer

from .test_run_command import clean_env
from .test_webhook import free_port

BURST = 300
SECRET = "crash-test-secret"
FIRST_CHAT = 700_000


def answered(api: TelegramBotApiStandIn) -> int:
    return sum(1 for n in range(BURST) if api.sent(FIRST_CHAT + n))


def doubled(api: TelegramBotApiStandIn) -> int:
    return sum(1 for n in range(BURST) if len(api.sent(FIRST_CHAT + n)) > 1)


@asynccontextmanager
async def bot_process(
    api: TelegramBotApiStandIn, database_url: str, port: int
) -> AsyncIterator[asyncio.subprocess.Process]:
    """``sisterbot run telegram`` in webhook mode, killed on exit if still running."""
    env = clean_env(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        SISTERBOT_DATABASE_URL=database_url,
        SISTERBOT_HTTP_HOST="127.0.0.1",
        SISTERBOT_HTTP_PORT=str(port),
    )
    api.webhook = {"url": ""}  # set again by the process once it serves
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "telegram", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        await api.wait_until(lambda: bool(api.webhook["url"]), within=60)
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def post_burst(api: TelegramBotApiStandIn) -> None:
    for n in range(BURST):
        api.post_message(chat_id=FIRST_CHAT + n, text="/status surabaya")


async def test_sigkill_mid_burst_loses_nothing(api: TelegramBotApiStandIn, tmp_path: Path) -> None:
    port, url = free_port(), f"sqlite:///{tmp_path / 'bot.db'}"
    async with bot_process(api, url, port) as process:
        post_burst(api)
        await api.wait_until(lambda: answered(api) >= BURST // 3, within=60)
        process.kill()  # SIGKILL: no shutdown, no goodbye
        await process.wait()
    # killed with updates acknowledged and not answered (and, often, one in flight that
    # Telegram posts again): the restart answers them from the store
    assert answered(api) < BURST
    async with bot_process(api, url, port):
        await api.wait_until(lambda: answered(api) == BURST, within=60)
    assert doubled(api) <= 2


async def test_database_stopped_for_15_seconds_loses_nothing(
    api: TelegramBotApiStandIn, postgres_server: PostgresServer
) -> None:
    url = postgres_server.create_database()
    try:
        async with bot_process(api, url, free_port()):
            post_burst(api)
            await api.wait_until(lambda: answered(api) >= BURST // 6, within=60)
            postgres_server.stop()
            try:
                await asyncio.sleep(15)
            finally:
                postgres_server.start()
            await api.wait_until(lambda: answered(api) == BURST, within=60)
        assert doubled(api) <= 2
    finally:
        postgres_server.drop_database(url)


@pytest.mark.skipif(sys.platform != "linux", reason="prlimit of another process is Linux's")
async def test_a_full_disk_loses_nothing(api: TelegramBotApiStandIn, tmp_path: Path) -> None:
    async with bot_process(api, f"sqlite:///{tmp_path / 'bot.db'}", free_port()) as process:
        # the process may not grow any file: SQLite's writes fail as on a full disk
        resource.prlimit(process.pid, resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))
        post_burst(api)
        await asyncio.sleep(5)
        assert answered(api) < BURST
        unlimited = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
        resource.prlimit(process.pid, resource.RLIMIT_FSIZE, unlimited)  # space freed
        await api.wait_until(lambda: answered(api) == BURST, within=60)
    assert api.webhook_sender.redeliveries > 0
    assert doubled(api) <= 2
