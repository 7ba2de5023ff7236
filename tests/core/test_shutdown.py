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


def _interruptible_as_from_a_terminal() -> None:
    # A job started in the background by a non-interactive shell (a CI runner's, nohup's)
    # inherits SIGINT ignored, and Python then raises no KeyboardInterrupt: the chat would
    # rightly keep ignoring it. Ctrl-C in a terminal always arrives, as it does here.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


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
        preexec_fn=_interruptible_as_from_a_terminal,
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


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_the_console_server_promptly(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    """``sisterbot web`` (the curators' console alone) stops cleanly within the bound."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SISTERBOT_")},
        "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path}/web.db",
        "SISTERBOT_HTTP_HOST": "127.0.0.1",
        "SISTERBOT_HTTP_PORT": str(_free_port()),
    }
    web = subprocess.Popen(
        [sys.executable, "-m", "bot", "web"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert web.stderr is not None
        for line in web.stderr:  # the server says where it listens once it is up
            if "/admin/" in line:
                break
        web.send_signal(stop_signal)
        web.wait(timeout=SHUTDOWN_SECONDS)
    finally:
        if web.returncode is None:
            web.kill()
            web.wait()
        if web.stderr is not None:
            web.stderr.close()
    assert web.returncode == 0
