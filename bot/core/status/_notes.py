"""The registry's notes in the reader's language.

Curators write an agreement's note once, in English, in ``knowledge/agreements.csv``; an
Indonesian status card must not carry an English sentence. Each note the registry ships is
translated, keyed by its English text: the first notes here, the rest in the
``_note_translations_*`` modules (English note -> Indonesian, keyed exactly as the CSV has
it). A note written later (by a curator, perhaps in Indonesian) and not listed is shown as
written.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.models import Language
from bot.core.status import _note_translations_1, _note_translations_2, _note_translations_3
from bot.core.texts import Text


def _translated(*parts: Mapping[str, str]) -> dict[str, Text]:
    """``Text`` values for the English notes -> Indonesian of the ``parts``."""
    return {en: Text(id=indonesian, en=en) for part in parts for en, indonesian in part.items()}


NOTES: Mapping[str, Text] = {
    "Year of the agreement as given by the source.": Text(
        id="Tahun kerja sama sebagaimana disebut sumbernya.",
        en="Year of the agreement as given by the source.",
    ),
    "DPRD approval 30 Mar 2023; no MoU recorded yet.": Text(
        id="Persetujuan DPRD 30 Maret 2023; belum ada MoU yang tercatat.",
        en="DPRD approval 30 Mar 2023; no MoU recorded yet.",
    ),
    "In its second five-year period per the source.": Text(
        id="Menurut sumbernya, kini dalam periode lima tahun kedua.",
        en="In its second five-year period per the source.",
    ),
    "Jakarta-Tokyo; named among the arrangements formalised by MoU (Bimtek 2019 "
    "recommendation 5).": Text(
        id="Jakarta-Tokyo; disebut di antara kerja sama yang diformalkan dengan MoU "
        "(rekomendasi 5 Bimtek 2019).",
        en="Jakarta-Tokyo; named among the arrangements formalised by MoU (Bimtek 2019 "
        "recommendation 5).",
    ),
    "Jawa Timur-Osaka Prefecture (recommendation 5); to be revitalised (acting governor; "
    "Feb 2024).": Text(
        id="Jawa Timur-Prefektur Osaka (rekomendasi 5); akan direvitalisasi (Pj. gubernur; "
        "Februari 2024).",
        en="Jawa Timur-Osaka Prefecture (recommendation 5); to be revitalised (acting "
        "governor; Feb 2024).",
    ),
    "LoI 2015; MoU renewed 7 Apr 2022.": Text(
        id="LoI 2015; MoU diperbarui 7 April 2022.", en="LoI 2015; MoU renewed 7 Apr 2022."
    ),
    "Medan-Ichikawa (recommendation 5).": Text(
        id="Medan-Ichikawa (rekomendasi 5).", en="Medan-Ichikawa (recommendation 5)."
    ),
    "MoU 1 Aug 2015; a new LoI was signed on 19 Feb 2023.": Text(
        id="MoU 1 Agustus 2015; LoI baru ditandatangani 19 Februari 2023.",
        en="MoU 1 Aug 2015; a new LoI was signed on 19 Feb 2023.",
    ),
    "Named in brackets after Surabaya-Kochi in recommendation 5; date not known.": Text(
        id="Disebut dalam kurung setelah Surabaya-Kochi pada rekomendasi 5; tanggalnya "
        "tidak diketahui.",
        en="Named in brackets after Surabaya-Kochi in recommendation 5; date not known.",
    ),
    "Papua-Yamagata Prefecture (recommendation 5); date not known.": Text(
        id="Papua-Prefektur Yamagata (rekomendasi 5); tanggalnya tidak diketahui.",
        en="Papua-Yamagata Prefecture (recommendation 5); date not known.",
    ),
    "Signed in the 1990s; the exact year is not known.": Text(
        id="Ditandatangani pada tahun 1990-an; tahun pastinya tidak diketahui.",
        en="Signed in the 1990s; the exact year is not known.",
    ),
    "Surabaya-Kochi (recommendation 5).": Text(
        id="Surabaya-Kochi (rekomendasi 5).", en="Surabaya-Kochi (recommendation 5)."
    ),
    "Yogyakarta-Kyoto (recommendation 5); reaffirmed 2010 and 27 Aug 2015; renewed every "
    "five years in practice.": Text(
        id="Yogyakarta-Kyoto (rekomendasi 5); ditegaskan kembali 2010 dan 27 Agustus 2015; "
        "dalam praktiknya diperbarui setiap lima tahun.",
        en="Yogyakarta-Kyoto (recommendation 5); reaffirmed 2010 and 27 Aug 2015; renewed "
        "every five years in practice.",
    ),
    **_translated(
        _note_translations_1.INDONESIAN,
        _note_translations_2.INDONESIAN,
        _note_translations_3.INDONESIAN,
    ),
}


def note_text(note: str, language: Language) -> str:
    """The note in ``language`` when the registry's note is translated, else as written."""
    translated = NOTES.get(note.strip())
    return translated(language) if translated is not None else note
