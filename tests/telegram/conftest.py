"""Fixtures: the local Bot API server, a core to talk to, and the real bot running on both.

Two cores: ``core``, the whole bot (``bot.app.build_app`` on a temporary SQLite file),
for conversations as officers hold them; and ``probe``, the foundation's GeneralFeature
plus a small test-only feature (it echoes questions, fails on demand, offers fixed
buttons), for the adapter's own behaviour: escaping, errors, throttling, retries.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.root import App, build_app
from bot.channels.tg import TelegramOptions, TelegramService, UpdateInbox, build_application
from bot.config import Settings
from bot.core.clock import FakeClock, SystemClock
from bot.core.dialogue import ButtonHandler, CommandHandler, Dialogue, Turn
from bot.core.general import GeneralFeature, empty_message, unknown_command
from bot.core.models import Button, Incoming, Reply, button_rows
from bot.core.ports import Clock, MessageInbox
from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn
from tests.fakes import InMemoryUsers
from tests.fakes.inbox import MemoryMessageInbox

FAST = TelegramOptions(
    polling_timeout=1, read_timeout=2.0, retry_backoff=0.05, retry_sweep_seconds=0.05
)
REGIONS = {"35.78": "Kota Surabaya", "35.15": "Kabupaten Sidoarjo"}


class ProbeFeature:
    """A test-only feature: answers any text, offers feedback and an ambiguous choice."""

    def commands(self) -> Mapping[str, CommandHandler]:
        """``/status``: always ambiguous; ``/boom``: fails."""
        return {"status": self.status, "boom": self.boom, "long": self.long}

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """``region:<code>`` and ``fb:up|down``."""
        return {"region": self.region, "fb": self.feedback}

    def claim_text(self, turn: Turn) -> Reply | None:
        """Echo the question back (so the tests see escaping) with feedback buttons."""
        if turn.text == "boom":
            raise RuntimeError("a handler fails")
        return Reply(
            text=f"Q: {turn.text}",
            buttons=button_rows(
                [Button(label="👍", data="fb:up"), Button(label="👎", data="fb:down")]
            ),
            language=turn.language,
        )

    def status(self, turn: Turn, args: str) -> Reply:
        buttons = [Button(label=name, data=f"region:{code}") for code, name in REGIONS.items()]
        return Reply(text=f"Which region is {args}?", buttons=button_rows(buttons))

    def region(self, turn: Turn, payload: str) -> Reply:
        if payload not in REGIONS:
            return Reply(text="unknown region", notice="?")
        return Reply(text=f"Status of {REGIONS[payload]}", notice=REGIONS[payload])

    def feedback(self, turn: Turn, payload: str) -> Reply:
        if payload not in ("up", "down"):
            return Reply(text="bad feedback")
        return Reply(text="", notice=f"thanks {payload}")

    def long(self, turn: Turn, args: str) -> Reply:
        paragraphs = [f"{i:03d} " + "kerja sama & <daerah> " * 20 for i in range(30)]
        return Reply(
            text="\n\n".join(paragraphs), buttons=button_rows([Button(label="ok", data="fb:up")])
        )

    def boom(self, turn: Turn, args: str) -> Reply:
        raise RuntimeError("a command fails")


@dataclass
class ProbeCore:
    """A dialogue over fakes, and what it was asked."""

    dialogue: Dialogue
    users: InMemoryUsers
    seen: list[Incoming]

    def handle(self, incoming: Incoming) -> Reply:
        self.seen.append(incoming)
        return self.dialogue.handle(incoming)


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB 22's timedelta durations, as ``sisterbot run`` does (no deprecation)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def probe() -> ProbeCore:
    users = InMemoryUsers()
    dialogue = Dialogue(
        features=[GeneralFeature(users), ProbeFeature()],
        users=users,
        clock=FakeClock(datetime(2026, 11, 28, 1, 0, tzinfo=UTC)),
        admins=frozenset(),
        detect_language=lambda _text: None,
        unknown_command=unknown_command,
        empty_message=empty_message,
    )
    return ProbeCore(dialogue=dialogue, users=users, seen=[])


@pytest.fixture
def core(tmp_path: Path) -> Iterator[App]:
    """The whole core (bot.app.build_app) on a temporary SQLite file."""
    settings = Settings.from_env({"SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"})
    built = build_app(settings)
    yield built
    built.database.dispose()


@pytest.fixture
async def api() -> AsyncIterator[TelegramBotApiStandIn]:
    async with TelegramBotApiStandIn() as server:
        yield server


@asynccontextmanager
async def running_bot(
    api: TelegramBotApiStandIn,
    handle: Callable[[Incoming], Reply],
    command_names: tuple[str, ...],
    *,
    options: TelegramOptions = FAST,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    http_port: int = 0,
    throttle_clock: Callable[[], float] = lambda: 0.0,
    inbox: MessageInbox | None = None,
    clock: Clock | None = None,
    on_throttled: Callable[[], None] = lambda: None,
) -> AsyncIterator[TelegramService]:
    """The real Application and HTTP stack, pointed at the stand-in.

    The throttle's clock stands still unless a test passes another: no test depends on
    how fast the machine is.
    """
    update_inbox = UpdateInbox(
        inbox if inbox is not None else MemoryMessageInbox(), clock or SystemClock()
    )
    application = build_application(
        token=api.token,
        api_base_url=api.base_url,
        handle=handle,
        command_names=command_names,
        inbox=update_inbox,
        options=options,
        throttle_clock=throttle_clock,
        on_throttled=on_throttled,
    )
    with contextlib.ExitStack() as after:
        async with TelegramService(
            application,
            inbox=update_inbox,
            http_host="127.0.0.1",
            http_port=http_port,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            options=options,
        ) as service:
            try:
                yield service
            finally:  # stop without waiting out a long poll
                after.enter_context(api.polls_answered_at_once())


async def settled(api: TelegramBotApiStandIn, service: TelegramService) -> None:
    """Wait until every posted update was fetched and fully handled."""
    application = service.application

    def idle() -> bool:
        return (
            api.pending_updates == 0
            and application.update_queue.empty()
            and application.update_processor.current_concurrent_updates == 0
        )

    for _ in range(500):
        if idle():
            # one more turn: a handler that just finished may still be sending
            await asyncio.sleep(0.05)
            if idle():
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the bot did not settle")


@pytest.fixture
async def bot(api: TelegramBotApiStandIn, probe: ProbeCore) -> AsyncIterator[TelegramService]:
    async with running_bot(api, probe.handle, probe.dialogue.command_names) as service:
        yield service
