"""Reading a free-text status question: cue words, filler words, "X dengan Y".

Word lists, not a grammar: a status question names a region or partner next to a cue
("status", "kerja sama", "sister city"); everything else is left to the knowledge base.
"""

from __future__ import annotations

CUES = (
    "status",
    "kerja sama",
    "kerjasama",
    "sister city",
    "sister province",
    "sister cities",
    "sister",
    "kota kembar",
    "mitra",
    "partner",
    "partners",
    "agreement",
    "agreements",
    "mou",
)
# Words of a procedural question: those belong to the knowledge base.
PROCEDURAL_WORDS = (
    "cara bagaimana gimana bgmn prosedur syarat persyaratan langkah tahapan tahap apakah "
    "kenapa mengapa perlu harus wajib boleh bisakah dapatkah how why should must "
    "koordinasi aturan peraturan regulasi dasar hukum itu"
)
# Words around a region name in a status question ("kerja sama surabaya apa saja?").
FILLER_WORDS = (
    "apa saja aja sj ada yang yg di dari milik punya untuk utk buat daftar list cek check "
    "lihat liat info informasi tolong dong ya min kak pak bu mohon sudah udah mana "
    "of for the what which show me please are is does do have has any all "
    "terdaftar tercatat aktif dimiliki sekarang saat ini kita nya"
)
PROCEDURAL = frozenset(PROCEDURAL_WORDS.split())
FILLERS = frozenset(FILLER_WORDS.split())


def strip_cues(normalised: str) -> tuple[str, bool]:
    """Remove status cue words; say whether there were any."""
    text_ = f" {normalised} "
    cued = False
    for cue in CUES:
        if f" {cue} " in text_:
            text_ = text_.replace(f" {cue} ", " ")
            cued = True
    return " ".join(text_.split()), cued


def split_partner(remainder: str) -> tuple[str, str, str]:
    """``jatim dengan osaka`` -> (``jatim``, ``dengan``, ``osaka``); no joiner: ('', '', text)."""
    words = remainder.split()
    for index, word in enumerate(words):
        if word in ("dengan", "with", "dgn", "sama") and index < len(words) - 1:
            return " ".join(words[:index]), word, " ".join(words[index + 1 :])
    return "", "", remainder


def query_variants(remainder: str) -> list[str]:
    """The remainder as is, then with filler words trimmed from both ends."""
    words = remainder.split()
    while words and words[0] in FILLERS:
        words.pop(0)
    while words and words[-1] in FILLERS:
        words.pop()
    trimmed = " ".join(words)
    return [q for q in dict.fromkeys([remainder, trimmed]) if q]
