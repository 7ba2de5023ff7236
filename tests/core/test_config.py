"""Settings from the environment: defaults, and one clear line for a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, parse_admins


def test_defaults_need_no_environment() -> None:
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.http_port == 8080
    assert settings.telegram_api_base_url == "https://api.telegram.org"
    assert settings.whatsapp_api_base_url == "https://graph.facebook.com"
    assert settings.admins == frozenset()
    assert (settings.knowledge_dir / "kb").is_dir() or settings.knowledge_dir.is_dir()


def test_values_are_read_and_trimmed(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
            "SISTERBOT_HTTP_PORT": "9000",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/",
            "SISTERBOT_ADMINS": "telegram:1, whatsapp:6281",
        }
    )
    assert settings.http_port == 9000
    assert settings.telegram_api_base_url == "http://127.0.0.1:8081"
    assert settings.admins == {"telegram:1", "whatsapp:6281"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SISTERBOT_HTTP_PORT", "eighty"),
        ("SISTERBOT_HTTP_PORT", "70000"),
        ("SISTERBOT_DATABASE_URL", "mysql://x"),
        ("TELEGRAM_API_BASE_URL", "ftp://example"),
        ("WHATSAPP_API_BASE_URL", "graph"),
        ("SISTERBOT_ADMINS", "12345"),
        ("SISTERBOT_ADMINS", "signal:12"),
        ("SISTERBOT_KNOWLEDGE_DIR", "/nonexistent/knowledge"),
    ],
)
def test_a_malformed_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


def test_require_names_the_missing_setting() -> None:
    settings = Settings.from_env({})
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        settings.require("TELEGRAM_BOT_TOKEN")


def test_admins_accept_semicolons_and_blanks() -> None:
    assert parse_admins(" telegram:5 ;; console:me ") == {"telegram:5", "console:me"}
