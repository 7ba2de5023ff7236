"""Officer verification: the requests admins decide, and the notices that tell people.

An officer asks with /daftar; every admin gets a message with approve / reject buttons,
and the officer is told the decision. Those messages leave the conversation (they go to
other chats), so they are recorded on the request and sent by the delivery side, which
marks each one announced once sent: a crash before sending means it is sent later, never
that it is forgotten.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from bot.core.models import (
    Button,
    ChatAddress,
    Language,
    OfficerRequest,
    OfficerStatus,
    Reply,
    button_rows,
)
from bot.core.ports import OfficerRepository
from bot.core.texts import Text

TEXTS: Mapping[str, Text] = {
    "request": Text(
        id="Permintaan verifikasi petugas #{number}: {who} ({ident}) untuk {region}.",
        en="Officer verification request #{number}: {who} ({ident}) for {region}.",
    ),
    "approve": Text(id="Setujui", en="Approve"),
    "reject": Text(id="Tolak", en="Reject"),
    "approved": Text(
        id="Anda kini petugas terverifikasi untuk {region}: Anda dapat menandai "
        "laporan sudah dikirim dari pengingat.",
        en="You are now a verified officer for {region}: you can mark reports "
        "submitted from the reminders.",
    ),
    "rejected": Text(
        id="Permintaan verifikasi Anda untuk {region} tidak disetujui.",
        en="Your request to be verified for {region} was not approved.",
    ),
}


class OfficerDirectory(OfficerRepository, Protocol):
    """The officer repository plus what verification notices need."""

    def pending(self) -> list[OfficerRequest]:
        """Requests waiting for an admin, oldest first."""
        ...

    def unannounced(self) -> list[OfficerRequest]:
        """Requests whose current status was not yet announced (to admins or requester)."""
        ...

    def mark_announced(self, request_id: int, status: OfficerStatus) -> bool:
        """Record that ``status`` of the request was announced; False if it changed since."""
        ...


def admin_addresses(admins: frozenset[str]) -> list[ChatAddress]:
    """``telegram:123`` -> the admin's private chat (on Telegram, chat id = user id)."""
    addresses = []
    for admin in sorted(admins):
        channel, _, user_id = admin.partition(":")
        if channel in ("telegram", "whatsapp", "console"):
            addresses.append(ChatAddress(channel=channel, chat_id=user_id))  # type: ignore[arg-type]
    return addresses


def request_notice(request: OfficerRequest, region_name: str, language: Language) -> Reply:
    """The message to admins: who asks for which region, with approve / reject buttons."""
    assert request.id is not None
    who = request.display_name or "?"
    ident = f"{request.channel}:{request.user_id}"
    text = TEXTS["request"](language, number=request.id, who=who, ident=ident, region=region_name)
    return Reply(
        text=text,
        buttons=button_rows(
            [
                Button(label=TEXTS["approve"](language), data=f"of:a:{request.id}"),
                Button(label=TEXTS["reject"](language), data=f"of:r:{request.id}"),
            ]
        ),
        language=language,
        template_params=(text,),
    )


def decision_notice(request: OfficerRequest, region_name: str, language: Language) -> Reply:
    """The message to the officer once an admin decided."""
    approved = request.status is OfficerStatus.APPROVED
    text = TEXTS["approved" if approved else "rejected"](language, region=region_name)
    return Reply(text=text, language=language, template_params=(text,))
