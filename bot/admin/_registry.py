"""The registry pages: list and search, one agreement (status card, edit form, history),
add, import with a preview, export of the current filter. Deleting and undoing are in
:mod:`bot.admin._changes`.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from bot.admin._base import (
    PAGE_SIZE,
    Console,
    agreement_record,
    form_of,
    in_thread,
    language_of,
    redirect,
    refuse,
    render,
)
from bot.admin._registry_data import (
    canonical_csv,
    cells_of,
    find,
    form_cells,
    parse_text,
    plan_import,
    read_query,
    table_rows,
    validate_cells,
)
from bot.agreement_files.formats import COLUMNS, RowError
from bot.agreement_files.rows import export_agreements
from bot.core.console import AuditFilter
from bot.core.models import Agreement, AgreementStage, Language, partner_key
from bot.core.numbers import whole_number
from bot.core.status import agreement_card, card_label

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _agreement_id(request: Request) -> int | None:
    return whole_number(str(request.path_params.get("agreement_id", "")), 12)


async def registry(console: Console, request: Request) -> Response:
    """``/admin/agreements``: search, filters, one page of the table."""
    query = read_query(request.query_params)
    today = console.today()

    def work() -> tuple[list[object], int, list[str]]:
        found, total = find(
            console.registry,
            console.regions,
            query,
            policy=console.policy,
            today=today,
            page_size=PAGE_SIZE,
        )
        rows = table_rows(found, console.regions, console.policy, today)
        return list(rows), total, console.registry.countries()

    rows, total, countries = await in_thread(work)
    pages = max(1, -(-total // PAGE_SIZE))
    return render(
        console,
        request,
        "registry.html",
        {
            "query": query,
            "rows": rows,
            "total": total,
            "pages": pages,
            "countries": countries,
            "provinces": console.regions.provinces(),
            "stages": [s.value for s in AgreementStage],
        },
    )


async def export(console: Console, request: Request) -> Response:
    """``/admin/agreements/export?format=csv|xlsx&...``: the current filter as a file."""
    query = read_query(request.query_params)
    xlsx = request.query_params.get("format") == "xlsx"
    suffix = ".xlsx" if xlsx else ".csv"

    def work() -> bytes:
        found, _ = find(
            console.registry,
            console.regions,
            query,
            policy=console.policy,
            today=console.today(),
            page_size=None,
        )
        with tempfile.TemporaryDirectory(prefix="sisterbot-export-") as folder:
            path = Path(folder) / f"agreements{suffix}"
            export_agreements(path, found)
            return path.read_bytes()

    content = await in_thread(work)
    media = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if xlsx
        else "text/csv; charset=utf-8"
    )
    headers = {"Content-Disposition": f'attachment; filename="agreements{suffix}"'}
    return Response(content, media_type=media, headers=headers)


def _card(console: Console, agreement: Agreement, language: Language) -> str:
    """The status card the bot would send for this agreement."""
    region = console.regions.get(agreement.region_code)
    today = console.today()
    card, uses_policy = agreement_card(
        agreement,
        region_name=region.display_name if region else agreement.region_code,
        policy=console.policy,
        today=today,
        language=language,
    )
    return card + ("\n\n" + card_label("policy_note", language) if uses_policy else "")


async def show(console: Console, request: Request) -> Response:
    """``/admin/agreements/<id>``: the status card, the edit form and the history."""
    agreement_id = _agreement_id(request)
    agreement = await in_thread(lambda: console.database.agreements.get(agreement_id or 0))
    if agreement is None or agreement_id is None:
        return refuse(console, request, "not_found", 404)
    return await _agreement_page(console, request, agreement, cells_of(agreement), [])


async def _agreement_page(
    console: Console,
    request: Request,
    agreement: Agreement,
    cells: dict[str, str],
    errors: list[RowError],
    *,
    status: int = 200,
) -> Response:
    where = AuditFilter(entity="agreement", entity_id=str(agreement.id))
    history = await in_thread(lambda: console.audit.entries(where, limit=20))
    return render(
        console,
        request,
        "agreement.html",
        {
            "agreement": agreement,
            "card": _card(console, agreement, language_of(request)),
            "cells": cells,
            "columns": COLUMNS,
            "errors": errors,
            "history": history,
        },
        status=status,
    )


async def update(console: Console, request: Request) -> Response:
    """POST ``/admin/agreements/<id>``: validate as an import row, save, audit."""
    agreement_id = _agreement_id(request)
    before = await in_thread(lambda: console.database.agreements.get(agreement_id or 0))
    if before is None or agreement_id is None:
        return refuse(console, request, "not_found", 404)
    cells = form_cells(await form_of(request))
    parsed = await in_thread(lambda: validate_cells(cells, console.regions))
    if isinstance(parsed, list):
        return await _agreement_page(console, request, before, cells, parsed, status=400)
    after = dataclasses.replace(parsed, id=agreement_id)
    key = (after.region_code, partner_key(after.partner))
    other = await in_thread(lambda: console.registry.by_keys([key]).get(key))
    if other is not None and other.id != agreement_id:
        # checked here rather than caught from the database: SQL stays in storage
        error = RowError(
            line=0, column="partner", message=f"same region and partner as #{other.id}"
        )
        return await _agreement_page(console, request, before, cells, [error], status=409)
    saved = await in_thread(lambda: console.database.agreements.save(after))
    if cells_of(saved) != cells_of(before):
        await in_thread(
            lambda: console.record(
                request,
                action="update",
                entity="agreement",
                entity_id=str(agreement_id),
                summary=f"{saved.region_code} {saved.partner}",
                before=agreement_record(before),
                after=agreement_record(saved),
            )
        )
    return redirect(f"/admin/agreements/{agreement_id}?ok=saved")


async def new_form(console: Console, request: Request) -> Response:
    """``/admin/agreements/new``: an empty form."""
    cells = dict.fromkeys(COLUMNS, "")
    return render(console, request, "new.html", {"cells": cells, "columns": COLUMNS, "errors": []})


async def create(console: Console, request: Request) -> Response:
    """POST ``/admin/agreements/new``: validate, refuse a duplicate, store, audit."""
    cells = form_cells(await form_of(request))

    def work() -> Agreement | list[RowError] | int:
        parsed = validate_cells(cells, console.regions)
        if isinstance(parsed, list):
            return parsed
        key = (parsed.region_code, partner_key(parsed.partner))
        existing = console.registry.by_keys([key]).get(key)
        if existing is not None and existing.id is not None:
            return existing.id
        console.database.agreements.upsert_many([parsed])
        stored = console.registry.by_keys([key])[key]
        console.record(
            request,
            action="create",
            entity="agreement",
            entity_id=str(stored.id),
            summary=f"{stored.region_code} {stored.partner}",
            before=None,
            after=agreement_record(stored),
        )
        return stored

    outcome = await in_thread(work)
    if isinstance(outcome, Agreement):
        return redirect(f"/admin/agreements/{outcome.id}?ok=saved")
    errors = outcome if isinstance(outcome, list) else []
    duplicate = outcome if isinstance(outcome, int) else None
    context = {"cells": cells, "columns": COLUMNS, "errors": errors, "duplicate": duplicate}
    return render(console, request, "new.html", context, status=400)


def _choose_again(console: Console, request: Request) -> Response:
    context = {"stage": "choose", "no_file": True}
    return render(console, request, "import.html", context, status=400)


async def import_form(console: Console, request: Request) -> Response:
    """``/admin/agreements/import``: choose a file."""
    return render(console, request, "import.html", {"stage": "choose"})


async def import_preview(console: Console, request: Request) -> Response:
    """POST ``/admin/agreements/import``: validate the upload and show what it would do."""
    form = await form_of(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _choose_again(console, request)
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    suffix = ".xlsx" if upload.filename.lower().endswith((".xlsx", ".xlsm")) else ".csv"
    parsed = await in_thread(
        lambda: parse_text(content[:MAX_UPLOAD_BYTES], suffix, console.regions)
    )
    errors = [e for e in parsed if isinstance(e, RowError)]
    if len(content) > MAX_UPLOAD_BYTES:
        errors = [RowError(line=0, column=None, message="larger than 5 MB")]
    context: dict[str, object] = {"stage": "errors", "errors": errors, "filename": upload.filename}
    if errors:
        return render(console, request, "import.html", context, status=400)
    agreements = [a for a in parsed if isinstance(a, Agreement)]
    plan = await in_thread(lambda: plan_import(agreements, console.registry))
    context = {
        "stage": "preview",
        "plan": plan,
        "filename": upload.filename,
        "payload": canonical_csv(agreements),
    }
    return render(console, request, "import.html", context)


async def import_apply(console: Console, request: Request) -> Response:
    """POST ``/admin/agreements/import/apply``: validate again, write all or nothing."""
    form = await form_of(request)
    payload = form.get("payload")
    if not isinstance(payload, str) or not payload.strip():
        return _choose_again(console, request)

    def work() -> tuple[int, int, int] | list[RowError]:
        parsed = parse_text(payload.encode(), ".csv", console.regions)
        errors = [e for e in parsed if isinstance(e, RowError)]
        if errors:
            return errors
        agreements = [a for a in parsed if isinstance(a, Agreement)]
        plan = plan_import(agreements, console.registry)
        console.database.agreements.upsert_many([c.agreement for c in (*plan.added, *plan.changed)])
        keys = [(c.agreement.region_code, partner_key(c.agreement.partner)) for c in plan.added]
        stored = console.registry.by_keys(keys)
        for change in plan.added:
            key = (change.agreement.region_code, partner_key(change.agreement.partner))
            after = stored.get(key)
            console.record(
                request,
                action="import",
                entity="agreement",
                entity_id=str(after.id if after else ""),
                summary=f"{change.agreement.region_code} {change.agreement.partner}",
                before=None,
                after=agreement_record(after),
            )
        for change in plan.changed:
            console.record(
                request,
                action="import",
                entity="agreement",
                entity_id=str(change.agreement.id),
                summary=f"{change.agreement.region_code} {change.agreement.partner}: "
                + ", ".join(change.changed_columns),
                before=agreement_record(change.before),
                after=agreement_record(change.agreement),
            )
        return len(plan.added), len(plan.changed), len(plan.unchanged)

    outcome = await in_thread(work)
    if isinstance(outcome, list):
        context = {"stage": "errors", "errors": outcome}
        return render(console, request, "import.html", context, status=400)
    added, changed, unchanged = outcome
    return render(
        console,
        request,
        "import.html",
        {"stage": "done", "added": added, "changed": changed, "unchanged": unchanged},
    )
