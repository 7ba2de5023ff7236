"""A dispatcher in its own process, for the crash and two-process tests.

``python -m tests.reminders.child_dispatch URL OUT NOW [--block-after N] [--wait-for FILE]``
sends every due reminder of the database at URL, as of NOW, through a notifier that
appends each chat id to OUT (flushed and fsynced: what was "delivered" survives a kill).
With ``--block-after N`` it hangs forever on the (N+1)th send, so the test can kill it in
the middle of the fan-out. With ``--latency S`` each send takes S seconds before it is
delivered (a provider's latency), and ``--rate R`` sets the overall pace.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from datetime import datetime
from pathlib import Path

from bot.core.clock import FakeClock
from bot.core.models import ChatAddress, Reply, SendResult
from bot.core.reminders import ReminderPolicy
from bot.core.status import RegionIndex
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.ratelimit import RateLimiter
from bot.storage.database import Database

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


class FileNotifier:
    """Delivers by appending the chat id to a file."""

    def __init__(self, path: Path, block_after: int | None, latency: float = 0.0) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._block_after = block_after
        self._latency = latency
        self.count = 0

    async def send(self, address: ChatAddress, reply: Reply) -> SendResult:
        if self._block_after is not None and self.count >= self._block_after:
            await asyncio.Event().wait()  # hangs until the test kills the process
        self.count += 1
        await asyncio.sleep(self._latency)  # the request travels; a kill now leaves it unsure
        os.write(self._fd, f"{address.chat_id}\n".encode())
        os.fsync(self._fd)
        await asyncio.sleep(0.001)
        return SendResult(ok=True)


def _wait_for(path: Path | None) -> None:
    """A barrier across processes: the test creates ``path`` when all are ready."""
    while path is not None and not path.exists():
        time.sleep(0.01)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out", type=Path)
    parser.add_argument("now")
    parser.add_argument("--block-after", type=int)
    parser.add_argument("--wait-for", type=Path)
    parser.add_argument("--ready", type=Path)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--rate", type=float, default=5000.0)
    args = parser.parse_args()
    database = Database.connect(args.url)
    clock = FakeClock(datetime.fromisoformat(args.now))
    dispatcher = Dispatcher(
        outbox=database.outbox,
        agreements=database.agreements,
        subscriptions=database.subscriptions,
        users=database.users,
        regions=RegionIndex.load(KNOWLEDGE / "regions.csv"),
        policy=ReminderPolicy(),
        notifiers={"telegram": FileNotifier(args.out, args.block_after, args.latency)},
        clock=clock,
        limiter=RateLimiter(args.rate, 0.0),
        batch_size=args.batch,
    )
    if args.ready:
        args.ready.touch()
    await asyncio.to_thread(_wait_for, args.wait_for)
    await dispatcher.dispatch_due()
    database.dispose()


if __name__ == "__main__":
    asyncio.run(main())
