"""``sisterbot doctor`` against the local Bot API and Graph API stand-ins, good and bad."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path

import pytest

from bot.app import cli
from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn
from bot.stand_ins.whatsapp_graph_api import WhatsAppGraphApiStandIn


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "SISTERBOT_", "WHATSAPP_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{tmp_path}/doctor.db")


async def doctor(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, str]]:
    """Run the command off the loop (the stand-ins serve on it); each check's line by name."""
    capsys.readouterr()
    status = await asyncio.to_thread(cli.main, ["doctor"])
    lines = capsys.readouterr().out.splitlines()
    return status, {line[6:].split(":", 1)[0]: line for line in lines}


async def test_good_tokens_are_ok(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.main(["db", "upgrade"]) == 0
    async with TelegramBotApiStandIn() as api, WhatsAppGraphApiStandIn() as graph:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", api.token)
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.base_url)
        monkeypatch.setenv("WHATSAPP_PHONE_ID", graph.phone_id)
        monkeypatch.setenv("WHATSAPP_TOKEN", graph.token)
        monkeypatch.setenv("WHATSAPP_API_BASE_URL", graph.base_url)
        status, checks = await doctor(capsys)
    assert status == 0, checks
    assert set(checks) >= {
        "settings", "database", "migrations", "knowledge", "telegram", "telegram webhook",
        "clock", "whatsapp", "timezones",
    }  # fmt: skip
    assert all(line.startswith("ok ") for line in checks.values()), checks
    assert "@sisterbot_test_bot" in checks["telegram"]
    assert "long polling" in checks["telegram webhook"]
    assert "+62 21 5555 0100" in checks["whatsapp"]


async def test_bad_tokens_fail_with_the_right_hint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with TelegramBotApiStandIn() as api, WhatsAppGraphApiStandIn() as graph:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "999:wrong")
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.base_url)
        monkeypatch.setenv("WHATSAPP_PHONE_ID", graph.phone_id)
        monkeypatch.setenv("WHATSAPP_TOKEN", "wrong")
        monkeypatch.setenv("WHATSAPP_API_BASE_URL", graph.base_url)
        status, checks = await doctor(capsys)
        monkeypatch.setenv("WHATSAPP_TOKEN", graph.token)
        monkeypatch.setenv("WHATSAPP_PHONE_ID", "42")
        _, wrong_phone = await doctor(capsys)
    assert status == 1
    assert checks["telegram"].startswith("FAIL") and "@BotFather" in checks["telegram"]
    assert "999:wrong" not in "".join(checks.values())  # the token is never printed
    assert checks["whatsapp"].startswith("FAIL") and "WHATSAPP_TOKEN" in checks["whatsapp"]
    assert wrong_phone["whatsapp"].startswith("FAIL")
    assert "WHATSAPP_PHONE_ID" in wrong_phone["whatsapp"]
    # a database not created yet is fine: every command creates it on first use
    assert checks["database"].startswith("ok") and "not created yet" in checks["database"]


async def test_a_webhook_left_behind_is_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with TelegramBotApiStandIn() as api:
        api.webhook = {"url": "https://old.example.org/telegram", "secret": None}
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", api.token)
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.base_url)
        status, checks = await doctor(capsys)
    assert status == 1
    webhook = checks["telegram webhook"]
    assert webhook.startswith("FAIL") and "old.example.org" in webhook and "polling" in webhook


async def test_a_database_behind_the_code_and_bad_settings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bot.storage.database import Database

    database = Database.connect(f"sqlite:///{tmp_path}/doctor.db")
    database.upgrade()
    database.dispose()
    with sqlite3.connect(tmp_path / "doctor.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0003_old'")
    status, checks = await doctor(capsys)
    assert status == 1
    assert checks["migrations"].startswith("FAIL")
    assert "sisterbot db upgrade" in checks["migrations"]
    monkeypatch.setenv("SISTERBOT_HTTP_PORT", "eighty")
    status, checks = await doctor(capsys)
    assert status == 1 and list(checks) == ["settings"]
    assert "SISTERBOT_HTTP_PORT" in checks["settings"]
