"""`sisterbot chat` greets before the answer engine's index exists; questions still get it."""

from __future__ import annotations

import gc
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bot.app._app as app_module
from bot.app import cli
from bot.app.commands.chat import _first_calling
from bot.app.root import App, build_app
from bot.channels.console import ConsoleChat
from bot.config import Settings, bundled_knowledge_dir
from bot.core.answers import AnswerEngine, KnowledgeError
from bot.core.dialogue import Handled
from bot.core.models import Incoming, Reply

QUESTION = "perlu persetujuan dprd ga kalo mau sister city"


def settings_for(tmp_path: Path, knowledge: Path | None = None) -> Settings:
    env = {"SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path}/chat.db"}
    if knowledge is not None:
        env["SISTERBOT_KNOWLEDGE_DIR"] = str(knowledge)
    return Settings.from_env(env)


def say(app: App, text: str) -> Handled:
    return app.dialogue.respond(Incoming(channel="console", user_id="u", chat_id="u", text=text))


def test_the_engine_is_built_once_however_often_it_is_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[AnswerEngine] = []

    class Counted(AnswerEngine):
        def _build(self) -> None:
            built.append(self)
            super()._build()

    monkeypatch.setattr(app_module, "AnswerEngine", Counted)
    with build_app(settings_for(tmp_path), answers_now=False) as app:
        assert "sisterbot" in say(app, "/start").reply.text
        assert built == []  # the greeting needed no index
        app.prepare_answers()
        app.prepare_answers()
        handled = say(app, QUESTION)
        assert handled.feature == "answers"
        assert "DPRD" in handled.reply.text
        assert app.answers is app.answers
        assert built == [app.answers]


def test_the_recommendations_are_listed_before_any_question(tmp_path: Path) -> None:
    with build_app(settings_for(tmp_path), answers_now=False) as app:
        handled = say(app, "/rekomendasi")
        assert handled.feature == "answers"
        labels = [button.label for button in handled.reply.all_buttons()]
        assert len(labels) == 10
        assert labels[2].startswith("3. ")


def test_english_is_still_recognised_before_the_index_exists(tmp_path: Path) -> None:
    with build_app(settings_for(tmp_path), answers_now=False) as app:
        handled = say(app, "What does revitalising a sister city cooperation mean?")
        assert handled.reply.language == "en"
        assert handled.feature == "answers"


def _broken_knowledge(tmp_path: Path) -> Path:
    """A copy of knowledge/ that loads, but whose index cannot be built (a bad subject)."""
    target = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), target)
    entry = target / "kb" / "bimtek.yaml"
    text = entry.read_text(encoding="utf-8")
    assert "\nsubject:\n" in text
    entry.write_text(text.replace("\nsubject:\n", "\nsubject:\n  - stunting\n"), "utf-8")
    return target


def test_a_broken_index_fails_at_start_except_in_the_chat_at_its_first_question(
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path, _broken_knowledge(tmp_path))
    with pytest.raises(KnowledgeError, match="unknown concept 'stunting'"):
        build_app(settings)
    with build_app(settings, answers_now=False) as app:
        assert "sisterbot" in say(app, "/start").reply.text
        app.prepare_answers()
        with pytest.raises(KnowledgeError, match="unknown concept 'stunting'"):
            say(app, QUESTION)


def test_the_engine_is_started_after_the_greeting_is_written() -> None:
    events: list[str] = []

    def respond(incoming: Incoming) -> Handled:
        return Handled(reply=Reply(text=f"re {incoming.text}"), feature="general")

    lines = _first_calling(lambda: events.append("started"), iter(["halo\n", "/keluar\n"]))
    ConsoleChat(respond).run(lines, events.append)
    assert [event.split("\n")[0] for event in events] == ["re /start", "started", "re halo"]


PROBE = """
import sys
from bot.app.root import build_app
from bot.config import Settings
from bot.core.models import Incoming
app = build_app(Settings.from_env(), answers_now=False)
reply = app.dialogue.handle(Incoming(channel="console", user_id="u", chat_id="u", text="/start"))
assert "sisterbot" in reply.text
print(sorted(m for m in ("starlette", "jinja2", "pydantic") if m in sys.modules))
"""


def test_the_greeting_loads_neither_the_web_console_nor_the_entries(tmp_path: Path) -> None:
    env = {**os.environ, "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path}/chat.db"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]"]


def test_a_piped_chat_answers_its_first_question(tmp_path: Path) -> None:
    env = {**os.environ, "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path}/chat.db"}
    command = [sys.executable, "-m", "bot", "chat"]
    for _ in range(2):  # a new database, then the one the first launch made
        done = subprocess.run(
            command, input=f"{QUESTION}\n", capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 0, done.stderr
        greeting, _, answer = done.stdout.partition(f"anda> {QUESTION}")
        assert "sisterbot" in greeting
        assert "Persetujuan DPRD" in answer


@pytest.mark.parametrize("typed", [f"{QUESTION}\n/keluar\n", ""])
def test_the_chat_leaves_the_garbage_collector_as_it_found_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    """The chat defers collection until its greeting; in-process callers get it back on."""
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{tmp_path}/chat.db")
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert gc.isenabled()
    assert cli.main(["chat"]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_chat_that_cannot_start_turns_the_collector_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", "mysql://nobody@127.0.0.1/none")
    monkeypatch.setattr("sys.stdin", io.StringIO("halo\n"))
    assert cli.main(["chat"]) != 0
    assert gc.isenabled()
