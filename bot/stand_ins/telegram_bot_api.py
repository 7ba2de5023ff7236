"""A local Telegram Bot API server, on 127.0.0.1, for the tests and ``sisterbot bench``.

It speaks enough of the Bot API for python-telegram-bot's real HTTP stack: getMe,
getUpdates (long polling, offset, allowed_updates), sendMessage, editMessageText,
editMessageReplyMarkup, answerCallbackQuery, set/delete/getMyCommands and the webhook
methods. The test side posts what a user does (a message of any kind, an edit, a button
press) and reads what the bot sent, in order, per chat. It checks what real Telegram
checks (HTML that parses, 4,096 characters, 64-byte button data), can enforce flood
limits by answering 429 with ``retry_after``, can fail requests on purpose (5xx, stalls)
and records every request, so a test can assert that nothing was sent twice. In webhook
mode it posts updates one at a time, in order, and posts an update again until the bot
answers it 2xx, as Telegram does (:class:`~bot.stand_ins.telegram_wire.WebhookSender`).

Usage::

    async with TelegramBotApiStandIn() as api:
        # point the bot at api.base_url with api.token, then:
        api.post_message(chat_id=7, text="/start")
        sent = await api.wait_for_sent(1, chat_id=7)
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.stand_ins.telegram_wire import (
    JSON,
    LIMITED_METHODS,
    BadRequestError,
    Fault,
    FloodGate,
    FloodLimits,
    RecordedRequest,
    SentMessage,
    SentPhoto,
    WebhookSender,
    allowed_update,
    as_message,
    bot_user_payload,
    callback_payload,
    chat_payload,
    checked_message,
    entities_of,
    media_payload,
    message_payload,
    plain_text_of,
    request_params,
    user_payload,
    utf16_length,
)
from bot.web import HttpServer

MEDIA_KINDS = ("text", "sticker", "photo", "voice", "document")


class TelegramBotApiStandIn:
    """The server, started and stopped as an async context manager."""

    def __init__(
        self,
        *,
        token: str = "123456:stand-in-token",  # noqa: S107 - a test token
        bot_username: str = "sisterbot_test_bot",
        limits: FloodLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.flood_gate = FloodGate(limits or FloodLimits(), clock)
        self._clock = clock
        self.requests: list[RecordedRequest] = []
        self.callback_answers: list[JSON] = []
        self.commands: dict[str, list[JSON]] = {}
        self.webhook: JSON = {"url": ""}
        self.blocked_chats: set[int] = set()  # users who blocked the bot: 403 on send
        self.photos: list[SentPhoto] = []  # sendPhoto uploads (also listed in sent())
        self._messages: dict[int, SentMessage] = {}  # by message_id, bot's messages
        self._sent_order: list[int] = []
        self._sent_by_chat: dict[int, list[int]] = {}
        self._updates: list[JSON] = []
        self._allowed_updates: list[str] | None = None
        self._polls_at_once = False
        self._next_update_id = 1
        self._next_message_id = 1
        self._changed = asyncio.Event()
        self._faults: list[Fault] = []
        self._garbled: dict[str, int] = {}
        self._chats: dict[int, JSON] = {}
        self.webhook_sender = WebhookSender(lambda: self.webhook)
        app = Starlette(routes=[Route("/bot{token}/{method}", self._api, methods=["GET", "POST"])])
        self._http = HttpServer(app, "127.0.0.1", 0)
        self._webhook_task: asyncio.Task[None] | None = None

    # --- lifecycle ----------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port the stand-in listens on (once entered)."""
        return self._http.port

    @property
    def base_url(self) -> str:
        """The API root, as TELEGRAM_API_BASE_URL (``/bot<token>/<method>`` appended)."""
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> TelegramBotApiStandIn:
        await self._http.start()
        self._webhook_task = asyncio.create_task(self.webhook_sender.run())
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._http.stop()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task

    # --- the user's side ----------------------------------------------------------------

    def post_message(
        self,
        *,
        chat_id: int,
        text: str | None = None,
        kind: str = "text",
        user_id: int | None = None,
        first_name: str = "Budi",
        language_code: str | None = "id",
        group: bool = False,
        reply_to_message_id: int | None = None,
        edit_of: int | None = None,
    ) -> JSON:
        """Queue a user's message (or, with ``edit_of``, an edit of one); return it."""
        if kind not in MEDIA_KINDS:
            raise ValueError(f"kind must be one of {MEDIA_KINDS}")
        user = user_payload(user_id or abs(chat_id), first_name, language_code)
        chat = chat_payload(chat_id, first_name, group=group)
        self._chats[chat_id] = chat
        message: JSON = {
            "message_id": edit_of or self._new_message_id(),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
        }
        if kind == "text":
            message["text"] = text or ""
            message["entities"] = entities_of(text or "")
        else:
            message.update(media_payload(kind, self._next_message_id))
            if text:
                message["caption"] = text
        if reply_to_message_id is not None and reply_to_message_id in self._messages:
            message["reply_to_message"] = self._message_json(self._messages[reply_to_message_id])
        if edit_of is not None:
            message["edit_date"] = int(time.time())
            return self._add_update("edited_message", message)
        return self._add_update("message", message)

    def press_button(
        self,
        *,
        chat_id: int,
        data: str,
        message_id: int | None = None,
        user_id: int | None = None,
        language_code: str | None = "id",
    ) -> JSON:
        """Queue a button press on the bot's message (default: its last one in the chat)."""
        if message_id is None:
            mine = self.sent(chat_id)
            message_id = mine[-1].message_id if mine else None
        user = user_payload(user_id or abs(chat_id), "Budi", language_code)
        query = callback_payload(str(self._next_update_id), user, chat_id, data)
        if message_id is not None and message_id in self._messages:
            query["message"] = self._message_json(self._messages[message_id])
        return self._add_update("callback_query", query)

    # --- reading what the bot did -------------------------------------------------------

    def sent(self, chat_id: int | None = None) -> list[SentMessage]:
        """The bot's messages in the order sent (current text after edits)."""
        order = self._sent_order if chat_id is None else self._sent_by_chat.get(chat_id, [])
        return [self._messages[m] for m in order]

    @property
    def pending_updates(self) -> int:
        """Updates queued for the bot and not yet confirmed by a later getUpdates offset."""
        return len(self._updates) + self.webhook_sender.waiting

    def calls(self, method: str, *, ok_only: bool = True) -> list[RecordedRequest]:
        """Recorded calls of one method (case-insensitive), successful ones by default."""
        wanted = method.lower()
        return [r for r in self.requests if r.method == wanted and (r.status == 200 or not ok_only)]

    async def wait_until(self, predicate: Callable[[], bool], *, within: float = 15.0) -> None:
        """Wait, without polling, until ``predicate()`` holds after some request."""
        deadline = asyncio.get_running_loop().time() + within
        while not predicate():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError("the stand-in did not see the expected requests in time")
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout=remaining)

    async def wait_for_sent(
        self, count: int, *, chat_id: int | None = None, within: float = 15.0
    ) -> list[SentMessage]:
        """Wait until the bot has sent ``count`` messages (to ``chat_id``); return them."""
        try:
            await self.wait_until(lambda: len(self.sent(chat_id)) >= count, within=within)
        except TimeoutError:
            got = [m.text[:80] for m in self.sent(chat_id)]
            raise AssertionError(f"expected {count} messages to {chat_id}, got {got}") from None
        return self.sent(chat_id)

    @contextlib.contextmanager
    def polls_answered_at_once(self) -> Iterator[None]:
        """While inside, getUpdates does not wait: lets a bot stop without a long poll."""
        self._polls_at_once = True
        self._notify()
        try:
            yield
        finally:
            self._polls_at_once = False

    def garble_next(self, method: str, *, count: int = 1) -> None:
        """Do the next ``count`` calls of ``method``, then answer 200 with an unreadable body."""
        self._garbled[method.lower()] = self._garbled.get(method.lower(), 0) + count

    def fail_next(
        self, method: str, *, status: int = 502, count: int = 1, stall_seconds: float = 0.0
    ) -> None:
        """Answer the next ``count`` calls of ``method`` with ``status`` without doing them.

        With ``stall_seconds`` the answer comes that late (a client timeout before it).
        """
        self._faults.append(
            Fault(method=method.lower(), status=status, count=count, stall_seconds=stall_seconds)
        )

    # --- the Bot API --------------------------------------------------------------------

    async def _api(self, request: Request) -> Response:
        method = request.path_params["method"].lower()
        if request.path_params["token"] != self.token:
            return self._answer(method, {}, 401, error="Unauthorized")
        try:
            params = await request_params(request)
        except ClientDisconnect:  # the bot shut down mid-request: nobody to answer
            return JSONResponse({"ok": False}, status_code=499)
        fault = next((f for f in self._faults if f.method == method and f.count > 0), None)
        if fault is not None:
            fault.count -= 1
            await asyncio.sleep(fault.stall_seconds)
            return self._answer(method, params, fault.status, error="Bad Gateway")
        if method in LIMITED_METHODS:
            chat_id = int(params.get("chat_id", 0))
            if chat_id in self.blocked_chats:
                return self._answer(
                    method, params, 403, error="Forbidden: bot was blocked by the user"
                )
            if not self.flood_gate.admit(chat_id):
                retry_after = self.flood_gate.limits.retry_after
                return self._answer(
                    method,
                    params,
                    429,
                    error=f"Too Many Requests: retry after {retry_after}",
                    parameters={"retry_after": retry_after},
                )
        try:
            if method == "getupdates":
                result: Any = await self._get_updates(params)
            else:
                result = self._call(method, params)
        except BadRequestError as error:
            return self._answer(method, params, 400, error=f"Bad Request: {error}")
        except LookupError as error:
            return self._answer(method, params, 404, error=f"Not Found: {error}")
        if self._garbled.get(method, 0) > 0:
            self._garbled[method] -= 1
            self._answer(method, params, 200, result=result)  # recorded as done
            return Response(b"<html>502 upstream</html>", media_type="text/html")
        return self._answer(method, params, 200, result=result)

    def _call(self, method: str, params: JSON) -> Any:
        if method == "getme":
            return {
                **bot_user_payload(self.bot_id, self.bot_username),
                "can_join_groups": True,
                "supports_inline_queries": False,
            }
        if method in ("sendmessage", "sendphoto"):
            return self._message_json(self._store(as_message(method, params, self.photos), None))
        if method in ("editmessagetext", "editmessagereplymarkup"):
            old = self._messages.get(int(params.get("message_id", 0)))
            if old is None or old.chat_id != int(params.get("chat_id", 0)):
                raise BadRequestError("message to edit not found")
            if method == "editmessagereplymarkup":
                params = {"text": old.html, "parse_mode": "HTML", **params}
            return self._message_json(self._store(params, old.message_id))
        if method == "answercallbackquery":
            self.callback_answers.append(params)
            return True
        if method == "setmycommands":
            self.commands[str(params.get("language_code", ""))] = list(params["commands"])
            return True
        if method == "deletemycommands":
            self.commands.pop(str(params.get("language_code", "")), None)
            return True
        if method == "getmycommands":
            return self.commands.get(str(params.get("language_code", "")), [])
        if method == "setwebhook":
            self.webhook = {"url": params.get("url", ""), "secret": params.get("secret_token")}
            return True
        if method == "deletewebhook":
            self.webhook = {"url": ""}
            if params.get("drop_pending_updates") in (True, "true", "True"):
                self._updates.clear()
            return True
        if method == "getwebhookinfo":
            return {
                "url": self.webhook["url"],
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
        if method in ("close", "logout"):
            return True
        raise LookupError(f"method {method!r} is not served by the stand-in")

    async def _get_updates(self, params: JSON) -> list[JSON]:
        if self.webhook["url"]:
            raise BadRequestError("Conflict: can't use getUpdates while webhook is active")
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if params.get("allowed_updates") is not None:
            self._allowed_updates = list(params["allowed_updates"]) or None
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            ready = [u for u in self._updates if allowed_update(self._allowed_updates, u)][:limit]
            remaining = deadline - asyncio.get_running_loop().time()
            if ready or remaining <= 0 or self._polls_at_once:
                return ready
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout=remaining)

    def _store(self, params: JSON, message_id: int | None) -> SentMessage:
        chat_id = int(params.get("chat_id", 0))
        raw, text, markup = checked_message(params)
        sent = SentMessage(
            chat_id=chat_id,
            message_id=message_id or self._new_message_id(),
            html=raw,
            text=text,
            reply_markup=markup,
            at=self._clock(),
        )
        if message_id is None:
            self._sent_order.append(sent.message_id)
            self._sent_by_chat.setdefault(chat_id, []).append(sent.message_id)
        self._messages[sent.message_id] = sent
        return sent

    def _answer(
        self,
        method: str,
        params: JSON,
        status: int,
        *,
        result: Any = None,
        error: str = "",
        parameters: JSON | None = None,
    ) -> JSONResponse:
        self.requests.append(
            RecordedRequest(method=method, params=params, status=status, at=self._clock())
        )
        self._notify()
        if status == 200:
            return JSONResponse({"ok": True, "result": result})
        body: JSON = {"ok": False, "error_code": status, "description": error}
        if parameters:
            body["parameters"] = parameters
        return JSONResponse(body, status_code=status)

    # --- helpers ------------------------------------------------------------------------

    def _add_update(self, kind: str, payload: JSON) -> JSON:
        update = {"update_id": self._next_update_id, kind: payload}
        self._next_update_id += 1
        if self.webhook["url"]:
            self.webhook_sender.queue.put_nowait(update)
        else:
            self._updates.append(update)
        self._notify()
        return update

    def _notify(self) -> None:
        # Waiters hold the old event; setting it wakes them, the new one waits afresh.
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    def _new_message_id(self) -> int:
        self._next_message_id += 1
        return self._next_message_id

    def _message_json(self, message: SentMessage) -> JSON:
        chat = self._chats.get(message.chat_id, {"id": message.chat_id, "type": "private"})
        return message_payload(message, chat, bot_user_payload(self.bot_id, self.bot_username))


__all__ = ["FloodLimits", "RecordedRequest", "SentMessage", "TelegramBotApiStandIn"]
__all__ += ["plain_text_of", "utf16_length"]
