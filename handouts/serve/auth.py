"""Passwords, API tokens, signed session cookies and rate limits → small pure helpers.

Passwords are stored as ``scrypt$N$r$p$salt$hash`` (standard library ``hashlib.scrypt``, a
memory-hard KDF; no plain or reversible form is ever written). API tokens are random
(``secrets.token_urlsafe``) and stored as their SHA-256, compared in constant time. A session is
``user|expiry|hmac`` signed with a per-server random key, so a restart logs everyone out and no
secret is kept on disk. Nothing here knows about HTTP frameworks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from typing import Final

_N, _R, _P = 2**14, 8, 1
SESSION_SECONDS: Final = 8 * 3600  # one working day at the front desk


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str) -> str:
    """A new salted scrypt hash of ``password``.

    >>> h = hash_password("correct horse"); h.startswith("scrypt$") and verify_password("correct horse", h)
    True
    """
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Does ``password`` match the stored hash? A malformed hash never matches.

    >>> verify_password("x", "plain-text-password"), verify_password("x", hash_password("y"))
    (False, False)
    """
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = _unb64(digest)
        got = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return "sha256$" + hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored: str) -> bool:
    return hmac.compare_digest(hash_token(token).encode(), stored.encode())


class Sessions:
    """Signed, expiring session values (``user``) with a key that lives as long as the server."""

    def __init__(self, key: bytes | None = None, seconds: int = SESSION_SECONDS) -> None:
        self._key = key or secrets.token_bytes(32)
        self.seconds = seconds
        self._ended: dict[str, float] = {}  # signature → expiry of the sessions logged out

    def end(self, cookie: str | None, now: float | None = None) -> None:
        """Log a session out: its cookie is refused from now on, wherever a copy of it is."""
        t = now or time.time()
        if cookie is None or self.user(cookie, t) is None:
            return
        _, expiry, signature = cookie.split("|")
        self._ended = {s: e for s, e in self._ended.items() if e >= t}  # (the expired ones are refused anyway)
        self._ended[signature] = float(expiry)

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())

    def issue(self, user: str, now: float | None = None) -> str:
        payload = f"{_b64(user.encode())}|{int((now or time.time()) + self.seconds)}"
        return f"{payload}|{self._sign(payload)}"

    def user(self, cookie: str | None, now: float | None = None) -> str | None:
        """The user of a valid, unexpired cookie, else ``None``."""
        if not cookie or cookie.count("|") != 2 or not cookie.isascii():  # (compare_digest takes ASCII str only)
            return None
        name, expiry, signature = cookie.split("|")
        if not hmac.compare_digest(signature, self._sign(f"{name}|{expiry}")) or signature in self._ended:
            return None
        try:
            if int(expiry) < (now or time.time()):
                return None
            return _unb64(name).decode()
        except ValueError:
            return None


class RateLimit:
    """At most ``limit`` events per ``window`` seconds per key (client address), in memory."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> float:
        """Record one event; 0 when allowed, else the seconds to wait."""
        t = time.monotonic() if now is None else now
        with self._lock:
            q = self._events.setdefault(key, deque())
            while q and q[0] <= t - self.window:
                q.popleft()
            if len(q) >= self.limit:
                return max(0.001, q[0] + self.window - t)
            q.append(t)
            if len(self._events) > 10_000:  # bounded memory under a flood of addresses
                for k in [k for k, v in self._events.items() if not v][:5000]:
                    del self._events[k]
            return 0.0
