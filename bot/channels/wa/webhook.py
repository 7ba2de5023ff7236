"""The ``/whatsapp`` webhook: verification handshake, signature check, claim, 200.

GET answers Meta's subscription handshake (``hub.challenge`` echoed for the right
``hub.verify_token``, 403 otherwise). POST checks ``X-Hub-Signature-256`` over the raw
body before anything else (401 missing, 403 wrong, 400 not JSON: nothing processed),
claims each message id (duplicates dropped), records statuses, and answers 200 at once;
the replies are worked out in the background by the :class:`Processor`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.throttle import TokenBucketThrottle, Verdict
from bot.channels.wa.inbox import Inbox, RecentIds
from bot.channels.wa.processor import Processor
from bot.channels.wa.signature import signature_matches
from bot.channels.wa.updates import InboundMessage, parse_webhook
from bot.core.ports import Clock
from bot.web import BodyRefusedError, read_body

log = logging.getLogger(__name__)

PATH = "/whatsapp"
MAX_BODY_BYTES = 1_000_000  # Meta's payloads are a few KB; refuse to buffer more
SIGNATURE_HEADER = "x-hub-signature-256"


@dataclass(slots=True)
class WebhookCounters:
    """What the webhook has seen since start (for tests, the bench and logs)."""

    accepted: int = 0
    duplicates: int = 0
    statuses: int = 0
    rejected: int = 0
    other_number: int = 0
    throttled: int = 0


class WhatsAppWebhook:
    """The webhook endpoint, bound to a processor and an inbox."""

    def __init__(
        self,
        *,
        app_secret: str,
        verify_token: str,
        inbox: Inbox,
        processor: Processor,
        clock: Clock,
        phone_id: str | None = None,
        recent: RecentIds | None = None,
        throttle: TokenBucketThrottle | None = None,
        on_throttled: Callable[[], None] = lambda: None,
    ) -> None:
        if not app_secret:
            raise ValueError("WHATSAPP_APP_SECRET is needed to check webhook signatures")
        self._app_secret = app_secret
        self._verify_token = verify_token
        self._inbox = inbox
        self._processor = processor
        self._clock = clock
        self._phone_id = phone_id
        self._recent = recent or RecentIds()
        self._throttle = throttle
        self._on_throttled = on_throttled
        self._background: set[asyncio.Task[None]] = set()
        self.counters = WebhookCounters()

    def routes(self) -> list[BaseRoute]:
        """The routes to give :func:`bot.web.build_web_app`."""
        return [
            Route(PATH, self.verify, methods=["GET"]),
            Route(PATH, self.receive, methods=["POST"]),
        ]

    async def verify(self, request: Request) -> Response:
        """Meta's subscription handshake."""
        params = request.query_params
        token = params.get("hub.verify_token", "")
        token_ok = bool(self._verify_token) and hmac.compare_digest(
            token.encode(), self._verify_token.encode()
        )
        if params.get("hub.mode") == "subscribe" and token_ok:
            log.info("whatsapp webhook verified")
            return PlainTextResponse(params.get("hub.challenge", ""))
        log.warning("whatsapp webhook verification refused")
        return PlainTextResponse("Forbidden", status_code=403)

    async def receive(self, request: Request) -> Response:
        """One webhook post from Meta."""
        try:
            body = await read_body(request, MAX_BODY_BYTES)
        except BodyRefusedError as refused:
            self.counters.rejected += 1
            return PlainTextResponse(refused.reason, status_code=refused.status)
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            self.counters.rejected += 1
            log.warning("whatsapp webhook post without signature refused")
            return PlainTextResponse("Unauthorized", status_code=401)
        if not signature_matches(body, signature, self._app_secret):
            self.counters.rejected += 1
            log.warning("whatsapp webhook post with a wrong signature refused")
            return PlainTextResponse("Forbidden", status_code=403)
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            self.counters.rejected += 1
            log.warning("whatsapp webhook post that is not JSON refused")
            return PlainTextResponse("Bad Request", status_code=400)
        batch = parse_webhook(payload)
        new_messages = 0
        for message in batch.messages:
            if self._phone_id and message.phone_number_id not in (None, self._phone_id):
                # another number of the same app: answering it from ours would be wrong
                self.counters.other_number += 1
                continue
            if not self._admit(message):
                continue
            try:
                claimed = await self._claim(message)
            except ValueError:
                # this message cannot be stored whatever happens: judged on its own
                self.counters.rejected += 1
                log.warning("whatsapp webhook: a message that cannot be stored was skipped")
                continue
            except Exception:
                # not stored: a 503 makes Meta deliver the post again later
                log.exception("whatsapp webhook: could not store message %s", message.message_id)
                return PlainTextResponse("Service Unavailable", status_code=503)
            if claimed:
                new_messages += 1
                self._processor.submit(message)
        for status in batch.statuses:
            self.counters.statuses += 1
            self._spawn(self._processor.record_status(status))
        if batch.skipped:
            log.warning("whatsapp webhook: %d unreadable parts skipped", batch.skipped)
        # a post that brought nothing (a flood dropped unstored) is not worth a line each
        log.log(
            logging.INFO if new_messages or batch.statuses else logging.DEBUG,
            "whatsapp webhook: %d new messages, %d duplicates, %d statuses",
            new_messages,
            len(batch.messages) - new_messages,
            len(batch.statuses),
        )
        return PlainTextResponse("ok")

    def _admit(self, message: InboundMessage) -> bool:
        """The sender's token bucket: a flood is dropped before it costs any storage."""
        if self._throttle is None or message.message_id in self._recent:
            return True
        verdict = self._throttle.check(message.wa_id)
        if verdict is Verdict.ALLOW:
            return True
        self.counters.throttled += 1
        self._on_throttled()
        if verdict is Verdict.NOTIFY:
            log.info("whatsapp: throttling a flooding user")
            self._spawn(self._processor.slow_down(message))
        return False

    async def _claim(self, message: InboundMessage) -> bool:
        if not self._recent.add(message.message_id):
            self.counters.duplicates += 1
            return False
        try:
            claimed = await asyncio.to_thread(self._inbox.claim, message, self._clock.now())
        except BaseException:
            self._recent.discard(message.message_id)
            raise
        if claimed:
            self.counters.accepted += 1
        else:
            self.counters.duplicates += 1
        return claimed

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def wait_background(self) -> None:
        """Wait for status recording still in flight (shutdown, tests)."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)
