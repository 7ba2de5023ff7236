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
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy as email_policy
from email.parser import BytesParser
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from bot.channels.wa.signature import sign
from bot.stand_ins.whatsapp_limits import GraphError, validate_message
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
    at: float = 0.0  # when the stand-in accepted it (time.monotonic): rates, in benchmarks

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
    media: dict[str, bytes] = field(default_factory=dict)  # uploads by media id
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
            routes=[
                Route("/{version}/{phone_id}/messages", self._messages, methods=["POST"]),
                Route("/{version}/{phone_id}", self._phone_number, methods=["GET"]),
                Route("/{version}/{phone_id}/media", self._upload, methods=["POST"]),
            ]
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

    async def _phone_number(self, request: Request) -> JSONResponse:
        """``GET /v<version>/<phone id>``: the business number, as ``sisterbot doctor`` asks."""
        self.requests += 1
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return _error(401, 190, "Invalid OAuth access token")
        if request.path_params["phone_id"] != self.phone_id:
            return _error(400, 100, "Unsupported get request: unknown phone number id")
        return JSONResponse(
            {
                "id": self.phone_id,
                "display_phone_number": "+62 21 5555 0100",
                "verified_name": "sisterbot stand-in",
                "quality_rating": "GREEN",
            }
        )

    async def _upload(self, request: Request) -> JSONResponse:
        """``POST /<phone id>/media`` (multipart ``file``, ``type``): the media id."""
        if request.path_params["phone_id"] != self.phone_id:
            return _error(400, 100, "Unsupported post request: unknown phone number id")
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return _error(401, 190, "Invalid OAuth access token")
        head = f"Content-Type: {request.headers.get('content-type', '')}\r\n\r\n".encode()
        message = BytesParser(policy=email_policy.default).parsebytes(head + await request.body())
        parts = {
            part.get_param("name", header="content-disposition"): part
            for part in (message.iter_parts() if message.is_multipart() else [])
        }
        upload = parts.get("file")
        data = upload.get_payload(decode=True) if upload is not None else None
        png = upload is not None and upload.get_content_type() == "image/png"
        if not isinstance(data, bytes) or not data or not png:
            return _error(400, 131053, "Media upload error: a PNG file is required")
        media_id = f"media.standin{next(self._ids):08d}"
        self.media[media_id] = data
        self._changed.set()
        return JSONResponse({"id": media_id})

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
        self.sent.append(SentMessage(message_id=message_id, to=to, body=body, at=time.monotonic()))
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
