"""What a wheel ships: every file of knowledge/ and of the bench's data, as package data.

`pip install .` (what the Dockerfile does) must answer questions, look up regions and
run the bench from any directory, so every data file has to match a package-data glob.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE_DATA: dict[str, list[str]] = PYPROJECT["tool"]["setuptools"]["package-data"]


def shipped(package: str, relative: str) -> bool:
    return any(fnmatch.fnmatch(relative, pattern) for pattern in PACKAGE_DATA.get(package, []))


@pytest.mark.parametrize(
    ("package", "folder"),
    [
        ("knowledge", ROOT / "knowledge"),
        ("bot.app.bench.data", ROOT / "bot" / "app" / "bench" / "data"),
    ],
)
def test_every_data_file_is_package_data(package: str, folder: Path) -> None:
    missing = [
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        and not shipped(package, str(path.relative_to(folder)))
    ]
    assert missing == [], f"not shipped in the wheel: {missing}"


def test_the_packages_are_found() -> None:
    include = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    assert "knowledge" in include and any(p.startswith("bot") for p in include)
    assert (ROOT / "knowledge" / "__init__.py").is_file()
