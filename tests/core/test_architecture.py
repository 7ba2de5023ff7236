"""The layering rules of DESIGN.md, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
CHANNEL_LIBRARIES = ("telegram", "pywa", "sqlalchemy", "alembic", "starlette", "httpx")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((BOT / "core").glob("*.py")), ids=lambda p: p.name)
def test_core_imports_no_channel_or_storage_library(path: Path) -> None:
    forbidden = {name for name in imported_modules(path) if name.split(".")[0] in CHANNEL_LIBRARIES}
    assert not forbidden, f"{path.name} imports {forbidden}"


@pytest.mark.parametrize("path", sorted((BOT / "commands").glob("*.py")), ids=lambda p: p.name)
def test_command_modules_import_only_light_modules_at_top(path: Path) -> None:
    """cli.py imports every command module: heavy imports belong inside ``run``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top_level.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            top_level.add(node.module)
    heavy = {n for n in top_level if n.split(".")[0] in (*CHANNEL_LIBRARIES, "apscheduler")}
    heavy |= {n for n in top_level if n in ("bot.app", "bot.storage.database")}
    assert not heavy, f"{path.name} imports {heavy} at module level"
