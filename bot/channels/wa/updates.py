"""WhatsApp webhook payloads -> small typed values (messages and status updates).

The Cloud API posts ``{"object": "whatsapp_business_account", "entry": [{"changes":
[{"field": "messages", "value": {...}}]}]}``; one post can carry several messages and
statuses. Parsing never raises: a malformed part is skipped (and counted), because the
sender is Meta retrying, and a payload that fails once fails forever.

pywa's update types need a client object and parse far more than we answer, so these
few fields are read here directly.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from bot.core.models import PlatformStatus
from bot.core.numbers import whole_number

log = logging.getLogger(__name__)

MessageKind = Literal["text", "button", "unsupported", "ignored"]

MAX_ID_LENGTH = 128  # the inbox's column; WhatsApp's ids are about 60 characters
LATEST_TIMESTAMP = 7_258_118_400  # 2200-01-01: a later "timestamp" is not a time
# Types that need no answer at all.
_SILENT_TYPES = frozenset({"reaction", "system", "request_welcome", "errors"})


@dataclass(frozen=True, slots=True, kw_only=True)
class InboundMessage:
    """One message a user sent to the business number.

    ``kind`` is ``text`` (``text`` set), ``button`` (``button_data`` set: a reply button,
    a list row or a template quick reply), ``unsupported`` (media and the like: the bot
    answers that it reads text only) or ``ignored`` (reactions, system notices).
    """

    message_id: str
    wa_id: str
    kind: MessageKind
    text: str = ""
    button_data: str | None = None
    display_name: str | None = None
    sent_at: datetime | None = None
    phone_number_id: str | None = None


# What happened to a message the bot sent (sent, delivered, read or failed): a core value,
# because the database keeps it.
StatusUpdate = PlatformStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookBatch:
    """Everything one webhook post carried, plus how many parts were unreadable."""

    messages: tuple[InboundMessage, ...] = ()
    statuses: tuple[StatusUpdate, ...] = ()
    skipped: int = 0


def parse_webhook(payload: Any) -> WebhookBatch:
    """Read a decoded webhook body; never raises (unreadable parts are skipped)."""
    messages: list[InboundMessage] = []
    statuses: list[StatusUpdate] = []
    skipped = 0
    if not isinstance(payload, Mapping):
        return WebhookBatch(skipped=1)
    for entry in _list(payload.get("entry")):
        for change in _list(_mapping(entry).get("changes")):
            change_map = _mapping(change)
            if change_map.get("field", "messages") != "messages":
                continue
            value = _mapping(change_map.get("value"))
            phone_number_id = _str(_mapping(value.get("metadata")).get("phone_number_id"))
            names = _contact_names(value.get("contacts"))
            for raw in _list(value.get("messages")):
                message = _parse_message(_mapping(raw), names, phone_number_id)
                if message is None:
                    skipped += 1
                else:
                    messages.append(message)
            for raw in _list(value.get("statuses")):
                status = _parse_status(_mapping(raw))
                if status is None:
                    skipped += 1
                else:
                    statuses.append(status)
    if not messages and not statuses and skipped == 0 and not _list(payload.get("entry")):
        skipped = 1
    return WebhookBatch(messages=tuple(messages), statuses=tuple(statuses), skipped=skipped)


def _parse_message(
    raw: Mapping[str, Any], names: Mapping[str, str], phone_number_id: str | None
) -> InboundMessage | None:
    message_id = _str(raw.get("id"))
    wa_id = _str(raw.get("from"))
    kind_text = _str(raw.get("type"))
    if not message_id or not wa_id or not kind_text:
        return None
    if len(message_id) > MAX_ID_LENGTH or len(wa_id) > MAX_ID_LENGTH:
        return None  # not an id WhatsApp gives: the rest of the post is still handled
    common: dict[str, Any] = {
        "message_id": message_id,
        "wa_id": wa_id,
        "display_name": names.get(wa_id),
        "sent_at": _timestamp(raw.get("timestamp")),
        "phone_number_id": phone_number_id,
    }
    if kind_text == "text":
        body = _mapping(raw.get("text")).get("body")
        if not isinstance(body, str):
            return None
        return InboundMessage(kind="text", text=_storable(body), **common)
    if kind_text == "interactive":
        interactive = _mapping(raw.get("interactive"))
        reply = _mapping(interactive.get(_str(interactive.get("type")) or ""))
        data = _str(reply.get("id"))
        if data is None:
            return InboundMessage(kind="unsupported", **common)
        return InboundMessage(kind="button", button_data=data, **common)
    if kind_text == "button":  # a quick-reply button of a template message
        data = _str(_mapping(raw.get("button")).get("payload"))
        if data is None:
            return None
        return InboundMessage(kind="button", button_data=data, **common)
    if kind_text in _SILENT_TYPES:
        return InboundMessage(kind="ignored", **common)
    # image, audio, video, document, sticker, location, contacts, order and any type
    # WhatsApp adds later: the user gets told that the bot reads text only
    return InboundMessage(kind="unsupported", **common)


def _parse_status(raw: Mapping[str, Any]) -> StatusUpdate | None:
    message_id = _str(raw.get("id"))
    status = _str(raw.get("status"))
    if not message_id or not status or len(message_id) > MAX_ID_LENGTH:
        return None
    error_code: int | None = None
    error_title: str | None = None
    errors = _list(raw.get("errors"))
    if errors:
        first = _mapping(errors[0])
        code = first.get("code")
        error_code = _int32(code)
        error_title = _str(first.get("title")) or _str(first.get("message"))
    return StatusUpdate(
        message_id=message_id,
        status=status[:20],
        at=_timestamp(raw.get("timestamp")),
        error_code=error_code,
        error_title=error_title[:200] if error_title else None,
    )


def _contact_names(contacts: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    for contact in _list(contacts):
        contact_map = _mapping(contact)
        wa_id = _str(contact_map.get("wa_id"))
        name = _str(_mapping(contact_map.get("profile")).get("name"))
        if wa_id and name:
            names[wa_id] = name
    return names


def _timestamp(value: Any) -> datetime | None:
    """A Unix time in seconds, or None when absent or impossible (before 1970, after 2200)."""
    text = _str(value)
    seconds = whole_number(text, 12) if text is not None else None
    if seconds is None or not 0 <= seconds <= LATEST_TIMESTAMP:
        return None
    return datetime.fromtimestamp(seconds, UTC)


def _int32(value: Any) -> int | None:
    """An integer that fits a database INTEGER column, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31:
        return value
    return None


def _storable(text: str) -> str:
    """``text`` with lone surrogates (not UTF-8, so not storable) and NUL replaced."""
    if text.isascii() and "\x00" not in text:
        return text
    return (
        text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\x00", "\ufffd")
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    if isinstance(value, str) and value:
        return _storable(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**18:
        return str(value)
    return None
