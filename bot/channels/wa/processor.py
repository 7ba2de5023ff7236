"""Answering claimed messages in the background, in order per chat.

The webhook answers 200 as soon as a message is claimed (Meta retries slow webhooks);
the answer is worked out here. Each chat has its own queue, drained by one task at a
time, so a user's messages are answered in the order sent while different users are
served concurrently (bounded by a semaphore). The core runs in a worker thread.

Delivery policy: a reply goes out at least once. A reply that could not be sent (the
Graph API failing after its own retries, the database away) stays pending in the inbox
and is tried again from there after ``retry_delays``; only when the last attempt fails is
the message given up, and then the user gets one apology.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence

from bot.channels.wa.graph import GraphClient, GraphResult
from bot.channels.wa.inbox import Inbox
from bot.channels.wa.render import render_reply
from bot.channels.wa.updates import InboundMessage, StatusUpdate
from bot.core.models import Incoming, Language, Reply
from bot.core.ports import Clock, UserRepository
from bot.core.texts import Text

log = logging.getLogger(__name__)

StatusListener = Callable[[StatusUpdate], Awaitable[None]]
# seconds before the 2nd, 3rd... attempt to answer; after the last one, an apology
RETRY_DELAYS: tuple[float, ...] = (5.0, 30.0, 120.0, 600.0)
SWEEP_SECONDS = 5.0

TEXTS: Mapping[str, Text] = {
    "text_only": Text(
        id="Maaf, saya hanya bisa membaca pesan teks. Silakan tulis pertanyaan Anda, "
        "atau ketik /bantuan.",
        en="Sorry, I can only read text messages. Please type your question, or /help.",
    ),
    "throttled": Text(
        id="Mohon pelan-pelan: terlalu banyak pesan dalam waktu singkat. Pesan berikutnya "
        "akan saya jawab setelah jeda sebentar.",
        en="Please slow down: too many messages in a short time. I will answer again after "
        "a short pause.",
    ),
    "error": Text(
        id="Maaf, terjadi kesalahan saat memproses pesan Anda. Silakan coba lagi.",
        en="Sorry, something went wrong with your message. Please try again.",
    ),
}


class Processor:
    """Turns claimed messages into replies sent through the Graph API."""

    def __init__(
        self,
        *,
        handle: Callable[[Incoming], Reply],
        users: UserRepository,
        clock: Clock,
        graph: GraphClient,
        inbox: Inbox,
        concurrency: int = 8,
        status_listener: StatusListener | None = None,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        self._handle = handle
        self._users = users
        self._clock = clock
        self._graph = graph
        self._inbox = inbox
        self._slots = asyncio.Semaphore(concurrency)
        self._status_listener = status_listener
        self._queues: dict[str, deque[InboundMessage]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight: set[str] = set()
        self._unrecorded: dict[str, str] = {}
        self._retry_delays = tuple(retry_delays)
        self._sweeper: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()
        self.answered = 0
        self.failed = 0
        self.deferred = 0
        self.messages_sent = 0

    def submit(self, message: InboundMessage) -> None:
        """Queue a claimed message behind the same chat's earlier ones (once at a time)."""
        if message.message_id in self._in_flight:
            return
        self._in_flight.add(message.message_id)
        queue = self._queues.get(message.wa_id)
        if queue is not None:
            queue.append(message)
            return
        self._queues[message.wa_id] = deque([message])
        self._idle.clear()
        task = asyncio.create_task(self._drain_chat(message.wa_id))
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    async def recover(self) -> int:
        """Queue the messages a previous run accepted but did not answer."""
        pending = await asyncio.to_thread(self._inbox.pending)
        for message in pending:
            self.submit(message)
        if pending:
            log.info("whatsapp: answering %d messages left from the last run", len(pending))
        return len(pending)

    async def retry_due(self) -> int:
        """Queue the pending messages whose next attempt is due (not those in flight)."""
        await self._record_unrecorded()
        due = await asyncio.to_thread(self._inbox.pending, self._clock.now())
        fresh = [m for m in due if m.message_id not in self._in_flight]
        for message in fresh:
            self.submit(message)
        return len(fresh)

    def start_retrying(self, every: float = SWEEP_SECONDS) -> None:
        """Sweep the inbox for due retries every ``every`` seconds until :meth:`stop_retrying`."""

        async def sweep() -> None:
            while True:
                await asyncio.sleep(every)
                try:
                    await self.retry_due()
                except Exception:  # the database away: the next sweep tries again
                    log.warning("whatsapp: could not read the inbox for retries", exc_info=True)

        if self._sweeper is None:
            self._sweeper = asyncio.create_task(sweep())

    async def stop_retrying(self) -> None:
        """Stop the sweep."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None

    async def wait_idle(self, within: float | None = None) -> bool:
        """Wait until every queued message is answered; False if not within ``within`` seconds."""
        try:
            await asyncio.wait_for(self._idle.wait(), within)
        except TimeoutError:
            return False
        return True

    async def record_status(self, status: StatusUpdate) -> None:
        """Store a delivery status and tell the listener (reminders) about it."""
        new = await asyncio.to_thread(self._inbox.record_status, status, self._clock.now())
        if not new:
            return
        if status.status == "failed":
            log.warning(
                "whatsapp message %s failed: %s %s",
                status.message_id,
                status.error_code,
                status.error_title,
            )
        else:
            log.debug("whatsapp message %s %s", status.message_id, status.status)
        if self._status_listener is not None:
            try:
                await self._status_listener(status)
            except Exception:
                log.exception("whatsapp status listener failed")

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not self._queues:
            self._idle.set()

    async def _drain_chat(self, wa_id: str) -> None:
        queue = self._queues[wa_id]
        try:
            while queue:
                message = queue[0]
                async with self._slots:
                    await self._answer(message)
                queue.popleft()
        finally:
            del self._queues[wa_id]

    async def _answer(self, message: InboundMessage) -> None:
        try:
            sent = await self._send_reply(message)
            if sent:
                self.answered += 1
                await self._finish(message, "done")
            else:
                await self._defer_or_give_up(message)
        finally:
            if message.message_id not in self._unrecorded:
                self._in_flight.discard(message.message_id)

    async def _send_reply(self, message: InboundMessage) -> bool:
        """Work out and send the reply; False when it did not all go out."""
        try:
            reply = await self._reply_for(message)
            if reply is None:
                return True
            for body in render_reply(reply):
                result: GraphResult = await self._graph.send(message.wa_id, body)
                self.messages_sent += result.ok
                if not result.ok:
                    return False
        except Exception:
            log.exception("whatsapp: answering message %s failed", message.message_id)
            return False
        return True

    async def _defer_or_give_up(self, message: InboundMessage) -> None:
        try:
            attempts = await asyncio.to_thread(
                self._inbox.defer, message.message_id, self._clock.now(), self._retry_delays
            )
        except Exception:
            # the database is away: the row stays pending and a later sweep retries it
            log.warning("whatsapp: could not record a failed attempt", exc_info=True)
            return
        if attempts <= len(self._retry_delays):
            self.deferred += 1
            log.warning("whatsapp: message %s not answered; tried again later", message.message_id)
            return
        self.failed += 1
        await self._apologise(message)
        await self._finish(message, "failed")

    async def _finish(self, message: InboundMessage, state: str) -> None:
        try:
            await asyncio.to_thread(
                self._inbox.finish, message.message_id, state, self._clock.now()
            )
        except Exception:
            # answered, but the database did not hear of it: kept in flight (not answered
            # again) and recorded by a later sweep
            log.warning("whatsapp: message %s %s, not yet recorded", message.message_id, state)
            self._unrecorded[message.message_id] = state

    async def _record_unrecorded(self) -> None:
        for message_id, state in sorted(self._unrecorded.items()):
            await asyncio.to_thread(self._inbox.finish, message_id, state, self._clock.now())
            del self._unrecorded[message_id]
            self._in_flight.discard(message_id)

    async def _reply_for(self, message: InboundMessage) -> Reply | None:
        if message.kind == "ignored":
            return None
        if message.kind == "unsupported":
            return await asyncio.to_thread(self._text_only, message)
        incoming = Incoming(
            channel="whatsapp",
            user_id=message.wa_id,
            chat_id=message.wa_id,
            text=message.text if message.kind == "text" else "",
            button_data=message.button_data if message.kind == "button" else None,
            display_name=message.display_name,
        )
        return await asyncio.to_thread(self._handle, incoming)

    def _text_only(self, message: InboundMessage) -> Reply:
        # any message opens WhatsApp's 24-hour window, media included
        self._users.touch("whatsapp", message.wa_id, self._clock.now())
        profile = self._users.get("whatsapp", message.wa_id)
        language: Language = (profile.language if profile else None) or "id"
        return Reply(text=TEXTS["text_only"](language), language=language)

    async def slow_down(self, message: InboundMessage) -> None:
        """Tell a flooding user, once per flood, that messages are being dropped."""
        await self._say(message, "throttled")

    async def _apologise(self, message: InboundMessage) -> None:
        await self._say(message, "error")

    async def _say(self, message: InboundMessage, text_id: str) -> None:
        try:
            profile = await asyncio.to_thread(self._users.get, "whatsapp", message.wa_id)
            language: Language = (profile.language if profile else None) or "id"
            reply = Reply(text=TEXTS[text_id](language), language=language)
            for body in render_reply(reply):
                await self._graph.send(message.wa_id, body)
        except Exception:
            log.exception("whatsapp: could not send the %s notice", text_id)
