"""WhatsApp webhook load: 500 signed messages from 50 users, answered completely.

The real bot (core on a throwaway SQLite file, the WhatsApp channel, bot/web.py under
uvicorn) on 127.0.0.1, with the Graph API stand-in receiving its replies. The 50 users
post concurrently, each its 10 messages in order, and 50 of the posts are delivered a
second time, as Meta does after a slow answer. Measured from the first post until every
message is answered. Checked: every message answered exactly once (none lost, none
doubled), each user's replies in order, and every reply message accepted by the stand-in.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

USERS = 50
MESSAGES_PER_USER = 10
REDELIVERED = 50
APP_SECRET = "bench-app-secret"  # noqa: S105 - a throwaway secret for 127.0.0.1
# Typical officer messages (written for the benchmark; not from the evaluation sets).
TEXTS = (
    "halo",
    "apa itu sister city",
    "status surabaya",
    "gimana cara mulai kerja sama dengan kota di luar negeri",
    "status kab badung",
    "perlu persetujuan dprd ga?",
    "/rekomendasi",
    "status jawa",
    "laporan kerja sama dikirim ke siapa",
    "makasih",
)


def run(settings: Any) -> dict[str, object]:
    """Run the load and return its figures."""
    return asyncio.run(_run(settings))


async def _run(settings: Any) -> dict[str, object]:
    import httpx

    from bot.app.root import build_app
    from bot.stand_ins.whatsapp_graph_api import LocalServer, WhatsAppGraphApiStandIn
    from bot.stand_ins.whatsapp_webhooks import text_payload
    from bot.web import build_web_app

    with tempfile.TemporaryDirectory(prefix="sisterbot-bench-wa-") as tmp:
        async with WhatsAppGraphApiStandIn() as graph:
            bench_settings = replace(
                settings,
                database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
                whatsapp_phone_id=graph.phone_id,
                whatsapp_token=graph.token,
                whatsapp_app_secret=APP_SECRET,
                whatsapp_verify_token="bench-verify",  # noqa: S106 - throwaway
                whatsapp_api_base_url=graph.base_url,
            )
            core = build_app(bench_settings)
            channel = core.whatsapp_channel()
            users = [f"62812{n:08d}" for n in range(USERS)]
            payloads = {
                user: [
                    text_payload(user, TEXTS[i % len(TEXTS)], message_id=f"wamid.bench.{user}.{i}")
                    for i in range(MESSAGES_PER_USER)
                ]
                for user in users
            }
            async with LocalServer(build_web_app(channel.routes())) as server:
                await channel.start()
                url = f"{server.url}/whatsapp"

                # one client (one connection) per user, made before the clock starts: one
                # shared pool of 50 costs the load generator more than the bot (httpcore's
                # bookkeeping grows with connections times queued requests)
                clients = {user: httpx.AsyncClient(timeout=60) for user in users}

                async def post_all(user: str, redeliver: bool) -> list[int]:
                    posts = payloads[user] + (payloads[user][:1] if redeliver else [])
                    codes = []
                    for payload in posts:
                        response = await graph.deliver(
                            url, payload, app_secret=APP_SECRET, client=clients[user]
                        )
                        codes.append(response.status_code)
                    return codes

                try:
                    started = time.perf_counter()
                    results = await asyncio.gather(
                        *(post_all(user, n < REDELIVERED) for n, user in enumerate(users))
                    )
                    accepted_at = time.perf_counter()
                    idle = await channel.processor.wait_idle(300)
                    elapsed = time.perf_counter() - started
                finally:
                    await asyncio.gather(*(client.aclose() for client in clients.values()))
                await channel.stop()
            core.database.dispose()
            codes = [code for user_codes in results for code in user_codes]
            processor = channel.processor
            counters = channel.webhook.counters
            unique = USERS * MESSAGES_PER_USER
            in_order = _replies_follow_the_users_order(graph, users)
            return {
                "messages": unique,
                "users": USERS,
                "redelivered_posts": REDELIVERED,
                "all_posts_200": all(code == 200 for code in codes),
                "accepted": counters.accepted,
                "duplicates_dropped": counters.duplicates,
                "answered": processor.answered,
                "failed": processor.failed,
                "lost": unique - processor.answered - processor.failed if idle else unique,
                "doubled": max(0, processor.answered + processor.failed - unique),
                "reply_messages_sent": len(graph.sent),
                "reply_messages_rejected": len(graph.rejected),
                "every_user_answered": all(graph.sent_to(user) for user in users),
                "replies_in_order_per_user": in_order,
                "webhook_accept_seconds": round(accepted_at - started, 3),
                "seconds": round(elapsed, 3),
                "messages_per_second": round(unique / elapsed, 1),
            }


def _replies_follow_the_users_order(graph: Any, users: list[str]) -> bool:
    """The greeting (1st message) is answered first, the thanks (10th) last, per user."""
    for user in users:
        sent = graph.sent_to(user)
        if not sent or "Halo" not in sent[0].text or "Sama-sama" not in sent[-1].text:
            return False
    return True
