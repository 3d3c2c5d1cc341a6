"""ASGI middleware → the server's safety rules, applied to every request before any handler.

- the ``Host`` header must be one the server answers to (DNS rebinding: :class:`TrustedHosts`, around
  Starlette's ``TrustedHostMiddleware``, answering in JSON like every other error);
- unsafe methods from another site are refused (``Sec-Fetch-Site``, else ``Origin``), so no web page
  the clinic PC visits can post a print job (CSRF); cookies are also ``SameSite=Strict``;
- bodies over the limit are refused with 413 before they are read whole;
- a patient's name or notes in a URL are refused with 400 (they belong in POST bodies only);
- every response gets the security headers and, unless a handler says otherwise, ``no-store``;
- the access log names method, path (never the query string), status and time: no personal data.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Final
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("handouts.serve")

HEADERS: Final = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
HSTS: Final = "max-age=31536000"  # a year, as OWASP's secure-headers project recommends; sent over HTTPS only
PERSONAL_FIELDS: Final = frozenset({"patient", "notes"})
_UNSAFE: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def _plain(send: Send, status: int, text: str, extra: dict[str, str] | None = None) -> None:
    body = json.dumps({"error": text}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store")]  # fmt: skip
    headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _hsts(send: Send) -> Send:
    """``send`` with Strict-Transport-Security on every response: browsers keep to HTTPS from then on."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message).setdefault("strict-transport-security", HSTS)
        await send(message)

    return sending


BUSY = 64  # requests in flight at once: more are answered 503 (JSON, Retry-After) until some finish


class Guard:
    """Body limit, cross-site refusal, no personal data in URLs, security headers, quiet access log,
    and a limit on the requests in flight (:data:`BUSY`): over it, a JSON 503 with ``Retry-After``
    that an HIS can act on (uvicorn's own limit answered in plain text; it is only a backstop now)."""

    def __init__(self, app: ASGIApp, body_bytes: int, busy: int = BUSY) -> None:
        self.app = app
        self.body_bytes = body_bytes
        self.busy = busy
        self.inflight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("scheme") == "https":  # (--ssl-certfile): every answer, a refusal's too
            send = _hsts(send)
        started = time.perf_counter()
        method = scope["method"]
        headers = Headers(scope=scope)
        status_box = [0]
        query = scope.get("query_string", b"").decode("latin-1")
        if any(k.strip().lower() in PERSONAL_FIELDS for k, _ in parse_qsl(query, keep_blank_values=True)):
            # the URL (and so the server's and any proxy's log) already holds it: refuse, never use it
            await _plain(send, 400, "patient and notes are accepted only in a POST body, never in the URL")
            self._log(method, scope, 400, started)
            return
        if method in _UNSAFE and self._cross_site(headers, scope):
            await _plain(send, 403, "cross-site request refused")
            self._log(method, scope, 403, started)
            return
        length = headers.get("content-length")
        if length is not None and (not (length.isascii() and length.isdigit()) or int(length) > self.body_bytes):
            await _plain(send, 413, f"request body over {self.body_bytes // 1024} KB")
            self._log(method, scope, 413, started)
            return
        if self.inflight >= self.busy:
            await _plain(send, 503, "the server is busy: try again in a moment", {"retry-after": "1"})
            self._log(method, scope, 503, started)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.body_bytes:
                    raise _TooLargeError
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_box[0] = message["status"]
                h = MutableHeaders(scope=message)
                for k, v in HEADERS.items():
                    h.setdefault(k, v)
                h.setdefault("cache-control", "no-store")
            await send(message)

        self.inflight += 1
        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLargeError:
            await _plain(send, 413, f"request body over {self.body_bytes // 1024} KB")
            status_box[0] = 413
        finally:
            self.inflight -= 1
        self._log(method, scope, status_box[0], started)

    @staticmethod
    def _cross_site(headers: Headers, scope: Scope) -> bool:
        site = headers.get("sec-fetch-site")
        if site is not None:
            return site not in ("same-origin", "none")
        origin = headers.get("origin")
        if origin is None:
            return False  # not a browser form post (curl, an HIS): authenticated by token where needed
        host = headers.get("host", "")
        scheme = scope.get("scheme", "http")
        return origin in ("null", "") or origin.rstrip("/") != f"{scheme}://{host}"

    @staticmethod
    def _log(method: str, scope: Scope, status: int, started: float) -> None:
        log.info("%s %s %d %.0f ms", method, scope.get("path", ""), status, (time.perf_counter() - started) * 1000)


class _TooLargeError(Exception):
    pass


class TrustedHosts:
    """Starlette's ``Host`` check (DNS rebinding), answering a refusal as every other error: JSON.

    ``TrustedHostMiddleware`` decides (its parsing of IPv6 literals and ports is kept); its own
    plain-text answer is replaced by the server's."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        self.app = app
        self.check = TrustedHostMiddleware(self._passed, allowed_hosts=allowed_hosts, www_redirect=False)

    @staticmethod
    async def _passed(scope: Scope, receive: Receive, send: Send) -> None:
        scope["handouts.host_ok"] = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        probe = dict(scope)

        async def swallow(message: Message) -> None:  # (Starlette's 'Invalid host header' text)
            pass

        await self.check(probe, receive, swallow)
        if probe.get("handouts.host_ok"):
            await self.app(scope, receive, send)
        else:
            await _plain(send, 400, "unknown Host header: open the server by the address it printed "
                                    "(a --lan server's other names go in [serve] allowed_hosts)")  # fmt: skip
