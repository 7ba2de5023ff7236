"""Other users' round trips while one sender floods: WhatsApp, 1,000 messages a second.

The real bot (core on a throwaway SQLite file, the WhatsApp channel with its per-sender
limit, bot/web.py under uvicorn) with the Graph API stand-in, in one process. Ten users ask
one question at a time (each sent when the previous one was answered), first with nobody
else (quiet), then while one sender posts 1,000 signed messages a second for
``FLOOD_SECONDS`` (from 20 connections; the rate reached is reported, the load generator
shares the process and the two cores with the bot). Goal: their p99 during the flood
within 3x of the quiet p99.
Bounded: about 20 seconds. (Telegram's flood figure is not measured yet.)
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

USERS = 10
QUESTIONS_PER_USER = 8
FLOOD_PER_SECOND = 1_000
FLOOD_SECONDS = 5.0
FLOOD_WORKERS = 20
GOAL_RATIO = 3.0
APP_SECRET = "bench-app-secret"  # noqa: S105 - a throwaway secret for 127.0.0.1
FLOODER = "6289999999999"


def run(settings: Any) -> dict[str, object]:
    """Run the quiet and the flooded round and return the figures."""
    return asyncio.run(_run(settings))


def _answered_after(graph: Any, user: str, before: int) -> bool:
    return len(graph.sent_to(user)) > before


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1)


async def _run(settings: Any) -> dict[str, object]:
    import httpx

    from bot.app.root import build_app
    from bot.stand_ins.whatsapp_graph_api import LocalServer, WhatsAppGraphApiStandIn
    from bot.stand_ins.whatsapp_webhooks import text_payload
    from bot.web import build_web_app

    with tempfile.TemporaryDirectory(prefix="sisterbot-bench-flood-") as tmp:
        async with WhatsAppGraphApiStandIn() as graph:
            core = build_app(
                replace(
                    settings,
                    database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
                    whatsapp_phone_id=graph.phone_id,
                    whatsapp_token=graph.token,
                    whatsapp_app_secret=APP_SECRET,
                    whatsapp_verify_token="bench-verify",  # noqa: S106 - throwaway
                    whatsapp_api_base_url=graph.base_url,
                )
            )
            channel = core.whatsapp_channel()
            async with LocalServer(build_web_app(channel.routes())) as server:
                await channel.start()
                url = f"{server.url}/whatsapp"
                counter = iter(range(10**9))

                async def ask(user: str, client: httpx.AsyncClient) -> list[float]:
                    trips = []
                    for _ in range(QUESTIONS_PER_USER):
                        before = len(graph.sent_to(user))
                        started = time.perf_counter()
                        await graph.deliver(
                            url,
                            text_payload(user, "status surabaya", message_id=f"w.{next(counter)}"),
                            app_secret=APP_SECRET,
                            client=client,
                        )
                        await graph.wait_until(partial(_answered_after, graph, user, before))
                        trips.append(time.perf_counter() - started)
                    return trips

                async def users_round(tag: int) -> list[float]:
                    clients = [httpx.AsyncClient(timeout=60) for _ in range(USERS)]
                    try:
                        results = await asyncio.gather(
                            *(ask(f"62811{tag}{n:06d}", client) for n, client in enumerate(clients))
                        )
                    finally:
                        await asyncio.gather(*(c.aclose() for c in clients))
                    return [t for trips in results for t in trips]

                async def flood(client: httpx.AsyncClient) -> int:
                    """Posts back to back from FLOOD_WORKERS connections, paced to the rate."""
                    sent = [0]
                    started = time.perf_counter()

                    async def worker() -> None:
                        while (elapsed := time.perf_counter() - started) < FLOOD_SECONDS:
                            if sent[0] >= elapsed * FLOOD_PER_SECOND:
                                await asyncio.sleep(0.001)
                                continue
                            n = sent[0]
                            sent[0] += 1
                            body = text_payload(FLOODER, f"banjir {n}", message_id=f"f.{n}")
                            await graph.deliver(url, body, app_secret=APP_SECRET, client=client)

                    await asyncio.gather(*(worker() for _ in range(FLOOD_WORKERS)))
                    return sent[0]

                quiet = await users_round(1)
                async with httpx.AsyncClient(
                    timeout=httpx.Timeout(60, pool=None),
                    limits=httpx.Limits(max_connections=FLOOD_WORKERS),
                ) as flood_client:
                    flood_task = asyncio.create_task(flood(flood_client))
                    await asyncio.sleep(0.5)  # the flood is on
                    flooded = await users_round(2)
                    flood_sent = await flood_task
                await channel.stop()
            core.database.dispose()
    quiet_p99, flooded_p99 = _p99(quiet), _p99(flooded)
    return {
        "channel": "whatsapp",
        "users": USERS,
        "flood_messages_posted": flood_sent,
        "flood_per_second_achieved": round(flood_sent / FLOOD_SECONDS, 1),
        "flood_per_second_goal": FLOOD_PER_SECOND,
        "flood_messages_throttled": channel.webhook.counters.throttled,
        "flood_replies_sent": len(graph.sent_to(FLOODER)),
        "quiet_p99_ms": quiet_p99,
        "flooded_p99_ms": flooded_p99,
        "ratio": round(flooded_p99 / quiet_p99, 2) if quiet_p99 else None,
        "ratio_goal": GOAL_RATIO,
        "ratio_pass": flooded_p99 <= GOAL_RATIO * quiet_p99,
    }
