"""Fixtures for the WhatsApp channel: the Graph API stand-in, the bot's real server.

The bot runs as in production (Starlette app from :func:`bot.web.build_web_app`, served
by uvicorn on 127.0.0.1) with its Graph client pointed at the stand-in, which records
what the bot sends and delivers signed webhooks the way Meta does.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.channels.throttle import TokenBucketThrottle
from bot.channels.wa.channel import WhatsAppChannel, build_channel
from bot.channels.wa.inbox import Inbox
from bot.config import Settings, bundled_knowledge_dir
from bot.core.clock import FakeClock
from bot.core.dialogue import ButtonHandler, CommandHandler, Dialogue, Turn
from bot.core.general import GeneralFeature, empty_message, unknown_command
from bot.core.models import Button, Incoming, Reply, button_rows
from bot.core.ports import UserRepository
from bot.core.reminders import OutboxRepository
from bot.stand_ins.whatsapp_graph_api import LocalServer, WhatsAppGraphApiStandIn
from bot.web import build_web_app
from tests.fakes import InMemoryUsers
from tests.fakes.inbox import MemoryInbox

DATA = Path(__file__).parent / "data"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "verify-me-please"
START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def load(name: str) -> dict[str, Any]:
    """A recorded webhook payload from tests/whatsapp/data/."""
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text())
    return data


def whatsapp_settings(graph: WhatsAppGraphApiStandIn, **overrides: Any) -> Settings:
    """Settings pointing the bot at the stand-in."""
    settings = Settings(
        database_url="sqlite://",
        knowledge_dir=bundled_knowledge_dir(),
        admins=frozenset(),
        http_host="127.0.0.1",
        http_port=0,
        whatsapp_phone_id=graph.phone_id,
        whatsapp_token=graph.token,
        whatsapp_app_secret=APP_SECRET,
        whatsapp_verify_token=VERIFY_TOKEN,
        whatsapp_api_base_url=graph.base_url,
        whatsapp_template_name="sisterbot_reminder",
        whatsapp_template_language="id",
    )
    return replace(settings, **overrides)


class ChoicesFeature:
    """A test feature: ``/pilih N`` offers N buttons ``pick:i``; a press echoes it."""

    def commands(self) -> Mapping[str, CommandHandler]:
        """``/pilih``."""
        return {"pilih": self.offer}

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """``pick:``."""
        return {"pick": self.picked}

    def claim_text(self, turn: Turn) -> Reply | None:
        """Echo anything else."""
        return Reply(text=f"echo: {turn.text}", language=turn.language)

    def offer(self, turn: Turn, args: str) -> Reply:
        """N labelled choices, in rows of five."""
        count = int(args or "3")
        choices = [Button(label=f"Pilihan nomor {i}", data=f"pick:{i}") for i in range(count)]
        rows = [choices[i : i + 5] for i in range(0, count, 5)]
        return Reply(text="Pilih satu:", buttons=button_rows(*rows), language=turn.language)

    def picked(self, turn: Turn, payload: str) -> Reply:
        """Echo the choice."""
        return Reply(text=f"dipilih {payload}", language=turn.language)


def small_dialogue(users: UserRepository, clock: FakeClock) -> Dialogue:
    """General manners plus :class:`ChoicesFeature`, over in-memory users."""
    return Dialogue(
        features=[GeneralFeature(users), ChoicesFeature()],
        users=users,
        clock=clock,
        admins=frozenset(),
        detect_language=lambda _text: None,
        unknown_command=unknown_command,
        empty_message=empty_message,
    )


@dataclass
class RunningBot:
    """The bot's HTTP server and its WhatsApp channel."""

    url: str
    channel: WhatsAppChannel
    graph: WhatsAppGraphApiStandIn
    client: httpx.AsyncClient
    sleeps: list[float] = field(default_factory=list)

    @property
    def webhook_url(self) -> str:
        """``.../whatsapp``."""
        return f"{self.url}/whatsapp"

    async def post(
        self, payload: dict[str, Any] | bytes, *, signed: bool = True, signature: str | None = None
    ) -> httpx.Response:
        """Deliver a webhook as Meta would (signed unless told otherwise)."""
        return await self.graph.deliver(
            self.webhook_url,
            payload,
            app_secret=APP_SECRET if signed else None,
            signature=signature,
            client=self.client,
        )

    async def settle(self) -> None:
        """Wait until every accepted message is answered and statuses recorded."""
        assert await self.channel.processor.wait_idle(15)
        await self.channel.webhook.wait_background()


BotFactory = Callable[..., Any]


@pytest.fixture
def clock() -> FakeClock:
    """Time stands still at 2026-11-28 01:00 UTC until a test moves it."""
    return FakeClock(START)


@pytest.fixture
async def graph() -> AsyncIterator[WhatsAppGraphApiStandIn]:
    """The Graph API stand-in on 127.0.0.1."""
    async with WhatsAppGraphApiStandIn() as stand_in:
        yield stand_in


@pytest.fixture
def users() -> InMemoryUsers:
    """In-memory user profiles."""
    return InMemoryUsers()


@pytest.fixture
def start_bot(
    graph: WhatsAppGraphApiStandIn, clock: FakeClock, users: InMemoryUsers
) -> Callable[..., Any]:
    """``async with start_bot(handle=..., inbox=...) as bot``: the real server, running."""

    @asynccontextmanager
    async def start(
        *,
        handle: Callable[[Incoming], Reply] | None = None,
        inbox: Inbox | None = None,
        user_repo: UserRepository | None = None,
        settings: Settings | None = None,
        outbox: OutboxRepository | None = None,
        throttle: TokenBucketThrottle | None = None,
    ) -> AsyncIterator[RunningBot]:
        sleeps: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            sleeps.append(seconds)

        repo = user_repo or users
        channel = build_channel(
            settings or whatsapp_settings(graph),
            handle=handle or small_dialogue(repo, clock).handle,
            users=repo,
            clock=clock,
            inbox=inbox if inbox is not None else MemoryInbox(),
            sleep=fake_sleep,
            outbox=outbox,
            # time stands still for the throttle unless a test brings its own
            throttle=throttle or TokenBucketThrottle(burst=1000, per_second=1, clock=lambda: 0),
        )
        app = build_web_app(channel.routes())
        async with LocalServer(app) as server, httpx.AsyncClient(timeout=30) as client:
            await channel.start()
            try:
                yield RunningBot(
                    url=server.url, channel=channel, graph=graph, client=client, sleeps=sleeps
                )
            finally:
                await channel.stop(grace=15)

    return start
