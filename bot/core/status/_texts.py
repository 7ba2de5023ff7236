"""The status feature's sentences, in Indonesian and English."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.models import Language
from bot.core.texts import Text

TEXTS: Mapping[str, Text] = {
    "ask_region": Text(
        id="Daerah mana yang ingin Anda cek? Tulis nama atau kodenya, misalnya "
        "/status surabaya, /status jatim, /status 35.78, atau nama mitra: /status tokyo",
        en="Which region? Type its name or code, e.g. /status surabaya, /status jatim, "
        "/status 35.78, or a partner's name: /status tokyo",
    ),
    "too_long": Text(
        id="Pesan itu terlalu panjang untuk nama daerah. Tulis nama daerah atau mitranya "
        "saja, misalnya /status surabaya.",
        en="That is too long for a region name. Type just the region or partner, "
        "e.g. /status surabaya.",
    ),
    "stale_button": Text(
        id="Pilihan itu tidak dikenal atau sudah tidak berlaku. Ketik /status <daerah> "
        "untuk mencari lagi.",
        en="That choice is unknown or no longer valid. Type /status <region> to search again.",
    ),
    "ambiguous": Text(
        id='"{query}" bisa berarti beberapa daerah. Pilih salah satu:',
        en='"{query}" could mean several regions. Choose one:',
    ),
    "not_found_closest": Text(
        id='Saya tidak menemukan daerah atau mitra "{query}". Yang paling mirip: {names}.',
        en='I found no region or partner called "{query}". Closest names: {names}.',
    ),
    "not_found": Text(
        id='Saya tidak menemukan daerah atau mitra "{query}". Tulis nama provinsi, '
        'kabupaten atau kota (misalnya "kab. badung") atau kodenya (misalnya 51.03).',
        en='I found no region or partner called "{query}". Type a province, '
        'kabupaten or kota (e.g. "kab. badung") or its code (e.g. 51.03).',
    ),
    "did_you_mean": Text(id="Maksud Anda {name}?", en="Did you mean {name}?"),
    "region_header": Text(
        id="{name} ({code}): {count} kerja sama tercatat.",
        en="{name} ({code}): {count} recorded agreement(s).",
    ),
    "region_header_none_signed": Text(
        id="{name} ({code}): belum ada kerja sama yang ditandatangani tercatat; hanya "
        "usulan atau hubungan tidak formal berikut.",
        en="{name} ({code}): no signed agreement is recorded; only the proposals or "
        "informal ties below.",
    ),
    "partner_header": Text(
        id="{name} ({code}): kerja sama dengan mitra yang Anda cari.",
        en="{name} ({code}): the agreement(s) with the partner you asked about.",
    ),
    "no_agreements": Text(
        id="Belum ada kerja sama luar negeri yang tercatat untuk {name} di data sisterbot. "
        "Untuk memastikan atau memulai kerja sama, hubungi Pusat Fasilitasi Kerja Sama, "
        "Sekretariat Jenderal Kementerian Dalam Negeri.",
        en="No cooperation abroad is recorded for {name} in sisterbot's data. To check, "
        "or to start one, contact the Pusat Fasilitasi Kerja Sama (Centre for Cooperation "
        "Facilitation), Secretariat General of the Ministry of Home Affairs.",
    ),
    "pick_agreement": Text(
        id="Pilih kerja sama untuk melihat rinciannya:",
        en="Choose an agreement to see its details:",
    ),
    "within_province": Text(
        id="Kerja sama kabupaten/kota di provinsi ini: {names}.",
        en="Agreements of kabupaten/kota in this province: {names}.",
    ),
    "partner_many": Text(
        id='Mitra "{query}" tercatat bekerja sama dengan beberapa daerah:',
        en='The partner "{query}" has agreements with several regions:',
    ),
}


def text(key: str, language: Language) -> str:
    """A sentence of the status feature in ``language``."""
    return TEXTS[key](language)
