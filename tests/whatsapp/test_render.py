"""Reply -> WhatsApp messages: limits respected, nothing lost, buttons map back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.wa.render import (
    INTERACTIVE_BODY_MAX,
    TEXT_MAX,
    format_text,
    render_reply,
    split_text,
)
from bot.core.models import Button, Reply, button_rows
from bot.stand_ins.whatsapp_graph_api import SentMessage
from bot.stand_ins.whatsapp_limits import validate_message


def sent(reply: Reply) -> list[SentMessage]:
    """The rendered messages as the stand-in would record them (each validated)."""
    messages = []
    for i, body in enumerate(render_reply(reply)):
        full = {"messaging_product": "whatsapp", "to": "628", **body}
        validate_message(full)
        messages.append(SentMessage(message_id=str(i), to="628", body=full))
    return messages


def buttons(n: int, label: str = "Pilihan {i}") -> list[Button]:
    return [Button(label=label.format(i=i), data=f"x:{i}") for i in range(n)]


def test_plain_text_is_one_text_message() -> None:
    (message,) = sent(Reply(text="Halo!"))
    assert message.type == "text"
    assert message.text == "Halo!"
    assert message.body["text"]["preview_url"] is False


def test_empty_reply_sends_nothing_but_a_notice_is_shown() -> None:
    assert sent(Reply(text="")) == []
    (message,) = sent(Reply(text="", notice="OK"))
    assert message.text == "OK"


def test_up_to_three_short_buttons_are_reply_buttons() -> None:
    (message,) = sent(Reply(text="Pilih", buttons=button_rows(buttons(2), buttons(3)[2:])))
    assert message.interactive_type == "button"
    assert message.choices == [("x:0", "Pilihan 0"), ("x:1", "Pilihan 1"), ("x:2", "Pilihan 2")]


def test_long_labels_go_to_a_list_with_the_full_label_as_description() -> None:
    label = "Rekomendasi 3: Persetujuan DPRD sebelum penandatanganan"
    (message,) = sent(Reply(text="Pilih", buttons=button_rows([Button(label=label, data="kb:3")])))
    assert message.interactive_type == "list"
    row = message.body["interactive"]["action"]["sections"][0]["rows"][0]
    assert row["id"] == "kb:3"
    assert len(row["title"]) <= 24 and row["title"].endswith("…")
    assert row["description"] == label


def test_duplicate_titles_cannot_be_reply_buttons() -> None:
    two = [Button(label="Sama", data="a:1"), Button(label="Sama", data="a:2")]
    (message,) = sent(Reply(text="Pilih", buttons=button_rows(two)))
    assert message.interactive_type == "list"


def test_ten_choices_are_one_list() -> None:
    (message,) = sent(
        Reply(text="10 rekomendasi", buttons=button_rows(buttons(5), buttons(10)[5:]))
    )
    assert message.interactive_type == "list"
    assert [c[0] for c in message.choices] == [f"x:{i}" for i in range(10)]


def test_more_than_ten_choices_split_at_the_cores_rows() -> None:
    rows = button_rows(buttons(10), [Button(label="Bantuan", data="help:")])
    first, second = sent(Reply(text="Pilih", buttons=rows))
    assert [c[0] for c in first.choices] == [f"x:{i}" for i in range(10)]
    assert second.choices == [("help:", "Bantuan")]
    assert second.interactive_type == "button"
    assert second.text == "Pilihan lainnya:"


def test_an_oversized_row_is_split_in_tens() -> None:
    messages = sent(Reply(text="Pilih", buttons=button_rows(buttons(23))))
    assert [len(m.choices) for m in messages] == [10, 10, 3]
    assert [c[0] for m in messages for c in m.choices] == [f"x:{i}" for i in range(23)]


def test_long_text_with_buttons_goes_first_as_text() -> None:
    text = ("Kalimat panjang tentang kerja sama. " * 60).strip()
    messages = sent(Reply(text=text, buttons=button_rows(buttons(2)), language="en"))
    assert [m.type for m in messages] == ["text", "interactive"]
    assert messages[0].text == text
    assert messages[1].text == "Please choose:"


def test_very_long_text_is_split_without_losing_anything() -> None:
    text = "\n\n".join(f"Paragraf {i}. " + "kata " * 300 for i in range(8))
    messages = sent(Reply(text=text))
    assert len(messages) > 1
    assert all(len(m.text) <= TEXT_MAX for m in messages)
    assert " ".join(m.text for m in messages).split() == text.split()


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=6000),
    labels=st.lists(st.text(max_size=40), max_size=25),
    row_size=st.integers(min_value=1, max_value=12),
)
def test_any_reply_renders_within_limits_and_keeps_every_choice(
    text: str, labels: list[str], row_size: int
) -> None:
    choices = [Button(label=label, data=f"d:{i}") for i, label in enumerate(labels)]
    rows = [choices[i : i + row_size] for i in range(0, len(choices), row_size)]
    messages = sent(Reply(text=text, buttons=button_rows(*rows)))  # validated by the stand-in
    assert [c[0] for m in messages for c in m.choices] == [b.data for b in choices]
    for message in messages:
        if message.type == "interactive":
            assert len(message.text) <= INTERACTIVE_BODY_MAX
    letters = "".join(format_text(text).split())  # a piece may end inside a long word
    texts = [m.text for m in messages if m.type == "text"]
    if not choices or len(text.strip()) > INTERACTIVE_BODY_MAX:
        assert "".join("".join(t.split()) for t in texts) == letters
    elif letters:
        assert "".join(messages[0].text.split()) == letters


@given(st.text(min_size=1, max_size=20000), st.integers(min_value=10, max_value=5000))
def test_split_text_respects_the_limit_and_keeps_the_words(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rekomendasi 2: Komitmen DPRD\n\nIsi jawaban.\n\nSumber: Rekomendasi 2, Juli 2019",
            "*Rekomendasi 2: Komitmen DPRD*\n\nIsi jawaban.\n\n_Sumber: Rekomendasi 2, Juli 2019_",
        ),
        ("Kota Surabaya (35.78): 6 kerja sama.\n\n1. Kochi", None),  # a sentence: no title
        ("Satu baris saja", None),
        ("Judul *bintang*\n\nisi", None),
        ("Judul\n\nSumber: snake_case_id", "*Judul*\n\nSumber: snake_case_id"),
        ("Judul\r\n\r\n\r\n\r\nisi", "*Judul*\n\nisi"),
        ("Baris satu\nbaris dua\n\nisi", None),
    ],
)
def test_whatsapp_emphasis_for_titles_and_sources(text: str, expected: str | None) -> None:
    assert format_text(text) == (expected if expected is not None else text)
