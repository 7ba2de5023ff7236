"""The console's other pages: sign in and out, the language switch, the overview (with
its chart), officers and subscriptions, failed deliveries, knowledge gaps and feedback,
and the audit log.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from starlette.requests import Request
from starlette.responses import Response

from bot.admin._auth import SESSION_COOKIE, SESSION_HOURS
from bot.admin._base import (
    LANGUAGE_COOKIE,
    PAGE_SIZE,
    Console,
    client_key,
    form_of,
    in_thread,
    language_of,
    monotonic,
    redirect,
    refuse,
    render,
)
from bot.admin._chart import bar_chart
from bot.core.answers import feedback_report, gap_report
from bot.core.console import AuditFilter
from bot.core.models import OfficerStatus
from bot.core.numbers import whole_number
from bot.core.reminders import FailureLines
from bot.core.status import RegistryOverview, registry_overview

SHOWN_DUE_ITEMS = 50
AUDIT_EXPORT_LIMIT = 100_000


# --- sign in and out --------------------------------------------------------------------


async def sign_in_page(console: Console, request: Request) -> Response:
    """GET ``/admin/masuk?t=...``: a button that signs in (link previews use no token)."""
    token = request.query_params.get("t", "")[:200]
    return render(console, request, "sign_in.html", {"token": token})


async def sign_in(console: Console, request: Request) -> Response:
    """POST ``/admin/masuk``: redeem the one-time token, set the session cookie."""
    if not console.limiter.allow(client_key(request), monotonic()):
        return refuse(console, request, "too_many", 429)
    form = await form_of(request)
    token = form.get("t")
    now = console.clock.now()
    admin = await in_thread(
        lambda: console.links.redeem(token if isinstance(token, str) else "", now)
    )
    if admin is None:
        return refuse(console, request, "link_refused", 403)
    if admin not in console.admins:
        return refuse(console, request, "not_admin", 403)
    session = console.sessions.new(admin, now)
    response = redirect("/admin/")
    response.set_cookie(
        SESSION_COOKIE,
        console.sessions.encode(session),
        max_age=SESSION_HOURS * 3600,
        path="/admin",
        httponly=True,
        samesite="strict",
        secure=console.secure_cookies or request.url.scheme == "https",
    )
    return response


async def sign_out(console: Console, request: Request) -> Response:
    """POST ``/admin/keluar``: forget the session cookie."""
    response = render(console, request, "refused.html", {"message_key": "signed_out"})
    response.delete_cookie(SESSION_COOKIE, path="/admin")
    return response


async def switch_language(console: Console, request: Request) -> Response:
    """``/admin/bahasa/<id|en>?next=/admin/...``: remember the choice in a cookie."""
    language = "en" if request.path_params.get("language") == "en" else "id"
    target = request.query_params.get("next", "/admin/")
    if not target.startswith("/admin") or target.startswith("//"):
        target = "/admin/"
    response = redirect(target)
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=365 * 86400, path="/admin", samesite="strict"
    )
    return response


# --- overview ---------------------------------------------------------------------------


async def overview(console: Console, request: Request) -> Response:
    """``/admin``: counts by province and stage, what is overdue or due soon, a chart."""
    today = console.today()

    def work() -> RegistryOverview:
        key = (today, console.registry.fingerprint())
        cached = console.overview_cache.get(key)
        if cached is not None:
            return cached
        agreements = console.database.agreements.all()
        summary = registry_overview(agreements, policy=console.policy, today=today)
        console.overview_cache.clear()
        console.overview_cache[key] = summary
        return summary

    summary = await in_thread(work)
    provinces = [(console.region_name(code), count) for code, count in summary.by_province]
    # the chart's labels without "Provinsi", so that long names fit
    chart = bar_chart([(name.removeprefix("Provinsi "), n) for name, n in provinces[:15]])
    return render(
        console,
        request,
        "overview.html",
        {
            "summary": summary,
            "provinces": provinces,
            "chart": chart,
            "shown": SHOWN_DUE_ITEMS,
        },
    )


# --- officers, deliveries, knowledge ----------------------------------------------------


def _mask(chat_id: str) -> str:
    return "•••" + chat_id[-4:]


async def officers(console: Console, request: Request) -> Response:
    """``/admin/officers``: pending requests (approve / reject), subscriptions per region."""

    def work() -> tuple[list[object], list[tuple[str, str, int, list[str]]]]:
        pending = console.database.officers.pending()
        subscriptions = console.database.subscriptions.active()
        chats: dict[str, list[str]] = {}
        for sub in subscriptions:
            chats.setdefault(sub.region_code, []).append(
                f"{sub.address.channel} {_mask(sub.address.chat_id)}"
            )
        counts = Counter(sub.region_code for sub in subscriptions)
        regions = [
            (code, console.region_name(code), counts[code], chats[code]) for code in sorted(chats)
        ]
        return list(pending), regions

    pending, regions = await in_thread(work)
    return render(console, request, "officers.html", {"pending": pending, "subscriptions": regions})


async def decide_officer(console: Console, request: Request) -> Response:
    """POST ``/admin/officers/<id>/<approve|reject>``: as the /verifikasi buttons do."""
    request_id = whole_number(str(request.path_params.get("request_id", "")), 12)
    approve = request.path_params.get("decision") == "approve"
    status = OfficerStatus.APPROVED if approve else OfficerStatus.REJECTED

    def work() -> bool:
        if request_id is None:
            return False
        before = console.database.officers.get(request_id)
        decided = console.database.officers.decide(request_id, status)
        if decided is None or before is None:
            return False
        who = f"{decided.display_name or '?'} ({decided.channel}:{decided.user_id})"
        console.record(
            request,
            action="approve" if approve else "reject",
            entity="officer_request",
            entity_id=str(request_id),
            summary=f"{who} – {console.region_name(decided.region_code)}",
            before=f'{{"status": "{before.status.value}"}}',
            after=f'{{"status": "{decided.status.value}"}}',
        )
        return True

    done = await in_thread(work)
    if not done:
        return refuse(console, request, "already_decided", 409)
    return redirect(f"/admin/officers?ok={'approved' if approve else 'rejected'}")


async def deliveries(console: Console, request: Request) -> Response:
    """``/admin/deliveries``: reminders that failed, newest first (as /gagal)."""
    lines = FailureLines(agreements=console.database.agreements, regions=console.regions)
    language = language_of(request)

    def work() -> list[str]:
        failed = console.database.outbox.recent_failures(100)
        return [lines.line(delivery, language) for delivery in failed]

    failures = await in_thread(work)
    counts = await in_thread(console.database.outbox.counts)
    return render(console, request, "deliveries.html", {"failures": failures, "counts": counts})


async def knowledge(console: Console, request: Request) -> Response:
    """``/admin/knowledge``: unanswered questions and thumbs (as ``kb gaps|feedback``)."""
    gaps = await in_thread(lambda: gap_report(console.database.curator.gaps(), limit=100))
    thumbs = await in_thread(lambda: feedback_report(console.database.curator.feedback()))
    return render(console, request, "knowledge.html", {"gaps": gaps, "feedback": thumbs})


# --- audit ------------------------------------------------------------------------------


def _audit_filter(request: Request) -> AuditFilter:
    params = request.query_params
    return AuditFilter(
        actor=params.get("actor", "").strip()[:100],
        action=params.get("action", "").strip()[:32],
        entity=params.get("entity", "").strip()[:32],
        entity_id=params.get("entity_id", "").strip()[:64],
        text=" ".join(params.get("q", "").split())[:120],
    )


async def audit(console: Console, request: Request) -> Response:
    """``/admin/audit``: every change through the console, newest first, filterable."""
    where = _audit_filter(request)
    page_text = request.query_params.get("page", "1")
    page = max(1, int(page_text)) if page_text.isdigit() and len(page_text) < 7 else 1
    entries = await in_thread(
        lambda: console.audit.entries(where, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    )
    total = await in_thread(lambda: console.audit.count(where))
    return render(
        console,
        request,
        "audit.html",
        {
            "entries": entries,
            "where": where,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
        },
    )


async def audit_export(console: Console, request: Request) -> Response:
    """``/admin/audit/export``: the filtered audit log as CSV."""
    where = _audit_filter(request)
    entries = await in_thread(lambda: console.audit.entries(where, limit=AUDIT_EXPORT_LIMIT))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["id", "at", "actor", "action", "entity", "entity_id", "summary", "before", "after"]
    )
    for e in entries:
        writer.writerow(
            [e.id, e.at.isoformat(), e.actor, e.action, e.entity, e.entity_id, e.summary,
             e.before or "", e.after or ""]
        )  # fmt: skip
    headers = {"Content-Disposition": 'attachment; filename="audit.csv"'}
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
