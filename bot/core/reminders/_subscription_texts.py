"""The sentences of the subscription feature, in Indonesian and English."""

from __future__ import annotations

from datetime import time

from bot.core.models import Language


class Texts:
    """Every sentence, in one language."""

    def __init__(self, language: Language) -> None:
        self.en = language == "en"

    def _(self, indonesian: str, english: str) -> str:
        return english if self.en else indonesian

    @property
    def policy_note(self) -> str:
        return self._(
            "Catatan: jadwal pengingat mengikuti kebijakan sisterbot (bawaan yang dapat "
            "diatur), bukan tenggat menurut peraturan.",
            "Note: reminder dates follow sisterbot's policy (configurable defaults), "
            "not legal deadlines.",
        )

    no_subscriptions = property(
        lambda self: self._(
            "Chat ini belum berlangganan pengingat. Ketik /langganan <nama daerah>, "
            "misalnya /langganan surabaya.",
            "This chat has no reminder subscriptions. Type /subscribe <region>, "
            "e.g. /subscribe surabaya.",
        )
    )
    admins_only = property(
        lambda self: self._(
            "Hanya admin sisterbot yang dapat melakukan ini.",
            "Only sisterbot admins can do this.",
        )
    )
    no_pending = property(
        lambda self: self._(
            "Tidak ada permintaan verifikasi yang menunggu.", "No verification requests wait."
        )
    )
    pending_header = property(
        lambda self: self._("Permintaan verifikasi petugas:", "Officer verification requests:")
    )
    stale_button = property(
        lambda self: self._(
            "Tombol ini sudah tidak berlaku atau datanya tidak dikenal.",
            "This button is no longer valid or its data is unknown.",
        )
    )
    not_allowed = property(lambda self: self._("Tidak diizinkan.", "Not allowed."))
    already_recorded = property(
        lambda self: self._(
            "Sudah tercatat sebelumnya; tidak ada yang diubah.",
            "Already recorded; nothing changed.",
        )
    )
    saved = property(lambda self: self._("Tersimpan.", "Saved."))
    not_your_reminder = property(
        lambda self: self._(
            "Pengingat ini dikirim ke chat lain; tunda hanya dari chat penerimanya.",
            "This reminder went to another chat; snooze it from that chat.",
        )
    )

    def unsubscribed_all(self, removed: int) -> str:
        if not removed:
            return self._("Chat ini tidak berlangganan apa pun.", "This chat had no subscriptions.")
        return self._(
            f"Berhenti berlangganan {removed} daerah. Tidak ada pengingat lagi untuk chat ini.",
            f"Unsubscribed from {removed} region(s). No more reminders for this chat.",
        )

    def already_decided(self, status: str) -> str:
        return self._(
            f"Permintaan ini sudah diputuskan ({status}).", f"Already decided ({status})."
        )

    def decided(self, approved: bool, who: str) -> str:
        if approved:
            return self._(f"Disetujui: {who}.", f"Approved: {who}.")
        return self._(f"Ditolak: {who}.", f"Rejected: {who}.")

    def already(self, name: str) -> str:
        return self._(
            f"Chat ini sudah berlangganan pengingat {name}.",
            f"This chat is already subscribed to {name}.",
        )

    def unsubscribed(self, name: str, removed: int) -> str:
        if not removed:
            return self._(
                f"Chat ini tidak berlangganan {name}.", f"This chat was not subscribed to {name}."
            )
        return self._(
            f"Berhenti berlangganan pengingat {name}.", f"Unsubscribed from {name}'s reminders."
        )

    def already_officer(self, name: str) -> str:
        return self._(
            f"Anda sudah terverifikasi sebagai petugas {name}.",
            f"You are already a verified officer for {name}.",
        )

    def request_sent(self, name: str, request_id: int, no_admins: bool) -> str:
        text = self._(
            f"Permintaan verifikasi #{request_id} sebagai petugas {name} sudah dikirim ke "
            "admin sisterbot. Anda akan diberi tahu keputusannya.",
            f"Verification request #{request_id} as an officer for {name} was sent to the "
            "sisterbot admins. You will be told their decision.",
        )
        if no_admins:
            text += self._(
                " (Belum ada admin yang terdaftar di bot ini; hubungi operatornya.)",
                " (No admin is configured for this bot yet; contact its operator.)",
            )
        return text

    def not_officer(self, name: str, code: str) -> str:
        return self._(
            f"Hanya petugas terverifikasi {name} atau admin yang dapat menandai ini. "
            f"Minta verifikasi dengan /daftar {code}.",
            f"Only verified officers of {name} or admins can mark this. "
            f"Ask to be verified with /verify {code}.",
        )

    def recorded(self, what: str, title: str, following: str) -> str:
        return self._(
            f"Tercatat: {what} {title} sudah selesai. Pengingat untuk tanggal itu dihentikan. "
            f"Jadwal berikutnya (kebijakan, bukan tenggat hukum): {following}.",
            f"Recorded: the {what} for {title} is done. Its reminders are stopped. "
            f"Next date (policy, not a legal deadline): {following}.",
        )

    def snoozed(self, when: str, at: time) -> str:
        clock = at.strftime("%H.%M" if not self.en else "%H:%M")
        return self._(
            f"Baik, saya ingatkan lagi {when} pukul {clock}.",
            f"OK, I will remind you again {when} at {clock}.",
        )

    def name_a_region(self, prefix: str) -> str:
        command = {"sb": ("langganan", "subscribe"), "ub": ("berhenti", "unsubscribe")}.get(
            prefix, ("daftar", "verify")
        )
        return self._(
            f"Sebutkan daerahnya, misalnya /{command[0]} surabaya.",
            f"Name the region, e.g. /{command[1]} surabaya.",
        )

    def region_unknown(self, query: str) -> str:
        return self._(
            f"Daerah \u201c{query}\u201d tidak saya kenali. Coba nama kota/kabupaten/provinsi "
            "atau kodenya, misalnya 35.78.",
            f"I do not know the region \u201c{query}\u201d. Try a city, regency or province "
            "name or its code, e.g. 35.78.",
        )

    def choose_region(self, query: str) -> str:
        return self._(
            f"\u201c{query}\u201d bisa berarti beberapa daerah. Pilih salah satu:",
            f"\u201c{query}\u201d could mean several regions. Choose one:",
        )


_TEXTS = {"id": Texts("id"), "en": Texts("en")}


def texts_for(language: Language) -> Texts:
    """The sentences in ``language``."""
    return _TEXTS[language]
