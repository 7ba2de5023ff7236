"""Telegram Update -> models.Incoming, and whether a group message is meant for the bot.

In a private chat every message is for the bot. In a group the bot answers only when
addressed: ``/command@thisbot``, or a bare ``/command`` that is one of ours (another bot
in the group may own the others), a reply to one of the bot's messages, or a message
mentioning ``@thisbot``.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from telegram import CallbackQuery, Chat, Message, User

from bot.core.models import Incoming


def is_group(chat: Chat) -> bool:
    """Whether the chat has other people in it (group, supergroup)."""
    return chat.type in (Chat.GROUP, Chat.SUPERGROUP)


def _mention_pattern(username: str) -> re.Pattern[str]:
    return re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)


def is_reply_to_bot(message: Message, bot_id: int) -> bool:
    """Whether ``message`` answers one of the bot's messages."""
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def media_addressed(message: Message, *, bot_username: str, bot_id: int) -> bool:
    """Whether media in a group is for the bot: its caption mentions it, or it is a reply."""
    caption = message.caption or ""
    return f"@{bot_username}".casefold() in caption.casefold() or is_reply_to_bot(message, bot_id)


def addressed_text(
    message: Message,
    text: str,
    *,
    bot_username: str,
    bot_id: int,
    commands: Collection[str] = (),
) -> str | None:
    """The text meant for the bot (mention removed), or None when not addressed to it."""
    if not is_group(message.chat):
        return text
    stripped = text.lstrip()
    if stripped.startswith("/"):
        head = stripped.split(maxsplit=1)[0] if stripped.split() else stripped
        name, at, target = head[1:].partition("@")
        if at and target.casefold() == bot_username.casefold():
            return stripped
        if not at and name.casefold() in commands:
            return stripped
        return None
    mention = _mention_pattern(bot_username)
    if mention.search(text):
        return mention.sub(" ", text).strip()
    if is_reply_to_bot(message, bot_id):
        return text
    return None


def incoming_from_message(message: Message, user: User, text: str) -> Incoming:
    """A user's text message as the core sees it."""
    return Incoming(
        channel="telegram",
        user_id=str(user.id),
        chat_id=str(message.chat.id),
        text=text,
        language_hint=user.language_code,
        display_name=user.first_name or None,
    )


def incoming_from_button(query: CallbackQuery) -> Incoming:
    """A button press as the core sees it; the data is passed on unchecked (the core checks)."""
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    return Incoming(
        channel="telegram",
        user_id=str(query.from_user.id),
        chat_id=str(chat_id),
        button_data=query.data or "",
        language_hint=query.from_user.language_code,
        display_name=query.from_user.first_name or None,
    )
