"""What every console page shares: its services, templates, the session and role checks.

Handlers are plain async functions of (console, request); :func:`page` wraps one so that
it runs only for a signed-in admin (and, for a POST, only with the session's CSRF token).
Database work runs in a worker thread, like the channels' core calls.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot.admin._auth import SESSION_COOKIE, AttemptLimiter, ConsoleLinks, Session, SessionCodec
from bot.admin._auth import csrf_ok as _csrf_ok
from bot.admin._texts import text
from bot.agreement_files.formats import COLUMNS
from bot.agreement_files.rows import agreement_cells
from bot.core.console import AuditEntry, AuditLog
from bot.core.models import Agreement, Language
from bot.core.ports import Clock
from bot.core.reminders import ReminderPolicy
from bot.core.status import KIND_LABELS, STAGE_LABELS, RegionIndex, RegistryOverview
from bot.storage.console_repos import SqlRegistryQueries
from bot.storage.database import Database

T = TypeVar("T")

LANGUAGE_COOKIE = "sisterbot_console_lang"
PAGE_SIZE = 50
WIB = ZoneInfo("Asia/Jakarta")


@dataclass(slots=True, kw_only=True)
class Console:
    """The console's services, built once by :func:`bot.admin.build_console`."""

    admins: frozenset[str]
    database: Database
    regions: RegionIndex
    policy: ReminderPolicy
    clock: Clock
    links: ConsoleLinks
    sessions: SessionCodec
    audit: AuditLog
    registry: SqlRegistryQueries
    secure_cookies: bool
    limiter: AttemptLimiter = field(default_factory=AttemptLimiter)
    # the last overview and what it was computed from (day, registry fingerprint): with
    # 10,000 agreements computing it takes most of a second, re-checking it one query
    overview_cache: dict[object, RegistryOverview] = field(default_factory=dict)
    templates: Environment = field(
        default_factory=lambda: Environment(
            loader=PackageLoader("bot.admin", "templates"),
            autoescape=select_autoescape(default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )

    def today(self) -> date:
        """Today in Indonesia (WIB), for due dates on the console's pages."""
        return self.clock.now().astimezone(WIB).date()

    def region_name(self, code: str) -> str:
        """``35.78`` -> ``Kota Surabaya`` (the code itself when unknown)."""
        region = self.regions.get(code)
        return region.display_name if region else code

    def record(self, request: Request, **fields: Any) -> AuditEntry:
        """Write an audit entry for the signed-in admin."""
        return self.audit.record(
            AuditEntry(at=self.clock.now(), actor=session_of(request).admin, **fields)
        )


def agreement_record(agreement: Agreement | None) -> str | None:
    """An agreement as the audit log keeps it: its id and its import-format cells."""
    if agreement is None:
        return None
    cells = dict(zip(COLUMNS, agreement_cells(agreement), strict=False))
    return json.dumps({"id": agreement.id, **cells}, ensure_ascii=False, sort_keys=True)


def language_of(request: Request) -> Language:
    """The console's language: the switch's cookie, else Indonesian."""
    return "en" if request.cookies.get(LANGUAGE_COOKIE) == "en" else "id"


def session_of(request: Request) -> Session:
    """The signed-in session (set by :func:`page`)."""
    session = request.state.session
    assert isinstance(session, Session)
    return session


def render(
    console: Console,
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> HTMLResponse:
    """A page in the request's language, with the session's CSRF token for its forms."""
    language = language_of(request)
    session = getattr(request.state, "session", None)

    def t(key: str, **values: Any) -> str:
        return text(key, language, **values)

    def stage_label(value: str) -> str:
        # stages without a label yet are shown by their import value
        labels = next((v for k, v in STAGE_LABELS.items() if k.value == value), None)
        return labels(language) if labels else value

    def kind_label(value: str) -> str:
        labels = next((v for k, v in KIND_LABELS.items() if k.value == value), None)
        return labels(language) if labels else value

    def url_with(**changes: Any) -> str:
        params = {k: v for k, v in request.query_params.items() if k not in changes}
        params.update({k: str(v) for k, v in changes.items() if v not in (None, "")})
        return "?" + urlencode(params) if params else "?"

    html = console.templates.get_template(template).render(
        t=t,
        lang=language,
        session=session,
        csrf=session.csrf if isinstance(session, Session) else "",
        path=request.url.path,
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        url_with=url_with,
        stage_label=stage_label,
        kind_label=kind_label,
        flash=request.query_params.get("ok", ""),
        region_name=console.region_name,
        **(context or {}),
    )
    return HTMLResponse(html, status_code=status)


def refuse(console: Console, request: Request, key: str, status: int) -> HTMLResponse:
    """A one-line refusal page (sign-in help under it when there is no session)."""
    return render(console, request, "refused.html", {"message_key": key}, status=status)


Handler = Callable[[Console, Request], Awaitable[Response]]


def page(console: Console, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """``handler`` for signed-in admins only; a POST also needs the session's CSRF token."""

    async def endpoint(request: Request) -> Response:
        session = console.sessions.decode(request.cookies.get(SESSION_COOKIE), console.clock.now())
        if session is None:
            return refuse(console, request, "sign_in_help", 401)
        request.state.session = session
        if session.admin not in console.admins:
            return refuse(console, request, "not_admin", 403)
        try:
            if request.method == "POST":
                form = await form_of(request)
                if not _csrf_ok(session, form.get("csrf")):
                    return refuse(console, request, "csrf", 403)
            return await handler(console, request)
        finally:
            await close_form(request)

    return endpoint


async def close_form(request: Request) -> None:
    """Close the uploads of a form read by :func:`form_of` (their temporary files)."""
    form = getattr(request.state, "form", None)
    if isinstance(form, FormData):
        await form.close()


async def form_of(request: Request) -> FormData:
    """The request's form, read once (uploads up to 5 MB)."""
    cached = getattr(request.state, "form", None)
    if isinstance(cached, FormData):
        return cached
    form = await request.form(max_files=1, max_fields=200, max_part_size=5 * 1024 * 1024)
    request.state.form = form
    return form


def redirect(url: str) -> RedirectResponse:
    """See other (303): after a POST, the browser GETs the result."""
    return RedirectResponse(url, status_code=303)


async def in_thread(work: Callable[[], T]) -> T:
    """Run blocking database work off the event loop."""
    return await asyncio.to_thread(work)


def client_key(request: Request) -> str:
    """Who is attempting to sign in, for the rate limit."""
    return request.client.host if request.client else "?"


def monotonic() -> float:
    """Seconds for the rate limiter (a clock that never goes back)."""
    return time.monotonic()
