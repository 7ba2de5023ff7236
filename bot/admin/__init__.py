"""The curators' web console at ``/admin``: registry, overview, officers, deliveries,
knowledge gaps, audit log; sign-in by one-time links from the bot (``/masuk``).

Behind this face: sign-in and sessions (``_auth``), what every page shares (``_base``),
the registry pages and their data work (``_registry``, ``_registry_data``), deleting and
undoing (``_changes``), the other pages (``_pages``), the chart (``_chart``), the words
(``_texts``) and the routes (``_app``). Templates and the stylesheet ship with the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from bot.admin._auth import ConsoleLinks, SessionCodec, console_links, token_hash

if TYPE_CHECKING:
    from bot.admin._app import build_console, console_routes
    from bot.admin._base import Console

# The pages (Starlette, Jinja2) are imported when first named: the bot's dialogue needs
# only the sign-in links (/masuk), and a chat should not wait for a web server's modules.
_PAGES = {
    "Console": "bot.admin._base",
    "build_console": "bot.admin._app",
    "console_routes": "bot.admin._app",
}


def __getattr__(name: str) -> object:
    module = _PAGES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Console",
    "ConsoleLinks",
    "SessionCodec",
    "build_console",
    "console_links",
    "console_routes",
    "token_hash",
]
