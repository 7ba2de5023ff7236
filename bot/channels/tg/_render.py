"""models.Reply -> Telegram messages: escaped HTML text parts and an inline keyboard.

The core's text is plain; every character of it is escaped here, so nothing a user
typed (echoed in a reply) or a curator wrote can turn into markup. Replies longer than
Telegram's 4,096 characters are split at paragraph, line or word boundaries; the
keyboard goes on the last part.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.models import Button, Reply

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096  # Telegram's limit, in UTF-16 code units
CALLBACK_DATA_LIMIT = 64  # bytes
_EMPTY_PLACEHOLDER = "…"


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedPart:
    """One message to send: HTML text and, on the last part, the keyboard."""

    html: str
    markup: InlineKeyboardMarkup | None = None


def _cost(ch: str) -> int:
    """UTF-16 length of the character once HTML-escaped (a safe upper bound)."""
    if ch == "&":
        return 5
    if ch in "<>":
        return 4
    return 2 if ord(ch) > 0xFFFF else 1


def _fitting_prefix(text: str, limit: int) -> int:
    """The length of the longest prefix of ``text`` whose escaped form fits ``limit``."""
    total = 0
    for index, ch in enumerate(text):
        total += _cost(ch)
        if total > limit:
            return index
    return len(text)


def _best_cut(text: str, end: int) -> int:
    """Where to cut ``text[:end]``: a paragraph, line or word break in its second half."""
    for separator in ("\n\n", "\n", " "):
        at = text.rfind(separator, 0, end)
        if at > end // 2:
            return at + len(separator)
    return end


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Escape ``text`` for parse_mode HTML and split it into parts within ``limit``."""
    parts: list[str] = []
    rest = text
    while rest:
        end = _fitting_prefix(rest, limit)
        if end >= len(rest):
            parts.append(rest)
            break
        cut = _best_cut(rest, max(end, 1))
        parts.append(rest[:cut])
        rest = rest[cut:]
    escaped = [html.escape(part.strip("\n"), quote=False) for part in parts]
    kept = [part for part in escaped if part.strip()]
    return kept or [_EMPTY_PLACEHOLDER]


def _valid_button(button: Button) -> bool:
    size = len(button.data.encode())
    if not 1 <= size <= CALLBACK_DATA_LIMIT:
        log.warning("dropped a button whose data is %d bytes (1-64 allowed)", size)
        return False
    return True


def render_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard (None without buttons)."""
    rows = [
        [
            InlineKeyboardButton(button.label.strip() or "·", callback_data=button.data)
            for button in row
            if _valid_button(button)
        ]
        for row in reply.buttons
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def render_reply(reply: Reply, limit: int = MESSAGE_LIMIT) -> list[RenderedPart]:
    """The messages that carry ``reply``, in order."""
    texts = split_text(reply.text, limit)
    markup = render_keyboard(reply)
    parts = [RenderedPart(html=text) for text in texts[:-1]]
    parts.append(RenderedPart(html=texts[-1], markup=markup))
    return parts
