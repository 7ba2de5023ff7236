"""A console over a real SQLite database holding the shipped registry, served by the real
uvicorn server on 127.0.0.1 (in a thread), and an httpx client with helpers to sign in and
post forms the way a browser does (the CSRF field read from the page)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from bot.admin import Console, build_console, console_routes
from bot.app.root import build_policy, build_regions, open_database
from bot.config import Settings, bundled_knowledge_dir
from bot.core.clock import FakeClock
from bot.storage.database import Database
from bot.web import HttpServer, build_web_app

ADMIN = "telegram:42"
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class World:
    """The console, its database, clock and settings, and an HTTP client."""

    settings: Settings
    database: Database
    clock: FakeClock
    console: Console
    app: Starlette
    client: httpx.Client

    def link(self, admin: str = ADMIN) -> str:
        """A fresh one-time link, as /masuk gives."""
        return self.console.links.issue(admin, self.clock.now())

    def sign_in(self, admin: str = ADMIN) -> None:
        """Sign the client in through a link."""
        token = self.link(admin).split("t=", 1)[1]
        response = self.client.post("/admin/masuk", data={"t": token}, follow_redirects=False)
        assert response.status_code == 303, response.text

    def csrf(self, path: str = "/admin/") -> str:
        """The CSRF token the forms of a page carry."""
        page = self.client.get(path)
        assert page.status_code == 200, page.text
        found = _CSRF.search(page.text)
        assert found, "no CSRF field on the page"
        return found.group(1)


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings for a throwaway SQLite database with one admin."""
    values: dict[str, object] = {
        "database_url": f"sqlite:///{tmp_path / 'console.db'}",
        "knowledge_dir": bundled_knowledge_dir(),
        "admins": frozenset({ADMIN}),
        "http_port": 8080,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A signed-out client of a console over the shipped registry."""
    settings = make_settings(tmp_path)
    regions = build_regions(settings)
    database = open_database(settings, regions)
    clock = FakeClock(NOW)
    console = build_console(
        settings, database=database, regions=regions, policy=build_policy(settings), clock=clock
    )
    app = build_web_app(console_routes(console))
    with (
        served(app) as base_url,
        httpx.Client(base_url=base_url, timeout=30, follow_redirects=True) as client,
    ):
        yield World(settings, database, clock, console, app, client)
    database.dispose()


@contextlib.contextmanager
def served(app: Starlette) -> Iterator[str]:
    """The app on the real uvicorn server on 127.0.0.1, in a thread; yields its base URL."""
    ready = threading.Event()
    port: list[int] = []
    stop: list[asyncio.Event] = []
    loop_box: list[asyncio.AbstractEventLoop] = []

    async def main() -> None:
        stop.append(asyncio.Event())
        loop_box.append(asyncio.get_running_loop())
        async with HttpServer(app, "127.0.0.1", 0) as server:
            port.append(server.port)
            ready.set()
            await stop[0].wait()

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(30), "the server did not start"
    try:
        yield f"http://127.0.0.1:{port[0]}"
    finally:
        loop_box[0].call_soon_threadsafe(stop[0].set)
        thread.join(30)
