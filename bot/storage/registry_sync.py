"""Applying a release's shipped registry (``knowledge/agreements.csv``) to a database.

On ``sisterbot db upgrade`` and on start, the composition root reads and validates the
shipped file and hands the agreements here. New pairs are added and corrections applied,
except to rows a curator changed (``curated_at``) or deleted since: those are kept as the
curator left them and listed as conflicts, with what the release wanted recorded in
``shipped_agreements`` so that it can be seen (and adopted) later.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.models import (
    Agreement,
    AgreementKind,
    AgreementStage,
    PartialDate,
    RegistryConflict,
    RegistrySync,
)
from bot.storage.base import utcnow
from bot.storage.repositories import agreement_from_row, rows_by_key, write_agreement
from bot.storage.tables import AgreementRow, SeedRow, ShippedAgreementRow

SEED_NAME = "agreements"
APPLIED = "applied"
CONFLICT = "conflict"


def agreement_to_json(agreement: Agreement) -> str:
    """A stored-independent JSON form of an agreement (no id), stable for comparison."""

    def partial(value: PartialDate | None) -> str | None:
        return value.isoformat() if value else None

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return json.dumps(
        {
            "region_code": agreement.region_code,
            "partner": agreement.partner,
            "country": agreement.country,
            "kind": agreement.kind.value,
            "stage": agreement.stage.value,
            "loi_date": partial(agreement.loi_date),
            "mou_date": partial(agreement.mou_date),
            "valid_until": partial(agreement.valid_until),
            "last_report_date": partial(agreement.last_report_date),
            "next_report_due": day(agreement.next_report_due),
            "next_review_due": day(agreement.next_review_due),
            "notes": agreement.notes,
            "source": agreement.source,
            "as_of": partial(agreement.as_of),
            "verified": agreement.verified,
            "formal": agreement.formal,
            "dprd_received": day(agreement.dprd_received),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def agreement_from_json(text: str) -> Agreement:
    """The agreement :func:`agreement_to_json` wrote."""
    data = json.loads(text)

    def partial(value: str | None) -> PartialDate | None:
        return PartialDate.parse(value) if value else None

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return Agreement(
        region_code=data["region_code"],
        partner=data["partner"],
        country=data["country"],
        kind=AgreementKind(data["kind"]),
        stage=AgreementStage(data["stage"]),
        loi_date=partial(data["loi_date"]),
        mou_date=partial(data["mou_date"]),
        valid_until=partial(data["valid_until"]),
        last_report_date=partial(data["last_report_date"]),
        next_report_due=day(data["next_report_due"]),
        next_review_due=day(data["next_review_due"]),
        notes=data["notes"],
        source=data["source"],
        as_of=partial(data["as_of"]),
        verified=data["verified"],
        formal=data["formal"],
        dprd_received=day(data["dprd_received"]),
    )


def registry_digest(shipped: Sequence[Agreement]) -> str:
    """A fingerprint of a release's registry (order and ids aside)."""
    texts = sorted(agreement_to_json(a) for a in shipped)
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()


def sync_registry(session: Session, shipped: Sequence[Agreement]) -> RegistrySync:
    """Apply the shipped agreements inside ``session``'s transaction (see the module)."""
    wanted_by_key: dict[tuple[str, str], Agreement] = {}
    for agreement in shipped:
        wanted_by_key[agreement.key] = agreement
    digest = registry_digest(list(wanted_by_key.values()))
    seed = session.get(SeedRow, SEED_NAME)
    if seed is not None and seed.digest == digest:
        # The release applied last time: nothing to add or correct, only report.
        kept = conflicts(session)
        deleted = session.scalar(
            select(func.count())
            .select_from(ShippedAgreementRow)
            .outerjoin(
                AgreementRow,
                (AgreementRow.region_code == ShippedAgreementRow.region_code)
                & (AgreementRow.partner_key == ShippedAgreementRow.partner_key),
            )
            .where(AgreementRow.id.is_(None), ShippedAgreementRow.state == APPLIED)
        )
        unchanged = len(wanted_by_key) - len(kept) - (deleted or 0)
        return RegistrySync(unchanged=unchanged, conflicts=tuple(kept))
    rows = rows_by_key(session, [code for code, _ in wanted_by_key])
    records = {
        (r.region_code, r.partner_key): r for r in session.scalars(select(ShippedAgreementRow))
    }
    added = updated = unchanged = 0
    for key, wanted in wanted_by_key.items():
        row, record = rows.get(key), records.get(key)
        wanted_json = agreement_to_json(wanted)
        released_before = record is not None and record.wanted == wanted_json
        if row is None and record is None:
            row = AgreementRow()
            write_agreement(row, wanted, curated=False)
            session.add(row)
            added += 1
            state = APPLIED
        elif row is None:
            # Shipped before and deleted by a curator since: the deletion stands.
            state = record.state if released_before and record is not None else CONFLICT
        elif agreement_from_row(row).same_facts(wanted):
            unchanged += 1
            state = APPLIED
        elif row.curated_at is None:
            write_agreement(row, wanted, curated=False)
            updated += 1
            state = APPLIED
        else:
            # A curator changed it. Only a release that says something new is a conflict.
            state = record.state if released_before and record is not None else CONFLICT
            unchanged += state == APPLIED
        if record is None:
            record = ShippedAgreementRow(region_code=key[0], partner_key=key[1])
            session.add(record)
        record.wanted = wanted_json
        record.state = state
        record.recorded_at = utcnow()
    if seed is None:
        seed = SeedRow(name=SEED_NAME)
        session.add(seed)
    seed.applied_at, seed.rows, seed.digest = utcnow(), len(wanted_by_key), digest
    session.flush()
    return RegistrySync(
        added=added, updated=updated, unchanged=unchanged, conflicts=tuple(conflicts(session))
    )


def conflicts(session: Session) -> list[RegistryConflict]:
    """Rows kept as a curator left them although the release wants them otherwise.

    A conflict resolves itself when the row comes to say what the release wants.
    """
    records = session.scalars(
        select(ShippedAgreementRow)
        .where(ShippedAgreementRow.state == CONFLICT)
        .order_by(ShippedAgreementRow.region_code, ShippedAgreementRow.partner_key)
    ).all()
    rows = rows_by_key(session, [r.region_code for r in records])
    found: list[RegistryConflict] = []
    for record in records:
        wanted = agreement_from_json(record.wanted)
        row = rows.get((record.region_code, record.partner_key))
        stored = agreement_from_row(row) if row is not None else None
        if stored is not None and stored.same_facts(wanted):
            record.state = APPLIED
            continue
        curated_at = row.curated_at if row is not None else None
        found.append(RegistryConflict(stored=stored, wanted=wanted, curated_at=curated_at))
    return found
