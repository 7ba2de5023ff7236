"""What the curators' console needs of the core: the audit log's values and port, the
sign-in link port, and ``/masuk`` | ``/signin``, the command that hands an admin a link.

The command lives in the dialogue, so it works the same on the console, Telegram and
WhatsApp. Only admins (``SISTERBOT_ADMINS``) get a link; the link itself is made by
whatever implements :class:`SignInLinks` (the console: a random one-time token, stored
hashed, valid for ten minutes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.dialogue import ButtonHandler, CommandHandler, Turn
from bot.core.models import Reply
from bot.core.texts import Text

LINK_MINUTES = 10

TEXTS: Mapping[str, Text] = {
    "admins_only": Text(
        id="Maaf, konsol kurator hanya untuk admin sisterbot.",
        en="Sorry, the curators' console is for sisterbot admins only.",
    ),
    "not_set_up": Text(
        id="Konsol kurator belum disiapkan pada bot ini.",
        en="The curators' console is not set up on this bot.",
    ),
    "link": Text(
        id="Tautan masuk konsol kurator (sekali pakai, berlaku {minutes} menit):\n{link}\n"
        "Jangan teruskan tautan ini kepada siapa pun.",
        en="Your sign-in link to the curators' console (single use, valid for "
        "{minutes} minutes):\n{link}\nDo not forward it to anyone.",
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """One change made through the console.

    ``before`` and ``after`` are JSON texts of the changed thing (None when it did not
    exist before, or no longer exists after).
    """

    id: int | None = None
    at: datetime
    actor: str  # "telegram:12345"
    action: str  # "create", "update", "delete", "import", "approve", "reject"
    entity: str  # "agreement", "officer_request"
    entity_id: str = ""
    summary: str = ""
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditFilter:
    """Which audit entries to list; empty fields do not filter."""

    actor: str = ""
    action: str = ""
    entity: str = ""
    entity_id: str = ""
    text: str = ""


class AuditLog(Protocol):
    """Where the console records every change it makes."""

    def record(self, entry: AuditEntry) -> AuditEntry:
        """Store an entry; returns it with its id."""
        ...

    def get(self, entry_id: int) -> AuditEntry | None:
        """One entry by id."""
        ...

    def entries(self, where: AuditFilter, *, limit: int, offset: int = 0) -> list[AuditEntry]:
        """Matching entries, newest first."""
        ...

    def count(self, where: AuditFilter) -> int:
        """How many entries match."""
        ...


class SignInLinks(Protocol):
    """Makes one-time sign-in links to the console."""

    def issue(self, admin: str, now: datetime) -> str:
        """A link for ``admin`` (``channel:user_id``), valid for :data:`LINK_MINUTES`."""
        ...


def _reply(turn: Turn, key: str, **values: object) -> Reply:
    return Reply(text=TEXTS[key](turn.language, **values), language=turn.language)


class SignInFeature:
    """``/masuk`` | ``/signin``: a one-time link to the curators' console (admins only)."""

    def __init__(self, links: SignInLinks | None) -> None:
        self._links = links

    def commands(self) -> Mapping[str, CommandHandler]:
        """Indonesian and English names."""
        return {"masuk": self.sign_in, "signin": self.sign_in}

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """None."""
        return {}

    def claim_text(self, turn: Turn) -> Reply | None:
        """Free text is not this feature's business."""
        return None

    def sign_in(self, turn: Turn, _args: str) -> Reply:
        """The link, or a polite refusal."""
        if not turn.is_admin:
            return _reply(turn, "admins_only")
        if self._links is None:
            return _reply(turn, "not_set_up")
        admin = f"{turn.incoming.channel}:{turn.incoming.user_id}"
        link = self._links.issue(admin, turn.now)
        return _reply(turn, "link", minutes=LINK_MINUTES, link=link)
