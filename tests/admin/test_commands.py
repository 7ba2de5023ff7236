"""``sisterbot admin link`` and ``sisterbot web`` as an operator runs them."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import httpx
import pytest

from bot.app.cli import main


def _env(tmp_path: Path, port: int = 8080) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "SISTERBOT_", "WHATSAPP_"))
    }
    return {
        **env,
        "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}",
        "SISTERBOT_ADMINS": "telegram:42,whatsapp:628111",
        "SISTERBOT_HTTP_HOST": "127.0.0.1",
        "SISTERBOT_HTTP_PORT": str(port),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_admin_link_prints_a_link_only_for_admins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in _env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SISTERBOT_PUBLIC_URL", "https://console.example.go.id/")
    assert main(["admin", "link", "--admin", "telegram:42"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("https://console.example.go.id/admin/masuk?t=") and len(out) > 60
    assert main(["admin", "link", "--admin", "telegram:43"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not in SISTERBOT_ADMINS" in err[0]


async def test_web_serves_the_console_alone_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    env = _env(tmp_path, port)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "web", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
            for _ in range(300):  # the first start migrates and seeds the database
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            assert (await client.get("/admin/")).status_code == 401
            link = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "admin", "link", "--admin", "whatsapp:628111",
                env=env, stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            out, _ = await asyncio.wait_for(link.communicate(), timeout=60)
            url = out.decode().strip()
            assert url.startswith(f"http://127.0.0.1:{port}/admin/masuk?t=")
            confirm = await client.get(url)
            assert confirm.status_code == 200 and "Masuk" in confirm.text
            token = url.split("t=", 1)[1]
            assert (await client.post("/admin/masuk", data={"t": token})).status_code == 303
            overview = await client.get("/admin/")
            assert overview.status_code == 200 and "whatsapp:628111" in overview.text
            css = await client.get("/admin/static/console.css")
            assert css.status_code == 200 and "--accent" in css.text
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 0, stderr.decode()
        assert f"127.0.0.1:{port}/admin/" in stderr.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
