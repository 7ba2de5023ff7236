"""What an operator needs of ``sisterbot run``: /healthz, /readyz, /metrics, JSON logs,
and a bounded shutdown on SIGINT and SIGTERM (a real process against the local Bot API)."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

import httpx
import pytest
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bot.metrics import Metrics
from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn
from bot.web import HttpServer, build_web_app

from .test_run_command import clean_env
from .test_webhook import free_port

SHUTDOWN_SECONDS = 20  # a stop that takes longer than this is a hang


def metric(text: str, name: str) -> float:
    """The value of one sample line (``name{labels}``) of a Prometheus exposition."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in /metrics")


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
async def test_run_is_ready_counts_logs_json_and_stops_in_bounded_time(
    api: TelegramBotApiStandIn, tmp_path: Path, stop_signal: signal.Signals
) -> None:
    port = free_port()
    env = clean_env(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        SISTERBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        SISTERBOT_HTTP_HOST="127.0.0.1",
        SISTERBOT_HTTP_PORT=str(port),
        SISTERBOT_LOG_FORMAT="json",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "telegram", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        api.post_message(chat_id=6281234, text="apa itu revitalisasi sister city?")
        api.post_message(chat_id=6281234, text="resep rendang padang enak")
        api.post_message(chat_id=6281234, text="/status surabaya")
        await api.wait_for_sent(3, chat_id=6281234, within=90)
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(trust_env=False) as client:
            ready = await client.get(f"{base}/readyz")
            scraped = (await client.get(f"{base}/metrics")).text
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {
            "database": "ok",
            "migrations": "ok",
            "scheduler": "ok",
            "channel:telegram": "ok",
        }
        assert metric(scraped, 'sisterbot_messages_in_total{channel="telegram"}') == 3
        assert metric(scraped, 'sisterbot_messages_out_total{channel="telegram"}') == 3
        assert metric(scraped, 'sisterbot_questions_total{outcome="answered"}') == 1
        assert metric(scraped, 'sisterbot_questions_total{outcome="abstained"}') == 1
        assert metric(scraped, 'sisterbot_reply_seconds_count{feature="status"}') == 1
        assert "sisterbot_outbox_rows" in scraped and "6281234" not in scraped
        process.send_signal(stop_signal)
        with api.polls_answered_at_once():
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=SHUTDOWN_SECONDS)
        assert process.returncode in (0, 130), stderr.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    lines = [json.loads(line) for line in stderr.decode().splitlines() if line.startswith("{")]
    updates = [line for line in lines if line["message"].startswith("update ")]
    assert len(updates) == 3
    assert {u["feature"] for u in updates} == {"answers", "status"}
    assert all(u["outcome"] == "ok" and u["latency_ms"] >= 0 for u in updates)
    logged = stderr.decode()
    assert "6281234" not in logged and "rendang" not in logged and "surabaya" not in logged


async def test_webhook_refusals_are_counted_without_the_operators_paths() -> None:
    metrics = Metrics()

    async def refuse(_request: object) -> PlainTextResponse:
        return PlainTextResponse("no", status_code=403)

    app = build_web_app(
        [Route("/whatsapp", refuse, methods=["POST"])],
        exposition=metrics.exposition,
        refused=lambda path, status: metrics.webhook_refused.labels(
            path=path, status=str(status)
        ).inc(),
    )
    async with (
        HttpServer(app, "127.0.0.1", 0) as server,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", trust_env=False) as client,
    ):
        for _ in range(2):
            assert (await client.post("/whatsapp", content=b"{}")).status_code == 403
        assert (await client.get("/readyz")).status_code == 404  # no readiness check given
        assert (await client.get("/admin")).status_code == 404  # not a webhook: not counted
        scraped = (await client.get("/metrics")).text
    assert metric(scraped, 'sisterbot_webhook_refused_total{path="/whatsapp",status="403"}') == 2
    assert "/readyz" not in scraped and "/admin" not in scraped


async def test_readyz_names_what_is_not_ready() -> None:
    async def checks() -> dict[str, str]:
        return {"database": "ok", "scheduler": "not running"}

    async with (
        HttpServer(build_web_app([], ready=checks), "127.0.0.1", 0) as server,
        httpx.AsyncClient(trust_env=False) as client,
    ):
        answer = await client.get(f"http://127.0.0.1:{server.port}/readyz")
    assert answer.status_code == 503
    assert answer.json() == {
        "status": "not ready",
        "checks": {"database": "ok", "scheduler": "not running"},
    }
