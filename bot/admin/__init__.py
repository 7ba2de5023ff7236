"""The curators' web console at ``/admin``: registry, overview, officers, deliveries,
knowledge gaps, audit log; sign-in by one-time links from the bot (``/masuk``).

Behind this face: sign-in and sessions (``_auth``), what every page shares (``_base``),
the registry pages and their data work (``_registry``, ``_registry_data``), deleting and
undoing (``_changes``), the other pages (``_pages``), the chart (``_chart``), the words
(``_texts``) and the routes (``_app``). Templates and the stylesheet ship with the package.
"""

from bot.admin._app import build_console, console_links, console_routes
from bot.admin._auth import ConsoleLinks, SessionCodec, token_hash
from bot.admin._base import Console

__all__ = [
    "Console",
    "ConsoleLinks",
    "SessionCodec",
    "build_console",
    "console_links",
    "console_routes",
    "token_hash",
]
