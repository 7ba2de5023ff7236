"""One typed settings object, read from the environment and validated at start.

A missing or malformed setting stops the program with one clear line naming it
(:class:`ConfigError`); nothing else in the code reads ``os.environ``.
"""

from __future__ import annotations

import importlib.resources
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse, urlsplit

import platformdirs

from bot.core.numbers import whole_number

CHANNELS = ("console", "telegram", "whatsapp")
# Settings whose values never appear in a log line or an error (bot.redaction).
SECRET_SETTINGS = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "WHATSAPP_TOKEN",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
)
DATABASE_SCHEMES = ("sqlite:", "postgresql:", "postgresql+", "postgres:")
LOG_FORMATS = ("text", "json")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it."""


def bundled_knowledge_dir() -> Path:
    """The ``knowledge/`` folder shipped with the package (a checkout's, or the installed copy)."""
    return Path(str(importlib.resources.files("knowledge")))


def default_database_url() -> str:
    """A SQLite file in the user's data directory."""
    data_dir = Path(platformdirs.user_data_dir("sisterbot"))
    return f"sqlite:///{data_dir / 'sisterbot.db'}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything configurable, typed."""

    database_url: str
    knowledge_dir: Path
    admins: frozenset[str]  # "telegram:12345", "whatsapp:6281234567890"
    http_host: str = "0.0.0.0"  # noqa: S104 - a webhook server must listen beyond loopback
    http_port: int = 8080
    telegram_bot_token: str | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    whatsapp_phone_id: str | None = None
    whatsapp_token: str | None = None
    whatsapp_app_secret: str | None = None
    whatsapp_verify_token: str | None = None
    whatsapp_api_base_url: str = "https://graph.facebook.com"
    whatsapp_api_version: str = "21.0"
    whatsapp_template_name: str = "sisterbot_reminder"
    whatsapp_template_language: str = "id"
    # the curators' console: links point here; sessions are signed with the key (when
    # unset, one is generated once and kept in the database)
    public_url: str | None = None
    secret_key: str | None = None

    @property
    def console_url(self) -> str:
        """The console's base URL for sign-in links (``SISTERBOT_PUBLIC_URL``)."""
        return self.public_url or f"http://127.0.0.1:{self.http_port}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and validate the settings; raise ConfigError naming the bad one."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        port_text = get("SISTERBOT_HTTP_PORT") or "8080"
        port = whole_number(port_text, 10)
        if port is None or not 0 < port < 65536:
            raise ConfigError(f"SISTERBOT_HTTP_PORT must be a port number, got {port_text!r}")
        database_url = get("SISTERBOT_DATABASE_URL") or default_database_url()
        check_database_url(database_url)
        for name in (
            "TELEGRAM_API_BASE_URL",
            "TELEGRAM_WEBHOOK_URL",
            "WHATSAPP_API_BASE_URL",
            "SISTERBOT_PUBLIC_URL",
        ):
            value = get(name)
            if value is not None and urlparse(value).scheme not in ("http", "https"):
                raise ConfigError(f"{name} must be an http(s) URL, got {value!r}")
        secret_key = get("SISTERBOT_SECRET_KEY")
        if secret_key is not None and len(secret_key) < 16:
            raise ConfigError("SISTERBOT_SECRET_KEY must be at least 16 characters")
        knowledge_dir = Path(get("SISTERBOT_KNOWLEDGE_DIR") or bundled_knowledge_dir())
        if not knowledge_dir.is_dir():
            raise ConfigError(f"SISTERBOT_KNOWLEDGE_DIR is not a directory: {knowledge_dir}")
        return cls(
            database_url=database_url,
            knowledge_dir=knowledge_dir,
            admins=parse_admins(get("SISTERBOT_ADMINS") or ""),
            http_host=get("SISTERBOT_HTTP_HOST") or "0.0.0.0",  # noqa: S104
            http_port=port,
            telegram_bot_token=get("TELEGRAM_BOT_TOKEN"),
            telegram_api_base_url=(
                get("TELEGRAM_API_BASE_URL") or "https://api.telegram.org"
            ).rstrip("/"),
            telegram_webhook_url=get("TELEGRAM_WEBHOOK_URL"),
            telegram_webhook_secret=get("TELEGRAM_WEBHOOK_SECRET"),
            whatsapp_phone_id=get("WHATSAPP_PHONE_ID"),
            whatsapp_token=get("WHATSAPP_TOKEN"),
            whatsapp_app_secret=get("WHATSAPP_APP_SECRET"),
            whatsapp_verify_token=get("WHATSAPP_VERIFY_TOKEN"),
            whatsapp_api_base_url=(
                get("WHATSAPP_API_BASE_URL") or "https://graph.facebook.com"
            ).rstrip("/"),
            whatsapp_api_version=get("WHATSAPP_API_VERSION") or "21.0",
            whatsapp_template_name=get("WHATSAPP_TEMPLATE_NAME") or "sisterbot_reminder",
            whatsapp_template_language=get("WHATSAPP_TEMPLATE_LANGUAGE") or "id",
            public_url=(get("SISTERBOT_PUBLIC_URL") or "").rstrip("/") or None,
            secret_key=secret_key,
        )

    def require(self, *names: str) -> None:
        """Stop with ConfigError when a setting a command needs is unset.

        ``names`` are environment variable names, e.g. ``TELEGRAM_BOT_TOKEN``.
        """
        for name in names:
            if getattr(self, name.lower(), None) in (None, ""):
                raise ConfigError(f"{name} is not set (needed for this command)")


def check_database_url(url: str) -> None:
    """Raise ConfigError, naming SISTERBOT_DATABASE_URL but not its password, unless
    ``url`` is a well-formed SQLite or PostgreSQL URL."""
    if not url.startswith(DATABASE_SCHEMES):
        raise ConfigError("SISTERBOT_DATABASE_URL must be a sqlite:/// or postgresql:// URL")
    if url.startswith("sqlite:"):
        return
    try:
        urlsplit(url).port  # noqa: B018 - parsing the port is the check
    except ValueError as error:
        raise ConfigError(
            f"SISTERBOT_DATABASE_URL is malformed ({error}): {without_password(url)}"
        ) from None


def without_password(url: str) -> str:
    """``postgresql://user:secret@host/db`` -> ``postgresql://user:***@host/db``."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return url
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def database_url_password(url: str) -> str | None:
    """The password in a database URL (as written), or None."""
    _, sep, rest = url.partition("://")
    userinfo, at, _ = rest.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return None
    return userinfo.split(":", 1)[1] or None


def secret_values(env: Mapping[str, str] | None = None) -> list[str]:
    """Every secret in the environment, as written and percent-decoded: the values of
    :data:`SECRET_SETTINGS` and the database URL's password. Read without validating,
    so that even a malformed setting's error cannot show them."""
    env = os.environ if env is None else env
    values = [env.get(name, "").strip() for name in SECRET_SETTINGS]
    password = database_url_password(env.get("SISTERBOT_DATABASE_URL", "").strip())
    if password:
        values += [password, unquote(password)]
    return [value for value in values if value]


def shown_database_url(env: Mapping[str, str] | None = None) -> str:
    """The database URL in use, its password replaced by ``***`` (for error messages)."""
    env = os.environ if env is None else env
    url = env.get("SISTERBOT_DATABASE_URL", "").strip() or default_database_url()
    return without_password(url)


def log_format_from_env(env: Mapping[str, str] | None = None) -> str:
    """``SISTERBOT_LOG_FORMAT``: ``text`` (the default) or ``json`` (one JSON object a line).

    Read apart from :class:`Settings`: logging is set up before any command reads them.
    """
    env = os.environ if env is None else env
    value = env.get("SISTERBOT_LOG_FORMAT", "").strip().lower() or "text"
    if value not in LOG_FORMATS:
        raise ConfigError(f"SISTERBOT_LOG_FORMAT must be text or json, got {value!r}")
    return value


def parse_admins(text: str) -> frozenset[str]:
    """``telegram:123, whatsapp:628123`` -> {"telegram:123", "whatsapp:628123"}."""
    admins: set[str] = set()
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        channel, sep, user_id = item.partition(":")
        if not sep or channel not in CHANNELS or not user_id.strip():
            raise ConfigError(
                f"SISTERBOT_ADMINS entries must look like telegram:12345, got {item!r}"
            )
        admins.add(f"{channel}:{user_id.strip()}")
    return frozenset(admins)
