"""``/umumkan`` | ``/announce``: an admin's announcement, previewed, then confirmed.

``/umumkan jatim Rapat koordinasi Kamis`` (or ``/umumkan jawa timur: Rapat ...`` for a
name of several words) stores a draft and shows a preview with the number of chats it
would reach and two buttons, *Kirim* and *Batal*. Only a confirm turns the draft into
outbox rows (the running bot's delivery job sends them). ``/umumkan batal 12`` cancels
what is not sent yet; ``/umumkan status 12`` counts every outcome. Every path checks on
the server that the user is an admin: button data is untrusted, and a forged or stale
button changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from bot.core.dialogue import MAX_INPUT_CHARS, ButtonHandler, CommandHandler, Turn
from bot.core.models import Button, RegionLevel, RegionMatch, Reply, button_rows
from bot.core.numbers import whole_number
from bot.core.ports import SubscriptionRepository
from bot.core.reminders._announcements import (
    MAX_ANNOUNCEMENT_CHARS,
    AnnouncementStore,
    Audience,
    audience_label,
    recipients,
    status_line,
)
from bot.core.texts import Text

MAX_ID_DIGITS = 12
PREVIEW_CHARS = 1500

TEXTS: Mapping[str, Text] = {
    "admins_only": Text(
        id="Maaf, pengumuman hanya dapat dikirim oleh admin sisterbot.",
        en="Sorry, only sisterbot admins can send announcements.",
    ),
    "usage": Text(
        id="Tulis: /umumkan <tujuan> <teks>. Tujuan: semua, provinsi atau daerah, misalnya "
        "/umumkan jatim Rapat koordinasi Kamis pukul 10.00, atau /umumkan jawa timur: Rapat "
        "... untuk nama beberapa kata. Batalkan: /umumkan batal <nomor>; "
        "hitungan: /umumkan status <nomor>.",
        en="Write: /announce <to> <text>. To: all, a province or a region, e.g. /announce "
        "jatim Coordination meeting Thursday 10:00, or /announce east java: Meeting ... for "
        "a name of several words. Cancel: /announce cancel <number>; "
        "counts: /announce status <number>.",
    ),
    "no_text": Text(
        id="Pengumuman untuk {audience} belum ada teksnya. {usage}",
        en="The announcement to {audience} has no text. {usage}",
    ),
    "too_long": Text(
        id="Teks pengumuman {length} karakter; paling banyak {limit}.",
        en="The announcement is {length} characters long; at most {limit}.",
    ),
    "unknown_audience": Text(
        id='Tujuan "{query}" tidak saya kenali. Tulis semua, nama provinsi atau daerah, atau '
        "kodenya.",
        en='I do not know the audience "{query}". Write all, a province or region name, or '
        "its code.",
    ),
    "ambiguous_audience": Text(
        id='Tujuan "{query}" bisa berarti: {names}. Tulis kodenya, misalnya /umumkan {code} '
        "<teks>.",
        en='The audience "{query}" could mean: {names}. Write its code, e.g. /announce {code} '
        "<text>.",
    ),
    "nobody": Text(
        id="Belum ada chat yang berlangganan untuk {audience}: tidak ada yang dikirimi.",
        en="No chat is subscribed for {audience}: nobody to send to.",
    ),
    "preview": Text(
        id="Pratinjau pengumuman #{id} untuk {audience} ({count} chat):\n\n{text}\n\n"
        "Kirim sekarang?",
        en="Preview of announcement #{id} to {audience} ({count} chats):\n\n{text}\n\nSend it now?",
    ),
    "send": Text(id="Kirim", en="Send"),
    "discard": Text(id="Batal", en="Cancel"),
    "confirmed": Text(
        id="Pengumuman #{id} dijadwalkan untuk {count} chat. Hitungan: /umumkan status {id}; "
        "batalkan yang belum terkirim: /umumkan batal {id}.",
        en="Announcement #{id} is queued for {count} chats. Counts: /announce status {id}; "
        "cancel what is not sent: /announce cancel {id}.",
    ),
    "discarded": Text(id="Pengumuman #{id} tidak dikirim.", en="Announcement #{id} not sent."),
    "not_draft": Text(
        id="Pengumuman #{id} sudah dikirim atau dibatalkan.",
        en="Announcement #{id} was already sent or cancelled.",
    ),
    "stale": Text(
        id="Pilihan itu tidak dikenal atau sudah tidak berlaku.",
        en="That choice is unknown or no longer valid.",
    ),
    "no_such": Text(id="Tidak ada pengumuman #{id}.", en="There is no announcement #{id}."),
    "cancelled": Text(
        id="{count} pengiriman pengumuman #{id} dibatalkan.",
        en="{count} deliveries of announcement #{id} cancelled.",
    ),
}
_CANCEL_WORDS = ("batal", "cancel")
_STATUS_WORDS = ("status",)
_ALL_WORDS = ("semua", "all")


class AudienceLookup(Protocol):
    """What the feature needs of the region index."""

    def resolve(self, text: str) -> RegionMatch:
        """Resolve a region name, code or alias."""
        ...


class AnnouncementFeature:
    """``/umumkan`` | ``/announce`` with preview and confirm (admins only)."""

    def __init__(
        self,
        *,
        announcements: AnnouncementStore,
        subscriptions: SubscriptionRepository,
        regions: AudienceLookup,
    ) -> None:
        self._store = announcements
        self._subscriptions = subscriptions
        self._regions = regions

    def commands(self) -> Mapping[str, CommandHandler]:
        """Indonesian and English names."""
        return {"umumkan": self.announce, "announce": self.announce}

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """``an:ok:<id>`` send, ``an:no:<id>`` discard."""
        return {"an": self.button}

    def claim_text(self, turn: Turn) -> Reply | None:
        """Free text is not this feature's business."""
        return None

    def announce(self, turn: Turn, args: str) -> Reply:
        """Preview a new announcement, or cancel / count one."""
        language = turn.language
        if not turn.is_admin:
            return self._say(turn, "admins_only")
        words = args.split()
        if not words:
            return self._say(turn, "usage")
        if words[0].casefold() in (*_CANCEL_WORDS, *_STATUS_WORDS) and len(words) == 2:
            number = whole_number(words[1].lstrip("#"), MAX_ID_DIGITS)
            if number is not None:
                return self._cancel_or_count(turn, number, words[0].casefold() in _CANCEL_WORDS)
        audience: Audience | Reply | None = None
        text = ""
        for target, rest in _splits(args):
            audience, text = self._audience(turn, target), rest
            if isinstance(audience, Audience):
                break
        if isinstance(audience, Reply) or audience is None:
            return audience or self._say(turn, "usage")
        label = audience_label(audience, language)
        if not text:
            return self._say(turn, "no_text", audience=label, usage=TEXTS["usage"](language))
        # The dialogue cuts a long message: refuse it rather than announce half of it.
        limit = min(MAX_ANNOUNCEMENT_CHARS, MAX_INPUT_CHARS - len(turn.text) + len(text))
        length = len(turn.incoming.text) - len(turn.text) + len(text)
        if length > limit:
            return self._say(turn, "too_long", length=length, limit=limit)
        count = len(recipients(audience, self._subscriptions.active()))
        if not count:
            return self._say(turn, "nobody", audience=label)
        draft_id = self._store.draft(
            text=text,
            audience=audience,
            created_by=f"{turn.incoming.channel}:{turn.incoming.user_id}",
            now=turn.now,
        )
        shown = text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"
        buttons = button_rows(
            [
                Button(label=TEXTS["send"](language), data=f"an:ok:{draft_id}"),
                Button(label=TEXTS["discard"](language), data=f"an:no:{draft_id}"),
            ]
        )
        preview = TEXTS["preview"](language, id=draft_id, audience=label, count=count, text=shown)
        return Reply(text=preview, buttons=buttons, language=language)

    def button(self, turn: Turn, payload: str) -> Reply:
        """Send or discard a draft: admins only, and only while it is a draft."""
        if not turn.is_admin:
            text = TEXTS["admins_only"](turn.language)
            return Reply(text=text, language=turn.language, notice=text)
        action, _, raw_id = payload.partition(":")
        number = whole_number(raw_id, MAX_ID_DIGITS)
        announcement = self._store.get(number) if number is not None else None
        if action not in ("ok", "no") or announcement is None:
            text = TEXTS["stale"](turn.language)
            return Reply(text=text, language=turn.language, notice=text)
        if action == "no":
            key = "discarded" if self._store.discard(announcement.id) else "not_draft"
            text = TEXTS[key](turn.language, id=announcement.id)
            return Reply(text=text, language=turn.language, notice=text)
        # The recipients are taken now, from the subscriptions as they are at the confirm.
        addresses = recipients(announcement.audience, self._subscriptions.active())
        count = self._store.confirm(announcement.id, addresses)
        if count is None:
            text = TEXTS["not_draft"](turn.language, id=announcement.id)
        else:
            text = TEXTS["confirmed"](turn.language, id=announcement.id, count=count)
        return Reply(text=text, language=turn.language, notice=text)

    # --- helpers ------------------------------------------------------------------------

    def _cancel_or_count(self, turn: Turn, number: int, cancel: bool) -> Reply:
        if self._store.get(number) is None:
            return self._say(turn, "no_such", id=number)
        lines = []
        if cancel:
            self._store.discard(number)  # a draft never confirmed
            cancelled = self._store.cancel(number, turn.now)
            lines.append(TEXTS["cancelled"](turn.language, id=number, count=cancelled))
        announcement = self._store.get(number)
        assert announcement is not None
        lines.append(status_line(announcement, turn.language))
        return Reply(text="\n".join(lines), language=turn.language)

    def _audience(self, turn: Turn, target: str) -> Audience | Reply:
        query = target.strip()[:100]
        if query.casefold() in _ALL_WORDS:
            return Audience(scope="all")
        match = self._regions.resolve(query)
        if match.kind in ("exact", "fuzzy") and match.region is not None:
            region = match.region
            if region.level is RegionLevel.PROVINSI:
                return Audience(scope="province", code=region.code, name=region.display_name)
            return Audience(scope="region", code=region.code, name=region.display_name)
        candidates = match.candidates[:5]
        if not candidates:
            return self._say(turn, "unknown_audience", query=query[:60])
        names = ", ".join(f"{c.region.display_name} ({c.region.code})" for c in candidates)
        return self._say(
            turn,
            "ambiguous_audience",
            query=query[:60],
            names=names,
            code=candidates[0].region.code,
        )

    def _say(self, turn: Turn, key: str, **values: object) -> Reply:
        return Reply(text=TEXTS[key](turn.language, **values), language=turn.language)


def _splits(args: str) -> list[tuple[str, str]]:
    """The ways to read ``args`` as (audience, text): ``jatim teks``, then ``jawa timur: teks``.

    The first word alone is tried first, so a colon in the text (``pukul 10:00``) never
    swallows it; the colon form is for names of several words.
    """
    target, _, text = args.strip().partition(" ")
    ways = [(target, text.strip())]
    head, colon, rest = args.partition(":")
    if colon and 1 < len(head.split()) <= 4:
        ways.append((head.strip(), rest.strip()))
    return ways
