"""The flood's load generator, run as a process of its own by :mod:`bot.app.bench.floods`.

``python -m bot.app.bench.flood_load '<json>'`` builds every request of the flood up front
(one sender's messages, each with its own id; WhatsApp's signed with the app secret,
Telegram's with the webhook secret), prints ``ready``, waits for a line on stdin, then
sends them paced to ``rate`` a second for ``seconds`` over ``connections`` keep-alive
HTTP/1.1 connections written on raw asyncio streams (no HTTP client library: the
generator must cost less than the bot it floods), and prints one JSON line: posts sent,
answers by status, seconds taken, CPU seconds used. A send that falls behind the pace is
made at once, and the flood stops after ``seconds`` whatever was sent, so the rate
reached says how fast the bot took them.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bot.channels.wa.signature import sign
from bot.stand_ins.whatsapp_webhooks import text_payload


@dataclass(slots=True)
class _Load:
    requests: list[bytes]
    rate: float
    started: float = 0.0
    end: float = 0.0
    next: int = 0
    statuses: Counter[str] = field(default_factory=Counter)


def telegram_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """A private text message as Telegram posts it to a webhook."""
    user = {"id": user_id, "is_bot": False, "first_name": "Banjir", "language_code": "id"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_764_300_000,
            "chat": {"id": user_id, "type": "private", "first_name": "Banjir"},
            "from": user,
            "text": text,
        },
    }


def build_requests(config: dict[str, Any]) -> list[bytes]:
    """Every request of the flood, as the bytes to write."""
    count = int(config["rate"] * config["seconds"])
    head = (
        f"POST {config['path']} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    )
    requests = []
    for n in range(count):
        if config["channel"] == "telegram":
            payload = telegram_update(config["first_id"] + n, int(config["sender"]), f"banjir {n}")
            body = json.dumps(payload).encode()
            auth = f"X-Telegram-Bot-Api-Secret-Token: {config['secret']}\r\n"
        else:
            payload = text_payload(
                config["sender"],
                f"banjir {n}",
                message_id=f"wamid.flood{n:08d}",
                phone_id=config["phone_id"],
            )
            body = json.dumps(payload).encode()
            auth = f"X-Hub-Signature-256: {sign(body, config['secret'])}\r\n"
        requests.append(f"{head}{auth}Content-Length: {len(body)}\r\n\r\n".encode() + body)
    return requests


async def _read_status(reader: asyncio.StreamReader) -> int:
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def _worker(host: str, port: int, load: _Load) -> None:
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while load.next < len(load.requests):
            index = load.next
            due = load.started + index / load.rate
            if due >= load.end or loop.time() >= load.end:
                return  # behind the pace or not, the flood lasts its seconds
            load.next += 1
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            try:
                writer.write(load.requests[index])
                await writer.drain()
                load.statuses[str(await _read_status(reader))] += 1
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                load.statuses["error"] += 1
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def flood(config: dict[str, Any], requests: list[bytes]) -> dict[str, Any]:
    """Send ``requests`` at the configured pace; the counts and the time it took."""
    loop = asyncio.get_running_loop()
    load = _Load(requests=requests, rate=float(config["rate"]))
    load.started = loop.time()
    load.end = load.started + float(config["seconds"])
    begun, cpu = time.perf_counter(), time.process_time()
    workers = [_worker(config["host"], config["port"], load) for _ in range(config["connections"])]
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - begun
    return {
        "posted": sum(load.statuses.values()),
        "seconds": round(elapsed, 3),
        "statuses": dict(load.statuses),
        "cpu_seconds": round(time.process_time() - cpu, 2),
    }


def main() -> None:
    """Build, say ready, wait for the word, flood, report."""
    config = json.loads(sys.argv[1])
    requests = build_requests(config)
    print("ready", flush=True)
    sys.stdin.readline()
    print(json.dumps(asyncio.run(flood(config, requests))), flush=True)


if __name__ == "__main__":
    main()
