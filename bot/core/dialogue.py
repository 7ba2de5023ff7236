"""Incoming message -> Reply: the one place where a turn of conversation is routed.

The dialogue knows nothing of any feature. Features (questions, status look-ups,
subscriptions, ...) plug in through :class:`Feature`: the commands they answer, the
button prefixes they own, and a chance to claim free text. Free text is offered to the
features in order; the last one (the knowledge base) answers anything.

Button data has the form ``prefix:payload`` and is untrusted: a feature re-checks what
the payload implies (who may press it, whether the thing it names exists).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.models import DEFAULT_LANGUAGE, Incoming, Language, Reply, UserProfile
from bot.core.ports import Clock, UserRepository

log = logging.getLogger(__name__)

CommandHandler = Callable[["Turn", str], Reply]
ButtonHandler = Callable[["Turn", str], Reply]

MAX_INPUT_CHARS = 2000  # longer messages are cut: no real question is longer
GENERAL = "general"  # the name of what answers unknown commands and empty messages


@dataclass(frozen=True, slots=True, kw_only=True)
class Turn:
    """One incoming message with what the core worked out about it."""

    incoming: Incoming
    text: str  # cleaned: control characters removed, cut to MAX_INPUT_CHARS
    language: Language
    language_chosen: bool  # the user chose it (/bahasa), rather than the bot guessing
    now: datetime
    is_admin: bool


class Feature(Protocol):
    """A piece of the bot's behaviour, plugged into the dialogue."""

    def commands(self) -> Mapping[str, CommandHandler]:
        """Command names without the slash (``status``, ``help``) and their handlers."""
        ...

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """Button-data prefixes (before the first colon) and their handlers."""
        ...

    def claim_text(self, turn: Turn) -> Reply | None:
        """Answer free text that is this feature's business, or return None."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Handled:
    """A reply and the name of the feature that gave it (``answers``, ``status``, ...)."""

    reply: Reply
    feature: str


def feature_name(feature: Feature) -> str:
    """A feature's short name: its package under ``bot.core`` (``answers``, ``status``, ...).

    A wrapper (a timed feature, say) names the feature it wraps with a ``feature_name``.
    """
    named = getattr(feature, "feature_name", None)
    if isinstance(named, str):
        return named
    parts = type(feature).__module__.split(".")
    if parts[:2] == ["bot", "core"] and len(parts) > 2:
        return parts[2]
    return type(feature).__name__


def clean_text(raw: str) -> str:
    """Drop control characters (keeping newlines and tabs as spaces) and cut length."""
    kept = [
        ch if ch.isprintable() else " "
        for ch in raw[: MAX_INPUT_CHARS * 2]
        if ch.isprintable() or ch in "\n\t\r"
    ]
    return " ".join("".join(kept).split())[:MAX_INPUT_CHARS]


def parse_command(text: str) -> tuple[str, str] | None:
    """``/status@sisterbot jatim`` -> (``status``, ``jatim``); None if not a command."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name or not all(ch.isalnum() or ch == "_" for ch in name):
        return None
    return name, args.strip()


def guess_language(hint: str | None) -> Language:
    """Map a channel's language hint (``en-GB``, ``id``) to a language we speak."""
    if hint and hint.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


class Dialogue:
    """Turns an :class:`Incoming` into a :class:`Reply`.

    ``detect_language`` looks at the text itself (English questions get English answers
    unless the user chose a language); it returns None when it cannot tell.
    """

    def __init__(
        self,
        *,
        features: Sequence[Feature],
        users: UserRepository,
        clock: Clock,
        admins: frozenset[str],
        detect_language: Callable[[str], Language | None],
        unknown_command: Callable[[Turn, str], Reply],
        empty_message: Callable[[Turn], Reply],
    ) -> None:
        self._features = tuple(features)
        self._users = users
        self._clock = clock
        self._admins = admins
        self._detect_language = detect_language
        self._unknown_command = unknown_command
        self._empty_message = empty_message
        self._commands: dict[str, tuple[CommandHandler, str]] = {}
        self._buttons: dict[str, tuple[ButtonHandler, str]] = {}
        for feature in self._features:
            owner = feature_name(feature)
            for name, handler in feature.commands().items():
                if name in self._commands:
                    raise ValueError(f"command /{name} is claimed twice")
                self._commands[name] = (handler, owner)
            for prefix, handler in feature.buttons().items():
                if prefix in self._buttons:
                    raise ValueError(f"button prefix {prefix!r} is claimed twice")
                self._buttons[prefix] = (handler, owner)

    @property
    def command_names(self) -> tuple[str, ...]:
        """Every command the dialogue answers."""
        return tuple(self._commands)

    def handle(self, incoming: Incoming) -> Reply:
        """Answer one message or button press."""
        return self.respond(incoming).reply

    def respond(self, incoming: Incoming) -> Handled:
        """Answer one message or button press, saying which feature answered."""
        now = self._clock.now()
        profile = self._users.touch(incoming.channel, incoming.user_id, now)
        turn = self._make_turn(incoming, profile, now)
        if incoming.button_data is not None:
            return self._handle_button(turn, incoming.button_data)
        if not turn.text:
            return Handled(reply=self._empty_message(turn), feature=GENERAL)
        command = parse_command(turn.text)
        if command is not None:
            name, args = command
            found = self._commands.get(name)
            if found is None:
                return Handled(reply=self._unknown_command(turn, name), feature=GENERAL)
            handler, owner = found
            return Handled(reply=handler(turn, args), feature=owner)
        for feature in self._features:
            reply = feature.claim_text(turn)
            if reply is not None:
                return Handled(reply=reply, feature=feature_name(feature))
        return Handled(reply=self._empty_message(turn), feature=GENERAL)

    def _handle_button(self, turn: Turn, data: str) -> Handled:
        prefix, _, payload = data.partition(":")
        found = self._buttons.get(prefix)
        if found is None or len(data.encode()) > 64:
            log.info("unknown button data from %s user", turn.incoming.channel)
            return Handled(reply=self._unknown_command(turn, ""), feature=GENERAL)
        handler, owner = found
        return Handled(reply=handler(turn, payload), feature=owner)

    def _make_turn(self, incoming: Incoming, profile: UserProfile, now: datetime) -> Turn:
        text = clean_text(incoming.text)
        chosen = profile.language
        if chosen is not None:
            language: Language = chosen
        else:
            language = self._detect_language(text) or guess_language(incoming.language_hint)
        return Turn(
            incoming=incoming,
            text=text,
            language=language,
            language_chosen=chosen is not None,
            now=now,
            is_admin=f"{incoming.channel}:{incoming.user_id}" in self._admins,
        )
