"""No secret in any output, and every failure one line: run as an operator runs it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import redaction
from bot.config import ConfigError, Settings, secret_values

PASSWORD = "pg-Pass-1234"
TOKEN = "7654321:AAH-secret-token-0123456789abcdefghijkl"


def clean_env(**settings: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "SISTERBOT_", "WHATSAPP_"))
    }
    return {**env, **settings}


def sisterbot(*argv: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_without_secrets(stderr: str, *secrets: str) -> str:
    assert "Traceback" not in stderr
    for secret in secrets:
        assert secret not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


# --- configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "named"),
    [
        (f"postgresql://u:{PASSWORD}@127.0.0.1:abc/db", "Port could not be cast"),
        (f"postgresql://u:{PASSWORD}@127.0.0.1:99999/db", "Port out of range"),
        (f"postgresql://u:{PASSWORD}@[::1/db", "Invalid IPv6 URL"),
    ],
)
def test_a_malformed_database_url_is_one_line_without_its_password(
    tmp_path: Path, url: str, named: str
) -> None:
    result = sisterbot("status", "jatim", env=clean_env(SISTERBOT_DATABASE_URL=url), cwd=tmp_path)
    assert result.returncode == 2
    line = assert_one_line_without_secrets(result.stderr, PASSWORD)
    assert line.startswith("sisterbot: configuration error: SISTERBOT_DATABASE_URL is malformed")
    assert named in line and "://u:***@" in line


# Commands that use the database, each as an operator would type it.
DATABASE_COMMANDS = [
    ("status", "jatim"),
    ("export", "agreements", "out.csv"),
    ("reminders", "plan", "--date", "2026-12-01"),
    ("kb", "gaps"),
    ("db", "upgrade"),
]


@pytest.mark.parametrize("argv", DATABASE_COMMANDS, ids=[" ".join(a) for a in DATABASE_COMMANDS])
def test_an_unreachable_database_is_one_line_naming_the_setting_and_the_cause(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    url = f"postgresql://officer:{PASSWORD}@127.0.0.1:1/sisterbot"  # nothing listens on 1
    result = sisterbot(*argv, env=clean_env(SISTERBOT_DATABASE_URL=url), cwd=tmp_path)
    assert result.returncode == 2
    line = assert_one_line_without_secrets(result.stderr, PASSWORD)
    assert line.startswith(
        "sisterbot: cannot use the database at SISTERBOT_DATABASE_URL "
        "(postgresql://officer:***@127.0.0.1:1/sisterbot): "
    )
    assert "Connection refused" in line


def test_an_unusable_sqlite_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    url = f"sqlite:///{tmp_path}/file/bot.db"
    result = sisterbot("status", "jatim", env=clean_env(SISTERBOT_DATABASE_URL=url), cwd=tmp_path)
    assert result.returncode == 2
    line = assert_one_line_without_secrets(result.stderr)
    assert line.startswith("sisterbot: configuration error: SISTERBOT_DATABASE_URL: cannot create")


def test_settings_name_a_malformed_port_without_the_password() -> None:
    with pytest.raises(ConfigError) as error:
        Settings.from_env({"SISTERBOT_DATABASE_URL": f"postgres://u:{PASSWORD}@h:x/db"})
    assert PASSWORD not in str(error.value)
    assert str(error.value).startswith("SISTERBOT_DATABASE_URL is malformed")


# --- redaction ----------------------------------------------------------------------------


def test_the_secrets_are_the_tokens_and_the_database_password() -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": "hook-secret",
        "WHATSAPP_TOKEN": "EAAG-wa-token",
        "WHATSAPP_APP_SECRET": "app-secret-99",
        "WHATSAPP_VERIFY_TOKEN": "verify-me",
        "SISTERBOT_DATABASE_URL": "postgresql://u:p%40ss%2Fword@h:abc/db",
        "WHATSAPP_PHONE_ID": "1234567",
    }
    tokens = [TOKEN, "hook-secret", "EAAG-wa-token", "app-secret-99", "verify-me"]
    assert sorted(secret_values(env)) == sorted([*tokens, "p%40ss%2Fword", "p@ss/word"])


@pytest.fixture
def redacting() -> Iterator[list[str]]:
    """Redaction installed with test secrets; every formatted log line collected."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    redaction.install([TOKEN, "EAAG-wa-token", "app-secret-99", "hook-secret", PASSWORD])
    try:
        yield lines
    finally:
        redaction.install(secret_values())
        logger.removeHandler(handler)


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR])
def test_every_log_level_is_redacted(redacting: list[str], level: int) -> None:
    logger = logging.getLogger("tests.redaction")
    logger.log(level, "HTTP Request: POST %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
    logger.log(level, "graph token %s secret %s", "EAAG-wa-token", "app-secret-99")
    logger.log(level, "header %(h)s", {"h": "hook-secret"})
    logger.log(level, "url postgresql://u:%s@db/x", PASSWORD)
    logger.log(level, "another bot: https://x/bot1234567:AAAbbbCCCdddEEEfffGGGhhhIIIjjjKKK/send")
    text = "\n".join(redacting)
    for secret in (TOKEN, "EAAG-wa-token", "app-secret-99", "hook-secret", PASSWORD, "AAAbbb"):
        assert secret not in text
    assert "https://api.telegram.org/bot***/getMe" in text
    assert "postgresql://u:***@db/x" in text


def test_tracebacks_and_stacks_are_redacted(redacting: list[str]) -> None:
    logger = logging.getLogger("tests.redaction")
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
    except RuntimeError:
        logger.exception("start failed")
    logger.warning("here", stack_info=True, extra={"token": TOKEN})
    text = "\n".join(redacting)
    assert "The token `***` was rejected" in text
    assert TOKEN not in text and "Traceback" in text


def test_short_values_are_left_alone_but_url_passwords_still_go() -> None:
    redaction.install(["p"])
    try:
        assert redaction.redact("postgresql://u:p@h/db keeps its p's") == (
            "postgresql://u:***@h/db keeps its p's"
        )
    finally:
        redaction.install(secret_values())
