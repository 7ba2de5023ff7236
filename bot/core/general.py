"""The bot's manners: /start, help, language choice, greetings and thanks.

Greetings, thanks and requests for help get a friendly reply here, before any other
feature sees the text, so they never get a knowledge-base answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from bot.core.dialogue import ButtonHandler, CommandHandler, Turn
from bot.core.models import Button, Language, Reply, button_rows
from bot.core.ports import UserRepository
from bot.core.texts import Text

_GREETING = re.compile(
    r"^(hai+|halo+|hallo+|hello+|hi+|hey+|hei+|p+|permisi|pagi|siang|sore|malam|"
    r"selamat (pagi|siang|sore|malam)|assalamu.?alaikum( wr wb)?|salam|good (morning|"
    r"afternoon|evening)|halo (bot|min|admin|kak|pak|bu)|hai (bot|min|kak|pak|bu))"
    r"( (bot|min|admin|kak|pak|bu|sisterbot))?[ !.]*$"
)
_THANKS = re.compile(
    r"^(terima ?kasih|makasih|makasi|mksh|trims|thx|thanks|thank you|tq|ty|"
    r"oke (terima ?kasih|makasih|thanks)|ok (makasih|thanks))( (banyak|ya|yaa|bot|min|"
    r"pak|bu|kak|a lot|so much))*[ !.]*$"
)
_HELP = re.compile(
    r"^(bantuan|tolong|help|menu|bisa apa( saja| aja)?|kamu bisa apa|what can you do|"
    r"cara pakai|cara menggunakan bot( ini)?|how (do i|to) use (this|the bot))[ ?!.]*$"
)

_EMOJI_ECHO_CHARS = 8  # a "👍" or "🙏🙏" is echoed back; a long run of symbols is not

TEXTS: Mapping[str, Text] = {
    "start": Text(
        id="Halo{name}! Saya sisterbot, asisten kerja sama sister city / sister province "
        "pemerintah daerah.\n\n"
        "Saya bisa:\n"
        "• menjawab pertanyaan prosedur dari 10 rekomendasi Bimtek Kemendagri 2019 "
        '(contoh: "perlu persetujuan DPRD?")\n'
        '• menampilkan status kerja sama per daerah (contoh: "status surabaya")\n'
        "• mengingatkan jadwal laporan dan revitalisasi (/langganan)\n\n"
        "Ketik /bantuan untuk daftar perintah.",
        en="Hello{name}! I am sisterbot, an assistant for regional governments' sister city / "
        "sister province cooperation.\n\n"
        "I can:\n"
        "• answer procedural questions from the ten recommendations of the Ministry of "
        'Home Affairs\' 2019 technical guidance (e.g. "does the DPRD have to approve?")\n'
        '• show a region\'s agreements (e.g. "status surabaya")\n'
        "• remind you when reports and revitalisation reviews are due (/subscribe)\n\n"
        "Type /help for the list of commands.",
    ),
    "help": Text(
        id="Perintah (/start untuk mulai, /bantuan untuk daftar ini):\n"
        "/rekomendasi [n] – 10 rekomendasi Bimtek 2019\n"
        "/status <daerah> – status kerja sama (contoh: /status jatim)\n"
        "/langganan <daerah> – pengingat laporan dan revitalisasi\n"
        "/berhenti [daerah] – berhenti berlangganan\n"
        "/pengingat – pengingat yang akan datang\n"
        "/daftar <daerah> – minta verifikasi sebagai petugas daerah\n"
        "/bahasa id|en – ganti bahasa\n"
        "Admin: /verifikasi (permintaan petugas), /gagal (pengingat gagal terkirim), "
        "/masuk (tautan ke konsol kurator), /umumkan (pengumuman ke pelanggan)\n\n"
        'Atau tulis pertanyaan Anda langsung, misalnya "apa itu revitalisasi sister city?"',
        en="Commands (/start to begin, /help for this list):\n"
        "/recommendations [n] – the ten recommendations of the 2019 guidance\n"
        "/status <region> – a region's agreements (e.g. /status jatim)\n"
        "/subscribe <region> – reminders for reports and revitalisation reviews\n"
        "/unsubscribe [region] – stop reminders\n"
        "/reminders – what is coming up\n"
        "/verify <region> – ask to be verified as a region's officer\n"
        "/language id|en – change language\n"
        "Admins: /requests (officer requests), /failures (reminders that failed), "
        "/signin (a link to the curators' console), /announce (announcements to subscribers)\n\n"
        'Or just type your question, e.g. "what does revitalisation mean?"',
    ),
    "greeting": Text(
        id="Halo! Ada yang bisa saya bantu tentang kerja sama sister city / province?",
        en="Hello! How can I help with sister city / province cooperation?",
    ),
    "thanks": Text(
        id="Sama-sama! Silakan bertanya lagi kapan saja.", en="You're welcome! Ask again any time."
    ),
    "language_set": Text(
        id="Baik, saya akan menjawab dalam Bahasa Indonesia.", en="OK, I will answer in English."
    ),
    "language_ask": Text(id="Pilih bahasa:", en="Choose a language:"),
    "unknown_command": Text(
        id="Perintah itu tidak saya kenal. Ketik /bantuan untuk daftar perintah.",
        en="I don't know that command. Type /help for the list of commands.",
    ),
    "stale_button": Text(
        id="Tombol itu sudah tidak berlaku. Ketik /bantuan untuk mulai lagi.",
        en="That button is no longer valid. Type /help to start again.",
    ),
    "emoji": Text(
        id="{emoji} Terima kasih! Jika ada yang ingin ditanyakan tentang kerja sama sister "
        "city / province, silakan tulis pertanyaan Anda, atau ketik /bantuan.",
        en="{emoji} Thank you! If you have a question about sister city / province "
        "cooperation, type it, or /help.",
    ),
    "no_words": Text(
        id="Pesan Anda tidak berisi kata. Tulis pertanyaan Anda, atau ketik /bantuan.",
        en="Your message has no words in it. Type your question, or /help.",
    ),
    "bare_number": Text(
        id="Angka saja belum bisa saya pahami. Tulis pertanyaan Anda, /rekomendasi {number} "
        "untuk membaca rekomendasi bernomor itu, atau ketik /bantuan.",
        en="A number alone is not something I understand. Type your question, "
        "/recommendations {number} to read that recommendation, or /help.",
    ),
    "empty": Text(
        id="Pesan Anda kosong. Tulis pertanyaan, atau ketik /bantuan.",
        en="Your message is empty. Type a question, or /help.",
    ),
}

LANGUAGE_BUTTONS = (
    Button(label="🇮🇩 Bahasa Indonesia", data="lang:id"),
    Button(label="🇬🇧 English", data="lang:en"),
)
START_LABELS: Mapping[str, Text] = {
    "recommendations": Text(id="10 Rekomendasi", en="10 Recommendations"),
    "help": Text(id="Bantuan", en="Help"),
}


def start_buttons(language: Language) -> tuple[Button, ...]:
    """The recommendations and help buttons of /start (help's own reply shows the first)."""
    return (
        Button(label=START_LABELS["recommendations"](language), data="kb:list"),
        Button(label=START_LABELS["help"](language), data="help:"),
    )


def text(key: str, language: Language) -> str:
    """A UI string of this module in ``language``."""
    return TEXTS[key](language)


class GeneralFeature:
    """/start, /bantuan, /bahasa, greetings and thanks."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    def commands(self) -> Mapping[str, CommandHandler]:
        """Start, help and language, in Indonesian and English."""
        return {
            "start": self.start,
            "bantuan": self.help,
            "help": self.help,
            "bahasa": self.language,
            "language": self.language,
        }

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """``lang:id|en`` and ``help:``."""
        return {"lang": self.language, "help": self.help}

    def claim_text(self, turn: Turn) -> Reply | None:
        """Greetings, thanks, requests for help, and messages that cannot be a question.

        A message of emoji or punctuation only ("👍", "🙏🙏", "??") and a bare number ("99")
        get a friendly reply here, so that they are never recorded as knowledge gaps.
        """
        lowered = turn.text.casefold().strip()
        if not any(ch.isalnum() for ch in lowered):
            if not any(unicodedata.category(ch) == "So" for ch in lowered):
                return Reply(text=text("no_words", turn.language), language=turn.language)
            emoji = lowered if len(lowered) <= _EMOJI_ECHO_CHARS else ""
            reply = text("emoji", turn.language).format(emoji=emoji).strip()
            return Reply(text=reply, language=turn.language)
        if lowered.isascii() and lowered.isdigit():
            reply = text("bare_number", turn.language).format(number=lowered[:3])
            return Reply(text=reply, language=turn.language)
        if _GREETING.match(lowered):
            return Reply(text=text("greeting", turn.language), language=turn.language)
        if _THANKS.match(lowered):
            return Reply(text=text("thanks", turn.language), language=turn.language)
        if _HELP.match(lowered):
            return self.help(turn, "")
        return None

    def start(self, turn: Turn, _args: str) -> Reply:
        """The greeting and what the bot can do."""
        name = turn.incoming.display_name
        greeting = text("start", turn.language).format(name=f" {name}" if name else "")
        return Reply(
            text=greeting,
            buttons=button_rows(start_buttons(turn.language), LANGUAGE_BUTTONS),
            language=turn.language,
        )

    def help(self, turn: Turn, _args: str) -> Reply:
        """The list of commands."""
        return Reply(
            text=text("help", turn.language),
            buttons=button_rows(start_buttons(turn.language)[:1]),
            language=turn.language,
        )

    def language(self, turn: Turn, args: str) -> Reply:
        """Switch language (``/bahasa en``, a ``lang:`` button) or offer the choice."""
        choice = args.strip().casefold()[:2]
        if choice in ("id", "in"):
            chosen: Language = "id"
        elif choice == "en":
            chosen = "en"
        else:
            return Reply(
                text=text("language_ask", turn.language),
                buttons=button_rows(LANGUAGE_BUTTONS),
                language=turn.language,
            )
        self._users.set_language(turn.incoming.channel, turn.incoming.user_id, chosen)
        return Reply(text=text("language_set", chosen), language=chosen, notice="OK")


def unknown_command(turn: Turn, name: str) -> Reply:
    """The reply to an unknown command (``name``) or unknown button data (empty name)."""
    key = "unknown_command" if name else "stale_button"
    return Reply(text=text(key, turn.language), language=turn.language)


def empty_message(turn: Turn) -> Reply:
    """The reply to an empty or whitespace-only message."""
    return Reply(text=text("empty", turn.language), language=turn.language)
