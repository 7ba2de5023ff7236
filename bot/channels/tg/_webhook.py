"""Telegram's webhook at ``/telegram``: check the secret, queue the update, answer fast.

The custom-webhook pattern of python-telegram-bot (examples/customwebhookbot): the
Application has no Updater; our own Starlette app receives the POST and puts the Update
on ``application.update_queue``. A request without the right
``X-Telegram-Bot-Api-Secret-Token`` gets 403; a body that is not an update, 400; a
redelivered update (same ``update_id``) is acknowledged and dropped.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections import deque
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
WEBHOOK_PATH = "/telegram"
_REMEMBERED_IDS = 10_000


def webhook_route(application: Application[Any, Any, Any, Any, Any, Any], secret: str) -> Route:
    """The ``/telegram`` route feeding ``application``'s update queue."""
    recent: deque[int] = deque(maxlen=_REMEMBERED_IDS)
    seen: set[int] = set()
    expected = secret.encode()

    async def receive(request: Request) -> Response:
        """One update from Telegram."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return Response("forbidden", status_code=403)
        try:
            data = json.loads(await request.body())
            update_id = data["update_id"]
            if not isinstance(update_id, int):
                raise TypeError("update_id is not an integer")
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            log.info("rejected a webhook body that is not an update: %s", type(error).__name__)
            return Response("not an update", status_code=400)
        if update_id in seen:
            return Response(status_code=200)
        if len(recent) == recent.maxlen:
            seen.discard(recent[0])
        recent.append(update_id)
        seen.add(update_id)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return Route(WEBHOOK_PATH, receive, methods=["POST"])
