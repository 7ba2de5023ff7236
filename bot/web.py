"""The bot's own HTTP server: webhooks and a health check, on one port.

Telegram's webhook is served at ``/telegram``, WhatsApp's at ``/whatsapp`` and a health
check at ``/healthz``; each channel contributes its routes, so Telegram and WhatsApp can
run in one process. Starlette apps, served by uvicorn.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route


async def healthz(_request: Request) -> Response:
    """Liveness: the process serves HTTP."""
    return JSONResponse({"status": "ok"})


def build_web_app(routes: Sequence[BaseRoute]) -> Starlette:
    """A Starlette app with ``/healthz`` and the channels' routes."""
    return Starlette(routes=[Route("/healthz", healthz, methods=["GET"]), *routes])
