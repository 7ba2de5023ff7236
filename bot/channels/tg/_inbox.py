"""Telegram updates through the store: stored before acknowledged, finished once handled.

Delivery policy (the same as WhatsApp's): every update is answered at least once. An
update is claimed in the inbox (unique by ``update_id``) before the webhook answers 2xx or
long polling advances its offset; if the database cannot take it, Telegram is not told it
arrived and delivers it again. It is handled from the store: a restart handles what was
stored and not finished, and an update whose handling failed is tried again after
``retry_delays`` (a sweep); only when the last attempt fails does the user get one
apology. A reply can therefore go out twice only after a crash between sending it and
marking it done, or when Telegram accepted a send whose answer came too late; the
``redelivered`` counter says how often an update was handled again.

How many a crash can double is bounded, whatever the machine's load: a reply to a stored
update waits for one of ``unrecorded_limit`` slots (:meth:`UpdateInbox.replying`) before it
is sent, and the slot is given back only once the update's outcome is written. Recording
has a writer thread of its own, so it never queues behind the claims of a burst. The price
is throughput: each slot carries about one reply per (send round trip + one write), ~12
replies a second with two slots at Telegram's ~150 ms, far above what officers send.

A flooding user's updates are turned away before they are stored
(:class:`~bot.channels.tg._gate.FloodGate`, see :meth:`UpdateInbox.guard`): acknowledged to
Telegram, never written, counted; the one that carries the flood's "slow down" is handed
on unstored.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from telegram import Bot, Update

from bot.channels.throttle import Verdict
from bot.core.ports import Clock, MessageInbox

log = logging.getLogger(__name__)

# seconds before the 2nd, 3rd... attempt to handle an update; after the last one, an apology
RETRY_DELAYS: tuple[float, ...] = (5.0, 30.0, 120.0, 600.0)
SWEEP_SECONDS = 5.0
FINISHED_MEMORY = 10_000  # far more than can finish during one read of the pending rows
MAX_UPDATE_ID = 2**53  # Telegram's ids fit a double; anything larger is not Telegram's
# at most this many updates answered and not yet recorded: what a crash can answer twice
UNRECORDED_LIMIT = 2

T = TypeVar("T")


def storable_update(data: Any) -> dict[str, Any]:
    """A webhook or getUpdates body as an update dict; ValueError when it is not one.

    Strings are made storable (lone surrogates replaced) and the id range-checked.
    """
    if not isinstance(data, dict):
        raise ValueError("not an object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise ValueError("update_id is not an integer")
    if not 0 <= update_id < MAX_UPDATE_ID:
        raise ValueError("update_id out of range")
    text = json.dumps(data, ensure_ascii=False)
    # lone surrogates and NUL: no database column takes them (NUL is escaped in the JSON)
    clean = (
        text.encode("utf-16", "surrogatepass")
        .decode("utf-16", "replace")
        .replace("\\u0000", "\\ufffd")
    )
    result: dict[str, Any] = json.loads(clean) if clean != text else data
    return result


class NotAnUpdateError(ValueError):
    """A body that python-telegram-bot cannot read as an update (a 400, never stored)."""


def parse_update(data: dict[str, Any], bot: Bot) -> Update:
    """The PTB Update of a checked dict; NotAnUpdateError for what PTB cannot read."""
    try:
        update = Update.de_json(data, bot)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, OSError) as error:
        raise NotAnUpdateError(f"not an update: {type(error).__name__}") from error
    if update is None:
        raise NotAnUpdateError("not an update")
    return update


Parse = Callable[[], Update]
Gate = Callable[[dict[str, Any], Parse], Verdict]


class UpdateInbox:
    """The Telegram channel's side of :class:`~bot.core.ports.MessageInbox`."""

    def __init__(
        self,
        store: MessageInbox,
        clock: Clock,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        unrecorded_limit: int = UNRECORDED_LIMIT,
    ) -> None:
        if unrecorded_limit < 1:
            raise ValueError("unrecorded_limit must be at least 1")
        self._store = store
        self._clock = clock
        self._retry_delays = tuple(retry_delays)
        self._reply_slots = asyncio.Semaphore(unrecorded_limit)
        self._holding_slot: set[int] = set()
        # outcomes are written by a thread of their own: a burst's claims, queued in the
        # default pool, must not keep answered updates unrecorded (and holding their slots)
        self._recorder = ThreadPoolExecutor(1, thread_name_prefix="sisterbot-tg-record")
        self._in_flight: set[int] = set()
        self._failed: set[int] = set()
        self._unrecorded: set[int] = set()
        # finished by this process lately: a sweep's read of the pending rows may predate
        # their finish, and must not hand them on again once they have left _in_flight
        self._finished: OrderedDict[int, None] = OrderedDict()
        self._sweeper: asyncio.Task[None] | None = None
        self._gate: Gate | None = None
        self.accepted = 0
        self.duplicates = 0
        self.retried = 0
        self.given_up = 0

    def guard(self, check: Gate) -> None:
        """Ask ``check`` (a flood gate's) before storing an update: only ALLOW is stored."""
        self._gate = check

    async def accept(self, data: dict[str, Any], parse: Parse) -> Update | None:
        """The update to hand to the handlers, or None. Raises if it could not be stored.

        ``data`` is a checked update (:func:`storable_update`) and ``parse`` reads it
        (:func:`parse_update`), only when needed: the flood gate tells most of a flood
        apart without it. A new update is stored as pending, a flood's notice handed on
        unstored; None for a known id and for an update the gate dropped (not stored
        either). NotAnUpdateError when ``parse`` cannot read it.
        """
        update_id = int(data["update_id"])
        if update_id in self._in_flight:
            self.duplicates += 1
            return None
        parsed: list[Update] = []

        def parse_once() -> Update:
            if not parsed:
                parsed.append(parse())
            return parsed[0]

        if self._gate is not None:
            verdict = self._gate(data, parse_once)
            if verdict is Verdict.DROP:
                return None
            if verdict is Verdict.NOTIFY:
                return parse_once()
        update = parse_once()  # what cannot be read is never stored
        self._in_flight.add(update_id)
        try:
            claimed = await asyncio.to_thread(
                self._store.claim,
                str(update_id),
                json.dumps(data, ensure_ascii=False),
                self._clock.now(),
            )
        except BaseException:
            self._in_flight.discard(update_id)
            raise
        if not claimed:
            self._in_flight.discard(update_id)
            self.duplicates += 1
            return None
        self.accepted += 1
        return update

    async def replying(self, update_id: int) -> None:
        """Wait, before the first reply to ``update_id`` goes out, for a slot to answer in.

        Only stored updates take a slot (a flood's unstored notice does not), and an update
        takes one once however many parts its reply has; :meth:`processed` gives it back
        after writing the outcome. So at most ``unrecorded_limit`` updates are ever
        answered and unrecorded, which bounds what a crash can send twice.
        """
        if update_id in self._in_flight and update_id not in self._holding_slot:
            await self._reply_slots.acquire()
            self._holding_slot.add(update_id)

    def _give_back_slot(self, update_id: int) -> None:
        if update_id in self._holding_slot:
            self._holding_slot.discard(update_id)
            self._reply_slots.release()

    async def _record(self, call: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._recorder, call, *args)

    def mark_failed(self, update_id: int) -> None:
        """Handling this update raised (the error handler says so)."""
        if update_id in self._in_flight:
            self._failed.add(update_id)

    async def processed(self, update_id: int) -> bool:
        """The update was handled; True when it failed for the last time (apologise)."""
        if update_id not in self._in_flight:
            return False  # never stored (a flood's notice): nothing to record
        failed = update_id in self._failed
        self._failed.discard(update_id)
        try:
            if not failed:
                try:
                    await self._record(
                        self._store.finish, str(update_id), "done", self._clock.now()
                    )
                except Exception:
                    # answered, but the database did not hear of it: kept in flight (not
                    # handled again) and recorded by a later sweep
                    log.warning("telegram: update %s answered, not yet recorded", update_id)
                    self._unrecorded.add(update_id)
                else:
                    self._remember_finished(update_id)
                return False
            attempts = await self._record(
                self._store.defer, str(update_id), self._clock.now(), self._retry_delays
            )
            if attempts <= len(self._retry_delays):
                log.warning("telegram: update %s not handled; tried again later", update_id)
                return False
            self.given_up += 1
            await self._record(self._store.finish, str(update_id), "failed", self._clock.now())
            self._remember_finished(update_id)
            return True
        except Exception:
            # the database is away: the row stays pending and a later sweep handles it again
            log.warning("telegram: could not record update %s as handled", update_id, exc_info=True)
            return False
        finally:
            # given back even when the database did not hear of it: with the database away
            # the bot keeps answering (at least once) rather than stall on the slots
            self._give_back_slot(update_id)
            if update_id not in self._unrecorded:
                self._in_flight.discard(update_id)

    async def record_unrecorded(self) -> None:
        """Record as done the updates answered while the database was away."""
        for update_id in sorted(self._unrecorded):
            await self._record(self._store.finish, str(update_id), "done", self._clock.now())
            self._remember_finished(update_id)
            self._unrecorded.discard(update_id)
            self._in_flight.discard(update_id)

    def _remember_finished(self, update_id: int) -> None:
        self._finished[update_id] = None
        if len(self._finished) > FINISHED_MEMORY:
            self._finished.popitem(last=False)

    async def due(self, bot: Bot, *, everything: bool = False) -> list[Update]:
        """Stored updates not finished and not in flight (due ones unless ``everything``)."""
        contents = await asyncio.to_thread(
            self._store.pending, None if everything else self._clock.now()
        )
        updates: list[Update] = []
        for content in contents:
            data = json.loads(content)
            update_id = int(data["update_id"])
            if update_id in self._in_flight or update_id in self._finished:
                continue
            try:
                update = parse_update(data, bot)
            except ValueError:
                await asyncio.to_thread(
                    self._store.finish, str(update_id), "failed", self._clock.now()
                )
                continue
            self._in_flight.add(update_id)
            updates.append(update)
        self.retried += len(updates)
        return updates

    def start_sweeping(
        self, bot: Bot, enqueue: Callable[[Update], None], every: float = SWEEP_SECONDS
    ) -> None:
        """Every ``every`` seconds, hand ``enqueue`` the stored updates whose retry is due."""

        async def sweep() -> None:
            while True:
                await asyncio.sleep(every)
                try:
                    await self.record_unrecorded()
                    for update in await self.due(bot):
                        enqueue(update)
                except Exception:  # the database is away: the next sweep tries again
                    log.warning("telegram: could not read the inbox for retries", exc_info=True)

        if self._sweeper is None:
            self._sweeper = asyncio.create_task(sweep())

    async def stop_sweeping(self) -> None:
        """Stop the sweep."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None

    def close(self) -> None:
        """Let the recording thread go (once nothing is handled any more)."""
        self._recorder.shutdown(wait=False)
