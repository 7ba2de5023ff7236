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

# Each command's name (the English alias where there is one) and its description.
MENU: tuple[tuple[Text, Text], ...] = (
    (
        Text(id="start", en="start"),
        Text(id="Mulai dan perkenalan", en="Start and introduction"),
    ),
    (Text(id="bantuan", en="help"), Text(id="Daftar perintah", en="List of commands")),
    (
        Text(id="rekomendasi", en="recommendations"),
        Text(id="10 rekomendasi Bimtek 2019", en="The ten recommendations"),
    ),
    (
        Text(id="status", en="status"),
        Text(id="Status kerja sama daerah", en="A region's agreements"),
    ),
    (
        Text(id="langganan", en="subscribe"),
        Text(id="Langganan pengingat", en="Subscribe to reminders"),
    ),
    (Text(id="berhenti", en="unsubscribe"), Text(id="Berhenti berlangganan", en="Stop reminders")),
    (Text(id="pengingat", en="reminders"), Text(id="Pengingat mendatang", en="Upcoming reminders")),
    (
        Text(id="daftar", en="daftar"),
        Text(id="Verifikasi petugas daerah", en="Verification as a region's officer"),
    ),
    (
        Text(id="bahasa", en="language"),
        Text(id="Ganti bahasa (id/en)", en="Change language (id/en)"),
    ),
)


def text(key: str, language: Language) -> str:
    """An adapter string in ``language``."""
    return TEXTS[key](language)


def menu(language: Language, available: Iterable[str]) -> list[BotCommand]:
    """The command menu in ``language``, limited to the commands the core answers."""
    known = set(available)
    commands: list[BotCommand] = []
    for name, description in MENU:
        if name(language) in known:
            commands.append(BotCommand(name(language), description(language)))
    return commands
