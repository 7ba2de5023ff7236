"""The composition root: where every service is built, once, from the settings.

Only the program's entry points (``bot/app/cli.py``, ``bot/app/commands/``, ``bot/app/bench/``)
import it; what it builds (channels, delivery, storage, the core) never does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.app._app import (
    App,
    build_answers,
    build_app,
    build_policy,
    build_regions,
    open_database,
    opened_database,
    sync_registry,
)

if TYPE_CHECKING:
    import asyncio  # for the annotation only: only `run` serves, and it imports asyncio


async def serve_channels(
    app: App, names: Sequence[str], *, stop: asyncio.Event | None = None
) -> int:
    """Serve the named channels until ``stop`` (default: SIGINT/SIGTERM); the exit status."""
    # Imported here: the HTTP server and the scheduler are not needed by other commands.
    from bot.app._serve import serve_channels as serve

    return await serve(app, names, stop=stop)


__all__ = [
    "App",
    "build_answers",
    "build_app",
    "build_policy",
    "build_regions",
    "open_database",
    "opened_database",
    "serve_channels",
    "sync_registry",
]
