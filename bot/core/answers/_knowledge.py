"""Load and validate the knowledge base: ``knowledge/kb/*.yaml`` -> :class:`KnowledgeBase`.

Each YAML file holds one entry (a mapping) or several (a list of mappings). Every entry
is checked with pydantic; the first problem found is raised as a
:class:`KnowledgeError` that names the file and the field, e.g.
``knowledge/kb/rec-2.yaml: short.en: Field required``. An optional ``subject`` list names
what an entry is about: it then answers only questions that mention one of them (the
answer engine checks each against the lexicon, see :mod:`bot.core.answers._engine`). Then the
knowledge base as a whole is checked: unique ids, the ids DESIGN.md requires, related
entries that exist.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.core.models import Entry, Language, LocalizedText

if TYPE_CHECKING:
    from bot.core.answers._schema import EntryModel, LocalizedModel

REQUIRED_IDS = (
    *(f"rec-{n}" for n in range(1, 11)),
    "bimtek",
    "history",
    "legal-basis",
)
LANGUAGES: tuple[Language, ...] = ("id", "en")


class KnowledgeError(Exception):
    """The knowledge base is malformed; the message names the file and the field."""

    def __init__(self, path: Path | str, field_name: str, message: str) -> None:
        super().__init__(f"{path}: {field_name}: {message}" if field_name else f"{path}: {message}")
        self.path = Path(path)
        self.field = field_name
        self.detail = message


@dataclass(frozen=True)
class KnowledgeBase:
    """The validated entries, in a stable order (the required ids first)."""

    entries: tuple[Entry, ...]
    phrasings_by_language: Mapping[str, Mapping[Language, tuple[str, ...]]] = field(
        default_factory=dict
    )
    keywords_by_language: Mapping[str, Mapping[Language, tuple[str, ...]]] = field(
        default_factory=dict
    )
    files: Mapping[str, Path] = field(default_factory=dict)
    # entry id -> the words naming its subject (only entries with a ``subject`` field)
    subjects: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _by_id: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        """The entry with that id, or None."""
        return self._by_id.get(entry_id)

    def recommendations(self) -> tuple[Entry, ...]:
        """rec-1 ... rec-10, in order."""
        found = (self.get(f"rec-{n}") for n in range(1, 11))
        return tuple(entry for entry in found if entry is not None)

    def counts(self) -> dict[str, int]:
        """Entries, phrasings and keywords per language (for ``sisterbot kb check``)."""
        counts = {"entries": len(self.entries)}
        for language in LANGUAGES:
            counts[f"phrasings_{language}"] = sum(
                len(p[language]) for p in self.phrasings_by_language.values()
            )
            counts[f"keywords_{language}"] = sum(
                len(k[language]) for k in self.keywords_by_language.values()
            )
        return counts


def _field_path(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location) or "(entry)"


def _documents(path: Path) -> Iterator[tuple[str, Any]]:
    """(prefix for field names, raw mapping) for each entry in one file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        raise KnowledgeError(path, where, f"not valid YAML ({error.__class__.__name__})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeError(path, "", f"cannot read: {error}") from None
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield f"[{index}].", item
    else:
        yield "", data


def _to_entry(model: EntryModel) -> Entry:
    def text(value: LocalizedModel) -> LocalizedText:
        return LocalizedText(id=value.id, en=value.en)

    return Entry(
        id=model.id,
        title=text(model.title),
        short=text(model.short),
        full=text(model.full),
        source=text(model.source),
        related=tuple(model.related),
        phrasings=(*model.phrasings.id, *model.phrasings.en),
        keywords=(*model.keywords.id, *model.keywords.en),
    )


def load_knowledge(directory: Path) -> KnowledgeBase:
    """Read ``directory/kb/*.yaml`` (or ``directory/*.yaml`` if there is no kb/).

    Raises :class:`KnowledgeError` naming the file and field of the first problem.
    """
    # pydantic is imported here, not with the module: the dialogue can start without it.
    from bot.core.answers._schema import EntryModel, ValidationError

    kb_dir = directory / "kb" if (directory / "kb").is_dir() else directory
    paths = sorted(kb_dir.glob("*.yaml"))
    if not paths:
        raise KnowledgeError(kb_dir, "", "no knowledge-base files (*.yaml)")
    models: dict[str, EntryModel] = {}
    files: dict[str, Path] = {}
    for path in paths:
        for prefix, raw in _documents(path):
            if not isinstance(raw, dict):
                raise KnowledgeError(path, prefix.rstrip(".") or "(entry)", "must be a mapping")
            try:
                model = EntryModel.model_validate(raw)
            except ValidationError as error:
                first = error.errors()[0]
                name = prefix + _field_path(tuple(first["loc"]))
                raise KnowledgeError(path, name, first["msg"]) from None
            if model.id in models:
                raise KnowledgeError(path, prefix + "id", f"duplicate id {model.id!r}")
            models[model.id] = model
            files[model.id] = path
    for required in REQUIRED_IDS:
        if required not in models:
            raise KnowledgeError(kb_dir, "id", f"required entry {required!r} is missing")
    for entry_id, model in models.items():
        for index, related in enumerate(model.related):
            if related not in models or related == entry_id:
                raise KnowledgeError(
                    files[entry_id], f"related.{index}", f"unknown related entry {related!r}"
                )
    order = [*REQUIRED_IDS, *sorted(set(models) - set(REQUIRED_IDS))]
    return KnowledgeBase(
        entries=tuple(_to_entry(models[i]) for i in order),
        phrasings_by_language={
            i: {"id": tuple(m.phrasings.id), "en": tuple(m.phrasings.en)} for i, m in models.items()
        },
        keywords_by_language={
            i: {"id": tuple(m.keywords.id), "en": tuple(m.keywords.en)} for i, m in models.items()
        },
        files=files,
        subjects={i: tuple(m.subject) for i, m in models.items() if m.subject},
    )
