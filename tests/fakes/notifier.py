"""A notifier that records what it was asked to send."""

from __future__ import annotations

from bot.core.models import (
    ChatAddress,
    Reply,
    SendResult,
)


class RecordingNotifier:
    """A notifier that keeps what it was asked to send; can be told to fail."""

    def __init__(self) -> None:
        self.sent: list[tuple[ChatAddress, Reply]] = []
        self.fail_permanently: set[ChatAddress] = set()

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        """Record the message (or fail for blocked chats)."""
        if address in self.fail_permanently:
            return SendResult(ok=False, permanent=True, error="Forbidden: bot was blocked")
        self.sent.append((address, reply))
        return SendResult(ok=True, provider_message_id=str(len(self.sent)))
