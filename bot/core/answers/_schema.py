"""The pydantic models a knowledge-base entry is validated with (see
:mod:`bot.core.answers._knowledge`), apart so that pydantic is imported only to load entries."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

__all__ = ["EntryModel", "LocalizedListModel", "LocalizedModel", "ValidationError"]

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")]


class LocalizedModel(BaseModel):
    """A text in Indonesian and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: NonEmpty
    en: NonEmpty


class LocalizedListModel(BaseModel):
    """Phrasings or keywords: at least one in each language."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)
    id: list[NonEmpty] = Field(min_length=1)
    en: list[NonEmpty] = Field(min_length=1)


class EntryModel(BaseModel):
    """One knowledge-base entry as written in its YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: EntryId
    title: LocalizedModel
    short: LocalizedModel
    full: LocalizedModel
    source: LocalizedModel
    related: list[EntryId] = Field(default_factory=list)
    phrasings: LocalizedListModel
    keywords: LocalizedListModel
    # Optional: what the entry is about. When given, the entry answers only a question
    # that mentions one of these (checked against the lexicon by the answer engine).
    subject: list[NonEmpty] = Field(default_factory=list)
