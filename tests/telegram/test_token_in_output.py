"""A Bot API token never reaches the output of ``sisterbot run telegram``, at any level."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

from .test_run_command import clean_env
from .test_webhook import free_port

WRONG_TOKEN = "999999:AAWrong-token-0123456789abcdefghijklmn"


async def run_telegram(api: TelegramBotApiStandIn, tmp_path: Path, *flags: str) -> tuple[int, str]:
    env = clean_env(
        TELEGRAM_BOT_TOKEN=WRONG_TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        SISTERBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        SISTERBOT_HTTP_HOST="127.0.0.1",
        SISTERBOT_HTTP_PORT=str(free_port()),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *flags, "run", "telegram", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=90)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def test_a_rejected_token_is_one_line_without_the_token(
    api: TelegramBotApiStandIn, tmp_path: Path
) -> None:
    status, stderr = await run_telegram(api, tmp_path)
    assert status == 2
    assert stderr == (
        "sisterbot: configuration error: TELEGRAM_BOT_TOKEN was rejected by the Bot API at "
        f"{api.base_url}; set the token @BotFather gave you\n"
    )


@pytest.mark.parametrize("flag", ["-v"])
async def test_at_debug_the_bot_api_urls_are_logged_without_the_token(
    api: TelegramBotApiStandIn, tmp_path: Path, flag: str
) -> None:
    status, stderr = await run_telegram(api, tmp_path, flag)
    assert status == 2
    assert WRONG_TOKEN not in stderr and "AAWrong" not in stderr
    assert "Traceback" not in stderr
    assert f"{api.base_url}/bot***" in stderr  # the URL python-telegram-bot logs at DEBUG
    assert " DEBUG " in stderr
    assert stderr.splitlines()[-1].startswith(
        "sisterbot: configuration error: TELEGRAM_BOT_TOKEN was rejected"
    )
