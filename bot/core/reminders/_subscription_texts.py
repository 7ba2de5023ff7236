"""The sentences of the subscription feature: one :class:`~bot.core.texts.Text` catalogue.

Scheduling lives in :mod:`bot.core.reminders._plan` and its wording for /pengingat and the
welcome in :mod:`bot.core.reminders._summaries`; this module only holds sentences.
:class:`Texts` is a typed accessor over ``TEXTS`` for one language, so the feature's code
reads ``t.already(name)`` and a missing placeholder is a type error, not a runtime one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time

from bot.core.dates import format_clock
from bot.core.models import Language
from bot.core.texts import Text

TEXTS: Mapping[str, Text] = {
    "policy_note": Text(
        id="Catatan: jadwal pengingat mengikuti kebijakan sisterbot (bawaan yang dapat "
        "diatur), bukan tenggat menurut peraturan.",
        en="Note: reminder dates follow sisterbot's policy (configurable defaults), "
        "not legal deadlines.",
    ),
    "no_subscriptions": Text(
        id="Chat ini belum berlangganan pengingat. Ketik /langganan <nama daerah>, "
        "misalnya /langganan surabaya.",
        en="This chat has no reminder subscriptions. Type /subscribe <region>, "
        "e.g. /subscribe surabaya.",
    ),
    "admins_only": Text(
        id="Hanya admin sisterbot yang dapat melakukan ini.",
        en="Only sisterbot admins can do this.",
    ),
    "no_pending": Text(
        id="Tidak ada permintaan verifikasi yang menunggu.", en="No verification requests wait."
    ),
    "pending_header": Text(
        id="Permintaan verifikasi petugas:", en="Officer verification requests:"
    ),
    "stale_button": Text(
        id="Tombol ini sudah tidak berlaku atau datanya tidak dikenal.",
        en="This button is no longer valid or its data is unknown.",
    ),
    "not_allowed": Text(id="Tidak diizinkan.", en="Not allowed."),
    "already_recorded": Text(
        id="Sudah tercatat sebelumnya; tidak ada yang diubah.",
        en="Already recorded; nothing changed.",
    ),
    "saved": Text(id="Tersimpan.", en="Saved."),
    "not_your_reminder": Text(
        id="Pengingat ini dikirim ke chat lain; tunda hanya dari chat penerimanya.",
        en="This reminder went to another chat; snooze it from that chat.",
    ),
    "unsubscribed_none": Text(
        id="Chat ini tidak berlangganan apa pun.", en="This chat had no subscriptions."
    ),
    "unsubscribed_all": Text(
        id="Berhenti berlangganan {removed} daerah. Tidak ada pengingat lagi untuk chat ini.",
        en="Unsubscribed from {removed} region(s). No more reminders for this chat.",
    ),
    "already_decided": Text(
        id="Permintaan ini sudah diputuskan ({status}).", en="Already decided ({status})."
    ),
    "approved": Text(id="Disetujui: {who}.", en="Approved: {who}."),
    "rejected": Text(id="Ditolak: {who}.", en="Rejected: {who}."),
    "already": Text(
        id="Chat ini sudah berlangganan pengingat {name}.",
        en="This chat is already subscribed to {name}.",
    ),
    "not_subscribed": Text(
        id="Chat ini tidak berlangganan {name}.", en="This chat was not subscribed to {name}."
    ),
    "unsubscribed": Text(
        id="Berhenti berlangganan pengingat {name}.", en="Unsubscribed from {name}'s reminders."
    ),
    "already_officer": Text(
        id="Anda sudah terverifikasi sebagai petugas {name}.",
        en="You are already a verified officer for {name}.",
    ),
    "request_sent": Text(
        id="Permintaan verifikasi #{request_id} sebagai petugas {name} sudah dikirim ke "
        "admin sisterbot. Anda akan diberi tahu keputusannya.",
        en="Verification request #{request_id} as an officer for {name} was sent to the "
        "sisterbot admins. You will be told their decision.",
    ),
    "no_admins": Text(
        id=" (Belum ada admin yang terdaftar di bot ini; hubungi operatornya.)",
        en=" (No admin is configured for this bot yet; contact its operator.)",
    ),
    "not_officer": Text(
        id="Hanya petugas terverifikasi {name} atau admin yang dapat menandai ini. "
        "Minta verifikasi dengan /daftar {code}.",
        en="Only verified officers of {name} or admins can mark this. "
        "Ask to be verified with /verify {code}.",
    ),
    "recorded": Text(
        id="Tercatat: {what} {title} sudah selesai. Pengingat untuk tanggal itu dihentikan. "
        "Jadwal berikutnya (kebijakan, bukan tenggat hukum): {following}.",
        en="Recorded: the {what} for {title} is done. Its reminders are stopped. "
        "Next date (policy, not a legal deadline): {following}.",
    ),
    "snoozed": Text(
        id="Baik, saya ingatkan lagi {when} pukul {clock}.",
        en="OK, I will remind you again {when} at {clock}.",
    ),
    "name_a_region_sb": Text(
        id="Sebutkan daerahnya, misalnya /langganan surabaya.",
        en="Name the region, e.g. /subscribe surabaya.",
    ),
    "name_a_region_ub": Text(
        id="Sebutkan daerahnya, misalnya /berhenti surabaya.",
        en="Name the region, e.g. /unsubscribe surabaya.",
    ),
    "name_a_region_dr": Text(
        id="Sebutkan daerahnya, misalnya /daftar surabaya.",
        en="Name the region, e.g. /verify surabaya.",
    ),
    "region_unknown": Text(
        id="Daerah \u201c{query}\u201d tidak saya kenali. Coba nama kota/kabupaten/provinsi "
        "atau kodenya, misalnya 35.78.",
        en="I do not know the region \u201c{query}\u201d. Try a city, regency or province "
        "name or its code, e.g. 35.78.",
    ),
    "choose_region": Text(
        id="\u201c{query}\u201d bisa berarti beberapa daerah. Pilih salah satu:",
        en="\u201c{query}\u201d could mean several regions. Choose one:",
    ),
}


class Texts:
    """The catalogue's sentences in one language, with their placeholders typed."""

    def __init__(self, language: Language) -> None:
        self.language = language

    def _say(self, key: str, **values: object) -> str:
        return TEXTS[key](self.language, **values)

    policy_note = property(lambda self: self._say("policy_note"))
    no_subscriptions = property(lambda self: self._say("no_subscriptions"))
    admins_only = property(lambda self: self._say("admins_only"))
    no_pending = property(lambda self: self._say("no_pending"))
    pending_header = property(lambda self: self._say("pending_header"))
    stale_button = property(lambda self: self._say("stale_button"))
    not_allowed = property(lambda self: self._say("not_allowed"))
    already_recorded = property(lambda self: self._say("already_recorded"))
    saved = property(lambda self: self._say("saved"))
    not_your_reminder = property(lambda self: self._say("not_your_reminder"))

    def unsubscribed_all(self, removed: int) -> str:
        """How many regions the chat left (or that it had none)."""
        if not removed:
            return self._say("unsubscribed_none")
        return self._say("unsubscribed_all", removed=removed)

    def already_decided(self, status: str) -> str:
        """A request decided before."""
        return self._say("already_decided", status=status)

    def decided(self, approved: bool, who: str) -> str:
        """The admin's decision."""
        return self._say("approved" if approved else "rejected", who=who)

    def already(self, name: str) -> str:
        """Subscribed before."""
        return self._say("already", name=name)

    def unsubscribed(self, name: str, removed: int) -> str:
        """Left one region (or was not subscribed to it)."""
        return self._say("unsubscribed" if removed else "not_subscribed", name=name)

    def already_officer(self, name: str) -> str:
        """Verified before."""
        return self._say("already_officer", name=name)

    def request_sent(self, name: str, request_id: int, no_admins: bool) -> str:
        """A verification request was filed."""
        text = self._say("request_sent", name=name, request_id=request_id)
        return text + self._say("no_admins") if no_admins else text

    def not_officer(self, name: str, code: str) -> str:
        """Only verified officers and admins may mark done."""
        return self._say("not_officer", name=name, code=code)

    def recorded(self, what: str, title: str, following: str) -> str:
        """Marked done."""
        return self._say("recorded", what=what, title=title, following=following)

    def snoozed(self, when: str, at: time) -> str:
        """Snoozed until ``when`` at the send time."""
        return self._say("snoozed", when=when, clock=format_clock(at, self.language))

    def name_a_region(self, prefix: str) -> str:
        """A command without a region (``sb``, ``ub``, or ``dr``)."""
        return self._say(f"name_a_region_{prefix if prefix in ('sb', 'ub') else 'dr'}")

    def region_unknown(self, query: str) -> str:
        """No region of that name."""
        return self._say("region_unknown", query=query)

    def choose_region(self, query: str) -> str:
        """Several regions match."""
        return self._say("choose_region", query=query)


_TEXTS = {"id": Texts("id"), "en": Texts("en")}


def texts_for(language: Language) -> Texts:
    """The sentences in ``language``."""
    return _TEXTS[language]
