"""The ``X-Hub-Signature-256`` check: HMAC-SHA256 of the raw body with the app secret.

pywa has ``pywa.utils.webhook_updates_validator`` doing the same, but it compares
``str`` values, and :func:`hmac.compare_digest` raises ``TypeError`` for non-ASCII
strings, so a hostile header would turn into a 500. This compares bytes.
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta sends for ``body``: ``sha256=<hex digest>``."""
    digest = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def signature_matches(body: bytes, header: str, app_secret: str) -> bool:
    """Whether ``header`` is the signature of exactly these bytes (constant time)."""
    expected = sign(body, app_secret).encode()
    given = header.strip().encode("utf-8", "replace")
    return hmac.compare_digest(expected, given)
