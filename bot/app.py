"""The composition root: everything is built here, in one place, on demand.

Nothing happens at import time. Commands ask for what they need: ``ask`` only the
knowledge base (fast cold start), ``chat`` and the bots the whole :class:`Core`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.core.answers import AnswerEngine, KnowledgeBase, QuestionFeature, load_knowledge
from bot.core.clock import SystemClock
from bot.core.console import SignInFeature
from bot.core.dialogue import Dialogue
from bot.core.general import GeneralFeature, empty_message, unknown_command
from bot.core.models import RegistrySync
from bot.core.ports import Clock
from bot.core.reminders import FailureFeature, ReminderPolicy, SubscriptionFeature, load_policy
from bot.core.status import RegionIndex, StatusFeature
from bot.storage.database import Database

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Core:
    """The channel-independent bot, wired to its storage."""

    settings: Settings
    knowledge: KnowledgeBase
    answers: AnswerEngine
    regions: RegionIndex
    policy: ReminderPolicy
    database: Database
    dialogue: Dialogue
    clock: Clock


def build_answers(settings: Settings) -> tuple[KnowledgeBase, AnswerEngine]:
    """The knowledge base and its retrieval engine (no database)."""
    knowledge = load_knowledge(settings.knowledge_dir)
    return knowledge, AnswerEngine(knowledge)


def build_regions(settings: Settings) -> RegionIndex:
    """The region index from ``knowledge/regions.csv``."""
    return RegionIndex.load(settings.knowledge_dir / "regions.csv")


def build_policy(settings: Settings) -> ReminderPolicy:
    """The reminder policy from ``knowledge/reminder-policy.yaml``."""
    return load_policy(settings.knowledge_dir / "reminder-policy.yaml")


def open_database(settings: Settings, regions: RegionIndex) -> Database:
    """Connect, migrate to the newest schema and apply the release's registry."""
    database = Database.connect(settings.database_url)
    database.upgrade()
    sync_registry(settings, regions, database)
    return database


# --- the shipped registry (issue 11) ------------------------------------------------------


def sync_registry(settings: Settings, regions: RegionIndex, database: Database) -> RegistrySync:
    """Apply ``knowledge/agreements.csv`` (new rows, corrections; curators' rows kept).

    A bad row stops here with one line naming it (:class:`ShippedRegistryError`), before
    anything is written.
    """
    from bot.agreement_files.shipped import read_shipped_registry

    shipped = read_shipped_registry(settings.knowledge_dir, regions)
    result = database.sync_shipped_registry(shipped)
    if result.conflicts:
        # INFO, not WARNING: every command opens the database, and `db upgrade` lists them.
        log.info(
            "%d registry row(s) kept as curators left them although this release differs; "
            "`sisterbot db upgrade` lists them",
            len(result.conflicts),
        )
    return result


@contextmanager
def opened_database(settings: Settings, regions: RegionIndex | None = None) -> Iterator[Database]:
    """:func:`open_database` for the length of a ``with`` block; disposed however it ends."""
    database = open_database(settings, build_regions(settings) if regions is None else regions)
    try:
        yield database
    finally:
        database.dispose()


def build_core(settings: Settings, *, clock: Clock | None = None) -> Core:
    """Everything a channel needs."""
    clock = clock or SystemClock()
    knowledge, answers = build_answers(settings)
    regions = build_regions(settings)
    policy = build_policy(settings)
    database = open_database(settings, regions)
    from bot.admin import console_links  # the console's pages are built only when served

    dialogue = Dialogue(
        features=[
            GeneralFeature(database.users),
            SignInFeature(console_links(settings, database)),
            SubscriptionFeature(
                regions=regions,
                agreements=database.agreements,
                subscriptions=database.subscriptions,
                officers=database.officers,
                policy=policy,
                admins=settings.admins,
                outbox=database.outbox,
            ),
            FailureFeature(outbox=database.outbox, agreements=database.agreements, regions=regions),
            StatusFeature(regions=regions, agreements=database.agreements, policy=policy),
            QuestionFeature(knowledge=knowledge, answers=answers, curator=database.curator),
        ],
        users=database.users,
        clock=clock,
        admins=settings.admins,
        detect_language=answers.detect_language,
        unknown_command=unknown_command,
        empty_message=empty_message,
    )
    return Core(
        settings=settings,
        knowledge=knowledge,
        answers=answers,
        regions=regions,
        policy=policy,
        database=database,
        dialogue=dialogue,
        clock=clock,
    )


def build_console_routes(core: Core) -> list[BaseRoute]:
    """The curators' console (``/admin``) over a built core, for the bot's HTTP server."""
    from bot.admin import build_console, console_routes

    console = build_console(
        core.settings,
        database=core.database,
        regions=core.regions,
        policy=core.policy,
        clock=core.clock,
    )
    return console_routes(console)
