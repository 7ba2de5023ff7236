"""Every catalogue of :class:`bot.core.texts.Text` in the project: both languages, same slots.

And one style: no module picks what the user reads by comparing a language itself
(``"..." if language == "en" else "..."``, ``if language == "en": return ...``) or keeps
``{"id": ..., "en": ...}`` pairs of strings; its sentences are ``Text`` values, which only
:mod:`bot.core.texts` reads by language.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import bot
from bot.core.texts import Text, lookup

BOT = Path(bot.__file__).resolve().parent
LANGUAGE_CODES = frozenset({"id", "en"})
# Where a value may still be picked by comparing a language, and why (path, or path::function).
ALLOWED: Mapping[str, str] = {
    "core/texts.py": "Text itself: the one place a sentence is read in a language",
    "core/dates.py": "date and clock formats per language: formats, not sentences",
    "core/models.py::LocalizedText.get": "curated knowledge entries (YAML, checked by "
    "its loader): data in both languages, not the code's sentences",
}


def _texts_in(value: object, name: str) -> Iterator[tuple[str, Text]]:
    """The Texts in a module-level value: itself, or inside its mappings and tuples."""
    if isinstance(value, Text):
        yield name, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts_in(item, f"{name}[{key}]")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _texts_in(item, f"{name}[{index}]")


def catalogued_texts() -> Iterator[tuple[str, Text]]:
    """(module.name[key], text) for every module-level Text, and Texts in mappings or tuples."""
    for info in pkgutil.walk_packages(bot.__path__, "bot."):
        if ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            yield from _texts_in(value, f"{info.name}.{name}")


TEXTS = dict(catalogued_texts())
# The catalogues that replaced the older styles (pairs, tuples, branches on the language).
CONVERTED = (
    "bot.admin._texts",
    "bot.app.commands.ask",
    "bot.channels.tg._texts",
    "bot.channels.wa.render",
    "bot.core.console",
    "bot.core.countries",
    "bot.core.general",
    "bot.core.reminders._failures",
    "bot.core.reminders._messages",
    "bot.core.reminders._officers",
    "bot.core.status._cards",
    "bot.core.status._provenance",
    "bot.delivery.recap_chart",
)


def test_the_catalogues_are_found() -> None:
    assert len(TEXTS) > 30
    modules = {name.split("[", 1)[0].rsplit(".", 1)[0] for name in TEXTS}
    assert "bot.core.general" in modules and "bot.core.status._texts" in modules
    assert not set(CONVERTED) - modules


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_is_written_in_both_languages(name: str) -> None:
    text = TEXTS[name]
    assert text.id.strip() and text.en.strip(), f"{name} misses a language"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_both_languages_fill_the_same_placeholders(name: str) -> None:
    text = TEXTS[name]
    assert text.placeholders("id") == text.placeholders("en"), name


def test_a_text_is_read_in_the_asked_language_and_filled() -> None:
    greeting = Text(id="Halo {name}!", en="Hello {name}!")
    assert greeting("id", name="Budi") == "Halo Budi!"
    assert greeting("en", name="Budi") == "Hello Budi!"
    assert lookup({"hi": greeting}, "hi", "en", name="Ani") == "Hello Ani!"
    with pytest.raises(TypeError):
        Text(id="Halo")  # type: ignore[call-arg]


# --- one style ------------------------------------------------------------------------


def _is_code(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value in LANGUAGE_CODES


def _is_language_comparison(node: ast.AST) -> bool:
    """``x == "en"``, ``"id" != x``: a comparison with a language code."""
    return (
        isinstance(node, ast.Compare)
        and all(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops)
        and any(_is_code(side) for side in (node.left, *node.comparators))
    )


def _names_a_language(statements: list[ast.stmt]) -> bool:
    """A branch that only names a language (``return "en"``, ``chosen = "en"``): parsing."""
    return all(
        isinstance(s, ast.Pass)
        or (isinstance(s, ast.Return | ast.Assign | ast.AnnAssign) and _is_code(s.value))
        for s in statements
    )


def _has_text(node: ast.AST) -> bool:
    """Whether a string other than a language code is written inside ``node``."""
    return any(
        isinstance(n, ast.JoinedStr)
        or (isinstance(n, ast.Constant) and isinstance(n.value, str) and not _is_code(n))
        for n in ast.walk(node)
    )


class _Picks(ast.NodeVisitor):
    """Finds, per function, the places that pick a value by comparing a language."""

    def __init__(self) -> None:
        self.scope: list[str] = []
        self.aliases: list[set[str]] = [set()]  # names bound to a language comparison
        self.found: list[tuple[str, int, str]] = []

    def _report(self, node: ast.AST, what: str) -> None:
        self.found.append((".".join(self.scope), getattr(node, "lineno", 0), what))

    def _tests_language(self, test: ast.AST) -> bool:
        return any(
            _is_language_comparison(n) or (isinstance(n, ast.Name) and n.id in self.aliases[-1])
            for n in ast.walk(test)
        )

    def _scoped(self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(node.name)
        self.aliases.append(set())
        self.generic_visit(node)
        self.aliases.pop()
        self.scope.pop()

    visit_ClassDef = _scoped
    visit_FunctionDef = _scoped
    visit_AsyncFunctionDef = _scoped

    def visit_Assign(self, node: ast.Assign) -> None:
        if _is_language_comparison(node.value):
            self.aliases[-1].update(t.id for t in node.targets if isinstance(t, ast.Name))
        self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        if self._tests_language(node.test) and not (_is_code(node.body) and _is_code(node.orelse)):
            self._report(node, "a conditional expression on the language")
        self.generic_visit(node)

    def visit_If(self, node: ast.If) -> None:
        if self._tests_language(node.test) and not _names_a_language(node.body):
            self._report(node, "an if statement on the language")
        self.generic_visit(node)

    def visit_Match(self, node: ast.Match) -> None:
        for case in node.cases:
            values = [n for n in ast.walk(case.pattern) if isinstance(n, ast.MatchValue)]
            if any(_is_code(v.value) for v in values) and not _names_a_language(case.body):
                self._report(case.pattern, "a match case on the language")
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
        if keys == LANGUAGE_CODES and len(node.keys) == 2 and any(map(_has_text, node.values)):
            self._report(node, 'an {"id": ..., "en": ...} pair of strings')
        self.generic_visit(node)


def language_picks(source: str) -> list[tuple[str, int, str]]:
    """(function, line, what) for every place in ``source`` that picks by language."""
    picks = _Picks()
    picks.visit(ast.parse(source))
    return picks.found


def _modules() -> list[Path]:
    return sorted(p for p in BOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_no_module_picks_its_words_by_comparing_a_language(path: Path) -> None:
    where = str(path.relative_to(BOT))
    if where in ALLOWED:
        return
    found = [
        f"{where}:{line} {function or '<module>'}: {what}"
        for function, line, what in language_picks(path.read_text(encoding="utf-8"))
        if f"{where}::{function}" not in ALLOWED
    ]
    assert not found, "use bot.core.texts.Text instead of:\n" + "\n".join(found)


def test_the_allowed_places_still_exist() -> None:
    """An allow-list entry for code that is gone would quietly let the next one in."""
    for entry, why in ALLOWED.items():
        path, _, function = entry.partition("::")
        assert why and (BOT / path).is_file(), entry
        picks = language_picks((BOT / path).read_text(encoding="utf-8"))
        assert picks, entry
        if function:
            assert function in {f for f, _line, _what in picks}, entry


@pytest.mark.parametrize(
    "source",
    [
        'def f(language):\n    return "Source" if language == "en" else "Sumber"\n',
        'def f(language):\n    if language == "en":\n        return "Hello"\n    return "Halo"\n',
        'def f(turn):\n    if turn.language != "id":\n        x = f"Hi {turn}"\n',
        'def f(language):\n    en = language == "en"\n    return "a" if en else "b"\n',
        "def f(language, english, indonesian):\n"
        '    return english if language == "en" else indonesian\n',
        'def f(language):\n    match language:\n        case "en":\n            return "Hi"\n',
        'LABELS = {"k": {"id": "Jenis", "en": "Kind"}}\n',
    ],
)
def test_the_style_check_finds_words_picked_by_language(source: str) -> None:
    assert language_picks(source)


@pytest.mark.parametrize(
    "source",
    [
        'def f(choice):\n    return "en" if choice == "en" else "id"\n',
        'def f(value):\n    if value == "id":\n        return "id"\n    return None\n',
        'def f(choice):\n    if choice == "en":\n        chosen = "en"\n',
        'T = Text(id="Halo", en="Hello")\nx = {"id": 3, "en": 4}\n',
        "def f(language):\n    return T(language)\n",
    ],
)
def test_the_style_check_lets_language_choice_and_catalogues_be(source: str) -> None:
    assert not language_picks(source)
