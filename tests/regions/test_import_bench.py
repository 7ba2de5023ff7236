"""The import benchmark's parts, on a small file (the figures themselves live in bench)."""

from __future__ import annotations

from pathlib import Path

from bot.agreement_files.rows import check_agreements
from bot.app.bench import imports as bench
from bot.core.status import RegionIndex


def test_the_generated_file_is_valid_and_as_large_as_asked(
    tmp_path: Path, regions: RegionIndex
) -> None:
    path = tmp_path / "generated.csv"
    rows = bench.write_csv(path, 0.2)
    assert 200_000 <= path.stat().st_size < 201_000
    assert check_agreements(path, regions) == rows > 300
