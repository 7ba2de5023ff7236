"""The composition root wires a working bot: the whole core on a fresh SQLite file."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.root import App, build_app
from bot.config import Settings
from bot.core.general import TEXTS
from bot.core.models import Incoming


@pytest.fixture
def core(tmp_path: Path) -> App:
    return build_app(Settings.from_env({"SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path}/b.db"}))


def say(core: App, text: str = "", data: str | None = None) -> str:
    incoming = Incoming(channel="console", user_id="u", chat_id="u", text=text, button_data=data)
    reply = core.dialogue.handle(incoming)
    return "\n".join([reply.text, *(b.label for b in reply.all_buttons())])


def test_help_names_every_command_the_bot_answers(core: App) -> None:
    both = TEXTS["help"].id + TEXTS["help"].en
    missing = [name for name in core.dialogue.command_names if f"/{name}" not in both]
    assert missing == []


def test_one_conversation_touches_every_feature(core: App) -> None:
    assert "sisterbot" in say(core, "/start")
    assert "DPRD" in say(core, "perlu persetujuan dprd ga kalo mau sister city")
    assert "Kota Bandung" in say(core, "status bandung")
    assert "Kota Surabaya" in say(core, "/langganan surabaya")
    assert "belum punya jawaban" in say(core, "cara mengurus SIM")
    assert say(core, data="forged:payload")


def test_the_console_chat_runs_as_a_user_would_start_it(tmp_path: Path) -> None:
    env = {**os.environ, "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path}/chat.db"}
    typed = "aksi plan sister city gmn\nstatus bandung\n1\n/keluar\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input=typed,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert "Rekomendasi 3" in done.stdout
    assert "[1] Kota Bandung" in done.stdout
    assert "Kota Bandung (32.73)" in done.stdout  # the number pressed the first button
    assert (tmp_path / "chat.db").exists()


def test_what_start_up_built_is_left_out_of_the_collectors_passes() -> None:
    """``sisterbot run`` freezes what start-up built: no full collection walks it again."""
    from bot.app._serve import freeze_what_was_built

    built = {"regions": [["surabaya"], ["jatim"]]}  # containers: the collector tracks them
    assert any(o is built for o in gc.get_objects())
    try:
        freeze_what_was_built()
        assert gc.get_freeze_count() > 0
        assert not any(o is built for o in gc.get_objects())  # not in any generation
        later = [["allocated", "while serving"]]
        assert any(o is later for o in gc.get_objects())  # still collected as usual
    finally:
        gc.unfreeze()
