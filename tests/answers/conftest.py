"""Fixtures of the answers area: the real knowledge base, its engine, a dialogue on fakes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import bundled_knowledge_dir
from bot.core.answers import AnswerEngine, KnowledgeBase, QuestionFeature, load_knowledge
from bot.core.clock import FakeClock
from bot.core.dialogue import Dialogue
from bot.core.general import GeneralFeature, empty_message, unknown_command
from bot.core.models import Incoming, Reply
from tests.fakes import InMemoryCuratorLog, InMemoryUsers


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    return load_knowledge(bundled_knowledge_dir())


@pytest.fixture(scope="session")
def engine(knowledge: KnowledgeBase) -> AnswerEngine:
    return AnswerEngine(knowledge)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of knowledge/ (kb/ only) to break on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir() / "kb", target / "kb")
    return target


class Chat:
    """A dialogue with GeneralFeature and QuestionFeature on in-memory fakes."""

    def __init__(self, knowledge: KnowledgeBase, engine: AnswerEngine) -> None:
        self.users = InMemoryUsers()
        self.curator = InMemoryCuratorLog()
        self.dialogue = Dialogue(
            features=[
                GeneralFeature(self.users),
                QuestionFeature(knowledge=knowledge, answers=engine, curator=self.curator),
            ],
            users=self.users,
            clock=FakeClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC)),
            admins=frozenset(),
            detect_language=engine.detect_language,
            unknown_command=unknown_command,
            empty_message=empty_message,
        )

    def say(self, text: str, *, user: str = "u1", hint: str | None = None) -> Reply:
        return self.dialogue.handle(
            Incoming(channel="telegram", user_id=user, chat_id=user, text=text, language_hint=hint)
        )

    def press(self, data: str, *, user: str = "u1") -> Reply:
        return self.dialogue.handle(
            Incoming(channel="telegram", user_id=user, chat_id=user, button_data=data)
        )


@pytest.fixture
def chat(knowledge: KnowledgeBase, engine: AnswerEngine) -> Chat:
    return Chat(knowledge, engine)


@pytest.fixture
def button_data() -> Callable[[Reply], list[str]]:
    return lambda reply: [b.data for b in reply.all_buttons()]
