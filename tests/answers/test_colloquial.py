"""Colloquial Indonesian: Kamus Alay under our lists, colloquial verb forms, clitics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.answers._colloquial import SlangTable, kamus_alay, standard_form
from bot.core.answers._lexicon import BUNDLED_DIR, lexicon_at
from bot.core.answers._text import Normaliser, is_root, stem


@pytest.fixture(scope="module")
def text() -> Normaliser:
    return Normaliser(lexicon_at(BUNDLED_DIR))


def test_kamus_alay_is_loaded_once_from_indonlp() -> None:
    assert kamus_alay() is kamus_alay()
    assert len(kamus_alay()) > 3000
    assert lexicon_at(BUNDLED_DIR).colloquial is kamus_alay()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sampe", "sampai"),  # Kamus Alay
        ("trus", "terus"),
        ("jgn lupa", "jangan lupa"),
        ("skarang", "sekarang"),
        ("ngajuin", "mengajukan"),  # colloquial verb forms
        ("nyiapin", "menyiapkan"),
        ("dikirimin", "dikirimkan"),
        ("ngelapor", "melapor"),
        ("disetujuin", "disetujui"),  # the form the lexicon knows wins
        ("ngurusinnya", "menguruskannya"),  # with the clitic -nya
    ],
)
def test_colloquial_words_become_standard(text: Normaliser, raw: str, expected: str) -> None:
    assert text.normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ga", "tidak"),  # ours win (Kamus Alay says "enggak")
        ("gimana", "bagaimana"),
        ("kaya", "kaya"),  # a root word stays (Kamus Alay: "kayak")
        ("konsul", "konsul"),
        ("baiknya", "baiknya"),  # a standard affixed word stays
        ("to in do", "to in do"),  # English words stay
        ("nomor wa", "nomor wa"),  # "waaa" -> "wah" must not touch "wa"
        ("dprd mou ksdpl", "dprd mou kerjasama luarnegeri"),  # our domain words
    ],
)
def test_our_lists_and_standard_words_win(text: Normaliser, raw: str, expected: str) -> None:
    assert text.normalise(raw) == expected


def test_colloquial_and_standard_questions_meet_on_the_same_concepts(text: Normaliser) -> None:
    assert text.analyse("udah ngajuin ke dprd") == text.analyse("sudah mengajukan ke dprd")
    assert text.analyse("laporannya dikirimin kemana") == text.analyse(
        "laporannya dikirimkan ke mana"
    )


def test_the_table_follows_chains_and_drops_circles() -> None:
    pairs = {"aaa": "bbb", "bbb": "aaa", "xxx": "yyy zzz", "yyy": "www", "gxx": "gx"}
    pairs |= {"kaya": "kayak", "tdkk": "tidak", "ny": "nya", "mas": "mas mas", "our": "x"}
    table = SlangTable(
        {"gx": "tidak", "bro": "kakak"},
        pairs,
        protected={"our"},
        tokens=str.split,
        is_root=lambda word: word == "kaya",
        is_standard=lambda word: False,
        min_chars=3,
    )
    found = {word: table.get(word) for word in [*pairs, "gx", "bro", "zzz"]}
    assert found == {
        "aaa": None,  # a circle
        "bbb": None,
        "xxx": ("www", "zzz"),  # a chain followed to its end
        "yyy": ("www",),
        "gxx": ("tidak",),  # through our own list
        "kaya": None,  # a root word
        "tdkk": ("tidak",),
        "ny": None,  # too short
        "mas": None,  # part of its own standard form
        "our": None,  # protected
        "gx": ("tidak",),
        "bro": ("kakak",),  # ours, however short
        "zzz": None,
    }


def test_the_tokens_the_table_returns_are_final(text: Normaliser) -> None:
    for word in sorted(kamus_alay()):
        for token in text._slang.get(word) or ():
            assert text._slang.get(token) is None, (word, token)


_ROOTS = ["urus", "siap", "kirim", "aju", "lapor", "setuju", "cek", "tulis", "bikin", "cari"]
_WORDS = st.builds(
    lambda prefix, root, suffix: prefix + root + suffix,
    st.sampled_from(["", "ng", "ny", "nge", "di", "m", "n", "me", "meng"]),
    st.sampled_from([*_ROOTS, "ajar", "kerja", "sama", "dprd"]),
    st.sampled_from(["", "in", "kan", "i", "nya", "innya", "an"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.sampled_from(sorted(kamus_alay())[:400])), max_size=8))
def test_colloquial_normalisation_is_idempotent(text: Normaliser, words: list[str]) -> None:
    once = text.normalise(" ".join(words))
    assert text.normalise(once) == once


@settings(max_examples=300, deadline=None)
@given(st.one_of(_WORDS, st.text(max_size=30)))
def test_standard_form_never_crashes_and_is_final(word: str) -> None:
    def never(_word: str) -> bool:
        return False

    found = standard_form(word, stem=stem, is_root=is_root, known=never)
    if found is not None:
        assert standard_form(found, stem=stem, is_root=is_root, known=never) is None
