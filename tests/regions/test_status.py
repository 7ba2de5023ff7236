"""The status feature through a real Dialogue, with in-memory repositories."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.agreement_files.rows import read_agreements
from bot.core.clock import FakeClock
from bot.core.dialogue import Dialogue
from bot.core.general import GeneralFeature, unknown_command
from bot.core.models import (
    Agreement,
    AgreementKind,
    AgreementStage,
    Incoming,
    PartialDate,
    Reply,
)
from bot.core.reminders import ReminderPolicy
from bot.core.status import RegionIndex, StatusFeature
from tests.fakes import InMemoryAgreements, InMemoryUsers

NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
SHIPPED_ROWS = 177


class Chat:
    """A dialogue with General and Status features, and a marker for unclaimed text."""

    def __init__(
        self, regions: RegionIndex, policy: ReminderPolicy, agreements: InMemoryAgreements
    ):
        self.agreements = agreements
        users = InMemoryUsers()
        self.dialogue = Dialogue(
            features=[
                GeneralFeature(users),
                StatusFeature(regions=regions, agreements=agreements, policy=policy),
            ],
            users=users,
            clock=FakeClock(NOW),
            admins=frozenset(),
            detect_language=lambda _text: None,
            unknown_command=unknown_command,
            empty_message=lambda turn: Reply(text="UNCLAIMED", language=turn.language),
        )

    def say(self, text: str, language: str = "id") -> Reply:
        return self.dialogue.handle(
            Incoming(
                channel="telegram", user_id="7", chat_id="7", text=text, language_hint=language
            )
        )

    def press(self, data: str) -> Reply:
        return self.dialogue.handle(
            Incoming(channel="telegram", user_id="7", chat_id="7", button_data=data)
        )


@pytest.fixture
def chat(regions: RegionIndex, policy: ReminderPolicy, seed_csv: Path) -> Chat:
    return Chat(regions, policy, InMemoryAgreements(read_agreements(seed_csv, regions)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status surabaya", "Kota Surabaya (35.78)"),
        ("kerja sama surabaya apa saja?", "Kota Surabaya (35.78)"),
        ("status kab. badung", "Kabupaten Badung"),
        ("sister city jatim apa aja", "Provinsi Jawa Timur (35)"),
        ("/status jatim", "Provinsi Jawa Timur (35)"),
        ("/status 35.78", "Kota Surabaya (35.78)"),
        ("Kota Medan", "Kota Medan (12.71)"),
        ("surabaya", "Kota Surabaya (35.78)"),
        ("tokyo", "Tokyo (Jepang)"),
        ("Kyoto", "Kyoto Prefecture (Jepang)"),
        ("mitra kota semarang", "Kota Semarang (33.74)"),
        ("cek kerjasama pemkot bandung dong", "Kota Bandung (32.73)"),
        ("agreements of east java", "Provinsi Jawa Timur (35): 4"),
        ("what agreements does surabaya have", "Kota Surabaya (35.78)"),
        ("kerja sama dengan kyoto", "Kyoto Prefecture (Jepang)"),
        ("status mou tokyo", "Tokyo (Jepang)"),
    ],
)
def test_status_questions_are_answered_with_the_region(
    chat: Chat, text: str, expected: str
) -> None:
    assert expected in chat.say(text).text


@pytest.mark.parametrize(
    "text",
    [
        "kerja sama sister dengan australia",
        "bagaimana kerja sama sister dengan australia?",
        "koordinasi dengan kemendagri",
        "pasangan sister city jakarta tokyo dan yogyakarta kyoto",
        "bagaimana cara kerja sama sister city surabaya?",
        "apa itu revitalisasi kerja sama",
        "apakah perlu persetujuan DPRD untuk MoU?",
        "berapa banyak kerja sama sister sejak 1955",
        "siapa yang membuka bimtek",
        "sister city itu apa",
    ],
)
def test_procedural_questions_are_left_to_the_knowledge_base(chat: Chat, text: str) -> None:
    assert chat.say(text).text == "UNCLAIMED"


def test_region_with_partner_shows_just_that_agreement(chat: Chat) -> None:
    text = chat.say("kerja sama jatim dengan osaka").text
    assert "Provinsi Jawa Timur – Osaka Prefecture (Jepang)" in text
    surabaya = chat.say("status surabaya dengan kochi").text
    assert "Kota Surabaya – Kochi (Jepang)" in surabaya
    assert "Seattle" not in surabaya
    assert chat.say("kerja sama medan dengan osaka").text == "UNCLAIMED"


def test_a_card_shows_every_field_with_partial_dates_as_given(chat: Chat) -> None:
    text = chat.say("/status medan").text
    assert "Ichikawa (Jepang)" in text
    assert "MoU: November 1989" in text  # the month is known, the day is not
    assert "MoU: 24 September 1997" in text  # Gwangju
    assert "MoU: 1984" in text  # George Town: only the year
    for label in (
        "Jenis: sister city",
        "Tahap: aktif",  # Gwangju
        "Tahap: tidak diketahui (sumber tidak menyebut statusnya kini)",  # Ichikawa
        "LoI: tidak tercatat",
        "Berlaku hingga:",
        "Laporan terakhir:",
        "• Laporan ",  # "berikutnya:" or, when past, "terlambat sejak"
        "• Tinjauan revitalisasi ",
        "Sumber: ",
        "(per 24 September 1997)",  # the date of the evidence
    ):
        assert label in text
    assert "bukan tenggat menurut peraturan" in text  # policy, never law


def test_cards_in_english(chat: Chat) -> None:
    text = chat.say("/status medan", language="en").text
    assert "MoU: November 1989" in text
    assert "Ichikawa (Japan)" in text
    assert "Next report due:" in text or "Report overdue since" in text
    assert "not a legal deadline" in text


def test_explicit_due_dates_win_and_are_not_called_policy(
    regions: RegionIndex, policy: ReminderPolicy
) -> None:
    agreement = Agreement(
        region_code="51.03",
        partner="Testville",
        country="Japan",
        kind=AgreementKind.SISTER_CITY,
        stage=AgreementStage.ACTIVE,
        mou_date=PartialDate.parse("2020-03"),
        next_report_due=date(2027, 1, 15),
        next_review_due=date(2028, 6, 1),
        source="test",
    )
    chat = Chat(regions, policy, InMemoryAgreements([agreement]))
    text = chat.say("status badung", language="en").text
    assert "Next report due: 15 January 2027\n" in text
    assert "Next review due: 1 June 2028\n" in text
    assert "*" not in text


def test_past_due_dates_are_called_overdue_since_not_next(chat: Chat) -> None:
    text = chat.say("/status medan", language="en").text
    # Ichikawa's MoU is from 1989: a policy review date has passed by November 2026.
    assert re.search(r"Review overdue since \d{1,2} [A-Z][a-z]+ 20\d\d\*", text)
    indonesian = chat.say("/status medan").text
    overdue = r"Tinjauan revitalisasi terlambat sejak \d{1,2} [A-Z][a-z]+ 20\d\d"
    assert re.search(overdue, indonesian)
    assert "berikutnya: 1 Januari 2022" not in indonesian and "sudah lewat" not in indonesian


def test_indonesian_cards_carry_no_english_notes(chat: Chat) -> None:
    # DIY-Gangwon carries "Year of the agreement ..."; Jawa Tengah's two agreements are cards.
    text = chat.say("/status gangwon").text + chat.say("/status jawa tengah").text
    assert "Year of the agreement" not in text and "given by the source" not in text
    assert "Sister state first signed" not in text and "signing cites" not in text
    assert "Catatan: Tahun kerja sama sebagaimana disebut sumbernya." in text
    assert "Catatan: Sister state pertama kali ditandatangani September 1991;" in text
    english = chat.say("/status gangwon", language="en").text
    assert "Notes: Year of the agreement as given by the source." in english


def test_every_shipped_note_is_translated(seed_csv: Path, regions: RegionIndex) -> None:
    from bot.core.status._notes import NOTES

    notes = {a.notes for a in read_agreements(seed_csv, regions) if a.notes}
    assert notes <= set(NOTES)


def test_an_empty_query_asks_for_a_name(chat: Chat) -> None:
    for text in ('/status ""', "/status   "):
        reply = chat.say(text).text
        assert "Daerah mana" in reply and 'mitra ""' not in reply


@pytest.mark.parametrize("query", ["new york", "buenos aires", "xyz kota", "london bridge"])
def test_names_like_no_region_get_no_suggestions(chat: Chat, query: str) -> None:
    reply = chat.say(f"/status {query}")
    assert "tidak menemukan" in reply.text
    assert "paling mirip" not in reply.text and reply.all_buttons() == ()


def test_many_agreements_become_a_list_with_a_button_each(chat: Chat) -> None:
    reply = chat.say("status surabaya")
    assert "11 kerja sama" in reply.text  # Kaohsiung is listed apart: not a formal KSDPL
    assert "Belum ditandatangani, atau bukan KSDPL formal (1):\n12. Kaohsiung" in reply.text
    buttons = reply.all_buttons()
    assert [b.label for b in buttons][:2] == ["Kochi", "Kitakyushu"]
    detail = chat.press(buttons[0].data)
    assert "Kota Surabaya – Kochi (Jepang)" in detail.text
    assert "MoU: 1997" in detail.text


def test_ambiguous_names_get_a_button_per_candidate(chat: Chat) -> None:
    reply = chat.say("/status bandung")
    data = [b.data for b in reply.all_buttons()]
    assert data[:3] == ["rg:32.73", "rg:32.04", "rg:32.17"]
    assert all(len(d.encode()) <= 64 for d in data)
    picked = chat.press("rg:32.73")
    assert "Kota Bandung (32.73)" in picked.text
    assert "Melbourne (Australia) – aktif, MoU April 2024 (per April 2024" in picked.text


def test_a_region_without_agreements_says_whom_to_contact(chat: Chat) -> None:
    text = chat.say("/status kab. bangli").text
    assert "Belum ada kerja sama" in text
    assert "Pusat Fasilitasi Kerja Sama" in text
    english = chat.say("/status kab. bangli", language="en").text
    assert "No cooperation abroad is recorded" in english


def test_a_region_with_only_a_proposal_says_nothing_is_signed(chat: Chat) -> None:
    text = chat.say("/status kab. badung").text
    assert text.startswith(
        "Kabupaten Badung (51.03): belum ada kerja sama yang ditandatangani tercatat"
    )
    assert "Belum ditandatangani, atau bukan KSDPL formal (1):" in text
    assert "Tahap: usulan (belum ada yang ditandatangani)" in text
    english = chat.say("/status kab. badung", language="en").text
    assert english.startswith("Kabupaten Badung (51.03): no signed agreement is recorded")
    assert "Stage: proposed (nothing signed)" in english


def test_a_province_mentions_its_kab_kota_agreements(chat: Chat) -> None:
    reply = chat.say("/status jawa barat")
    assert "South Australia" in reply.text
    assert "Kota Bandung (14)" in reply.text
    assert "rg:32.73" in [b.data for b in reply.all_buttons()]


def test_unknown_names_get_the_closest_names(chat: Chat) -> None:
    reply = chat.say("/status surabayaxyz")
    assert "tidak menemukan" in reply.text
    assert "Kota Surabaya" in reply.text
    assert reply.all_buttons()[0].data == "rg:35.78"


def test_status_without_a_region_asks_for_one(chat: Chat) -> None:
    assert "Daerah mana" in chat.say("/status").text
    assert "Daerah mana" in chat.say("status").text
    assert "Which region" in chat.say("/status", language="en").text


@pytest.mark.parametrize(
    "data", ["rg:99.99", "rg:", "rg:'; DROP TABLE agreements;--", "rg:35.78.1", "ag:999", "ag:x"]
)
def test_forged_buttons_get_a_clear_reply(chat: Chat, data: str) -> None:
    assert "tidak dikenal" in chat.press(data).text
    assert len(chat.agreements.all()) == SHIPPED_ROWS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/status " + "a" * 5000, "terlalu panjang"),
        ("/status '; DROP TABLE agreements; --", "tidak menemukan"),
        ("/status <script>alert(1)</script>", "tidak menemukan"),
        ("/status <b>surabaya</b>", "Kota Surabaya (35.78)"),
        ("/status 🙂🙂🙂", "tidak menemukan"),
        ("/status \x00\x01", "Daerah mana"),
    ],
)
def test_bad_input_gets_a_clear_reply(chat: Chat, text: str, expected: str) -> None:
    assert expected in chat.say(text).text
    assert len(chat.agreements.all()) == SHIPPED_ROWS


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400))
def test_any_message_gets_a_reply(chat: Chat, text: str) -> None:
    for message in (text, "/status " + text, "status " + text):
        reply = chat.say(message)
        assert reply.text
        assert all(len(b.data.encode()) <= 64 for b in reply.all_buttons())


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.text(max_size=80))
def test_any_button_payload_is_answered(chat: Chat, payload: str) -> None:
    for prefix in ("rg", "ag"):
        assert chat.press(f"{prefix}:{payload}"[:64]).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("tokio", "Tokyo (Jepang)"), ("seul", "Seoul (Korea Selatan)"), ("brisben", "Brisbane")],
)
def test_misspelt_partner_names_are_found(chat: Chat, text: str, expected: str) -> None:
    assert expected in chat.say(f"/status {text}").text


def test_partner_typos_never_shadow_a_region(chat: Chat) -> None:
    # "medan" resolves as a region; a partner typo is tried only when nothing matched
    assert "Kota Medan (12.71)" in chat.say("/status medan").text
