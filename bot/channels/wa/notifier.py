"""Messages the bot starts on WhatsApp (reminders, admin notices), under the 24-hour rule.

WhatsApp lets a business send free-form messages only within 24 hours of the user's
last message (the customer-service window, opened by ``users.last_inbound_at``).
Inside it the reply goes out as usual, buttons included; outside it only a template
approved by Meta may be sent, here the one named in the settings with the reply's
``template_params`` as its body parameters. If WhatsApp still answers with the
re-engagement error (131047: its idea of the window differs from ours), the template
is sent instead. Every failure comes back as a :class:`SendResult`, never raised.

WhatsApp usually reports 131047 later, as a ``failed`` status on the webhook rather than
in the answer to the send. The notifier remembers its recent in-window sends (bounded,
in memory), and :meth:`WhatsAppNotifier.on_status` sends the template when such a
failure comes in; after a restart the failure is still stored and logged. Either way a
reminder's final outcome is recorded on its outbox row (:mod:`~bot.channels.wa.delivery_status`).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from collections import OrderedDict
from datetime import timedelta
from typing import Any

from bot.channels.wa.graph import REENGAGEMENT_CODE, GraphClient, GraphResult
from bot.channels.wa.render import Message, render_reply, shorten
from bot.channels.wa.updates import StatusUpdate
from bot.core.models import ChatAddress, Reply, SendResult
from bot.core.ports import Clock, UserRepository

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
# A message sent in the window's last minute may reach WhatsApp after it closed.
WINDOW_MARGIN = timedelta(minutes=1)
TEMPLATE_PARAM_MAX = 512
REMEMBERED_SENDS_MAX = 10_000


def template_param(text: str) -> str:
    """A body parameter WhatsApp accepts: no newlines or tabs, no runs of spaces, not empty."""
    flat = re.sub(r"\s+", " ", text).strip()
    return shorten(flat, TEMPLATE_PARAM_MAX) or "-"


def template_message(name: str, language: str, params: tuple[str, ...]) -> Message:
    """A template message with text body parameters."""
    template: dict[str, Any] = {"name": name, "language": {"code": language}}
    if params:
        template["components"] = [
            {
                "type": "body",
                "parameters": [{"type": "text", "text": template_param(p)} for p in params],
            }
        ]
    return {"type": "template", "template": template}


class WhatsAppNotifier:
    """:class:`bot.core.ports.Notifier` for WhatsApp chats."""

    def __init__(
        self,
        *,
        graph: GraphClient,
        users: UserRepository,
        clock: Clock,
        template_name: str,
        template_language: str,
    ) -> None:
        self._graph = graph
        self._users = users
        self._clock = clock
        self._template_name = template_name
        self._template_language = template_language
        # provider message id -> (send number, chat, the template to send instead)
        self._sent: OrderedDict[str, tuple[int, str, Message]] = OrderedDict()
        self._send_numbers = itertools.count(1)
        self.late_fallbacks = 0

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        """Deliver ``reply``: interactive inside the 24-hour window, a template outside."""
        if address.channel != "whatsapp":
            return SendResult(ok=False, permanent=True, error="not a WhatsApp chat")
        params = reply.template_params or (reply.text,)
        template = template_message(self._template_name, self._template_language, params)
        if await self.window_open(address.chat_id):
            result = await self._send_all(address.chat_id, render_reply(reply), template)
            if result.ok or result.error_code != REENGAGEMENT_CODE or result.maybe_delivered:
                return _send_result(result)
            log.info("whatsapp window closed on WhatsApp's side; sending the template")
        return _send_result(await self._graph.send(address.chat_id, template, retry_unsure=False))

    async def send_photo(self, address: ChatAddress, png: bytes, caption: str) -> SendResult:
        """Upload the picture and send it as an image message (inside the 24-hour window;
        outside it WhatsApp takes only templates, so the picture is left out)."""
        if address.channel != "whatsapp":
            return SendResult(ok=False, permanent=True, error="not a WhatsApp chat")
        if not await self.window_open(address.chat_id):
            log.info("whatsapp window closed: the chart is not sent, the text was")
            return SendResult(ok=True)
        uploaded = await self._graph.upload_png(png, "recap.png")
        if not uploaded.ok or uploaded.message_id is None:
            return _send_result(uploaded)
        image: Message = {
            "type": "image",
            "image": {"id": uploaded.message_id, "caption": caption[:1024]},
        }
        return _send_result(await self._graph.send(address.chat_id, image))

    async def on_status(self, status: StatusUpdate) -> GraphResult | None:
        """Send the template when an in-window send failed late with 131047.

        Returns the template's send result, or None when no template was sent (another
        status or error, or a message this process does not remember sending).
        """
        if status.status != "failed" or status.error_code != REENGAGEMENT_CODE:
            return None
        remembered = self._sent.pop(status.message_id, None)
        if remembered is None:
            return None
        number, wa_id, template = remembered
        for key in [k for k, (n, _w, _t) in self._sent.items() if n == number]:
            del self._sent[key]  # one template for the whole reply, not one per message
        result = await self._graph.send(wa_id, template)
        self.late_fallbacks += 1
        log.info("whatsapp message %s failed late with 131047; template sent", status.message_id)
        return result

    async def window_open(self, wa_id: str) -> bool:
        """Whether the user wrote within the last 24 hours (less a safety margin)."""
        profile = await asyncio.to_thread(self._users.get, "whatsapp", wa_id)
        if profile is None or profile.last_inbound_at is None:
            return False
        return self._clock.now() < profile.last_inbound_at + WINDOW - WINDOW_MARGIN

    async def _send_all(
        self, wa_id: str, messages: list[Message], template: Message
    ) -> GraphResult:
        first: GraphResult | None = None
        number = next(self._send_numbers)
        for index, message in enumerate(messages):
            result = await self._graph.send(wa_id, message, retry_unsure=False)
            if not result.ok:
                if index > 0:  # the first messages arrived: repeating would double them
                    return GraphResult(
                        ok=False, maybe_delivered=True, error=f"cut off: {result.error}"
                    )
                return result
            if result.maybe_delivered:
                return result
            if result.message_id:
                self._remember(result.message_id, (number, wa_id, template))
            first = first or result
        return first or GraphResult(ok=False, error="empty reply: nothing to send")

    def _remember(self, message_id: str, sent: tuple[int, str, Message]) -> None:
        self._sent[message_id] = sent
        while len(self._sent) > REMEMBERED_SENDS_MAX:
            self._sent.popitem(last=False)


def _send_result(result: GraphResult) -> SendResult:
    if result.maybe_delivered:
        return SendResult(ok=False, maybe_delivered=True, error=result.error or "unsure")
    if result.ok:
        return SendResult(ok=True, provider_message_id=result.message_id)
    return SendResult(
        ok=False,
        permanent=result.permanent,
        error=result.error,
        retry_after=result.retry_after,
    )
