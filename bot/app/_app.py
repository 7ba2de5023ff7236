"""The composition root: every service built once, from the settings, on first use.

Nothing happens at import time, and nothing is built before it is asked for: ``ask``
needs only the knowledge base (a fast cold start), ``status`` the regions and the
database, ``run`` everything. Each service gets only the ports it uses; no channel,
job or storage module ever sees :class:`App`.

The dialogue needs neither the knowledge base nor the answer engine's index to exist, only
to answer a question: ``sisterbot chat`` greets first and loads and builds them in a
background thread while the user types (:meth:`App.prepare_answers`); the first question
waits for what is left.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.core.answers import (
    AnswerEngine,
    KnowledgeBase,
    QuestionFeature,
    language_detector,
    load_knowledge,
)
from bot.core.clock import SystemClock
from bot.core.console import SignInFeature
from bot.core.dialogue import Dialogue, Feature
from bot.core.general import GeneralFeature, empty_message, unknown_command
from bot.core.models import Answer, Entry, Incoming, Language, RegistrySync, Reply
from bot.core.ports import Clock, Notifier
from bot.core.reminders import (
    AnnouncementFeature,
    FailureFeature,
    ReminderPolicy,
    SubscriptionFeature,
    WorkingCalendar,
    calendar_for,
    load_policy,
)
from bot.core.status import RegionIndex, StatusFeature

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from bot.channels.tg import TelegramChannel
    from bot.channels.wa.channel import WhatsAppChannel
    from bot.channels.wa.processor import StatusListener
    from bot.delivery.ratelimit import RateLimiter
    from bot.delivery.scheduler import ReminderService
    from bot.metrics import Metrics
    from bot.storage.database import Database

log = logging.getLogger(__name__)


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
    from bot.storage.database import Database

    database = Database.connect(settings.database_url)
    database.upgrade()
    sync_registry(settings, regions, database)
    return database


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


class App:
    """Every service of one running sisterbot, each built once when first used.

    Use as a context manager (or call :meth:`close`): the database, if it was opened, is
    disposed on exit.
    """

    def __init__(self, settings: Settings, *, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self._knowledge: KnowledgeBase | None = None
        self._knowledge_lock = threading.Lock()
        self._answers: Future[AnswerEngine] | None = None
        self._answers_lock = threading.Lock()

    # --- the pure parts ------------------------------------------------------------------

    @property
    def knowledge(self) -> KnowledgeBase:
        """The curated entries (loaded once, whichever thread asks first)."""
        with self._knowledge_lock:
            if self._knowledge is None:
                self._knowledge = load_knowledge(self.settings.knowledge_dir)
            return self._knowledge

    @property
    def answers(self) -> AnswerEngine:
        """Retrieval over :attr:`knowledge` (built here, or awaited if being built)."""
        return self._answers_build(background=False).result()

    def prepare_answers(self) -> None:
        """Start building :attr:`answers` in a background thread, if not begun already."""
        self._answers_build(background=True)

    def _answers_build(self, *, background: bool) -> Future[AnswerEngine]:
        with self._answers_lock:
            future, started = self._answers, self._answers is None
            if future is None:
                future = self._answers = Future()
        if started:
            if background:
                # A daemon: a chat that ends before the index is ready must not wait for it.
                threading.Thread(
                    target=self._build_engine, args=(future,), name="answers", daemon=True
                ).start()
            else:
                self._build_engine(future)
        return future

    def _build_engine(self, future: Future[AnswerEngine]) -> None:
        try:
            future.set_result(AnswerEngine(self.knowledge))
        except BaseException as error:  # handed to whoever waits for the engine
            future.set_exception(error)

    @cached_property
    def detect_language(self) -> Callable[[str], Language | None]:
        """What :attr:`answers` would say of a text's language, from the word lists alone."""
        return language_detector(self.settings.knowledge_dir)

    @cached_property
    def regions(self) -> RegionIndex:
        """All provinces and kab/kota."""
        return build_regions(self.settings)

    @cached_property
    def policy(self) -> ReminderPolicy:
        """The reminder policy (defaults, never law)."""
        return build_policy(self.settings)

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """Working days: weekends, national holidays and cuti bersama skipped."""
        return calendar_for(self.policy)

    # --- storage and the dialogue --------------------------------------------------------

    @cached_property
    def database(self) -> Database:
        """The database, migrated and seeded."""
        return open_database(self.settings, self.regions)

    @cached_property
    def metrics(self) -> Metrics:
        """This bot's Prometheus metrics (its own registry), served at ``/metrics``."""
        from bot.metrics import Metrics
        from bot.storage.maintenance import outbox_counts

        metrics = Metrics()
        metrics.watch_outbox(lambda: outbox_counts(self.database))
        return metrics

    @cached_property
    def dialogue(self) -> Dialogue:
        """The channel-independent bot: Incoming -> Reply, each feature timed for /metrics."""
        from bot.admin import console_links  # the console's pages are built only when served
        from bot.app._observe import CountingCurator, ObservedFeature

        database = self.database
        settings = self.settings
        metrics = self.metrics
        features: dict[str, Feature] = {
            "general": GeneralFeature(database.users),
            "sign_in": SignInFeature(console_links(settings, database)),
            "reminders": SubscriptionFeature(
                regions=self.regions,
                agreements=database.agreements,
                subscriptions=database.subscriptions,
                officers=database.officers,
                policy=self.policy,
                admins=settings.admins,
                outbox=database.outbox,
            ),
            "failures": FailureFeature(
                outbox=database.outbox, agreements=database.agreements, regions=self.regions
            ),
            "announcements": AnnouncementFeature(
                announcements=database.announcements,
                subscriptions=database.subscriptions,
                regions=self.regions,
            ),
            "status": StatusFeature(
                regions=self.regions, agreements=database.agreements, policy=self.policy
            ),
            "answers": QuestionFeature(
                knowledge=_WhenBuilt(self),
                answers=_WhenBuilt(self),
                curator=CountingCurator(database.curator),
            ),
        }
        return Dialogue(
            features=[ObservedFeature(f, name, metrics) for name, f in features.items()],
            users=database.users,
            clock=self.clock,
            admins=settings.admins,
            detect_language=self.detect_language,
            unknown_command=unknown_command,
            empty_message=empty_message,
        )

    # --- reminders and channels ----------------------------------------------------------

    def channel_handle(self, channel: str) -> Callable[[Incoming], Reply]:
        """The dialogue's handler as a channel gets it: counted in /metrics, logged per update."""
        from bot.app._observe import observed_handle

        return observed_handle(self.dialogue.handle, self.metrics, channel)

    def reminder_service(
        self,
        notifiers: Mapping[str, Notifier],
        *,
        limiter: RateLimiter | None = None,
        calendar: WorkingCalendar | None = None,
    ) -> ReminderService:
        """Planner, dispatcher and notices over this database, sending through ``notifiers``."""
        from bot.app._observe_delivery import ObservedReminderService
        from bot.delivery.scheduler import build_reminder_service

        database = self.database
        service = build_reminder_service(
            agreements=database.agreements,
            subscriptions=database.subscriptions,
            outbox=database.outbox,
            officers=database.officers,
            users=database.users,
            regions=self.regions,
            policy=self.policy,
            calendar=calendar or self.calendar,
            admins=self.settings.admins,
            notifiers=notifiers,
            clock=self.clock,
            limiter=limiter,
            announcements=database.announcements,
            recaps=database.recaps,
        )
        return ObservedReminderService(
            planner=service.planner,
            dispatcher=service.dispatcher,
            notices=service.notices,
            outbox=service.outbox,
            clock=service.clock,
            failures=service.failures,
            announcer=service.announcer,
            recap=service.recap,
            metrics=self.metrics,
        )

    def whatsapp_channel(self, *, status_listener: StatusListener | None = None) -> WhatsAppChannel:
        """The WhatsApp channel over this dialogue, its inbox in this database."""
        from bot.channels.wa.channel import INBOX_RETENTION, build_channel
        from bot.channels.wa.inbox import StoredInbox

        inbox = StoredInbox(self.database.whatsapp_inbox)
        inbox.prune(self.clock.now() - INBOX_RETENTION)
        return build_channel(
            self.settings,
            handle=self.channel_handle("whatsapp"),
            users=self.database.users,
            clock=self.clock,
            inbox=inbox,
            status_listener=status_listener,
            outbox=self.database.outbox,
            on_throttled=self.metrics.messages_throttled.labels(channel="whatsapp").inc,
        )

    def telegram_channel(self) -> TelegramChannel:
        """The Telegram channel (long polling, or the webhook when TELEGRAM_WEBHOOK_URL is set)."""
        from bot.channels.tg import (
            TelegramChannel,
            TelegramOptions,
            UpdateInbox,
            build_application,
        )

        settings = self.settings
        inbox = UpdateInbox(self.database.telegram_inbox, self.clock)
        # SQLite takes one writer at a time: more threads would only wait for its lock.
        options = TelegramOptions(core_threads=1 if self.database.dialect == "sqlite" else 4)
        application = build_application(
            token=settings.telegram_bot_token or "",
            api_base_url=settings.telegram_api_base_url,
            handle=self.channel_handle("telegram"),
            command_names=self.dialogue.command_names,
            inbox=inbox,
            options=options,
            on_throttled=self.metrics.messages_throttled.labels(channel="telegram").inc,
        )
        return TelegramChannel(
            application,
            inbox=inbox,
            options=options,
            webhook_url=settings.telegram_webhook_url,
            webhook_secret=settings.telegram_webhook_secret,
        )

    def console_routes(self) -> list[BaseRoute]:
        """The curators' console (``/admin``), for the bot's HTTP server."""
        from bot.admin import build_console, console_routes

        console = build_console(
            self.settings,
            database=self.database,
            regions=self.regions,
            policy=self.policy,
            clock=self.clock,
        )
        return console_routes(console)

    # --- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        """Dispose the database if it was opened."""
        database = self.__dict__.get("database")
        if database is not None:
            database.dispose()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _WhenBuilt:
    """The app's knowledge base and answer engine as the question feature sees them: taken
    at each use, so that building the dialogue waits for neither."""

    def __init__(self, app: App) -> None:
        self._app = app

    def answer(self, question: str) -> Answer:
        """:meth:`AnswerEngine.answer`, once the engine is there."""
        return self._app.answers.answer(question)

    def get(self, entry_id: str) -> Entry | None:
        """:meth:`KnowledgeBase.get`."""
        return self._app.knowledge.get(entry_id)

    def recommendations(self) -> tuple[Entry, ...]:
        """:meth:`KnowledgeBase.recommendations`."""
        return self._app.knowledge.recommendations()


def build_app(settings: Settings, *, clock: Clock | None = None, answers_now: bool = True) -> App:
    """An :class:`App` with its database open and its dialogue built (what channels need),
    and its answer engine unless ``answers_now`` is False (then see :meth:`App.prepare_answers`).
    """
    app = App(settings, clock=clock)
    app.dialogue  # noqa: B018 - built now, so that a broken database fails at start
    if answers_now:
        app.answers  # noqa: B018 - and a broken knowledge base too; no question waits for it
    return app
