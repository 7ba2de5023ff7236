"""The console's routes under ``/admin`` and how they are built from the settings."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.admin import _changes, _pages, _registry
from bot.admin._auth import SessionCodec, console_links
from bot.admin._base import Console, Handler, close_form, page
from bot.config import Settings
from bot.core.ports import Clock
from bot.core.reminders import ReminderPolicy
from bot.core.status import RegionIndex
from bot.storage.console_repos import SqlAuditLog, SqlRegistryQueries, console_secret_key
from bot.storage.database import Database


def build_console(
    settings: Settings,
    *,
    database: Database,
    regions: RegionIndex,
    policy: ReminderPolicy,
    clock: Clock,
) -> Console:
    """The console's services."""
    key = settings.secret_key or console_secret_key(database.sessions)
    return Console(
        admins=settings.admins,
        database=database,
        regions=regions,
        policy=policy,
        clock=clock,
        links=console_links(settings, database),
        sessions=SessionCodec(key),
        audit=SqlAuditLog(database.sessions),
        registry=SqlRegistryQueries(database.sessions),
        secure_cookies=settings.console_url.startswith("https:"),
    )


def console_routes(console: Console) -> list[BaseRoute]:
    """Every route of the console, mounted at ``/admin``."""

    def guarded(path: str, handler: Handler, methods: list[str]) -> Route:
        return Route(path, page(console, handler), methods=methods)

    def open_route(path: str, handler: Handler, methods: list[str]) -> Route:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(console, request)
            finally:
                await close_form(request)

        return Route(path, endpoint, methods=methods)

    routes: list[BaseRoute] = [
        open_route("/masuk", _pages.sign_in_page, ["GET"]),
        open_route("/masuk", _pages.sign_in, ["POST"]),
        open_route("/bahasa/{language}", _pages.switch_language, ["GET"]),
        guarded("/keluar", _pages.sign_out, ["POST"]),
        guarded("/", _pages.overview, ["GET"]),
        guarded("/agreements", _registry.registry, ["GET"]),
        guarded("/agreements/export", _registry.export, ["GET"]),
        guarded("/agreements/new", _registry.new_form, ["GET"]),
        guarded("/agreements/new", _registry.create, ["POST"]),
        guarded("/agreements/import", _registry.import_form, ["GET"]),
        guarded("/agreements/import", _registry.import_preview, ["POST"]),
        guarded("/agreements/import/apply", _registry.import_apply, ["POST"]),
        guarded("/agreements/{agreement_id}", _registry.show, ["GET"]),
        guarded("/agreements/{agreement_id}", _registry.update, ["POST"]),
        guarded("/agreements/{agreement_id}/delete", _changes.confirm_delete, ["GET"]),
        guarded("/agreements/{agreement_id}/delete", _changes.delete, ["POST"]),
        guarded("/officers", _pages.officers, ["GET"]),
        guarded("/officers/{request_id}/{decision:str}", _pages.decide_officer, ["POST"]),
        guarded("/deliveries", _pages.deliveries, ["GET"]),
        guarded("/knowledge", _pages.knowledge, ["GET"]),
        guarded("/audit", _pages.audit, ["GET"]),
        guarded("/audit/export", _pages.audit_export, ["GET"]),
        guarded("/audit/{entry_id}/undo", _changes.undo, ["POST"]),
        Mount("/static", StaticFiles(packages=[("bot.admin", "static")]), name="console_static"),
    ]
    return [Mount("/admin", routes=routes)]
