"""The SQL repositories behave like the core's ports, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.core.models import (
    Agreement,
    AgreementKind,
    AgreementStage,
    Feedback,
    KnowledgeGap,
    PartialDate,
    UpsertResult,
)
from bot.storage.database import Database, head_revisions
from tests.fakes import InMemoryAgreements


def agreement(region: str = "35.78", partner: str = "Kochi", **changes: object) -> Agreement:
    base = Agreement(
        region_code=region,
        partner=partner,
        country="Japan",
        kind=AgreementKind.SISTER_CITY,
        stage=AgreementStage.MOU,
        mou_date=PartialDate.parse("1997"),
        source="test",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_upgrade_is_repeatable(database: Database) -> None:
    database.upgrade()
    database.upgrade()
    assert (database.current_revision(),) == head_revisions()


def test_partial_dates_round_trip_in_their_given_form(database: Database) -> None:
    stored = agreement(
        loi_date=PartialDate.parse("1989"),
        mou_date=PartialDate.parse("1989-11"),
        valid_until=PartialDate.parse("2030-02-28"),
        last_report_date=None,
        next_report_due=date(2027, 1, 31),
        notes="catatan ✓ 日本",
    )
    database.agreements.upsert_many([stored])
    (loaded,) = database.agreements.all()
    assert loaded.id is not None
    assert loaded == dataclasses.replace(stored, id=loaded.id)
    assert loaded.mou_date is not None and loaded.mou_date.isoformat() == "1989-11"
    assert loaded.loi_date == PartialDate(year=1989)


def test_upsert_updates_same_region_and_partner_case_insensitively(database: Database) -> None:
    first = database.agreements.upsert_many([agreement(), agreement("35.78", "Seattle")])
    assert first == UpsertResult(inserted=2)
    changed = agreement(partner="  KOCHI ", stage=AgreementStage.ACTIVE)
    second = database.agreements.upsert_many([changed, agreement("31", "Tokyo")])
    assert second == UpsertResult(inserted=1, updated=1)
    rows = database.agreements.for_region("35.78")
    assert [(a.partner, a.stage) for a in rows] == [
        ("KOCHI", AgreementStage.ACTIVE),
        ("Seattle", AgreementStage.MOU),
    ]
    assert len(database.agreements.all()) == 3


def test_repeated_rows_in_one_batch_count_once(database: Database) -> None:
    batch = [agreement(), agreement(stage=AgreementStage.ACTIVE)]
    assert database.agreements.upsert_many(batch) == UpsertResult(inserted=1)
    assert database.agreements.all()[0].stage is AgreementStage.ACTIVE


def test_storing_the_same_rows_again_changes_nothing(database: Database) -> None:
    batch = [agreement(), agreement("31", "Tokyo"), agreement("35.78", "Seattle")]
    database.agreements.upsert_many(batch, curated=False)
    (kochi, *_) = database.agreements.all()
    assert kochi.id is not None
    again = database.agreements.upsert_many([*batch[:2], agreement("35.78", " Seattle ")])
    assert again == UpsertResult(unchanged=3)
    assert again.changed == 0
    assert database.agreements.curated_at(kochi.id) is None  # nothing written, nothing marked
    assert database.agreements.save(kochi) == kochi
    assert database.agreements.curated_at(kochi.id) is None


def test_writes_by_curators_are_marked_and_the_seed_is_not(database: Database) -> None:
    database.agreements.upsert_many([agreement(), agreement("31", "Tokyo")], curated=False)
    kochi, tokyo = database.agreements.all()
    assert kochi.id is not None and tokyo.id is not None
    database.agreements.save(dataclasses.replace(kochi, stage=AgreementStage.ACTIVE))
    database.agreements.upsert_many([agreement("31", "Tokyo", notes="checked")])
    assert database.agreements.curated_at(kochi.id) is not None
    assert database.agreements.curated_at(tokyo.id) is not None


def test_new_fields_and_stages_round_trip(database: Database) -> None:
    stored = [
        agreement(
            "35.78",
            "Kaohsiung",
            country="Taiwan",
            stage=AgreementStage.UNKNOWN,
            as_of=PartialDate.parse("2019-02"),
            verified=False,
            formal=False,
        ),
        agreement("32", "Khartoum", stage=AgreementStage.PROPOSED, as_of=PartialDate(year=2018)),
        agreement(
            "33", "Perth", stage=AgreementStage.AWAITING_DPRD, dprd_received=date(2026, 11, 2)
        ),
    ]
    database.agreements.upsert_many(stored)
    loaded = database.agreements.all()
    assert [dataclasses.replace(a, id=None) for a in loaded] == stored


def test_delete(database: Database) -> None:
    database.agreements.upsert_many([agreement(), agreement("31", "Tokyo")])
    kochi, tokyo = database.agreements.all()
    assert kochi.id is not None
    assert database.agreements.delete(kochi.id) is True
    assert database.agreements.delete(kochi.id) is False
    assert database.agreements.get(kochi.id) is None
    assert database.agreements.all() == [tokyo]
    fake = InMemoryAgreements([agreement()])
    assert fake.delete(1) is True and fake.delete(1) is False and fake.all() == []


def test_find_by_partner_is_a_case_insensitive_substring_search(database: Database) -> None:
    database.agreements.upsert_many(
        [agreement("31", "Tokyo Metropolitan"), agreement("35.78", "Kōchi"), agreement()]
    )
    assert [a.partner for a in database.agreements.find_by_partner("tokyo")] == [
        "Tokyo Metropolitan"
    ]
    assert [a.partner for a in database.agreements.find_by_partner("KŌCHI")] == ["Kōchi"]
    assert database.agreements.find_by_partner("") == []
    # LIKE wildcards are plain characters, not patterns
    assert database.agreements.find_by_partner("%") == []
    assert database.agreements.find_by_partner("_") == []
    assert database.agreements.find_by_partner("'; DROP TABLE agreements; --") == []
    assert len(database.agreements.all()) == 3


def test_matches_the_in_memory_fake(database: Database) -> None:
    batch = [agreement(), agreement("31", "Tokyo"), agreement("35.78", "Seattle")]
    fake = InMemoryAgreements(batch)
    database.agreements.upsert_many(batch)
    for region in ("35.78", "31", "99"):
        assert database.agreements.for_region(region) == fake.for_region(region)
    assert database.agreements.find_by_partner("e") == fake.find_by_partner("e")


def test_save_and_get(database: Database) -> None:
    database.agreements.upsert_many([agreement()])
    (stored,) = database.agreements.all()
    assert stored.id is not None
    saved = database.agreements.save(
        dataclasses.replace(stored, last_report_date=PartialDate.parse("2026-06"))
    )
    assert database.agreements.get(stored.id) == saved
    assert saved.last_report_date == PartialDate(year=2026, month=6)
    assert database.agreements.get(9999) is None
    with pytest.raises(KeyError):
        database.agreements.save(dataclasses.replace(stored, id=9999))


def test_upsert_is_all_or_nothing(database: Database) -> None:
    database.agreements.upsert_many([agreement()])
    bad = agreement("31", "x" * 500)  # longer than the column allows on PostgreSQL
    good = agreement("31", "Tokyo")
    if database.dialect == "sqlite":  # SQLite does not enforce lengths: force a failure
        bad = dataclasses.replace(bad, kind="not-a-kind")  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 - any database error will do
        database.agreements.upsert_many([good, bad])
    assert [a.partner for a in database.agreements.all()] == ["Kochi"]


def test_users_remember_language_and_last_message(database: Database) -> None:
    assert database.users.get("telegram", "42") is None
    wib = timezone(timedelta(hours=7))
    database.users.touch("telegram", "42", datetime(2026, 11, 28, 9, 0, tzinfo=wib))
    database.users.set_language("telegram", "42", "en")
    profile = database.users.get("telegram", "42")
    assert profile is not None
    assert profile.language == "en"
    assert profile.last_inbound_at == datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
    assert database.users.get("whatsapp", "42") is None


def test_curator_log_keeps_feedback_and_gaps(database: Database) -> None:
    feedback = Feedback(channel="telegram", user_id="1", entry_id="rec-3", helpful=False)
    gap = KnowledgeGap(
        channel="whatsapp",
        user_id="62811",
        query="berapa anggaran?",
        best_entry_id="rec-1",
        best_score=0.2,
        asked_at=datetime(2026, 11, 28, 1, 2, 3, tzinfo=UTC),
    )
    database.curator.record_feedback(feedback)
    database.curator.record_gap(gap)
    assert database.curator.feedback() == [feedback]
    assert database.curator.gaps() == [gap]


def test_concurrent_writers_from_threads_lose_nothing(database: Database) -> None:
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(15):
                database.agreements.upsert_many([agreement("35.78", f"P{worker}-{i}")])
                database.users.touch("telegram", str(worker), datetime.now(UTC))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(database.agreements.all()) == 90
