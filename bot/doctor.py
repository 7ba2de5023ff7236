"""``sisterbot doctor``: every check an operator needs before (and while) running the bot.

One line per check: ``ok``, ``FAIL`` (with what to do) or ``skip`` (not configured).
Settings, the database and its migrations, the knowledge base, the Telegram token
(getMe) and webhook, the WhatsApp phone number id and token (a Graph API call), and the
clock and the regions' timezones. Nothing is written: the database is neither created nor
migrated here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from bot.config import ConfigError, Settings

Outcome = Literal["ok", "FAIL", "skip"]
HTTP_TIMEOUT_SECONDS = 10.0
MAX_CLOCK_SKEW_SECONDS = 60.0  # Telegram refuses webhook certificates and tokens drift beyond
REGION_TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")  # WIB, WITA, WIT


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """One line of the doctor's report."""

    name: str
    outcome: Outcome
    detail: str
    fix: str = ""

    def line(self) -> str:
        """``ok    database: ...`` or ``FAIL  telegram: ... -> fix: ...``."""
        fix = f" -> fix: {self.fix}" if self.fix and self.outcome == "FAIL" else ""
        return f"{self.outcome:<5} {self.name}: {self.detail}{fix}"


def run_checks(read_settings: Callable[[], Settings]) -> Iterator[Check]:
    """Every check, in order; stops after the settings when they cannot be read."""
    try:
        settings = read_settings()
    except ConfigError as error:
        yield Check(
            name="settings", outcome="FAIL", detail=str(error), fix="set it (README: Configuration)"
        )
        return
    channels = [
        name
        for name, configured in (
            ("telegram", settings.telegram_bot_token),
            ("whatsapp", settings.whatsapp_phone_id and settings.whatsapp_token),
        )
        if configured
    ]
    yield Check(
        name="settings",
        outcome="ok",
        detail=f"read; channels configured: {', '.join(channels) or 'none (console only)'}",
    )
    yield from database_checks(settings)
    yield knowledge_check(settings)
    with httpx.Client(timeout=HTTP_TIMEOUT_SECONDS, trust_env=False) as client:
        yield from telegram_checks(settings, client)
        yield whatsapp_check(settings, client)
    yield timezone_check()


def database_checks(settings: Settings) -> Iterator[Check]:
    """Reachable, and at the code's newest migration."""
    from bot.storage.database import Database
    from bot.storage.maintenance import database_state, sqlite_path

    path = sqlite_path(settings.database_url)
    if path is not None and not path.is_file():
        yield Check(
            name="database",
            outcome="ok",
            detail=f"SQLite file {path} not created yet (every command creates it on first use)",
        )
        return
    database = Database.connect(settings.database_url)
    try:
        state = database_state(database)
    finally:
        database.dispose()
    if not state.reachable:
        yield Check(
            name="database",
            outcome="FAIL",
            detail=f"unreachable: {state.error}",
            fix="check SISTERBOT_DATABASE_URL and that the server runs",
        )
        return
    yield Check(name="database", outcome="ok", detail=f"reachable ({database.dialect})")
    if state.at_head:
        yield Check(name="migrations", outcome="ok", detail=f"at head {state.revision}")
    else:
        yield Check(
            name="migrations",
            outcome="FAIL",
            detail=f"at {state.revision or 'nothing'}, the code expects {', '.join(state.heads)}",
            fix="run sisterbot db upgrade",
        )


def knowledge_check(settings: Settings) -> Check:
    """The knowledge base, word lists, regions and reminder policy load and are valid."""
    from bot.core.answers import AnswerEngine, KnowledgeError, load_knowledge
    from bot.core.reminders import load_policy
    from bot.core.status import RegionIndex

    try:
        knowledge = load_knowledge(settings.knowledge_dir)
        AnswerEngine(knowledge)
        regions = RegionIndex.load(settings.knowledge_dir / "regions.csv")
        load_policy(settings.knowledge_dir / "reminder-policy.yaml")
    except (KnowledgeError, OSError, ValueError) as error:
        return Check(
            name="knowledge",
            outcome="FAIL",
            detail=str(error).splitlines()[0] if str(error) else type(error).__name__,
            fix="sisterbot kb check names the file and field; correct it",
        )
    counts = knowledge.counts()
    return Check(
        name="knowledge",
        outcome="ok",
        detail=f"{counts['entries']} entries, {len(regions.all())} regions "
        f"({settings.knowledge_dir})",
    )


def telegram_checks(settings: Settings, client: httpx.Client) -> Iterator[Check]:
    """getMe with the token; getWebhookInfo against the configured mode; the clock."""
    token = settings.telegram_bot_token
    if not token:
        yield Check(name="telegram", outcome="skip", detail="TELEGRAM_BOT_TOKEN is not set")
        return
    base = f"{settings.telegram_api_base_url}/bot{token}"
    try:
        me = client.get(f"{base}/getMe")
    except httpx.HTTPError as error:
        yield Check(
            name="telegram",
            outcome="FAIL",
            detail=f"{settings.telegram_api_base_url} unreachable ({type(error).__name__})",
            fix="check the network, or TELEGRAM_API_BASE_URL",
        )
        return
    if me.status_code in (401, 404):
        yield Check(
            name="telegram",
            outcome="FAIL",
            detail="the token was rejected (getMe: 401 Unauthorized)",
            fix="copy the token again from @BotFather into TELEGRAM_BOT_TOKEN",
        )
        return
    if me.status_code != 200 or not me.json().get("ok"):
        yield Check(
            name="telegram",
            outcome="FAIL",
            detail=f"getMe answered HTTP {me.status_code}",
            fix="try again later; see https://t.me/BotFather or the Bot API server's logs",
        )
        return
    username = me.json()["result"].get("username", "?")
    yield Check(name="telegram", outcome="ok", detail=f"token accepted: @{username}")
    yield _webhook_check(settings, client.get(f"{base}/getWebhookInfo"))
    yield clock_check(me)


def _webhook_check(settings: Settings, answer: httpx.Response) -> Check:
    if answer.status_code != 200:
        return Check(
            name="telegram webhook",
            outcome="FAIL",
            detail=f"getWebhookInfo answered HTTP {answer.status_code}",
            fix="try again later",
        )
    info = answer.json().get("result", {})
    url, pending = info.get("url", ""), info.get("pending_update_count", 0)
    last_error = info.get("last_error_message")
    wanted = settings.telegram_webhook_url
    if wanted and url != wanted:
        return Check(
            name="telegram webhook",
            outcome="FAIL",
            detail=f"Telegram has {url or 'no webhook'}, TELEGRAM_WEBHOOK_URL is {wanted}",
            fix="start sisterbot run telegram (it sets the webhook)",
        )
    if wanted and last_error:
        return Check(
            name="telegram webhook",
            outcome="FAIL",
            detail=f"{url}: Telegram's last error: {last_error}; {pending} update(s) waiting",
            fix="make the URL reachable over HTTPS through the reverse proxy",
        )
    if not wanted and url:
        return Check(
            name="telegram webhook",
            outcome="FAIL",
            detail=f"a webhook is set ({url}) but the bot is configured for long polling",
            fix="set TELEGRAM_WEBHOOK_URL, or let sisterbot run telegram delete it at start",
        )
    mode = f"webhook {url}" if wanted else "long polling (no webhook set)"
    return Check(
        name="telegram webhook", outcome="ok", detail=f"{mode}; {pending} update(s) waiting"
    )


def whatsapp_check(settings: Settings, client: httpx.Client) -> Check:
    """The phone number id and token, by reading the number from the Graph API."""
    phone_id, token = settings.whatsapp_phone_id, settings.whatsapp_token
    if not (phone_id and token):
        return Check(
            name="whatsapp", outcome="skip", detail="WHATSAPP_PHONE_ID / WHATSAPP_TOKEN not set"
        )
    url = f"{settings.whatsapp_api_base_url}/v{settings.whatsapp_api_version}/{phone_id}"
    try:
        answer = client.get(
            url,
            params={"fields": "display_phone_number,verified_name"},
            headers={"Authorization": f"Bearer {token}"},
        )
    except httpx.HTTPError as error:
        return Check(
            name="whatsapp",
            outcome="FAIL",
            detail=f"{settings.whatsapp_api_base_url} unreachable ({type(error).__name__})",
            fix="check the network, or WHATSAPP_API_BASE_URL",
        )
    if answer.status_code == 401:
        return Check(
            name="whatsapp",
            outcome="FAIL",
            detail="the token was rejected (Graph API: 401 Invalid OAuth access token)",
            fix="create a system user's token with whatsapp_business_messaging permission "
            "and set WHATSAPP_TOKEN",
        )
    if answer.status_code != 200:
        return Check(
            name="whatsapp",
            outcome="FAIL",
            detail=f"the phone number id {phone_id} was not accepted (HTTP {answer.status_code})",
            fix="copy the Phone number ID from the app's WhatsApp > API Setup into "
            "WHATSAPP_PHONE_ID",
        )
    number = answer.json()
    return Check(
        name="whatsapp",
        outcome="ok",
        detail=f"{number.get('display_phone_number', '?')} ({number.get('verified_name', '?')})",
    )


def clock_check(answer: httpx.Response) -> Check:
    """This machine's clock against the Date header of an API server's answer."""
    header = answer.headers.get("date")
    if not header:
        return Check(name="clock", outcome="ok", detail="no server time to compare with")
    skew = (datetime.now(UTC) - parsedate_to_datetime(header)).total_seconds()
    if abs(skew) > MAX_CLOCK_SKEW_SECONDS:
        return Check(
            name="clock",
            outcome="FAIL",
            detail=f"{skew:+.0f} s off the API server's time",
            fix="enable time synchronisation (NTP, e.g. systemd-timesyncd)",
        )
    return Check(name="clock", outcome="ok", detail=f"{skew:+.1f} s from the API server's time")


def timezone_check() -> Check:
    """The regions' timezones are known (reminders go out at 08:00 local time)."""
    try:
        for name in REGION_TIMEZONES:
            ZoneInfo(name)
    except ZoneInfoNotFoundError as error:
        return Check(
            name="timezones",
            outcome="FAIL",
            detail=f"{error}",
            fix="install the tzdata package (apt-get install tzdata, or pip install tzdata)",
        )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    local = time.strftime("%Z")
    return Check(
        name="timezones",
        outcome="ok",
        detail=f"WIB, WITA and WIT known; now {now} (this machine: {local})",
    )
