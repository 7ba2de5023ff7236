"""``sisterbot run telegram`` as an operator runs it: a process, env settings, signals."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest

from bot.app.cli import main
from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

from .test_webhook import free_port


def clean_env(**settings: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "SISTERBOT_", "WHATSAPP_"))
    }
    return {**env, **settings}


async def test_missing_token_is_a_clear_config_error(tmp_path: Path) -> None:
    env = clean_env(SISTERBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "telegram", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in stderr.decode()


async def test_run_telegram_polls_answers_serves_healthz_and_stops_on_sigterm(
    api: TelegramBotApiStandIn, tmp_path: Path
) -> None:
    port = free_port()
    env = clean_env(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        SISTERBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        SISTERBOT_HTTP_HOST="127.0.0.1",
        SISTERBOT_HTTP_PORT=str(port),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "telegram", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        api.post_message(chat_id=600, text="/status surabaya")
        [reply] = await api.wait_for_sent(1, chat_id=600, within=90)
        assert reply.text.startswith("Kota Surabaya (35.78)")
        async with httpx.AsyncClient(trust_env=False) as client:
            health = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert health.status_code == 200
        process.send_signal(signal.SIGTERM)
        with api.polls_answered_at_once():
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 0, stderr.decode()
        assert "@sisterbot_test_bot running (long polling)" in stderr.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@pytest.mark.parametrize(
    ("secret", "named"),
    [(None, "TELEGRAM_WEBHOOK_SECRET is not set"), ("bad secret!", "TELEGRAM_WEBHOOK_SECRET must")],
)
def test_webhook_mode_needs_a_valid_secret(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    secret: str | None,
    named: str,
) -> None:
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "SISTERBOT_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/telegram")
    if secret is not None:
        monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", secret)
    assert main(["run", "telegram"]) == 2
    assert named in capsys.readouterr().err
