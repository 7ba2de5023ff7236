"""A release's registry reaches existing databases without clobbering curators."""

from __future__ import annotations

import dataclasses
import threading

from bot.core.models import Agreement, AgreementKind, AgreementStage, PartialDate, RegistrySync
from bot.storage.database import Database


def agreement(region: str = "35.78", partner: str = "Kochi", **changes: object) -> Agreement:
    base = Agreement(
        region_code=region,
        partner=partner,
        country="Japan",
        kind=AgreementKind.SISTER_CITY,
        stage=AgreementStage.MOU,
        mou_date=PartialDate.parse("1997"),
        source="release",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


RELEASE_1 = [agreement(), agreement("31", "Tokyo"), agreement("35.78", "Seattle")]


def stored(database: Database, partner: str) -> Agreement:
    (found,) = [a for a in database.agreements.all() if a.partner == partner]
    return found


def test_a_fresh_database_gets_every_row_once(database: Database) -> None:
    assert database.sync_shipped_registry(RELEASE_1) == RegistrySync(added=3)
    assert database.sync_shipped_registry(RELEASE_1) == RegistrySync(unchanged=3)
    assert len(database.agreements.all()) == 3
    assert all(database.agreements.curated_at(a.id or 0) is None for a in database.agreements.all())


def test_new_rows_are_added_and_corrections_applied(database: Database) -> None:
    database.sync_shipped_registry(RELEASE_1)
    release_2 = [
        agreement(stage=AgreementStage.ACTIVE, as_of=PartialDate(year=2019)),
        *RELEASE_1[1:],
        agreement("12.71", "Ichikawa"),
    ]
    assert database.sync_shipped_registry(release_2) == RegistrySync(
        added=1, updated=1, unchanged=2
    )
    assert stored(database, "Kochi").stage is AgreementStage.ACTIVE
    assert stored(database, "Kochi").as_of == PartialDate(year=2019)


def test_a_curators_edit_is_kept_and_a_differing_release_is_listed(database: Database) -> None:
    database.sync_shipped_registry(RELEASE_1)
    kochi = stored(database, "Kochi")
    edited = database.agreements.save(dataclasses.replace(kochi, notes="checked by the bureau"))
    # The same release again: the curator's edit stands, and nothing is in conflict.
    assert database.sync_shipped_registry(RELEASE_1) == RegistrySync(unchanged=3)
    # A release that only adds a row looks at each row again, and agrees.
    assert database.sync_shipped_registry([*RELEASE_1, agreement("12.71", "Ichikawa")]) == (
        RegistrySync(added=1, unchanged=3)
    )
    assert database.sync_shipped_registry([*RELEASE_1, agreement("12.71", "Ichikawa")]) == (
        RegistrySync(unchanged=4)
    )
    # A release that corrects that row: kept as the curator left it, listed with the release's.
    correction = agreement(stage=AgreementStage.ACTIVE)
    result = database.sync_shipped_registry([correction, *RELEASE_1[1:]])
    assert (result.added, result.updated, result.unchanged) == (0, 0, 2)  # Ichikawa: no more
    (conflict,) = result.conflicts
    assert conflict.stored == edited
    assert conflict.wanted == correction
    assert conflict.curated_at is not None
    assert stored(database, "Kochi") == edited
    # Still listed on the next start, and by itself until it is resolved.
    assert database.registry_conflicts() == [conflict]
    assert database.sync_shipped_registry([correction, *RELEASE_1[1:]]).conflicts == (conflict,)
    # The curator adopts the release's version: the conflict is gone.
    database.agreements.save(dataclasses.replace(correction, id=edited.id))
    assert database.registry_conflicts() == []


def test_a_deleted_row_stays_deleted(database: Database) -> None:
    database.sync_shipped_registry(RELEASE_1)
    assert database.agreements.delete(stored(database, "Tokyo").id or 0)
    assert database.sync_shipped_registry(RELEASE_1) == RegistrySync(unchanged=2)
    assert [a.partner for a in database.agreements.all()] == ["Kochi", "Seattle"]
    changed = agreement("31", "Tokyo", notes="renewed 2024")
    (conflict,) = database.sync_shipped_registry([*RELEASE_1[::2], changed]).conflicts
    assert conflict.stored is None and conflict.wanted == changed
    assert [a.partner for a in database.agreements.all()] == ["Kochi", "Seattle"]


def test_imports_by_curators_are_never_overwritten(database: Database) -> None:
    database.agreements.upsert_many([agreement(notes="from the bureau's spreadsheet")])
    result = database.sync_shipped_registry(RELEASE_1)
    assert (result.added, result.updated, len(result.conflicts)) == (2, 0, 1)
    assert stored(database, "Kochi").notes == "from the bureau's spreadsheet"


def test_syncing_from_two_processes_at_once_stores_one_copy(database_url: str) -> None:
    first, second = Database.connect(database_url), Database.connect(database_url)
    first.upgrade()
    results: list[RegistrySync] = []
    threads = [
        threading.Thread(target=lambda db=db: results.append(db.sync_shipped_registry(RELEASE_1)))
        for db in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.added for r in results) == [0, 3]
    assert len(first.agreements.all()) == 3
    first.dispose()
    second.dispose()
