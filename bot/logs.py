"""How the program logs: plain text by default, JSON lines on request.

``SISTERBOT_LOG_FORMAT=json`` writes one JSON object per line (``time``, ``level``,
``logger``, ``message`` and the record's own fields, such as the per-update ``channel``,
``feature``, ``latency_ms`` and ``outcome``), for a log collector to read. Long-running
commands (``run``) log at INFO: one line per update, never a user, a chat, a phone number
or a message text.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The attributes every LogRecord has; anything else was passed with ``extra=``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message"}


class JsonLines(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


QUIET_LIBRARIES = (
    "alembic",
    "httpx",
    "httpcore",
    "apscheduler",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
)


def configure_logging(*, level: int, format_name: str) -> None:
    """Send every log record to stderr in the chosen format.

    Like :func:`logging.basicConfig`, it leaves a root logger that already has handlers
    alone (a host program's, or pytest's capture), so that nothing writes to a stream
    that is not ours.
    """
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()
    if format_name == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    # A server logs our one line per update at INFO; the libraries' INFO chatter (Alembic's
    # plugin set-up on every start, httpx's request lines) is not the operator's business.
    for noisy in QUIET_LIBRARIES:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
