"""Secrets kept out of every log line and every error the program prints.

:func:`install` runs at start, before anything logs: every log record, whoever creates
it (our code, httpx, python-telegram-bot, uvicorn) and whatever its level, has the
configured secret values, Bot API tokens (``bot<digits>:<token>``, as in the Bot API URLs
httpx logs at DEBUG and INFO) and URL passwords replaced by ``***`` in its message, its
traceback and its stack, before any handler formats it. :func:`redact` does the same for
the one-line errors printed on stderr.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

REDACTED = "***"
MIN_SECRET_LENGTH = 4  # shorter "secrets" would blank out ordinary words; patterns cover URLs
_PATTERNS = (
    # A Bot API token in a URL path (/bot123456:AA.../getMe) or anywhere else.
    (re.compile(r"\bbot\d+:[A-Za-z0-9_-]+"), "bot" + REDACTED),
    (re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}"), REDACTED),
    # user:password@ in a URL (the database's, a proxy's).
    (
        re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@", re.IGNORECASE),
        r"\1" + REDACTED + "@",
    ),
)

_lock = threading.Lock()
_secrets: tuple[str, ...] = ()
_original_factory: Any = None
_formatter = logging.Formatter()


def redact(text: str) -> str:
    """``text`` with every configured secret and every token-like pattern as ``***``."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def install(secrets: Iterable[str]) -> None:
    """Redact ``secrets`` (and the patterns) from every log record from now on.

    Calling it again replaces the secrets; the record factory is wrapped only once.
    """
    global _secrets, _original_factory
    with _lock:
        # Longest first: a secret that contains another is replaced whole.
        _secrets = tuple(
            sorted({s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True)
        )
        if _original_factory is None:
            _original_factory = logging.getLogRecordFactory()
            logging.setLogRecordFactory(_redacted_record)


def _redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record: logging.LogRecord = _original_factory(*args, **kwargs)
    try:
        message = record.getMessage()
    except Exception:  # a malformed call is logging's to report, not ours
        return record
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[0] is not None:
        # Formatters reuse exc_text when it is set: the traceback is formatted here, once.
        record.exc_text = redact(_formatter.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record
