"""The per-user flood limit, applied before an update is stored.

A flooding user must not cost a database write per message: the webhook and long polling
ask the gate (through :meth:`~bot.channels.tg._inbox.UpdateInbox.accept`) before the
inbox stores anything. An update within the user's limit is stored and handled as
always; one over it is dropped (acknowledged to Telegram, never stored, counted). The
first one dropped in a flood is still handed to the handlers, unstored, marked as a
notice: they answer it with the one "slow down" of that flood, in the chat's order, after
the answers to what came before it.

Only what the handlers would answer counts against a user: text and media addressed to
the bot (in a group, the rest is not for it) and button presses. Everything else is let
through, as it costs the user nothing.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from typing import Any

from telegram import Bot, Update
from telegram.ext import filters

from bot.channels.tg._translate import addressed_text, is_group, media_addressed
from bot.channels.throttle import TokenBucketThrottle, Verdict

log = logging.getLogger(__name__)

# What the bot cannot read: the handlers answer these with a polite "text only".
MEDIA = (
    filters.Sticker.ALL
    | filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.Document.ALL
    | filters.ANIMATION
    | filters.LOCATION
    | filters.CONTACT
)
# the fields of a message that MEDIA matches, for the raw check
_RAW_MEDIA = frozenset(
    {"sticker", "photo", "voice", "audio", "video", "video_note", "document", "animation"}
    | {"location", "contact"}
)
_MESSAGES = filters.UpdateType.MESSAGES
_NOTICES_MAX = 10_000  # notices handed on and not yet sent; bounded whatever happens


def _raw_sender(data: Mapping[str, Any]) -> int | None:
    """The sender of a button press or of a private text or media message the handlers
    answer, read from the raw update; None when only the parsed update can tell."""
    query = data.get("callback_query")
    if isinstance(query, dict):
        return _human(query.get("from"))
    for kind in ("message", "edited_message"):
        message = data.get(kind)
        if isinstance(message, dict):
            chat = message.get("chat")
            if not isinstance(chat, dict) or chat.get("type") != "private":
                return None  # a group: whether it is for the bot takes the parsed message
            if isinstance(message.get("text"), str) or _RAW_MEDIA.intersection(message):
                return _human(message.get("from"))
            return None
    return None


def _human(user: Any) -> int | None:
    if not isinstance(user, dict) or user.get("is_bot") is not False:
        return None
    user_id = user.get("id")
    return user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None


class FloodGate:
    """Per-user token buckets in front of the inbox; remembers the notices it let through."""

    def __init__(
        self,
        throttle: TokenBucketThrottle,
        bot: Bot,
        *,
        command_names: Collection[str] = (),
        on_throttled: Callable[[], None] = lambda: None,
    ) -> None:
        self._throttle = throttle
        self._bot = bot
        self._commands = frozenset(name.casefold() for name in command_names)
        self._on_throttled = on_throttled
        self._notices: OrderedDict[int, None] = OrderedDict()
        self.throttled = 0

    def check(self, data: Mapping[str, Any], parse: Callable[[], Update]) -> Verdict:
        """ALLOW (store it), NOTIFY (hand it on unstored, as the notice) or DROP.

        ``data`` is the raw update; ``parse`` reads it with python-telegram-bot, which costs
        more than everything else done for a dropped update, so private messages and
        button presses (a flood's usual shape) are told apart on the raw dict alone.
        """
        user = _raw_sender(data)
        if user is None:
            update = parse()
            sender = update.effective_user
            if sender is None or sender.is_bot or not self._counts(update):
                return Verdict.ALLOW
            user = sender.id
        verdict = self._throttle.check(str(user))
        if verdict is Verdict.ALLOW:
            return verdict
        self.throttled += 1
        self._on_throttled()
        if verdict is Verdict.NOTIFY:
            log.info("telegram: throttling a flooding user")
            update_id = int(data["update_id"])
            self._notices[update_id] = None
            if len(self._notices) > _NOTICES_MAX:
                self._notices.popitem(last=False)
        return verdict

    def take_notice(self, update: Update) -> bool:
        """Whether ``update`` is a flood's notice (asked once, by the handler answering it)."""
        if update.update_id not in self._notices:
            return False
        del self._notices[update.update_id]
        return True

    def _counts(self, update: Update) -> bool:
        """Whether the handlers would answer ``update`` (what a user can flood the bot with)."""
        if update.callback_query is not None:
            return True
        message = update.effective_message
        if message is None or not _MESSAGES.check_update(update):
            return False
        text = message.text
        if text is None and not MEDIA.check_update(update):
            return False
        if not is_group(message.chat):
            return True
        try:
            username, bot_id = self._bot.username, self._bot.id
        except RuntimeError:  # not initialised yet: the handlers decide later
            return False
        if text is None:
            return media_addressed(message, bot_username=username, bot_id=bot_id)
        found = addressed_text(
            message, text, bot_username=username, bot_id=bot_id, commands=self._commands
        )
        return found is not None
