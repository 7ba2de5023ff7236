"""Sign-in without passwords: one-time links, signed session cookies, CSRF, rate limits.

* A link carries a random token; only its SHA-256 is stored, with the admin it was made
  for and an expiry ten minutes later. Signing in consumes it (one conditional UPDATE), so
  a used, expired or unknown link is refused.
* The session is a cookie holding ``admin``, an expiry and the session's CSRF token,
  signed with HMAC-SHA256 (key: ``SISTERBOT_SECRET_KEY``, else one generated once and kept
  in the database); HttpOnly, SameSite=Strict, Secure behind https.
* Every form carries the session's CSRF token in a hidden field, compared in constant time.
* The role is checked on every request against the current ``SISTERBOT_ADMINS``: a session
  of someone who is no longer an admin is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.core.console import LINK_MINUTES
from bot.storage.console_repos import SqlSignInTokens

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.storage.database import Database

SESSION_COOKIE = "sisterbot_console"
SESSION_HOURS = 8
SIGN_IN_ATTEMPTS = 10  # per client address and window
SIGN_IN_WINDOW_SECONDS = 300


def token_hash(token: str) -> str:
    """The stored form of a sign-in token."""
    return hashlib.sha256(token.encode()).hexdigest()


class ConsoleLinks:
    """One-time sign-in links (:class:`~bot.core.console.SignInLinks`)."""

    def __init__(self, tokens: SqlSignInTokens, base_url: str) -> None:
        self._tokens = tokens
        self._base_url = base_url.rstrip("/")

    def issue(self, admin: str, now: datetime) -> str:
        """A link for ``admin``, valid for ten minutes, usable once."""
        token = secrets.token_urlsafe(32)
        self._tokens.store(
            token_hash(token),
            admin,
            created_at=now,
            expires_at=now + timedelta(minutes=LINK_MINUTES),
        )
        return f"{self._base_url}/admin/masuk?t={token}"

    def redeem(self, token: str, now: datetime) -> str | None:
        """The admin the token was made for, if it is valid now (it is then used up)."""
        if not token or len(token) > 200:
            return None
        return self._tokens.consume(token_hash(token), now)


def console_links(settings: Settings, database: Database) -> ConsoleLinks:
    """The one-time sign-in links (for ``/masuk`` and ``sisterbot admin link``)."""
    return ConsoleLinks(SqlSignInTokens(database.sessions), settings.console_url)


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """A signed-in admin."""

    admin: str
    expires: int  # Unix seconds
    csrf: str


class SessionCodec:
    """Signs and checks session cookies."""

    def __init__(self, key: str) -> None:
        self._key = hashlib.sha256(("sisterbot console session:" + key).encode()).digest()

    def _sign(self, body: bytes) -> str:
        return hmac.new(self._key, body, hashlib.sha256).hexdigest()

    def new(self, admin: str, now: datetime) -> Session:
        """A fresh session for ``admin``."""
        expires = int((now + timedelta(hours=SESSION_HOURS)).timestamp())
        return Session(admin=admin, expires=expires, csrf=secrets.token_urlsafe(24))

    def encode(self, session: Session) -> str:
        """The cookie value."""
        payload = json.dumps({"a": session.admin, "e": session.expires, "c": session.csrf})
        body = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
        return f"{body}.{self._sign(body.encode())}"

    def decode(self, value: str | None, now: datetime) -> Session | None:
        """The session in a cookie, or None when absent, forged, malformed or expired."""
        if not value or len(value) > 2000 or "." not in value:
            return None
        body, _, signature = value.rpartition(".")
        if not hmac.compare_digest(signature, self._sign(body.encode())):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            session = Session(admin=str(data["a"]), expires=int(data["e"]), csrf=str(data["c"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.expires > now.timestamp() else None


def csrf_ok(session: Session, submitted: object) -> bool:
    """Whether a form's CSRF field matches the session's token."""
    return isinstance(submitted, str) and hmac.compare_digest(submitted, session.csrf)


class AttemptLimiter:
    """At most ``limit`` attempts per key in a sliding window (in memory, per process)."""

    def __init__(
        self, limit: int = SIGN_IN_ATTEMPTS, window_seconds: float = SIGN_IN_WINDOW_SECONDS
    ) -> None:
        self._limit = limit
        self._window = window_seconds
        self._attempts: dict[str, deque[float]] = {}

    def allow(self, key: str, now: float) -> bool:
        """Record an attempt; False when the key has used up its window."""
        attempts = self._attempts.setdefault(key, deque())
        while attempts and attempts[0] <= now - self._window:
            attempts.popleft()
        if len(attempts) >= self._limit:
            return False
        attempts.append(now)
        if len(self._attempts) > 10_000:  # forget idle keys rather than grow without bound
            for stale in [k for k, v in self._attempts.items() if not v]:
                del self._attempts[stale]
        return True
