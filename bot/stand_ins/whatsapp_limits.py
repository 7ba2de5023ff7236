"""What the local Graph API stand-in checks of a message: WhatsApp's documented limits.

:func:`validate_message` raises :class:`GraphError` (131009 and friends) for a message
real WhatsApp would refuse, so tests find a rendering that breaks a limit before Meta does.
"""

from __future__ import annotations

import re
from typing import Any

JSON = dict[str, Any]


class GraphError(Exception):
    """An answer the stand-in gives as a Graph API error."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _check(condition: bool, details: str) -> None:
    if not condition:
        raise GraphError(400, 131009, f"Parameter value is not valid: {details}")


def _text(value: Any, limit: int, what: str, *, required: bool = True) -> None:
    if value is None and not required:
        return
    _check(isinstance(value, str), f"{what} must be a string")
    _check(0 < len(value) <= limit, f"{what} must be 1-{limit} characters")


def validate_message(body: JSON) -> None:
    """Raise GraphError (131009) when ``body`` breaks WhatsApp's documented limits."""
    kind = body.get("type")
    if kind == "text":
        _text(body.get("text", {}).get("body"), 4096, "text.body")
    elif kind == "interactive":
        _validate_interactive(body.get("interactive") or {})
    elif kind == "template":
        _validate_template(body.get("template") or {})
    elif kind == "image":
        image = body.get("image") or {}
        _check(isinstance(image.get("id"), str) and bool(image["id"]), "image.id is required")
        _text(image.get("caption"), 1024, "image.caption", required=False)
    else:
        raise GraphError(400, 131051, f"Unsupported message type {kind!r}")


def _validate_interactive(interactive: JSON) -> None:
    _text((interactive.get("body") or {}).get("text"), 1024, "interactive.body.text")
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        buttons = action.get("buttons") or []
        _check(1 <= len(buttons) <= 3, "1-3 reply buttons")
        titles = [b["reply"]["title"] for b in buttons]
        ids = [b["reply"]["id"] for b in buttons]
        for title in titles:
            _text(title, 20, "button title")
        for button_id in ids:
            _text(button_id, 256, "button id")
        _check(len(set(titles)) == len(titles), "button titles must be unique")
        _check(len(set(ids)) == len(ids), "button ids must be unique")
    elif interactive.get("type") == "list":
        _text(action.get("button"), 20, "list button")
        sections = action.get("sections") or []
        _check(1 <= len(sections) <= 10, "1-10 sections")
        rows = [row for section in sections for row in section.get("rows", [])]
        _check(1 <= len(rows) <= 10, "1-10 rows in total")
        for section in sections:
            _text(section.get("title"), 24, "section title", required=len(sections) > 1)
        for row in rows:
            _text(row.get("id"), 200, "row id")
            _text(row.get("title"), 24, "row title")
            _text(row.get("description"), 72, "row description", required=False)
        ids = [row["id"] for row in rows]
        _check(len(set(ids)) == len(ids), "row ids must be unique")
    else:
        raise GraphError(400, 131009, "interactive.type must be button or list")


def _validate_template(template: JSON) -> None:
    _text(template.get("name"), 512, "template.name")
    _text((template.get("language") or {}).get("code"), 15, "template.language.code")
    for component in template.get("components", []):
        for parameter in component.get("parameters", []):
            value = parameter.get("text")
            _text(value, 1024, "template parameter")
            _check(
                not re.search(r"[\n\t]| {5,}", value),
                "template parameters may not contain newlines, tabs or 5 spaces",
            )
