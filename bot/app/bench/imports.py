"""Import benchmark (area ``import``): peak memory importing a small and a large CSV.

Generates agreement files of about 8.7 MB and 87 MB (rows of realistic length, each with
a note), then runs ``sisterbot import agreements FILE`` on each in a child process with
its own throwaway SQLite database, and reads that child's peak RSS from the kernel
(``wait4``). Streaming shows as a large file costing about what a small one does.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.agreement_files.formats import COLUMNS
from bot.config import Settings

# DESIGN.md's thirteen columns (the registry's later ones are optional).
DESIGN_COLUMNS = COLUMNS[: COLUMNS.index("source") + 1]
SMALL_MB = 8.7
LARGE_MB = 87.0
GOAL_LARGE_PEAK_RSS_MB = 250.0  # before streaming: about 1 GB
GOAL_GROWTH_RATIO = 1.5  # large file's peak RSS / small file's
# Codes the region resolver knows, spread over provinces and kab/kota.
CODES = ("35.78", "31", "32.73", "12.71", "51.03", "34", "73.71", "64", "91.71", "35.15")
NOTE = (
    "Kerja sama di bidang pendidikan, kebudayaan, pariwisata dan pertukaran pegawai; "
    "laporan pelaksanaan disampaikan kepada Menteri Dalam Negeri melalui gubernur. "
    "Catatan kurator: data diperiksa ulang terhadap dokumen MoU dan surat DPRD. "
)


def write_csv(path: Path, megabytes: float) -> int:
    """An import file of about ``megabytes``, every row valid and distinct; its row count."""
    limit = int(megabytes * 1_000_000)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DESIGN_COLUMNS)
        while handle.tell() < limit:
            writer.writerow(
                [
                    CODES[rows % len(CODES)],
                    f"Partner City {rows:07d}",
                    "Japan",
                    "sister_city",
                    "mou",
                    "",
                    f"{1990 + rows % 30}-{1 + rows % 12:02d}",
                    "",
                    "",
                    "",
                    "",
                    f"{NOTE}({rows})",
                    "bench: generated",
                ]
            )
            rows += 1
    return rows


def import_in_child(path: Path, directory: Path) -> tuple[int, float, float]:
    """Run the import command in a child process: (exit status, seconds, peak RSS in MB)."""
    env = dict(os.environ)
    env["SISTERBOT_DATABASE_URL"] = f"sqlite:///{directory / (path.stem + '.db')}"
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "bot", "import", "agreements", str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    return child.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024


def run(settings: Settings) -> dict[str, object]:
    """Peak RSS importing the small and the large file (see the module docstring)."""
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="sisterbot-bench-import-") as tmp:
        directory = Path(tmp)
        for name, megabytes in (("small", SMALL_MB), ("large", LARGE_MB)):
            path = directory / f"{name}.csv"
            rows = write_csv(path, megabytes)
            status, seconds, peak = import_in_child(path, directory)
            figures[f"{name}_file_mb"] = path.stat().st_size / 1_000_000
            figures[f"{name}_rows"] = rows
            figures[f"{name}_exit_status"] = status
            figures[f"{name}_seconds"] = seconds
            figures[f"{name}_peak_rss_mb"] = peak
            path.unlink()
    large, small = figures["large_peak_rss_mb"], figures["small_peak_rss_mb"]
    assert isinstance(large, float) and isinstance(small, float)
    figures["large_peak_rss_goal_mb"] = f"< {GOAL_LARGE_PEAK_RSS_MB:.0f}"
    figures["growth_ratio"] = large / small
    figures["growth_ratio_goal"] = f"< {GOAL_GROWTH_RATIO}"
    passed = large < GOAL_LARGE_PEAK_RSS_MB and large / small < GOAL_GROWTH_RATIO
    figures["pass"] = passed and figures["large_exit_status"] == 0
    return figures
