"""Officer verification notices: requests to the admins, decisions to the officer.

/daftar only records the request (the officer's own reply says it was sent). This job,
run by the scheduler next to the reminder dispatch, sends each request to every admin
reachable on a configured channel (``telegram:123`` is the admin's private chat with the
bot) with approve / reject buttons, and each decision back to the officer's chat. Each is
marked announced once sent, so a crash means it goes out later, never that it is lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from bot.core.models import ChatAddress, Language, OfficerStatus
from bot.core.ports import Notifier, UserRepository
from bot.core.reminders import OfficerDirectory, admin_addresses, decision_notice, request_notice
from bot.delivery.dispatcher import RegionGetter

log = logging.getLogger(__name__)


class OfficerNotices:
    """Sends what officer verification has to tell people."""

    def __init__(
        self,
        *,
        officers: OfficerDirectory,
        regions: RegionGetter,
        admins: frozenset[str],
        notifiers: Mapping[str, Notifier],
        users: UserRepository | None = None,
    ) -> None:
        self._officers = officers
        self._regions = regions
        self._admins = admin_addresses(admins)
        self._notifiers = dict(notifiers)
        self._users = users

    async def send_pending(self) -> int:
        """Announce every unannounced request or decision; returns messages sent."""
        sent = 0
        for request in await asyncio.to_thread(self._officers.unannounced):
            assert request.id is not None
            region = self._regions.get(request.region_code)
            name = region.display_name if region else request.region_code
            if request.status is OfficerStatus.PENDING:
                targets = [a for a in self._admins if a.channel in self._notifiers]
                if not targets:
                    continue  # admins can still see it with /verifikasi
                delivered = 0
                for address in targets:
                    language = await self._language(address)
                    result = await self._notifiers[address.channel].send(
                        address, request_notice(request, name, language)
                    )
                    delivered += result.ok
                sent += delivered
                if not delivered:
                    continue
            else:
                notifier = self._notifiers.get(request.channel)
                if notifier is None:
                    continue
                address = ChatAddress(channel=request.channel, chat_id=request.chat_id)
                language = await self._language(address, request.user_id)
                result = await notifier.send(address, decision_notice(request, name, language))
                if not result.ok and not result.permanent:
                    continue
                sent += result.ok
            await asyncio.to_thread(self._officers.mark_announced, request.id, request.status)
        return sent

    async def _language(self, address: ChatAddress, user_id: str | None = None) -> Language:
        if self._users is None:
            return "id"
        profile = await asyncio.to_thread(
            self._users.get, address.channel, user_id or address.chat_id
        )
        return (profile.language if profile else None) or "id"
