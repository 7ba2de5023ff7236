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
from collections.abc import Callable, Collection

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
_MESSAGES = filters.UpdateType.MESSAGES
_NOTICES_MAX = 10_000  # notices handed on and not yet sent; bounded whatever happens


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

    def check(self, update: Update) -> Verdict:
        """ALLOW (store it), NOTIFY (hand it on unstored, as the notice) or DROP."""
        user = update.effective_user
        if user is None or user.is_bot or not self._counts(update):
            return Verdict.ALLOW
        verdict = self._throttle.check(str(user.id))
        if verdict is Verdict.ALLOW:
            return verdict
        self.throttled += 1
        self._on_throttled()
        if verdict is Verdict.NOTIFY:
            log.info("telegram: throttling a flooding user")
            self._notices[update.update_id] = None
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
