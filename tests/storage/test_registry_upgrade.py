"""A database created by the release before the registry (schema 0004, its 33-row seed)
upgrades: the new rows come in, corrections reach untouched rows, a curator's edit and a
curator's own row are kept (the edit listed as a conflict), and no reminder is lost.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import MetaData, Table, insert, select, update

from bot.agreement_files.rows import parse_agreements
from bot.config import bundled_knowledge_dir
from bot.core.models import Agreement, AgreementStage, PartialDate, partner_key
from bot.core.status import RegionIndex
from bot.storage.database import Database

DATA = Path(__file__).resolve().parent.parent / "data" / "registry"
OLD_RELEASE = DATA / "agreements-release-2026-11.csv"  # knowledge/agreements.csv before
SEEDED_AT = datetime(2026, 11, 28, 1, 0)  # naive UTC, as the old release stored it


def old_row(agreement: Agreement, at: datetime) -> dict[str, object]:
    """An agreement as the release before wrote it (no registry columns)."""

    def partial(value: PartialDate | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "region_code": agreement.region_code,
        "partner": agreement.partner,
        "partner_key": partner_key(agreement.partner),
        "country": agreement.country,
        "kind": agreement.kind.value,
        "stage": agreement.stage.value,
        "loi_date": partial(agreement.loi_date),
        "mou_date": partial(agreement.mou_date),
        "valid_until": partial(agreement.valid_until),
        "last_report_date": partial(agreement.last_report_date),
        "next_report_due": agreement.next_report_due,
        "next_review_due": agreement.next_review_due,
        "notes": agreement.notes,
        "source": agreement.source,
        "created_at": at,
        "updated_at": at,
    }


def create_old_release_database(database: Database, regions: RegionIndex) -> None:
    """What the release before left: its seed, one edit and one import by curators, and a
    reminder waiting in the outbox."""
    database.upgrade("0004_provider_ids")
    seed = parse_agreements(OLD_RELEASE, regions)
    assert len(seed) == 33
    with database.engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection, only=["agreements", "seed_log", "reminder_outbox"])
        agreements, seed_log = tables.tables["agreements"], tables.tables["seed_log"]
        outbox: Table = tables.tables["reminder_outbox"]
        connection.execute(insert(agreements), [old_row(a, SEEDED_AT) for a in seed])
        connection.execute(
            insert(seed_log).values(
                name="agreements", applied_at=SEEDED_AT + timedelta(seconds=1), rows=33
            )
        )
        # A curator's edit (by import) a day later, and a curator's own agreement.
        edited_at = SEEDED_AT + timedelta(days=1)
        connection.execute(
            update(agreements)
            .where(agreements.c.partner == "Seattle")
            .values(stage="active", notes="Renewed 2025 (bureau records).", updated_at=edited_at)
        )
        testville = Agreement(
            region_code="51.03",
            partner="Testville",
            country="Japan",
            kind=seed[0].kind,
            stage=AgreementStage.LOI,
            source="Biro Pemerintahan Bali",
        )
        connection.execute(insert(agreements), [old_row(testville, edited_at)])
        kochi_id = connection.scalar(select(agreements.c.id).where(agreements.c.partner == "Kochi"))
        connection.execute(
            insert(outbox).values(
                agreement_id=kochi_id,
                region_code="35.78",
                kind="report",
                due=date(2026, 12, 9),
                lead_days=7,
                channel="telegram",
                chat_id="42",
                send_at=datetime(2026, 12, 2, 1, 0),
                status="pending",
                attempts=0,
                created_at=edited_at,
            )
        )


def test_an_old_release_database_gets_the_new_registry_and_keeps_curators_work(
    database_url: str,
) -> None:
    regions = RegionIndex.load(bundled_knowledge_dir() / "regions.csv")
    database = Database.connect(database_url)
    try:
        create_old_release_database(database, regions)
        database.upgrade()
        shipped = parse_agreements(bundled_knowledge_dir() / "agreements.csv", regions)
        result = database.sync_shipped_registry(shipped)
        assert result.added == len(shipped) - 33
        assert result.updated + result.unchanged + len(result.conflicts) == 33
        stored = {(a.region_code, a.partner): a for a in database.agreements.all()}
        assert len(stored) == len(shipped) + 1  # Testville stays
        # Seattle: the curator's edit stands, and what the release wanted is listed.
        seattle = stored[("35.78", "Seattle")]
        assert (seattle.stage, seattle.notes) == (
            AgreementStage.ACTIVE,
            "Renewed 2025 (bureau records).",
        )
        (conflict,) = result.conflicts
        assert conflict.stored == seattle
        assert conflict.wanted.stage is AgreementStage.UNKNOWN
        assert conflict.wanted.as_of == PartialDate(year=1992, month=9, day=29)
        assert database.registry_conflicts() == [conflict]
        # Rows nobody touched take the release's corrections.
        kochi = stored[("35.78", "Kochi")]
        assert kochi.stage is AgreementStage.ACTIVE and kochi.as_of == PartialDate(year=2019)
        assert stored[("31", "Tokyo")].kind.value == "sister_province"
        assert database.agreements.curated_at(kochi.id or 0) is None
        assert stored[("51.03", "Testville")].stage is AgreementStage.LOI
        assert not stored[("73.71", "Taipei")].formal
        # The reminder waiting for Kochi survived the table's rebuild.
        with database.engine.connect() as connection:
            outbox = Table("reminder_outbox", MetaData(), autoload_with=connection)
            assert connection.scalar(select(outbox.c.agreement_id)) == kochi.id
        # Starting again changes nothing and still lists the conflict.
        again = database.sync_shipped_registry(shipped)
        assert (again.added, again.updated, again.conflicts) == (0, 0, (conflict,))
    finally:
        database.dispose()


def test_the_seed_time_marks_what_curators_wrote_before_the_upgrade(database_url: str) -> None:
    regions = RegionIndex.load(bundled_knowledge_dir() / "regions.csv")
    database = Database.connect(database_url)
    try:
        create_old_release_database(database, regions)
        database.upgrade()
        curated = {
            a.partner
            for a in database.agreements.all()
            if database.agreements.curated_at(a.id or 0) is not None
        }
        assert curated == {"Seattle", "Testville"}
        seattle = next(a for a in database.agreements.all() if a.partner == "Seattle")
        assert database.agreements.curated_at(seattle.id or 0) == datetime(
            2026, 11, 29, 1, 0, tzinfo=UTC
        )
    finally:
        database.dispose()
