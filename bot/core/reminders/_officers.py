"""Officer verification: the requests admins decide, and the notices that tell people.

An officer asks with /daftar; every admin gets a message with approve / reject buttons,
and the officer is told the decision. Those messages leave the conversation (they go to
other chats), so they are recorded on the request and sent by the delivery side, which
marks each one announced once sent: a crash before sending means it is sent later, never
that it is forgotten.
"""

from __future__ import annotations

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
    if language == "en":
        text = f"Officer verification request #{request.id}: {who} ({ident}) for {region_name}."
        labels = ("Approve", "Reject")
    else:
        text = f"Permintaan verifikasi petugas #{request.id}: {who} ({ident}) untuk {region_name}."
        labels = ("Setujui", "Tolak")
    return Reply(
        text=text,
        buttons=button_rows(
            [
                Button(label=labels[0], data=f"of:a:{request.id}"),
                Button(label=labels[1], data=f"of:r:{request.id}"),
            ]
        ),
        language=language,
        template_params=(text,),
    )


def decision_notice(request: OfficerRequest, region_name: str, language: Language) -> Reply:
    """The message to the officer once an admin decided."""
    approved = request.status is OfficerStatus.APPROVED
    if language == "en":
        text = (
            f"You are now a verified officer for {region_name}: you can mark reports "
            "submitted from the reminders."
            if approved
            else f"Your request to be verified for {region_name} was not approved."
        )
    else:
        text = (
            f"Anda kini petugas terverifikasi untuk {region_name}: Anda dapat menandai "
            "laporan sudah dikirim dari pengingat."
            if approved
            else f"Permintaan verifikasi Anda untuk {region_name} tidak disetujui."
        )
    return Reply(text=text, language=language, template_params=(text,))
