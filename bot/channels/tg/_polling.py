"""Long polling that stores each update before it confirms it to Telegram.

python-telegram-bot's Updater confirms an update (the next getUpdates' ``offset``) as soon
as it has fetched it, before it is handled: a crash then loses it. This loop asks for raw
updates (its own request object, so one unreadable update cannot fail the whole batch as
it would in ``Bot.get_updates``), stores each in the inbox, and only then moves its
offset past it; when the database cannot take one, the offset stays and the same
updates come again. An update from a user over the flood limit is confirmed without
being stored (dropped on purpose).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any
from urllib.parse import urlencode

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.request import BaseRequest

from bot.channels.tg._inbox import NotAnUpdateError, UpdateInbox, parse_update, storable_update

log = logging.getLogger(__name__)

BACKOFF_SECONDS = (0.5, 1.0, 2.0, 5.0)


class StoringPoller:
    """getUpdates in a loop: store, then confirm, then hand each new update on."""

    def __init__(
        self,
        bot: Bot,
        request: BaseRequest,
        inbox: UpdateInbox,
        enqueue: Callable[[Update], None],
        *,
        timeout: int,
        allowed_updates: Sequence[str],
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        self._bot = bot
        self._request = request
        self._inbox = inbox
        self._enqueue = enqueue
        self._timeout = timeout
        self._allowed = list(allowed_updates)
        self._sleep = sleep
        self.offset = 0
        self.refused = 0

    async def run(self) -> None:
        """Poll until cancelled."""
        failures = 0
        while True:
            try:
                stored_all = await self.poll_once()
            except TelegramError as error:
                stored_all = False
                log.warning("telegram: getUpdates failed: %s", error)
            failures = 0 if stored_all else failures + 1
            if failures:
                await self._sleep(BACKOFF_SECONDS[min(failures, len(BACKOFF_SECONDS)) - 1])

    async def poll_once(self) -> bool:
        """One getUpdates; False when an update could not be stored (asked for again)."""
        query: dict[str, str | int] = {
            "timeout": self._timeout,
            "allowed_updates": json.dumps(self._allowed),
        }
        if self.offset:
            query["offset"] = self.offset
        raw: Any = await self._request.post(
            url=f"{self._bot.base_url}/getUpdates?{urlencode(query)}",
            read_timeout=self._timeout + 10,
        )
        for data in raw if isinstance(raw, list) else []:
            try:
                checked = storable_update(data)
            except (ValueError, RecursionError) as error:
                self._skip(data, error)
                continue
            try:
                update = await self._inbox.accept(
                    checked, partial(parse_update, checked, self._bot)
                )
            except (NotAnUpdateError, RecursionError) as error:
                self._skip(data, error)
                continue
            except Exception:
                log.warning("telegram: could not store update; it will be fetched again")
                return False
            self.offset = max(self.offset, int(checked["update_id"]) + 1)
            if update is not None:
                self._enqueue(update)
        return True

    def _skip(self, data: Any, error: Exception) -> None:
        """Nothing to answer: confirmed, so that it does not come back forever."""
        self.refused += 1
        log.info("telegram: skipped an update that is not one: %s", error)
        if isinstance(data, dict) and isinstance(data.get("update_id"), int):
            self.offset = max(self.offset, int(data["update_id"]) + 1)
