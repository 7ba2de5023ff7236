"""Deleting an agreement (after a confirmation page) and undoing a recorded change.

An undo is itself a change: it is validated like an import row, written through the
agreement repository and recorded in the audit log, so it can be undone in turn.
"""

from __future__ import annotations

import dataclasses
import json

from starlette.requests import Request
from starlette.responses import Response

from bot.admin._base import Console, agreement_record, in_thread, redirect, refuse, render
from bot.admin._registry_data import validate_cells
from bot.agreement_files.formats import COLUMNS
from bot.core.console import AuditEntry
from bot.core.models import Agreement, partner_key
from bot.core.numbers import whole_number


def _agreement_id(request: Request) -> int | None:
    return whole_number(str(request.path_params.get("agreement_id", "")), 12)


async def confirm_delete(console: Console, request: Request) -> Response:
    """``/admin/agreements/<id>/delete``: are you sure?"""
    agreement_id = _agreement_id(request)
    agreement = await in_thread(lambda: console.database.agreements.get(agreement_id or 0))
    if agreement is None:
        return refuse(console, request, "not_found", 404)
    return render(console, request, "delete.html", {"agreement": agreement})


async def delete(console: Console, request: Request) -> Response:
    """POST ``/admin/agreements/<id>/delete``: delete and record what it was."""
    agreement_id = _agreement_id(request)

    def work() -> bool:
        before = console.database.agreements.get(agreement_id or 0)
        if before is None or not console.database.agreements.delete(before.id or 0):
            return False
        console.record(
            request,
            action="delete",
            entity="agreement",
            entity_id=str(agreement_id),
            summary=f"{before.region_code} {before.partner}",
            before=agreement_record(before),
            after=None,
        )
        return True

    if not await in_thread(work):
        return refuse(console, request, "not_found", 404)
    return redirect("/admin/agreements?ok=deleted")


def _undo(console: Console, request: Request, entry: AuditEntry) -> int | None:
    repository = console.database.agreements

    def parse(record: str) -> tuple[int, Agreement | None]:
        data = json.loads(record)
        agreement_id = int(data.pop("id"))
        cells = {c: "" if data.get(c) is None else str(data.get(c)) for c in COLUMNS}
        parsed = validate_cells(cells, console.regions)
        return agreement_id, parsed if isinstance(parsed, Agreement) else None

    if entry.after is None and entry.before is not None:  # a deletion: put it back
        _, agreement = parse(entry.before)
        if agreement is None:
            return None
        repository.upsert_many([agreement])
        key = (agreement.region_code, partner_key(agreement.partner))
        current = console.registry.by_keys([key]).get(key)
        if current is None:
            return None
        _record_undo(console, request, entry, None, current)
        return current.id
    if entry.after is None:
        return None
    agreement_id, _ = parse(entry.after)
    current = repository.get(agreement_id)
    if current is None:
        return None
    if entry.before is None:  # a creation: take it away again
        repository.delete(agreement_id)
        _record_undo(console, request, entry, current, None)
        return 0
    _, agreement = parse(entry.before)
    if agreement is None:
        return None
    restored = repository.save(dataclasses.replace(agreement, id=agreement_id))
    _record_undo(console, request, entry, current, restored)
    return agreement_id


def _record_undo(
    console: Console,
    request: Request,
    entry: AuditEntry,
    before: Agreement | None,
    after: Agreement | None,
) -> None:
    shown = after or before
    assert shown is not None
    console.record(
        request,
        action="undo",
        entity="agreement",
        entity_id=str(shown.id),
        summary=f"undo #{entry.id}: {shown.region_code} {shown.partner}",
        before=agreement_record(before),
        after=agreement_record(after),
    )


async def undo(console: Console, request: Request) -> Response:
    """POST ``/admin/audit/<id>/undo``: put an agreement back as it was before a change."""
    entry_id = whole_number(str(request.path_params.get("entry_id", "")), 12)

    def work() -> int | None:
        entry = console.audit.get(entry_id) if entry_id is not None else None
        if entry is None or entry.entity != "agreement":
            return None
        return _undo(console, request, entry)

    agreement_id = await in_thread(work)
    if agreement_id is None:
        return refuse(console, request, "cannot_undo", 409)
    if agreement_id == 0:
        return redirect("/admin/agreements?ok=undone")
    return redirect(f"/admin/agreements/{agreement_id}?ok=undone")
