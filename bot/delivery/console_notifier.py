"""A notifier that prints: reminders for console chats (``sisterbot chat`` subscribers)."""

from __future__ import annotations

from typing import TextIO

from bot.channels.console import render_reply
from bot.core.models import ChatAddress, Reply, SendResult


class ConsoleNotifier:
    """Writes each message to a text stream, headed by its address."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.count = 0

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        """Print the message."""
        self.count += 1
        self._stream.write(f"--- to {address.channel}:{address.chat_id}\n")
        self._stream.write(render_reply(reply) + "\n")
        self._stream.flush()
        return SendResult(ok=True, provider_message_id=f"console-{self.count}")
