"""A local stand-in for Meta's side of WhatsApp: the Graph API and the webhook sender.

It plays both directions on 127.0.0.1:

- the Graph API's ``POST /v<version>/<phone id>/messages``: checks the Bearer token,
  validates the body against WhatsApp's documented limits (a violation answers 400 with
  Graph error 131009, as WhatsApp does), records what the bot sent and gives it a
  ``wamid``; scripted faults answer 5xx / 429 or Graph errors such as the re-engagement
  error 131047 (for chats whose 24-hour window is closed);
- Meta's webhook sender: :meth:`WhatsAppGraphApiStandIn.deliver` posts a payload to the
  bot's ``/whatsapp``, signed with the app secret (or unsigned, or badly signed); the
  payloads come from :mod:`bot.stand_ins.whatsapp_webhooks`.

Usage::

    async with WhatsAppGraphApiStandIn(token="t", phone_id="123") as graph:
        settings = replace(settings, whatsapp_api_base_url=graph.base_url)
        ...
        await graph.deliver(bot_url, text_payload("6281234", "halo"), app_secret="s")
        sent = await graph.wait_for_sent(1)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from bot.channels.wa.signature import sign
from bot.web import HttpServer

JSON = dict[str, Any]


class LocalServer(HttpServer):
    """Serves an ASGI app on 127.0.0.1 on a free port, as an async context manager."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app, "127.0.0.1", 0)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"


@dataclass(frozen=True, slots=True)
class SentMessage:
    """One message the bot sent, as the Graph API received it."""

    message_id: str
    to: str
    body: JSON

    @property
    def type(self) -> str:
        """``text``, ``interactive`` or ``template``."""
        return str(self.body.get("type"))

    @property
    def interactive_type(self) -> str | None:
        """``button`` or ``list`` for interactive messages."""
        if self.type != "interactive":
            return None
        return str(self.body["interactive"]["type"])

    @property
    def text(self) -> str:
        """The visible text: body, interactive body, or the template's parameters."""
        if self.type == "text":
            return str(self.body["text"]["body"])
        if self.type == "interactive":
            return str(self.body["interactive"]["body"]["text"])
        return " | ".join(self.template_params)

    @property
    def template_params(self) -> list[str]:
        """A template message's body parameters."""
        if self.type != "template":
            return []
        for component in self.body["template"].get("components", []):
            if component.get("type") == "body":
                return [p["text"] for p in component.get("parameters", [])]
        return []

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(id, title) of the reply buttons or list rows, in order."""
        if self.type != "interactive":
            return []
        action = self.body["interactive"]["action"]
        if "buttons" in action:
            return [(b["reply"]["id"], b["reply"]["title"]) for b in action["buttons"]]
        return [(r["id"], r["title"]) for s in action["sections"] for r in s["rows"]]


@dataclass(slots=True)
class _Fault:
    status: int
    code: int | None
    count: int
    retry_after: float | None = None


class GraphError(Exception):
    """An answer the stand-in gives as a Graph API error."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(slots=True)
class WhatsAppGraphApiStandIn:
    """The stand-in, started and stopped as an async context manager."""

    token: str = "stand-in-token"  # noqa: S105 - a stand-in's fake token
    phone_id: str = "100200300400"
    sent: list[SentMessage] = field(default_factory=list)
    read_receipts: list[str] = field(default_factory=list)
    rejected: list[tuple[JSON, str]] = field(default_factory=list)
    closed_windows: set[str] = field(default_factory=set)  # 131047 for free-form messages
    undeliverable: set[str] = field(default_factory=set)  # 131026: not on WhatsApp
    _faults: list[_Fault] = field(default_factory=list)
    _garbled: int = 0  # the next sends are done but answered with an unreadable body
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _server: LocalServer | None = None
    requests: int = 0

    @property
    def base_url(self) -> str:
        """The Graph API root, as WHATSAPP_API_BASE_URL."""
        assert self._server is not None, "start the stand-in first"
        return self._server.url

    async def __aenter__(self) -> WhatsAppGraphApiStandIn:
        app = Starlette(
            routes=[Route("/{version}/{phone_id}/messages", self._messages, methods=["POST"])]
        )
        self._server = LocalServer(app)
        await self._server.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            await self._server.__aexit__(*exc)

    # --- scripting ----------------------------------------------------------------------

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 500,
        code: int | None = 131000,
        retry_after: float | None = None,
    ) -> None:
        """Answer the next ``count`` sends with this error (status 429, 500, 503 ...)."""
        self._faults.append(_Fault(status=status, code=code, count=count, retry_after=retry_after))

    def garble_next(self, count: int = 1) -> None:
        """Send the next ``count`` messages, but answer 200 with a body no client can read."""
        self._garbled += count

    def sent_to(self, wa_id: str) -> list[SentMessage]:
        """What the bot sent to one user, in order."""
        return [m for m in self.sent if m.to == wa_id]

    async def wait_until(self, predicate: Callable[[], bool], *, within: float = 15.0) -> None:
        """Wait (without polling the bot) until ``predicate()`` holds; TimeoutError if not."""
        async with asyncio.timeout(within):
            while not predicate():
                self._changed.clear()
                await self._changed.wait()

    async def wait_for_sent(
        self, count: int, *, to: str | None = None, within: float = 15.0
    ) -> list[SentMessage]:
        """Wait until at least ``count`` messages were sent (to ``to``, if given)."""

        def chosen() -> list[SentMessage]:
            return self.sent if to is None else self.sent_to(to)

        await self.wait_until(lambda: len(chosen()) >= count, within=within)
        return chosen()

    # --- Meta's webhook sender ------------------------------------------------------------

    async def deliver(
        self,
        url: str,
        payload: JSON | bytes,
        *,
        app_secret: str | None,
        signature: str | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> httpx.Response:
        """POST ``payload`` to the bot's webhook, signed with ``app_secret`` (None: unsigned).

        ``signature`` overrides the header (a forged or malformed one).
        """
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers: dict[bytes, bytes] = {b"Content-Type": b"application/json"}
        if signature is not None:  # as raw bytes: a hostile header need not be ASCII
            headers[b"X-Hub-Signature-256"] = signature.encode()
        elif app_secret is not None:
            headers[b"X-Hub-Signature-256"] = sign(body, app_secret).encode()
        if client is not None:
            return await client.post(url, content=body, headers=headers)
        async with httpx.AsyncClient(timeout=30) as own:
            return await own.post(url, content=body, headers=headers)

    # --- the Graph API ------------------------------------------------------------------

    async def _messages(self, request: Request) -> Response:
        self.requests += 1
        try:
            if request.path_params["phone_id"] != self.phone_id:
                raise GraphError(400, 100, "Unsupported post request: unknown phone number id")
            if request.headers.get("authorization") != f"Bearer {self.token}":
                raise GraphError(401, 190, "Invalid OAuth access token")
            fault = self._take_fault()
            if fault is not None:
                headers = {}
                if fault.retry_after is not None:
                    headers["Retry-After"] = str(fault.retry_after)
                return _error(fault.status, fault.code or 0, "stand-in fault", headers)
            try:
                body = await request.json()
            except ValueError as error:
                raise GraphError(400, 100, "body is not JSON") from error
            accepted = self._accept(body)
            if self._garbled > 0 and "messages" in accepted:
                self._garbled -= 1
                return Response(b"<html>upstream reset</html>", media_type="text/html")
            return JSONResponse(accepted)
        except GraphError as error:
            return _error(error.status, error.code, error.message)
        finally:
            self._changed.set()

    def _take_fault(self) -> _Fault | None:
        if not self._faults:
            return None
        fault = self._faults[0]
        fault.count -= 1
        if fault.count <= 0:
            self._faults.pop(0)
        return fault

    def _accept(self, body: JSON) -> JSON:
        if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp":
            raise GraphError(400, 100, "messaging_product must be whatsapp")
        if body.get("status") == "read":
            self.read_receipts.append(str(body.get("message_id")))
            return {"success": True}
        to = body.get("to")
        if not isinstance(to, str) or not to:
            raise GraphError(400, 131008, "Required parameter is missing: to")
        try:
            validate_message(body)
        except GraphError as error:
            self.rejected.append((body, error.message))
            raise
        if to in self.undeliverable:
            raise GraphError(400, 131026, "Message undeliverable")
        if to in self.closed_windows and body["type"] != "template":
            raise GraphError(
                400,
                131047,
                "Re-engagement message: more than 24 hours since the customer last replied",
            )
        message_id = f"wamid.standin{next(self._ids):08d}"
        self.sent.append(SentMessage(message_id=message_id, to=to, body=body))
        return {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": message_id}],
        }


def _error(
    status: int, code: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {
            "error": {
                "message": message,
                "type": "OAuthException",
                "code": code,
                "error_data": {"messaging_product": "whatsapp", "details": message},
                "fbtrace_id": "StandInTrace",
            }
        },
        status_code=status,
        headers=headers,
    )


def _check(condition: bool, details: str) -> None:
    if not condition:
        raise GraphError(400, 131009, f"Parameter value is not valid: {details}")


def _text(value: Any, limit: int, what: str, *, required: bool = True) -> None:
    if value is None and not required:
        return
    _check(isinstance(value, str), f"{what} must be a string")
    _check(0 < len(value) <= limit, f"{what} must be 1-{limit} characters")


def validate_message(body: JSON) -> None:
    """Raise GraphError (131009) when ``body`` breaks WhatsApp's documented limits."""
    kind = body.get("type")
    if kind == "text":
        _text(body.get("text", {}).get("body"), 4096, "text.body")
    elif kind == "interactive":
        _validate_interactive(body.get("interactive") or {})
    elif kind == "template":
        _validate_template(body.get("template") or {})
    else:
        raise GraphError(400, 131051, f"Unsupported message type {kind!r}")


def _validate_interactive(interactive: JSON) -> None:
    _text((interactive.get("body") or {}).get("text"), 1024, "interactive.body.text")
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        buttons = action.get("buttons") or []
        _check(1 <= len(buttons) <= 3, "1-3 reply buttons")
        titles = [b["reply"]["title"] for b in buttons]
        ids = [b["reply"]["id"] for b in buttons]
        for title in titles:
            _text(title, 20, "button title")
        for button_id in ids:
            _text(button_id, 256, "button id")
        _check(len(set(titles)) == len(titles), "button titles must be unique")
        _check(len(set(ids)) == len(ids), "button ids must be unique")
    elif interactive.get("type") == "list":
        _text(action.get("button"), 20, "list button")
        sections = action.get("sections") or []
        _check(1 <= len(sections) <= 10, "1-10 sections")
        rows = [row for section in sections for row in section.get("rows", [])]
        _check(1 <= len(rows) <= 10, "1-10 rows in total")
        for section in sections:
            _text(section.get("title"), 24, "section title", required=len(sections) > 1)
        for row in rows:
            _text(row.get("id"), 200, "row id")
            _text(row.get("title"), 24, "row title")
            _text(row.get("description"), 72, "row description", required=False)
        ids = [row["id"] for row in rows]
        _check(len(set(ids)) == len(ids), "row ids must be unique")
    else:
        raise GraphError(400, 131009, "interactive.type must be button or list")


def _validate_template(template: JSON) -> None:
    _text(template.get("name"), 512, "template.name")
    _text((template.get("language") or {}).get("code"), 15, "template.language.code")
    for component in template.get("components", []):
        for parameter in component.get("parameters", []):
            value = parameter.get("text")
            _text(value, 1024, "template parameter")
            _check(
                not re.search(r"[\n\t]| {5,}", value),
                "template parameters may not contain newlines, tabs or 5 spaces",
            )
