"""Values that cross layers: frozen, slotted, keyword-only dataclasses.

The core speaks only in these. Channels translate their own update objects into an
:class:`Incoming` and render a :class:`Reply`; storage maps rows to :class:`Agreement`,
:class:`Subscription` and friends.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.core.registry import (
    NO_DIPLOMATIC_RELATIONS as NO_DIPLOMATIC_RELATIONS,
)
from bot.core.registry import (
    NOT_SIGNED_STAGES as NOT_SIGNED_STAGES,
)
from bot.core.registry import (
    Agreement as Agreement,
)
from bot.core.registry import (
    AgreementKind as AgreementKind,
)
from bot.core.registry import (
    AgreementStage as AgreementStage,
)
from bot.core.registry import (
    MatchKind as MatchKind,
)
from bot.core.registry import (
    PartialDate as PartialDate,
)
from bot.core.registry import (
    Region as Region,
)
from bot.core.registry import (
    RegionCandidate as RegionCandidate,
)
from bot.core.registry import (
    RegionLevel as RegionLevel,
)
from bot.core.registry import (
    RegionMatch as RegionMatch,
)
from bot.core.registry import (
    RegistryConflict as RegistryConflict,
)
from bot.core.registry import (
    RegistrySync as RegistrySync,
)
from bot.core.registry import (
    UpsertResult as UpsertResult,
)
from bot.core.registry import (
    has_diplomatic_relations as has_diplomatic_relations,
)
from bot.core.registry import (
    partner_key as partner_key,
)

Language = Literal["id", "en"]
Channel = Literal["console", "telegram", "whatsapp"]

DEFAULT_LANGUAGE: Language = "id"


# --- dialogue ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Incoming:
    """One message or button press from a user, already stripped of channel details.

    ``text`` is what the user typed (a command like ``/status jatim`` included);
    ``button_data`` is set instead when the user pressed a button. Button data is
    untrusted input: the core re-checks everything it implies.
    """

    channel: Channel
    user_id: str
    chat_id: str
    text: str = ""
    button_data: str | None = None
    language_hint: str | None = None  # e.g. Telegram's language_code, "en-GB"
    display_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Button:
    """A choice offered to the user. ``data`` stays within 64 bytes (Telegram's limit)."""

    label: str
    data: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """What the core answers: plain text plus rows of buttons.

    The text is plain (no HTML, no Markdown); each channel escapes and formats it.
    ``notice`` is a short toast for a button press (Telegram's answerCallbackQuery).
    ``template_params`` carry the same facts as the text, in order, for a channel that
    must use a pre-approved template (WhatsApp outside its 24-hour window).
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    language: Language = DEFAULT_LANGUAGE
    notice: str | None = None
    template_params: tuple[str, ...] = ()

    def all_buttons(self) -> tuple[Button, ...]:
        """The buttons in reading order, rows flattened."""
        return tuple(b for row in self.buttons for b in row)


# --- knowledge base ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalizedText:
    """The same content in Indonesian and English."""

    id: str
    en: str

    def get(self, language: Language) -> str:
        """The text in ``language``."""
        return self.en if language == "en" else self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One curated knowledge-base entry (see DESIGN.md for the stable ids)."""

    id: str
    title: LocalizedText
    short: LocalizedText
    full: LocalizedText
    source: LocalizedText
    related: tuple[str, ...] = ()
    phrasings: tuple[str, ...] = ()  # written by curators from the source, both languages
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Suggestion:
    """A knowledge-base entry offered with its retrieval score."""

    entry_id: str
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """The result of retrieval for one question.

    ``entry`` is None when the engine abstains; ``suggestions`` are the closest entries.
    """

    query: str
    entry: Entry | None
    score: float
    suggestions: tuple[Suggestion, ...] = ()


# --- people, subscriptions, reminders ---------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatAddress:
    """Where to reach someone: a channel and the chat id on it."""

    channel: Channel
    chat_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class UserProfile:
    """What the bot remembers about a user."""

    channel: Channel
    user_id: str
    language: Language | None = None
    last_inbound_at: datetime | None = None  # WhatsApp's 24-hour window starts here


@dataclass(frozen=True, slots=True, kw_only=True)
class Subscription:
    """A chat subscribed to an agreement's region for reminders."""

    id: int | None = None
    address: ChatAddress
    region_code: str
    user_id: str | None = None
    paused: bool = False
    paused_reason: str | None = None
    # reminders whose send time came before this are not sent (the welcome covers them)
    since: datetime | None = None


class OfficerStatus(enum.StrEnum):
    """Verification of an officer for a region."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficerRequest:
    """An officer's request to be verified for a region (/daftar)."""

    id: int | None = None
    channel: Channel
    user_id: str
    chat_id: str
    region_code: str
    status: OfficerStatus = OfficerStatus.PENDING
    display_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Feedback:
    """A thumbs up or down on an answer, for the curators."""

    channel: Channel
    user_id: str
    entry_id: str
    helpful: bool
    query: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class KnowledgeGap:
    """A question the bot could not answer, recorded for the curators."""

    channel: Channel
    user_id: str
    query: str
    best_entry_id: str | None = None
    best_score: float = 0.0
    asked_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SendResult:
    """How a notifier's attempt to deliver a message ended.

    ``permanent`` failures (the user blocked the bot, the chat is gone) pause the
    subscription; other failures are retried later, except those that ``maybe_delivered``:
    the request may have reached the platform (a timeout after it went out, an answer the
    client could not parse, a reply of several messages cut off after the first), so a
    retry could deliver it twice. Those are recorded as unknown and reported, never resent.
    """

    ok: bool
    permanent: bool = False
    maybe_delivered: bool = False
    error: str | None = None
    retry_after: float | None = None
    provider_message_id: str | None = None


def button_rows(*rows: list[Button] | tuple[Button, ...]) -> tuple[tuple[Button, ...], ...]:
    """Build the ``buttons`` field of a :class:`Reply`, dropping empty rows."""
    return tuple(tuple(row) for row in rows if row)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlatformStatus:
    """What a platform reported about a message the bot sent: sent, delivered, read, failed."""

    message_id: str
    status: str
    at: datetime | None = None
    error_code: int | None = None
    error_title: str | None = None
