"""A core :class:`~bot.core.models.Reply` -> the WhatsApp messages that carry it.

WhatsApp's limits decide the shape (Cloud API reference, "Interactive messages"):

- a text message holds 4,096 characters: a longer reply is split at paragraph, line or
  word boundaries into several messages, in order (nothing is cut away);
- an interactive message's body holds 1,024: a longer text goes first as text messages
  and the choices follow with a short prompt;
- reply buttons: at most 3, titles at most 20 characters and distinct;
- list messages: at most 10 rows, row titles at most 24 characters, descriptions 72, the
  list's own button 20. Labels longer than a title keep their full wording in the row's
  description; more than 10 choices are split over several list messages, never across
  one of the core's button rows unless that row alone holds more than 10.

The button data becomes the reply or row id, so a press comes back as the same data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.core.models import Button, Language, Reply
from bot.core.texts import Text

TEXT_MAX = 4096
INTERACTIVE_BODY_MAX = 1024
REPLY_BUTTONS_MAX = 3
REPLY_BUTTON_TITLE_MAX = 20
LIST_ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
ROW_ID_MAX = 200
LIST_BUTTON_MAX = 20
TITLE_MAX = 120
SOURCE_PREFIXES = ("Sumber:", "Source:")

Message = dict[str, Any]

_PROMPTS: Mapping[str, Text] = {
    "list_button": Text(id="Lihat pilihan", en="See options"),
    "choose": Text(id="Silakan pilih:", en="Please choose:"),
    "more": Text(id="Pilihan lainnya:", en="More options:"),
}


def prompt(key: str, language: Language) -> str:
    """A short channel-specific UI string (list button label, prompts)."""
    return _PROMPTS[key](language)


def format_text(text: str) -> str:
    """The core's plain text as WhatsApp text, with WhatsApp's own emphasis.

    A title line (the first paragraph, one line without closing punctuation, such as
    ``Rekomendasi 2: Komitmen ...``) becomes ``*bold*``, and a closing source line
    (``Sumber: ...``) ``_italic_``. A line that holds the marker itself is left alone,
    so the markers always pair up.
    """
    text = re.sub(r"\n{3,}", "\n\n", text.replace("\r\n", "\n").strip())
    paragraphs = text.split("\n\n")
    if len(paragraphs) < 2:
        return text
    title = paragraphs[0].strip()
    if (
        "\n" not in title
        and len(title) <= TITLE_MAX
        and title[-1] not in ".!?:;,"
        and "*" not in title
    ):
        paragraphs[0] = f"*{title}*"
    source = paragraphs[-1].strip()
    if "\n" not in source and source.startswith(SOURCE_PREFIXES) and "_" not in source:
        paragraphs[-1] = f"_{source}_"
    return "\n\n".join(paragraphs)


def split_text(text: str, limit: int = TEXT_MAX) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters at natural breaks."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(separator)
            if cut > limit // 2:
                cut += len(separator)
                break
        if cut <= limit // 2:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_reply(reply: Reply) -> list[Message]:
    """The messages (Graph API ``messages`` bodies without ``to``) for one reply."""
    text = format_text(reply.text or reply.notice or "")
    groups = _group_buttons(reply.buttons)
    if not groups:
        return [text_message(piece) for piece in split_text(text)]
    messages: list[Message] = []
    if len(text) > INTERACTIVE_BODY_MAX:
        messages.extend(text_message(piece) for piece in split_text(text))
        first_body = prompt("choose", reply.language)
    else:
        first_body = text or prompt("choose", reply.language)
    for index, group in enumerate(groups):
        body = first_body if index == 0 else prompt("more", reply.language)
        messages.append(interactive_message(body, group, reply.language))
    return messages


def text_message(body: str) -> Message:
    """A text message (links not previewed: the sources are long official URLs)."""
    return {"type": "text", "text": {"body": body, "preview_url": False}}


def interactive_message(body: str, buttons: Sequence[Button], language: Language) -> Message:
    """Reply buttons when the choices fit them, a list message otherwise."""
    titles = [b.label.strip() or "•" for b in buttons]
    fits_buttons = (
        len(buttons) <= REPLY_BUTTONS_MAX
        and all(len(t) <= REPLY_BUTTON_TITLE_MAX for t in titles)
        and len(set(titles)) == len(titles)
    )
    if fits_buttons:
        action: dict[str, Any] = {
            "buttons": [
                {"type": "reply", "reply": {"id": b.data[:ROW_ID_MAX], "title": title}}
                for b, title in zip(buttons, titles, strict=True)
            ]
        }
        kind = "button"
    else:
        action = {
            "button": shorten(prompt("list_button", language), LIST_BUTTON_MAX),
            "sections": [{"rows": [_row(b, t) for b, t in zip(buttons, titles, strict=True)]}],
        }
        kind = "list"
    return {
        "type": "interactive",
        "interactive": {"type": kind, "body": {"text": body}, "action": action},
    }


def _row(button: Button, title: str) -> dict[str, str]:
    row = {"id": button.data[:ROW_ID_MAX], "title": shorten(title, ROW_TITLE_MAX)}
    if len(title) > ROW_TITLE_MAX:
        row["description"] = shorten(title, ROW_DESCRIPTION_MAX)
    return row


def _group_buttons(rows: Sequence[Sequence[Button]]) -> list[list[Button]]:
    """Pack the core's rows into groups of at most 10 distinct choices."""
    seen: set[str] = set()
    groups: list[list[Button]] = []
    current: list[Button] = []
    for row in rows:
        kept = [b for b in row if b.data and b.data not in seen]
        seen.update(b.data for b in kept)
        while len(kept) > LIST_ROWS_MAX:  # one oversized row: split it on its own
            if current:
                groups.append(current)
                current = []
            groups.append(kept[:LIST_ROWS_MAX])
            kept = kept[LIST_ROWS_MAX:]
        if len(current) + len(kept) > LIST_ROWS_MAX:
            groups.append(current)
            current = []
        current.extend(kept)
    if current:
        groups.append(current)
    return groups
