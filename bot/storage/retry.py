"""Run a unit of work in a transaction, retrying when the database blinks.

A PostgreSQL restart, a dropped connection or a locked SQLite file raise
``OperationalError`` (or a ``DBAPIError`` flagged as a disconnect). Such a failure is
retried a few times with a short backoff: always for idempotent work (reads, upserts
by key), and for other work only when it failed before the commit was sent, so a
retried insert can never be written twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

T = TypeVar("T")

BACKOFF_SECONDS = (0.05, 0.2, 0.5, 1.0, 2.0)


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` is worth retrying: a lost connection or a busy database."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


class _CommitFailed(Exception):
    """Wraps an error raised by the commit itself (the outcome is unknown)."""


def run_in_transaction(
    sessions: sessionmaker[Session],
    work: Callable[[Session], T],
    *,
    idempotent: bool = True,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``work(session)`` in a fresh session and commit; retry transient failures."""
    attempts = len(BACKOFF_SECONDS) + 1
    for attempt in range(attempts):
        try:
            with sessions() as session:
                result = work(session)
                try:
                    session.commit()
                except Exception as error:
                    raise _CommitFailed from error
                return result
        except _CommitFailed as wrapped:
            cause = wrapped.__cause__ or wrapped
            if not (idempotent and is_transient(cause)) or attempt == attempts - 1:
                raise cause from None
            _wait(cause, attempt, sleep)
        except Exception as error:
            if not is_transient(error) or attempt == attempts - 1:
                raise
            _wait(error, attempt, sleep)
    raise AssertionError("unreachable")  # pragma: no cover


def _wait(error: BaseException, attempt: int, sleep: Callable[[float], None]) -> None:
    delay = BACKOFF_SECONDS[attempt]
    log.warning("database unavailable (%s); retrying in %.2fs", type(error).__name__, delay)
    sleep(delay)
