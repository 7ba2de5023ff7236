"""The channels: console, Telegram (``tg``) and WhatsApp (``wa``). They only translate.

Telegram and WhatsApp share one lifecycle (:class:`RunningChannel`), which ``sisterbot
run`` loops over: routes on the bot's one HTTP server, ``start`` once it is up, ``stop``
once it is down, a notifier for the reminders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from bot.core.ports import Notifier


class RunningChannel(Protocol):
    """A channel served by ``sisterbot run``."""

    @property
    def name(self) -> str:
        """``telegram`` or ``whatsapp``: the key of its notifier."""
        ...

    @property
    def notifier(self) -> Notifier:
        """Sends reminders and notices to this channel's chats."""
        ...

    def routes(self) -> list[BaseRoute]:
        """Its webhook routes on the bot's HTTP server (none for long polling)."""
        ...

    async def start(self) -> None:
        """Begin receiving (the HTTP server is already up)."""
        ...

    async def stop(self) -> None:
        """Finish what is in flight and let go (the HTTP server is already down)."""
        ...

    def describe(self) -> str:
        """One line for the operator."""
        ...
