"""The Bot API's wire format, as the local server needs it.

Request parameters (PTB sends a form with JSON-encoded objects), the entities and media
payloads of user messages, Telegram's HTML check and length rule, and flood limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from email import policy as email_policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl, urlparse

import httpx
from starlette.requests import Request

JSON = dict[str, Any]
MESSAGE_LIMIT = 4096
_ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span"}
    | {"tg-spoiler", "tg-emoji", "blockquote"}
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>")
# Sends subject to the flood limits and to blocked chats.
LIMITED_METHODS = frozenset(
    {"sendmessage", "sendphoto", "editmessagetext", "editmessagereplymarkup"}
)
_JSON_FIELDS = frozenset({"reply_markup", "allowed_updates", "commands", "scope"})


@dataclass(frozen=True, slots=True, kw_only=True)
class FloodLimits:
    """Rates above which sends get 429 with ``retry_after`` (None: unlimited)."""

    overall_per_second: float | None = None
    per_chat_per_second: float | None = None
    retry_after: int = 1


class FloodGate:
    """Decides whether one more send fits the limits (sliding one-second windows)."""

    def __init__(self, limits: FloodLimits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self._clock = clock
        self._overall: deque[float] = deque()
        self._last_by_chat: dict[int, float] = {}

    def admit(self, chat_id: int) -> bool:
        """Count a send to ``chat_id`` if it fits; False (nothing counted) if not."""
        now = self._clock()
        overall, per_chat = self.limits.overall_per_second, self.limits.per_chat_per_second
        while self._overall and now - self._overall[0] >= 1.0:
            self._overall.popleft()
        if overall is not None and len(self._overall) >= overall:
            return False
        last = self._last_by_chat.get(chat_id)
        if per_chat is not None and last is not None and now - last < 1.0 / per_chat:
            return False
        self._overall.append(now)
        self._last_by_chat[chat_id] = now
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class SentMessage:
    """A message the bot sent (or its last edit), as the user would see it."""

    chat_id: int
    message_id: int
    html: str
    text: str
    reply_markup: JSON | None
    at: float

    def button_data(self) -> list[str]:
        """Every button's callback data, in reading order."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b.get("callback_data", "") for row in rows for b in row]


@dataclass(frozen=True, slots=True, kw_only=True)
class SentPhoto:
    """A picture the bot sent: the uploaded bytes and the caption."""

    chat_id: int
    data: bytes
    caption: str


def as_message(method: str, params: JSON, photos: list[SentPhoto]) -> JSON:
    """A send's parameters as a message's: a sendPhoto upload is recorded in ``photos``
    and its caption becomes the text (BadRequestError if no picture was uploaded)."""
    if method != "sendphoto":
        return params
    data = params.get("photo")
    if not isinstance(data, bytes) or not data:
        raise BadRequestError("there is no photo in the request")
    caption = str(params.get("caption", "")) or "(photo)"
    photos.append(SentPhoto(chat_id=int(params.get("chat_id", 0)), data=data, caption=caption))
    return {**params, "text": caption, "parse_mode": ""}


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedRequest:
    """One Bot API call and the HTTP status it got."""

    method: str
    params: JSON
    status: int
    at: float


@dataclass(slots=True, kw_only=True)
class Fault:
    """A failure to answer the next calls of a method with."""

    method: str
    status: int
    count: int
    stall_seconds: float = 0.0


class BadRequestError(Exception):
    """The request is invalid: answered with 400 and this description."""


def plain_text_of(html_text: str) -> str:
    """What Telegram shows for HTML ``html_text``; raise BadRequestError if it won't parse."""
    stack: list[str] = []
    for match in _TAG.finditer(html_text):
        closing, name = match.group(1), match.group(2).lower()
        if name not in _ALLOWED_TAGS:
            raise BadRequestError(f"can't parse entities: unsupported start tag {name!r}")
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            raise BadRequestError(f"can't parse entities: unexpected end tag {name!r}")
    if stack:
        raise BadRequestError("can't parse entities: unclosed start tag")
    stripped = _TAG.sub("", html_text)
    if "<" in stripped or ">" in stripped:
        raise BadRequestError("can't parse entities: unescaped < or >")
    return html.unescape(stripped)


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


async def request_params(request: Request) -> JSON:
    """Parameters from the query string and a JSON, form or multipart body (PTB sends a
    form, or multipart with a file: an uploaded file's value is its bytes)."""
    params: JSON = {
        key: json.loads(value) if key in _JSON_FIELDS else value
        for key, value in request.query_params.items()
    }
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=email_policy.default).parsebytes(head + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            value = part.get_payload(decode=True)
            if not isinstance(name, str) or not isinstance(value, bytes):
                continue
            if part.get_filename() is not None:
                params[name] = value
            else:
                text = value.decode("utf-8")
                params[name] = json.loads(text) if name in _JSON_FIELDS else text
        return params
    if request.headers.get("content-type", "").startswith("application/json") and body:
        params.update(json.loads(body))
        return params
    for key, value in parse_qsl(body.decode("utf-8", "surrogatepass"), keep_blank_values=True):
        params[key] = json.loads(value) if key in _JSON_FIELDS else value
    return params


def entities_of(text: str) -> list[JSON]:
    """The bot_command and mention entities Telegram would attach (UTF-16 offsets)."""
    entities: list[JSON] = []
    for match in re.finditer(r"(?:^/[A-Za-z0-9_]+(?:@\w+)?)|(?:@\w{3,})", text):
        offset = utf16_length(text[: match.start()])
        kind = "bot_command" if match.group().startswith("/") else "mention"
        entities.append({"type": kind, "offset": offset, "length": utf16_length(match.group())})
    return entities


def media_payload(kind: str, seed: int) -> JSON:
    """The message fields of a sticker, photo, voice note or document (``seed``: its file id)."""
    file = {"file_id": f"file-{seed}", "file_unique_id": f"u{seed}"}
    if kind == "sticker":
        return {
            "sticker": {
                **file,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        }
    if kind == "photo":
        return {"photo": [{**file, "width": 90, "height": 90}]}
    if kind == "voice":
        return {"voice": {**file, "duration": 3}}
    return {"document": {**file, "file_name": "surat.pdf"}}


def user_payload(user_id: int, first_name: str, language_code: str | None) -> JSON:
    """A Telegram User object for a person."""
    user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code:
        user["language_code"] = language_code
    return user


def checked_message(params: JSON) -> tuple[str, str, JSON | None]:
    """(text as sent, text as shown, reply markup) of a send or edit; BadRequestError if
    Telegram would refuse it: HTML that does not parse, empty or over 4,096 characters,
    button data outside 1-64 bytes."""
    raw = str(params.get("text", ""))
    html_mode = str(params.get("parse_mode", "")).upper() == "HTML"
    text = plain_text_of(raw) if html_mode else raw
    if not text.strip():
        raise BadRequestError("message text is empty")
    if utf16_length(text) > MESSAGE_LIMIT:
        raise BadRequestError("message is too long")
    markup = params.get("reply_markup")
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise BadRequestError("BUTTON_DATA_INVALID")
    return raw, text, markup


def bot_user_payload(bot_id: int, username: str) -> JSON:
    """The bot as a Telegram ``User``."""
    return {"id": bot_id, "is_bot": True, "first_name": "sisterbot", "username": username}


def message_payload(message: SentMessage, chat: JSON, bot_user: JSON) -> JSON:
    """A message the bot sent, as Telegram shows it in an update."""
    body: JSON = {
        "message_id": message.message_id,
        "date": int(time.time()),
        "chat": chat,
        "from": bot_user,
        "text": message.text,
    }
    if message.reply_markup:
        body["reply_markup"] = message.reply_markup
    return body


class WebhookSender:
    """Posts queued updates to the webhook set, one at a time and in order, as Telegram does.

    An update that gets no 2xx (refused connection, timeout, 5xx) is posted again after a
    short pause until it does: Telegram keeps an update until the webhook acknowledges it.
    A 4xx is final (the bot said it is not an update). Only this machine is ever posted to.
    """

    def __init__(
        self, webhook: Callable[[], JSON], *, pauses: tuple[float, ...] = (0.05, 0.2, 0.5, 1.0)
    ) -> None:
        self.queue: asyncio.Queue[JSON] = asyncio.Queue()
        self._webhook = webhook
        self._pauses = pauses
        self.in_flight = 0
        self.redeliveries = 0
        self.refused = 0

    @property
    def waiting(self) -> int:
        """Updates queued or being delivered."""
        return self.queue.qsize() + self.in_flight

    async def run(self) -> None:
        """Deliver forever (cancel to stop)."""
        async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
            while True:
                update = await self.queue.get()
                self.in_flight = 1
                try:
                    await self._deliver(client, update)
                finally:
                    self.in_flight = 0

    async def _deliver(self, client: httpx.AsyncClient, update: JSON) -> None:
        failures = 0
        while True:
            webhook = self._webhook()
            url, secret = webhook["url"], webhook.get("secret")
            if url and urlparse(url).hostname not in ("127.0.0.1", "localhost"):
                return  # the stand-in never sends traffic off this machine
            status = 0
            if url:
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
                with contextlib.suppress(httpx.HTTPError):
                    status = (await client.post(url, json=update, headers=headers)).status_code
            if 200 <= status < 300:
                return
            if 400 <= status < 500:
                self.refused += 1
                return
            failures += 1
            self.redeliveries += 1
            await asyncio.sleep(self._pauses[min(failures, len(self._pauses)) - 1])


def chat_payload(chat_id: int, first_name: str, *, group: bool) -> JSON:
    """A private chat, or a supergroup."""
    if group:
        return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
    return {"id": chat_id, "type": "private", "first_name": first_name}


def callback_payload(query_id: str, user: JSON, chat_id: int, data: str) -> JSON:
    """A button press (``callback_query``) without its message."""
    return {"id": query_id, "from": user, "chat_instance": str(chat_id), "data": data}


def allowed_update(allowed: list[str] | None, update: JSON) -> bool:
    """Whether ``update`` is of a kind the bot asked for (``allowed_updates``; None: all)."""
    return allowed is None or any(kind in update for kind in allowed)
