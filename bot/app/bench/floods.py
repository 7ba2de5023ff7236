"""Other users' round trips while one sender floods at 1,000 messages a second, per channel.

Run as in production, in three processes: the bot is ``sisterbot run telegram`` (webhook
mode) or ``sisterbot run whatsapp`` (a throwaway SQLite file, the real core and HTTP
server); the load generator (:mod:`bot.app.bench.flood_load`) builds the flood's signed
requests in advance and sends them at 1,000 a second over keep-alive connections; this
process serves the platform's stand-in (the Bot API, the Graph API), where the bot's
replies arrive, and plays ``USERS`` other users, each asking "status surabaya" once a
second (under Telegram's 30 replies a second, and under the per-user limit) and timing
each round trip from its post to its reply at the stand-in. First ``QUIET_SECONDS`` with
nobody else, then during ``FLOOD_SECONDS`` of flood. Goals: the flooded p99 within 3x
of the quiet p99, the flood reaching 900 posts a second, each flood post either answered
or counted as dropped in ``/metrics``, and the flooder told to slow down once.

The machine has two cores for three busy processes (and whatever else runs on it), so
the rate reached is measured, not assumed; the figures say what it was. Bounded: about
25 seconds a channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

USERS = 20
ASK_EVERY_SECONDS = 1.0
QUIET_SECONDS = 5.0
FLOOD_PER_SECOND = 1_000
FLOOD_SECONDS = 10.0
FLOOD_CONNECTIONS = 16
REPLY_WITHIN_SECONDS = 15.0
QUESTION = "status surabaya"
SECRET = "bench-flood-secret"  # noqa: S105 - a throwaway secret for 127.0.0.1
TG_FLOODER, WA_FLOODER = 999_000_001, "6289999999999"
SLOW_DOWN = ("Pesan Anda terlalu cepat", "Mohon pelan-pelan")

Ask = Callable[[str, int], Awaitable[float]]  # (user, question number) -> round trip (s)
Flooded = Callable[[], Awaitable[dict[str, Any]]]  # the flooder's figures, once it is over


def run(settings: Any) -> dict[str, object]:
    """Flood each channel in turn and return the figures."""
    del settings  # the bot runs as its own process, configured below
    return asyncio.run(_run())


async def _run() -> dict[str, object]:
    figures: dict[str, object] = {"machine_load_average_before": round(os.getloadavg()[0], 2)}
    for name, channel in (("telegram", _telegram), ("whatsapp", _whatsapp)):
        async with channel() as (ask, bot, flooded):
            result = await _measure(name, ask, *bot)
            accepted = result["flood_posts"] - result["flood_not_200"]
            deadline = time.monotonic() + REPLY_WITHIN_SECONDS
            while True:  # the flooder's last answers may still be on their way
                result.update(await flooded())
                counted = result["answered_flood_posts"] + result["throttled"]
                if counted >= accepted or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.5)
        result["flood_posts_accounted"] = accepted == counted
        result["ratio"] = (
            round(result["flooded_p99_ms"] / result["quiet_p99_ms"], 2)
            if result["quiet_p99_ms"]
            else None
        )
        order = (
            "flood_per_second", "quiet_p99_ms", "flooded_p99_ms", "ratio", "throttled",
            "flooder_answers", "slow_down_notices", "flood_posts_accounted",
            "unanswered_questions", "flood_posts", "flood_not_200", "questions",
            "bot_cpu_percent", "generator_cpu_percent",
        )  # fmt: skip
        figures.update({f"{name}_{key}": result[key] for key in order})
    figures["flood_goal_per_second"] = FLOOD_PER_SECOND
    figures["machine_load_average"] = round(os.getloadavg()[0], 2)  # other work on the cores
    return figures


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _p99_ms(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1)


@asynccontextmanager
async def _bot_process(
    channel: str, env: dict[str, str], tmp: Path
) -> AsyncIterator[tuple[int, int]]:
    """``sisterbot run CHANNEL`` as a child process, ready; yields its HTTP port and pid."""
    import httpx

    port = _free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SISTERBOT_", "TELEGRAM_"))}
    clean = {k: v for k, v in clean.items() if not k.startswith("WHATSAPP_")}
    full_env = {
        **clean,
        "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
        "SISTERBOT_HTTP_HOST": "127.0.0.1",
        "SISTERBOT_HTTP_PORT": str(port),
        **{k: v.replace("{port}", str(port)) for k, v in env.items()},
    }
    log = (tmp / "bot.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", channel, env=full_env,
        stdout=asyncio.subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    try:
        async with httpx.AsyncClient(trust_env=False) as client:
            deadline = time.monotonic() + 90
            while True:
                if process.returncode is not None or time.monotonic() > deadline:
                    tail = (tmp / "bot.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"sisterbot run {channel} did not become ready:\n{tail}")
                with contextlib.suppress(httpx.HTTPError):
                    response = await client.get(f"http://127.0.0.1:{port}/readyz")
                    if response.status_code == 200:
                        break
                await asyncio.sleep(0.2)
        yield port, process.pid
    finally:
        if process.returncode is None:
            process.terminate()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), 30)
        if process.returncode is None:
            process.kill()
            await process.wait()
        log.close()


async def _metric(port: int, name: str, channel: str) -> float:
    import httpx

    async with httpx.AsyncClient(trust_env=False) as client:
        text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
    found = re.search(rf'^{name}{{channel="{channel}"}} (\S+)$', text, re.MULTILINE)
    return float(found.group(1)) if found else -1.0


@asynccontextmanager
async def _telegram() -> AsyncIterator[tuple[Ask, tuple[int, int], Flooded]]:
    import httpx

    from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

    from .flood_load import telegram_update

    updates = itertools.count(1)
    with tempfile.TemporaryDirectory(prefix="sisterbot-bench-flood-") as tmp:
        async with TelegramBotApiStandIn() as api:
            env = {
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "TELEGRAM_WEBHOOK_URL": "http://127.0.0.1:{port}/telegram",
                "TELEGRAM_WEBHOOK_SECRET": SECRET,
            }
            async with (
                _bot_process("telegram", env, Path(tmp)) as (port, pid),
                httpx.AsyncClient(trust_env=False, timeout=REPLY_WITHIN_SECONDS) as client,
            ):
                url = f"http://127.0.0.1:{port}/telegram"
                headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

                async def ask(user: str, _n: int) -> float:
                    chat = int(user)
                    before = len(api.sent(chat))
                    body = telegram_update(next(updates), chat, QUESTION)
                    started = time.perf_counter()
                    await client.post(url, json=body, headers=headers)
                    await api.wait_until(
                        lambda: len(api.sent(chat)) > before, within=REPLY_WITHIN_SECONDS
                    )
                    return time.perf_counter() - started

                async def flooded() -> dict[str, Any]:
                    texts = [m.text for m in api.sent(TG_FLOODER)]
                    return _flooder_figures(texts, await _metric(port, THROTTLED, "telegram"))

                yield ask, (port, pid), flooded


@asynccontextmanager
async def _whatsapp() -> AsyncIterator[tuple[Ask, tuple[int, int], Flooded]]:
    import httpx

    from bot.stand_ins.whatsapp_graph_api import WhatsAppGraphApiStandIn
    from bot.stand_ins.whatsapp_webhooks import text_payload

    ids = itertools.count(1)
    with tempfile.TemporaryDirectory(prefix="sisterbot-bench-flood-") as tmp:
        async with WhatsAppGraphApiStandIn() as graph:
            env = {
                "WHATSAPP_PHONE_ID": graph.phone_id,
                "WHATSAPP_TOKEN": graph.token,
                "WHATSAPP_APP_SECRET": SECRET,
                "WHATSAPP_VERIFY_TOKEN": "bench-verify",
                "WHATSAPP_API_BASE_URL": graph.base_url,
            }
            async with (
                _bot_process("whatsapp", env, Path(tmp)) as (port, pid),
                httpx.AsyncClient(trust_env=False, timeout=REPLY_WITHIN_SECONDS) as client,
            ):
                url = f"http://127.0.0.1:{port}/whatsapp"

                async def ask(user: str, _n: int) -> float:
                    before = len(graph.sent_to(user))
                    payload = text_payload(
                        user, QUESTION, message_id=f"wamid.q{next(ids)}", phone_id=graph.phone_id
                    )
                    started = time.perf_counter()
                    await graph.deliver(url, payload, app_secret=SECRET, client=client)
                    await graph.wait_until(
                        lambda: len(graph.sent_to(user)) > before, within=REPLY_WITHIN_SECONDS
                    )
                    return time.perf_counter() - started

                async def flooded() -> dict[str, Any]:
                    texts = [str(m.text) for m in graph.sent_to(WA_FLOODER)]
                    return _flooder_figures(texts, await _metric(port, THROTTLED, "whatsapp"))

                yield ask, (port, pid), flooded


THROTTLED = "sisterbot_messages_throttled_total"


def _flooder_figures(texts: list[str], throttled: float) -> dict[str, Any]:
    notices = sum(t.startswith(SLOW_DOWN) for t in texts)
    return {
        "throttled": int(throttled),
        "flooder_answers": len(texts),
        "slow_down_notices": notices,
        "answered_flood_posts": len(texts) - notices,
    }


async def _users(ask: Ask, group: int, seconds: float) -> tuple[list[float], int]:
    """``USERS`` users asking once a second for ``seconds``; round trips, and the unanswered.

    Each ``group`` is other people (numbers valid as Telegram chat ids and WhatsApp ids).
    """
    trips: list[float] = []
    unanswered = [0]

    async def user(n: int) -> None:
        name = f"62811{group}{n:06d}"
        await asyncio.sleep(n * ASK_EVERY_SECONDS / USERS)  # spread over the second
        started = time.perf_counter()
        for k in range(int(seconds / ASK_EVERY_SECONDS)):
            await asyncio.sleep(max(0.0, started + k * ASK_EVERY_SECONDS - time.perf_counter()))
            try:
                trips.append(await ask(name, k))
            except TimeoutError:
                unanswered[0] += 1

    await asyncio.gather(*(user(n) for n in range(USERS)))
    return trips, unanswered[0]


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _measure(channel: str, ask: Ask, bot_port: int, bot_pid: int) -> dict[str, Any]:
    config = {
        "channel": channel,
        "host": "127.0.0.1",
        "port": bot_port,
        "path": f"/{channel}",
        "secret": SECRET,
        "rate": FLOOD_PER_SECOND,
        "seconds": FLOOD_SECONDS,
        "connections": FLOOD_CONNECTIONS,
        "sender": str(TG_FLOODER if channel == "telegram" else WA_FLOODER),
        "first_id": 10_000_000,
        "phone_id": "100200300400",
    }
    generator = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.app.bench.flood_load", json.dumps(config),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert generator.stdin is not None and generator.stdout is not None
    try:
        ready = await asyncio.wait_for(generator.stdout.readline(), 60)
        if ready.strip() != b"ready":
            raise RuntimeError("the flood generator did not start")
        # users of the quiet round and of the flooded one are different people: each
        # asks fewer questions than the per-user limit lets through at once
        quiet, quiet_unanswered = await _users(ask, 1, QUIET_SECONDS)
        cpu_before, wall_before = _cpu_seconds(bot_pid), time.perf_counter()
        generator.stdin.write(b"go\n")
        await generator.stdin.drain()
        await asyncio.sleep(0.5)  # the flood is on
        flooded_trips, flooded_unanswered = await _users(ask, 2, FLOOD_SECONDS - 1.5)
        load = json.loads(await asyncio.wait_for(generator.stdout.readline(), 60))
        bot_cpu = (_cpu_seconds(bot_pid) - cpu_before) / (time.perf_counter() - wall_before)
    finally:
        if generator.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                generator.kill()
            await generator.wait()
    not_200 = sum(v for k, v in load["statuses"].items() if k != "200")
    return {
        "flood_posts": load["posted"],
        "flood_per_second": round(load["posted"] / load["seconds"], 1),
        "flood_not_200": not_200,
        "bot_cpu_percent": round(100 * bot_cpu),
        "generator_cpu_percent": round(100 * load["cpu_seconds"] / load["seconds"]),
        "quiet_p99_ms": _p99_ms(quiet),
        "flooded_p99_ms": _p99_ms(flooded_trips),
        "questions": len(quiet) + len(flooded_trips),
        "unanswered_questions": quiet_unanswered + flooded_unanswered,
    }
