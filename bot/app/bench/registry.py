"""The shipped registry: how much of it says where it comes from, and what applying it at
start costs (a first apply, and the usual start with an unchanged release), for the shipped
rows and for a synthetic 10,000-row registry. Throwaway SQLite files only.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bot.agreement_files.shipped import read_shipped_registry
from bot.config import Settings
from bot.core.models import Agreement, AgreementKind, AgreementStage, PartialDate
from bot.core.status import RegionIndex
from bot.storage.database import Database

STARTS = 20
SYNTHETIC_ROWS = 10_000


def synthetic_registry(index: RegionIndex, count: int) -> list[Agreement]:
    """``count`` agreements spread over every region."""
    regions = index.all()
    return [
        Agreement(
            region_code=regions[n % len(regions)].code,
            partner=f"Partner {n:05d}",
            country="Japan",
            kind=AgreementKind.SISTER_CITY,
            stage=AgreementStage.UNKNOWN,
            mou_date=PartialDate(year=1990 + n % 30),
            as_of=PartialDate(year=2019, month=2),
            notes=f"synthetic {n}",
            source="bench",
        )
        for n in range(count)
    ]


def _apply_costs(shipped: list[Agreement], directory: Path, name: str) -> tuple[float, list[float]]:
    """Seconds for the first apply; milliseconds for each later start."""
    database = Database.connect(f"sqlite:///{directory / name}.db")
    try:
        database.upgrade()
        start = time.perf_counter()
        database.sync_shipped_registry(shipped)
        first = time.perf_counter() - start
        starts = []
        for _ in range(STARTS):
            start = time.perf_counter()
            database.sync_shipped_registry(shipped)
            starts.append((time.perf_counter() - start) * 1000)
        return first, sorted(starts)
    finally:
        database.dispose()


def run(settings: Settings) -> dict[str, object]:
    """Provenance of the shipped rows; apply and start costs."""
    index = RegionIndex.load(settings.knowledge_dir / "regions.csv")
    shipped = read_shipped_registry(settings.knowledge_dir, index)
    synthetic = synthetic_registry(index, SYNTHETIC_ROWS)
    with tempfile.TemporaryDirectory(prefix="sisterbot-bench-") as directory:
        first, starts = _apply_costs(shipped, Path(directory), "shipped")
        big_first, big_starts = _apply_costs(synthetic, Path(directory), "synthetic")
    count = len(shipped) or 1
    return {
        "shipped_rows": len(shipped),
        "regions_with_agreements": len({a.region_code for a in shipped}),
        "rows_with_source_rate": sum(bool(a.source) for a in shipped) / count,
        "rows_with_evidence_date_rate": sum(a.as_of is not None for a in shipped) / count,
        "unverified_rows": sum(not a.verified for a in shipped),
        "not_formal_rows": sum(not a.formal for a in shipped),
        "first_apply_ms": first * 1000,
        "unchanged_start_p50_ms": statistics.median(starts),
        "unchanged_start_max_ms": starts[-1],
        "synthetic_rows": SYNTHETIC_ROWS,
        "synthetic_first_apply_s": big_first,
        "synthetic_unchanged_start_p50_ms": statistics.median(big_starts),
    }
