"""Every command migrates on first use; at head that must cost one query, not Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.storage.database import Database, _head_revisions_from_files, head_revisions

PROBE = """
import sys
from bot.storage.database import Database
database = Database.connect(sys.argv[1])
database.upgrade()
print(database.current_revision() is not None, "alembic.command" in sys.modules)
"""


def test_the_files_name_the_same_head_as_alembic() -> None:
    assert _head_revisions_from_files() == frozenset(head_revisions())


def test_an_upgraded_database_is_not_upgraded_again_through_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/fast.db"
    first = subprocess.run(
        [sys.executable, "-c", PROBE, url], capture_output=True, text=True, check=True, timeout=120
    )
    assert first.stdout.split() == ["True", "True"]  # a new database: Alembic migrates it
    again = subprocess.run(
        [sys.executable, "-c", PROBE, url], capture_output=True, text=True, check=True, timeout=120
    )
    assert again.stdout.split() == ["True", "False"]  # at head: not even imported


def test_a_database_behind_is_still_migrated(tmp_path: Path) -> None:
    database = Database.connect(f"sqlite:///{tmp_path}/behind.db")
    try:
        database.upgrade("0001_initial")
        database.upgrade()
        assert database.current_revision() in head_revisions()
    finally:
        database.dispose()
