"""One dialogue for every kind of question: registry questions, countries, exonyms, procedure.

The whole core on a fresh SQLite file, as a user meets it: a free-text question about a
region's or partner's cooperation is answered by the registry (``status``), a country lists
its agreements, exonyms resolve, and a procedural question that merely mentions a region or
a country still goes to the knowledge base (``answers``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.app.root import App, build_app
from bot.config import Settings
from bot.core.dialogue import Handled
from bot.core.models import Incoming


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> App:
    path = tmp_path_factory.mktemp("routing") / "r.db"
    return build_app(Settings.from_env({"SISTERBOT_DATABASE_URL": f"sqlite:///{path}"}))


def ask(core: App, text: str, *, user: str = "officer") -> Handled:
    return core.dialogue.respond(Incoming(channel="console", user_id=user, chat_id=user, text=text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kerjasama jatim dg osaka msh aktif ga", "Provinsi Jawa Timur – Osaka Prefecture"),
        ("sister city jakarta sama kota apa aja", "Tokyo (Jepang)"),
        ("apakah bandung punya sister city di korea", "Kota Bandung – Suwon (Korea Selatan)"),
        ("which sister cities does bandung have in korea", "Kota Bandung – Suwon"),
        ("sister city jatim di jepang", "Provinsi Jawa Timur – Osaka Prefecture"),
        ("kerja sama surabaya dengan kota di jepang apa saja", "Kota Surabaya – Kochi"),
        ("mitra jateng di tiongkok", "Provinsi Jawa Tengah – Fujian"),
        ("kerja sama yogya msh berlaku ga?", "Kyoto Prefecture"),
        ("kota mana aja yg jadi sister city bandung", "Kota Bandung (32.73)"),
        ("partner jatim di luar negeri apa aja", "Provinsi Jawa Timur – Osaka Prefecture"),
        ("berapa sister city yang dimiliki jabar", "Provinsi Jawa Barat (32):"),
        ("how many sister cities does bali have", "Provinsi Bali (51):"),
        ("list of sister cities of east java", "Osaka Prefecture"),
    ],
)
def test_registry_questions_in_free_text_go_to_the_registry(
    core: App, text: str, expected: str
) -> None:
    handled = ask(core, text)
    assert handled.feature == "status"
    assert expected in handled.reply.text


@pytest.mark.parametrize(
    ("text", "country", "partner"),
    [
        ("jepang", "Jepang", "Tokyo"),
        ("japan", "Jepang", "Kyoto Prefecture"),
        ("Korea Selatan", "Korea Selatan", "Seoul"),
        ("korsel", "Korea Selatan", "Suwon"),
        ("tiongkok", "Tiongkok", "Beijing"),
        ("china", "Tiongkok", "Chengdu"),
        ("RRT", "Tiongkok", "Hainan"),
        ("sister city di jerman apa aja", "Jerman", "Berlin"),
        ("kerja sama dengan amerika serikat apa saja", "Amerika Serikat", "Seattle"),
        ("sister city indonesia jepang apa aja", "Jepang", "Kochi"),
        ("status australia", "Australia", "Brisbane"),
    ],
)
def test_a_country_lists_its_agreements(core: App, text: str, country: str, partner: str) -> None:
    handled = ask(core, text)
    assert handled.feature == "status"
    assert f"mitra di {country}" in handled.reply.text and partner in handled.reply.text
    assert handled.reply.all_buttons(), "each agreement has a button to its card"


def test_a_country_answers_in_english_too(core: App) -> None:
    reply = ask(core, "what agreements do we have with South Korea?", user="en").reply
    assert "partners in South Korea" in reply.text and "Seoul" in reply.text


def test_a_country_without_agreements_says_so(core: App) -> None:
    handled = ask(core, "sister city di mesir apa saja")
    assert handled.feature == "status"
    assert "Belum ada kerja sama daerah dengan mitra di Mesir" in handled.reply.text


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("tokio", "Provinsi Daerah Khusus Ibukota Jakarta – Tokyo (Jepang)"),
        ("seul", "Provinsi Daerah Khusus Ibukota Jakarta – Seoul (Korea Selatan)"),
        ("peking", "Beijing (Tiongkok)"),
        ("kerja sama dengan pusan", "Busan (Korea Selatan)"),
        ("kioto", "Kyoto Prefecture (Jepang)"),
        ("status australia selatan", "South Australia (Australia)"),
    ],
)
def test_exonyms_resolve_to_the_partner(core: App, text: str, card: str) -> None:
    handled = ask(core, text)
    assert handled.feature == "status"
    assert card in handled.reply.text
    assert "Maksud Anda" not in handled.reply.text


def test_a_misspelt_partner_is_asked_back_by_its_own_name_never_a_region(core: App) -> None:
    text = ask(core, "tokyio").reply.text
    assert text.startswith("Maksud Anda Tokyo?")
    assert "Maksud Anda Provinsi" not in text


@pytest.mark.parametrize(
    "text",
    [
        "bagaimana cara memulai sister city dengan kota di jepang?",
        "apakah sister city dengan kota di korea perlu persetujuan dprd?",
        "bisa ga kita sister city dengan kota di negara yang tidak punya hubungan diplomatik",
        "DPRD jatim dikasih waktu berapa hari buat jawab permohonan persetujuan?",
        "siapa yang menandatangani MoU sister city surabaya?",
        "kerja sama kami dengan kota di Jepang sudah lama tidak ada kegiatan, harus bagaimana?",
        "syarat kerja sama jatim dengan osaka apa saja",
        "sister city jepang makanan khasnya apa",
        "kerja sama antar daerah perlu persetujuan DPRD?",
        "kerja sama sister dengan australia",  # the cooperation with a country, no listing
        "sister city jepang",
        "how does a province start a sister province relationship?",
        "bagaimana cara kerja sama luar negeri pemprov bali",
    ],
)
def test_procedural_questions_that_mention_a_place_go_to_the_knowledge_base(
    core: App, text: str
) -> None:
    assert ask(core, text).feature == "answers"


def jsonl_command(tmp_path: Path, command: str, typed: str) -> list[dict[str, Any]]:
    """``sisterbot COMMAND --jsonl`` in a fresh process on a fresh database, lines parsed."""
    env = {**os.environ, "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path}/{command}.db"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", command, "--jsonl"],
        input=typed,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_status_command_line_understands_the_same_questions(tmp_path: Path) -> None:
    queries = "jepang\ntokio\nkerjasama jatim dg osaka msh aktif ga\nsurabya\n"
    japan, tokyo, osaka, typo = jsonl_command(tmp_path, "status", queries)
    assert japan["country"] == "Japan" and japan["region"] is None
    assert {a["partner"] for a in japan["agreements"]} >= {"Tokyo", "Osaka Prefecture"}
    assert tokyo["region"]["code"] == "31" and tokyo["agreements"][0]["partner"] == "Tokyo"
    assert [a["partner"] for a in osaka["agreements"]] == ["Osaka Prefecture"]
    assert typo["match"] == "fuzzy" and typo["region"]["code"] == "35.78" and "country" not in typo


def test_chat_jsonl_scripts_the_dialogue_as_a_user_meets_it(tmp_path: Path) -> None:
    typed = "jepang\n1\nDPRD dikasih waktu berapa hari?\ncara mengurus SIM\n/keluar\n"
    replies = jsonl_command(tmp_path, "chat", typed)
    assert [r["message"] for r in replies] == typed.splitlines()
    assert [r["feature"] for r in replies] == ["status", "status", "answers", "answers", "general"]
    japan, card, dprd, unknown, _ = replies
    assert japan["buttons"][0]["data"].startswith("ag:")
    assert card["text"].startswith(f"{japan['text'].splitlines()[1][2:].split(' – ')[0]} – ")
    assert "45" in dprd["text"] and {"label", "data"} == set(dprd["buttons"][0])
    assert "belum punya jawaban" in unknown["text"]
