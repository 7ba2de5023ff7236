"""The console's storage: one-time sign-in tokens, its signing key, the audit log, and
the registry queries its pages need (filtered, paginated, counted in SQL).

Agreement changes themselves go through the agreement repository (so whatever it marks
on a curator's edit is marked); this module only reads agreements.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.console import AuditEntry, AuditFilter
from bot.core.models import Agreement, partner_key
from bot.storage.console_tables import AuditRow, ConsoleSettingRow, SignInTokenRow
from bot.storage.repositories import agreement_from_row
from bot.storage.retry import run_in_transaction
from bot.storage.tables import AgreementRow

SECRET_KEY_SETTING = "session_secret_key"  # noqa: S105 - the setting's name, not a secret


class SqlSignInTokens:
    """One-time sign-in tokens, by their hash."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def store(
        self, token_hash: str, admin: str, *, created_at: datetime, expires_at: datetime
    ) -> None:
        """Keep a new token's hash; expired tokens are swept at the same time."""

        def work(session: Session) -> None:
            session.execute(delete(SignInTokenRow).where(SignInTokenRow.expires_at < created_at))
            session.add(
                SignInTokenRow(
                    token_hash=token_hash, admin=admin, created_at=created_at, expires_at=expires_at
                )
            )

        run_in_transaction(self._sessions, work, idempotent=False)

    def consume(self, token_hash: str, now: datetime) -> str | None:
        """Mark the token used and return its admin; None if unknown, used or expired.

        One conditional UPDATE: two requests racing with the same link cannot both win.
        """

        def work(session: Session) -> str | None:
            row = session.get(SignInTokenRow, token_hash)
            if row is None or row.used_at is not None or row.expires_at <= now:
                return None
            result = session.execute(
                update(SignInTokenRow)
                .where(SignInTokenRow.token_hash == token_hash, SignInTokenRow.used_at.is_(None))
                .values(used_at=now)
            )
            return row.admin if getattr(result, "rowcount", 0) == 1 else None

        return run_in_transaction(self._sessions, work, idempotent=False)


def console_secret_key(sessions: sessionmaker[Session]) -> str:
    """The session signing key kept in the database, generated the first time."""

    def read(session: Session) -> str | None:
        row = session.get(ConsoleSettingRow, SECRET_KEY_SETTING)
        return row.value if row else None

    found = run_in_transaction(sessions, read)
    if found:
        return found

    def create(session: Session) -> None:
        session.add(ConsoleSettingRow(name=SECRET_KEY_SETTING, value=secrets.token_urlsafe(48)))

    with contextlib.suppress(IntegrityError):  # another process made it first: use theirs
        run_in_transaction(sessions, create, idempotent=False)
    stored = run_in_transaction(sessions, read)
    assert stored is not None
    return stored


def _audit_entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        summary=row.summary,
        before=row.before,
        after=row.after,
    )


def _audit_conditions(where: AuditFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.actor:
        conditions.append(AuditRow.actor == where.actor)
    if where.action:
        conditions.append(AuditRow.action == where.action)
    if where.entity:
        conditions.append(AuditRow.entity == where.entity)
    if where.entity_id:
        conditions.append(AuditRow.entity_id == where.entity_id)
    if where.text:
        needle = f"%{where.text.casefold()}%"
        conditions.append(
            or_(
                func.lower(AuditRow.summary).like(needle),
                func.lower(func.coalesce(AuditRow.before, "")).like(needle),
                func.lower(func.coalesce(AuditRow.after, "")).like(needle),
            )
        )
    return conditions


class SqlAuditLog:
    """The ``audit_log`` table (:class:`~bot.core.console.AuditLog`)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(self, entry: AuditEntry) -> AuditEntry:
        """Store an entry; returns it with its id."""

        def work(session: Session) -> AuditEntry:
            row = AuditRow(
                at=entry.at,
                actor=entry.actor,
                action=entry.action,
                entity=entry.entity,
                entity_id=entry.entity_id,
                summary=entry.summary,
                before=entry.before,
                after=entry.after,
            )
            session.add(row)
            session.flush()
            return _audit_entry(row)

        return run_in_transaction(self._sessions, work, idempotent=False)

    def get(self, entry_id: int) -> AuditEntry | None:
        """One entry by id."""

        def work(session: Session) -> AuditEntry | None:
            row = session.get(AuditRow, entry_id)
            return _audit_entry(row) if row else None

        return run_in_transaction(self._sessions, work)

    def entries(self, where: AuditFilter, *, limit: int, offset: int = 0) -> list[AuditEntry]:
        """Matching entries, newest first."""

        def work(session: Session) -> list[AuditEntry]:
            query = (
                select(AuditRow)
                .where(*_audit_conditions(where))
                .order_by(AuditRow.id.desc())
                .limit(limit)
                .offset(offset)
            )
            return [_audit_entry(r) for r in session.scalars(query)]

        return run_in_transaction(self._sessions, work)

    def count(self, where: AuditFilter) -> int:
        """How many entries match."""

        def work(session: Session) -> int:
            query = select(func.count()).select_from(AuditRow).where(*_audit_conditions(where))
            return int(session.execute(query).scalar_one())

        return run_in_transaction(self._sessions, work)


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryFilter:
    """The registry page's filters, in SQL terms.

    ``text`` matches partner or country; ``text_regions`` are region codes whose names
    match it (the console resolves names with the region index). ``regions`` restricts
    to those codes (a province and its kabupaten/kota), when not None.
    """

    text: str = ""
    text_regions: tuple[str, ...] = ()
    regions: tuple[str, ...] | None = None
    country: str = ""
    stage: str = ""


def _registry_conditions(where: RegistryFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.text:
        needle = partner_key(where.text)
        matches: list[ColumnElement[bool]] = [
            AgreementRow.partner_key.contains(needle, autoescape=True),
            func.lower(AgreementRow.country).contains(needle, autoescape=True),
        ]
        if where.text_regions:
            matches.append(AgreementRow.region_code.in_(where.text_regions))
        conditions.append(or_(*matches))
    if where.regions is not None:
        conditions.append(AgreementRow.region_code.in_(where.regions))
    if where.country:
        conditions.append(func.lower(AgreementRow.country) == where.country.casefold())
    if where.stage:
        conditions.append(AgreementRow.stage == where.stage)
    return conditions


class SqlRegistryQueries:
    """Read-only queries over ``agreements`` for the console's pages."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def search(
        self, where: RegistryFilter, *, limit: int | None, offset: int = 0
    ) -> tuple[list[Agreement], int]:
        """One page of matching agreements (by region, then partner) and the total."""

        def work(session: Session) -> tuple[list[Agreement], int]:
            conditions = _registry_conditions(where)
            total = session.execute(
                select(func.count()).select_from(AgreementRow).where(*conditions)
            ).scalar_one()
            query: Any = (
                select(AgreementRow)
                .where(*conditions)
                .order_by(AgreementRow.region_code, AgreementRow.partner_key, AgreementRow.id)
                .offset(offset)
            )
            if limit is not None:
                query = query.limit(limit)
            return [agreement_from_row(r) for r in session.scalars(query)], int(total)

        return run_in_transaction(self._sessions, work)

    def fingerprint(self) -> tuple[int, int, str]:
        """Changes whenever an agreement is added, changed or deleted (count, ids, times)."""

        def work(session: Session) -> tuple[int, int, str]:
            count, top, latest = session.execute(
                select(
                    func.count(), func.max(AgreementRow.id), func.max(AgreementRow.updated_at)
                ).select_from(AgreementRow)
            ).one()
            return int(count), int(top or 0), str(latest)

        return run_in_transaction(self._sessions, work)

    def countries(self) -> list[str]:
        """Every country in the registry, sorted."""

        def work(session: Session) -> list[str]:
            rows = session.scalars(select(AgreementRow.country).distinct())
            return sorted({c for c in rows if c}, key=str.casefold)

        return run_in_transaction(self._sessions, work)

    def by_keys(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Agreement]:
        """Stored agreements by (region code, partner key), for an import's preview."""
        wanted = set(keys)
        regions = sorted({code for code, _ in wanted})

        def work(session: Session) -> dict[tuple[str, str], Agreement]:
            found: dict[tuple[str, str], Agreement] = {}
            for start in range(0, len(regions), 500):
                chunk = regions[start : start + 500]
                query = select(AgreementRow).where(AgreementRow.region_code.in_(chunk))
                for row in session.scalars(query):
                    if (row.region_code, row.partner_key) in wanted:
                        found[(row.region_code, row.partner_key)] = agreement_from_row(row)
            return found

        return run_in_transaction(self._sessions, work)
