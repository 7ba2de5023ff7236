"""Unauthenticated traffic costs bounded memory: RSS under 2,000 slow connections.

``sisterbot run whatsapp`` runs as a real process (a throwaway SQLite file, the Graph API
root pointed at a closed port: nothing is sent). 2,000 connections then each start a
``POST /whatsapp`` declaring a body just under the 1 MB cap and send it slowly, 4 KB
every half second, without a signature that could ever match, for ``HOLD_SECONDS``; then
they close; then 900 more (under the server's cap of 1,000 connections, so each body is
read until its 10-second deadline). The server's RSS is read from ``/proc`` before, at
the peak and after. Bounded: about 40 seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CONNECTIONS = 2_000
UNDER_CAP = 900  # bot.web.MAX_CONNECTIONS is 1,000: over it, uvicorn answers 503 at once
HOLD_SECONDS = 12.0
CHUNK = b"x" * 4096
DECLARED_LENGTH = 999_000
GOAL_GROWTH_MB = 100.0  # the 32 MB body budget plus per-connection bookkeeping


def run(settings: Any) -> dict[str, object]:
    """Run the slow connections against a real server process and return the figures."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, CONNECTIONS * 2 + 256)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))  # the child inherits it
    return asyncio.run(_run())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


async def _run() -> dict[str, object]:
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="sisterbot-bench-res-") as tmp:
        env = {
            **{
                k: v for k, v in os.environ.items() if not k.startswith(("SISTERBOT_", "WHATSAPP_"))
            },
            "SISTERBOT_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}",
            "SISTERBOT_HTTP_HOST": "127.0.0.1",
            "SISTERBOT_HTTP_PORT": str(port),
            "WHATSAPP_PHONE_ID": "100200300400",
            "WHATSAPP_TOKEN": "bench-token",
            "WHATSAPP_APP_SECRET": "bench-secret",
            "WHATSAPP_VERIFY_TOKEN": "bench-verify",
            "WHATSAPP_API_BASE_URL": f"http://127.0.0.1:{_free_port()}",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "whatsapp", env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            await _wait_serving(port)
            idle = _rss_mb(process.pid)
            figures = await _slow_clients(port, process.pid, CONNECTIONS)
            # under the connection cap, every body is read (and held) until its deadline
            under_cap = await _slow_clients(port, process.pid, UNDER_CAP)
            await asyncio.sleep(1.0)
            after = _rss_mb(process.pid)
        finally:
            process.terminate()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), 30)
            if process.returncode is None:
                process.kill()
                await process.wait()
    peak = max(figures["rss_peak_mb"], under_cap["rss_peak_mb"])
    growth = round(peak - idle, 1)
    return {
        "slow_connections": CONNECTIONS,
        "hold_seconds": HOLD_SECONDS,
        "rss_idle_mb": idle,
        **figures,
        "under_cap_connections": UNDER_CAP,
        **{f"under_cap_{k}": v for k, v in under_cap.items()},
        "rss_after_close_mb": after,
        "rss_growth_mb": growth,
        "rss_growth_goal_mb": GOAL_GROWTH_MB,
        "rss_growth_pass": growth < GOAL_GROWTH_MB and after - idle < GOAL_GROWTH_MB,
    }


async def _wait_serving(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        writer.close()
        return
    raise RuntimeError("the server did not start")


async def _slow_clients(port: int, pid: int, connections: int) -> dict[str, float]:
    statuses: dict[str, int] = {}
    peak = [0.0]
    stop = time.monotonic() + HOLD_SECONDS

    async def client() -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            statuses["refused"] = statuses.get("refused", 0) + 1
            return
        try:
            writer.write(
                b"POST /whatsapp HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                b"X-Hub-Signature-256: sha256=00\r\n"
                + f"Content-Length: {DECLARED_LENGTH}\r\n\r\n".encode()
            )
            while time.monotonic() < stop and not reader.at_eof():
                writer.write(CHUNK)
                await writer.drain()
                with contextlib.suppress(TimeoutError):
                    line = await asyncio.wait_for(reader.readline(), 0.5)
                    if line.startswith(b"HTTP/1.1 "):
                        key = line.split()[1].decode()
                        statuses[key] = statuses.get(key, 0) + 1
                        return
        except OSError:
            statuses["reset"] = statuses.get("reset", 0) + 1
        finally:
            writer.close()

    async def watch() -> None:
        while time.monotonic() < stop:
            peak[0] = max(peak[0], _rss_mb(pid))
            await asyncio.sleep(0.25)

    await asyncio.gather(watch(), *(client() for _ in range(connections)))
    return {"rss_peak_mb": peak[0], **{f"answered_{k}": float(v) for k, v in statuses.items()}}
