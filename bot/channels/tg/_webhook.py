"""Telegram's webhook at ``/telegram``: check the secret, store the update, then answer.

The custom-webhook pattern of python-telegram-bot (examples/customwebhookbot): the
Application has no Updater; our own Starlette app receives the POST. The update is
stored in the inbox *before* the 200 (:class:`~bot.channels.tg._inbox.UpdateInbox`), so
one acknowledged is never lost to a crash; when the database cannot take it the answer
is 503 and Telegram delivers it again. A request without the right
``X-Telegram-Bot-Api-Secret-Token`` gets 403; a body that is not an update (not JSON, too
deep, an impossible date), 400; a redelivered update (same ``update_id``) and one from
a user over the flood limit are acknowledged and dropped (the latter never stored).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from functools import partial

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot, Update

from bot.channels.tg._inbox import NotAnUpdateError, UpdateInbox, parse_update, storable_update
from bot.web import BodyRefusedError, read_body

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
WEBHOOK_PATH = "/telegram"
MAX_BODY_BYTES = 1_000_000  # an update is a few KB


def webhook_route(
    bot: Bot, secret: str, inbox: UpdateInbox, enqueue: Callable[[Update], None]
) -> Route:
    """The ``/telegram`` route: updates stored in ``inbox``, then handed to ``enqueue``."""
    expected = secret.encode()

    async def receive(request: Request) -> Response:
        """One update from Telegram."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return Response("forbidden", status_code=403)
        try:
            body = await read_body(request, MAX_BODY_BYTES)
        except BodyRefusedError as refused:
            return Response(refused.reason, status_code=refused.status)
        try:
            checked = storable_update(json.loads(body))
        except (ValueError, RecursionError) as error:
            log.info("rejected a webhook body that is not an update: %s", error)
            return Response("not an update", status_code=400)
        try:
            update = await inbox.accept(checked, partial(parse_update, checked, bot))
        except (NotAnUpdateError, RecursionError) as error:
            log.info("rejected a webhook body that is not an update: %s", error)
            return Response("not an update", status_code=400)
        except Exception:
            # not stored: a 5xx makes Telegram deliver it again later
            log.warning("telegram webhook: could not store update; asked for redelivery")
            return Response("try again later", status_code=503)
        if update is not None:
            enqueue(update)
        return Response(status_code=200)

    return Route(WEBHOOK_PATH, receive, methods=["POST"])
