"""Reading a free-text status question: cue words, filler words, "X dengan Y".

Word lists, not a grammar: a status question names a region, a partner or a country next
to a cue ("status", "kerja sama", "sister city"), and every other word of it is a filler
("apa saja", "msh aktif ga", "punya", "di"); anything else is left to the knowledge base.
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
# "apakah" is not one of them: "apakah bandung punya sister city di korea" asks the registry;
# "apakah ... perlu / boleh / bisa" is caught by the word that follows it.
PROCEDURAL_WORDS = (
    "cara bagaimana gimana gmn bgmn prosedur syarat persyaratan langkah tahapan tahap "
    "kenapa mengapa perlu harus wajib boleh bisa bisakah dapat dapatkah how why should must "
    "can may need koordinasi aturan peraturan regulasi dasar hukum itu"
)
# Words around a region name in a status question ("kerja sama surabaya apa saja?").
FILLER_WORDS = (
    "apa saja aja sj ada yang yg di dari milik punya untuk utk buat daftar list cek check "
    "lihat liat info informasi tolong dong ya min kak pak bu mohon sudah udah mana "
    "of for the what which show me please are is does do have has any all "
    "terdaftar tercatat aktif dimiliki sekarang saat ini kita nya "
    "apakah apa aja punya ada msh masih ga gak nggak enggak tdk tidak kah ya yah sih "
    "still active valid in does do have has any which what who we our are there kami "
    "berlaku masihkah siapa sapa jadi menjadi luar negeri asing mancanegara abroad overseas "
    "foreign indonesia berapa jumlah banyak many"
)
# Words that say what kind of partner is meant, not which: "jakarta sama kota apa aja",
# "jatim dengan prefektur di jepang".
PLACE_WORDS = (
    "kota kabupaten provinsi propinsi prefektur negara negeri luar asing mitra partner "
    "city cities province provinces prefecture country countries daerah mana"
)
# Words that ask for a list or a record ("apa saja", "daftar", "which"): with them a country
# alone is a listing ("sister city di jerman apa saja").
LISTING_WORDS = (
    "saja aja sj daftar list mana which what apa siapa berapa ada punya tercatat terdaftar status"
)
PROCEDURAL = frozenset(PROCEDURAL_WORDS.split())
LISTING = frozenset(LISTING_WORDS.split())
FILLERS = frozenset(FILLER_WORDS.split())
PLACES = frozenset(PLACE_WORDS.split())
JOINERS = frozenset({"dengan", "with", "dgn", "dg", "sama", "sm", "ama", "bareng"})


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
        if word in JOINERS and index < len(words) - 1:
            return " ".join(words[:index]), word, " ".join(words[index + 1 :])
    return "", "", remainder


def query_variants(remainder: str) -> list[str]:
    """The remainder as is, with filler words trimmed from both ends, then with none left."""
    words = remainder.split()
    while words and words[0] in FILLERS:
        words.pop(0)
    while words and words[-1] in FILLERS:
        words.pop()
    trimmed = " ".join(words)
    bare = " ".join(w for w in words if w not in FILLERS)
    return [q for q in dict.fromkeys([remainder, trimmed, bare]) if q]


def content_words(text: str) -> list[str]:
    """The words of ``text`` that may name something: no fillers, no kind of place."""
    return [w for w in text.split() if w not in FILLERS and w not in PLACES]
