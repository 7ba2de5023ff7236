"""The question feature inside a real Dialogue (GeneralFeature + QuestionFeature, fakes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.core.models import Reply
from tests.answers.conftest import Chat

Data = Callable[[Reply], list[str]]


def test_a_question_gets_the_short_answer_source_related_and_feedback(
    chat: Chat, button_data: Data
) -> None:
    reply = chat.say("perlu persetujuan dewan ga kalau mau bikin sister city?")
    assert reply.language == "id"
    assert "persetujuan DPRD" in reply.text
    assert "Sumber: Rekomendasi 2," in reply.text
    data = button_data(reply)
    assert "kb:rec-2" in data  # read more
    assert {"kb:rec-3", "kb:rec-8", "kb:legal-basis"} <= set(data)  # related entries
    assert {"fb:u:rec-2", "fb:d:rec-2"} <= set(data)
    assert all(len(d.encode()) <= 64 for d in data)
    assert "<" not in reply.text and "**" not in reply.text  # plain text only
    assert chat.curator.gaps == []


def test_an_english_question_is_answered_in_english(chat: Chat) -> None:
    reply = chat.say("What are the steps to prepare a revitalisation?")
    assert reply.language == "en"
    assert "Source: Recommendation 7," in reply.text
    assert "Steps to prepare a revitalisation" in reply.text


def test_the_chosen_language_wins_over_detection(chat: Chat) -> None:
    chat.say("/bahasa id")
    reply = chat.say("What is the one gate policy?")
    assert reply.language == "id"
    assert "Sumber: Rekomendasi 8," in reply.text


def test_abstaining_is_honest_suggests_and_records_a_gap(chat: Chat, button_data: Data) -> None:
    reply = chat.say("sister city dan festival kuliner tahunan")
    assert "belum punya jawaban" in reply.text
    data = button_data(reply)
    assert data[-1] == "kb:list"
    assert all(d.startswith("kb:") for d in data)
    assert not any(d.startswith("fb:") for d in data)
    [gap] = chat.curator.gaps
    assert gap.query == "sister city dan festival kuliner tahunan"
    assert gap.channel == "telegram" and gap.user_id == "u1"
    assert gap.asked_at is not None
    if len(data) > 1:
        assert gap.best_entry_id == data[0].removeprefix("kb:")


def test_out_of_scope_in_english(chat: Chat) -> None:
    reply = chat.say("How do I renew my driving licence?")
    assert reply.language == "en"
    assert "don't have an answer" in reply.text
    assert len(chat.curator.gaps) == 1


def test_greetings_and_thanks_never_get_a_knowledge_base_answer(chat: Chat) -> None:
    for text in ("halo", "selamat pagi", "terima kasih", "makasih min"):
        reply = chat.say(text)
        assert "Sumber:" not in reply.text and "belum punya jawaban" not in reply.text
    assert chat.curator.gaps == []


def test_recommendations_list(chat: Chat, button_data: Data) -> None:
    reply = chat.say("/rekomendasi")
    assert button_data(reply) == [f"kb:rec-{n}" for n in range(1, 11)]
    labels = [b.label for b in reply.all_buttons()]
    assert labels[0].startswith("1. ") and labels[9].startswith("10. ")
    assert all(len(label) <= 40 for label in labels)
    english = chat.say("/recommendations", hint="en")
    assert english.language == "en" and "ten recommendations" in english.text


@pytest.mark.parametrize("arg", ["3", " 3 ", "#3"])
def test_one_recommendation_by_number(chat: Chat, arg: str) -> None:
    reply = chat.say(f"/rekomendasi {arg}")
    assert "Rekomendasi 3" in reply.text
    assert "action plan" in reply.text


@pytest.mark.parametrize("arg", ["0", "11", "tiga", "-1", "9" * 50])
def test_a_bad_recommendation_number_gets_the_list(chat: Chat, button_data: Data, arg: str) -> None:
    reply = chat.say(f"/rekomendasi {arg}")
    assert "1 sampai 10" in reply.text
    assert len(button_data(reply)) == 10


def test_entry_buttons(chat: Chat, button_data: Data) -> None:
    reply = chat.press("kb:bimtek")
    assert "Novotel" in reply.text and "7/10/2019" in reply.text
    assert "kb:list" in button_data(reply)
    assert len(button_data(chat.press("kb:list"))) == 10


@pytest.mark.parametrize("payload", ["kb:rec-99", "kb:", "kb:../../etc/passwd", "kb:REC-1"])
def test_unknown_entry_buttons_get_a_polite_reply(chat: Chat, payload: str) -> None:
    reply = chat.press(payload)
    assert "tidak ada" in reply.text
    assert chat.curator.feedback == []


def test_feedback_is_recorded(chat: Chat) -> None:
    up = chat.press("fb:u:rec-4")
    down = chat.press("fb:d:legal-basis", user="u2")
    assert up.notice == "👍" and down.notice == "👎"
    assert [(f.entry_id, f.helpful, f.user_id) for f in chat.curator.feedback] == [
        ("rec-4", True, "u1"),
        ("legal-basis", False, "u2"),
    ]


@pytest.mark.parametrize(
    "payload", ["fb:u:rec-404", "fb:x:rec-1", "fb:", "fb:u:", "fb:d:rec-1:extra", "fb:uu:rec-1"]
)
def test_forged_feedback_is_refused(chat: Chat, payload: str) -> None:
    reply = chat.press(payload)
    assert reply.text
    assert chat.curator.feedback == []


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000,
        "🙂🎉🙏",
        "\x00\x01\x02 sister \x1b[2J city \x7f",
        "дпрд 同意 sister city ✓",
        "   ",
        "\u200b\u200b",
    ],
)
def test_bad_input_gets_a_clear_reply(chat: Chat, text: str) -> None:
    reply = chat.say(text)
    assert reply.text.strip()


def test_every_reply_button_fits_telegram(chat: Chat) -> None:
    for text in ("/rekomendasi", "dasar hukum sister city", "apa kabar dunia"):
        for button in chat.say(text).all_buttons():
            assert len(button.data.encode()) <= 64


@pytest.mark.parametrize("text", ["👍", "🙏🙏", "👍 👍", "??", "...", "99", "0"])
def test_emoji_punctuation_and_bare_numbers_are_not_knowledge_gaps(chat: Chat, text: str) -> None:
    reply = chat.say(text)
    assert reply.text and "catat untuk tim kurator" not in reply.text
    assert chat.curator.gaps == []


def test_a_thumbs_up_gets_a_friendly_reply(chat: Chat) -> None:
    assert chat.say("👍").text.startswith("👍 Terima kasih")


def test_the_thumbs_keep_their_place_in_every_answer(chat: Chat) -> None:
    questions = [
        "perlu persetujuan dprd ga kalo mau sister city",
        "aksi plan sister city gmn",
        "What does revitalising a sister city cooperation mean?",
    ]
    replies = [chat.say(q) for q in questions] + [chat.press("kb:rec-7")]
    for reply in replies:
        first_two = [b.data[:5] for b in reply.all_buttons()[:2]]
        assert first_two == ["fb:u:", "fb:d:"], reply.text[:60]


@pytest.mark.parametrize(
    "question",
    [
        "What does the Pusat Fasilitasi Kerja Sama do?",
        "How do I contact the Pusat Fasilitasi Kerja Sama?",
    ],
)
def test_an_indonesian_name_in_an_english_question_keeps_it_english(
    chat: Chat, question: str
) -> None:
    assert chat.say(question).language == "en"


def test_an_indonesian_question_with_a_name_stays_indonesian(chat: Chat) -> None:
    assert chat.say("apa tugas Pusat Fasilitasi Kerja Sama?").language == "id"
