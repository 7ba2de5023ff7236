"""The seed agreements load once; later edits and imports are never overwritten."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.agreement_files.rows import ImportFailed
from bot.config import bundled_knowledge_dir
from bot.core.models import AgreementStage
from bot.core.status import RegionIndex
from bot.storage.database import Database

SEED = bundled_knowledge_dir() / "agreements.csv"


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.load(bundled_knowledge_dir() / "regions.csv")


def test_seed_loads_once_and_never_overwrites_edits(
    database: Database, regions: RegionIndex
) -> None:
    assert database.seed_agreements(SEED, regions) == 33
    tokyo = database.agreements.find_by_partner("tokyo")[0]
    database.agreements.save(dataclasses.replace(tokyo, stage=AgreementStage.ACTIVE))
    assert database.seed_agreements(SEED, regions) == 0
    assert database.agreements.find_by_partner("tokyo")[0].stage is AgreementStage.ACTIVE
    assert len(database.agreements.all()) == 33


def test_seeding_from_two_databases_at_once_stores_one_copy(
    database_url: str, regions: RegionIndex
) -> None:
    import threading

    first, second = Database.connect(database_url), Database.connect(database_url)
    first.upgrade()
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda db=db: results.append(db.seed_agreements(SEED, regions)))
        for db in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 33]
    assert len(first.agreements.all()) == 33
    first.dispose()
    second.dispose()


def test_a_missing_seed_file_is_skipped(database: Database, regions: RegionIndex) -> None:
    assert database.seed_agreements(Path("/nonexistent/agreements.csv"), regions) == 0
    assert database.agreements.all() == []


def test_a_broken_seed_file_fails_loudly_and_writes_nothing(
    database: Database, regions: RegionIndex, tmp_path: Path
) -> None:
    broken = tmp_path / "agreements.csv"
    broken.write_text(SEED.read_text(encoding="utf-8") + "nowhere,X,Y,other,mou\n")
    with pytest.raises(ImportFailed):
        database.seed_agreements(broken, regions)
    assert database.agreements.all() == []
    assert database.seed_agreements(SEED, regions) == 33  # a fixed file still seeds
