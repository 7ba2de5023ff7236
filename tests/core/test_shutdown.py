"""Ctrl-C (SIGINT) and SIGTERM end ``sisterbot chat`` within a bound, whatever it is doing.

A real process, a real signal, a deadline: a chat that hangs fails here instead of in an
officer's terminal. (``sisterbot run`` has the same test in tests/telegram/test_operations.py.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

SHUTDOWN_SECONDS = 15  # longer than this is a hang


def start_chat(tmp_path: Path) -> subprocess.Popen[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SISTERBOT_")},
        "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path}/chat.db",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.parametrize(
    ("stop_signal", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 128 + signal.SIGTERM)]
)
@pytest.mark.parametrize("moment", ["waiting for input", "mid-conversation"])
def test_a_signal_ends_the_chat_promptly(
    tmp_path: Path, stop_signal: signal.Signals, status: int, moment: str
) -> None:
    chat = start_chat(tmp_path)
    try:
        assert chat.stdin is not None and chat.stdout is not None
        if moment == "mid-conversation":
            chat.stdin.write("apa itu revitalisasi?\n")
            chat.stdin.flush()
        # The hint comes after the greeting: the chat is up and reading its input.
        for line in chat.stdout:
            if "/keluar" in line:
                break
        chat.send_signal(stop_signal)
        chat.wait(timeout=SHUTDOWN_SECONDS)
    finally:
        if chat.returncode is None:
            chat.kill()
            chat.wait()
        for stream in (chat.stdin, chat.stdout, chat.stderr):
            if stream is not None:
                stream.close()
    assert chat.returncode == status
