"""``./scripts/chat`` and ``./scripts/test`` set up .venv/ only when pyproject.toml changed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def checkout(tmp_path: Path) -> Path:
    """A copy of the set-up script and pyproject.toml, with a .venv whose pip logs its calls."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup-venv", tmp_path / "scripts" / "setup-venv")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "pip").write_text('#!/bin/sh\necho "$@" >> "$(dirname "$0")/../pip-calls"\n')
    for tool in ("python", "pip"):
        (bin_dir / tool).chmod(0o755)
    return tmp_path


def set_up(root: Path) -> int:
    """Run the set-up; the number of pip installs so far."""
    subprocess.run([root / "scripts" / "setup-venv"], check=True, capture_output=True, timeout=60)
    calls = root / ".venv" / "pip-calls"
    return len(calls.read_text().splitlines()) if calls.exists() else 0


def test_the_package_is_installed_once_until_pyproject_changes(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    assert set_up(root) == 1
    assert set_up(root) == 1  # nothing changed: no reinstall, straight to the prompt
    with (root / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# a new pin\n")
    assert set_up(root) == 2
    assert set_up(root) == 2


def test_both_scripts_use_the_set_up() -> None:
    for name in ("chat", "test"):
        script = (ROOT / "scripts" / name).read_text()
        assert "./scripts/setup-venv" in script and "pip install" not in script
