"""Every catalogue of :class:`bot.core.texts.Text` in the project: both languages, same slots."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping

import pytest

import bot
from bot.core.texts import Text, lookup


def catalogued_texts() -> Iterator[tuple[str, Text]]:
    """(module.name[key], text) for every module-level Text and mapping of Texts."""
    for info in pkgutil.walk_packages(bot.__path__, "bot."):
        if ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Text):
                yield f"{info.name}.{name}", value
            elif (
                isinstance(value, Mapping)
                and value
                and all(isinstance(v, Text) for v in value.values())
            ):
                for key, text in value.items():
                    yield f"{info.name}.{name}[{key}]", text
            elif isinstance(value, Mapping) and value and all(_is_pair(v) for v in value.values()):
                # an older catalogue of {"id": ..., "en": ...} pairs: checked the same way
                for key, pair in value.items():
                    yield f"{info.name}.{name}[{key}]", Text(id=pair["id"], en=pair["en"])


def _is_pair(value: object) -> bool:
    """A mapping of exactly the two languages to strings."""
    return (
        isinstance(value, Mapping)
        and set(value) == {"id", "en"}
        and all(isinstance(v, str) for v in value.values())
    )


TEXTS = dict(catalogued_texts())


def test_the_catalogues_are_found() -> None:
    assert len(TEXTS) > 30
    modules = {name.rsplit(".", 1)[0] for name in TEXTS}
    assert "bot.core.general" in modules and "bot.core.status._texts" in modules


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
