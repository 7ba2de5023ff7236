"""Sending through the Graph API: ``POST {base}/v{version}/{phone id}/messages``.

pywa's client cannot be pointed at another Graph API root: ``pywa.api.GraphAPI``
overwrites the session's ``base_url`` with ``https://graph.facebook.com/v{version}`` in
its constructor, with no option to change it, and WHATSAPP_API_BASE_URL (a proxy, a
local stand-in in tests) needs exactly that. The request bodies are small and
documented, so they are sent with httpx here; pywa's error catalogue
(:meth:`pywa.errors.WhatsAppError.from_dict`) still names and classifies the errors.

Throttling (HTTP 429, Graph codes 4, 80007, 130429, 131056 ...), server errors (5xx,
131000, 131016) and network failures are retried with exponential backoff (honouring
``Retry-After``); what still fails is returned, never raised or dropped. A failure after
the request went out (a read timeout, a dropped connection) or a 200 whose body cannot
be read leaves the outcome unsure (``maybe_delivered``): a conversation's reply is
retried anyway (a duplicate beats a lost answer), a reminder is not
(``send(..., retry_unsure=False)``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from pywa import errors as wa_errors

from bot.channels.wa.render import Message

log = logging.getLogger(__name__)

# The recipient cannot be reached at all: retrying or re-sending later will not help.
PERMANENT_CODES = frozenset({131026, 131030, 131021, 131050, 131031})
REENGAGEMENT_CODE = 131047
_RETRY_CODES = frozenset({1, 2, 131000, 131016, 133004})
# Failures before the request left: nothing can have reached WhatsApp.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 30.0


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphResult:
    """The outcome of one send: the message id, or the error with its Graph code."""

    ok: bool
    message_id: str | None = None
    status_code: int | None = None
    error_code: int | None = None
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None
    maybe_delivered: bool = False  # the request may have reached WhatsApp

    @property
    def permanent(self) -> bool:
        """Whether the recipient is unreachable (not a WhatsApp user, opted out, ...)."""
        return self.error_code in PERMANENT_CODES


class GraphClient:
    """Sends messages from one business phone number, with retries."""

    def __init__(
        self,
        *,
        base_url: str,
        api_version: str,
        phone_id: str,
        token: str,
        max_attempts: int = 5,
        timeout: float = 15.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        version = api_version.removeprefix("v")
        self._url = f"{base_url.rstrip('/')}/v{version}/{phone_id}/messages"
        self._media_url = f"{base_url.rstrip('/')}/v{version}/{phone_id}/media"
        self._headers = {"Authorization": f"Bearer {token}"}
        self._max_attempts = max(1, max_attempts)
        self._sleep = sleep
        self._http = http or httpx.AsyncClient(
            timeout=timeout, limits=httpx.Limits(max_connections=32)
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def send(self, to: str, message: Message, *, retry_unsure: bool = True) -> GraphResult:
        """Send one message to ``to`` (a WhatsApp id), retrying transient failures.

        ``retry_unsure=False``: a failure that may have delivered the message is returned
        at once (``maybe_delivered``), never retried.
        """
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        body.update(message)
        result = GraphResult(ok=False, error="not attempted")
        for attempt in range(self._max_attempts):
            result = await self._post(body)
            if result.maybe_delivered and not retry_unsure:
                break
            if result.ok or not result.retryable or attempt == self._max_attempts - 1:
                break
            delay = result.retry_after or min(
                BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt
            )
            log.info("whatsapp send retry %d in %.1fs: %s", attempt + 1, delay, result.error)
            await self._sleep(delay)
        if result.ok:
            log.debug("whatsapp %s message sent: %s", message.get("type"), result.message_id)
        else:
            log.warning("whatsapp %s message not sent: %s", message.get("type"), result.error)
        return result

    async def upload_png(self, data: bytes, name: str) -> GraphResult:
        """Upload a PNG for a later image message; its media id as ``message_id``."""
        try:
            response = await self._http.post(
                self._media_url,
                data={"messaging_product": "whatsapp", "type": "image/png"},
                files={"file": (name, data, "image/png")},
                headers=self._headers,
            )
        except httpx.TransportError as error:
            return GraphResult(ok=False, error=f"network: {type(error).__name__}", retryable=True)
        if response.status_code != 200:
            return _error_result(response)
        try:
            media_id = str(response.json()["id"])
        except (ValueError, KeyError, TypeError):
            return GraphResult(ok=False, error="media upload answered without an id")
        return GraphResult(ok=True, message_id=media_id, status_code=200)

    async def mark_read(self, message_id: str) -> GraphResult:
        """Show the user's message as read (blue ticks); best effort, one attempt."""
        body = {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}
        return await self._post(body)

    async def _post(self, body: dict[str, Any]) -> GraphResult:
        try:
            response = await self._http.post(self._url, json=body, headers=self._headers)
        except httpx.TransportError as error:
            return GraphResult(
                ok=False,
                error=f"network: {type(error).__name__}",
                retryable=True,
                maybe_delivered=not isinstance(error, _NOT_SENT),
            )
        if response.status_code == 200:
            try:
                message_id = str(response.json()["messages"][0]["id"])
            except (ValueError, KeyError, IndexError, TypeError):
                # accepted, but with no id this message cannot be followed: unsure
                return GraphResult(
                    ok=True, status_code=200, maybe_delivered=True, error="unreadable answer"
                )
            return GraphResult(ok=True, message_id=message_id, status_code=200)
        return _error_result(response)


def _error_result(response: httpx.Response) -> GraphResult:
    """Classify a non-200 answer with pywa's catalogue of Graph API error codes."""
    try:
        payload = response.json()
        raw_error = payload["error"]
        error = wa_errors.WhatsAppError.from_dict(raw_error)
    except (ValueError, KeyError, TypeError):
        error = None
    retry_after = _retry_after(response)
    if error is None:
        return GraphResult(
            ok=False,
            status_code=response.status_code,
            error=f"HTTP {response.status_code}",
            retryable=response.status_code == 429 or response.status_code >= 500,
            retry_after=retry_after,
        )
    retryable = (
        response.status_code == 429
        or response.status_code >= 500
        or isinstance(error, wa_errors.ThrottlingError)
        or error.code in _RETRY_CODES
        or bool(error.is_transient)
    )
    name = type(error).__name__
    return GraphResult(
        ok=False,
        status_code=response.status_code,
        error_code=error.code,
        error=f"{name} ({error.code}): {error.message[:200]}",
        retryable=retryable,
        retry_after=retry_after,
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        seconds = float(value)
    except ValueError:
        return None
    return min(max(seconds, 0.0), BACKOFF_MAX_SECONDS)
