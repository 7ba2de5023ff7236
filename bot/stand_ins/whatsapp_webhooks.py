"""Webhook payloads shaped like the ones Meta posts (Cloud API, ``messages`` field).

The stand-in's :meth:`~bot.stand_ins.whatsapp_graph_api.WhatsAppGraphApiStandIn.deliver`
signs and posts them; tests and the bench build them here. Recorded examples are in
``tests/whatsapp/data/``.
"""

from __future__ import annotations

import itertools
from typing import Any

JSON = dict[str, Any]

_message_ids = itertools.count(1)


def _envelope(value: JSON, phone_id: str) -> JSON:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": phone_id},
        **value,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


def message_payload(
    wa_id: str,
    message: JSON,
    *,
    message_id: str | None = None,
    name: str = "Petugas",
    phone_id: str = "100200300400",
    timestamp: int = 1764300000,
) -> JSON:
    """A webhook payload carrying one user message (``message`` holds type and content)."""
    body = {
        "from": wa_id,
        "id": message_id or f"wamid.user{next(_message_ids):010d}",
        "timestamp": str(timestamp),
        **message,
    }
    contacts = [{"profile": {"name": name}, "wa_id": wa_id}]
    return _envelope({"contacts": contacts, "messages": [body]}, phone_id)


def text_payload(wa_id: str, text: str, **kwargs: Any) -> JSON:
    """A text message from ``wa_id``."""
    return message_payload(wa_id, {"type": "text", "text": {"body": text}}, **kwargs)


def button_reply_payload(wa_id: str, data: str, title: str = "", **kwargs: Any) -> JSON:
    """A press of a reply button whose id is ``data``."""
    reply = {"type": "button_reply", "button_reply": {"id": data, "title": title or data}}
    return message_payload(wa_id, {"type": "interactive", "interactive": reply}, **kwargs)


def list_reply_payload(wa_id: str, data: str, title: str = "", **kwargs: Any) -> JSON:
    """A choice of a list row whose id is ``data``."""
    reply = {"type": "list_reply", "list_reply": {"id": data, "title": title or data}}
    return message_payload(wa_id, {"type": "interactive", "interactive": reply}, **kwargs)


def status_payload(
    message_id: str,
    status: str,
    wa_id: str,
    *,
    error_code: int | None = None,
    phone_id: str = "100200300400",
) -> JSON:
    """A delivery status (sent, delivered, read, failed) of a message the bot sent."""
    item: JSON = {
        "id": message_id,
        "status": status,
        "timestamp": "1764300100",
        "recipient_id": wa_id,
    }
    if error_code is not None:
        item["errors"] = [{"code": error_code, "title": "stand-in failure"}]
    return _envelope({"statuses": [item]}, phone_id)
