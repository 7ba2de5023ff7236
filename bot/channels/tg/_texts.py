"""What only the Telegram channel says, and the command menu it registers.

Everything else the user reads comes from the core. The menu is registered with
setMyCommands per language: Indonesian names for ``id`` (and as the default), the
English aliases for ``en``; a command is listed only if the core answers it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from telegram import BotCommand

from bot.core.models import Language
from bot.core.texts import Text

TEXTS: Mapping[str, Text] = {
    "text_only": Text(
        id="Maaf, saya hanya bisa membaca pesan teks. Silakan tulis pertanyaan Anda, "
        "atau ketik /bantuan.",
        en="Sorry, I can only read text messages. Please type your question, or /help.",
    ),
    "throttled": Text(
        id="Pesan Anda terlalu cepat. Mohon tunggu sebentar, lalu kirim lagi.",
        en="You are sending messages too quickly. Please wait a moment and try again.",
    ),
    "apology": Text(
        id="Maaf, terjadi kesalahan di pihak kami. Silakan coba lagi sebentar lagi.",
        en="Sorry, something went wrong on our side. Please try again in a moment.",
    ),
}

# (Indonesian name, English alias or None, description in Indonesian, in English)
MENU: tuple[tuple[str, str | None, str, str], ...] = (
    ("start", None, "Mulai dan perkenalan", "Start and introduction"),
    ("bantuan", "help", "Daftar perintah", "List of commands"),
    ("rekomendasi", "recommendations", "10 rekomendasi Bimtek 2019", "The ten recommendations"),
    ("status", None, "Status kerja sama daerah", "A region's agreements"),
    ("langganan", "subscribe", "Langganan pengingat", "Subscribe to reminders"),
    ("berhenti", "unsubscribe", "Berhenti berlangganan", "Stop reminders"),
    ("pengingat", "reminders", "Pengingat mendatang", "Upcoming reminders"),
    ("daftar", None, "Verifikasi petugas daerah", "Verification as a region's officer"),
    ("bahasa", "language", "Ganti bahasa (id/en)", "Change language (id/en)"),
)


def text(key: str, language: Language) -> str:
    """An adapter string in ``language``."""
    return TEXTS[key](language)


def menu(language: Language, available: Iterable[str]) -> list[BotCommand]:
    """The command menu in ``language``, limited to the commands the core answers."""
    known = set(available)
    commands: list[BotCommand] = []
    for name_id, alias_en, description_id, description_en in MENU:
        name = (alias_en or name_id) if language == "en" else name_id
        if name in known:
            description = description_en if language == "en" else description_id
            commands.append(BotCommand(name, description))
    return commands
