"""The layering rules of DESIGN.md, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
CHANNEL_LIBRARIES = ("telegram", "pywa", "sqlalchemy", "alembic", "starlette", "httpx")
FEATURES = ("answers", "status", "reminders")
# The program (bot/app: the root, the cli, its commands and the bench) calls into the root;
# nothing the root builds does.
MAY_IMPORT_THE_ROOT = ("app",)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def relative(path: Path) -> str:
    return str(path.relative_to(BOT))


@pytest.mark.parametrize("path", modules(BOT / "core"), ids=relative)
def test_core_imports_no_channel_or_storage_library(path: Path) -> None:
    forbidden = {name for name in imported_modules(path) if name.split(".")[0] in CHANNEL_LIBRARIES}
    assert not forbidden, f"{path.name} imports {forbidden}"


@pytest.mark.parametrize("path", modules(BOT), ids=relative)
def test_only_the_entry_points_import_the_composition_root(path: Path) -> None:
    if relative(path).split("/")[0] in MAY_IMPORT_THE_ROOT:
        return
    root = {n for n in imported_modules(path) if n == "bot.app" or n.startswith("bot.app.")}
    if relative(path) == "__main__.py":
        # ``python -m bot`` hands over to the command line, which lives in the program.
        root -= {"bot.app.cli"}
    assert not root, f"{relative(path)} imports {root}"


@pytest.mark.parametrize("path", modules(BOT), ids=relative)
def test_only_storage_speaks_sql(path: Path) -> None:
    if relative(path).startswith("storage/"):
        return
    sql = {n for n in imported_modules(path) if n.split(".")[0] in ("sqlalchemy", "alembic")}
    assert not sql, f"{relative(path)} imports {sql}"


@pytest.mark.parametrize("path", modules(BOT), ids=relative)
def test_features_are_reached_only_through_their_public_faces(path: Path) -> None:
    """``bot.core.status._cards`` is for ``bot/core/status/`` alone; others: ``bot.core.status``."""
    mine = relative(path).split("/")
    own = mine[1] if mine[0] == "core" and len(mine) > 2 else None
    private = {
        name
        for name in imported_modules(path)
        for feature in FEATURES
        if name.startswith(f"bot.core.{feature}._") and feature != own
    }
    assert not private, f"{relative(path)} imports {private}"


@pytest.mark.parametrize("feature", FEATURES)
def test_each_feature_has_a_public_face(feature: str) -> None:
    face = BOT / "core" / feature / "__init__.py"
    tree = ast.parse(face.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{feature} has no docstring"
    assert any(
        isinstance(node, ast.Assign)
        and any(getattr(t, "id", "") == "__all__" for t in node.targets)
        for node in tree.body
    ), f"{feature} has no __all__"


@pytest.mark.parametrize("path", modules(BOT), ids=relative)
def test_no_module_is_a_maze(path: Path) -> None:
    """Small modules with one job: about 400 lines at most (migrations excepted)."""
    if "migrations" in path.parts:
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 430, f"{relative(path)} has {lines} lines"


@pytest.mark.parametrize(
    "path", sorted((BOT / "app" / "commands").glob("*.py")), ids=lambda p: p.name
)
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
    heavy |= {n for n in top_level if n.startswith("bot.app.root") or n == "bot.storage.database"}
    assert not heavy, f"{path.name} imports {heavy} at module level"
