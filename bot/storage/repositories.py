"""SQLAlchemy implementations of the core's ports: agreements, users, curator log.

Each method is one short transaction through :func:`~bot.storage.retry.run_in_transaction`,
so the repositories are safe to share between worker threads (a session per call) and
survive a database that goes away for a moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from bot.core.models import (
    Agreement,
    AgreementKind,
    AgreementStage,
    Feedback,
    KnowledgeGap,
    Language,
    PartialDate,
    UpsertResult,
    UserProfile,
    partner_key,
)
from bot.storage.base import utcnow
from bot.storage.retry import run_in_transaction
from bot.storage.tables import AgreementRow, FeedbackRow, KnowledgeGapRow, UserRow

_CHUNK = 500  # rows per IN (...) query: well under SQLite's bound-parameter limit


def _partial(text: str | None) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def _text(value: PartialDate | None) -> str | None:
    return value.isoformat() if value else None


def _language(value: str | None) -> Language | None:
    if value == "id":
        return "id"
    if value == "en":
        return "en"
    return None


def agreement_from_row(row: AgreementRow) -> Agreement:
    """The core's value for a stored row."""
    return Agreement(
        id=row.id,
        region_code=row.region_code,
        partner=row.partner,
        country=row.country,
        kind=AgreementKind(row.kind),
        stage=AgreementStage(row.stage),
        loi_date=_partial(row.loi_date),
        mou_date=_partial(row.mou_date),
        valid_until=_partial(row.valid_until),
        last_report_date=_partial(row.last_report_date),
        next_report_due=row.next_report_due,
        next_review_due=row.next_review_due,
        notes=row.notes or "",
        source=row.source or "",
        as_of=_partial(row.as_of),
        verified=row.verified,
        formal=row.formal,
        dprd_received=row.dprd_received,
    )


def _fill(row: AgreementRow, agreement: Agreement) -> None:
    row.region_code = agreement.region_code
    row.partner = " ".join(agreement.partner.split())
    row.partner_key = partner_key(agreement.partner)
    row.country = agreement.country
    row.kind = agreement.kind.value
    row.stage = agreement.stage.value
    row.loi_date = _text(agreement.loi_date)
    row.mou_date = _text(agreement.mou_date)
    row.valid_until = _text(agreement.valid_until)
    row.last_report_date = _text(agreement.last_report_date)
    row.next_report_due = agreement.next_report_due
    row.next_review_due = agreement.next_review_due
    row.notes = agreement.notes
    row.source = agreement.source
    row.as_of = _text(agreement.as_of)
    row.verified = agreement.verified
    row.formal = agreement.formal
    row.dprd_received = agreement.dprd_received


def write_agreement(row: AgreementRow, agreement: Agreement, *, curated: bool) -> bool:
    """Fill ``row`` with ``agreement``; False (and nothing touched) when it already says so.

    A curator's write stamps ``curated_at``, so later releases of the shipped registry
    leave the row alone.
    """
    if row.id is not None and agreement_from_row(row).same_facts(agreement):
        return False
    _fill(row, agreement)
    if curated:
        row.curated_at = utcnow()
    return True


def rows_by_key(
    session: Session, region_codes: Sequence[str]
) -> dict[tuple[str, str], AgreementRow]:
    """The stored rows of these regions, by (region, partner key)."""
    existing: dict[tuple[str, str], AgreementRow] = {}
    regions = sorted(set(region_codes))
    for start in range(0, len(regions), _CHUNK):
        chunk = regions[start : start + _CHUNK]
        for row in session.scalars(select(AgreementRow).where(AgreementRow.region_code.in_(chunk))):
            existing[(row.region_code, row.partner_key)] = row
    return existing


def upsert_agreements(
    session: Session, agreements: Sequence[Agreement], *, curated: bool = True
) -> UpsertResult:
    """Insert or update by (region, partner) inside ``session``'s transaction.

    Rows repeated within ``agreements`` count once: the last one wins. Rows that already
    say the same are not written (and count as unchanged).
    """
    latest: dict[tuple[str, str], Agreement] = {}
    for agreement in agreements:
        latest[agreement.key] = agreement
    existing = rows_by_key(session, [code for code, _ in latest])
    inserted = updated = unchanged = 0
    for key, agreement in latest.items():
        found = existing.get(key)
        if found is None:
            row = AgreementRow()
            write_agreement(row, agreement, curated=curated)
            session.add(row)
            inserted += 1
        elif write_agreement(found, agreement, curated=curated):
            updated += 1
        else:
            unchanged += 1
    session.flush()
    return UpsertResult(inserted=inserted, updated=updated, unchanged=unchanged)


class SqlAgreements:
    """Agreements in the ``agreements`` table."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def for_region(self, region_code: str) -> list[Agreement]:
        """The region's agreements, oldest first."""

        def work(session: Session) -> list[Agreement]:
            query = (
                select(AgreementRow)
                .where(AgreementRow.region_code == region_code)
                .order_by(AgreementRow.id)
            )
            return [agreement_from_row(r) for r in session.scalars(query)]

        return run_in_transaction(self._sessions, work)

    def find_by_partner(self, text: str) -> list[Agreement]:
        """Agreements whose partner name contains ``text`` (case-insensitive)."""
        needle = partner_key(text)
        if not needle:
            return []

        def work(session: Session) -> list[Agreement]:
            query = (
                select(AgreementRow)
                .where(AgreementRow.partner_key.contains(needle, autoescape=True))
                .order_by(AgreementRow.id)
            )
            return [agreement_from_row(r) for r in session.scalars(query)]

        return run_in_transaction(self._sessions, work)

    def get(self, agreement_id: int) -> Agreement | None:
        """One agreement by id."""

        def work(session: Session) -> Agreement | None:
            row = session.get(AgreementRow, agreement_id)
            return agreement_from_row(row) if row else None

        return run_in_transaction(self._sessions, work)

    def all(self) -> list[Agreement]:
        """Every agreement, oldest first."""

        def work(session: Session) -> list[Agreement]:
            query = select(AgreementRow).order_by(AgreementRow.id)
            return [agreement_from_row(r) for r in session.scalars(query)]

        return run_in_transaction(self._sessions, work)

    def upsert_many(self, agreements: Sequence[Agreement], *, curated: bool = True) -> UpsertResult:
        """Insert or update (same region and partner) in one transaction; all or nothing.

        Identical rows are left alone (unchanged); rows written are marked as curated
        unless ``curated`` is False.
        """
        return run_in_transaction(
            self._sessions, lambda s: upsert_agreements(s, agreements, curated=curated)
        )

    def save(self, agreement: Agreement, *, curated: bool = True) -> Agreement:
        """Update one stored agreement (``id`` set); KeyError when there is no such row.

        Saving what is already stored writes nothing (and does not mark the row curated).
        """
        if agreement.id is None:
            raise KeyError("agreement has no id")

        def work(session: Session) -> Agreement:
            row = session.get(AgreementRow, agreement.id)
            if row is None:
                raise KeyError(agreement.id)
            write_agreement(row, agreement, curated=curated)
            session.flush()
            return agreement_from_row(row)

        return run_in_transaction(self._sessions, work)

    def delete(self, agreement_id: int) -> bool:
        """Delete one agreement; False when there was none with that id.

        Its reminder deliveries go with it (the outbox's foreign key cascades): nothing is
        sent about an agreement that no longer exists.
        """

        def work(session: Session) -> bool:
            row = session.get(AgreementRow, agreement_id)
            if row is None:
                return False
            session.delete(row)
            session.flush()
            return True

        return run_in_transaction(self._sessions, work)

    def curated_at(self, agreement_id: int) -> datetime | None:
        """When a curator last changed the agreement (None: as the shipped registry has it)."""

        def work(session: Session) -> datetime | None:
            row = session.get(AgreementRow, agreement_id)
            return row.curated_at if row else None

        return run_in_transaction(self._sessions, work)


class SqlUsers:
    """User profiles in the ``users`` table."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, channel: str, user_id: str) -> UserProfile | None:
        """The profile, or None for a user never seen."""

        def work(session: Session) -> UserProfile | None:
            row = session.get(UserRow, (channel, user_id))
            if row is None:
                return None
            return UserProfile(
                channel=row.channel,  # type: ignore[arg-type]
                user_id=row.user_id,
                language=_language(row.language),
                last_inbound_at=row.last_inbound_at,
            )

        return run_in_transaction(self._sessions, work)

    def set_language(self, channel: str, user_id: str, language: Language) -> None:
        """Remember the user's chosen language."""

        run_in_transaction(
            self._sessions,
            lambda session: _upsert_user(session, channel, user_id, language=language),
        )

    def touch(self, channel: str, user_id: str, at: datetime) -> UserProfile:
        """Record that the user wrote at ``at``; return the profile (one round trip)."""

        def work(session: Session) -> UserProfile:
            language = _upsert_user(session, channel, user_id, last_inbound_at=at)
            return UserProfile(
                channel=channel,  # type: ignore[arg-type]
                user_id=user_id,
                language=_language(language),
                last_inbound_at=at,
            )

        return run_in_transaction(self._sessions, work)


def _upsert_user(session: Session, channel: str, user_id: str, **values: object) -> str | None:
    """One INSERT ... ON CONFLICT DO UPDATE statement.

    A read-then-write transaction on SQLite starts as a reader and fails to upgrade to a
    writer under concurrency (busy_timeout cannot help then); a single upsert statement
    is a writer from the start, and on PostgreSQL it needs no retry on a race either.
    Returns the user's stored language.
    """
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    statement = insert(UserRow).values(channel=channel, user_id=user_id, **values)
    upsert = statement.on_conflict_do_update(index_elements=["channel", "user_id"], set_=values)
    # RETURNING the stored language saves the dialogue a second query per message.
    language: str | None = session.execute(upsert.returning(UserRow.language)).scalar_one()
    return language


class SqlCuratorLog:
    """Feedback and knowledge gaps, for the curators."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record_feedback(self, feedback: Feedback) -> None:
        """Store a thumbs up or down."""
        row = FeedbackRow(
            channel=feedback.channel,
            user_id=feedback.user_id,
            entry_id=feedback.entry_id,
            helpful=feedback.helpful,
            query=feedback.query,
            created_at=utcnow(),
        )
        run_in_transaction(self._sessions, lambda s: s.add(row), idempotent=False)

    def record_gap(self, gap: KnowledgeGap) -> None:
        """Store an unanswered question."""

        def work(session: Session) -> None:
            session.add(
                KnowledgeGapRow(
                    channel=gap.channel,
                    user_id=gap.user_id,
                    query=gap.query,
                    best_entry_id=gap.best_entry_id,
                    best_score=gap.best_score,
                    asked_at=gap.asked_at or utcnow(),
                )
            )

        run_in_transaction(self._sessions, work, idempotent=False)

    def feedback(self) -> list[Feedback]:
        """Every feedback, oldest first (for curators' reports and tests)."""

        def work(session: Session) -> list[Feedback]:
            rows = session.scalars(select(FeedbackRow).order_by(FeedbackRow.id))
            return [
                Feedback(
                    channel=r.channel,  # type: ignore[arg-type]
                    user_id=r.user_id,
                    entry_id=r.entry_id,
                    helpful=r.helpful,
                    query=r.query,
                )
                for r in rows
            ]

        return run_in_transaction(self._sessions, work)

    def gaps(self) -> list[KnowledgeGap]:
        """Every unanswered question, oldest first."""

        def work(session: Session) -> list[KnowledgeGap]:
            rows = session.scalars(select(KnowledgeGapRow).order_by(KnowledgeGapRow.id))
            return [
                KnowledgeGap(
                    channel=r.channel,  # type: ignore[arg-type]
                    user_id=r.user_id,
                    query=r.query,
                    best_entry_id=r.best_entry_id,
                    best_score=r.best_score,
                    asked_at=r.asked_at,
                )
                for r in rows
            ]

        return run_in_transaction(self._sessions, work)
