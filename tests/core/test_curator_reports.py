"""What curators read: gaps grouped and counted, feedback per entry, and the commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app import cli
from bot.core.answers import feedback_report, gap_report
from bot.core.models import Feedback, KnowledgeGap


def gap(query: str, best: str | None = None) -> KnowledgeGap:
    return KnowledgeGap(channel="telegram", user_id="1", query=query, best_entry_id=best)


def vote(entry: str, helpful: bool, query: str = "") -> Feedback:
    return Feedback(channel="telegram", user_id="1", entry_id=entry, helpful=helpful, query=query)


def test_gaps_are_grouped_by_text_and_most_asked_first() -> None:
    rows = gap_report(
        [gap("harga beras"), gap("Cara  mengurus SIM", "rec-2"), gap("cara mengurus sim"), gap("")],
        limit=10,
    )
    assert [(r.query, r.count, r.best_entry_id) for r in rows] == [
        ("Cara  mengurus SIM", 2, "rec-2"),
        ("harga beras", 1, None),
    ]
    assert len(gap_report([gap(f"q{n}") for n in range(20)], limit=3)) == 3


def test_feedback_puts_the_least_helpful_entry_first() -> None:
    rows = feedback_report(
        [
            vote("rec-1", True),
            vote("rec-2", False, "dprd?"),
            vote("rec-2", False, "dprd?"),
            vote("rec-2", True),
            vote("rec-3", False),
        ]
    )
    assert [(r.entry_id, r.helpful, r.not_helpful) for r in rows] == [
        ("rec-2", 1, 2),
        ("rec-3", 0, 1),
        ("rec-1", 1, 0),
    ]
    assert rows[0].unhelpful_queries == ("dprd?",)


def test_the_commands_read_what_the_chat_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.app.root import build_app
    from bot.config import Settings
    from bot.core.models import Incoming

    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{tmp_path}/c.db")
    core = build_app(Settings.from_env())
    for text in ("cara mengurus SIM", "cara mengurus sim", "berita sepak bola terbaru"):
        core.dialogue.handle(Incoming(channel="console", user_id="u", chat_id="u", text=text))
    core.dialogue.handle(
        Incoming(channel="console", user_id="u", chat_id="u", button_data="fb:d:rec-6")
    )
    core.database.dispose()

    assert cli.main(["kb", "gaps", "--json"]) == 0
    gaps = json.loads(capsys.readouterr().out)
    assert [(g["query"], g["count"]) for g in gaps] == [
        ("cara mengurus SIM", 2),
        ("berita sepak bola terbaru", 1),
    ]
    assert cli.main(["kb", "feedback"]) == 0
    assert "rec-6" in capsys.readouterr().out
